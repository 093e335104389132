"""The event_uid the writer gives an event of a newly stored result, for assertions."""

from __future__ import annotations

from db.keys import article_key, event_uid
from pipeline.model import Event, ExtractionResult


def uid(result: ExtractionResult, event: Event) -> str:
    """Return the key of `event` as stored with `result`'s article (its URL or its text)."""
    return event_uid(article_key(result.article.url, result.article.content_hash), event)
