"""dateparser, the fallback for the long tail of explicit formats the rules do not cover.

Its known pitfalls (missing fields copied from the base date, "the 19th" in the future, a
weekday equal to the anchor's sent to the week before) are exactly what the rules cover, so it
never sees those forms; what it returns is kept only when the expression names its fields.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

from dateparser.date import DateDataParser

from pipeline.model import DateMethod, TimeValue
from pipeline.timex.tense import Tense
from pipeline.timex.values import day_value, month_value, week_value, year_value
from pipeline.timex.vocabulary import MONTH_ANY, MONTHS, WEEKDAY_NAMES

# dateparser reads "80 years" and "17-year" as "80 years ago": only expressions that name a
# month, a weekday, a year or a numeric date go to it.
_PARSEABLE = re.compile(
    rf"\b{MONTH_ANY}(?:\b|$)|\b(?:{'|'.join(WEEKDAY_NAMES)})\b|\b(?:1\d{{3}}|20\d{{2}})\b"
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


def dateparser_value(expression: str, anchor: date | None, tense: Tense) -> TimeValue | None:
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
    return _at_period(d, data.period, "explicit" if explicit else "relative")


def _at_period(d: date, period: str | None, method: DateMethod) -> TimeValue:
    """The value of d at the period dateparser reports (a day for a day or a time)."""
    if period == "year":
        return year_value(d.year, method)
    if period == "month":
        return month_value(d.year, d.month, method)
    if period == "week":
        return week_value(d, method)
    return day_value(d, method)
