"""The publication date of an article, from what the page itself says.

Every relative date in an article ("on Friday", "last month") is resolved against its
publication date, so a wrong one shifts every event. This module only reports a date the
page states: HTML metadata (htmldate with its extensive search off, so it does not guess
from arbitrary numbers in the page), a date header in the first lines of the text, or a
date in the URL path. It never returns today's date: a parser that falls back to "now" or
the ingestion time would be indistinguishable from a real date of today.

Callers try their source's own metadata (a feed's pubDate, a manifest column) first.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import date

import htmldate

from pipeline.timex import normalize

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["find_published"]

# How many non-empty lines at the top of the text may carry a date header or dateline.
HEAD_LINES = 8
# Years before this are taken for typos or archive pages, not publication dates.
EARLIEST_YEAR = 1990
HTML_MAX_DATE = "2199-12-31"

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_YEAR = r"(?:19|20)\d{2}"
# A full date written out: ISO, "May 08 2018", "Sept. 3, 2025", "3 September 2025".
_FULL_DATE = re.compile(
    rf"\b(?:{_YEAR}-\d{{2}}-\d{{2}}|{_YEAR}[/.]\d{{1,2}}[/.]\d{{1,2}}"
    rf"|{_WEEKDAY}{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|{_WEEKDAY}\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR})\b",
    re.IGNORECASE,
)
# "Published: 3 September 2025", "date 2025-09-08", "First Published: May 08 2018".
_LABEL = re.compile(
    r"^\W*(?:first\s+)?(?:date(?:d|line)?|published(?:\s+on)?|posted(?:\s+on)?|"
    r"publication\s+date|released|issued)\b\s*[:\-|]?\s*",
    re.IGNORECASE,
)
# A line that is nothing but a date, maybe with a time or a byline around it.
_DATE_LINE = re.compile(
    rf"^\W*(?:by\s+[^|\u2022]+[|\u2022]\s*)?(?P<date>{_FULL_DATE.pattern})"
    r"(?:\s*(?:[|,\u2022-]\s*)?(?:\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?)?\W*$",
    re.IGNORECASE,
)
# A wire dateline: "SEOUL, Sept. 8 (Yonhap) --", "BEIJING, Sept 3, 2025 (Xinhua) -".
_DATELINE = re.compile(
    rf"^\W*[A-Z][A-Za-z .'-]+,\s+(?P<date>{_MONTH}\s+\d{{1,2}}(?:,?\s+{_YEAR})?)"
    r"\s*\([A-Z][\w .&-]*\)"
)
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01])(?:/|$|[-_.])"
)
_ANY_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def find_published(
    *, text: str | None = None, html: str | None = None, url: str | None = None
) -> tuple[date, str] | None:
    """Find an article's publication date in its HTML metadata, its text or its URL.

    text (str | None): the article text; its first lines are searched for a date header
        ("Published: 3 September 2025") or a wire dateline ("SEOUL, Sept. 8 (Yonhap)").
    html (str | None): the raw page; its metadata is read with htmldate's extensive search
        off and original (not modified) dates preferred.
    url (str | None): the address; dates in the path (/2018/05/13/) are read.
    RETURNS (tuple[date, str] | None): the date and where it came from ('html', 'dateline'
        or 'url'), or None when none of them states a plausible date.
    """
    today = date.today()
    url_date = _from_url(url) if url else None
    candidates = (
        ("html", _from_html(html) if html else None),
        ("dateline", _from_text(text, url_date) if text else None),
        ("url", url_date),
    )
    for source, value in candidates:
        if value is not None and _plausible(value, today):
            logger.debug("publication date %s from %s", value, source)
            return value, source
    return None


def _plausible(value: date, today: date) -> bool:
    return EARLIEST_YEAR <= value.year and value < today


def _from_html(html: str) -> date | None:
    try:
        # With its default ceiling (today) htmldate turns a later meta date into the first of
        # the current month; a distant ceiling keeps the stated date for `_plausible` to judge.
        found = htmldate.find_date(
            html, extensive_search=False, original_date=True, max_date=HTML_MAX_DATE
        )
    except (ValueError, TypeError) as exc:  # malformed markup that lxml cannot parse
        logger.debug("htmldate failed: %s", exc)
        return None
    return date.fromisoformat(found) if found else None


def _explicit_day(words: str) -> date | None:
    """A date that names its own year, month and day; anything vaguer is no publication date."""
    value = normalize(words, None)
    if value is None or value.precision != "day" or value.start is None:
        return None
    return value.start


def _from_text(text: str, url_date: date | None) -> date | None:
    """A date header, a date-only line or a wire dateline in the first lines of the text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEAD_LINES]
    for line in lines:
        label = _LABEL.match(line)
        if label is not None:
            m = _FULL_DATE.search(line, label.end())
            if m is not None and (value := _explicit_day(m.group(0))) is not None:
                return value
        m = _DATE_LINE.match(line)
        if m is not None and (value := _explicit_day(m["date"])) is not None:
            return value
        m = _DATELINE.match(line)
        if m is not None:
            return _dateline_day(m["date"], text, url_date)
    return None


def _dateline_day(words: str, text: str, url_date: date | None) -> date | None:
    """A wire dateline often omits the year: take the URL's, else the year the text names most
    often (not after this year)."""
    if _ANY_YEAR.search(words):
        return _explicit_day(words)
    if url_date is not None:
        year = url_date.year
    else:
        this_year = date.today().year
        years = Counter(
            int(y) for y in _ANY_YEAR.findall(text) if EARLIEST_YEAR <= int(y) <= this_year
        )
        if not years:
            return None
        year = years.most_common(1)[0][0]
    return _explicit_day(f"{words} {year}")


def _from_url(url: str) -> date | None:
    m = _URL_DATE.search(url)
    if m is None:
        return None
    year, month, day = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
