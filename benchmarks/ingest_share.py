"""Where a large ingest's time goes: read, clean, extract, save and orchestration.

Run with `make bench` (or `python -m benchmarks.ingest_share [--articles N] [--db URL]`). It
writes N seed-derived articles (default 10,000; each copy's text differs, so every one is new
and stored) to a temporary folder and ingests them with `ingest_flow`, as `dipevents ingest`
does, into PostgreSQL: by default a database of its own on the test server
(DIPEVENTS_TEST_POSTGRES_URL, else postgres@127.0.0.1:5432), created and dropped here; with
`--db`, the database at that URL (migrated first; use an empty one). Without a PostgreSQL
server it says so and stops.

One run is measured: the flow's wall-clock seconds, split into
- read:          reading files and the manifest from the source;
- clean:         `clean_article`;
- extract:       waiting for extraction (on `--processes` worker processes, default as
                 ingest; the flow's process reads, cleans and saves meanwhile);
- save:          the store's writes, its known-text lookups and its planner statistics
                 (`Store.save`, `is_known`, `known_texts`, `refresh_statistics`);
- orchestration: the rest (Prefect's flow and task runs, batching, logging).
A stage called inside another counts for the inner one only. Prefect's start-up (a temporary server
unless one is configured, as for the command line) and the extraction workers' model loading
happen before, in an untimed warm-up run over an empty
folder. Target: save under a fifth of the time.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.seeded import write_corpus
from db.migrate import upgrade
from db.store import Store
from flows.prefect_server import prefect_api
from tests.db.servers import postgres_server_url, throwaway_database, unreachable_reason

STAGES = ("read", "clean", "extract", "save")
TARGET_SAVE_SHARE = 0.2


class StageClock:
    """Wall-clock seconds per stage; time spent in a nested stage counts for it alone."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)
        self._stack: list[float] = []  # the nested stages' seconds inside each open stage

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        self._stack.append(0.0)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            nested = self._stack.pop()
            self.seconds[name] += elapsed - nested
            if self._stack:
                self._stack[-1] += elapsed

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """Return `function` timed as `name`."""
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return function(*args, **kwargs)
        return timed

    def wrap_iterator(self, name: str, function: Callable[..., Iterator[Any]]) -> Callable:
        """Return `function`, whose iterator's every step is timed as `name`."""
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            iterator = iter(function(*args, **kwargs))
            while True:
                with self.stage(name):
                    item = next(iterator, StopIteration)
                if item is StopIteration:
                    return
                yield item
        return timed


@contextlib.contextmanager
def instrumented(clock: StageClock) -> Iterator[None]:
    """Time the flow's stages through the functions `flows.ingest` calls for them."""
    import flows.ingest as ingest

    original_finish = ingest.finish_batch

    def finish_batch(store: Store, batch: ingest.PendingBatch, summary: Any) -> None:
        if batch.extraction is not None:
            with clock.stage("extract"):
                batch.extraction.result()  # kept by the future for finish_batch
        original_finish(store, batch, summary)

    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(
            ingest, "iter_source", clock.wrap_iterator("read", ingest.iter_source)))
        stack.enter_context(mock.patch.object(
            ingest, "clean_article", clock.wrap("clean", ingest.clean_article)))
        stack.enter_context(mock.patch.object(ingest, "finish_batch", finish_batch))
        for method in ("save", "is_known", "known_texts", "refresh_statistics"):
            stack.enter_context(mock.patch.object(
                Store, method, clock.wrap("save", getattr(Store, method))))
        yield


def warm_up(url: str, processes: int, batch_size: int, empty: Path) -> None:
    """Start Prefect and load the model where extraction runs, untimed."""
    from flows.ingest import ingest_flow
    from pipeline.parallel import process_extractor, shared_pool

    if processes > 1:
        shared_pool(processes, batch_size).warm()
    else:
        process_extractor(batch_size)
    ingest_flow(str(empty), database_url=url, batch_size=batch_size, processes=processes)


def measure(url: str, args: argparse.Namespace) -> bool:
    """Ingest the corpus into `url` once, print the stage shares; return True if save is small."""
    from flows.ingest import ingest_flow
    from pipeline.parallel import close_shared_pools

    upgrade(url)
    with tempfile.TemporaryDirectory(prefix="dipevents-bench-") as tmp:
        folder = Path(tmp) / "articles"
        words = write_corpus(folder, args.articles)
        (Path(tmp) / "empty").mkdir()
        try:
            warm_up(url, args.processes, args.batch_size, Path(tmp) / "empty")
            clock = StageClock()
            with instrumented(clock):
                start = time.perf_counter()
                summary = ingest_flow(str(folder), database_url=url,
                                      batch_size=args.batch_size, processes=args.processes)
                total = time.perf_counter() - start
        finally:
            close_shared_pools()
    shares = {**clock.seconds, "orchestration": total - sum(clock.seconds.values())}
    print(f"{summary.articles_seen} articles ({words:,} words) into "
          f"{url.split('://')[0]} on {args.processes} extraction process(es), batch size "
          f"{args.batch_size}: {summary.articles_new} new, {summary.articles_updated} updated, "
          f"{summary.articles_unchanged} unchanged, {summary.events} events, "
          f"{len(summary.errors)} errors, {total:.1f} s, "
          f"{summary.articles_seen / total:.2f} articles/s", flush=True)
    for stage, seconds in shares.items():
        print(f"  {stage:<13} {seconds:9.1f} s  {seconds / total:6.1%}", flush=True)
    save_share = shares["save"] / total
    per_article = shares["save"] / max(summary.articles_new, 1) * 1000
    ok = save_share < TARGET_SAVE_SHARE and summary.articles_new == args.articles
    print(f"save share {save_share:.1%} (target < {TARGET_SAVE_SHARE:.0%}), "
          f"{per_article:.1f} ms per article saved; "
          f"{'target met' if ok else 'target NOT met'}", flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    """Parse the options, find the database, and run the measurement."""
    from pipeline import DEFAULT_BATCH_SIZE
    from pipeline.parallel import configured_processes

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000,
                        help="seed-derived articles to ingest (default: 10000)")
    parser.add_argument("--db", help="PostgreSQL URL to ingest into (default: a database of "
                        "its own on the test server, created and dropped)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--processes", type=int, default=None,
                        help="extraction processes (default: as ingest, one per core)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    args.processes = args.processes or configured_processes()
    server = postgres_server_url()
    if not args.db and (reason := unreachable_reason(server)):
        print(f"ingest share skipped: {reason}")
        return 0
    with prefect_api() as ready:
        ready()
        if args.db:
            return 0 if measure(args.db, args) else 1
        with throwaway_database(server, prefix="dipevents_bench_ingest") as url:
            return 0 if measure(url, args) else 1


if __name__ == "__main__":
    sys.exit(main())
