"""Web sources: single pages, URL lists and RSS/Atom feeds, fetched safely and politely.

Every download goes through a `PoliteClient` (`flows.politeness`) over a `Downloader`
(`flows.download`), so pages and feeds obey the same rules: public http(s) addresses only,
robots.txt and a delay between requests to a site, timeouts and a deadline per page, a size
limit, and retries on transient failures only. URLs are normalised (`flows.urlnorm`) before
they are checked against the store, fetched and stored. Nothing here raises for a bad page:
each failure becomes an `ArticleError` the flow stores, so one broken URL never stops a run.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import logging
import re
import xml.sax
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

import feedparser
from htmldate import find_date
from trafilatura import extract_metadata, load_html

from flows.download import Downloader, FetchError, Validators
from flows.politeness import PoliteClient
from flows.urlnorm import normalize_url
from flows.urlsafety import ALLOWED_SCHEMES
from pipeline.model import ArticleError, RawArticle

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

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


def open_client() -> PoliteClient:
    """Return a client for one run, configured by the DIPEVENTS_FETCH_* settings; close it.

    RAISES (ValueError): naming a setting whose value is not valid.
    """
    return PoliteClient(Downloader())


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


class FeedMemory(Protocol):
    """Where the validators of a feed's last download are kept between runs."""

    def recall(self, url: str) -> Validators | None:
        """The validators remembered for the feed at `url`, if any."""

    def remember(self, url: str, validators: Validators) -> None:
        """Keep `validators` for the feed at `url` (for the next run's conditional GET)."""


@contextlib.contextmanager
def _run_client(client: PoliteClient | None) -> Iterator[PoliteClient]:
    """Yield `client`, or a client of the settings closed on exit."""
    if client is not None:
        yield client
        return
    with open_client() as own:
        yield own


def _fetch_error(document: str, message: str, url: str | None) -> ArticleError:
    """An error row of stage "fetch" whose message is one line."""
    return ArticleError(document=document, stage="fetch", message=" ".join(message.split()),
                        url=url)


def fetch_page(url: str, *, client: PoliteClient | None = None) -> RawArticle | ArticleError:
    """Fetch one web page as a RawArticle, or say why not as an ArticleError (stage "fetch").

    The document id is the normalised URL (what `skip_url` checks before fetching); `url` is
    the normalised final URL after redirects. HTML pages carry the title, site name (as
    source) and the publication date they state; plain text pages come as content type "text".

    url (str): an http or https URL.
    client (PoliteClient | None): the run's client (see `open_client`), else one for this call.
    RETURNS (RawArticle | ArticleError): the page, or the reason it could not be fetched.
    """
    document = normalize_url(url)
    try:
        with _run_client(client) as web:
            response = web.get(document, accept=_reject_non_page)
    except FetchError as err:
        logger.warning("could not fetch %s: %s", document, err)
        return _fetch_error(document, str(err), document)
    final_url = normalize_url(response.url)
    kind = _page_kind(response.media_type)
    if kind is None and _sniff_html(response.body):
        kind = "html"
    if kind is None:
        return _fetch_error(
            document, f"not an HTML page (no content-type, content not HTML): {final_url}",
            document,
        )
    text = decode_body(response.body, response.charset, html=kind == "html")
    if kind == "text":
        return RawArticle(document=document, content=text, url=final_url, content_type="text")
    metadata = page_metadata(text, final_url)
    return RawArticle(
        document=document,
        content=text,
        url=final_url,
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
    client: PoliteClient | None = None,
) -> Iterator[RawArticle | ArticleError]:
    """Fetch every URL listed in a text file, one per line, each once.

    Blank lines and lines starting with `#` are ignored, as is anything after the URL on its
    line (URLs hold no spaces, so `https://example.org/a  # why` works as a note). URLs are
    normalised first, so two spellings of a page count once; those for which `skip_url`
    returns True (already stored) are not requested at all.
    client (PoliteClient | None): the run's client, else one of the settings for this list.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        yield ArticleError(
            document=str(path), stage="read", message=f"cannot read URL list {path}: {err}"
        )
        return
    with _run_client(client) as web:
        seen: set[str] = set()
        for line in lines:
            fields = line.split(maxsplit=1)
            if not fields or fields[0].startswith("#"):
                continue
            url = _new_url(fields[0], seen, skip_url)
            if url is not None:
                yield fetch_page(url, client=web)


def _new_url(
    url: str, seen: set[str], skip_url: Callable[[str], bool] | None
) -> str | None:
    """Return the normal form of a URL to fetch, or None for one already seen in this list or
    feed, or already stored (`skip_url`); records it in `seen`."""
    url = normalize_url(url)
    if url in seen:
        return None
    seen.add(url)
    if skip_url is not None and skip_url(url):
        logger.debug("skipping %s: already stored", url)
        return None
    return url


def iter_feed(
    location: str,
    *,
    skip_url: Callable[[str], bool] | None = None,
    client: PoliteClient | None = None,
    memory: FeedMemory | None = None,
) -> Iterator[RawArticle | ArticleError]:
    """Fetch the articles an RSS or Atom feed links to.

    location: a local file path or an http(s) URL, downloaded by the same rules as pages
    (feedparser never fetches anything itself). Each entry's link is normalised and fetched
    unless `skip_url` says it is stored; the entry's title and published date (published_from
    "metadata") override what the page says, and the feed's title stands in as source when the
    page names none. An entry without a link but with content or a summary becomes an article
    of that content. A feed that cannot be read or parsed yields one ArticleError.
    client (PoliteClient | None): the run's client, else one of the settings for this feed.
    memory (FeedMemory | None): with it, the feed is asked for with the validators of its last
        download (conditional GET): a 304 "not modified" yields nothing. The new validators
        are handed to `memory` once every entry has been yielded.
    """
    with _run_client(client) as web:
        data = _read_feed(location, web, memory)
        if data is None:
            logger.info("feed %s has not changed since the last run", location)
            return
        if isinstance(data, ArticleError):
            yield data
            return
        body, base, headers, validators = data
        yield from _feed_articles(location, body, base, headers, skip_url, web)
        if memory is not None and validators is not None:
            memory.remember(location, validators)


def _feed_articles(
    location: str,
    body: bytes,
    base: str,
    headers: dict[str, str],
    skip_url: Callable[[str], bool] | None,
    web: PoliteClient,
) -> Iterator[RawArticle | ArticleError]:
    """Parse a feed and yield the articles of its entries (see `iter_feed`)."""
    parsed = feedparser.parse(body, response_headers={"content-location": base, **headers})
    problem = parsed.get("bozo_exception")
    # Feeds whose XML breaks off before any entry are broken; a bad declared encoding is not.
    truncated = not parsed.entries and isinstance(problem, xml.sax.SAXException)
    if not parsed.get("version") or truncated:
        reason = problem or "no RSS or Atom elements found"
        yield ArticleError(
            document=location,
            stage="read",
            message=" ".join(f"not a valid RSS/Atom feed: {location}: {reason}".split()),
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
        link = _new_url(link, seen, skip_url)
        if link is None:
            continue
        page = fetch_page(link, client=web)
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


FeedData = tuple[bytes, str, dict[str, str], Validators | None]


def _read_feed(
    location: str, web: PoliteClient, memory: FeedMemory | None
) -> FeedData | ArticleError | None:
    """Return a feed's bytes, base URL or path, HTTP headers and validators, None when the
    server says it has not changed, or why it cannot be read."""
    scheme = urlsplit(location).scheme.lower()
    if scheme in ALLOWED_SCHEMES:
        try:
            response = web.get(location, validators=memory.recall(location) if memory else None)
        except FetchError as err:
            return _fetch_error(location, f"cannot fetch feed: {err}", location)
        if response.not_modified:
            return None
        headers = {"content-type": response.content_type} if response.content_type else {}
        return response.body, response.url, headers, response.validators
    if "://" in location:
        return _fetch_error(
            location,
            f"unsupported feed URL scheme {scheme!r}, use http(s) or a local path: {location}",
            None,
        )
    try:
        return Path(location).read_bytes(), location, {}, None
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
