"""Rules for periods longer than a month: quarters ("the third quarter", "Q3 2025", "the
year-ago quarter"), seasons, years, decades and centuries."""

from __future__ import annotations

import re
from datetime import date

from pipeline.model import TimeValue
from pipeline.timex.rules.base import Context
from pipeline.timex.tense import Tense
from pipeline.timex.values import (
    century_value,
    decade_value,
    quarter_of,
    quarter_value,
    season_of,
    season_value,
    shift_quarters,
    year_value,
)
from pipeline.timex.vocabulary import (
    ORDINAL_WORDS,
    ORDINALS,
    SEASON_START,
    SEASONS,
    UNIT_SHIFT,
    YEAR_RE,
)

YEAR_END = r"(?:the )?year end"


def year_end(m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context) -> TimeValue | None:
    """ "by year-end": this year (TIMEX3 keeps the year and marks the end as a modifier)."""
    return year_value(anchor.year, "relative") if anchor else None


def _ordinal_quarter(
    q: int, year: str | None, yrel: str | None, anchor: date | None, tense: Tense
) -> TimeValue:
    if year:
        return quarter_value(int(year), q, "explicit")
    assert anchor is not None
    if yrel:
        return quarter_value(anchor.year + {"this": 0, "last": -1, "next": 1}[yrel], q, "relative")
    # A quarter that has not begun yet, told in the past tense, is last year's.
    if tense == "past" and q > quarter_of(anchor):
        return quarter_value(anchor.year - 1, q, "relative")
    return quarter_value(anchor.year, q, "relative")


QUARTER_RULE = (
    r"(?:the )?(?:(?P<yrel>this|last|next) year )?(?:fiscal )?"
    r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th) (?:fiscal )?(?:quarter|qtr)"
    rf"(?: (?:of )?(?:fiscal )?(?:{YEAR_RE}|(?P<yrel2>this|last|next) year))?"
    rf"|q(?P<q>[1-4])(?: {YEAR_RE.replace('year', 'qyear')})?"
    rf"|{YEAR_RE.replace('year', 'qyear2')} q(?P<q2>[1-4])"
    rf"|(?:the )?(?:fiscal )?{YEAR_RE.replace('year', 'qyear3')} (?:fiscal )?"
    r"(?:(?P<ord2>first|second|third|fourth) )?quarter"
    r"|(?:the )?(?:comparable |corresponding |same )?(?P<ago>year (?:ago|earlier)|last year) "
    r"(?:(?P<ord3>first|second|third|fourth) )?(?P<kind>quarter|period)"
)


def quarter_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """ "the third quarter", "Q3 2025", "the 1988 second quarter", "the year-ago quarter"."""
    if m["ord"]:
        q, year, yrel = ORDINALS[m["ord"]], m["year"], m["yrel"] or m["yrel2"]
    elif m["qyear3"]:
        named_quarter = _quarter_of_year(m["ord2"], anchor)
        if named_quarter is None:
            return None
        q, year, yrel = named_quarter, m["qyear3"], None
    elif m["ago"]:
        return _year_ago_quarter(m, anchor, tense, ctx)
    else:
        q, year, yrel = int(m["q"] or m["q2"]), m["qyear"] or m["qyear2"], None
    if not year and anchor is None:
        return None
    return _ordinal_quarter(q, year, yrel, anchor, tense)


def _quarter_of_year(ordinal: str | None, anchor: date | None) -> int | None:
    """The quarter of "the 1988 second quarter"; of "the 1988 quarter", the one the news
    reports on (the last one completed before the anchor); None without an anchor."""
    if ordinal:
        return ORDINALS[ordinal]
    if anchor is not None:  # "the 1988 quarter": that year's quarter the news reports on
        return shift_quarters(anchor.year, quarter_of(anchor), -1)[1]
    return None


def _year_ago_quarter(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """ "the year-ago (third) quarter": the quarter the sentence is about, a year before; "the
    year-ago period" of a sentence that names no quarter is last year."""
    if anchor is None:
        return None
    if m["ord3"]:
        return quarter_value(anchor.year - 1, ORDINALS[m["ord3"]], "relative")
    named = quarter_in_context(ctx.sentence, anchor, tense)
    if named is None and m["kind"] == "period":
        return year_value(anchor.year - 1, "relative")
    year_of, quarter = named or shift_quarters(anchor.year, quarter_of(anchor), -1)
    return quarter_value(year_of - 1, quarter, "relative")


_QUARTER_IN_CONTEXT = re.compile(
    r"\b(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter"
    r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>\d{4}))?"
    r"|(?P<latest>the (?:latest |most recent )?quarter)\b)",
    re.IGNORECASE,
)


def quarter_in_context(sentence: str, anchor: date, tense: Tense) -> tuple[int, int] | None:
    """The quarter a financial sentence is about, if it names one: "the third quarter", or
    "the (latest) quarter" (the last one completed)."""
    m = _QUARTER_IN_CONTEXT.search(sentence)
    if m is None:
        return None
    if m["ord"]:
        value = _ordinal_quarter(ORDINALS[m["ord"].lower()], m["year"], None, anchor, tense)
        year, quarter = value.value.split("-Q")
        return int(year), int(quarter)
    return shift_quarters(anchor.year, quarter_of(anchor), -1)


SEASON_RULE = (
    r"(?:the )?(?:(?P<rel>last|this|this past|this coming|next|past|coming|previous) )?"
    r"(?P<season>spring|summer|autumn|fall|winter)"
    rf"(?: (?:of )?(?:{YEAR_RE}|(?P<yrel>this|last|next) year))?"
    rf"|{YEAR_RE.replace('year', 'year2')} (?P<season2>spring|summer|autumn|fall|winter)"
)


def season_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    season = SEASONS[m["season"] or m["season2"]]
    year = m["year"] or m["year2"]
    if year:
        return season_value(int(year), season, "explicit")
    if anchor is None:
        return None
    if m["yrel"]:
        return season_value(
            anchor.year + {"this": 0, "last": -1, "next": 1}[m["yrel"]], season, "relative"
        )
    return season_value(_season_year(season, m["rel"], anchor, tense), season, "relative")


def _season_year(season: str, rel: str | None, anchor: date, tense: Tense) -> int:
    """The year of the season a relation word ("last", "next", "this") or, without one, the
    tense points to; the season under way is this one."""
    current_year, current = season_of(anchor)
    start_of = lambda y: date(y, SEASON_START[season], 1)  # noqa: E731
    if rel in ("last", "past", "previous", "this past"):
        # the most recent such season that has begun, not the one we are in
        y = max(y for y in (anchor.year - 2, anchor.year - 1, anchor.year) if start_of(y) <= anchor)
        if (y, season) == (current_year, current):
            y -= 1
    elif rel in ("next", "coming", "this coming"):
        y = min(y for y in (anchor.year, anchor.year + 1) if start_of(y) > anchor)
    elif rel == "this" or season == current:
        y = current_year if season == current else anchor.year
    elif tense == "past":
        y = max(y for y in (anchor.year - 2, anchor.year - 1, anchor.year) if start_of(y) <= anchor)
    else:
        y = anchor.year
    return y


YEAR_RULE = (
    r"(?:the )?(?:(?:fiscal|financial|calendar|budget|tax|model|school|academic)(?: year)? "
    rf"|fy ?|year )?{YEAR_RE}"
    r"(?: (?:period|fiscal year|financial year|year|season|levels?|figures?|results?))?"
    r"|(?:the )?(?:fiscal|financial|budget) year"
)


def year_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    if m["year"]:
        return year_value(int(m["year"]), "explicit")
    return year_value(anchor.year, "relative") if anchor else None


TWO_DIGIT_YEAR = r"(?:fiscal |fy ?)(?P<yy>\d{2})|'(?P<yy2>\d{2})"


def two_digit_year(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """ "fiscal '99", "'98": the year of that ending nearest the anchor."""
    if anchor is None:
        return None
    yy = int(m["yy"] or m["yy2"])
    century = anchor.year // 100 * 100
    year = min(
        (century - 100 + yy, century + yy, century + 100 + yy), key=lambda y: abs(y - anchor.year)
    )
    return year_value(year, "relative")


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

DECADE_RULE = (
    r"(?:the )?(?P<decade>1\d{2}|20\d)0 ?'?s|(?:the )?'(?P<short>\d)0s"
    r"|(?:the )?(?P<nineteen>nineteen )?(?P<word>twenties|thirties|forties|fifties|sixties|"
    r"seventies|eighties|nineties)"
)


def decade_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """ "the 1980s" (explicit); "the '80s", "the eighties" (the latest such decade)."""
    if m["decade"]:
        return decade_value(int(m["decade"]), "explicit")
    if m["nineteen"]:
        return decade_value(190 + _DECADE_WORDS[m["word"]], "explicit")
    if anchor is None:
        return None
    short = int(m["short"]) if m["short"] else _DECADE_WORDS[m["word"]]
    decade = anchor.year // 100 * 10 + short
    if decade * 10 > anchor.year:
        decade -= 10
    return decade_value(decade, "relative")


CENTURY_RULE = (
    r"(?:the )?(?:(?P<num>\d{1,2})(?:st|nd|rd|th)|(?P<word>"
    + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
    + r")) century|(?:the )?(?P<rel>this|last|next|past|previous) century"
)


def century_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    if m["rel"]:
        if anchor is None:
            return None
        return century_value(anchor.year // 100 + UNIT_SHIFT.get(m["rel"], 0), "relative")
    n = int(m["num"]) if m["num"] else ORDINAL_WORDS[m["word"]]
    return century_value(n - 1, "explicit") if 1 <= n <= 22 else None
