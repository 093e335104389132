"""One spelling per page: a link decorated with tracking parameters, a fragment, a default port
or upper case is recognised as the stored page and not fetched again."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from flows.download import Downloader, Limits
from flows.fetch import fetch_page, iter_feed, iter_url_list
from flows.politeness import Manners, PoliteClient
from flows.urlnorm import normalize_url
from flows.urlsafety import Allowance
from pipeline.model import RawArticle

from .webserver import Handler, serve

PAGE = b"<html><head><title>Talks</title></head><body><p>Envoys met.</p></body></html>"


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://example.org/a", "https://example.org/a"),
        ("HTTPS://Example.ORG:443/a", "https://example.org/a"),
        ("http://example.org:80", "http://example.org/"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a"),
        ("https://example.org/a?id=7&fbclid=X1&gclid=Y2&UTM_Campaign=z", "https://example.org/a?id=7"),
        ("https://example.org/a?b=2&a=1&a=0", "https://example.org/a?a=1&a=0&b=2"),
        ("https://example.org/a?q=caf%C3%A9+au+lait", "https://example.org/a?q=caf%C3%A9+au+lait"),
        ("https://example.org/A/B/", "https://example.org/A/B/"),
        ("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"),
        ("https://user:Secret@Example.org/a", "https://user:Secret@example.org/a"),
        ("ftp://Example.org/a", "ftp://Example.org/a"),
        ("http://[broken/a", "http://[broken/a"),
    ],
)
def test_normalize_url(url: str, expected: str):
    assert normalize_url(url) == expected


@pytest.fixture
def server():
    def page(handler: Handler) -> None:
        handler.send(200, PAGE)

    with serve({"/a": page, "/b": page}) as running:
        yield running


@pytest.fixture
def web():
    allowance = Allowance(networks=(ipaddress.ip_network("127.0.0.1/32"),))
    with PoliteClient(Downloader(Limits(), allowance), Manners(host_delay=0)) as client:
        yield client


def test_a_page_is_requested_and_stored_under_its_normal_url(server, web):
    article = fetch_page(server.url("/a?utm_source=rss&x=1#top"), client=web)
    assert isinstance(article, RawArticle)
    assert article.document == article.url == server.url("/a?x=1")
    assert server.hits == {"/robots.txt": 1, "/a?x=1": 1}


def test_a_url_list_skips_a_stored_page_spelled_with_tracking_parameters(
    server, web, tmp_path: Path
):
    stored = {server.url("/a")}
    listing = tmp_path / "reading.urls"
    listing.write_text(
        f"{server.url('/a?utm_source=rss')}\n{server.url('/a#more')}\n{server.url('/b?fbclid=1')}\n"
    )
    results = list(iter_url_list(listing, skip_url=stored.__contains__, client=web))
    assert [r.document for r in results] == [server.url("/b")]
    assert server.hits["/a"] == 0


def test_a_feed_skips_a_stored_page_spelled_with_tracking_parameters(server, web, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>W</title>'
        f"<item><title>A</title><link>{server.url('/a?utm_source=rss')}</link></item>"
        f"<item><title>B</title><link>{server.url('/b?utm_medium=feed#x')}</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    stored = {server.url("/a")}
    results = list(iter_feed(str(feed), skip_url=stored.__contains__, client=web))
    assert [(r.title, r.url) for r in results] == [("B", server.url("/b"))]
    assert server.hits["/a"] == 0
