"""Feed validators: stored per feed URL, replaced on the next complete download."""

from __future__ import annotations

from sqlalchemy import Engine

from db.feeds import feed_validators, store_feed_validators

FEED = "https://example.org/world/rss.xml"


def test_a_feed_without_stored_validators_has_none(engine: Engine) -> None:
    assert feed_validators(engine, FEED) is None


def test_validators_are_stored_then_replaced(engine: Engine) -> None:
    store_feed_validators(engine, FEED, '"v1"', "Mon, 03 Mar 2025 10:00:00 GMT")
    store_feed_validators(engine, "https://example.org/other.xml", '"x"', None)
    store_feed_validators(engine, FEED, None, "Tue, 04 Mar 2025 10:00:00 GMT")
    assert feed_validators(engine, FEED) == (None, "Tue, 04 Mar 2025 10:00:00 GMT")
    assert feed_validators(engine, "https://example.org/other.xml") == ('"x"', None)
