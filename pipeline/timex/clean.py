"""An expression's text made ready for the rules: lower-cased, spoken numbers spelled as
digits (`clean`), and one layer of the words around a date that never change it peeled off
(`strip_qualifiers`): prepositions, hedges, modifiers, times of day."""

from __future__ import annotations

import re

from pipeline.timex.tense import Tense
from pipeline.timex.vocabulary import MONTH_RE, ORDINAL_WORDS

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
    rf"\b{MONTH_RE} (?P<ordinal>(?:twenty |thirty )?(?:first|second|third|fourth|fifth|sixth|"
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
    day = ORDINAL_WORDS.get(words[-1], 0) + (_TENS.get(words[0], 0) if len(words) == 2 else 0)
    if words[-1] in ("twentieth", "thirtieth"):
        day = 20 if words[-1] == "twentieth" else 30
    return f"{m['month']} {day}"


def clean(expression: str) -> str:
    """Lower-case and strip what never changes the date: quotes, brackets, possessives,
    hyphens, hedges ("or so"); spell spoken years and days as digits."""
    s = expression.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    s = re.sub(r"[\"`()\[\]]", " ", s)
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", s)  # third-quarter, mid-1990s, late-november
    s = re.sub(r"\s+", " ", s).strip(" ,;:!?")
    if s.endswith(".") and not re.search(rf"\b{MONTH_RE}$", s):
        s = s[:-1].strip()
    if "nineteen" in s or "twenty" in s or "thousand" in s:
        s = _SPOKEN_YEAR.sub(_spoken_year, s)
    s = _SPOKEN_ORDINAL_DAY.sub(_spoken_day, s)
    s = _HEDGE_SUFFIX.sub("", s)
    return _POSSESSOR.sub("the ", s)


def strip_qualifiers(text: str, tense: Tense) -> tuple[str, Tense]:
    """The text without one leading preposition, approximator and modifier and without its
    times of day, which never change the value ("early next year" is "next year"); a modifier
    "earlier" or "later" sets the tense."""
    stripped = _LEADING_PREPOSITION.sub("", text)
    stripped = _APPROXIMATOR.sub("", stripped)
    mod = _MODIFIER.match(stripped)
    if mod is not None:
        stripped = stripped[mod.end() :]
        if mod["mod"] in ("earlier", "later"):
            tense = "past" if mod["mod"] == "earlier" else "future"
    stripped = _TIME_OF_DAY.sub("", stripped).strip()
    stripped = _TIME_PREFIX.sub("", stripped).strip()
    return stripped, tense
