"""Rules for times told relative to the anchor or to another time of the story: references
("now", "recently"), day words ("yesterday"), "last week", "the following year", "six years
ago", "two weeks earlier"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.model import TimeValue
from pipeline.timex.rules.base import Context, Resolve
from pipeline.timex.rules.periods import quarter_in_context
from pipeline.timex.tense import Tense
from pipeline.timex.values import (
    day_value,
    quarter_of,
    quarter_value,
    reference_value,
    shift_from,
    shift_quarters,
    shift_unit,
    week_value,
)
from pipeline.timex.vocabulary import (
    MONTH_ANY,
    NUMBER_RE,
    NUMBERS,
    REFERENCE_OF,
    UNIT_RE,
    UNIT_SHIFT,
)

_VAGUE_PERIOD = (
    r"(?:few |several |many |some |\d+ |two |three )?(?:days|weeks|months|years|quarters|decades)"
)
_VAGUE_REFERENCE = re.compile(
    rf"(?:the )?(?:(?P<past>past|last|recent|previous|more recent|in recent|over the past)"
    rf"|(?:coming|next|future|upcoming|following)) {_VAGUE_PERIOD}(?: and {_VAGUE_PERIOD})?"
    r"|(?:the )?(?P<future>near|short|long|medium) term|a later date|as soon as possible"
    r"|(?P<past2>more recently|until recently|most recently)"
)

FIXED_REFERENCE = r".+"


def fixed_reference(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """ "now", "recently", "the future" ... and vague spans: "the past few months" (PAST_REF),
    "the coming years" (FUTURE_REF)."""
    if anchor is None:
        return None
    ref = REFERENCE_OF.get(m.group(0))
    if ref is None and (vague := _VAGUE_REFERENCE.fullmatch(m.group(0))) is not None:
        ref = "PAST_REF" if vague["past"] or vague["past2"] else "FUTURE_REF"
    return reference_value(ref) if ref else None


_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2, "earlier today": 0, "later today": 0, "today and tomorrow": 0,
    "overnight": 0,
}  # fmt: skip

DAY_WORD = "|".join(re.escape(w) for w in sorted(_DAY_WORDS, key=len, reverse=True))


def day_word(m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context) -> TimeValue | None:
    if anchor is None:
        return None
    return day_value(anchor + timedelta(days=_DAY_WORDS[m.group(0)]), "relative")


# Relations that count from another time in the story ("the following year"), not from the
# anchor; without such a time in the sentence they stay unresolved.
_ANAPHORIC = frozenset({"following", "preceding", "same", "that", "the previous", "the next"})
_UNITS_OF_TIME = (
    r"(?P<unit>week|weekend|month|quarter|year|fiscal year|full year|decade|century|day)"
)

RELATIVE_UNIT = (
    r"(?P<the>the )?(?P<rel>last|next|this|this past|this coming|past|previous|preceding|coming|"
    rf"following|current|present|same|latest|most recent|recent|that) {_UNITS_OF_TIME}"
    r"|(?P<bare>the (?:week|weekend|month|year|quarter|fiscal year|full year|decade|century))"
    r"|(?:the )?(?P<unit2>day|week|month|year) (?P<dir>before|after)"
)


def relative_unit(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context, *, resolve: Resolve
) -> TimeValue | None:
    """ "last week", "this month", "the following year", "the day before"."""
    unit, rel = _unit_and_relation(m)
    shift = UNIT_SHIFT.get(rel.removeprefix("the "), 0)
    if rel in _ANAPHORIC:
        reference = _reference_time(ctx, anchor, tense, resolve)
        if reference is not None:
            return shift_from(reference, unit, shift)
        if rel != "the next" or unit not in ("week", "month", "year"):
            return None  # "the next week" may count from the anchor, "the next day" may not
    if anchor is None:
        return None
    return _unit_from_anchor(unit, rel, shift, anchor, tense, ctx)


def _unit_and_relation(m: re.Match[str]) -> tuple[str, str]:
    """The unit and the relation word a match of RELATIVE_UNIT names: "the week" is this week,
    "the quarter" the latest one, "the day before" the preceding day."""
    if m["bare"]:
        unit = m["bare"].split()[-1]
        return unit, {"quarter": "latest", "weekend": "the"}.get(unit, "this")
    if m["unit2"]:
        return m["unit2"], "preceding" if m["dir"] == "before" else "following"
    unit, rel = m["unit"].split()[-1], m["rel"]
    if m["the"] and rel in ("next", "previous"):
        rel = f"the {rel}"
    return unit, rel


def _unit_from_anchor(
    unit: str, rel: str, shift: int, anchor: date, tense: Tense, ctx: Context
) -> TimeValue | None:
    """The unit `shift` units from the anchor's, or for a quarter and a weekend the one the
    relation word and the sentence point to."""
    if unit == "quarter":
        named = quarter_in_context(ctx.sentence, anchor, tense) if rel == "latest" else None
        return quarter_value(*named, "relative") if named else _quarter_relative(rel, anchor)
    if unit == "weekend":
        return _weekend(rel, anchor, tense)
    if unit in ("decade", "century") and shift < 0:
        return None  # "the past decade" is the last ten years, not the 2010s
    if unit == "day":
        return day_value(anchor + timedelta(days=shift), "relative") if rel != "this" else None
    return shift_unit(unit, shift, anchor, "relative")


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
    return week_value(saturday, "relative", weekend=True)


def _quarter_relative(rel: str, anchor: date) -> TimeValue:
    """ "this quarter" is the anchor's; "the quarter", "the latest quarter" the last one completed,
    the one companies report on."""
    year, quarter = anchor.year, quarter_of(anchor)
    if rel in ("this", "current", "present"):
        delta = 0
    elif rel in ("next", "coming", "following"):
        delta = 1
    else:
        delta = -1
    year, quarter = shift_quarters(year, quarter, delta)
    return quarter_value(year, quarter, "relative")


# Times a sentence may give before an anaphoric expression ("On May 22, 1995, ... the following
# year"): explicit dates, months, years and weekdays, tried from the nearest one back.
_REFERENCE_CANDIDATE = re.compile(
    rf"\b(?:{MONTH_ANY} \d{{1,2}}(?:st|nd|rd|th)?(?:,? (?:1\d|20)\d\d)?"
    rf"|\d{{1,2}} {MONTH_ANY}(?: (?:1\d|20)\d\d)?"
    rf"|{MONTH_ANY},? (?:of )?(?:1\d|20)\d\d"
    r"|(?:1\d|20)\d\d"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)"
    r"|(?:january|february|march|april|june|july|august|september|october|november|december))\b"
)


def _reference_time(
    ctx: Context, anchor: date | None, tense: Tense, resolve: Resolve
) -> TimeValue | None:
    """The nearest time the sentence names before the expression, normalized."""
    for m in reversed(list(_REFERENCE_CANDIDATE.finditer(ctx.before.lower()))):
        value = resolve(m.group(0), anchor, tense, Context())
        if value is not None and value.start is not None and value.precision != "ref":
            return value
    return None


UNITS_AWAY = (
    rf"(?:{NUMBER_RE} )?{UNIT_RE} (?P<dir>ago|earlier|before|later|after|from now|hence)"
    r"(?: (?:results?|figures?|levels?))?"
)


def units_away(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context, *, resolve: Resolve
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
        quarter = quarter_in_context(ctx.sentence, anchor, tense)
        if quarter is not None:
            return quarter_value(quarter[0] - 1, quarter[1], "relative")
    if direction in ("earlier", "before", "later", "after"):
        reference = _reference_time(ctx, anchor, tense, resolve)
        shifted = shift_from(reference, unit, sign * n) if reference else None
        if shifted is not None or direction in ("later", "after"):
            return shifted  # "six years later" counts from the story's time, never the anchor
    return shift_unit(unit, sign * n, anchor, "relative") if anchor else None


VAGUE_AGO = r"(?:a )?(?:few|several|many|some) (?:days|weeks|months|years|decades) ago"


def vague_ago(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    return reference_value("PAST_REF") if anchor else None
