"""Name keys: one spelling-insensitive key per way of writing a name.

Pure string code (no spaCy), shared by the actor resolver and the database's alias table so
both look names up by the same key.
"""

from __future__ import annotations

import unicodedata

# Non-ASCII punctuation folded like its ASCII counterpart before the ASCII folding below.
_UNICODE_PUNCT = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'",
    }
)  # fmt: skip


def fold_name(text: str) -> str:
    """Lowercase, strip accents and fold punctuation, keeping spaces (no whitespace collapse).

    Chained `replace` calls: several times faster than `translate` on the short ASCII strings
    that make up nearly all of the knowledge base, which matters for loading it.
    """
    if not text.isascii():
        text = "".join(
            ch
            for ch in unicodedata.normalize("NFKD", text.translate(_UNICODE_PUNCT))
            if not unicodedata.combining(ch)
        )
    return (
        text.lower()
        .replace("-", " ")
        .replace("_", " ")
        .replace(",", " ")
        .replace("/", " ")
        .replace(".", "")
        .replace("'", "")
        .replace("`", "")
    )


def normalize_alias(text: str) -> str:
    """Return the lookup key of a name: lowercase, no accents, hyphens/dots/apostrophes folded.

    "Kim Jong-un", "Kim Jong Un" and "KIM JONG-UN" share one key ("kim jong un"); "U.S." and
    "US" share "us". The database stores this key in its alias table for the same lookups.
    """
    return " ".join(fold_name(text).split())
