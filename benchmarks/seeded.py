"""Corpora for the ingest benchmarks: the seed articles copied N times, every copy new.

Each copy ends with its own number, so its cleaned text (and content hash) differs from every
other copy's and the ingest stores it instead of skipping it as known, and a seed's URL gets
the number too, so no copy is taken for a new version of another's page; the added words name
no actor or event, so each copy yields its seed's events.
"""

from __future__ import annotations

import csv
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MANIFEST = "manifest.csv"


def seed_rows() -> list[dict[str, str]]:
    """The rows of the seeds' manifest: the articles copies cycle through, in order."""
    with (SEEDS / MANIFEST).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_corpus(folder: Path, count: int) -> int:
    """Write `count` seed-derived articles and their manifest to `folder`; return their words."""
    seeds = seed_rows()
    texts = [(SEEDS / seed["file"]).read_text(encoding="utf-8") for seed in seeds]
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    with (folder / MANIFEST).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(seeds[0]))
        writer.writeheader()
        for number in range(count):
            seed, text = seeds[number % len(seeds)], texts[number % len(seeds)]
            name = f"{number:06d}_{seed['file']}"
            copy = f"{text.rstrip()}\n\nBulletin {number}.\n"
            (folder / name).write_text(copy, encoding="utf-8")
            url = seed.get("url") and f"{seed['url'].rstrip('/')}/copy-{number}"
            writer.writerow({**seed, "file": name, "url": url})
            words += len(copy.split())
    return words
