"""Measure `pipeline.timex.normalize` on TimeML corpora of DATE expressions with gold values.

Each input line is one TIMEX3 expression (fields `text`, `type`, `value`, `dct`, `sentence`);
only DATE expressions are scored, with the document creation time as anchor and the sentence
as context (with --spacy, also what `find_timexes` makes of the parsed sentence, the path
the extractor takes). A value is right when it equals the gold; gold values with a time of day
("2000-01-05TEV") are compared at day level, since the pipeline dates events to the day.
Values the gold leaves underspecified ("1989-WXX") count as misses: they stay visible in the
"other" row. A dateparser-alone baseline is printed for comparison.

Example:

    .venv/bin/python scripts/eval_timex.py                       # the shared development corpora
    .venv/bin/python scripts/eval_timex.py corpus.jsonl --errors 30
    .venv/bin/python scripts/eval_timex.py --spacy     # also find_timexes on parsed sentences
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.timex import find_timexes, normalize

System = Callable[[str, date, str], str | None]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = sorted((PROJECT_ROOT.parent / "shared" / "eval" / "timex").glob("*.jsonl"))
GRANULARITY = (
    ("day", r"\d{4}-\d\d-\d\d"),
    ("week", r"\d{4}-W\d\d(?:-WE)?"),
    ("month", r"\d{4}-\d\d"),
    ("quarter", r"\d{4}-Q\d"),
    ("season", r"\d{4}-(?:SP|SU|FA|WI)"),
    ("year", r"\d{4}"),
    ("decade", r"\d{3}"),
    ("century", r"\d{2}"),
    ("ref", r"(?:PRESENT|PAST|FUTURE)_REF"),
)


def granularity(value: str) -> str:
    """The granularity of a TIMEX3 value; 'other' for underspecified or unusual ones."""
    for name, pattern in GRANULARITY:
        if re.fullmatch(pattern, value):
            return name
    return "other"


def gold_value(value: str) -> str:
    """The gold value at day level when it carries a time of day, weeks with two digits."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)T.*", value)
    if m:
        return m.group(1)
    m = re.fullmatch(r"(\d{4})-W(\d)", value)  # a few golds write "2000-W7" for "2000-W07"
    return f"{m.group(1)}-W0{m.group(2)}" if m else value


def dateparser_value(text: str, anchor: date, sentence: str) -> str | None:
    """dateparser alone: the parsed date at the period it reports."""
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day),
            "PREFER_DATES_FROM": "past",
        },
    )
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return f"{d.year}"
    if data.period == "month":
        return f"{d.year}-{d.month:02d}"
    if data.period == "week":
        iso = d.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return d.isoformat()


def ours(text: str, anchor: date, sentence: str) -> str | None:
    value = normalize(text, anchor, sentence)
    return value.value if value else None


def in_pipeline(nlp: Language) -> System:
    """The value `find_timexes` gives the expression when it parses the sentence alone (spaCy
    tense, our candidate spans); None when it finds no mention overlapping the expression."""

    @functools.lru_cache(maxsize=4096)
    def parse(sentence: str) -> Doc:
        return nlp(sentence)

    def system(text: str, anchor: date, sentence: str) -> str | None:
        at = sentence.find(text)
        if at < 0:
            return None
        for mention in find_timexes(parse(sentence), anchor):
            if mention.start_char < at + len(text) and at < mention.end_char:
                return mention.value.value
        return None

    return system


Tally = tuple[Counter, Counter, list[tuple[dict, str | None]], float]


def score(rows: list[dict], system: System) -> Tally:
    """Right and total per gold granularity, the misses, and milliseconds per expression."""
    right: Counter = Counter()
    total: Counter = Counter()
    misses: list[tuple[dict, str | None]] = []
    started = time.perf_counter()
    for row in rows:
        gold = gold_value(row["value"])
        predicted = system(row["text"], date.fromisoformat(row["dct"]), row.get("sentence", ""))
        kind = granularity(gold)
        total[kind] += 1
        if predicted == gold:
            right[kind] += 1
        else:
            misses.append((row, predicted))
    elapsed_ms = (time.perf_counter() - started) * 1000 / max(len(rows), 1)
    return right, total, misses, elapsed_ms


def report(name: str, tally: Tally) -> None:
    right, total, _, ms = tally
    n, ok = sum(total.values()), sum(right.values())
    print(f"  {name:<11} accuracy {ok / n:6.1%}  ({ok}/{n}, {ms:.2f} ms each)")
    cells = [f"{k} {right[k]}/{total[k]}" for k, _ in (*GRANULARITY, ("other", "")) if total[k]]
    print("              " + "  ".join(cells))


def evaluate(name: str, rows: list[dict], systems: dict[str, System], errors: int) -> None:
    print(f"{name}: {len(rows)} DATE expressions")
    for label, system in systems.items():
        tally = score(rows, system)
        report(label, tally)
        if label == "normalize":
            for row, got in tally[2][:errors]:
                where = f"{row['dct']} {row['text']!r:28}"
                print(f"    {where} gold {row['value']:<12} got {got} | {row['sentence'][:80]}")


def main(argv: list[str] | None = None) -> int:
    """Print DATE-value accuracy, overall and by granularity, for each corpus and all together."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpora", nargs="*", type=Path, default=DEFAULT_CORPORA, help="JSONL")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="show N misses each")
    parser.add_argument(
        "--spacy", action="store_true", help="also measure find_timexes on the parsed sentences"
    )
    args = parser.parse_args(argv)
    if not args.corpora:
        parser.error("no corpus given and none found in ../shared/eval/timex; pass JSONL paths")

    systems: dict[str, System] = {"normalize": ours, "dateparser": dateparser_value}
    if args.spacy:
        from pipeline.nlp import load_nlp

        systems["pipeline"] = in_pipeline(load_nlp())
    everything: list[dict] = []
    for path in args.corpora:
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [r for r in map(json.loads, filter(str.strip, lines)) if r.get("type") == "DATE"]
        everything.extend(rows)
        evaluate(path.name, rows, systems, args.errors)
    if len(args.corpora) > 1:
        evaluate("all", everything, systems, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
