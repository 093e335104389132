"""Web sources against a local HTTP server: pages, failures, retries, URL lists and feeds.

Everything is served from 127.0.0.1 on a free port by a thread the fixture stops; the client
is allowed to reach 127.0.0.1, waits nothing between requests, retry delays are injected as
zeros and timeouts are short, so the whole file runs in seconds.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flows.download import USER_AGENT_ENV, Downloader, Limits, user_agent
from flows.fetch import decode_body, fetch_page, iter_feed, iter_url_list, page_metadata
from flows.politeness import Manners, PoliteClient
from flows.urlsafety import Allowance
from pipeline.model import ArticleError, RawArticle

SHORT_TIMEOUT = 0.2
NO_DELAYS = (0.0, 0.0)  # two quick retries: three attempts in all
FAST = Limits(timeout=SHORT_TIMEOUT, retry_delays=NO_DELAYS)
LOCAL = Allowance(networks=(ipaddress.ip_network("127.0.0.1/32"),))
NO_WAIT = Manners(host_delay=0)


def make_client(limits: Limits = FAST, manners: Manners = NO_WAIT) -> PoliteClient:
    """A client allowed to reach the local test server, with short limits and no waits."""
    return PoliteClient(Downloader(limits, LOCAL), manners)


ARTICLE_HTML = b"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Ministers meet in Geneva | Daily Example</title>
<meta property="og:title" content="Ministers meet in Geneva">
<meta property="og:site_name" content="Daily Example">
<meta property="article:published_time" content="2025-03-04T08:00:00+01:00">
</head><body><article><h1>Ministers meet in Geneva</h1>
<p>GENEVA - The foreign ministers of France and Germany met on Tuesday.</p>
</article></body></html>"""

UNDATED_HTML = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Talks continue</title></head>
<body><p>Talks on the treaty continued this week.</p></body></html>"""

LATIN1_HTML = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    "<title>Gen\u00e8ve</title></head><body><p>R\u00e9union \u00e0 Gen\u00e8ve.</p></body></html>"
).encode("latin-1")

RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>{base}/</link><description>Diplomacy</description>
<item><title>Feed title for the Geneva meeting</title><link>{base}/article.html</link>
<pubDate>Mon, 03 Mar 2025 23:30:00 -0500</pubDate></item>
<item><title>Talks continue</title><link>{base}/undated.html</link></item>
<item><title>Duplicate link</title><link>{base}/article.html</link></item>
<item><title>Summary only</title><guid isPermaLink="false">wire-42</guid>
<description>&lt;p&gt;The envoy arrived in Cairo.&lt;/p&gt;</description>
<pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>
</channel></rss>"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Atom</title><id>urn:example:feed</id><updated>2025-03-05T00:00:00Z</updated>
<entry><title>Atom title</title><id>urn:example:1</id>
<link href="{base}/undated.html"/>
<published>2025-03-05T22:15:00+09:00</published><updated>2025-03-06T00:00:00Z</updated></entry>
</feed>"""


EMPTY_FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Quiet</title></channel></rss>"""


class Site(ThreadingHTTPServer):
    """A tiny web site: routes by path, counts requests, remembers their User-Agents."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.stopping = threading.Event()

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (timeout, size limit) closes the socket: expected here."""


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def send(self, status: int, body: bytes, content_type: str | None, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        site = self.server
        site.hits[self.path] += 1
        site.user_agents.append(self.headers.get("User-Agent", ""))
        routes: dict[str, Callable[[], None]] = {
            "/article.html": lambda: self.send(200, ARTICLE_HTML, "text/html; charset=utf-8"),
            "/undated.html": lambda: self.send(200, UNDATED_HTML, "text/html"),
            "/latin1.html": lambda: self.send(200, LATIN1_HTML, "text/html"),
            "/untyped.html": lambda: self.send(200, UNDATED_HTML, None),
            "/page.xhtml": lambda: self.send(200, UNDATED_HTML, "application/xhtml+xml"),
            "/notes.txt": lambda: self.send(200, b"Plain notes.", "text/plain; charset=utf-8"),
            "/report.pdf": lambda: self.send(200, b"%PDF-1.7 ...", "application/pdf"),
            "/data.json": lambda: self.send(200, b'{"a": 1}', "application/json"),
            "/photo.jpg": lambda: self.send(200, b"\xff\xd8\xff", "image/jpeg"),
            "/missing": lambda: self.send(404, b"no such page", "text/html"),
            "/gone": lambda: self.send(410, b"gone", "text/html"),
            "/forbidden": lambda: self.send(403, b"no", "text/html"),
            "/busy": lambda: self.send(503, b"busy", "text/html"),
            "/throttled": lambda: self.send(429, b"slow down", "text/html"),
            "/flaky": self.flaky,
            "/slow": self.slow,
            "/huge": lambda: self.send(200, b"<html>" + b"x" * 50_000, "text/html"),
            "/huge-unsized": self.huge_unsized,
            "/moved": lambda: self.send(302, b"", "text/html", Location="/article.html"),
            "/to-ftp": lambda: self.send(302, b"", "text/html", Location="ftp://127.0.0.1/x"),
            "/feed.rss": lambda: self.send(
                200, RSS_FEED.format(base=site.base).encode(), "application/rss+xml"
            ),
            "/feed.atom": lambda: self.send(
                200, ATOM_FEED.format(base=site.base).encode(), "application/atom+xml"
            ),
            "/broken-feed": lambda: self.send(200, b"this is not a feed at all", "text/plain"),
            "/truncated-feed": lambda: self.send(
                200, RSS_FEED.format(base=site.base).encode()[:150], "application/rss+xml"
            ),
            "/empty-feed": lambda: self.send(200, EMPTY_FEED, "application/rss+xml"),
        }
        routes.get(self.path, lambda: self.send(404, b"", "text/plain"))()

    def flaky(self) -> None:
        """Fail with a 500 on the first request, then serve the article."""
        if self.server.hits[self.path] == 1:
            self.send(500, b"oops", "text/html")
        else:
            self.send(200, ARTICLE_HTML, "text/html; charset=utf-8")

    def slow(self) -> None:
        """Answer only after a client with SHORT_TIMEOUT has given up."""
        self.server.stopping.wait(SHORT_TIMEOUT * 5)
        self.send(200, ARTICLE_HTML, "text/html")

    def huge_unsized(self) -> None:
        """Stream a large body with no Content-Length: the limit must apply while reading."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(50):
            self.wfile.write(b"x" * 1_000)


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def client() -> Iterator[PoliteClient]:
    with make_client() as web:
        yield web


@pytest.fixture
def fast_fetch(client: PoliteClient) -> Callable[[str], RawArticle | ArticleError]:
    return partial(fetch_page, client=client)


def test_fetch_page_returns_html_with_the_metadata_the_page_states(site: Site, fast_fetch) -> None:
    article = fast_fetch(site.url("/article.html"))
    assert isinstance(article, RawArticle)
    assert article.document == article.url == site.url("/article.html")
    assert article.content_type == "html"
    assert "foreign ministers of France and Germany" in article.content
    assert article.title == "Ministers meet in Geneva"
    assert article.source == "Daily Example"
    assert (article.published, article.published_from) == (date(2025, 3, 4), "html")


def test_fetch_page_leaves_the_date_empty_when_the_page_states_none(site: Site, fast_fetch) -> None:
    article = fast_fetch(site.url("/undated.html"))
    assert isinstance(article, RawArticle)
    assert (article.published, article.published_from) == (None, None)
    assert article.title == "Talks continue"


def test_fetch_page_sends_an_honest_user_agent_with_the_contact_setting(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(USER_AGENT_ENV, "mailto:desk@example.org")
    with make_client() as web:
        fetch_page(site.url("/article.html"), client=web)
    assert site.hits["/robots.txt"] == site.hits["/article.html"] == 1
    assert set(site.user_agents) == {user_agent()}
    assert user_agent().startswith("dipevents/")
    assert user_agent().endswith("(+mailto:desk@example.org)")


@pytest.mark.parametrize(
    "path,content_type,expected_text",
    [
        ("/notes.txt", "text", "Plain notes."),
        ("/page.xhtml", "html", "Talks on the treaty"),
        ("/untyped.html", "html", "Talks on the treaty"),
        ("/latin1.html", "html", "R\u00e9union \u00e0 Gen\u00e8ve"),
    ],
)
def test_fetch_page_accepts_html_and_plain_text(
    site: Site, path: str, content_type: str, expected_text: str, fast_fetch
) -> None:
    article = fast_fetch(site.url(path))
    assert isinstance(article, RawArticle)
    assert article.content_type == content_type
    assert expected_text in article.content


@pytest.mark.parametrize(
    "path,expected_message",
    [
        ("/report.pdf", "not an HTML page (content-type application/pdf)"),
        ("/data.json", "not an HTML page (content-type application/json)"),
        ("/photo.jpg", "not an HTML page (content-type image/jpeg)"),
    ],
)
def test_fetch_page_rejects_other_content_types(
    site: Site, path: str, expected_message: str, fast_fetch
) -> None:
    error = fast_fetch(site.url(path))
    assert isinstance(error, ArticleError)
    assert error.stage == "fetch"
    assert expected_message in error.message


@pytest.mark.parametrize(
    "path,expected_message",
    [
        ("/missing", "HTTP 404 Not Found for {url}"),
        ("/gone", "HTTP 410 Gone for {url}"),
        ("/forbidden", "HTTP 403 Forbidden for {url}"),
    ],
)
def test_fetch_page_does_not_retry_client_errors(
    site: Site, path: str, expected_message: str, fast_fetch
) -> None:
    url = site.url(path)
    error = fast_fetch(url)
    assert isinstance(error, ArticleError)
    assert (error.document, error.stage, error.message) == (
        url,
        "fetch",
        expected_message.format(url=url),
    )
    assert site.hits[path] == 1


@pytest.mark.parametrize(
    "path,expected_message",
    [
        ("/busy", "HTTP 503 Service Unavailable"),
        ("/throttled", "HTTP 429 Too Many Requests"),
    ],
)
def test_fetch_page_retries_server_errors_then_gives_up(
    site: Site, path: str, expected_message: str, fast_fetch
) -> None:
    error = fast_fetch(site.url(path))
    assert isinstance(error, ArticleError)
    assert expected_message in error.message
    assert "gave up after 3 attempts" in error.message
    assert site.hits[path] == len(NO_DELAYS) + 1


def test_fetch_page_retries_a_500_and_succeeds(site: Site, fast_fetch) -> None:
    article = fast_fetch(site.url("/flaky"))
    assert isinstance(article, RawArticle)
    assert article.title == "Ministers meet in Geneva"
    assert site.hits["/flaky"] == 2


def test_fetch_page_times_out_on_a_slow_page_after_retries(site: Site, fast_fetch) -> None:
    started = time.monotonic()
    error = fast_fetch(site.url("/slow"))
    assert isinstance(error, ArticleError)
    assert "timed out after 0.2 s" in error.message
    assert "gave up after 3 attempts" in error.message
    assert site.hits["/slow"] == 3
    assert time.monotonic() - started < 3


def test_fetch_page_waits_the_given_delays_between_attempts(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr("flows.download.time.sleep", slept.append)
    with make_client(Limits(retry_delays=(1, 2, 4))) as web:
        fetch_page(site.url("/busy"), client=web)
    assert slept == [1, 2, 4]
    assert site.hits["/busy"] == 4


@pytest.mark.parametrize(
    "path,expected_message",
    [
        ("/huge", "response is 50,006 bytes, over the 10,000-byte limit"),
        ("/huge-unsized", "response exceeds the 10,000-byte limit"),
    ],
)
def test_fetch_page_stops_past_max_bytes(site: Site, path: str, expected_message: str) -> None:
    with make_client(Limits(max_bytes=10_000, retry_delays=())) as web:
        error = fetch_page(site.url(path), client=web)
    assert isinstance(error, ArticleError)
    assert expected_message in error.message
    assert site.hits[path] == 1


def test_fetch_page_follows_redirects_and_keeps_the_final_url(site: Site, fast_fetch) -> None:
    requested = site.url("/moved")
    article = fast_fetch(requested)
    assert isinstance(article, RawArticle)
    assert article.document == requested
    assert article.url == site.url("/article.html")


@pytest.mark.parametrize(
    "url,expected_message",
    [
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("ftp://127.0.0.1/pub/a.html", "unsupported URL scheme 'ftp'"),
        ("127.0.0.1/article.html", "unsupported URL scheme '(none)'"),
    ],
)
def test_fetch_page_rejects_non_http_urls(url: str, expected_message: str, client) -> None:
    error = fetch_page(url, client=client)
    assert isinstance(error, ArticleError)
    assert error.stage == "fetch"
    assert expected_message in error.message


def test_fetch_page_refuses_a_redirect_to_another_scheme(site: Site, fast_fetch) -> None:
    error = fast_fetch(site.url("/to-ftp"))
    assert isinstance(error, ArticleError)
    assert "ftp" in error.message
    assert site.hits["/to-ftp"] == 1


@pytest.mark.parametrize(
    "body,declared,html,expected",
    [
        ("caf\u00e9".encode(), None, True, "caf\u00e9"),
        ("caf\u00e9".encode("cp1252"), None, True, "caf\u00e9"),
        ("caf\u00e9".encode("latin-1"), "iso-8859-1", False, "caf\u00e9"),
        ("caf\u00e9".encode("utf-8-sig"), "iso-8859-1", True, "caf\u00e9"),
        (
            b'<meta charset="koi8-r">' + "\u043c\u0438\u0440".encode("koi8-r"),
            None,
            True,
            "\u043c\u0438\u0440",
        ),
        (b"caf\xe9", "no-such-charset", False, "caf\u00e9"),
        (b"caf\xe9 ok", "utf-8", False, "caf\ufffd ok"),
    ],
)
def test_decode_body_follows_bom_header_then_meta(
    body: bytes, declared: str | None, html: bool, expected: str
) -> None:
    assert expected in decode_body(body, declared, html=html)


def test_url_list_skips_comments_blanks_and_duplicates(site: Site, tmp_path: Path, client) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# diplomacy sources\n"
        f"{site.url('/article.html')}\n"
        "\n"
        f"   {site.url('/undated.html')}   # trailing note\n"
        f"{site.url('/article.html')}\n"
        f"{site.url('/missing')}\n"
    )
    results = list(iter_url_list(listing, client=client))
    assert [r.document for r in results] == [
        site.url("/article.html"),
        site.url("/undated.html"),
        site.url("/missing"),
    ]
    assert [type(r) for r in results] == [RawArticle, RawArticle, ArticleError]
    assert site.hits["/article.html"] == 1


def test_url_list_does_not_request_skipped_urls(site: Site, tmp_path: Path, client) -> None:
    stored = {site.url("/article.html")}
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{site.url('/article.html')}\n{site.url('/undated.html')}\n")
    results = list(iter_url_list(listing, skip_url=stored.__contains__, client=client))
    assert [r.document for r in results] == [site.url("/undated.html")]
    assert site.hits["/article.html"] == 0


def test_url_list_that_cannot_be_read_yields_one_error(tmp_path: Path) -> None:
    results = list(iter_url_list(tmp_path / "absent.txt"))
    assert len(results) == 1
    assert isinstance(results[0], ArticleError)
    assert results[0].stage == "read"


def test_rss_feed_fetches_linked_pages_with_entry_title_and_date(site: Site, client) -> None:
    results = list(iter_feed(site.url("/feed.rss"), client=client))
    assert [(type(r), r.title) for r in results] == [
        (RawArticle, "Feed title for the Geneva meeting"),
        (RawArticle, "Talks continue"),
        (RawArticle, "Summary only"),
    ]
    geneva, undated, summary = results
    # The publisher's local date, not feedparser's UTC (which would be 4 March).
    assert (geneva.published, geneva.published_from) == (date(2025, 3, 3), "metadata")
    assert geneva.source == "Daily Example"
    assert (undated.published, undated.published_from, undated.source) == (
        None,
        None,
        "Example Wire",
    )
    assert summary.document == "wire-42"
    assert "The envoy arrived in Cairo." in summary.content
    assert (summary.published, summary.source, summary.url) == (
        date(2025, 3, 4),
        "Example Wire",
        None,
    )
    assert site.hits["/article.html"] == 1


def test_atom_feed_uses_entry_published_date(site: Site, client) -> None:
    (article,) = iter_feed(site.url("/feed.atom"), client=client)
    assert isinstance(article, RawArticle)
    assert article.title == "Atom title"
    assert article.url == site.url("/undated.html")
    assert (article.published, article.published_from) == (date(2025, 3, 5), "metadata")
    assert article.source == "Example Atom"


def test_feed_from_a_local_file_skips_stored_links(site: Site, tmp_path: Path, client) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS_FEED.format(base=site.base), encoding="utf-8")
    stored = {site.url("/article.html")}
    results = list(iter_feed(str(feed), skip_url=stored.__contains__, client=client))
    assert [r.title for r in results] == ["Talks continue", "Summary only"]
    assert site.hits["/article.html"] == 0
    assert site.hits["/feed.rss"] == 0


@pytest.mark.parametrize(
    "location,expected_stage,expected_message",
    [
        ("/broken-feed", "read", "not a valid RSS/Atom feed"),
        ("/truncated-feed", "read", "not a valid RSS/Atom feed"),
        ("/missing", "fetch", "HTTP 404 Not Found"),
        ("ftp://127.0.0.1/feed.xml", "fetch", "unsupported feed URL scheme 'ftp'"),
        ("no/such/feed.xml", "read", "cannot read feed"),
    ],
)
def test_broken_feed_yields_one_error(
    site: Site, location: str, expected_stage: str, expected_message: str, client
) -> None:
    target = site.url(location) if location.startswith("/") else location
    results = list(iter_feed(target, client=client))
    assert len(results) == 1
    assert isinstance(results[0], ArticleError)
    assert results[0].stage == expected_stage
    assert expected_message in results[0].message


def test_valid_feed_without_entries_yields_nothing(site: Site, client) -> None:
    assert list(iter_feed(site.url("/empty-feed"), client=client)) == []


@pytest.mark.parametrize(
    "item,expected",
    [
        (
            '<item><title>Bare</title><guid isPermaLink="false">g-1</guid></item>',
            ArticleError(
                document="g-1", stage="read", message="feed entry has neither a link nor content"
            ),
        ),
        (
            "<item><title>Note</title><description>Envoys met.</description></item>",
            RawArticle(
                document="{feed}#1", content="Envoys met.", title="Note", content_type="html"
            ),
        ),
    ],
)
def test_feed_entry_without_link_uses_its_content_or_reports_it(
    tmp_path: Path, item: str, expected: RawArticle | ArticleError, client
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(f'<rss version="2.0"><channel>{item}</channel></rss>', encoding="utf-8")
    (result,) = iter_feed(str(feed), client=client)
    assert result == replace(expected, document=expected.document.format(feed=feed))


@pytest.mark.parametrize(
    "html,url,expected",
    [
        (
            '<html><head><title>Talks</title><meta name="date" content="2024-05-06">'
            '<meta property="og:site_name" content="Wire"></head><body>x</body></html>',
            "https://example.org/2023/01/02/talks",
            {"title": "Talks", "source": "Wire", "published": date(2024, 5, 6)},
        ),
        (
            "<html><head><title>Talks</title></head><body><p>Envoys met.</p></body></html>",
            "https://www.example.org/2023/01/02/talks",
            {"title": "Talks", "source": None, "published": None},
        ),
        ("", "https://example.org/", {"title": None, "source": None, "published": None}),
    ],
)
def test_page_metadata_keeps_only_what_the_page_states(
    html: str, url: str, expected: dict[str, object]
) -> None:
    assert page_metadata(html, url) == expected
