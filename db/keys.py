"""Event keys: what makes an event the same event when its article is edited or re-extracted.

An event's `event_uid` is derived from what the event is, never from where it sits in a text:

- the article's identity: its URL, which stays when the page is edited (a new text at a URL is
  the next version of the same article); an article without a URL has no identity but its
  text, so its content hash stands in (document ids are only unique within one source, two
  folders may both hold `a.txt`);
- the CAMEO code, the participants with their roles (sorted), and the date value;
- a fingerprint of the first evidence sentence: its words, casefolded, whitespace collapsed.

So an edit elsewhere in the article keeps the key (the writer then updates the row in place,
offsets and all), while an edit of the sentence itself, even one word, gives a new key: the
old event is deleted and the new one inserted. Two events of one article with the same code,
participants, date and sentence are one event (the writer merges their evidence).
"""

from __future__ import annotations

import hashlib

from pipeline.model import Event

# Separators that cannot occur in names, codes, dates or normalised sentences: between the
# key's fields, between participants, and between a participant's kind, name and role.
_FIELD = "\x1f"
_ITEM = "\x1e"
_PART = "\x1d"


def article_key(url: str | None, content_hash: str) -> str:
    """Return the identity of an article for its events' keys: its URL, else its content hash."""
    return f"url:{url}" if url is not None else f"text:{content_hash}"


def sentence_fingerprint(sentence: str) -> str:
    """Return the sentence as its key sees it: casefolded, whitespace runs made one space."""
    return " ".join(sentence.split()).casefold()


def event_uid(article: str, event: Event) -> str:
    """Return the stable key of `event` reported by the article with key `article`.

    article (str): `article_key` of the reporting article.
    RETURNS (str): 64 hex digits (SHA-256 of the fields the module docstring lists).
    """
    participants = sorted({(p.actor.kind, p.actor.name, p.role) for p in event.participants})
    sentence = sentence_fingerprint(event.evidence[0].sentence) if event.evidence else ""
    key = _FIELD.join(
        [
            article,
            event.code,
            _ITEM.join(_PART.join(participant) for participant in participants),
            event.date.value or "",
            sentence,
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
