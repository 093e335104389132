"""Analyst queries and feeds at scale, on a PostgreSQL database of a million events.

Run with `make bench-bi`, or `python -m benchmarks.bi [--events N]`. The benchmark creates
its own databases on the PostgreSQL server (`--server`, default
postgresql://postgres@127.0.0.1:5432/postgres): DATABASE (default dipevents_bench) and
DATABASE_target, dropping any that exist first and both at the end (keep them with --keep).
It then

1. builds the database: the seed articles extracted once, multiplied in SQL to --events
   events (benchmarks/bi/build.py), then VACUUM ANALYZE, as autovacuum would;
2. times, warm, every example query of docs/schema.md and the GDELT-style questions
   (benchmarks/bi/queries.py), and checks that each plan reads through an index;
3. syncs the database into DATABASE_target (full, then 1,000 changed events), checks that
   the target equals the source, and exports it to Parquet (benchmarks/bi/feeds.py).

The benchmark database runs with `jit = off` (ALTER DATABASE), as advised for BI use in the
README: compiling the views' per-row subqueries costs more than running them.

It prints one line per query and feed figure, and ends with one JSON line:
{"events": N, "max_query_s": X, "queries": {name: seconds}, "plans_use_indexes": bool,
 "full_sync_rows_per_s": R, "incremental_sync_s": S, "parquet_peak_mib": M, ...}.
Exit status 0 when every query answered under one second through an index, the full sync
reached 20,000 rows/s and the target equals the source; 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from benchmarks.bi.build import build
from benchmarks.bi.feeds import measure_feeds
from benchmarks.bi.queries import docs_queries, gdelt_queries, time_query
from db.migrate import upgrade
from db.session import database_url, make_engine

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
MAX_QUERY_S = 1.0
MIN_SYNC_ROWS_PER_S = 20_000
CHANGED_EVENTS = 1000


@contextmanager
def fresh_database(server: str, name: str, keep: bool) -> Iterator[str]:
    """Create database `name` on `server` (dropping an old one), yield its URL, drop it."""
    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        connection.execute(text(f'ALTER DATABASE "{name}" SET jit = off'))
    url = database_url_of(server, name)
    try:
        yield url
    finally:
        if not keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_url_of(server: str, name: str) -> str:
    """The URL of database `name` on `server`."""
    return make_url(database_url(server)).set(database=name).render_as_string(hide_password=False)


@contextmanager
def kept_database(server: str, name: str) -> Iterator[str]:
    """Yield the URL of database `name`, kept by an earlier run (--keep), migrated to head."""
    url = database_url_of(server, name)
    upgrade(url)
    yield url


def count_events(url: str) -> int:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        events = connection.execute(text("SELECT COUNT(*) FROM events")).scalar_one()
    engine.dispose()
    return events


def vacuum(url: str) -> None:
    """VACUUM ANALYZE the database: statistics and visibility maps, as autovacuum keeps them."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def run_queries(url: str) -> dict[str, dict[str, float | int | bool]]:
    """Time every query; print a line for each; return seconds, rows and index use by name."""
    engine = make_engine(url)
    results: dict[str, dict[str, float | int | bool]] = {}
    try:
        with engine.connect() as connection:
            for query in docs_queries() + gdelt_queries(connection):
                timing = time_query(connection, query)
                results[query.name] = {
                    "s": round(timing.seconds, 3), "rows": timing.rows, "index": timing.uses_index
                }
                reads = "whole table" if query.whole_table else "indexes"
                verdict = reads if timing.uses_index else "FULL SCAN"
                print(f"{query.name}: {timing.seconds:.3f} s, {timing.rows} rows, {verdict} "
                      f"{query.params}", flush=True)
    finally:
        engine.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    """Build, time and report; see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bi",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--events", type=int, default=1_000_000,
                        help="events in the benchmark database (default 1,000,000)")
    parser.add_argument("--server", default=DEFAULT_SERVER,
                        help=f"PostgreSQL server URL to create databases on ({DEFAULT_SERVER})")
    parser.add_argument("--database", default="dipevents_bench",
                        help="name of the benchmark database (created and dropped)")
    parser.add_argument("--keep", action="store_true", help="keep the databases at the end")
    parser.add_argument("--reuse", action="store_true",
                        help="time the database an earlier --keep run left (migrated to the "
                        "newest schema first) instead of building one; --events is ignored")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")

    source = (kept_database(args.server, args.database) if args.reuse
              else fresh_database(args.server, args.database, args.keep))
    with (source as url,
          fresh_database(args.server, f"{args.database}_target", args.keep) as target):
        start = time.perf_counter()
        events = count_events(url) if args.reuse else build(url, args.events)
        vacuum(url)
        verb = "reused" if args.reuse else "built"
        print(f"{verb} {events:,} events in {time.perf_counter() - start:.0f} s", flush=True)
        queries = run_queries(url)
        feeds = measure_feeds(url, target, min(CHANGED_EVENTS, max(events // 5, 1)))
    print(f"full sync: {feeds.full_sync_rows:,} rows in {feeds.full_sync_s:.1f} s, "
          f"{feeds.full_sync_rows_per_s:,.0f} rows/s (goal >= {MIN_SYNC_ROWS_PER_S:,}); "
          f"incremental sync of {feeds.incremental_events} changed events: "
          f"{feeds.incremental_sync_s:.2f} s; target equals source: "
          f"{feeds.target_equals_source}; parquet export of {feeds.parquet_rows:,} events: "
          f"peak RSS {feeds.parquet_peak_mib:,.0f} MiB", flush=True)
    max_query_s = max(result["s"] for result in queries.values())
    indexed = all(result["index"] for result in queries.values())
    print(json.dumps({
        "events": events,
        "max_query_s": max_query_s,
        "queries": {name: result["s"] for name, result in queries.items()},
        "plans_use_indexes": indexed,
        "full_sync_rows": feeds.full_sync_rows,
        "full_sync_rows_per_s": round(feeds.full_sync_rows_per_s),
        "incremental_sync_events": feeds.incremental_events,
        "incremental_sync_s": round(feeds.incremental_sync_s, 2),
        "target_equals_source": feeds.target_equals_source,
        "parquet_rows": feeds.parquet_rows,
        "parquet_peak_mib": round(feeds.parquet_peak_mib),
    }))
    ok = (max_query_s < MAX_QUERY_S and indexed and feeds.target_equals_source
          and feeds.full_sync_rows_per_s >= MIN_SYNC_ROWS_PER_S)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
