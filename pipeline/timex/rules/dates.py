"""Rules for days, weeks and months named by the calendar: ISO dates, "Sept. 3", "last
April", "the 19th", weekdays, "the week of May 3", holidays. Without a year, the one that puts
the date nearest the anchor on the side the tense points to is taken."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from pipeline.model import TimeValue
from pipeline.timex.rules.base import Context, Resolve
from pipeline.timex.tense import Tense
from pipeline.timex.values import day_value, month_value, safe_date, shift_months, week_value
from pipeline.timex.vocabulary import DAY_RE, MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS, YEAR_RE

# How far (days) a month or a day without a year may lie on the side the tense rules out
# before the other year is taken: tense read from a sentence is a weak hint for a day
# ("declared a dividend payable Dec. 15"), a stronger one for a whole month.
DAY_SLACK = 90
MONTH_SLACK = 20


ISO_DAY = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"


def iso_day(m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context) -> TimeValue | None:
    d = safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    return day_value(d, "explicit") if d else None


ISO_WEEK = r"(?P<year>\d{4})-w(?P<week>\d{1,2})"


def iso_week(m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context) -> TimeValue | None:
    try:
        monday = date.fromisocalendar(int(m["year"]), int(m["week"]), 1)
    except ValueError:
        return None
    return week_value(monday, "explicit")


ISO_MONTH = r"(?P<year>\d{4})-(?P<month>\d{2})"


def iso_month(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    month = int(m["month"])
    return month_value(int(m["year"]), month, "explicit") if 1 <= month <= 12 else None


def _explicit_or_year_from_anchor(
    month: int, day: int | None, year: str | None, anchor: date | None, tense: Tense
) -> TimeValue | None:
    """A month (and day) with its own year, or the year that places it nearest the anchor in the
    direction the tense points."""
    if year:
        if day is None:
            return month_value(int(year), month, "explicit")
        d = safe_date(int(year), month, day)
        return day_value(d, "explicit") if d else None
    if anchor is None:
        return None
    if day is None:
        target_year = _nearest_year(anchor, tense, lambda y: date(y, month, 15), MONTH_SLACK)
        return month_value(target_year, month, "relative")
    if safe_date(2000, month, day) is None:  # leap day handled by year choice below
        return None
    target_year = _nearest_year(
        anchor, tense, lambda y: safe_date(y, month, day) or date(y, month, 28), DAY_SLACK
    )
    d = safe_date(target_year, month, day)
    return day_value(d, "relative") if d else None


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


MONTH_DAY = rf"(?:{WEEKDAY_RE},? )?{MONTH_RE},? {DAY_RE}(?:,? {YEAR_RE})?"
DAY_MONTH = rf"(?:{WEEKDAY_RE},? )?(?:the )?{DAY_RE} (?:of )?{MONTH_RE},?(?: {YEAR_RE})?"


def day_of_month(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """A day and month in either order ("Sept. 3", "3 September"), the year if written."""
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    return _explicit_or_year_from_anchor(MONTHS[m["month"]], day, m["year"], anchor, tense)


MONTH_NAME = (
    rf"(?:(?P<rel>last|next|this|past|coming|previous) )?{MONTH_RE}"
    rf"(?:,? (?:of )?(?:{YEAR_RE}|(?P<yrel>this|last|next|the previous|the following) year))?"
)


def month_name(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """ "October 1954", "last April", "June last year", "in September" (by tense)."""
    month = MONTHS[m["month"]]
    if m["year"]:
        return month_value(int(m["year"]), month, "explicit")
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
    return month_value(year, month, "relative")


DAY_OF_THIS_MONTH = rf"the {DAY_RE}"


def day_of_this_month(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """ "the 19th": this month's, unless that lies on the wrong side of the anchor for the tense."""
    day = int(m["day"])
    if anchor is None or not 1 <= day <= 31:
        return None
    candidates = [
        d
        for delta in (-1, 0, 1)
        if (d := safe_date(*shift_months(anchor.year, anchor.month, delta), day)) is not None
    ]
    if tense == "past":
        candidates = [d for d in candidates if d <= anchor] or candidates
    elif tense == "future":
        candidates = [d for d in candidates if d >= anchor] or candidates
    best = min(candidates, key=lambda d: abs((d - anchor).days))
    return day_value(best, "relative")


WEEKDAY_RULE = (
    rf"(?:(?P<rel>last|next|this|coming|past|previous|earlier|later) )?{WEEKDAY_RE}"
    rf"(?:,? (?P<rest>{MONTH_RE},? {DAY_RE}(?:,? {YEAR_RE})?))?"
)


def weekday_rule(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context, *, resolve: Resolve
) -> TimeValue | None:
    """News style: a bare weekday is this week's if it is the anchor's day, else the most recent
    one, or the next one when the tense or the word says future."""
    if m["rest"]:
        return resolve(m["rest"], anchor, tense, ctx)
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
    return day_value(d, "relative")


WEEK_OF = r"(?:the )?week (?:of|beginning|starting|ending) (?P<rest>.+)"


def week_of(
    m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context, *, resolve: Resolve
) -> TimeValue | None:
    inner = resolve(m["rest"], anchor, tense, ctx)
    if inner is None or inner.precision != "day" or inner.start is None:
        return None
    return week_value(inner.start, inner.method)


_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year day": (1, 1), "new year's day": (1, 1), "new year eve": (12, 31),
    "new year's eve": (12, 31), "valentine day": (2, 14), "halloween": (10, 31),
    "independence day": (7, 4), "bastille day": (7, 14), "boxing day": (12, 26),
}  # fmt: skip

HOLIDAY = (
    r"(?:(?P<rel>last|next|this) )?(?P<name>"
    + "|".join(re.escape(h) for h in sorted(_HOLIDAYS, key=len, reverse=True))
    + r"|thanksgiving(?: day)?)"
    rf"(?: {YEAR_RE})?"
)


def holiday(m: re.Match[str], anchor: date | None, tense: Tense, ctx: Context) -> TimeValue | None:
    def on(year: int) -> date:
        if m["name"].startswith("thanksgiving"):  # fourth Thursday of November (US)
            first = date(year, 11, 1)
            return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
        return date(year, *_HOLIDAYS[m["name"]])

    if m["year"]:
        return day_value(on(int(m["year"])), "explicit")
    if anchor is None:
        return None
    rel_tense: Tense = {"last": "past", "next": "future"}.get(m["rel"] or "", tense)  # type: ignore[assignment]
    if m["rel"] in ("last", "next"):
        candidates = [on(y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        if m["rel"] == "last":
            return day_value(max(d for d in candidates if d < anchor), "relative")
        return day_value(min(d for d in candidates if d > anchor), "relative")
    year = _nearest_year(anchor, rel_tense, on, DAY_SLACK)
    return day_value(on(year), "relative")
