"""Throughput and memory of the extraction path, against bare spaCy on the same texts.

Run with `make bench` (or `python benchmarks/throughput.py [SIZES...]`). In one process and
with one loaded model, for each corpus size (default 300 and 900 documents: the seed articles
repeated, streamed from a generator):

- bare:  `nlp.pipe` over the cleaned texts, nothing else;
- full:  raw article -> `pipeline.clean.to_article` -> `Extractor.extract` (actors, times,
         events), as the ingest flow and the extract command run it.

It prints words per second for both, their ratio, and the process's peak resident memory
(RSS high-water mark) after the full path; the peak staying flat from the smaller to the
larger corpus shows that memory does not grow with the number of documents. Speeds are per
second of this process's CPU time, so other work on a shared machine does not skew the
ratio; wall-clock seconds are printed too.

Then, on every core (`--processes`, default: the number of cores), for the same sizes:

- bare:  `nlp.pipe(..., n_process=cores)` over the cleaned texts;
- full:  raw article -> `to_article` in this process -> `ExtractorPool(cores).extract`, as
         `dipevents ingest` and `extract` run it (workers started, models loaded, before the
         clock starts; spaCy's own processes start inside its timing, by a cheap fork).

Both in wall-clock seconds (several processes), measured one after the other, `--repeat`
times each (default 2, alternating; the fastest of each counts, as `timeit` does, since other
work on a shared machine only ever slows a run down): words per second, their ratio,
articles per day at the full path's rate, then the ratio of the CPU seconds both spent in all
their processes (what other work on the machine does not skew; a wall-clock ratio well
below it means the machine was busy), and the largest peak resident memory of a worker
process and of this one.
Targets: full path at least 0.8 of bare spaCy, on one core and on all; peaks below 1.5 GiB.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from flows.sources import iter_folder
from pipeline.clean import to_article
from pipeline.extract import DEFAULT_BATCH_SIZE, Extractor
from pipeline.model import RawArticle
from pipeline.nlp import load_nlp
from pipeline.parallel import ExtractorPool, cores

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DEFAULT_SIZES = (300, 900)
TARGET_RATIO = 0.8
TARGET_PEAK_MIB = 1.5 * 1024


def seed_articles() -> list[RawArticle]:
    """Return the seed articles as a source reads them."""
    return [item for item in iter_folder(SEEDS) if isinstance(item, RawArticle)]


def raw_stream(seeds: list[RawArticle], size: int) -> Iterator[RawArticle]:
    """Yield `size` raw articles, cycling through the seeds with distinct document ids."""
    for number, raw in enumerate(itertools.islice(itertools.cycle(seeds), size)):
        yield replace(raw, document=f"{raw.document}#{number}")


def peak_rss_mib() -> float:
    """Return this process's peak resident memory in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bare(texts: list[str], size: int, batch_size: int) -> tuple[float, float]:
    """Return CPU and wall seconds for `nlp.pipe` over `size` cleaned texts."""
    nlp = load_nlp()
    stream = (text for text in itertools.islice(itertools.cycle(texts), size))
    cpu, wall = time.process_time(), time.perf_counter()
    for _doc in nlp.pipe(stream, batch_size=batch_size):
        pass
    return time.process_time() - cpu, time.perf_counter() - wall


def run_full(
    seeds: list[RawArticle], size: int, extractor: Extractor
) -> tuple[float, float, int]:
    """Return CPU and wall seconds for cleaning and extracting `size` raw articles, and the
    number of events found."""
    events = 0
    cpu, wall = time.process_time(), time.perf_counter()
    articles = (to_article(raw) for raw in raw_stream(seeds, size))
    for result in extractor.extract(articles):
        events += len(getattr(result, "events", ()))
    return time.process_time() - cpu, time.perf_counter() - wall, events


def children_cpu() -> float:
    """Return the CPU seconds of this process's ended child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_bare_parallel(
    texts: list[str], size: int, batch_size: int, processes: int
) -> tuple[float, float]:
    """Return wall seconds and CPU seconds (all processes) for `nlp.pipe` with
    `n_process=processes` over `size` texts."""
    nlp = load_nlp()
    stream = (text for text in itertools.islice(itertools.cycle(texts), size))
    cpu, wall = time.process_time() + children_cpu(), time.perf_counter()
    for _doc in nlp.pipe(stream, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - wall, time.process_time() + children_cpu() - cpu


def run_full_parallel(
    seeds: list[RawArticle], size: int, pool: ExtractorPool
) -> tuple[float, float, int]:
    """Return wall seconds and CPU seconds (all processes) for cleaning `size` raw articles
    here and extracting them on the pool's workers, and the number of events found."""
    events = 0
    cpu, wall = time.process_time() + pool.worker_cpu_seconds, time.perf_counter()
    articles = (to_article(raw) for raw in raw_stream(seeds, size))
    for result in pool.extract(articles):
        events += len(getattr(result, "events", ()))
    spent = time.process_time() + pool.worker_cpu_seconds - cpu
    return time.perf_counter() - wall, spent, events


def on_every_core(
    seeds: list[RawArticle], texts: list[str], words_per_cycle: list[int], args: argparse.Namespace
) -> bool:
    """Print one line per size comparing the full path on the pool with bare parallel spaCy."""
    processes = args.processes
    ok = True
    with ExtractorPool(processes, batch_size=args.batch_size) as pool:
        pool.warm()
        list(pool.extract(to_article(raw) for raw in raw_stream(seeds, processes * 2)))
        for size in args.sizes:
            words = sum(words_per_cycle[i % len(texts)] for i in range(size))
            bares, fulls = [], []
            for _ in range(args.repeat):
                bares.append(run_bare_parallel(texts, size, args.batch_size, processes))
                *measures, events = run_full_parallel(seeds, size, pool)
                fulls.append(measures)
            (bare, bare_cpu), (full, full_cpu) = min(bares), min(fulls)
            ratio = bare / full
            per_day = size / full * 86_400
            peak = pool.worker_peak_rss_mib
            ok = ok and ratio >= TARGET_RATIO and peak < TARGET_PEAK_MIB
            print(f"{size} docs on {processes} processes (best of {args.repeat}): bare spaCy "
                  f"n_process={processes} "
                  f"{words / bare:,.0f} words/s ({bare:.0f} s wall); full path "
                  f"{words / full:,.0f} words/s ({full:.0f} s wall, {events} events); ratio "
                  f"{ratio:.2f} (target >= {TARGET_RATIO}); {per_day:,.0f} articles/day of "
                  f"{words // size:,} words; CPU seconds bare/full {bare_cpu / full_cpu:.2f}; "
                  f"peak RSS per worker {peak:,.0f} MiB, main {peak_rss_mib():,.0f} MiB "
                  f"(target < {TARGET_PEAK_MIB:,.0f})", flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each corpus size and print one line per measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES),
                        help="corpus sizes in documents (default: 300 900)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--processes", type=int, default=cores(),
                        help="processes of the all-cores measure (default: the cores)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each path in the all-cores measure (the best counts)")
    args = parser.parse_args(argv)

    seeds = seed_articles()
    texts = [to_article(raw).text for raw in seeds]
    words_per_cycle = [len(text.split()) for text in texts]
    extractor = Extractor(nlp=load_nlp(), batch_size=args.batch_size)
    run_full(seeds, len(seeds), extractor)  # warm-up: model, knowledge base, caches
    print(f"model {load_nlp().meta['name']} {load_nlp().meta['version']}, "
          f"batch size {args.batch_size}, {len(seeds)} seed articles", flush=True)
    ok = True
    for size in args.sizes:
        words = sum(words_per_cycle[i % len(texts)] for i in range(size))
        bare, bare_wall = run_bare(texts, size, args.batch_size)
        full, full_wall, events = run_full(seeds, size, extractor)
        ratio = bare / full
        peak = peak_rss_mib()
        ok = ok and ratio >= TARGET_RATIO and peak < TARGET_PEAK_MIB
        print(f"{size} docs, {words} words: bare spaCy {words / bare:,.0f} words/s "
              f"({bare_wall:.0f} s wall); full path {words / full:,.0f} words/s "
              f"({full_wall:.0f} s wall, {events} events); ratio {ratio:.2f} "
              f"(target >= {TARGET_RATIO}); peak RSS {peak:,.0f} MiB "
              f"(target < {TARGET_PEAK_MIB:,.0f})", flush=True)
    ok = on_every_core(seeds, texts, words_per_cycle, args) and ok
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
