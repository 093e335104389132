"""Does a local Dask cluster pay? A plain ingest against one on 2 Dask workers, same articles.

Run with `make bench` (or `python -m benchmarks.dask_scaleout [--articles N] [--rounds R]`).
It writes N seed-derived articles (default 200; every copy new, see `benchmarks.seeded`) and
ingests them with `ingest_flow`, each time into a new SQLite database:
- plain: as `dipevents ingest` runs by default, on `--workers` extraction processes;
- dask:  with `workers=--workers`, as `dipevents ingest --workers N` runs, on a local Dask
         cluster the flow starts and closes.
Each run is timed in wall-clock seconds from the flow's call until its workers have stopped,
so both pay their own start-up (worker processes, one model per worker) and shut-down: the
flow closes its Dask cluster itself, and the plain run's processes are closed in the timed
span, as the command closes them before it exits. Prefect's own start-up happens before, in an
untimed run over an empty folder. The two alternate for R rounds (default 3), so that a slow
moment of the machine does not fall on one of them only, and the best time of each counts.
It prints the seconds, articles per second per worker of each, and their ratio, dask over
plain seconds (target: at most 1.0, Dask not slower).
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
    close_shared_pools()
    seconds = time.perf_counter() - start
    if summary.articles_new != args.articles or summary.errors:
        raise SystemExit(f"{'dask' if dask else 'plain'} ingest stored "
                         f"{summary.articles_new} of {args.articles} articles, "
                         f"{len(summary.errors)} errors")
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Time both kinds of run and print one line each and their ratio."""
    from pipeline import DEFAULT_BATCH_SIZE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200,
                        help="seed-derived articles to ingest (default: 200)")
    parser.add_argument("--workers", type=int, default=2,
                        help="Dask workers, and extraction processes of the plain run")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--rounds", type=int, default=3,
                        help="plain and dask runs each, alternating; the best counts "
                        "(default: 3)")
    args = parser.parse_args(argv)
    if min(args.articles, args.workers, args.rounds) < 1:
        parser.error("--articles, --workers and --rounds must be at least 1")

    with prefect_api() as ready, tempfile.TemporaryDirectory(prefix="dipevents-bench-") as tmp:
        from flows.ingest import ingest_flow

        ready()
        folder, empty = Path(tmp) / "articles", Path(tmp) / "empty"
        write_corpus(folder, args.articles)
        empty.mkdir()
        warm = f"sqlite:///{Path(tmp) / 'warm.db'}"
        upgrade(warm)
        ingest_flow(str(empty), database_url=warm, processes=1)  # Prefect's start-up
        times: dict[str, list[float]] = {"plain": [], "dask": []}
        for round_number in range(args.rounds):
            for name in times:
                url = f"sqlite:///{Path(tmp) / f'{name}{round_number}.db'}"
                times[name].append(timed_ingest(folder, url, args, dask=name == "dask"))
    for name, seconds in times.items():
        print(f"{name}: {args.articles} articles on {args.workers} workers in "
              f"{min(seconds):.1f} s (rounds: {', '.join(f'{s:.1f}' for s in seconds)}), "
              f"{args.articles / min(seconds) / args.workers:.2f} articles/s per worker",
              flush=True)
    ratio = min(times["dask"]) / min(times["plain"])
    ok = ratio <= TARGET_RATIO
    print(f"dask/plain seconds ratio {ratio:.2f} (target <= {TARGET_RATIO}); "
          f"{'target met' if ok else 'target NOT met'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
