"""Datelines: where a wire story was filed, at the head of its text.

"SEOUL, Sept. 8 (Yonhap) --", "CAIRO —", "Quito, Ecuador (AP) –", "LIMA, March 4 (Andina):",
"Lima, 4 March 2024 (Andina):".
The place and the agency report the news and take no part in it; the dateline is no part of
the lead sentence's grammar either. A colon ends a dateline only after an agency in brackets,
so that a headline "Chile: talks resume" is not read as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DATELINE = re.compile(
    r"^\W*(?:date \d{4}-\d{2}-\d{2}\s+)?"
    r"(?P<place>[A-ZÀ-Ý][\wÀ-ỹ'.-]*(?: [A-ZÀ-Ý][\wÀ-ỹ'.-]*){0,3})"
    r"(?:,\s+(?:[A-Z][\w.]*(?: [A-Z][\w.]*)?(?:\s+\d{1,2})?|\d{1,2}\s+[A-Z][a-z]+\.?)"
    r"(?:,?\s+\d{4})?)?"
    r"\s*(?:(?P<agency>\([^)]{1,40}\))\s*:|(?:\([^)]{1,40}\))?\s*(?:[\u2013\u2014]|-{1,2}|\.-))\s"
)
DATELINE_LINES = 6  # non-empty lines at the top of the text that may carry the dateline


@dataclass(frozen=True)
class DatelineSpan:
    """A dateline's place name and the character span the dateline takes in the text."""

    place: str
    place_start: int
    end: int


def find_datelines(text: str) -> list[DatelineSpan]:
    """Return the datelines at the start of the first lines of a text, in text order."""
    found: list[DatelineSpan] = []
    offset = read = 0
    for line in text.splitlines(keepends=True):
        if read == DATELINE_LINES:
            break
        match = DATELINE.match(line)
        if match is not None:
            place = match["place"].strip(" .")
            found.append(DatelineSpan(place, offset + match.start("place"), offset + match.end()))
        offset += len(line)
        read += bool(line.strip())
    return found
