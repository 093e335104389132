"""The words of dates: weekdays, months, numbers, seasons, reference phrases, and the regex
fragments that spell them for the rules."""

from __future__ import annotations

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

ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty first": 21, "twenty second": 22,
}  # fmt: skip

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

# How many units a relation word moves from the anchor ("last week", "the coming year").
UNIT_SHIFT = {
    "last": -1, "past": -1, "this past": -1, "previous": -1, "preceding": -1, "next": 1,
    "coming": 1, "this coming": 1, "following": 1, "latest": -1, "most recent": -1,
    "recent": -1,
}  # fmt: skip

MONTH_RE = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
MONTH_ANY = MONTH_RE.replace("(?P<month>", "(?:")
DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_RE = r"(?P<year>1\d{3}|20\d{2}|21\d{2})"
WEEKDAY_RE = (
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|"
    r"thurs|thu|fri|sat|sun)\.?"
)
NUMBER_RE = r"(?P<n>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
UNIT_RE = r"(?P<unit>day|week|month|quarter|year|decade|century|centurie)s?"
