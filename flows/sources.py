"""Where articles come from: folders and files of articles, feeds and URL lists, as a stream.

A source yields `RawArticle`s and, for what it cannot read, `ArticleError`s (stage "read"), so
one bad file never stops the others. Nothing is decoded or cleaned here (`pipeline.clean` does
that); only one file is held in memory at a time, except a `.json` list, which is parsed whole.

Supported files:
    .txt .text .md     plain text, one article a file
    .html .htm         an HTML page, one article a file
    .json              one record, or a list of records
    .jsonl             one record a line
Records carry `text` or `html`, and optionally `id`, `url`, `title`, `source`, `published`.
A folder's `manifest.csv` (columns file,url,title,source,published) adds metadata to the files
it lists; files it does not list are read all the same. Feeds and URL lists are fetched by
`flows.fetch`; `iter_source` picks the reader from the spec.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline.clean import MAX_BYTES
from pipeline.model import ArticleError, RawArticle

if TYPE_CHECKING:
    from flows.fetch import FeedMemory

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "url", "title", "source", "published")
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
# Web sources (fetched by `flows.fetch`): feeds and lists of page URLs.
WEB_SCHEMES = ("http://", "https://")
FEED_PREFIX = "feed:"
URL_LIST_PREFIX = "urls:"
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
URL_LIST_SUFFIXES = frozenset({".urls"})

# Record fields that must be strings when present: a number or a list there is refused, as
# it would reach the database as the wrong type.
TEXT_FIELDS = ("url", "title", "source")

SourceItem = RawArticle | ArticleError


class SourceError(ValueError):
    """A source spec that names nothing readable; the message says what to give instead."""


@dataclass(frozen=True)
class ManifestEntry:
    """Metadata a manifest gives one file."""

    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: date | None = None


def parse_date(value: Any) -> date | None:
    """Return the date of an ISO date or datetime string ("2025-10-10", "2025-10-10T08:00Z").

    RETURNS (date | None): None for an empty or unparsable value.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """Return the manifest's entries by file name (as written in its `file` column).

    RAISES (SourceError): when the file cannot be read or has no `file` column.
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "file" not in reader.fieldnames:
                raise SourceError(
                    f"{path} is not a manifest: it needs a header row with the columns "
                    f"{','.join(MANIFEST_COLUMNS)}"
                )
            entries: dict[str, ManifestEntry] = {}
            for row in reader:
                name = (row.get("file") or "").strip()
                if not name:
                    continue
                published_text = (row.get("published") or "").strip()
                published = parse_date(published_text)
                if published_text and published is None:
                    logger.warning(
                        "%s: published %r for %s is not a date; ignored", path, published_text,
                        name,
                    )
                entries[name] = ManifestEntry(
                    url=(row.get("url") or "").strip() or None,
                    title=(row.get("title") or "").strip() or None,
                    source=(row.get("source") or "").strip() or None,
                    published=published,
                )
            return entries
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"cannot read manifest {path}: {exc}") from exc


def iter_folder(
    path: Path, manifest: Path | None = None, skip_file: Callable[[Path], bool] | None = None
) -> Iterator[SourceItem]:
    """Return a stream of the articles of every supported file under `path`, by file name.

    path (Path): a folder (read recursively, hidden files skipped) or a single file.
    manifest (Path | None): a manifest CSV; defaults to the folder's `manifest.csv`, if any.
    skip_file (Callable[[Path], bool] | None): files of a folder it returns True for
        (unchanged since they were read) are not read.
    RETURNS (Iterator[RawArticle | ArticleError]): one item per article; files that cannot
        be read or are not of a supported type give an ArticleError with stage "read".
    RAISES (SourceError): at once, when the manifest cannot be read.
    """
    folder = path if path.is_dir() else path.parent
    if manifest is None and (folder / MANIFEST_NAME).is_file():
        manifest = folder / MANIFEST_NAME
    entries = read_manifest(manifest) if manifest is not None else {}
    if path.is_file():
        return _iter_file(path, path.name, entries.get(path.name))
    return _iter_files(path, manifest, entries, skip_file)


def _iter_files(
    folder: Path, manifest: Path | None, entries: dict[str, ManifestEntry],
    skip_file: Callable[[Path], bool] | None = None,
) -> Iterator[SourceItem]:
    """Yield the articles of the files under `folder`, then errors for listed files missing."""
    skip = manifest.resolve() if manifest is not None else None
    files = sorted(
        (
            file
            for file in folder.rglob("*")
            if file.is_file()
            and not any(part.startswith(".") for part in file.relative_to(folder).parts)
            and file.resolve() != skip
        ),
        key=lambda file: file.relative_to(folder).as_posix(),
    )
    listed = set()
    for file in files:
        document = file.relative_to(folder).as_posix()
        entry = entries.get(document)
        if entry is not None:
            listed.add(document)
        if skip_file is not None and skip_file(file):
            continue
        yield from _iter_file(file, document, entry)
    for missing in sorted(set(entries) - listed):
        yield ArticleError(
            document=missing,
            stage="read",
            message=f"listed in {manifest} but not found in {folder}",
            url=entries[missing].url,
        )


def _iter_file(file: Path, document: str, entry: ManifestEntry | None) -> Iterator[SourceItem]:
    """Yield the articles of one file (several for JSON lists and JSON lines)."""
    suffix = file.suffix.lower()
    url = entry.url if entry else None
    if suffix not in SUPPORTED_SUFFIXES:
        yield ArticleError(
            document=document,
            stage="read",
            message=f"unsupported file type {suffix or '(none)'!r}; use one of "
            f"{', '.join(sorted(SUPPORTED_SUFFIXES))}",
            url=url,
        )
        return
    try:
        size = file.stat().st_size
        if size > MAX_BYTES and suffix not in JSONL_SUFFIXES:
            yield ArticleError(
                document=document,
                stage="read",
                message=f"file is too large: {size / 1024 / 1024:.1f} MB, over the "
                f"{MAX_BYTES // 1024 // 1024} MB limit",
                url=url,
            )
            return
        if suffix in JSONL_SUFFIXES:
            yield from _iter_jsonl(file, document)
            return
        content = file.read_bytes()
    except OSError as exc:
        yield ArticleError(
            document=document, stage="read", message=f"cannot read {file}: {exc.strerror}",
            url=url,
        )
        return
    if suffix in JSON_SUFFIXES:
        yield from _iter_json(content, document)
        return
    entry = entry or ManifestEntry()
    yield RawArticle(
        document=document,
        content=content,
        url=entry.url,
        title=entry.title,
        source=entry.source,
        published=entry.published,
        published_from="metadata" if entry.published else None,
        # Plain-text files are sniffed by `pipeline.clean`: some hold a saved page.
        content_type="html" if suffix in HTML_SUFFIXES else None,
    )


def _iter_json(content: bytes, document: str) -> Iterator[SourceItem]:
    """Yield the record or records of a JSON file."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    # RecursionError: arrays or objects nested too deep for the parser.
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        yield ArticleError(document=document, stage="read", message=f"invalid JSON: {exc}")
        return
    if isinstance(data, list):
        for index, record in enumerate(data, start=1):
            yield record_to_raw(record, f"{document}#{index}")
    else:
        yield record_to_raw(data, document)


def _iter_jsonl(file: Path, document: str) -> Iterator[SourceItem]:
    """Yield one record per non-empty line of a JSON-lines file, streaming."""
    with file.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            line_document = f"{document}#{number}"
            if len(line) > MAX_BYTES:
                yield ArticleError(
                    document=line_document, stage="read",
                    message=f"line is over the {MAX_BYTES // 1024 // 1024} MB limit",
                )
                continue
            try:
                record = json.loads(line.decode("utf-8-sig"))
            # RecursionError: arrays or objects nested too deep for the parser.
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
                yield ArticleError(
                    document=line_document, stage="read", message=f"invalid JSON line: {exc}"
                )
                continue
            yield record_to_raw(record, line_document)


def record_to_raw(record: Any, document: str) -> SourceItem:
    """Return the RawArticle of a JSON record, or an ArticleError saying what it lacks.

    The record's `id` replaces `document` as the article id when present.
    """
    if not isinstance(record, dict):
        return ArticleError(
            document=document, stage="read",
            message=f"record is a JSON {type(record).__name__}, not an object",
        )
    if record.get("id") not in (None, ""):
        document = str(record["id"])
    for name in TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return ArticleError(
                document=document, stage="read",
                message=f"record field `{name}` is a JSON {type(value).__name__}, not a string",
                url=record["url"] if isinstance(record.get("url"), str) else None,
            )
    url = record.get("url") or None
    content_type: Literal["text", "html"]
    if isinstance(record.get("text"), str) and record["text"].strip():
        content, content_type = record["text"], "text"
    elif isinstance(record.get("html"), str) and record["html"].strip():
        content, content_type = record["html"], "html"
    else:
        return ArticleError(
            document=document, stage="read",
            message="record has no `text` or `html` field with content", url=url,
        )
    published = parse_date(record.get("published"))
    return RawArticle(
        document=document,
        content=content,
        url=url,
        title=record.get("title") or None,
        source=record.get("source") or None,
        published=published,
        published_from="metadata" if published else None,
        content_type=content_type,
    )


def iter_source(
    spec: str,
    manifest: Path | None = None,
    *,
    skip_url: Callable[[str], bool] | None = None,
    feed_memory: FeedMemory | None = None,
    skip_file: Callable[[Path], bool] | None = None,
) -> Iterator[SourceItem]:
    """Return the stream of articles a source spec names.

    spec (str): one of
        a folder of articles, or one article file (.txt, .html, .json, .jsonl ...);
        an RSS/Atom feed: an http(s) URL, a .rss/.atom/.xml file, or `feed:` + URL or file;
        a list of page URLs, one a line: a .urls file, or `urls:` + file.
    manifest (Path | None): a manifest CSV overriding the folder's own `manifest.csv`.
    skip_url (Callable[[str], bool] | None): for web sources, URLs it returns True for (already
        stored) are not fetched.
    feed_memory (FeedMemory | None): for a feed URL, where its validators are kept between
        runs (conditional GET: an unchanged feed yields nothing).
    skip_file (Callable[[Path], bool] | None): for a folder, files it returns True for are
        not read (see `flows.filestate`).
    RAISES (SourceError): at once, when the spec names nothing readable, or the manifest is
        missing or unreadable.
    """
    if spec.startswith(FEED_PREFIX) or spec.startswith(WEB_SCHEMES):
        from flows.fetch import iter_feed

        location = spec.removeprefix(FEED_PREFIX)
        if not location.startswith(WEB_SCHEMES) and not Path(location).is_file():
            raise SourceError(f"feed {location} is not an http(s) URL or a file")
        return iter_feed(location, skip_url=skip_url, memory=feed_memory)
    path = Path(spec.removeprefix(URL_LIST_PREFIX)).expanduser()
    if spec.startswith(URL_LIST_PREFIX) or path.suffix.lower() in URL_LIST_SUFFIXES:
        from flows.fetch import iter_url_list

        if not path.is_file():
            raise SourceError(f"URL list {path} does not exist; give a file of URLs, one a line")
        return iter_url_list(path, skip_url=skip_url)
    if path.is_file() and path.suffix.lower() in FEED_SUFFIXES:
        from flows.fetch import iter_feed

        return iter_feed(str(path), skip_url=skip_url)
    if manifest is not None and not manifest.is_file():
        raise SourceError(f"manifest {manifest} does not exist; check the --manifest path")
    if path.is_dir() or path.is_file():
        return iter_folder(path, manifest, skip_file)
    raise SourceError(
        f"{spec} is not a folder, a file or a URL; give a folder of articles, one "
        f"{'/'.join(sorted(SUPPORTED_SUFFIXES))} file, a feed or a .urls list"
    )
