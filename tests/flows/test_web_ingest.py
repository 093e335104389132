"""A feed served on 127.0.0.1 ingested end to end: stored pages, recorded failures, no refetch."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from db.models import ArticleRow, EventRow, IngestionErrorRow
from db.session import make_engine
from flows.ingest import ingest_flow

PAGE = """<!DOCTYPE html><html><head><title>{title}</title></head><body><article>
<h1>{title}</h1><p>{body}</p></article></body></html>"""
PAGES = {
    "/oslo": PAGE.format(
        title="Envoys meet in Oslo",
        body="Norwegian Foreign Minister Espen Barth Eide hosted envoys from Sudan in Oslo on "
        "Monday, and both delegations agreed to continue the talks next month.",
    ),
    "/delhi": PAGE.format(
        title="Modi receives Albanese",
        body="Indian Prime Minister Narendra Modi met Australian Prime Minister Anthony "
        "Albanese in New Delhi on Thursday and praised the growing trade between them.",
    ),
}
SLOW_SECONDS = 3
FEED_ETAG = '"wire-1"'
PATHS = ("/oslo", "/delhi", "/missing", "/photo", "/huge", "/slow")
# Links a hostile feed may carry: cloud metadata, and this machine's IPv6 loopback (only
# 127.0.0.1 is allowed).
UNSAFE_LINKS = ("http://169.254.169.254/latest/meta-data/", "http://[::1]:{port}/oslo")


class Handler(BaseHTTPRequestHandler):
    """Serves the feed, two articles and four kinds of failure; counts requests per path."""

    requests: Counter = Counter()

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).requests[self.path] += 1
        base = f"http://{self.headers['Host']}"
        port = self.server.server_address[1]
        if self.path == "/feed.xml" and self.headers.get("If-None-Match") == FEED_ETAG:
            self._send(304, "application/rss+xml", "")
        elif self.path == "/feed.xml":
            items = "".join(
                f"<item><title>{link}</title><link>{link}</link></item>"
                for link in (*(f"{base}{path}" for path in PATHS),
                             *(link.format(port=port) for link in UNSAFE_LINKS))
            )
            self._send(200, "application/rss+xml",
                       f"<rss version='2.0'><channel><title>Test wire</title>{items}"
                       "</channel></rss>", ETag=FEED_ETAG)
        elif self.path in PAGES:
            self._send(200, "text/html; charset=utf-8", PAGES[self.path])
        elif self.path == "/photo":
            self._send(200, "image/png", "\x89PNG not really")
        elif self.path == "/huge":
            self._send(200, "text/html", "<p>" + "words " * 100_000 + "</p>")
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, "text/html", PAGES["/oslo"])
        else:
            self._send(404, "text/plain", "not found")

    def _send(self, status: int, content_type: str, body: str, **headers: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as intended
            pass


@pytest.fixture
def site() -> Iterator[str]:
    Handler.requests = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def tight_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Operator settings small enough for the slow and huge pages to fail fast, reaching the
    local server without waits between requests."""
    monkeypatch.setenv("DIPEVENTS_FETCH_ALLOW", "127.0.0.1")
    monkeypatch.setenv("DIPEVENTS_FETCH_HOST_DELAY", "0")
    monkeypatch.setenv("DIPEVENTS_FETCH_TIMEOUT", "1")
    monkeypatch.setenv("DIPEVENTS_FETCH_MAX_BYTES", "100000")
    monkeypatch.setenv("DIPEVENTS_FETCH_RETRY_DELAYS", "0.1")


def _stored(database_url: str) -> tuple[dict[str, int], dict[str, str]]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            articles = dict(connection.execute(select(ArticleRow.url, ArticleRow.id)).all())
            errors = dict(
                connection.execute(select(IngestionErrorRow.url, IngestionErrorRow.message)).all()
            )
    finally:
        engine.dispose()
    return articles, errors


@pytest.mark.usefixtures("prefect_harness", "tight_limits")
def test_a_feed_is_ingested_with_each_failure_recorded_and_nothing_fetched_twice(
    site, database_url
):
    first = ingest_flow(f"{site}/feed.xml", database_url=database_url)
    articles, errors = _stored(database_url)

    assert set(articles) == {f"{site}/oslo", f"{site}/delhi"}
    assert first.articles_new == 2 and first.events > 0
    assert "HTTP 404" in errors[f"{site}/missing"]
    assert "not an HTML page" in errors[f"{site}/photo"]
    assert "limit" in errors[f"{site}/huge"]
    assert "gave up after 2 attempts" in errors[f"{site}/slow"]
    assert Handler.requests["/missing"] == 1  # a 404 is not retried
    assert "not a public address (link-local)" in errors[UNSAFE_LINKS[0]]
    port = site.rsplit(":", 1)[1]
    assert "not a public address (loopback)" in errors[UNSAFE_LINKS[1].format(port=port)]

    second = ingest_flow(f"{site}/feed.xml", database_url=database_url)
    assert _stored(database_url)[0] == articles
    assert (second.articles_new, second.events) == (0, 0)
    assert Handler.requests["/oslo"] == Handler.requests["/delhi"] == 1  # stored: not refetched


def _versions(database_url: str, url: str) -> list[tuple[int, int]]:
    """(version, events) of each stored version of the page at `url`, oldest first."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(ArticleRow.version, ArticleRow.id).where(ArticleRow.url == url)
                .order_by(ArticleRow.version)
            ).all()
            return [
                (version, len(connection.execute(
                    select(EventRow.id).where(EventRow.article_id == article_id)).all()))
                for version, article_id in rows
            ]
    finally:
        engine.dispose()


@pytest.mark.usefixtures("prefect_harness", "tight_limits")
def test_refresh_stores_a_changed_page_as_its_next_version(site, database_url, monkeypatch):
    ingest_flow(f"{site}/feed.xml", database_url=database_url)
    [(version, first_events)] = _versions(database_url, f"{site}/oslo")
    assert version == 1 and first_events > 0
    monkeypatch.setitem(PAGES, "/oslo", PAGES["/oslo"].replace(
        "continue the talks next month",
        "continue the talks next month. Eide also met Kenyan President William Ruto in Oslo",
    ))

    refreshed = ingest_flow(f"{site}/feed.xml", database_url=database_url, refresh=True)

    assert Handler.requests["/oslo"] == Handler.requests["/delhi"] == 2
    assert refreshed.articles_updated == 1 and refreshed.articles_new == 0
    versions = _versions(database_url, f"{site}/oslo")
    assert [version for version, _ in versions] == [1, 2]
    assert versions[0][1] == 0 and versions[1][1] > 0  # the old version's events replaced
    assert len(_versions(database_url, f"{site}/delhi")) == 1  # unchanged page: no new version


@pytest.mark.usefixtures("prefect_harness", "tight_limits")
def test_an_unchanged_feed_is_read_again_only_by_refresh_or_for_another_database(
    site, database_url, tmp_path
):
    from db.migrate import upgrade

    feed = f"{site}/feed.xml"
    ingest_flow(feed, database_url=database_url)
    Handler.requests.clear()

    unchanged = ingest_flow(feed, database_url=database_url)
    assert unchanged.articles_seen == 0
    # robots.txt (read once a run), then the feed answered 304: no page asked for
    assert dict(Handler.requests) == {"/robots.txt": 1, "/feed.xml": 1}

    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(other_url)
    elsewhere = ingest_flow(feed, database_url=other_url)
    assert elsewhere.articles_new == 2

    refreshed = ingest_flow(feed, database_url=database_url, refresh=True)
    assert refreshed.articles_seen == 8 and refreshed.articles_unchanged == 2
