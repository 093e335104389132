"""Cleaning time against text size: linear, so doubling the size about doubles the time.

Run with `python benchmarks/cleaning.py [MEGABYTES...]` (default 0.625 1.25 2.5 5, the last
being the size limit of one article). For each shape of text a source may deliver, it cleans
a generated article of each size with `pipeline.clean.to_article`, as the ingest flow does,
and prints the CPU seconds and the ratio to the previous size. Sizes double, so a ratio near
2 is linear growth and a ratio near 4 quadratic growth; the last line is a JSON summary with
the largest ratio seen.

Shapes:
- paragraphs:  distinct paragraphs separated by blank lines (a long report);
- one line:    the same words on a single line (a text file without line breaks);
- wrapped:     the same words hard-wrapped at 70 columns, lower case, so every line joins the
               paragraph before it;
- captions:    paragraphs each followed by a caption repeating its first half (what the
               repeated-paragraph rule removes);
- html:        the paragraphs as <p> elements of an HTML page.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable

from pipeline.clean import to_article
from pipeline.model import RawArticle

DEFAULT_MEGABYTES = (0.625, 1.25, 2.5, 5.0)
# Words whose mix passes the English check: function words and news vocabulary.
FUNCTION_WORDS = "the of and to in a that for on with as by at from was said".split()
CONTENT_WORDS = (
    "minister talks summit agreement delegation president government border trade security "
    "ceasefire embassy treaty sanctions visit envoy parliament cooperation officials meeting "
    "statement negotiations foreign defence council leaders capital region economic policy"
).split()


def sentences(rng: random.Random) -> str:
    """Return one paragraph of three to six generated sentences."""
    out = []
    for _ in range(rng.randint(3, 6)):
        words = [
            rng.choice(FUNCTION_WORDS)
            if rng.random() < 0.4
            # Suffixed, so that the text has many distinct words, as real text has.
            else rng.choice(CONTENT_WORDS) + rng.choice("abcdefghijklmnopqrstuvwxyz")
            for _ in range(rng.randint(8, 20))
        ]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def paragraphs(size: int, seed: int = 1) -> list[str]:
    """Return generated paragraphs of `size` characters in all."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        out.append(sentences(rng))
        total += len(out[-1]) + 2
    return out


def wrapped(size: int) -> str:
    flat = " ".join(paragraphs(size)).lower()
    return "\n".join(flat[i : i + 70] for i in range(0, len(flat), 70))


def with_captions(size: int) -> str:
    out = []
    for paragraph in paragraphs(size * 2 // 3):
        out += [paragraph, paragraph[: len(paragraph) // 2]]
    return "\n\n".join(out)


def html(size: int) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs(size))
    return f"<!DOCTYPE html><html><head><title>Report</title></head><body><article>{body}" \
        "</article></body></html>"


SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs": lambda size: "\n\n".join(paragraphs(size)),
    "one line": lambda size: " ".join(paragraphs(size)),
    "wrapped": wrapped,
    "captions": with_captions,
    "html": html,
}


def clean_seconds(text: str) -> float:
    """Return the CPU seconds `to_article` takes on `text`."""
    start = time.process_time()
    to_article(RawArticle(document="bench", content=text))
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("megabytes", nargs="*", type=float, default=DEFAULT_MEGABYTES)
    args = parser.parse_args()
    worst = 0.0
    print(f"{'shape':<12}{'MB':>8}{'seconds':>10}{'ratio':>8}")
    for name, make in SHAPES.items():
        previous = None
        for megabytes in args.megabytes:
            # Slightly under the size so that the 5 MB case stays within the limit.
            seconds = clean_seconds(make(int(megabytes * 1_000_000 * 0.95)))
            ratio = seconds / previous if previous else None
            worst = max(worst, ratio or 0.0)
            print(f"{name:<12}{megabytes:>8.3f}{seconds:>10.2f}"
                  f"{'' if ratio is None else f'{ratio:8.2f}'}", flush=True)
            previous = seconds
    print(json.dumps({"largest_ratio_per_doubling": round(worst, 2)}))


if __name__ == "__main__":
    main()
