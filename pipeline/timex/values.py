"""TimeValue constructors, one per precision, and the calendar arithmetic the rules share:
quarters and seasons of a date, months and quarters shifted, a unit n units away."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date, timedelta

from pipeline.model import DateMethod, Precision, TimeValue
from pipeline.timex.vocabulary import SEASON_START


def _value(
    value: str, precision: Precision, start: date | None, end: date | None, method: DateMethod
) -> TimeValue:
    return TimeValue(value=value, precision=precision, start=start, end=end, method=method)


def day_value(d: date, method: DateMethod) -> TimeValue:
    return _value(d.isoformat(), "day", d, d, method)


def week_value(d: date, method: DateMethod, weekend: bool = False) -> TimeValue:
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


def month_value(year: int, month: int, method: DateMethod) -> TimeValue:
    last = calendar.monthrange(year, month)[1]
    return _value(
        f"{year}-{month:02d}", "month", date(year, month, 1), date(year, month, last), method
    )


def quarter_value(year: int, quarter: int, method: DateMethod) -> TimeValue:
    first = 3 * (quarter - 1) + 1
    last_day = calendar.monthrange(year, first + 2)[1]
    return _value(
        f"{year}-Q{quarter}",
        "quarter",
        date(year, first, 1),
        date(year, first + 2, last_day),
        method,
    )


def season_value(year: int, season: str, method: DateMethod) -> TimeValue:
    first = SEASON_START[season]
    start = date(year, first, 1)
    end_year, end_month = (year + 1, 2) if season == "WI" else (year, first + 2)
    end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return _value(f"{year}-{season}", "season", start, end, method)


def year_value(year: int, method: DateMethod) -> TimeValue:
    return _value(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31), method)


def decade_value(decade: int, method: DateMethod) -> TimeValue:
    """decade: the first three digits of its years (198 for the 1980s)."""
    return _value(
        f"{decade:03d}", "decade", date(decade * 10, 1, 1), date(decade * 10 + 9, 12, 31), method
    )


def century_value(century: int, method: DateMethod) -> TimeValue:
    """century: the first two digits of its years (19 for the twentieth century)."""
    start_year = max(century * 100, 1)
    return _value(
        f"{century:02d}",
        "century",
        date(start_year, 1, 1),
        date(century * 100 + 99, 12, 31),
        method,
    )


def reference_value(ref: str) -> TimeValue:
    return _value(ref, "ref", None, None, "relative")


def smallest_unit(first: date, last: date, method: DateMethod = "publication") -> TimeValue:
    """The finest ISO week, month or year that covers first..last; across New Year none does,
    and the value stays unknown (the range is kept)."""
    if first.isocalendar()[:2] == last.isocalendar()[:2]:
        return week_value(last, method)
    if (first.year, first.month) == (last.year, last.month):
        return month_value(last.year, last.month, method)
    if first.year == last.year:
        return year_value(last.year, method)
    return TimeValue(None, "unknown", first, last, None, method)


def with_text(value: TimeValue, text: str) -> TimeValue:
    return dataclasses.replace(value, text=text)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_quarters(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def season_of(d: date) -> tuple[int, str]:
    """The season containing d, with the year it started in (January is last year's winter)."""
    if d.month == 12:
        return d.year, "WI"
    if d.month <= 2:
        return d.year - 1, "WI"
    for season, first in SEASON_START.items():
        if first <= d.month < first + 3:
            return d.year, season
    raise AssertionError("unreachable: every month belongs to a season")


def shift_unit(unit: str, n: int, anchor: date, method: DateMethod) -> TimeValue:
    """The unit (week, month ...) n units away from the anchor's, at that unit's precision."""
    if unit == "day":
        return day_value(anchor + timedelta(days=n), method)
    if unit in ("week", "weekend"):
        d = anchor + timedelta(weeks=n)
        return week_value(d, method, weekend=unit == "weekend")
    if unit == "month":
        return month_value(*shift_months(anchor.year, anchor.month, n), method)
    if unit == "quarter":
        return quarter_value(*shift_quarters(anchor.year, quarter_of(anchor), n), method)
    if unit == "decade":
        return decade_value(anchor.year // 10 + n, method)
    if unit in ("century", "centurie"):
        return century_value(anchor.year // 100 + n, method)
    return year_value(anchor.year + n, method)


_UNIT_PRECISION = {"day": 0, "week": 1, "weekend": 1, "month": 2, "quarter": 3, "year": 5}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 4, "year": 5}


def shift_from(reference: TimeValue, unit: str, n: int) -> TimeValue | None:
    """The unit n units away from a reference time, when the reference is at least that fine."""
    assert reference.start is not None
    if _PRECISION_RANK.get(reference.precision, 9) > _UNIT_PRECISION.get(unit, 9):
        return None
    return shift_unit(unit, n, reference.start, "relative")
