"""Does a local Dask cluster pay? A plain ingest against one on 2 Dask workers, same articles.

Run with `make bench` (or `python -m benchmarks.dask_scaleout [--articles N]`). It writes N
seed-derived articles (default 200; every copy new, see `benchmarks.seeded`) and ingests them
twice with `ingest_flow`, each time into a new SQLite database:
- plain: as `dipevents ingest` runs by default, on `--workers` extraction processes;
- dask:  with `workers=--workers`, as `dipevents ingest --workers N` runs, on a local Dask
         cluster the flow starts and closes.
Each is timed in wall-clock seconds from the flow's call to its return, so both pay their own
start-up: worker processes and one model per worker. Prefect's own start-up happens before,
in an untimed run over an empty folder. It prints the seconds, articles per second per worker
of each, and their ratio, dask over plain seconds (target: at most 1.0, Dask not slower).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.seeded import write_corpus
from db.migrate import upgrade
from flows.prefect_server import prefect_api

TARGET_RATIO = 1.0


def timed_ingest(folder: Path, url: str, args: argparse.Namespace, dask: bool) -> float:
    """Ingest `folder` into `url` (upgraded first, untimed); return the wall-clock seconds."""
    from flows.ingest import ingest_flow
    from pipeline.parallel import close_shared_pools

    upgrade(url)
    options = {"workers": args.workers} if dask else {"processes": args.workers}
    start = time.perf_counter()
    summary = ingest_flow(str(folder), database_url=url, batch_size=args.batch_size, **options)
    seconds = time.perf_counter() - start
    close_shared_pools()
    if summary.articles_new != args.articles or summary.errors:
        raise SystemExit(f"{'dask' if dask else 'plain'} ingest stored "
                         f"{summary.articles_new} of {args.articles} articles, "
                         f"{len(summary.errors)} errors")
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Time both runs and print one line each and their ratio."""
    from pipeline import DEFAULT_BATCH_SIZE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200,
                        help="seed-derived articles to ingest (default: 200)")
    parser.add_argument("--workers", type=int, default=2,
                        help="Dask workers, and extraction processes of the plain run")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    args = parser.parse_args(argv)
    if args.articles < 1 or args.workers < 1:
        parser.error("--articles and --workers must be at least 1")

    with prefect_api() as ready, tempfile.TemporaryDirectory(prefix="dipevents-bench-") as tmp:
        from flows.ingest import ingest_flow

        ready()
        folder, empty = Path(tmp) / "articles", Path(tmp) / "empty"
        write_corpus(folder, args.articles)
        empty.mkdir()
        warm = f"sqlite:///{Path(tmp) / 'warm.db'}"
        upgrade(warm)
        ingest_flow(str(empty), database_url=warm, processes=1)  # Prefect's start-up
        plain = timed_ingest(folder, f"sqlite:///{Path(tmp) / 'plain.db'}", args, dask=False)
        dask = timed_ingest(folder, f"sqlite:///{Path(tmp) / 'dask.db'}", args, dask=True)
    for name, seconds in (("plain", plain), ("dask", dask)):
        print(f"{name}: {args.articles} articles on {args.workers} workers in {seconds:.1f} s, "
              f"{args.articles / seconds / args.workers:.2f} articles/s per worker", flush=True)
    ratio = dask / plain
    ok = ratio <= TARGET_RATIO
    print(f"dask/plain seconds ratio {ratio:.2f} (target <= {TARGET_RATIO}); "
          f"{'target met' if ok else 'target NOT met'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
