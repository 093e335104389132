"""Temporal expressions: find them in a parsed article, normalize them, and date events.

News dates are mostly relative to the publication date ("on Friday", "last month"), so every
expression is normalized against an anchor (the publication date) into a TIMEX3-style value
with a precision and the range of days it covers. Precompiled news rules run first;
dateparser is the fallback for the long tail of explicit formats. Its known pitfalls (missing
fields copied from the base date, "the 19th" in the future, a weekday equal to the anchor's
sent to the week before) are exactly what the rules cover, so it never sees those forms.

`event_date` then picks, for one event trigger, the expression that governs its clause, a
nearby one, or an honest publication-date fallback, and records how the date was found.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import logging
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from pipeline.model import UNKNOWN_TIME, DateMethod, Precision, TimeValue, TimexMention

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

Tense = Literal["past", "future"] | None

__all__ = ["event_date", "find_timexes", "normalize"]

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
# Full weekday names only in text search: "Sun" and "Sat" are too often something else.
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
}  # fmt: skip

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty first": 21, "twenty second": 22,
}  # fmt: skip


_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip


def _two_digit_words(words: list[str]) -> int | None:
    """ "ninety six" -> 96, "eleven" -> 11, "oh five" -> 5; None when not a number below 100."""
    if not words:
        return 0
    if words[0] in ("oh", "o") and len(words) == 2 and words[1] in _UNITS:
        return _UNITS[words[1]]
    if len(words) == 1:
        return _UNITS.get(words[0], _TENS.get(words[0]))
    if len(words) == 2 and words[0] in _TENS and words[1] in _UNITS and _UNITS[words[1]] < 10:
        return _TENS[words[0]] + _UNITS[words[1]]
    return None


SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# First month of each season; winter starts in December and belongs to that December's year.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

# Single words and fixed phrases that only place a time before, at or after the anchor.
REFERENCES = {
    "PRESENT_REF": (
        "now", "right now", "just now", "currently", "current", "at present", "presently",
        "nowadays", "these days", "at the moment", "the moment", "the present", "present",
        "already", "at this time", "this time", "today's",
    ),
    "PAST_REF": (
        "recently", "recent", "lately", "previously", "formerly", "the past", "past",
        "in the past", "once", "earlier", "before", "recent years", "recent months",
        "recent weeks", "recent days", "the recent past", "years past", "in recent years",
        "former times", "the old days", "in those days", "those days",
    ),
    "FUTURE_REF": (
        "the future", "future", "soon", "shortly", "eventually", "later", "the near future",
        "the coming days", "the coming weeks", "the coming months", "the coming years",
        "coming days", "coming weeks", "coming months", "coming years", "the days ahead",
        "the weeks ahead", "the months ahead", "the years ahead", "someday", "one day",
    ),
}  # fmt: skip
REFERENCE_OF = {phrase: ref for ref, phrases in REFERENCES.items() for phrase in phrases}

# Words that put the clause around an expression in the future or the past. The nearest one
# to the expression decides; the clause ends at punctuation and at conjunctions.
FUTURE_WORDS = frozenset(
    {"will", "shall", "'ll", "wo", "won't", "would", "going", "plan", "plans", "planning",
     "scheduled", "schedule", "expect", "expects", "expected", "intend", "intends", "due",
     "upcoming", "aim", "aims", "hope", "hopes", "prepare", "prepares", "preparing", "set",
     "until", "till", "soon", "deadline", "postponed", "delayed", "adjourned", "planned"}
)  # fmt: skip
# Words that only mean the future when "to" follows ("set to", "due to", "going to").
NEEDS_TO = frozenset(
    {"set", "due", "going", "plan", "plans", "expect", "hope", "aim", "aims", "is",
     "are", "was", "were", "agreed", "agree", "decided", "promised", "vowed", "ready"}
)  # fmt: skip
PAST_WORDS = frozenset(
    {"was", "were", "had", "did", "ago", "said", "told", "met", "held", "made", "took", "went",
     "came", "gave", "began", "saw", "left", "won", "lost", "sent", "spoke", "wrote", "rose",
     "fell", "paid", "sold", "brought", "struck", "led", "fled", "fought", "became", "got",
     "thought", "knew", "found", "kept", "ran", "stood", "flew", "drove", "built", "hit",
     "quit", "shot", "has", "have", "hasn't", "haven't"}
)  # fmt: skip
# Words ending in -ed that are not past tenses.
NOT_PAST = frozenset({"indeed", "speed", "proceed", "exceed", "succeed", "hundred", "breed"})
CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "--", "\"", "``", "''", "(", ")", "that", "which", "who", "when", "while",
     "but", "because", "although", "if", "where", "whereas", "and"}
)  # fmt: skip

_MONTH_RE = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_MONTH_ANY = _MONTH_RE.replace("(?P<month>", "(?:")
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>1\d{3}|20\d{2}|21\d{2})"
_WEEKDAY_RE = (
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|"
    r"thurs|thu|fri|sat|sun)\.?"
)
_NUMBER_RE = r"(?P<n>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT_RE = r"(?P<unit>day|week|month|quarter|year|decade|century|centurie)s?"

# ---------------------------------------------------------------------------------------------
# Value builders
# ---------------------------------------------------------------------------------------------


def _value(
    value: str, precision: Precision, start: date | None, end: date | None, method: DateMethod
) -> TimeValue:
    return TimeValue(value=value, precision=precision, start=start, end=end, method=method)


def _day(d: date, method: DateMethod) -> TimeValue:
    return _value(d.isoformat(), "day", d, d, method)


def _week(d: date, method: DateMethod, weekend: bool = False) -> TimeValue:
    iso_year, iso_week, weekday = d.isocalendar()
    monday = d - timedelta(days=weekday - 1)
    if weekend:
        return _value(
            f"{iso_year}-W{iso_week:02d}-WE",
            "week",
            monday + timedelta(days=5),
            monday + timedelta(days=6),
            method,
        )
    return _value(f"{iso_year}-W{iso_week:02d}", "week", monday, monday + timedelta(days=6), method)


def _month(year: int, month: int, method: DateMethod) -> TimeValue:
    last = calendar.monthrange(year, month)[1]
    return _value(
        f"{year}-{month:02d}", "month", date(year, month, 1), date(year, month, last), method
    )


def _quarter(year: int, quarter: int, method: DateMethod) -> TimeValue:
    first = 3 * (quarter - 1) + 1
    last_day = calendar.monthrange(year, first + 2)[1]
    return _value(
        f"{year}-Q{quarter}",
        "quarter",
        date(year, first, 1),
        date(year, first + 2, last_day),
        method,
    )


def _season(year: int, season: str, method: DateMethod) -> TimeValue:
    first = SEASON_START[season]
    start = date(year, first, 1)
    end_year, end_month = (year + 1, 2) if season == "WI" else (year, first + 2)
    end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return _value(f"{year}-{season}", "season", start, end, method)


def _year(year: int, method: DateMethod) -> TimeValue:
    return _value(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31), method)


def _decade(decade: int, method: DateMethod) -> TimeValue:
    """decade: the first three digits of its years (198 for the 1980s)."""
    return _value(
        f"{decade:03d}", "decade", date(decade * 10, 1, 1), date(decade * 10 + 9, 12, 31), method
    )


def _century(century: int, method: DateMethod) -> TimeValue:
    """century: the first two digits of its years (19 for the twentieth century)."""
    start_year = max(century * 100, 1)
    return _value(
        f"{century:02d}",
        "century",
        date(start_year, 1, 1),
        date(century * 100 + 99, 12, 31),
        method,
    )


def _reference(ref: str) -> TimeValue:
    return _value(ref, "ref", None, None, "relative")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _shift_quarters(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def _season_of(d: date) -> tuple[int, str]:
    """The season containing d, with the year it started in (January is last year's winter)."""
    if d.month == 12:
        return d.year, "WI"
    if d.month <= 2:
        return d.year - 1, "WI"
    for season, first in SEASON_START.items():
        if first <= d.month < first + 3:
            return d.year, season
    raise AssertionError("unreachable: every month belongs to a season")


# ---------------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------------

_LEADING_PREPOSITION = re.compile(
    r"^(?:on|in|at|during|since|until|till|by|from|of|for|through|throughout|over|as of|"
    r"as early as|as late as|starting|beginning|between|around|about|circa|ca\.)\s+"
)
_APPROXIMATOR = re.compile(
    r"^(?:nearly|almost|about|some|around|roughly|approximately|more than|less than|over|"
    r"under|just|only|at least|at most|barely|fully|exactly|precisely)\s+"
)
_MODIFIER = re.compile(
    r"^(?:the )?(?P<mod>early|earlier|late|later|mid|middle|pre|post|the middle of|the end of|"
    r"the beginning of|the start of|the close of|end of|beginning of|start of|middle of|"
    r"the turn of|turn of|the latter part of|the early part of|latter part of|early part of|"
    r"a good part of|much of|most of|all of|the rest of|the remainder of|so far|so far in|"
    r"(?:the )?(?:first|second|last|latter) half of)\s+"
)
_HEDGE_SUFFIX = re.compile(
    r"\s+(?:or so|and beyond|or later|or earlier|or before|or after|at the latest|"
    r"at the earliest|and after|onwards?|on)$"
)
_POSSESSOR = re.compile(r"^(?:its|their|his|her|our|your|my)\s+")
# Times of day never change the date: "Wednesday night", "9 a.m. EST Tuesday", "May 3 at 10:00".
_TIME_OF_DAY = re.compile(
    r"(?:\s+(?:morning|afternoon|evening|night|noon|midnight|overnight|midday|"
    r"at (?:noon|midnight|dawn|dusk)|at \d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,4}t)?))+$"
)
_TIME_PREFIX = re.compile(
    r"^\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)(?:\s+(?:[a-z]{2,4}t|local time|gmt|utc))?,?\s*"
)


_SPOKEN_YEAR = re.compile(
    r"\b(?P<head>nineteen|twenty|two thousand)(?: and)?"
    r"(?P<tail>(?: (?:oh|o|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety)){0,2})\b"
)
_SPOKEN_ORDINAL_DAY = re.compile(
    rf"\b{_MONTH_RE} (?P<ordinal>(?:twenty |thirty )?(?:first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth|thirtieth))\b"
)


def _spoken_year(m: re.Match[str]) -> str:
    """ "nineteen ninety four" -> "1994", "the year two thousand" -> "2000"; else unchanged."""
    words = m["tail"].split()
    tail = _two_digit_words(words)
    head = m["head"]
    if tail is None or (head != "two thousand" and not words):
        return m.group(0)
    if head == "twenty" and tail < 10 and words[0] not in ("oh", "o"):
        return m.group(0)  # "twenty five": a number, not 2005
    base = 1900 if head == "nineteen" else 2000
    return str(base + tail)


def _spoken_day(m: re.Match[str]) -> str:
    words = m["ordinal"].split()
    day = _ORDINAL_WORDS.get(words[-1], 0) + (_TENS.get(words[0], 0) if len(words) == 2 else 0)
    if words[-1] in ("twentieth", "thirtieth"):
        day = 20 if words[-1] == "twentieth" else 30
    return f"{m['month']} {day}"


def _clean(expression: str) -> str:
    """Lower-case and strip what never changes the date: quotes, brackets, possessives,
    hyphens, hedges ("or so"); spell spoken years and days as digits."""
    s = expression.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    s = re.sub(r"[\"`()\[\]]", " ", s)
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", s)  # third-quarter, mid-1990s, late-november
    s = re.sub(r"\s+", " ", s).strip(" ,;:!?")
    if s.endswith(".") and not re.search(rf"\b{_MONTH_RE}$", s):
        s = s[:-1].strip()
    if "nineteen" in s or "twenty" in s or "thousand" in s:
        s = _SPOKEN_YEAR.sub(_spoken_year, s)
    s = _SPOKEN_ORDINAL_DAY.sub(_spoken_day, s)
    s = _HEDGE_SUFFIX.sub("", s)
    return _POSSESSOR.sub("the ", s)


# ---------------------------------------------------------------------------------------------
# Rules. Each takes (match, anchor, tense, context) and returns a TimeValue or None.
# ---------------------------------------------------------------------------------------------


class _Context(NamedTuple):
    """The sentence around an expression, and the part of it before the expression."""

    sentence: str = ""
    before: str = ""


Rule = Callable[[re.Match[str], date | None, Tense, _Context], TimeValue | None]
_RULES: list[tuple[re.Pattern[str], Rule]] = []


def _rule(pattern: str) -> Callable[[Rule], Rule]:
    compiled = re.compile(rf"^(?:{pattern})$")

    def register(func: Rule) -> Rule:
        _RULES.append((compiled, func))
        return func

    return register


@_rule(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
def _iso_day(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    d = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    return _day(d, "explicit") if d else None


@_rule(r"(?P<year>\d{4})-w(?P<week>\d{1,2})")
def _iso_week(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    try:
        monday = date.fromisocalendar(int(m["year"]), int(m["week"]), 1)
    except ValueError:
        return None
    return _week(monday, "explicit")


@_rule(r"(?P<year>\d{4})-(?P<month>\d{2})")
def _iso_month(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    month = int(m["month"])
    return _month(int(m["year"]), month, "explicit") if 1 <= month <= 12 else None


_VAGUE_PERIOD = (
    r"(?:few |several |many |some |\d+ |two |three )?(?:days|weeks|months|years|quarters|decades)"
)


@_rule(r".+")
def _fixed_reference(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "now", "recently", "the future" ... and vague spans: "the past few months" (PAST_REF),
    "the coming years" (FUTURE_REF)."""
    if anchor is None:
        return None
    ref = REFERENCE_OF.get(m.group(0))
    if ref is None and (vague := _VAGUE_REFERENCE.fullmatch(m.group(0))) is not None:
        ref = "PAST_REF" if vague["past"] or vague["past2"] else "FUTURE_REF"
    return _reference(ref) if ref else None


_VAGUE_REFERENCE = re.compile(
    rf"(?:the )?(?:(?P<past>past|last|recent|previous|more recent|in recent|over the past)"
    rf"|(?:coming|next|future|upcoming|following)) {_VAGUE_PERIOD}(?: and {_VAGUE_PERIOD})?"
    r"|(?:the )?(?P<future>near|short|long|medium) term|a later date|as soon as possible"
    r"|(?P<past2>more recently|until recently|most recently)"
)


_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2, "earlier today": 0, "later today": 0, "today and tomorrow": 0,
    "overnight": 0,
}  # fmt: skip


@_rule("|".join(re.escape(w) for w in sorted(_DAY_WORDS, key=len, reverse=True)))
def _day_word(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    if anchor is None:
        return None
    return _day(anchor + timedelta(days=_DAY_WORDS[m.group(0)]), "relative")


# How far (days) a month or a day without a year may lie on the side the tense rules out
# before the other year is taken: tense read from a sentence is a weak hint for a day
# ("declared a dividend payable Dec. 15"), a stronger one for a whole month.
DAY_SLACK = 90
MONTH_SLACK = 20


def _explicit_or_year_from_anchor(
    month: int, day: int | None, year: str | None, anchor: date | None, tense: Tense
) -> TimeValue | None:
    """A month (and day) with its own year, or the year that places it nearest the anchor in the
    direction the tense points."""
    if year:
        if day is None:
            return _month(int(year), month, "explicit")
        d = _safe_date(int(year), month, day)
        return _day(d, "explicit") if d else None
    if anchor is None:
        return None
    if day is None:
        target_year = _nearest_year(anchor, tense, lambda y: date(y, month, 15), MONTH_SLACK)
        return _month(target_year, month, "relative")
    if _safe_date(2000, month, day) is None:  # leap day handled by year choice below
        return None
    target_year = _nearest_year(
        anchor, tense, lambda y: _safe_date(y, month, day) or date(y, month, 28), DAY_SLACK
    )
    d = _safe_date(target_year, month, day)
    return _day(d, "relative") if d else None


def _nearest_year(anchor: date, tense: Tense, at: Callable[[int], date], slack: int) -> int:
    """The year y for which at(y) is the most plausible reading relative to the anchor: the
    nearest to it, unless that lies more than `slack` days on the side the tense rules out
    (past tense: after the anchor; future tense: before it)."""
    candidates = sorted(
        (anchor.year - 1, anchor.year, anchor.year + 1),
        key=lambda y: (abs((at(y) - anchor).days), -y),
    )
    for year in candidates:
        offset = (at(year) - anchor).days
        if (tense == "past" and offset > slack) or (tense == "future" and offset < -slack):
            continue
        return year
    return candidates[0]


def _day_of_month(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """A day and month in either order ("Sept. 3", "3 September"), the year if written."""
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    return _explicit_or_year_from_anchor(MONTHS[m["month"]], day, m["year"], anchor, tense)


_rule(rf"(?:{_WEEKDAY_RE},? )?{_MONTH_RE},? {_DAY_RE}(?:,? {_YEAR_RE})?")(_day_of_month)
_rule(rf"(?:{_WEEKDAY_RE},? )?(?:the )?{_DAY_RE} (?:of )?{_MONTH_RE},?(?: {_YEAR_RE})?")(
    _day_of_month
)


@_rule(
    rf"(?:(?P<rel>last|next|this|past|coming|previous) )?{_MONTH_RE}"
    rf"(?:,? (?:of )?(?:{_YEAR_RE}|(?P<yrel>this|last|next|the previous|the following) year))?"
)
def _month_name(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "October 1954", "last April", "June last year", "in September" (by tense)."""
    month = MONTHS[m["month"]]
    if m["year"]:
        return _month(int(m["year"]), month, "explicit")
    if anchor is None:
        return None
    rel, yrel = m["rel"], m["yrel"]
    if yrel:  # "June last year", "January of the following year"
        year = anchor.year + {"this": 0, "last": -1, "the previous": -1}.get(yrel, 1)
    elif rel in ("last", "past", "previous"):  # the most recent one before this month
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel in ("next", "coming"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        return _explicit_or_year_from_anchor(month, None, None, anchor, tense)
    return _month(year, month, "relative")


@_rule(rf"the {_DAY_RE}")
def _day_of_month(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "the 19th": this month's, unless that lies on the wrong side of the anchor for the tense."""
    day = int(m["day"])
    if anchor is None or not 1 <= day <= 31:
        return None
    candidates = [
        d
        for delta in (-1, 0, 1)
        if (d := _safe_date(*_shift_months(anchor.year, anchor.month, delta), day)) is not None
    ]
    if tense == "past":
        candidates = [d for d in candidates if d <= anchor] or candidates
    elif tense == "future":
        candidates = [d for d in candidates if d >= anchor] or candidates
    best = min(candidates, key=lambda d: abs((d - anchor).days))
    return _day(best, "relative")


@_rule(
    rf"(?:(?P<rel>last|next|this|coming|past|previous|earlier|later) )?{_WEEKDAY_RE}"
    rf"(?:,? (?P<rest>{_MONTH_RE},? {_DAY_RE}(?:,? {_YEAR_RE})?))?"
)
def _weekday(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """News style: a bare weekday is this week's if it is the anchor's day, else the most recent
    one, or the next one when the tense or the word says future."""
    if m["rest"]:
        return _normalize(m["rest"], anchor, tense, ctx)
    if anchor is None:
        return None
    weekday = WEEKDAYS[m["weekday"]]
    rel = m["rel"]
    back = (anchor.weekday() - weekday) % 7  # days since the most recent such day (0 = anchor)
    forward = (weekday - anchor.weekday()) % 7
    if rel in ("last", "past", "previous"):
        d = anchor - timedelta(days=back or 7)
    elif rel in ("next", "coming"):
        d = anchor + timedelta(days=forward or 7)
    elif rel == "this":
        d = anchor - timedelta(days=anchor.weekday()) + timedelta(days=weekday)
    elif rel == "earlier" or (tense != "future" and rel != "later"):
        d = anchor - timedelta(days=back)
    else:
        d = anchor + timedelta(days=forward)
    return _day(d, "relative")


_UNIT_SHIFT = {
    "last": -1, "past": -1, "this past": -1, "previous": -1, "preceding": -1, "next": 1,
    "coming": 1, "this coming": 1, "following": 1, "latest": -1, "most recent": -1,
    "recent": -1,
}  # fmt: skip
# Relations that count from another time in the story ("the following year"), not from the
# anchor; without such a time in the sentence they stay unresolved.
_ANAPHORIC = frozenset({"following", "preceding", "same", "that", "the previous", "the next"})
_UNITS_OF_TIME = (
    r"(?P<unit>week|weekend|month|quarter|year|fiscal year|full year|decade|century|day)"
)


@_rule(
    r"(?P<the>the )?(?P<rel>last|next|this|this past|this coming|past|previous|preceding|coming|"
    rf"following|current|present|same|latest|most recent|recent|that) {_UNITS_OF_TIME}"
    r"|(?P<bare>the (?:week|weekend|month|year|quarter|fiscal year|full year|decade|century))"
    r"|(?:the )?(?P<unit2>day|week|month|year) (?P<dir>before|after)"
)
def _relative_unit(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "last week", "this month", "the following year", "the day before"."""
    if m["bare"]:
        unit = m["bare"].split()[-1]
        rel = {"quarter": "latest", "weekend": "the"}.get(unit, "this")
    elif m["unit2"]:
        unit, rel = m["unit2"], "preceding" if m["dir"] == "before" else "following"
    else:
        unit, rel = m["unit"].split()[-1], m["rel"]
        if m["the"] and rel in ("next", "previous"):
            rel = f"the {rel}"
    shift = _UNIT_SHIFT.get(rel.removeprefix("the "), 0)
    if rel in _ANAPHORIC:
        reference = _reference_time(ctx, anchor, tense)
        if reference is not None:
            return _shift_from(reference, unit, shift)
        if rel != "the next" or unit not in ("week", "month", "year"):
            return None  # "the next week" may count from the anchor, "the next day" may not
    if anchor is None:
        return None
    if unit == "quarter":
        named = _quarter_in_context(ctx.sentence, anchor, tense) if rel == "latest" else None
        return _quarter(*named, "relative") if named else _quarter_relative(rel, anchor)
    if unit == "weekend":
        return _weekend(rel, anchor, tense)
    if unit in ("decade", "century") and shift < 0:
        return None  # "the past decade" is the last ten years, not the 2010s
    if unit == "day":
        return _day(anchor + timedelta(days=shift), "relative") if rel != "this" else None
    return _shift_unit(unit, shift, anchor, "relative")


def _weekend(rel: str, anchor: date, tense: Tense) -> TimeValue:
    """ "the weekend" is the one under way, else the one just past, or the coming one when the
    clause is about the future; "last weekend" the one before, "next weekend" the one after."""
    saturday_back = (anchor.weekday() - 5) % 7  # days since the most recent Saturday
    in_weekend = anchor.weekday() >= 5
    if rel in ("next", "coming", "this coming", "the next", "following"):
        saturday = anchor + timedelta(days=(5 - anchor.weekday()) % 7 or 7)
    elif rel in ("last", "past", "this past", "previous", "the previous", "latest", "recent"):
        saturday = anchor - timedelta(days=saturday_back + (7 if in_weekend else 0))
    elif in_weekend:
        saturday = anchor - timedelta(days=saturday_back)
    elif rel == "this":  # the one of this ISO week, still ahead on a weekday
        saturday = anchor + timedelta(days=5 - anchor.weekday())
    elif tense == "future":
        saturday = anchor + timedelta(days=5 - anchor.weekday())
    else:
        saturday = anchor - timedelta(days=saturday_back)
    return _week(saturday, "relative", weekend=True)


# Times a sentence may give before an anaphoric expression ("On May 22, 1995, ... the following
# year"): explicit dates, months, years and weekdays, tried from the nearest one back.
_REFERENCE_CANDIDATE = re.compile(
    rf"\b(?:{_MONTH_ANY} \d{{1,2}}(?:st|nd|rd|th)?(?:,? (?:1\d|20)\d\d)?"
    rf"|\d{{1,2}} {_MONTH_ANY}(?: (?:1\d|20)\d\d)?"
    rf"|{_MONTH_ANY},? (?:of )?(?:1\d|20)\d\d"
    r"|(?:1\d|20)\d\d"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)"
    r"|(?:january|february|march|april|june|july|august|september|october|november|december))\b"
)


def _reference_time(ctx: _Context, anchor: date | None, tense: Tense) -> TimeValue | None:
    """The nearest time the sentence names before the expression, normalized."""
    for m in reversed(list(_REFERENCE_CANDIDATE.finditer(ctx.before.lower()))):
        value = _normalize(m.group(0), anchor, tense, _Context())
        if value is not None and value.start is not None and value.precision != "ref":
            return value
    return None


_UNIT_PRECISION = {"day": 0, "week": 1, "weekend": 1, "month": 2, "quarter": 3, "year": 5}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 4, "year": 5}


def _shift_from(reference: TimeValue, unit: str, n: int) -> TimeValue | None:
    """The unit n units away from a reference time, when the reference is at least that fine."""
    assert reference.start is not None
    if _PRECISION_RANK.get(reference.precision, 9) > _UNIT_PRECISION.get(unit, 9):
        return None
    return _shift_unit(unit, n, reference.start, "relative")


def _quarter_relative(rel: str, anchor: date) -> TimeValue:
    """ "this quarter" is the anchor's; "the quarter", "the latest quarter" the last one completed,
    the one companies report on."""
    year, quarter = anchor.year, _quarter_of(anchor)
    if rel in ("this", "current", "present"):
        delta = 0
    elif rel in ("next", "coming", "following"):
        delta = 1
    else:
        delta = -1
    year, quarter = _shift_quarters(year, quarter, delta)
    return _quarter(year, quarter, "relative")


def _shift_unit(unit: str, n: int, anchor: date, method: DateMethod) -> TimeValue:
    """The unit (week, month ...) n units away from the anchor's, at that unit's precision."""
    if unit == "day":
        return _day(anchor + timedelta(days=n), method)
    if unit in ("week", "weekend"):
        d = anchor + timedelta(weeks=n)
        return _week(d, method, weekend=unit == "weekend")
    if unit == "month":
        return _month(*_shift_months(anchor.year, anchor.month, n), method)
    if unit == "quarter":
        return _quarter(*_shift_quarters(anchor.year, _quarter_of(anchor), n), method)
    if unit == "decade":
        return _decade(anchor.year // 10 + n, method)
    if unit in ("century", "centurie"):
        return _century(anchor.year // 100 + n, method)
    return _year(anchor.year + n, method)


_QUARTER_IN_CONTEXT = re.compile(
    r"\b(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter"
    r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>\d{4}))?"
    r"|(?P<latest>the (?:latest |most recent )?quarter)\b)",
    re.IGNORECASE,
)


def _quarter_in_context(sentence: str, anchor: date, tense: Tense) -> tuple[int, int] | None:
    """The quarter a financial sentence is about, if it names one: "the third quarter", or
    "the (latest) quarter" (the last one completed)."""
    m = _QUARTER_IN_CONTEXT.search(sentence)
    if m is None:
        return None
    if m["ord"]:
        value = _ordinal_quarter(ORDINALS[m["ord"].lower()], m["year"], None, anchor, tense)
        year, quarter = value.value.split("-Q")
        return int(year), int(quarter)
    return _shift_quarters(anchor.year, _quarter_of(anchor), -1)


@_rule(
    rf"(?:{_NUMBER_RE} )?{_UNIT_RE} (?P<dir>ago|earlier|before|later|after|from now|hence)"
    r"(?: (?:results?|figures?|levels?))?"
)
def _units_away(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "six years ago", "a month after", "two weeks earlier": n units from the anchor ("ago",
    "from now") or from the time the text names before the expression ("earlier", "later");
    "earlier" without such a time counts from the anchor, "later" stays unresolved. A
    financial sentence's "a year ago" is its quarter, a year before."""
    raw = m["n"] or "a"
    n = int(raw) if raw.isdigit() else NUMBERS[raw]
    unit, direction = m["unit"], m["dir"]
    if unit == "decade":
        unit, n = "year", 10 * n
    elif unit in ("century", "centurie"):
        unit, n = "year", 100 * n
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    if anchor is not None and unit == "year" and n == 1 and sign < 0:
        quarter = _quarter_in_context(ctx.sentence, anchor, tense)
        if quarter is not None:
            return _quarter(quarter[0] - 1, quarter[1], "relative")
    if direction in ("earlier", "before", "later", "after"):
        reference = _reference_time(ctx, anchor, tense)
        shifted = _shift_from(reference, unit, sign * n) if reference else None
        if shifted is not None or direction in ("later", "after"):
            return shifted  # "six years later" counts from the story's time, never the anchor
    return _shift_unit(unit, sign * n, anchor, "relative") if anchor else None


@_rule(r"(?:a )?(?:few|several|many|some) (?:days|weeks|months|years|decades) ago")
def _vague_ago(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    return _reference("PAST_REF") if anchor else None


@_rule(r"(?:the )?year end")
def _year_end(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "by year-end": this year (TIMEX3 keeps the year and marks the end as a modifier)."""
    return _year(anchor.year, "relative") if anchor else None


def _ordinal_quarter(
    q: int, year: str | None, yrel: str | None, anchor: date | None, tense: Tense
) -> TimeValue:
    if year:
        return _quarter(int(year), q, "explicit")
    assert anchor is not None
    if yrel:
        return _quarter(anchor.year + {"this": 0, "last": -1, "next": 1}[yrel], q, "relative")
    # A quarter that has not begun yet, told in the past tense, is last year's.
    if tense == "past" and q > _quarter_of(anchor):
        return _quarter(anchor.year - 1, q, "relative")
    return _quarter(anchor.year, q, "relative")


@_rule(
    r"(?:the )?(?:(?P<yrel>this|last|next) year )?(?:fiscal )?"
    r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th) (?:fiscal )?(?:quarter|qtr)"
    rf"(?: (?:of )?(?:fiscal )?(?:{_YEAR_RE}|(?P<yrel2>this|last|next) year))?"
    rf"|q(?P<q>[1-4])(?: {_YEAR_RE.replace('year', 'qyear')})?"
    rf"|{_YEAR_RE.replace('year', 'qyear2')} q(?P<q2>[1-4])"
    rf"|(?:the )?(?:fiscal )?{_YEAR_RE.replace('year', 'qyear3')} (?:fiscal )?"
    r"(?:(?P<ord2>first|second|third|fourth) )?quarter"
    r"|(?:the )?(?:comparable |corresponding |same )?(?P<ago>year (?:ago|earlier)|last year) "
    r"(?:(?P<ord3>first|second|third|fourth) )?(?P<kind>quarter|period)"
)
def _quarter_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "the third quarter", "Q3 2025", "the 1988 second quarter", "the year-ago quarter"."""
    if m["ord"]:
        q, year, yrel = ORDINALS[m["ord"]], m["year"], m["yrel"] or m["yrel2"]
    elif m["qyear3"]:
        if m["ord2"]:
            q = ORDINALS[m["ord2"]]
        elif anchor is not None:  # "the 1988 quarter": that year's quarter the news reports on
            q = _shift_quarters(anchor.year, _quarter_of(anchor), -1)[1]
        else:
            return None
        year, yrel = m["qyear3"], None
    elif m["ago"]:
        if anchor is None:
            return None
        if m["ord3"]:
            return _quarter(anchor.year - 1, ORDINALS[m["ord3"]], "relative")
        named = _quarter_in_context(ctx.sentence, anchor, tense)
        if named is None and m["kind"] == "period":
            return _year(anchor.year - 1, "relative")
        year_of, quarter = named or _shift_quarters(anchor.year, _quarter_of(anchor), -1)
        return _quarter(year_of - 1, quarter, "relative")
    else:
        q, year, yrel = int(m["q"] or m["q2"]), m["qyear"] or m["qyear2"], None
    if not year and anchor is None:
        return None
    return _ordinal_quarter(q, year, yrel, anchor, tense)


@_rule(
    r"(?:the )?(?:(?P<rel>last|this|this past|this coming|next|past|coming|previous) )?"
    r"(?P<season>spring|summer|autumn|fall|winter)"
    rf"(?: (?:of )?(?:{_YEAR_RE}|(?P<yrel>this|last|next) year))?"
    rf"|{_YEAR_RE.replace('year', 'year2')} (?P<season2>spring|summer|autumn|fall|winter)"
)
def _season_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    season = SEASONS[m["season"] or m["season2"]]
    year = m["year"] or m["year2"]
    if year:
        return _season(int(year), season, "explicit")
    if anchor is None:
        return None
    current_year, current = _season_of(anchor)
    start_of = lambda y: date(y, SEASON_START[season], 1)  # noqa: E731
    rel = m["rel"]
    if m["yrel"]:
        return _season(
            anchor.year + {"this": 0, "last": -1, "next": 1}[m["yrel"]], season, "relative"
        )
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
    return _season(y, season, "relative")


@_rule(
    r"(?:the )?(?:(?:fiscal|financial|calendar|budget|tax|model|school|academic)(?: year)? "
    rf"|fy ?|year )?{_YEAR_RE}"
    r"(?: (?:period|fiscal year|financial year|year|season|levels?|figures?|results?))?"
    r"|(?:the )?(?:fiscal|financial|budget) year"
)
def _year_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    if m["year"]:
        return _year(int(m["year"]), "explicit")
    return _year(anchor.year, "relative") if anchor else None


@_rule(r"(?:fiscal |fy ?)(?P<yy>\d{2})|'(?P<yy2>\d{2})")
def _two_digit_year(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "fiscal '99", "'98": the year of that ending nearest the anchor."""
    if anchor is None:
        return None
    yy = int(m["yy"] or m["yy2"])
    century = anchor.year // 100 * 100
    year = min(
        (century - 100 + yy, century + yy, century + 100 + yy), key=lambda y: abs(y - anchor.year)
    )
    return _year(year, "relative")


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip


@_rule(
    r"(?:the )?(?P<decade>1\d{2}|20\d)0 ?'?s|(?:the )?'(?P<short>\d)0s"
    r"|(?:the )?(?P<nineteen>nineteen )?(?P<word>twenties|thirties|forties|fifties|sixties|"
    r"seventies|eighties|nineties)"
)
def _decade_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    """ "the 1980s" (explicit); "the '80s", "the eighties" (the latest such decade)."""
    if m["decade"]:
        return _decade(int(m["decade"]), "explicit")
    if m["nineteen"]:
        return _decade(190 + _DECADE_WORDS[m["word"]], "explicit")
    if anchor is None:
        return None
    short = int(m["short"]) if m["short"] else _DECADE_WORDS[m["word"]]
    decade = anchor.year // 100 * 10 + short
    if decade * 10 > anchor.year:
        decade -= 10
    return _decade(decade, "relative")


@_rule(
    r"(?:the )?(?:(?P<num>\d{1,2})(?:st|nd|rd|th)|(?P<word>"
    + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r")) century|(?:the )?(?P<rel>this|last|next|past|previous) century"
)
def _century_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    if m["rel"]:
        if anchor is None:
            return None
        return _century(anchor.year // 100 + _UNIT_SHIFT.get(m["rel"], 0), "relative")
    n = int(m["num"]) if m["num"] else _ORDINAL_WORDS[m["word"]]
    return _century(n - 1, "explicit") if 1 <= n <= 22 else None


@_rule(r"(?:the )?week (?:of|beginning|starting|ending) (?P<rest>.+)")
def _week_of(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    inner = _normalize(m["rest"], anchor, tense, ctx)
    if inner is None or inner.precision != "day" or inner.start is None:
        return None
    return _week(inner.start, inner.method)


_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year day": (1, 1), "new year's day": (1, 1), "new year eve": (12, 31),
    "new year's eve": (12, 31), "valentine day": (2, 14), "halloween": (10, 31),
    "independence day": (7, 4), "bastille day": (7, 14), "boxing day": (12, 26),
}  # fmt: skip


@_rule(
    r"(?:(?P<rel>last|next|this) )?(?P<name>"
    + "|".join(re.escape(h) for h in sorted(_HOLIDAYS, key=len, reverse=True))
    + r"|thanksgiving(?: day)?)"
    rf"(?: {_YEAR_RE})?"
)
def _holiday(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    def on(year: int) -> date:
        if m["name"].startswith("thanksgiving"):  # fourth Thursday of November (US)
            first = date(year, 11, 1)
            return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
        return date(year, *_HOLIDAYS[m["name"]])

    if m["year"]:
        return _day(on(int(m["year"])), "explicit")
    if anchor is None:
        return None
    rel_tense: Tense = {"last": "past", "next": "future"}.get(m["rel"] or "", tense)  # type: ignore[assignment]
    if m["rel"] in ("last", "next"):
        candidates = [on(y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        if m["rel"] == "last":
            return _day(max(d for d in candidates if d < anchor), "relative")
        return _day(min(d for d in candidates if d > anchor), "relative")
    year = _nearest_year(anchor, rel_tense, on, DAY_SLACK)
    return _day(on(year), "relative")


# ---------------------------------------------------------------------------------------------
# dateparser fallback
# ---------------------------------------------------------------------------------------------

# dateparser reads "80 years" and "17-year" as "80 years ago": only expressions that name a
# month, a weekday, a year or a numeric date go to it.
_PARSEABLE = re.compile(
    rf"\b{_MONTH_ANY}(?:\b|$)|\b(?:{'|'.join(WEEKDAY_NAMES)})\b|\b(?:1\d{{3}}|20\d{{2}})\b"
    r"|\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?\b",
    re.IGNORECASE,
)
_HAS_YEAR = re.compile(r"\b(?:1\d{3}|20\d{2})\b")


def _names_its_fields(expression: str, d: date, period: str) -> bool:
    """Whether the expression itself gives the day and month dateparser returns: it copies
    missing fields from its base date ("2019-20" would become the 20th of the anchor's month)."""
    if period not in ("day", "time", "month"):
        return True
    numbers = {int(n) for n in re.findall(r"\d+", expression)}
    month_named = any(MONTHS.get(w) == d.month for w in re.findall(r"[a-z]+", expression.lower()))
    if not (month_named or d.month in numbers):
        return False
    return period == "month" or d.day in numbers


@functools.lru_cache(maxsize=256)
def _parser(base: date, prefer: str) -> DateDataParser:
    """One dateparser per (anchor, direction): building one costs far more than a parse."""
    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "RELATIVE_BASE": datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": prefer,
            "RETURN_TIME_AS_PERIOD": False,
        },
    )


def _dateparser(expression: str, anchor: date | None, tense: Tense) -> TimeValue | None:
    """Explicit formats the rules do not cover ("03/09/2025", "Sept 3rd 2025 at 10:00")."""
    if not _PARSEABLE.search(expression):
        return None
    explicit = _HAS_YEAR.search(expression)
    if anchor is not None:
        base = anchor
    elif explicit is not None:  # a fixed base, so that nothing of today leaks into the value
        base = date(int(explicit.group(0)), 1, 1)
    else:
        return None
    data = _parser(base, "future" if tense == "future" else "past").get_date_data(expression)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    if not _names_its_fields(expression, d, data.period or "day"):
        return None
    method: DateMethod = "explicit" if explicit else "relative"
    if data.period == "year":
        return _year(d.year, method)
    if data.period == "month":
        return _month(d.year, d.month, method)
    if data.period == "week":
        return _week(d, method)
    return _day(d, method)


# ---------------------------------------------------------------------------------------------
# Tense of the clause around an expression, read from its words
# ---------------------------------------------------------------------------------------------


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|'ll|--|``|''|[^\w\s]")


def _word_tense(word: str, following: str | None) -> Tense:
    if word in NEEDS_TO and following == "to":
        return "future"
    if word in FUTURE_WORDS and word not in NEEDS_TO:
        return "future"
    if word in PAST_WORDS or (word.endswith("ed") and word not in NOT_PAST and len(word) > 4):
        return "past"
    return None


def _context_tense(expression: str, context: str | None) -> Tense:
    """Read tense from the words of the expression, then from the nearest tense-bearing word
    of its clause ("said Friday that he would" is past; "he will visit on Friday" future)."""
    lowered = expression.lower()
    if re.search(r"\b(?:next|coming|later|upcoming|from now|hence)\b", lowered):
        return "future"
    if re.search(r"\b(?:last|past|previous|earlier|ago)\b", lowered):
        return "past"
    if not context:
        return None
    text = context.lower()
    at = text.find(lowered)
    if at < 0:
        return None
    before = _WORD.findall(text[:at])[::-1]
    after = _WORD.findall(text[at + len(lowered) :])
    # The nearest marker of the expression's own clause decides; when that clause has none,
    # the nearest one of the neighbouring clauses ("In March, the company said ...").
    best: tuple[int, int, Tense] | None = None
    for words, ahead in ((before, False), (after, True)):
        breaks = 0
        for distance, word in enumerate(words):
            if word in CLAUSE_BREAKS:
                breaks += 1
                if breaks > 1:
                    break
                continue
            following = (
                (words[distance + 1] if distance + 1 < len(words) else None)
                if ahead
                else (words[distance - 1] if distance > 0 else None)
            )
            tense = _word_tense(word, following)
            if tense:
                candidate = (breaks, distance, tense)
                best = candidate if best is None or candidate[:2] < best[:2] else best
                break
    return best[2] if best else None


# ---------------------------------------------------------------------------------------------
# Normalizing one expression
# ---------------------------------------------------------------------------------------------


def normalize(expression: str, anchor: date | None, context: str | None = None) -> TimeValue | None:
    """Normalize a temporal expression to a TIMEX3-style value, resolved against `anchor`.

    expression (str): the words as written ("last Friday", "Sept. 3, 2025", "the 1980s").
    anchor (date | None): the publication date; without it only self-dated expressions resolve.
    context (str | None): the sentence, read for tense ("will meet on Friday" is future).
    RETURNS (TimeValue | None): value, precision, covered days and method, or None when the
        expression is not a date or needs an anchor that is missing.
    """
    tense = _context_tense(expression, context)
    return _normalize(expression, anchor, tense, _context_of(expression, context or ""))


def _context_of(expression: str, sentence: str) -> _Context:
    at = sentence.lower().find(expression.lower())
    return _Context(sentence, sentence[:at] if at > 0 else "")


def _normalize(
    expression: str, anchor: date | None, tense: Tense, ctx: _Context
) -> TimeValue | None:
    text = _clean(expression)
    if not text:
        return None
    value = _apply_rules(text, anchor, tense, ctx)
    if value is None:
        value = _dateparser(text, anchor, tense)
    return value if value is None else _with_text(value, expression)


def _apply_rules(text: str, anchor: date | None, tense: Tense, ctx: _Context) -> TimeValue | None:
    """Try the rules on the text, then on it stripped of prepositions, hedges, modifiers and
    times of day, which never change the value ("early next year" is "next year")."""
    seen: set[str] = set()
    while text and text not in seen:
        seen.add(text)
        for pattern, rule in _RULES:
            m = pattern.match(text)
            if m is not None:
                try:
                    value = rule(m, anchor, tense, ctx)
                except (ValueError, OverflowError):  # "3000 years ago": no such calendar date
                    value = None
                if value is not None:
                    return value
        stripped = _LEADING_PREPOSITION.sub("", text)
        stripped = _APPROXIMATOR.sub("", stripped)
        mod = _MODIFIER.match(stripped)
        if mod is not None:
            stripped = stripped[mod.end() :]
            if mod["mod"] in ("earlier", "later"):
                tense = "past" if mod["mod"] == "earlier" else "future"
        stripped = _TIME_OF_DAY.sub("", stripped).strip()
        stripped = _TIME_PREFIX.sub("", stripped).strip()
        text = stripped
    return None


def _with_text(value: TimeValue, text: str) -> TimeValue:
    return dataclasses.replace(value, text=text)


# ---------------------------------------------------------------------------------------------
# Finding expressions in a parsed article
# ---------------------------------------------------------------------------------------------

# spaCy tags "Wednesday night" or "this morning" as TIME; those that name a day are dates too.
_DAY_IN_TIME = re.compile(
    rf"\b(?:{'|'.join(WEEKDAY_NAMES)}|today|tonight|yesterday|tomorrow|this morning|"
    r"this afternoon|this evening|last night)\b",
    re.IGNORECASE,
)
_CANDIDATE_PATTERNS = tuple(
    re.compile(p)
    for p in (
        # weekdays, capitalized as in running text, with their modifiers and time of day
        r"\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Ee]arlier|[Ll]ater|[Oo]n) )?"
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"(?: (?:morning|afternoon|evening|night))?\b",
        # last/next/this/during the + unit, with early/late/earlier/later
        r"(?i:\b(?:(?:early|late|earlier|later) )?(?:this|last|next|the past|the previous|"
        r"the coming|during the|over the) (?:week|weekend|month|year)\b)",
        # month names (capitalized) with day and/or year, or alone after "in"/"last"/"early"
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.?|Oct\.|Nov\.|Dec\.) "
        r"\d{1,2}(?:st|nd|rd|th)?"
        r"(?:, \d{4})?\b",
        r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December)(?: \d{4})?\b",
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December),? (?:of )?\d{4}\b",
        r"\b(?i:early|mid|late|last|next|this|in)[- ](?:January|February|March|April|June|July|"
        r"August|September|October|November|December)\b",
        # ISO dates, years after "in", decades, "N units ago"
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"(?<=\b[Ii]n )(?:1\d|20)\d{2}\b",
        r"\b(?:the )?(?:1\d|20)\d0s\b",
        r"(?i:\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"twenty|thirty|forty|fifty) (?:days?|weeks?|months?|years?|decades?) ago\b)",
        r"(?i:\b(?:today|yesterday|tomorrow|tonight)\b)",
        # adverbs that place a clause at, before or after the publication date
        r"(?i:\b(?:now|currently|at present|recently|previously|soon|in the (?:past|future)|"
        r"in the coming (?:days|weeks|months))\b)(?!-)",
        # quarters and year-ago comparisons
        r"(?i:\b(?:the )?(?:fiscal )?(?:first|second|third|fourth)[- ](?:fiscal[- ])?quarter\b"
        r"(?: of (?:1\d|20)\d{2})?)",
        r"(?i:\b(?:the )?(?:comparable |corresponding )?year[- ](?:ago|earlier)"
        r"(?: (?:quarter|period))?\b)",
    )
)
# Inside a DATE entity that does not normalize as a whole ("between 1985 and 1987", "the first
# nine months of 1997"), its years, months and weekdays are candidates of their own.
_ATOMIC = re.compile(
    r"\b(?:(?:1[5-9]|20)\d{2}|(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
    r"(?: \d{1,2}\b)?(?:,? (?:1[5-9]|20)\d{2})?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
)
# Years in parentheses, one or several: "(1959, 1961)"; each year is its own expression.
_PARENTHESIZED_YEARS = re.compile(r"\((?:\s*(?:1\d|20)\d{2}\s*[,;]?)+\)")
_YEAR = re.compile(r"(?:1\d|20)\d{2}")

_FUTURE_HEADS = frozenset(
    {"plan", "expect", "intend", "agree", "decide", "hope", "want", "seek", "aim", "prepare",
     "schedule", "set", "due", "promise", "pledge", "vow", "propose", "offer", "threaten"}
)  # fmt: skip


def _clause_verb(token: Token) -> Token:
    """The token itself when it is a verb, else the verb above it ("the visit" -> "began")."""
    verb = token
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def _is_present(token: Token) -> bool:
    """Whether the token's clause is in the simple present ("wants", "remain"), which tells a
    state of affairs at publication rather than a continuation of the story's past."""
    verb = _clause_verb(token)
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if auxiliaries:
        return all(c.tag_ in ("VBZ", "VBP") and c.lemma_ != "have" for c in auxiliaries)
    return verb.tag_ in ("VBZ", "VBP")


def _is_present_perfect(token: Token) -> bool:
    """Whether the token's clause is in the present perfect ("has said", "have met"). English
    does not join it with a definite past time ("*has said in September"), so such a clause
    never takes over a past date the narrative set before it."""
    verb = _clause_verb(token)
    if verb.tag_ != "VBN":
        return False
    return any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in verb.children
    )


def _token_tense(token: Token) -> Tense:
    """The tense of the clause a token belongs to, from its verb's tag and auxiliaries.

    "will meet" and "would meet" are future, and so is an infinitive under "plan", "agree" ...;
    "met", "has met" and "was held" are past; anything else says nothing.
    """
    verb = _clause_verb(token)  # a noun trigger takes the tense of the verb above it
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lemmas = {c.lemma_.lower() for c in auxiliaries} | {c.lower_ for c in auxiliaries}
    if lemmas & {"will", "shall", "'ll", "wo", "would", "going"}:
        return "future"
    if "to" in lemmas and verb.dep_ in ("xcomp", "advcl", "ccomp", "relcl"):
        head = verb.head
        # "plans to visit", "is going to visit", "is to visit" (not "was in Beijing to attend")
        be_to = head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP") and verb.i - head.i == 2
        if head.lemma_.lower() in _FUTURE_HEADS or head.lower_ == "going" or be_to:
            return "future"
        return _token_tense(head) if head.i != verb.i else None
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxiliaries):
        return "past"
    if verb.tag_ == "VBN" and lemmas & {"have", "has", "had"}:
        return "past"
    return None


def find_timexes(doc: Doc, anchor: date | None) -> list[TimexMention]:
    """Find and normalize the temporal expressions of a parsed article.

    Candidates are spaCy DATE entities (and TIME entities that name a day) plus our own patterns
    for what the tagger misses (weekdays, "during the week", years in parentheses ...). Where
    candidates overlap, the longest one that normalizes wins. Each is normalized with its
    sentence as context and the tense of the verb it attaches to.

    doc (Doc): a parsed article (sentences and dependencies are read).
    anchor (date | None): the publication date; without it only self-dated expressions stay.
    RETURNS (list[TimexMention]): normalizable expressions, character offsets into doc.text,
        sorted by start.
    """
    text = doc.text  # built from the tokens on every access: read it once
    found: list[TimexMention] = []
    taken: list[tuple[int, int]] = []
    for start, end in sorted(_candidate_spans(doc, text), key=lambda s: (s[0] - s[1], s[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        value = _normalize_in_doc(doc, text, start, end, anchor)
        if value is not None:
            taken.append((start, end))
            found.append(TimexMention(text[start:end], start, end, value))
    found.sort(key=lambda t: t.start_char)
    return found


def _candidate_spans(doc: Doc, text: str) -> set[tuple[int, int]]:
    """Character spans that may be temporal expressions; overlapping ones are resolved later."""
    spans: set[tuple[int, int]] = set()
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _DAY_IN_TIME.search(ent.text)):
            spans.add((ent.start_char, ent.end_char))
            spans.update(
                (ent.start_char + m.start(), ent.start_char + m.end())
                for m in _ATOMIC.finditer(ent.text)
            )
    for pattern in _CANDIDATE_PATTERNS:
        spans.update(m.span() for m in pattern.finditer(text))
    for group in _PARENTHESIZED_YEARS.finditer(text):
        base = group.start()
        spans.update((base + m.start(), base + m.end()) for m in _YEAR.finditer(group.group(0)))
    return spans


# How many characters before an anaphoric expression may hold the time it counts from.
REFERENCE_WINDOW = 400


def _normalize_in_doc(
    doc: Doc, text: str, start: int, end: int, anchor: date | None
) -> TimeValue | None:
    expression = text[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return normalize(expression, anchor)
    sentence = span.sent
    tense = (
        _context_tense(expression, None)
        or _token_tense(span.root.head)
        or _context_tense(expression, sentence.text)
    )
    # "six years later", "the following month" count from the last time the story named:
    # look back through the paragraph, not only the sentence.
    paragraph_start = text.rfind("\n", 0, start) + 1
    before = text[max(paragraph_start, start - REFERENCE_WINDOW) : start]
    return _normalize(expression, anchor, tense, _Context(sentence.text, before))


# ---------------------------------------------------------------------------------------------
# Dating events
# ---------------------------------------------------------------------------------------------

_CLAUSE_BREAK_POS = frozenset({"VERB", "AUX"})


def _governs(timex: Span, trigger: Token) -> int | None:
    """How many steps the timex's head chain takes to reach the trigger, or None when it meets
    another verb (the timex dates that verb's clause) or the root first."""
    token = timex.root
    for steps in range(1, 12):
        if token.head.i == token.i:
            return None
        token = token.head
        if token == trigger:
            return steps
        if token.pos_ in _CLAUSE_BREAK_POS:
            return None
    return None


_OFFSET_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year"}


def _offset_from_main_clause(
    trigger: Token, timexes: list[TimexMention], anchor: date | None
) -> TimeValue | None:
    """ "A month after joining Xi at the parade, Kim staged a show": the joining is a month
    before the staging, so its date is the main clause's, shifted by the amount, at the
    precision of the amount's unit. None when the trigger is not in such a phrase."""
    prep = trigger.head
    if trigger.dep_ not in ("pcomp", "pobj") or prep.lower_ not in ("after", "before"):
        return None
    amounts = [c for c in prep.children if c.dep_ == "npadvmod" and c.lemma_ in _OFFSET_UNITS]
    main = _clause_verb(prep.head)
    if not amounts or main is prep or main.pos_ not in _CLAUSE_BREAK_POS:
        return None
    unit = amounts[0]
    counts = [c for c in unit.children if c.dep_ == "nummod"]
    word = counts[0].lower_ if counts else "a"
    n = int(word) if word.isdigit() else NUMBERS.get(word)
    base = event_date(main, timexes, anchor)
    if n is None or base.start is None or base.precision == "unknown":
        return None
    shifted = _shift_from(base, _OFFSET_UNITS[unit.lemma_], -n if prep.lower_ == "after" else n)
    return dataclasses.replace(shifted, text=base.text, method=base.method) if shifted else None


def _scopes(timex: Span, trigger: Token) -> bool:
    """Whether the clause the timex sits in contains the trigger: its verb is the trigger's
    ancestor, or it hangs from no verb at all (a headline, a verbless sentence)."""
    token = timex.root
    for _ in range(12):
        if token.head.i == token.i:
            return True
        token = token.head
        if token.pos_ in _CLAUSE_BREAK_POS:
            return token.is_ancestor(trigger)
    return False


def _resolve_reference(value: TimeValue, anchor: date) -> TimeValue:
    """A PRESENT_REF dates the event to the anchor; PAST_REF and FUTURE_REF to the honest
    publication window on their side of it."""
    if value.value == "PRESENT_REF":
        return _with_text(_day(anchor, "relative"), value.text or "")
    window = _publication_value(anchor, "future" if value.value == "FUTURE_REF" else "past")
    return dataclasses.replace(window, text=value.text, method="relative")


def _smallest_unit(first: date, last: date, method: DateMethod = "publication") -> TimeValue:
    """The finest ISO week, month or year that covers first..last; across New Year none does,
    and the value stays unknown (the range is kept)."""
    if first.isocalendar()[:2] == last.isocalendar()[:2]:
        return _week(last, method)
    if (first.year, first.month) == (last.year, last.month):
        return _month(last.year, last.month, method)
    if first.year == last.year:
        return _year(last.year, method)
    return TimeValue(None, "unknown", first, last, None, method)


# Hard news reports what happened in the last few days; a plan without a date lies somewhere
# in the coming months.
RECENT_DAYS = 3
PLANNED_DAYS = 60


def _publication_value(anchor: date, tense: Tense) -> TimeValue:
    """The date an undated event gets from its article's publication date, no finer than the
    text supports: an event told in the past or present happened in the RECENT_DAYS up to
    publication, a planned one in the PLANNED_DAYS after it; either gets the smallest ISO
    week, month or year that holds all of those days (unknown when they straddle New Year)."""
    if tense == "future":
        return _smallest_unit(anchor, anchor + timedelta(days=PLANNED_DAYS))
    unit = _smallest_unit(anchor - timedelta(days=RECENT_DAYS), anchor)
    # what has happened cannot lie after the publication date
    return dataclasses.replace(unit, end=anchor)


def event_date(trigger: Token, timexes: list[TimexMention], anchor: date | None) -> TimeValue:
    """Date the event whose trigger (usually its verb) is `trigger`.

    In order: the expression that governs the trigger's clause; the main clause's date shifted
    when the trigger sits in "a month after <trigger>"; the nearest one of a clause
    that contains the trigger's (see `_scopes`); the nearest earlier one in the same
    paragraph whose side of the anchor suits the trigger's tense (method 'inherited'); for an
    event not told in the future, the recent day the article's lede sets (`_story_day`,
    method 'inherited'); else the publication date at an honest precision (method
    'publication', see `_publication_value`). References (PRESENT_REF ...) resolve against
    the anchor. Historical dates keep their own values.

    trigger (Token): the event's trigger in the parsed article.
    timexes (list[TimexMention]): the article's expressions, as `find_timexes` returns them.
    anchor (date | None): the publication date; None gives UNKNOWN_TIME when nothing dates it.
    RETURNS (TimeValue): the event's date, with method saying how it was found.
    """
    doc = trigger.doc
    sentence = trigger.sent
    tense = _token_tense(trigger)
    in_sentence: list[tuple[TimexMention, Span]] = []
    for timex in timexes:
        if sentence.start_char <= timex.start_char < sentence.end_char:
            span = doc.char_span(timex.start_char, timex.end_char, alignment_mode="expand")
            if span is not None and len(span):
                in_sentence.append((timex, span))

    governing = [(steps, t) for t, span in in_sentence if (steps := _governs(span, trigger))]
    if governing:
        return _finish(min(governing, key=lambda g: g[0])[1].value, anchor)

    offset = _offset_from_main_clause(trigger, timexes, anchor)
    if offset is not None:
        return offset

    # An expression of a clause above the trigger dates it too ("On Friday, officials confirmed
    # that the leaders had signed"); one inside another clause below or beside it does not
    # ("welcomed the first official to visit since 2019"), nor does a "since" start point.
    in_scope = [
        t
        for t, span in in_sentence
        if _scopes(span, trigger) and not t.text.lower().startswith("since")
    ]
    if in_scope:
        dated = [t for t in in_scope if t.value.precision != "ref"] or in_scope
        nearest = min(dated, key=lambda t: _distance(t, trigger))
        return _finish(nearest.value, anchor)

    inherited = _inherit(
        _paragraph_start(sentence), sentence.start_char, timexes, anchor, tense, doc
    )
    current = _is_present(trigger) or _is_present_perfect(trigger)
    if inherited is not None and not (current and _before_recent(inherited, anchor)):
        return inherited
    if anchor is None:
        return UNKNOWN_TIME
    if tense != "future" and (story_day := _story_day(timexes, anchor)) is not None:
        return story_day
    return _publication_value(anchor, tense)


# How far into the article the lede may set the day of the story, and how recent that day is.
LEDE_CHARS = 1500
STORY_DAYS = 7


def _story_day(timexes: list[TimexMention], anchor: date) -> TimeValue | None:
    """The day the lede sets for the story ("Pyongyang marked the anniversary on Friday"), which
    news keeps for the main events it then tells without a time: the first expression of the
    lede when it is a day of the week up to publication (method 'inherited')."""
    for timex in timexes:
        if timex.start_char > LEDE_CHARS:
            break
        value = timex.value
        if value.precision == "ref":
            continue
        recent = value.start is not None and 0 <= (anchor - value.start).days <= STORY_DAYS
        if value.precision != "day" or not recent:
            return None
        return dataclasses.replace(value, method="inherited")
    return None


def _distance(timex: TimexMention, trigger: Token) -> int:
    trigger_start = trigger.idx
    trigger_end = trigger.idx + len(trigger.text)
    if timex.end_char <= trigger_start:
        return trigger_start - timex.end_char
    return max(timex.start_char - trigger_end, 0)


def _finish(value: TimeValue, anchor: date | None) -> TimeValue:
    """An expression's value as an event date: references resolve against the anchor."""
    if value.precision == "ref":
        return _resolve_reference(value, anchor) if anchor else UNKNOWN_TIME
    return value


def _before_recent(value: TimeValue, anchor: date | None) -> bool:
    """Whether a time ended before the days up to publication (a story's past)."""
    if anchor is None or value.end is None:
        return False
    return value.end < anchor - timedelta(days=STORY_DAYS)


def _paragraph_start(sentence: Span) -> int:
    """Where the paragraph of a sentence starts: after the last line break before it (read from
    the tokens, since building doc.text costs a pass over the whole document)."""
    doc = sentence.doc
    for i in range(sentence.start - 1, -1, -1):
        token = doc[i]
        if "\n" in token.text_with_ws:
            return token.idx + token.text_with_ws.rindex("\n") + 1
    return 0


def _inherit(
    paragraph_start: int,
    sentence_start: int,
    timexes: list[TimexMention],
    anchor: date | None,
    tense: Tense,
    doc: Doc | None = None,
) -> TimeValue | None:
    """The nearest earlier dated expression of the same paragraph, when the narrative goes on:
    a future event does not inherit a past date, nor a past event a future one. When that
    expression is the last of a coordination ("the parallels with 2018 and 2019"), the
    narrative goes on about all of them: the event gets their whole range, at no finer
    precision than covers it (see `_coordinated`)."""
    earlier = [t for t in timexes if paragraph_start <= t.start_char < sentence_start]
    earlier.sort(key=lambda t: t.start_char, reverse=True)
    for position, timex in enumerate(earlier):
        value = timex.value
        if value.precision == "ref" or value.start is None or value.end is None:
            continue
        if anchor is not None and tense == "future" and value.end < anchor:
            return None
        if anchor is not None and tense == "past" and value.start > anchor:
            return None
        if doc is not None:
            value = _coordinated(doc, timex, earlier[position + 1 :])
        return dataclasses.replace(value, method="inherited")
    return None


# What may stand between coordinated times: "2018 and 2019", "May, June or July".
_COORDINATORS = frozenset({"and", "or", ",", ", and", ", or", "to", "-", "–"})


def _coordinated(doc: Doc, last: TimexMention, before: list[TimexMention]) -> TimeValue:
    """The value of `last`, or the range of the times coordinated with it ("2018 and 2019"):
    the ISO week, month or year that covers them all, else an unknown value with the range."""
    members = [last]
    for timex in before:  # nearest first
        span = doc.char_span(timex.end_char, members[-1].start_char, alignment_mode="expand")
        gap = " ".join(span.text.split()) if span is not None else None
        if gap not in _COORDINATORS or timex.value.start is None or timex.value.end is None:
            break
        members.append(timex)
    starts = [t.value.start for t in members if t.value.start is not None]
    ends = [t.value.end for t in members if t.value.end is not None]
    if len(members) == 1 or not starts or not ends:
        return last.value
    covering = _smallest_unit(min(starts), max(ends), "explicit")
    text = doc.char_span(members[-1].start_char, last.end_char, alignment_mode="expand")
    return dataclasses.replace(covering, text=text.text if text is not None else last.text)
