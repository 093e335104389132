"""The `export` and `sync` commands: stored events to files and to other databases."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Iterator
from typing import Annotated, TypeVar

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.cli.app import DbOption, OutputOption, fail, stderr_console, stdout_console
from flows.cli.arguments import check_database_option, parse_since
from flows.cli.database import (
    check_schema,
    database_errors,
    removed_on_failure,
    resolve_url,
    safe_url,
)
from flows.cli.output import open_output, written_whole
from flows.export import write_events

T = TypeVar("T")


class Counted:
    """Counts the items of the iterables passed through `count` as they are consumed."""

    def __init__(self) -> None:
        self.n = 0

    def count(self, items: Iterable[T]) -> Iterator[T]:
        """Yield `items`, counting them in `n`."""
        for item in items:
            self.n += 1
            yield item


class Format(enum.StrEnum):
    """Export formats."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


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
                     "number to pass next time is printed on stderr. Events deleted since "
                     "are written too: JSON lines {\"event_uid\", \"deleted\": true}, CSV "
                     "and Parquet rows with deleted=true."),
    ] = None,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """Export stored events as JSON lines, CSV or Parquet.

    JSON lines follow the event contract; CSV flattens actors to "; "-separated lists;
    Parquet keeps them as nested lists and needs --output. For incremental copies use
    --since-change with the number the previous export printed: events deleted since then
    come too, in every format (a `deleted` column in CSV and Parquet).

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
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        with database_errors(url):
            check_schema(url)
            changes = None
            removed = Counted()
            if since_change is None:
                rows = iter_contract_events(engine, since=moment)
            else:
                try:
                    changes = changes_since(engine, since_change)
                except ValueError as exc:
                    fail(str(exc), code=2)
                rows = itertools.chain(changes.events(), removed.count(changes.deleted()))
            if fmt is Format.parquet:
                with written_whole(output) as temporary:
                    count = write_parquet(rows, temporary)
            else:
                with open_output(output) as out:
                    count = write_events(rows, out, fmt.value)
    finally:
        engine.dispose()
    if output is not None:
        deletions = f" and {removed.n} deletions" if changes is not None else ""
        typer.echo(f"{count - removed.n} events{deletions} written to {output}", err=True)
    elif changes is not None:
        typer.echo(f"{count - removed.n} events and {removed.n} deletions written", err=True)
    if changes is not None:
        typer.echo(f"Next incremental export: --since-change {changes.until_seq}", err=True)


def sync(
    to: Annotated[
        str,
        typer.Option("--to", metavar="URL", show_default=False,
                     help="The other database: a postgresql://, mysql:// (MariaDB) or "
                     "sqlite:/// URL.", callback=check_database_option),
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
    ] = 5000,
    db: DbOption = None,
) -> None:
    """Copy new and changed events, actors and articles into another database.

    Only what changed since the last sync into that target is copied (its watermark lives
    in the target), deletions included; an interrupted sync resumes where it stopped. Prints
    the rows written and deleted in each target table.

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
    url = resolve_url(db)
    engine = make_engine(url)
    err = stderr_console()
    try:
        with database_errors(url):
            check_schema(url)
        with Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
            console=err, transient=True, redirect_stdout=False,
        ) as progress:
            task = progress.add_task(f"Syncing into {safe_url(to)}", total=None)

            def show(report: SyncReport) -> None:
                progress.update(
                    task, description=f"Syncing into {report.target}: change "
                    f"{report.end_seq} of {report.source_seq}, {report.changes} rows"
                )

            with removed_on_failure(to), database_errors(to, flag="--to"):
                report = run_sync(engine, to, tables=selected, batch_size=batch_size,
                                  progress=show)
    except SyncError as exc:
        fail(str(exc))
    finally:
        engine.dispose()
    if report.changes == 0:
        typer.echo(
            f"{report.target} is up to date (change {report.end_seq}); nothing copied, "
            "nothing deleted."
        )
        return
    table = Table(title=f"Synced into {report.target} (changes {report.start_seq} to "
                  f"{report.end_seq})")
    table.add_column("table")
    table.add_column("upserted", justify="right")
    table.add_column("deleted", justify="right")
    for name in sorted(set(report.upserted) | set(report.deleted)):
        table.add_row(name, str(report.upserted.get(name, 0)), str(report.deleted.get(name, 0)))
    stdout_console().print(table)
    typer.echo(
        f"{sum(report.upserted.values())} rows written, {sum(report.deleted.values())} rows "
        "deleted."
    )
