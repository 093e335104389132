"""Feeds are asked for with the validators of their last complete download: an unchanged feed
answers 304 and yields nothing; validators are handed over only after the last entry."""

from __future__ import annotations

import ipaddress

import pytest

from flows.download import Downloader, Limits, Validators
from flows.fetch import iter_feed
from flows.politeness import Manners, PoliteClient
from flows.urlsafety import Allowance
from pipeline.model import RawArticle

from .webserver import Handler, Server, serve

PAGE = b"<html><head><title>Talks</title></head><body><p>Envoys met.</p></body></html>"
ETAG = '"feed-v1"'
LAST_MODIFIED = "Mon, 03 Mar 2025 10:00:00 GMT"


class Memory:
    """A FeedMemory in a dict."""

    def __init__(self) -> None:
        self.kept: dict[str, Validators] = {}

    def recall(self, url: str) -> Validators | None:
        return self.kept.get(url)

    def remember(self, url: str, validators: Validators) -> None:
        self.kept[url] = validators


def feed(handler: Handler) -> None:
    """An RSS feed of two pages that honours If-None-Match and If-Modified-Since."""
    if handler.headers.get("If-None-Match") == ETAG or (
        handler.headers.get("If-Modified-Since") == LAST_MODIFIED
    ):
        handler.send(304, content_type=None, Content_Length="0")
        return
    base = f"http://127.0.0.1:{handler.server.port}"
    items = "".join(
        f"<item><title>{path}</title><link>{base}{path}</link></item>" for path in ("/a", "/b")
    )
    body = f'<rss version="2.0"><channel><title>W</title>{items}</channel></rss>'.encode()
    handler.send(200, body, "application/rss+xml", ETag=ETAG, Last_Modified=LAST_MODIFIED)


def page(handler: Handler) -> None:
    handler.send(200, PAGE)


@pytest.fixture
def server():
    with serve({"/feed": feed, "/a": page, "/b": page}) as running:
        yield running


@pytest.fixture
def web():
    allowance = Allowance(networks=(ipaddress.ip_network("127.0.0.1/32"),))
    with PoliteClient(Downloader(Limits(), allowance), Manners(host_delay=0)) as client:
        yield client


def test_an_unchanged_feed_yields_nothing_the_second_time(server: Server, web):
    memory = Memory()
    first = list(iter_feed(server.url("/feed"), client=web, memory=memory))
    assert [type(item) for item in first] == [RawArticle, RawArticle]
    assert memory.kept == {server.url("/feed"): Validators(ETAG, LAST_MODIFIED)}

    assert list(iter_feed(server.url("/feed"), client=web, memory=memory)) == []
    assert server.hits["/feed"] == 2
    assert server.hits["/a"] == server.hits["/b"] == 1


@pytest.mark.parametrize(
    "validators",
    [Validators(etag=ETAG), Validators(last_modified=LAST_MODIFIED)],
)
def test_either_validator_alone_makes_the_request_conditional(server: Server, web, validators):
    memory = Memory()
    memory.kept[server.url("/feed")] = validators
    assert list(iter_feed(server.url("/feed"), client=web, memory=memory)) == []
    assert server.hits["/a"] == 0


def test_a_feed_read_only_in_part_keeps_no_validators(server: Server, web):
    memory = Memory()
    entries = iter_feed(server.url("/feed"), client=web, memory=memory)
    next(entries)
    entries.close()
    assert memory.kept == {}


def test_without_memory_the_feed_is_read_in_full_every_time(server: Server, web):
    for _ in range(2):
        assert len(list(iter_feed(server.url("/feed"), client=web))) == 2
    assert server.hits["/a"] == 2
