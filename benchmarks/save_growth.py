"""Does saving slow down as the database grows? Milliseconds per saved article, by size.

Run with `python -m benchmarks.save_growth [--articles N] [--extracted M]` (defaults 2,000 and
50). It extracts M seed-derived articles once (benchmarks/seeded.py: every copy new), then
saves N of them through `db.store.Store` into a PostgreSQL database of its own (created and
dropped on the test server, DIPEVENTS_TEST_POSTGRES_URL, else postgres@127.0.0.1:5432), each
copy with the events of an extracted copy of the same seed, and prints the milliseconds per
article of every tenth of the run and, last, the ratio of the last tenth to the first.

The copies report the same few meetings over and over, so every happening gathers N / 5
reports: the worst case for linking (db.happenings), which compares each new report with the
reports of the happenings near its date. Without a PostgreSQL server it says so and stops.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.seeded import seed_rows, write_corpus
from db.migrate import upgrade
from db.session import make_engine
from db.store import Store
from flows.sources import iter_folder
from pipeline.clean import clean_article
from pipeline.extract import Extractor
from pipeline.model import Article, ExtractionResult
from tests.db.servers import postgres_server_url, throwaway_database, unreachable_reason

PARTS = 10


def seed_copies(count: int, extracted: int) -> tuple[list[Article], list[ExtractionResult]]:
    """`count` cleaned seed copies, and the extraction results of the first `extracted`."""
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder), count)
        articles = [clean_article(item) for item in iter_folder(Path(folder))]
    cleaned = [article for article in articles if isinstance(article, Article)]
    results = [
        result for result in Extractor().extract(cleaned[:extracted])
        if isinstance(result, ExtractionResult)
    ]
    return cleaned, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles saved (2,000)")
    parser.add_argument("--extracted", type=int, default=50,
                        help="articles extracted, whose events the saved copies reuse (50)")
    args = parser.parse_args(argv)
    seeds = len(seed_rows())
    if args.articles < PARTS or args.extracted < seeds or args.extracted % seeds:
        parser.error(f"--articles must be at least {PARTS} and --extracted a multiple of the "
                     f"{seeds} seed articles")
    server = postgres_server_url()
    reason = unreachable_reason(server)
    if reason is not None:
        print(f"save growth skipped: {reason}")
        return 0
    articles, results = seed_copies(args.articles, args.extracted)
    per_part = len(articles) // PARTS
    times: list[float] = []
    with throwaway_database(server, "dipevents_save_growth") as url:
        upgrade(url)
        engine = make_engine(url)
        store = Store(engine)
        start = time.perf_counter()
        for number, article in enumerate(articles[: per_part * PARTS], start=1):
            # Copy n and extracted copy n % extracted come from the same seed (n % seeds).
            template = results[(number - 1) % len(results)]
            store.save(dataclasses.replace(template, article=article))
            if number % per_part == 0:
                times.append(1000 * (time.perf_counter() - start) / per_part)
                print(f"{number:,} articles stored: {times[-1]:.1f} ms per article", flush=True)
                start = time.perf_counter()
        engine.dispose()
    print(f"last tenth / first tenth: {times[-1] / times[0]:.2f} (flat is 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
