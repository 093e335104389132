"""The `extract` and `evaluate` commands: events of articles without a database."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.cli.app import OutputOption, fail, stderr_console
from flows.cli.interrupts import stops_cleanly
from flows.cli.output import open_output
from flows.cli.progress import RunProgress
from pipeline.model import Article, ArticleError, ExtractionResult

# Articles between two progress lines when stderr is not a terminal (a batch of the model's).
PROGRESS_EVERY = 32


def extract(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH",
                       help="Folders of articles, .txt/.html/.json/.jsonl files, feeds or "
                       ".urls lists."),
    ],
    output: OutputOption = None,
) -> None:
    """Extract events from articles without a database, as JSON lines.

    Each line is one event in the event contract; progress and errors go to stderr.
    Extraction runs on DIPEVENTS_EXTRACT_PROCESSES worker processes (default: one per core).

    Example:

    \b
        dipevents extract seeds/ > events.jsonl
        dipevents extract article.txt other.html --output events.jsonl
    """
    from db.store import stored_range
    from flows.counting import count_all
    from flows.export import to_json_line
    from pipeline.contract import to_contract

    counts = {"articles": 0, "events": 0, "errors": 0}

    def report(error: ArticleError) -> None:
        counts["errors"] += 1
        _report_error(error)

    with stops_cleanly("extract stopped; an --output file is left as it was."), \
            open_output(output) as out, \
            RunProgress("Extracting", count_all(paths), stderr_console(),
                        log_every=PROGRESS_EVERY) as progress:
        for result in _extraction_results(paths, report):
            counts["articles"] += 1
            for event in result.events:
                line = to_contract(event, result.article)
                # The range as `export` gives it: empty when the date is unknown.
                start, end = stored_range(event.date)
                line["date_start"] = start.isoformat() if start else None
                line["date_end"] = end.isoformat() if end else None
                out.write(to_json_line(line) + "\n")
                counts["events"] += 1
            progress.update(counts["articles"],
                            f"{counts['events']} events, {counts['errors']} errors")
    typer.echo(
        f"{counts['articles']} articles, {counts['events']} events, {counts['errors']} errors",
        err=True,
    )


def _report_error(error: ArticleError) -> None:
    typer.echo(f"error {error.document} ({error.stage}): {error.message}", err=True)


def _cleaned(
    sources: Iterable[Iterable[Any]], report: Callable[[ArticleError], None]
) -> Iterator[Article]:
    """Yield the cleaned articles of every source, reporting the ones that fail."""
    from pipeline.clean import clean_article

    for source in sources:
        for item in source:
            cleaned = item if isinstance(item, ArticleError) else clean_article(item)
            if isinstance(cleaned, ArticleError):
                report(cleaned)
            else:
                yield cleaned


def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(metavar="GOLD.yaml", exists=True, dir_okay=False,
                       help="Hand-annotated events (the format of tests/data/seeds_gold.yaml)."),
    ],
    articles: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ARTICLES]...",
                       help="Folders or files holding the gold's documents; default: seeds/."),
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option("--predictions", metavar="JSONL", exists=True, dir_okay=False,
                     help="Score these extracted events instead of extracting now."),
    ] = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="List every error under its cause.")
    ] = False,
) -> None:
    """Measure the extractor against your own annotated articles.

    Events match when their CAMEO roots are equal and they share an actor name or country.
    Prints the errors counted by cause (missed trigger, wrong root, misattributed, participant
    missing or wrong, date, location, modality, code detail, duplicate, spurious), and last a
    JSON summary (precision, recall, F1, code, actors, dates, locations, modality, and the
    strict figures: root, every participant and the date right).

    Example:

    \b
        dipevents evaluate tests/data/seeds_gold.yaml seeds/
        dipevents evaluate my_gold.yaml articles/ --errors
        dipevents evaluate my_gold.yaml --predictions events.jsonl
    """
    import json

    from pipeline.diagnose import diagnose
    from pipeline.evaluate import load_gold, score

    if predictions is not None and articles:
        fail("use just one of ARTICLES and --predictions", code=2)
    try:
        gold_events = load_gold(gold)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail(f"cannot read the gold file {gold}: {exc}")
    if predictions is not None:
        try:
            rows = [
                json.loads(line)
                for line in predictions.read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
        except (OSError, ValueError) as exc:
            fail(f"cannot read {predictions} as JSON lines: {exc}")
        if not all(isinstance(row, dict) for row in rows):
            fail(f"cannot read {predictions}: every line must be a JSON object, one event in "
                 "the event contract (as `dipevents extract` writes)")
    else:
        from pipeline.contract import to_contract

        rows = [
            to_contract(event, result.article)
            for result in _extraction_results(articles or ["seeds"], _report_error)
            for event in result.events
        ]
    scores = score(gold_events, rows)
    _print_findings(diagnose(gold_events, rows), listed=errors)
    typer.echo(json.dumps(scores.summary()))


def _print_findings(findings: list[Any], *, listed: bool) -> None:
    """Print the count of errors per cause, and with `listed` every error under its cause."""
    from pipeline.diagnose import tally

    counts = tally(findings)
    typer.echo("errors by cause: " + ", ".join(f"{c} {n}" for c, n in counts.items()))
    if not listed:
        return
    for cause in counts:
        for f in (f for f in findings if f.cause == cause):
            event = f.gold or f.predicted or {}
            names = [a.get("name") for a in event.get("actors") or []]
            typer.echo(f"{cause:<20} {f.document} {event.get('code')} {names}"
                       f"{' (' + f.detail + ')' if f.detail else ''}: "
                       f"{str(event.get('evidence') or '')[:90]}")


def _extraction_results(
    paths: list[str], report: Callable[[ArticleError], None]
) -> Iterator[ExtractionResult]:
    """Clean and extract every article under `paths`, on DIPEVENTS_EXTRACT_PROCESSES worker
    processes (1: in this one), in order; failures go to `report`."""
    from flows.sources import SourceError, iter_source
    from pipeline.nlp import SpacyModelError
    from pipeline.parallel import ExtractorPool, configured_processes

    processes = configured_processes()
    try:
        sources = [iter_source(path) for path in paths]
    except SourceError as exc:
        fail(str(exc))
    with contextlib.ExitStack() as stack:
        if processes > 1:
            # Started before the first article is read: its model loads meanwhile.
            extractor = stack.enter_context(ExtractorPool(processes))
            extractor.warm(1)
        try:
            if processes == 1:
                from pipeline.extract import Extractor

                extractor = Extractor()
            for item in extractor.extract(_cleaned(sources, report)):
                if isinstance(item, ArticleError):
                    report(item)
                else:
                    yield item
        except (SourceError, SpacyModelError) as exc:
            fail(str(exc))
