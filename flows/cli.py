"""The `dipevents` command line: parse, call `pipeline`/`db`/the flows, report.

Every command's help starts with a one-line summary and ends with an Example block; results go
to stdout, progress and errors to stderr, and failures exit non-zero with the fix named.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

# No telemetry or update checks from Prefect, and only its warnings on the console (the CLI
# shows its own progress); set before Prefect is first imported, overridable by the user.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# The temporary Prefect server may need longer than its 20 s default on a busy machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import typer  # noqa: E402 - after the environment defaults above
from rich.console import Console  # noqa: E402
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn  # noqa: E402
from rich.table import Table  # noqa: E402

from flows.export import write_events  # noqa: E402
from pipeline.model import Article, ArticleError, ExtractionResult  # noqa: E402

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="dipevents",
    help="Turn news articles into a database of diplomatic events.",
    context_settings=CONTEXT_SETTINGS,
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
db_app = typer.Typer(
    help="Create, upgrade and inspect the database schema.",
    context_settings=CONTEXT_SETTINGS,
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")

# Options shared by several commands, defined once so their names and help never drift.
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL; default $DIPEVENTS_DATABASE_URL, else sqlite:///dipevents.db.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, writable=True,
        help="Write to FILE instead of stdout.",
    ),
]


class Format(enum.StrEnum):
    """Export formats."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


# Width of tables written to a file or pipe, where no terminal gives one.
PAGE_WIDTH = 160
_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `Error: message` on stderr and exit with `code`."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def _version_callback(value: bool) -> None:
    if value:
        try:
            typer.echo(f"dipevents {package_version('dipevents')}")
        except PackageNotFoundError:
            typer.echo("dipevents (not installed; run `pip install -e .`)")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True,
                     help="Show the version and exit."),
    ] = False,
) -> None:
    """Turn news articles into a database of diplomatic events.

    Example:

    \b
        dipevents db upgrade
        dipevents ingest seeds/
        dipevents events --limit 20
    """


def _stderr() -> Console:
    return Console(stderr=True)


def _stdout() -> Console:
    """A console for tables: the terminal's width, or a wide page when output is redirected."""
    console = Console()
    return console if console.is_terminal else Console(width=PAGE_WIDTH)


@contextlib.contextmanager
def _database_errors(url: str) -> Iterator[None]:
    """Turn schema and connection errors into messages that name the fix."""
    from sqlalchemy.exc import SQLAlchemyError

    from db.migrate import SchemaNotCurrentError

    try:
        yield
    except SchemaNotCurrentError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
        fail(
            f"cannot use the database {_safe_url(url)}: {reason}. Check --db or "
            "DIPEVENTS_DATABASE_URL, and run `dipevents db upgrade` on a new database."
        )


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _resolve(url: str | None) -> str:
    from db.session import database_url

    return database_url(url)


@contextlib.contextmanager
def _open_output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def parse_since(value: str) -> dt.datetime:
    """Return the UTC time of an ISO date or datetime, or of an age such as 24h, 7d or 2w."""
    text = value.strip()
    match = _RELATIVE.match(text)
    if match:
        delta = dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
        return dt.datetime.now(dt.UTC) - delta
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a time; use an ISO date or datetime (2025-10-10, "
            "2025-10-10T08:00) or an age (30m, 24h, 7d, 2w)",
            param_hint="--since",
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _parse_date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint=flag
        ) from exc


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the database schema or upgrade it to this version.

    Example:

    \b
        dipevents db upgrade
        dipevents db upgrade --db postgresql://user@localhost/dipevents
    """
    from db import migrate

    url = _resolve(db)
    with _database_errors(url):
        migrate.upgrade(url)
        revision = migrate.current_revision(url)
    typer.echo(f"Database {_safe_url(url)} is at revision {revision} (newest).")


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Show the database's schema revision and whether it is up to date.

    Example:

    \b
        dipevents db current
        dipevents db current --db sqlite:///other.db
    """
    from db import migrate

    url = _resolve(db)
    with _database_errors(url):
        revision = migrate.current_revision(url)
    head = migrate.head_revision()
    if revision == head:
        typer.echo(f"Database {_safe_url(url)} is at revision {revision} (newest).")
    elif revision is None:
        typer.echo(
            f"Database {_safe_url(url)} has no dipevents schema; run `dipevents db upgrade`."
        )
    else:
        typer.echo(
            f"Database {_safe_url(url)} is at revision {revision}, the newest is {head}; "
            "run `dipevents db upgrade`."
        )


@app.command()
def ingest(
    path: Annotated[
        str,
        typer.Argument(metavar="PATH",
                       help="A folder of articles, one .txt/.html/.json/.jsonl file, a feed "
                       "(URL or .rss/.atom/.xml file) or a .urls list of pages."),
    ],
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", metavar="CSV", exists=True, dir_okay=False,
                     help="Manifest CSV (file,url,title,source,published); default: the "
                     "folder's manifest.csv."),
    ] = None,
    db: DbOption = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, metavar="N", help="Articles per batch.")
    ] = 32,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, metavar="N",
                     help="Extract on a local Dask cluster of N worker processes."),
    ] = None,
    dask_address: Annotated[
        str | None,
        typer.Option("--dask-address", metavar="ADDRESS",
                     help="Extract on the Dask cluster whose scheduler is at ADDRESS "
                     "(tcp://host:8786); its workers need dipevents installed and "
                     "PREFECT_API_URL set."),
    ] = None,
    refresh: Annotated[
        bool,
        typer.Option("--refresh",
                     help="Fetch web pages again even when their URL is stored; changed pages "
                     "become the URL's next version."),
    ] = False,
) -> None:
    """Read articles, extract their events and store them in the database.

    Articles already stored with the same text are skipped, so running it again adds nothing;
    stored web pages are not fetched again unless --refresh asks for it.

    Example:

    \b
        dipevents ingest seeds/
        dipevents ingest articles.jsonl --db postgresql://user@localhost/dipevents
        dipevents ingest pages/ --manifest pages.csv --batch-size 64
        dipevents ingest https://example.com/world/rss.xml
        dipevents ingest https://example.com/world/rss.xml --refresh
        dipevents ingest articles.jsonl --workers 4
        dipevents ingest articles.jsonl --dask-address tcp://scheduler:8786
    """
    from flows.sources import SourceError, iter_source

    if workers is not None and dask_address is not None:
        fail("give --workers (a local Dask cluster) or --dask-address (an existing one), "
             "not both")
    try:
        iter_source(path, manifest)  # checks the spec at once; the flow reads it
    except SourceError as exc:
        fail(str(exc))
    url = _resolve(db)
    with _database_errors(url):
        _check_schema(url)
    from flows.ingest import IngestSummary, ingest_flow, report_progress
    from pipeline.nlp import SpacyModelError

    err = _stderr()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=err, transient=True, redirect_stdout=False,
    ) as progress:
        task = progress.add_task(f"Ingesting {path} (starting)", total=None)

        def show(summary: IngestSummary) -> None:
            progress.update(
                task,
                description=f"Ingesting {path}: {summary.articles_seen} read, "
                f"{summary.articles_new} new, {summary.events} events, "
                f"{len(summary.errors)} errors",
            )

        try:
            with _database_errors(url), report_progress(show):
                # Only an explicit --db goes into the flow's recorded parameters; a URL from
                # the environment (which may hold a password) is resolved inside the flow.
                summary = ingest_flow(
                    path, database_url=db, batch_size=batch_size,
                    manifest=str(manifest) if manifest else None,
                    workers=workers, dask_address=dask_address, refresh=refresh,
                )
        except (SourceError, SpacyModelError) as exc:
            fail(str(exc))
    _print_summary(summary)


def _check_schema(url: str) -> None:
    """Fail before starting the flow when the schema is missing or old."""
    from db.migrate import require_current
    from db.session import make_engine

    engine = make_engine(url)
    try:
        require_current(engine)
    finally:
        engine.dispose()


def _print_summary(summary: Any) -> None:
    console = _stdout()
    table = Table(title=f"Ingested {summary.source}", show_header=True)
    table.add_column("articles seen", justify="right")
    table.add_column("new", justify="right")
    table.add_column("updated", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("events", justify="right")
    table.add_column("errors", justify="right")
    table.add_row(
        str(summary.articles_seen), str(summary.articles_new), str(summary.articles_updated),
        str(summary.articles_unchanged), str(summary.events), str(len(summary.errors)),
    )
    console.print(table)
    if summary.errors:
        errors = Table(title="Errors", show_header=True)
        errors.add_column("document", overflow="fold")
        errors.add_column("stage")
        errors.add_column("message", overflow="fold")
        for error in summary.errors:
            errors.add_row(error.document, error.stage, error.message)
        console.print(errors)


@app.command()
def serve(
    source: Annotated[
        str,
        typer.Argument(metavar="SOURCE",
                       help="What to ingest on each run: a folder, file, feed or .urls list "
                       "(as for ingest)."),
    ],
    cron: Annotated[
        str | None,
        typer.Option("--cron", metavar="CRON",
                     help='Run on this cron schedule, e.g. "*/15 * * * *" (UTC).'),
    ] = None,
    interval: Annotated[
        int | None,
        typer.Option("--interval", min=1, metavar="SECONDS", help="Run every SECONDS seconds."),
    ] = None,
    db: DbOption = None,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME",
                     help="Deployment name; default: derived from SOURCE (one source, one "
                     "deployment)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, metavar="N", help="Articles per batch.")
    ] = 32,
) -> None:
    """Ingest a source on a schedule: register a Prefect deployment and serve it.

    Needs a Prefect server (`prefect server start`, then PREFECT_API_URL); runs until Ctrl+C.
    Runs never overlap, a failed run is retried, and each run's counts go to extraction_runs.

    Example:

    \b
        dipevents serve news/ --cron "*/15 * * * *"
        dipevents serve https://example.com/world/rss.xml --interval 600 --name world-feed
        dipevents serve articles/ --interval 300 --db postgresql://user@localhost/dipevents
    """
    if (cron is None) == (interval is None):
        fail('give exactly one schedule: --cron "*/15 * * * *" or --interval SECONDS'
             + (", not both" if cron is not None else ""))
    from flows import serve as scheduling
    from flows.sources import SourceError, iter_source

    try:
        iter_source(source)  # checks the spec at once; each run reads it
    except SourceError as exc:
        fail(str(exc))
    url = _resolve(db)
    with _database_errors(url):
        _check_schema(url)
    if db is not None and _has_password(db):
        typer.echo("Warning: --db is stored in the deployment's parameters, visible in the "
                   "Prefect UI; put a password in DIPEVENTS_DATABASE_URL instead.", err=True)
    try:
        ui_url = scheduling.prefect_ui_url()
        deployment = scheduling.build_deployment(
            source, cron=cron, interval=interval, database_url=db, name=name,
            batch_size=batch_size,
        )
        deployment_id = scheduling.register(deployment)
    except scheduling.ServeError as exc:
        fail(str(exc))
    schedule = f"on cron {cron!r}" if cron is not None else f"every {interval} s"
    full_name = scheduling.full_name(deployment)
    typer.echo(
        f"Serving deployment {full_name!r}: ingest {deployment.parameters['source']} "
        f"{schedule} into {_safe_url(url)}.\n"
        f"Watch its runs in the Prefect UI: {ui_url}/deployments/deployment/{deployment_id}\n"
        f"Run it now: prefect deployment run {full_name!r}\n"
        "Stop with Ctrl+C (the schedule pauses until it is served again).",
        err=True,
    )
    scheduling.serve_deployments(deployment)


def _has_password(url: str) -> bool:
    from sqlalchemy.engine import make_url

    return make_url(url).password is not None


@app.command()
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

    Example:

    \b
        dipevents extract seeds/ > events.jsonl
        dipevents extract article.txt other.html --output events.jsonl
    """
    from flows.export import to_json_line
    from pipeline.contract import to_contract

    err = _stderr()
    counts = {"articles": 0, "events": 0, "errors": 0}

    def report(error: ArticleError) -> None:
        counts["errors"] += 1
        _report_error(error)

    with _open_output(output) as out, Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True,
        redirect_stdout=False,
    ) as progress:
        task = progress.add_task("Extracting", total=None)
        for result in _extraction_results(paths, report):
            counts["articles"] += 1
            for event in result.events:
                out.write(to_json_line(to_contract(event, result.article)) + "\n")
                counts["events"] += 1
            progress.update(
                task, description=f"Extracting: {counts['articles']} articles, "
                f"{counts['events']} events"
            )
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


@app.command()
def export(
    fmt: Annotated[
        Format, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = Format.jsonl,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="TIME",
                     help="Only events written since TIME: ISO date/datetime or an age "
                     "(24h, 7d)."),
    ] = None,
    since_change: Annotated[
        int | None,
        typer.Option("--since-change", metavar="SEQ", min=0,
                     help="Only events changed after change number SEQ (0 = all); the "
                     "number to pass next time is printed on stderr. JSON lines then also "
                     "carry deleted events as {\"event_uid\", \"deleted\": true} lines."),
    ] = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """Export stored events as JSON lines, CSV or Parquet.

    JSON lines follow the event contract; CSV flattens actors to "; "-separated lists;
    Parquet keeps them as nested lists and needs --output. For incremental copies use
    --since-change with the number the previous export printed.

    Example:

    \b
        dipevents export --format jsonl --output events.jsonl
        dipevents export --format csv --since 7d > recent.csv
        dipevents export --format parquet --output events.parquet
        dipevents export --since-change 0 > all.jsonl
        dipevents export --since-change 1234 > changes.jsonl
    """
    from db.export import changes_since, write_parquet
    from db.queries import iter_contract_events
    from db.session import make_engine

    if since is not None and since_change is not None:
        fail("use just one of --since and --since-change", code=2)
    if fmt is Format.parquet and output is None:
        fail("--format parquet writes a binary file: add --output FILE.parquet", code=2)
    moment = parse_since(since) if since else None
    url = _resolve(db)
    engine = make_engine(url)
    try:
        with _database_errors(url):
            _check_schema(url)
            changes = None
            if since_change is None:
                rows = iter_contract_events(engine, since=moment)
            else:
                try:
                    changes = changes_since(engine, since_change)
                except ValueError as exc:
                    fail(str(exc), code=2)
                rows = changes.events()
                if fmt is Format.jsonl:
                    rows = itertools.chain(
                        rows, ({**d, "deleted": True} for d in changes.deleted())
                    )
            if fmt is Format.parquet:
                count = write_parquet(rows, output)
            else:
                with _open_output(output) as out:
                    count = write_events(rows, out, fmt.value)
    finally:
        engine.dispose()
    if output is not None:
        typer.echo(f"{count} events written to {output}", err=True)
    if changes is not None:
        typer.echo(f"Next incremental export: --since-change {changes.until_seq}", err=True)


@app.command()
def sync(
    to: Annotated[
        str,
        typer.Option("--to", metavar="URL", show_default=False,
                     help="The other database: a postgresql://, mysql:// (MariaDB) or "
                     "sqlite:/// URL."),
    ],
    tables: Annotated[
        str | None,
        typer.Option("--tables", metavar="LIST",
                     help="Comma-separated subset of articles,actors,events (default: all; "
                     "events bring their participants)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, metavar="N",
                          help="Changes copied per target transaction.")
    ] = 500,
    db: DbOption = None,
) -> None:
    """Copy new and changed events, actors and articles into another database.

    Only what changed since the last sync into that target is copied (its watermark lives
    in the target), deletions included; an interrupted sync resumes where it stopped.

    Example:

    \b
        dipevents sync --to postgresql://app@db.internal/analytics
        dipevents sync --to mysql://root@127.0.0.1/reports --tables events
        dipevents sync --to sqlite:///copy.db
    """
    from db.session import make_engine
    from db.sync import SyncError, SyncReport, select_tables
    from db.sync import sync as run_sync

    try:
        selected = select_tables(
            [name.strip() for name in tables.split(",") if name.strip()] if tables else None
        )
    except ValueError as exc:
        fail(str(exc), code=2)
    url = _resolve(db)
    engine = make_engine(url)
    err = _stderr()
    try:
        with _database_errors(url):
            _check_schema(url)
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
            console=err, transient=True, redirect_stdout=False,
        ) as progress:
            task = progress.add_task(f"Syncing into {_safe_url(to)}", total=None)

            def show(report: SyncReport) -> None:
                progress.update(
                    task, description=f"Syncing into {report.target}: change "
                    f"{report.end_seq} of {report.source_seq}, {report.changes} rows"
                )

            with _database_errors(to):
                report = run_sync(engine, to, tables=selected, batch_size=batch_size,
                                  progress=show)
    except SyncError as exc:
        fail(str(exc))
    finally:
        engine.dispose()
    if report.changes == 0:
        typer.echo(f"{report.target} is up to date (change {report.end_seq}); nothing copied.")
        return
    table = Table(title=f"Synced into {report.target} (changes {report.start_seq} to "
                  f"{report.end_seq})")
    table.add_column("table")
    table.add_column("upserted", justify="right")
    table.add_column("deleted", justify="right")
    for name in sorted(set(report.upserted) | set(report.deleted)):
        table.add_row(name, str(report.upserted.get(name, 0)), str(report.deleted.get(name, 0)))
    _stdout().print(table)


@app.command()
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
    """Clean and extract every article under `paths`; failures go to `report`."""
    from flows.sources import SourceError, iter_source
    from pipeline.extract import Extractor
    from pipeline.nlp import SpacyModelError

    try:
        sources = [iter_source(path) for path in paths]
        extractor = Extractor()
    except (SourceError, SpacyModelError) as exc:
        fail(str(exc))
    for item in extractor.extract(_cleaned(sources, report)):
        if isinstance(item, ArticleError):
            report(item)
        else:
            yield item


@app.command()
def events(
    actor: Annotated[
        str | None, typer.Option("--actor", help="Part of a participant's name or alias.")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", metavar="ISO3",
                                 help="A participant's country (ISO 3166-1 alpha-3).")
    ] = None,
    code: Annotated[
        str | None, typer.Option("--code", help="CAMEO code or prefix (04 = consult).")
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="Events on or after DATE.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Events on or before DATE.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, metavar="N",
                                       help="Show at most N events.")] = 50,
    db: DbOption = None,
) -> None:
    """List stored events in a table, filtered by actor, country, code or date.

    Example:

    \b
        dipevents events --limit 20
        dipevents events --actor "Kim Jong Un" --code 04
        dipevents events --country PRK --from 2025-09-01 --to 2025-09-30
    """
    from db.queries import iter_contract_events
    from db.session import make_engine

    start = _parse_date(date_from, "--from")
    end = _parse_date(date_to, "--to")
    url = _resolve(db)
    engine = make_engine(url)
    try:
        with _database_errors(url):
            _check_schema(url)
            rows = list(
                iter_contract_events(
                    engine, actor=actor, country=country.upper() if country else None,
                    code=code, date_from=start, date_to=end, limit=limit,
                )
            )
    finally:
        engine.dispose()
    if not rows:
        typer.echo("No events match. Store some with `dipevents ingest PATH`, or loosen the "
                   "filters.")
        return
    table = Table(title=f"{len(rows)} events", show_lines=False)
    for name in ("date", "code", "event", "actors", "location", "modality"):
        table.add_column(name, no_wrap=name in ("date", "code", "modality"))
    table.add_column("document", overflow="fold")
    for row in rows:
        table.add_row(
            row.get("date") or "",
            row.get("code") or "",
            row.get("cameo_name") or "",
            ", ".join(_actor_label(a) for a in row.get("actors") or []),
            row.get("location") or "",
            row.get("modality") or "",
            row.get("document") or "",
        )
    _stdout().print(table)


def _actor_label(actor: dict[str, Any]) -> str:
    name = actor.get("name") or "?"
    return f"{name} ({actor['country']})" if actor.get("country") else name
