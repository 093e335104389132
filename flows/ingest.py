"""The ingest flow: a source's articles into the database, batch by batch.

For each batch of articles read from the source, four small tasks run: clean the articles
(bad input becomes an error row, never stops the batch), skip the ones whose cleaned text is
already stored, extract their events (the spaCy model is loaded once per process), and save
each article with its events in its own transaction. The run is recorded with its counts.
Tasks run per batch, not per article, since each task run costs Prefect tens of milliseconds.

Extraction is submitted to the flow's task runner and saving waits for it, batch by batch in
source order. The extraction task sends its batch on: by default to one of `processes` worker
processes (every core; see `pipeline.parallel`), up to two batches per process at once; with
`processes=1` the flow's own process extracts one batch at a time; with `workers` or
`dask_address`, a worker of a Dask cluster (`pipeline.dask_extract`), up to two batches per
worker at once. Reading, cleaning and saving stay in the flow's process either way.

Example:
    from flows.ingest import ingest_flow
    summary = ingest_flow("seeds/", database_url="sqlite:///dipevents.db")
    print(summary.articles_new, summary.events)
"""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from sqlalchemy.exc import DBAPIError

from db.migrate import require_current
from db.retry import DatabaseUnavailableError
from db.session import database_url as resolve_database_url
from db.session import make_engine
from db.store import Store
from flows.feedstate import StoredFeedMemory
from flows.filestate import StoredFileMemory
from flows.signals import deferred_signals
from flows.sources import SourceItem, iter_source
from pipeline import DEFAULT_BATCH_SIZE, EXTRACTOR_VERSION
from pipeline.clean import clean_article
from pipeline.dask_extract import DaskExtractor, check_settings
from pipeline.model import Article, ArticleError, ExtractionResult
from pipeline.parallel import (
    BatchExtractor,
    InProcessExtractor,
    configured_processes,
    shared_pool,
)

FLOW_NAME = "ingest"
# Batches a Dask cluster or the extraction processes may hold per worker (extracting or
# queued): enough to keep every worker busy while the flow saves, few enough to keep memory
# bounded whatever the source size.
BATCHES_PER_WORKER = 2

ExtractOutput = tuple[list[ExtractionResult], list[ArticleError]]


@dataclass
class IngestSummary:
    """What one ingest run did.

    articles_seen: articles read from the source, including those that failed.
    articles_new: articles stored for the first time.
    articles_updated: articles whose URL was stored with a different text, now replaced.
    articles_unchanged: articles whose cleaned text was already stored (skipped).
    events: events written.
    errors: one ArticleError per article that could not be read, cleaned, extracted or saved.
    """

    source: str
    run_id: int | None = None
    articles_seen: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    events: int = 0
    errors: list[ArticleError] = field(default_factory=list)


@dataclass(frozen=True)
class SaveCounts:
    """What saving one batch did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0
    errors: tuple[ArticleError, ...] = ()


ProgressCallback = Callable[[IngestSummary], None]
_progress: ContextVar[ProgressCallback | None] = ContextVar("ingest_progress", default=None)


@contextlib.contextmanager
def report_progress(callback: ProgressCallback) -> Iterator[None]:
    """Call `callback` with the running summary after every batch of flows run in this block.

    Example:
        with report_progress(lambda s: print(s.articles_seen)):
            ingest_flow("seeds/")
    """
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def progress_callback() -> ProgressCallback | None:
    """Return the callback `report_progress` set for this block, if any."""
    return _progress.get()


def batched(items: Iterable[SourceItem], size: int) -> Iterator[list[SourceItem]]:
    """Yield lists of up to `size` items, reading `items` lazily."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@task(cache_policy=NO_CACHE)
def start_run(store: Store, source: str) -> int:
    """Record the start of an ingest run and return its id."""
    return store.start_run(FLOW_NAME, source, EXTRACTOR_VERSION)


@task(cache_policy=NO_CACHE)
def clean_batch(items: list[SourceItem]) -> tuple[list[Article], list[ArticleError]]:
    """Turn raw articles into cleaned ones; unusable ones become errors."""
    articles: list[Article] = []
    errors: list[ArticleError] = []
    for item in items:
        cleaned = item if isinstance(item, ArticleError) else clean_article(item)
        (errors if isinstance(cleaned, ArticleError) else articles).append(cleaned)
    return articles, errors


@task(cache_policy=NO_CACHE)
def skip_known(store: Store, articles: list[Article]) -> tuple[list[Article], int]:
    """Return the articles not yet extracted by this extractor version, and how many were skipped.

    A text stored by an older extractor version is extracted again; repeats within the batch
    go through once.
    """
    fresh: list[Article] = []
    seen = store.known_texts([article.content_hash for article in articles], EXTRACTOR_VERSION)
    for article in articles:
        if article.content_hash in seen:
            continue
        seen.add(article.content_hash)
        fresh.append(article)
    return fresh, len(articles) - len(fresh)


@task(cache_policy=NO_CACHE)
def extract_batch(
    extractor: BatchExtractor, articles: list[Article]
) -> tuple[list[ExtractionResult], list[ArticleError]]:
    """Extract the events of a batch with `extractor`: this process, one of its worker
    processes or a Dask worker."""
    results: list[ExtractionResult] = []
    errors: list[ArticleError] = []
    for item in extractor.extract_batch(articles):
        (errors if isinstance(item, ArticleError) else results).append(item)
    return results, errors


@task(cache_policy=NO_CACHE)
def save_batch(store: Store, results: list[ExtractionResult], run_id: int) -> SaveCounts:
    """Save each article and its events in its own transaction."""
    new = updated = unchanged = events = 0
    errors: list[ArticleError] = []
    for result in results:
        try:
            outcome = store.save(result, run_id=run_id)
        except DatabaseUnavailableError:
            raise  # not the article's fault: the run ends, and a rerun saves it
        except Exception as exc:  # noqa: BLE001 - one article's failure is its error row
            errors.append(
                ArticleError(
                    document=result.article.document,
                    stage="store",
                    message=f"could not save: {save_failure(exc)}",
                    url=result.article.url,
                )
            )
            continue
        if outcome.replaced:
            updated += 1
        elif outcome.created:
            new += 1
        else:
            unchanged += 1
        events += outcome.events
    return SaveCounts(new=new, updated=updated, unchanged=unchanged, events=events,
                      errors=tuple(errors))


def save_failure(exc: Exception) -> str:
    """Return the one-line reason of a failed save.

    The store's own errors (a value too long, an unknown event code) say it in their message;
    for a database error, the driver's message is the reason, which SQLAlchemy may wrap in a
    line about autoflush.
    """
    if isinstance(exc, ValueError):
        return str(exc)
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}"


@task(cache_policy=NO_CACHE)
def record_errors(store: Store, errors: list[ArticleError], run_id: int) -> None:
    """Store one error row per article that failed, and log each as a warning."""
    logger = get_run_logger()
    for error in errors:
        logger.warning("%s: %s failed: %s", error.document, error.stage, error.message)
        store.record_error(error, run_id=run_id)


@task(cache_policy=NO_CACHE)
def finish_run(
    store: Store, summary: IngestSummary, status: Literal["completed", "failed", "interrupted"]
) -> None:
    """Record the end of an ingest run with its counts."""
    if summary.run_id is None:
        return
    store.finish_run(
        summary.run_id,
        status=status,
        articles_seen=summary.articles_seen,
        articles_new=summary.articles_new + summary.articles_updated,
        events_written=summary.events,
        errors=len(summary.errors),
    )


def _url_is_stored(store: Store, url: str) -> bool:
    """Return True when the page at `url` is stored by this extractor version (not refetched)."""
    return store.is_known(url=url, extractor_version=EXTRACTOR_VERSION)


@dataclass
class PendingBatch:
    """A batch cleaned and checked against the store, its extraction submitted."""

    size: int
    known: int
    errors: list[ArticleError]
    extraction: PrefectFuture[ExtractOutput] | None


@contextlib.contextmanager
def extraction_backend(
    workers: int | None, dask_address: str | None, processes: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[tuple[BatchExtractor, int]]:
    """Yield what extracts the batches, with how many batches may be in flight.

    This process with one process (the model is shared by the task runner's threads), one
    batch at a time; else `processes` worker processes, or a Dask cluster (started here, each
    worker loading the model at once, and closed on exit), two batches per worker in flight.
    """
    if check_settings(workers, dask_address):
        with DaskExtractor.start(workers, dask_address, batch_size) as cluster:
            yield cluster, BATCHES_PER_WORKER * cluster.threads
    elif processes == 1:
        yield InProcessExtractor(batch_size), 1
    else:
        yield shared_pool(processes, batch_size), BATCHES_PER_WORKER * processes


def start_batch(
    store: Store, items: list[SourceItem], extractor: BatchExtractor
) -> PendingBatch:
    """Clean a batch and skip stored texts in this process, then submit its extraction."""
    articles, errors = clean_batch(items)
    fresh, known = skip_known(store, articles)
    extraction = extract_batch.submit(extractor, fresh) if fresh else None
    return PendingBatch(size=len(items), known=known, errors=errors, extraction=extraction)


def finish_batch(store: Store, batch: PendingBatch, summary: IngestSummary) -> None:
    """Wait for a batch's extraction, save it, add its counts to `summary`, and keep the
    database's planner statistics up with the rows saved."""
    results, extract_errors = batch.extraction.result() if batch.extraction else ([], [])
    with deferred_signals():  # an interrupt lands between batches, never inside one
        counts = save_batch(store, results, summary.run_id) if results else SaveCounts()
        errors = [*batch.errors, *extract_errors, *counts.errors]
        if errors:
            record_errors(store, errors, summary.run_id)
        summary.articles_seen += batch.size
        summary.articles_new += counts.new
        summary.articles_updated += counts.updated
        summary.articles_unchanged += batch.known + counts.unchanged
        summary.events += counts.events
        summary.errors.extend(errors)
    store.refresh_statistics()


@flow(name=FLOW_NAME)
def ingest_flow(
    source: str,
    database_url: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    manifest: str | None = None,
    workers: int | None = None,
    dask_address: str | None = None,
    refresh: bool = False,
    skip_unchanged_files: bool = False,
    processes: int | None = None,
) -> IngestSummary:
    """Read a source of articles, extract their diplomatic events and store them.

    source: a folder or file of articles, a feed or a URL list (see `flows.sources.iter_source`).
    workers: extract on a local Dask cluster of this many workers, each with an extraction
        process of its own.
    dask_address: extract on the Dask cluster whose scheduler is at this address
        (tcp://host:8786); its workers need dipevents and the spaCy model installed, and
        DASK_DISTRIBUTED__WORKER__DAEMON=False in their environment.
    refresh: fetch web pages again even when their URL is stored, and a feed in full even when
        it says it has not changed; a page whose text changed is stored as the URL's next
        version (its previous events replaced), an unchanged one is skipped.
    skip_unchanged_files: for a folder, skip the files a completed run read and that have not
        changed since (see `flows.filestate`); scheduled runs of a watched folder set it.
    processes: extract on this many worker processes, each loading the model once (1: in the
        flow's process); default DIPEVENTS_EXTRACT_PROCESSES, else one per core. Not used with
        `workers` or `dask_address`.
    Running it again on the same articles adds nothing: stored texts are skipped, stored URLs
    of web sources are not fetched again, and a feed is asked for only if it changed since the
    last completed run (conditional GET). Articles are saved in source order either way.

    Example:
        ingest_flow("seeds/", database_url="sqlite:///dipevents.db", batch_size=32)
        ingest_flow("articles.jsonl", workers=4)
    """
    check_settings(workers, dask_address)  # reject bad settings before any work
    if processes is None:
        processes = configured_processes()
    elif processes < 1:
        raise ValueError(f"processes must be at least 1, not {processes}")
    engine = make_engine(resolve_database_url(database_url))
    try:
        require_current(engine)
        store = Store(engine)
        feeds = StoredFeedMemory(engine, conditional=not refresh)
        files = StoredFileMemory(engine, source) if skip_unchanged_files else None
        stream = iter_source(
            source,
            Path(manifest) if manifest else None,
            skip_url=None if refresh else functools.partial(_url_is_stored, store),
            feed_memory=feeds,
            skip_file=files.unchanged if files else None,
        )
        summary = IngestSummary(source=source)
        summary.run_id = start_run(store, source)
        callback = progress_callback()
        status: Literal["completed", "failed", "interrupted"] = "failed"
        try:
            with extraction_backend(
                workers, dask_address, processes, batch_size
            ) as (extractor, in_flight):
                pending: deque[PendingBatch] = deque()
                for items in batched(stream, batch_size):
                    pending.append(start_batch(store, items, extractor))
                    while len(pending) >= in_flight:
                        finish_batch(store, pending.popleft(), summary)
                        _report(summary, callback)
                while pending:
                    finish_batch(store, pending.popleft(), summary)
                    _report(summary, callback)
            feeds.save()
            if files is not None:
                files.save()
            status = "completed"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            finish_run(store, summary, status)
    finally:
        engine.dispose()
    return summary


def _report(summary: IngestSummary, callback: ProgressCallback | None) -> None:
    """Log the running counts after a batch and pass them to the progress callback."""
    get_run_logger().info(
        "%d articles read: %d new, %d unchanged, %d events, %d errors",
        summary.articles_seen, summary.articles_new, summary.articles_unchanged,
        summary.events, len(summary.errors),
    )
    if callback is not None:
        callback(summary)
