"""Web sources: single pages, URL lists and RSS/Atom feeds, fetched politely.

Every download goes through one code path (`download`) so pages and feeds obey the same rules:
http(s) only, an honest User-Agent, connect/read timeouts plus a per-attempt time limit, a size
limit enforced while streaming, and retries with backoff on transient failures only (timeouts,
connection errors, 429 and 5xx) - a 404 or 410 is an answer, not a hiccup. Nothing here raises
for a bad page: each failure becomes an `ArticleError` the flow stores, so one broken URL never
stops an ingest run.
"""

from __future__ import annotations

import codecs
import email.utils
import logging
import os
import re
import time
import xml.sax
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import feedparser
import httpx
from htmldate import find_date
from trafilatura import extract_metadata, load_html

from pipeline.model import ArticleError, RawArticle

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Seconds to wait for a connection, and between two reads of the response.
DEFAULT_TIMEOUT = 20.0
# A whole attempt (headers and body) may last this many timeouts, so a server that trickles
# bytes just fast enough to dodge the read timeout still cannot hold a run forever.
ATTEMPT_TIMEOUTS = 3
# Largest body read, after content decoding (so a gzip bomb is cut off too). News pages are
# well under 2 MB; 5 MB leaves room for inline scripts without letting a video through.
MAX_BYTES = 5_000_000
# Seconds to wait before each retry of a transient failure: three retries, backing off.
RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0)
MAX_REDIRECTS = 10
ALLOWED_SCHEMES = ("http", "https")
# Contact put in the User-Agent (a project URL or an e-mail address) so site owners can reach
# whoever runs the crawler; set it for any real crawl.
USER_AGENT_ENV = "DIPEVENTS_USER_AGENT"
# Operator settings overriding the three limits above for every fetch of a run.
TIMEOUT_ENV = "DIPEVENTS_FETCH_TIMEOUT"  # seconds
MAX_BYTES_ENV = "DIPEVENTS_FETCH_MAX_BYTES"  # bytes
RETRY_DELAYS_ENV = "DIPEVENTS_FETCH_RETRY_DELAYS"  # comma-separated seconds; empty: no retry
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
# How far into a page to look for <meta charset>: the HTML standard wants it in the first
# 1024 bytes, but pages with long comments or scripts before it are common.
META_CHARSET_WINDOW = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# trafilatura names a page without a stated site name after its host, with this pattern
# (trafilatura.metadata.META_URL); such a name is dropped so a feed's title can stand in.
_SITENAME_FROM_URL = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

Fetch = Callable[[str], "RawArticle | ArticleError"]


class FetchError(Exception):
    """A download failed; the message names the URL and what went wrong."""


class _TransientError(FetchError):
    """A failure worth retrying: the same request may well succeed in a moment."""


@dataclass(frozen=True)
class Download:
    """A successful response: the final URL after redirects, its content type and body."""

    url: str
    content_type: str | None  # the Content-Type header as sent
    body: bytes

    @property
    def media_type(self) -> str | None:
        """The lower-case media type, e.g. "text/html"; None when the server sent none."""
        return _parse_content_type(self.content_type)[0]

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        return _parse_content_type(self.content_type)[1]


def user_agent() -> str:
    """Return the User-Agent sent with every request: product, version and contact if set."""
    agent = f"dipevents/{version('dipevents')}"
    contact = os.environ.get(USER_AGENT_ENV, "").strip()
    return f"{agent} (+{contact})" if contact else agent


def _env_number(name: str, default: float, kind: type[float] | type[int]) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = -1
    if value <= 0:
        raise ValueError(f"{name}={raw!r} is not a positive {kind.__name__}; fix or unset it")
    return value


def fetch_limits() -> tuple[float, int, tuple[float, ...]]:
    """Return (timeout, max_bytes, retry_delays): the module defaults unless the DIPEVENTS_FETCH_*
    settings override them. Raises ValueError naming a setting that is not a number."""
    timeout = _env_number(TIMEOUT_ENV, DEFAULT_TIMEOUT, float)
    max_bytes = int(_env_number(MAX_BYTES_ENV, MAX_BYTES, int))
    raw_delays = os.environ.get(RETRY_DELAYS_ENV)
    if raw_delays is None:
        return timeout, max_bytes, RETRY_DELAYS
    try:
        delays = tuple(float(part) for part in raw_delays.split(",") if part.strip())
    except ValueError:
        delays = (-1.0,)
    if any(delay < 0 for delay in delays):
        raise ValueError(
            f"{RETRY_DELAYS_ENV}={raw_delays!r} is not a list of seconds like '1,2,4'; fix or "
            "unset it"
        )
    return timeout, max_bytes, delays


def make_client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """Return an HTTP client that follows redirects and identifies itself.

    Share one client across many `fetch_page` calls (`functools.partial(fetch_page,
    client=client)`) to reuse connections; close it when done.
    """
    return httpx.Client(
        headers={"User-Agent": user_agent()},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
    )


def download(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    client: httpx.Client | None = None,
    retry_delays: Sequence[float] | None = None,
    accept: Callable[[str | None], str | None] | None = None,
) -> Download:
    """Download `url`, retrying transient failures after each of `retry_delays` seconds.

    timeout, max_bytes, retry_delays: None takes them from `fetch_limits()`.
    accept: called with the media type before the body is read; a message it returns rejects
        the response, so a PDF or a video is never downloaded just to be thrown away.
    RETURNS (Download): the response; raises FetchError with a readable message otherwise.
    """
    default_timeout, default_max_bytes, default_delays = fetch_limits()
    timeout = default_timeout if timeout is None else timeout
    max_bytes = default_max_bytes if max_bytes is None else max_bytes
    retry_delays = default_delays if retry_delays is None else retry_delays
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(
            f"unsupported URL scheme {scheme or '(none)'!r}, only http and https: {url}"
        )
    own_client = client is None
    http = make_client(timeout) if client is None else client
    delays = iter(retry_delays)
    attempt = 1
    try:
        while True:
            try:
                return _attempt(http, url, timeout=timeout, max_bytes=max_bytes, accept=accept)
            except _TransientError as err:
                delay = next(delays, None)
                if delay is None:
                    raise FetchError(f"{err} (gave up after {attempt} attempts)") from err
                logger.warning("%s; retrying in %g s", err, delay)
                time.sleep(delay)
                attempt += 1
    finally:
        if own_client:
            http.close()


def _attempt(
    http: httpx.Client,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    accept: Callable[[str | None], str | None] | None,
) -> Download:
    """Make one request; raise _TransientError for failures worth retrying."""
    deadline = time.monotonic() + timeout * ATTEMPT_TIMEOUTS
    try:
        with http.stream(
            "GET",
            url,
            # Also set per request, so a caller's own client still says who is asking.
            headers={"User-Agent": user_agent()},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
        ) as response:
            _check_status(response, url)
            content_type = response.headers.get("content-type")
            rejection = accept(_parse_content_type(content_type)[0]) if accept else None
            if rejection:
                raise FetchError(f"{rejection}: {url}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit: {url}"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(
                        f"response exceeds the {max_bytes:,}-byte limit "
                        f"(stopped after {size:,} bytes): {url}"
                    )
                if time.monotonic() > deadline:
                    raise _TransientError(
                        f"download took longer than {timeout * ATTEMPT_TIMEOUTS:g} s: {url}"
                    )
                chunks.append(chunk)
            return Download(str(response.url), content_type, b"".join(chunks))
    except httpx.TimeoutException as err:
        raise _TransientError(
            f"timed out after {timeout:g} s ({type(err).__name__}): {url}"
        ) from err
    except httpx.TooManyRedirects as err:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects: {url}") from err
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as err:
        raise FetchError(f"cannot fetch {url}: {err}") from err
    except httpx.TransportError as err:
        raise _TransientError(f"connection failed ({err or type(err).__name__}): {url}") from err


def _check_status(response: httpx.Response, url: str) -> None:
    """Raise for a non-2xx status; only 429 and 5xx are worth another try."""
    status = response.status_code
    if 200 <= status < 300:
        return
    message = f"HTTP {status} {response.reason_phrase} for {url}"
    if status == 429 or status >= 500:
        raise _TransientError(message)
    raise FetchError(message)


def _parse_content_type(header: str | None) -> tuple[str | None, str | None]:
    """Split a Content-Type header into its lower-case media type and its charset."""
    if not header:
        return None, None
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media_type.strip().lower() or None, charset


def _page_kind(media_type: str | None) -> Literal["html", "text"] | None:
    """Map a media type to the RawArticle content type, None for anything else."""
    if media_type in HTML_TYPES:
        return "html"
    if media_type in TEXT_TYPES:
        return "text"
    return None


def _reject_non_page(media_type: str | None) -> str | None:
    """Explain why a response is not a page; an absent type is sniffed from the body later."""
    if media_type is None or _page_kind(media_type):
        return None
    return f"not an HTML page (content-type {media_type})"


def _sniff_html(body: bytes) -> bool:
    """Whether an untyped body starts like an HTML document."""
    head = body[:1024].lstrip().lower()
    return head.startswith(b"<!doctype html") or b"<html" in head


def _codec(name: str | None) -> str | None:
    """Return Python's name for a declared charset, None when unknown or absent."""
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        logger.debug("unknown charset %r ignored", name)
        return None


def decode_body(body: bytes, declared: str | None, *, html: bool) -> str:
    """Decode a body: byte-order mark, then the header charset, then <meta charset>.

    Undeclared bodies are tried as UTF-8 and fall back to Windows-1252, the web's legacy
    default; undecodable bytes become U+FFFD instead of failing the article.
    """
    bom = next((name for mark, name in _BOMS if body.startswith(mark)), None)
    meta = _META_CHARSET.search(body[:META_CHARSET_WINDOW]) if html else None
    meta_charset = meta.group(1).decode("ascii") if meta else None
    for candidate in (bom, declared, meta_charset):
        codec = _codec(candidate)
        if codec:
            return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def page_metadata(html: str, url: str) -> dict[str, Any]:
    """Return the title, site name and publication date a page states about itself.

    The date comes from htmldate's fast mode with no URL: only what the page's markup says
    (meta tags, JSON-LD, date elements), never a date guessed from the URL or the body text
    by the extensive search, because a wrong publication date shifts every relative date.
    The site name likewise: trafilatura's fallback to the host name is not kept.
    RETURNS (dict): `title`, `source`, `published` (each None when the page does not say).
    """
    tree = load_html(html)
    if tree is None:
        return {"title": None, "source": None, "published": None}
    metadata = extract_metadata(tree, default_url=url, extensive=False)
    stated = find_date(tree, url="", extensive_search=False, original_date=True)
    host = _SITENAME_FROM_URL.match(metadata.url or "")
    sitename = metadata.sitename if not host or metadata.sitename != host[1] else None
    return {
        "title": metadata.title or None,
        "source": sitename or None,
        "published": date.fromisoformat(stated) if stated else None,
    }


def fetch_page(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    client: httpx.Client | None = None,
    retry_delays: Sequence[float] | None = None,
) -> RawArticle | ArticleError:
    """Fetch one web page as a RawArticle, or say why not as an ArticleError (stage "fetch").

    The document id is the URL as given (what `skip_url` checks before fetching); `url` is
    the final URL after redirects. HTML pages carry the title, site name (as source) and the
    publication date they state; plain text pages come as content type "text".

    url (str): an http or https URL.
    timeout (float | None): seconds for connecting and between reads; an attempt may last 3
        times that. None: DIPEVENTS_FETCH_TIMEOUT, else 20.
    max_bytes (int | None): the download stops with an error past this size. None:
        DIPEVENTS_FETCH_MAX_BYTES, else 5 MB.
    client (httpx.Client | None): a shared client (see `make_client`), else one per call.
    retry_delays (Sequence[float] | None): seconds before each retry of a transient failure.
        None: DIPEVENTS_FETCH_RETRY_DELAYS, else 1, 2, 4.
    RETURNS (RawArticle | ArticleError): the page, or the reason it could not be fetched.
    """
    try:
        response = download(
            url,
            timeout=timeout,
            max_bytes=max_bytes,
            client=client,
            retry_delays=retry_delays,
            accept=_reject_non_page,
        )
    except FetchError as err:
        logger.warning("could not fetch %s: %s", url, err)
        return ArticleError(document=url, stage="fetch", message=str(err), url=url)
    kind = _page_kind(response.media_type)
    if kind is None and _sniff_html(response.body):
        kind = "html"
    if kind is None:
        return ArticleError(
            document=url,
            stage="fetch",
            message=f"not an HTML page (no content-type, content not HTML): {url}",
            url=url,
        )
    text = decode_body(response.body, response.charset, html=kind == "html")
    if kind == "text":
        return RawArticle(document=url, content=text, url=response.url, content_type="text")
    metadata = page_metadata(text, response.url)
    return RawArticle(
        document=url,
        content=text,
        url=response.url,
        title=metadata["title"],
        source=metadata["source"],
        published=metadata["published"],
        published_from="html" if metadata["published"] else None,
        content_type="html",
    )


def iter_url_list(
    path: Path,
    *,
    skip_url: Callable[[str], bool] | None = None,
    fetch: Fetch = fetch_page,
) -> Iterator[RawArticle | ArticleError]:
    """Fetch every URL listed in a text file, one per line, each once.

    Blank lines and lines starting with `#` are ignored, as is anything after the URL on its
    line (URLs hold no spaces, so `https://example.org/a  # why` works as a note). URLs for
    which `skip_url` returns True (already stored) are not requested at all.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        yield ArticleError(
            document=str(path), stage="read", message=f"cannot read URL list {path}: {err}"
        )
        return
    seen: set[str] = set()
    for line in lines:
        fields = line.split(maxsplit=1)
        if not fields or fields[0].startswith("#"):
            continue
        url = fields[0]
        if url in seen:
            continue
        seen.add(url)
        if skip_url is not None and skip_url(url):
            logger.debug("skipping %s: already stored", url)
            continue
        yield fetch(url)


def iter_feed(
    location: str,
    *,
    skip_url: Callable[[str], bool] | None = None,
    fetch: Fetch = fetch_page,
) -> Iterator[RawArticle | ArticleError]:
    """Fetch the articles an RSS or Atom feed links to.

    location: a local file path or an http(s) URL, downloaded by the same rules as pages
    (feedparser never fetches anything itself). Each entry's link is fetched unless
    `skip_url` says it is stored; the entry's title and published date (published_from
    "metadata") override what the page says, and the feed's title stands in as source when the
    page names none. An entry without a link but with content or a summary becomes an article
    of that content. A feed that cannot be read or parsed yields one ArticleError.
    """
    data = _read_feed(location)
    if isinstance(data, ArticleError):
        yield data
        return
    body, base, headers = data
    parsed = feedparser.parse(body, response_headers={"content-location": base, **headers})
    problem = parsed.get("bozo_exception")
    # Feeds whose XML breaks off before any entry are broken; a bad declared encoding is not.
    truncated = not parsed.entries and isinstance(problem, xml.sax.SAXException)
    if not parsed.get("version") or truncated:
        reason = problem or "no RSS or Atom elements found"
        yield ArticleError(
            document=location,
            stage="read",
            message=f"not a valid RSS/Atom feed: {location}: {reason}",
            url=base if urlsplit(base).scheme in ALLOWED_SCHEMES else None,
        )
        return
    if problem:
        logger.info("feed %s is not quite well-formed (%s); reading it anyway", location, problem)
    feed_title = parsed.feed.get("title") or None
    seen: set[str] = set()
    for number, entry in enumerate(parsed.entries, start=1):
        title = entry.get("title") or None
        published = _entry_published(entry)
        link = entry.get("link")
        if not link:
            document = entry.get("id") or f"{location}#{number}"
            yield _entry_article(entry, document, feed_title, title, published)
            continue
        if link in seen:
            continue
        seen.add(link)
        if skip_url is not None and skip_url(link):
            logger.debug("skipping %s: already stored", link)
            continue
        page = fetch(link)
        if isinstance(page, ArticleError):
            yield page
            continue
        yield replace(
            page,
            title=title or page.title,
            source=page.source or feed_title,
            published=published or page.published,
            published_from="metadata" if published else page.published_from,
        )


def _read_feed(location: str) -> tuple[bytes, str, dict[str, str]] | ArticleError:
    """Return a feed's bytes, base URL or path and HTTP headers, or why it cannot be read."""
    scheme = urlsplit(location).scheme.lower()
    if scheme in ALLOWED_SCHEMES:
        try:
            response = download(location)
        except FetchError as err:
            return ArticleError(
                document=location, stage="fetch", message=f"cannot fetch feed: {err}", url=location
            )
        headers = {"content-type": response.content_type} if response.content_type else {}
        return response.body, response.url, headers
    if "://" in location:
        return ArticleError(
            document=location,
            stage="fetch",
            message=f"unsupported feed URL scheme {scheme!r}, use http(s) or a local path: "
            f"{location}",
        )
    try:
        return Path(location).read_bytes(), location, {}
    except OSError as err:
        return ArticleError(document=location, stage="read", message=f"cannot read feed: {err}")


def _entry_published(entry: Any) -> date | None:
    """Return the day an entry says it was published, in the feed's own time zone.

    feedparser's `published_parsed` is converted to UTC, which can move an evening article to
    the next day; the raw RFC 822 or RFC 3339 string keeps the publisher's local date.
    """
    raw = entry.get("published")
    if raw:
        for parse in (email.utils.parsedate_to_datetime, datetime.fromisoformat):
            try:
                return parse(raw.strip()).date()
            except (TypeError, ValueError):
                continue
    parsed = entry.get("published_parsed")
    return date(*parsed[:3]) if parsed else None


def _entry_article(
    entry: Any,
    document: str,
    feed_title: str | None,
    title: str | None,
    published: date | None,
) -> RawArticle | ArticleError:
    """Turn a link-less entry into an article of its own content or summary."""
    contents = entry.get("content") or []
    detail = contents[0] if contents else entry.get("summary_detail")
    if not detail or not detail.get("value", "").strip():
        return ArticleError(
            document=document, stage="read", message="feed entry has neither a link nor content"
        )
    kind: Literal["html", "text"] = "text" if detail.get("type") == "text/plain" else "html"
    return RawArticle(
        document=document,
        content=detail["value"],
        title=title,
        source=feed_title,
        published=published,
        published_from="metadata" if published else None,
        content_type=kind,
    )
