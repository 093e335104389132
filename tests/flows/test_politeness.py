"""robots.txt is obeyed (read once per site and run) and requests to a site are spaced by its
Crawl-delay or the default delay; DIPEVENTS_FETCH_ROBOTS=off skips robots.txt."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest

from flows.download import Downloader, Limits
from flows.fetch import fetch_page, iter_feed
from flows.politeness import Manners, PoliteClient
from flows.urlsafety import Allowance
from pipeline.model import ArticleError, RawArticle

from .webserver import Handler, Route, serve

PAGE = b"<html><head><title>Talks</title></head><body><p>Envoys met.</p></body></html>"
LOCAL = Allowance(frozenset({"localhost"}), (ipaddress.ip_network("127.0.0.1/32"),))
FAST = Limits(timeout=1.0, deadline=5.0, retry_delays=())


def client(manners: Manners) -> PoliteClient:
    return PoliteClient(Downloader(FAST, LOCAL), manners)


def page(handler: Handler) -> None:
    handler.send(200, PAGE)


def robots(text: str, status: int = 200) -> Route:
    def answer(handler: Handler) -> None:
        handler.send(status, text.encode(), "text/plain")

    return answer


def site(robots_route: Route, **routes: Route) -> dict[str, Route]:
    return {"/robots.txt": robots_route, "/a": page, "/b": page, "/private/c": page, **routes}


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits asked of time.sleep, which returns at once."""
    slept: list[float] = []
    monkeypatch.setattr("flows.politeness.time.sleep", slept.append)
    return slept


DISALLOW_PRIVATE = "User-agent: *\nDisallow: /private\n"
ONLY_US_BARRED = "User-agent: dipevents\nDisallow: /\n\nUser-agent: *\nAllow: /\n"


@pytest.mark.parametrize(
    "robots_route,path,allowed",
    [
        (robots(DISALLOW_PRIVATE), "/a", True),
        (robots(DISALLOW_PRIVATE), "/private/c", False),
        (robots("User-agent: *\nDisallow: /*?print=\n"), "/a?print=1", False),
        (robots(ONLY_US_BARRED), "/a", False),
        (robots("", status=404), "/private/c", True),
        (robots("", status=403), "/private/c", True),
        (robots("", status=503), "/a", False),
        (robots("", status=429), "/a", False),
    ],
)
def test_robots_txt_decides_what_is_fetched(
    sleeps: list[float], robots_route: Route, path: str, allowed: bool
):
    with serve(site(robots_route)) as server, client(Manners(host_delay=0)) as web:
        result = fetch_page(server.url(path), client=web)
    assert isinstance(result, RawArticle if allowed else ArticleError)
    assert sum(hits for p, hits in server.hits.items() if p != "/robots.txt") == int(allowed)


@pytest.mark.parametrize(
    "status,expected",
    [
        (200, "robots.txt disallows it for dipevents (DIPEVENTS_FETCH_ROBOTS=off ignores "
              "robots.txt): {url}"),
        (503, "robots.txt unavailable (HTTP 503 Service Unavailable for {robots}), which means "
              "'disallow all' until it answers (DIPEVENTS_FETCH_ROBOTS=off ignores robots.txt): "
              "{url}"),
    ],
)
def test_a_refusal_by_robots_says_why_in_one_line(sleeps, status: int, expected: str):
    with serve(site(robots(DISALLOW_PRIVATE, status))) as server:
        with client(Manners(host_delay=0)) as web:
            error = fetch_page(server.url("/private/c"), client=web)
    assert isinstance(error, ArticleError)
    assert error.message == expected.format(
        url=server.url("/private/c"), robots=server.url("/robots.txt")
    )


def test_robots_txt_is_read_once_per_site_and_run(sleeps: list[float]):
    with serve(site(robots(DISALLOW_PRIVATE))) as server:
        with client(Manners(host_delay=0)) as web:
            for path in ("/a", "/b", "/private/c", "/a"):
                fetch_page(server.url(path), client=web)
        with client(Manners(host_delay=0)) as next_run:
            fetch_page(server.url("/a"), client=next_run)
    assert server.hits["/robots.txt"] == 2
    assert server.hits["/private/c"] == 0


def test_a_redirect_into_a_disallowed_path_is_refused(sleeps: list[float]):
    def moved(handler: Handler) -> None:
        handler.send(301, Location="/private/c")

    with serve(site(robots(DISALLOW_PRIVATE), **{"/moved": moved})) as server:
        with client(Manners(host_delay=0)) as web:
            error = fetch_page(server.url("/moved"), client=web)
    assert isinstance(error, ArticleError)
    assert "robots.txt disallows it" in error.message
    assert server.hits["/moved"] == 1 and server.hits["/private/c"] == 0


def test_a_feed_robots_txt_disallows_is_not_fetched(sleeps: list[float]):
    feed = b'<rss version="2.0"><channel><title>W</title></channel></rss>'

    def rss(handler: Handler) -> None:
        handler.send(200, feed, "application/rss+xml")

    with serve(site(robots("User-agent: *\nDisallow: /feed\n"), **{"/feed": rss})) as server:
        with client(Manners(host_delay=0)) as web:
            (error,) = iter_feed(server.url("/feed"), client=web)
    assert isinstance(error, ArticleError)
    assert error.message.startswith("cannot fetch feed: robots.txt disallows it")
    assert server.hits["/feed"] == 0


def test_robots_off_fetches_what_robots_txt_disallows(sleeps: list[float]):
    with serve(site(robots("User-agent: *\nDisallow: /\n"))) as server:
        with client(Manners(robots=False, host_delay=0)) as web:
            article = fetch_page(server.url("/private/c"), client=web)
    assert isinstance(article, RawArticle)
    assert server.hits["/robots.txt"] == 0


def fetch_all(manners: Manners, robots_text: str, urls: Callable) -> None:
    with serve(site(robots(robots_text))) as server, client(manners) as web:
        for url in urls(server):
            assert isinstance(fetch_page(url, client=web), RawArticle)


@pytest.mark.parametrize(
    "manners,robots_text,expected_wait",
    [
        (Manners(host_delay=2.0), "User-agent: *\nCrawl-delay: 5\n", 5.0),
        (Manners(host_delay=2.0), "User-agent: *\nDisallow: /private\n", 2.0),
        (Manners(robots=False, host_delay=2.0), "User-agent: *\nCrawl-delay: 5\n", 2.0),
    ],
)
def test_requests_to_one_site_wait_its_crawl_delay_or_the_default(
    sleeps: list[float], manners: Manners, robots_text: str, expected_wait: float
):
    fetch_all(manners, robots_text, lambda server: [server.url("/a"), server.url("/b")])
    (wait,) = sleeps
    assert expected_wait - 1 < wait <= expected_wait


def test_requests_to_different_sites_do_not_wait_for_each_other(sleeps: list[float]):
    fetch_all(
        Manners(host_delay=5.0),
        "",
        lambda server: [server.url("/a"), f"http://localhost:{server.port}/b"],
    )
    assert sleeps == []


def test_a_crawl_delay_too_long_for_a_run_refuses_the_site(sleeps: list[float]):
    with serve(site(robots("User-agent: *\nCrawl-delay: 3600\n"))) as server:
        with client(Manners()) as web:
            error = fetch_page(server.url("/a"), client=web)
    assert isinstance(error, ArticleError)
    assert "robots.txt asks for 3600 s between requests, more than the 60 s" in error.message
    assert server.hits["/a"] == 0 and sleeps == []
