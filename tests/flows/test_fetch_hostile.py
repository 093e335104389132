"""Servers that misbehave cannot hold, flood or crash a fetch: gzip bombs, lying Content-Length,
trickling and silent servers, and Retry-After asking for more or less than the deadline allows.
Each failure is one readable line on the article's error row."""

from __future__ import annotations

import gzip
import ipaddress
import time
import tracemalloc
from datetime import UTC, datetime

import pytest

from flows.download import Downloader, Limits, retry_after_seconds
from flows.fetch import fetch_page
from flows.politeness import Manners, PoliteClient
from flows.urlsafety import Allowance
from pipeline.model import ArticleError, RawArticle

from .webserver import Handler, serve, silent, trickle

PAGE = b"<html><head><title>Talks</title></head><body><p>Envoys met.</p></body></html>"
LOCAL = Allowance(networks=(ipaddress.ip_network("127.0.0.1/32"),))
NO_WAIT = Manners(host_delay=0)
# 50 MB of zeros in about 50 KB, made once, outside the memory measured.
BOMB = gzip.compress(b"\0" * 50_000_000, compresslevel=9)


def client(limits: Limits) -> PoliteClient:
    return PoliteClient(Downloader(limits, LOCAL), NO_WAIT)


def page(handler: Handler) -> None:
    handler.send(200, PAGE)


def gzip_bomb(handler: Handler) -> None:
    handler.send(200, BOMB, Content_Encoding="gzip")


def test_a_gzip_bomb_stops_at_the_limit_without_inflating_in_memory():
    with serve({"/bomb": gzip_bomb, "/page": page}) as server:
        with client(Limits(max_bytes=1_000_000, retry_delays=())) as web:
            tracemalloc.start()
            try:
                error = fetch_page(server.url("/bomb"), client=web)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            after = fetch_page(server.url("/page"), client=web)
    assert isinstance(error, ArticleError)
    assert "response exceeds the 1,000,000-byte limit" in error.message
    assert peak < 8_000_000  # inflating the whole body would take 50 MB
    assert isinstance(after, RawArticle)


def test_a_gzipped_page_is_read():
    def gzipped(handler: Handler) -> None:
        handler.send(200, gzip.compress(PAGE), Content_Encoding="gzip")

    with serve({"/page": gzipped}) as server, client(Limits(retry_delays=())) as web:
        article = fetch_page(server.url("/page"), client=web)
    assert isinstance(article, RawArticle)
    assert article.title == "Talks"


@pytest.mark.parametrize(
    "headers,body,expected",
    [
        ({"Content_Encoding": "br"}, PAGE, "unsupported Content-Encoding 'br'"),
        ({"Content_Encoding": "gzip"}, b"not gzip at all", "corrupt compressed body"),
        ({"Content_Length": "ten"}, PAGE, "malformed or broken response"),
    ],
)
def test_undecodable_or_malformed_bodies_are_refused(headers, body, expected):
    def odd(handler: Handler) -> None:
        handler.send(200, body, **headers)

    with serve({"/odd": odd}) as server, client(Limits(retry_delays=())) as web:
        error = fetch_page(server.url("/odd"), client=web)
    assert isinstance(error, ArticleError)
    assert expected in error.message


def test_a_body_shorter_than_its_content_length_is_reported_and_retried():
    def short(handler: Handler) -> None:
        handler.send(200, PAGE[:40], Content_Length="10000")
        handler.close_connection = True

    with serve({"/short": short}) as server, client(Limits(retry_delays=(0,))) as web:
        error = fetch_page(server.url("/short"), client=web)
    assert isinstance(error, ArticleError)
    assert "closed after 40 of the 10,000 bytes its Content-Length announced" in error.message
    assert "gave up after 2 attempts" in error.message
    assert server.hits["/short"] == 2


def test_a_content_length_shorter_than_the_body_spoils_no_later_request():
    def long(handler: Handler) -> None:
        handler.send(200, PAGE + b"<p>" + b"x" * 5000 + b"</p>", Content_Length="20")

    with serve({"/long": long, "/page": page}) as server, client(Limits()) as web:
        cut = fetch_page(server.url("/long"), client=web)
        after = fetch_page(server.url("/page"), client=web)
    assert isinstance(cut, RawArticle)
    assert cut.content == PAGE[:20].decode()
    assert isinstance(after, RawArticle)
    assert after.title == "Talks"


def test_a_trickling_server_holds_a_url_no_longer_than_the_deadline():
    limits = Limits(timeout=1.0, deadline=1.5, retry_delays=(0, 0))
    with serve({"/trickle": trickle}) as server, client(limits) as web:
        started = time.monotonic()
        error = fetch_page(server.url("/trickle"), client=web)
        elapsed = time.monotonic() - started
    assert isinstance(error, ArticleError)
    assert "no complete response within the 1.5 s deadline" in error.message
    assert elapsed < 2.5
    assert server.hits["/trickle"] == 1  # the deadline is not retried


def test_a_silent_server_holds_a_url_no_longer_than_the_deadline():
    limits = Limits(timeout=5.0, deadline=1.0, retry_delays=(0,))
    with serve({"/silent": silent}) as server, client(limits) as web:
        started = time.monotonic()
        error = fetch_page(server.url("/silent"), client=web)
        elapsed = time.monotonic() - started
    assert isinstance(error, ArticleError)
    assert "no complete response within the 1 s deadline" in error.message
    assert elapsed < 2.0


def test_retry_after_is_waited_before_the_retry(monkeypatch: pytest.MonkeyPatch):
    def busy_once(handler: Handler) -> None:
        if handler.server.hits["/busy"] == 1:
            handler.send(503, b"busy", Retry_After="7")
        else:
            page(handler)

    slept: list[float] = []
    monkeypatch.setattr("flows.download.time.sleep", slept.append)
    with serve({"/busy": busy_once}) as server, client(Limits(retry_delays=(1, 2))) as web:
        article = fetch_page(server.url("/busy"), client=web)
    assert isinstance(article, RawArticle)
    assert slept == [7]


def test_retry_after_past_the_deadline_ends_the_fetch_at_once(monkeypatch: pytest.MonkeyPatch):
    def throttled(handler: Handler) -> None:
        handler.send(429, b"slow down", Retry_After="120")

    slept: list[float] = []
    monkeypatch.setattr("flows.download.time.sleep", slept.append)
    limits = Limits(deadline=30, retry_delays=(1, 2))
    with serve({"/throttled": throttled}) as server, client(limits) as web:
        error = fetch_page(server.url("/throttled"), client=web)
    assert isinstance(error, ArticleError)
    assert error.message == (
        f"HTTP 429 Too Many Requests for {server.url('/throttled')} (not retried: waiting "
        "120 s would pass the 30 s deadline)"
    )
    assert slept == [] and server.hits["/throttled"] == 1


@pytest.mark.parametrize(
    "value,expected",
    [
        ("120", 120.0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_takes_seconds_or_a_date(value, expected):
    now = datetime(2015, 10, 21, 7, 28, tzinfo=UTC)
    assert retry_after_seconds(value, now) == expected


def test_a_silent_robots_txt_at_a_redirect_hop_does_not_extend_the_deadline():
    def robots(handler: Handler) -> None:
        if handler.server.hits["/robots.txt"] > 1:  # the second site's: silence
            handler.server.stopping.wait(10)
        handler.send(404)

    def moved(handler: Handler) -> None:
        handler.server.stopping.wait(0.5)  # half the page's time gone before the hop
        handler.send(302, Location=f"http://localhost:{handler.server.port}/page")

    limits = Limits(timeout=5.0, deadline=1.0, retry_delays=())
    allowance = Allowance(frozenset({"localhost"}), LOCAL.networks)
    routes = {"/robots.txt": robots, "/moved": moved, "/page": page}
    with serve(routes) as server, PoliteClient(Downloader(limits, allowance), NO_WAIT) as web:
        started = time.monotonic()
        error = fetch_page(server.url("/moved"), client=web)
        elapsed = time.monotonic() - started
    assert isinstance(error, ArticleError)
    assert "robots.txt unavailable (no complete response within the 1 s deadline" in error.message
    assert elapsed < 1.4 and server.hits["/page"] == 0
