"""Long texts cut into pieces for the spaCy model, at paragraph breaks where possible.

spaCy refuses texts over `nlp.max_length` (1,000,000 characters), and the extraction stages
slow down faster than linearly on very long documents, while the size limit of an article is
5 MB. A text longer than PIECE_CHARS is therefore extracted piece by piece; every news article
is far shorter and is extracted whole.
"""

from __future__ import annotations

import re

# Longest piece extracted at once: a hundred times a long news article, a tenth of spaCy's
# limit, and short enough that the extraction of one piece takes about a second.
PIECE_CHARS = 100_000
# Where a piece may end, best first: after a blank line, a line break, a sentence end, a space.
BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?…][\"'”’)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """Return the pieces of `text`, each at most `limit` characters, with their start offsets.

    text (str): the article text.
    limit (int): the longest piece, at least 1.
    RETURNS (list[tuple[int, str]]): (offset, piece) pairs in order; the pieces joined are
        `text`. A piece ends after the last break of the best kind within the limit (see
        BREAKS), or at the limit when there is none.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = start + _piece_length(text[start : start + limit])
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _piece_length(window: str) -> int:
    """Return where the piece that starts `window` ends: after its last break of the best kind."""
    for pattern in BREAKS:
        last = None
        for last in pattern.finditer(window):  # noqa: B007 - only the last match is wanted
            pass
        if last is not None:
            return last.end()
    return len(window)
