"""The `ingest` and `serve` commands: store a source's events now, or on a schedule."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from flows.cli.app import DbOption, fail, stderr_console, stdout_console
from flows.cli.database import check_schema, database_errors, has_password, resolve_url, safe_url
from flows.cli.interrupts import stops_cleanly
from flows.cli.logs import keep_run_logs_off_the_terminal
from flows.cli.progress import RunProgress


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
                     help="Extract on a local Dask cluster of N workers, each with an "
                     "extraction process of its own."),
    ] = None,
    dask_address: Annotated[
        str | None,
        typer.Option("--dask-address", metavar="ADDRESS",
                     help="Extract on the Dask cluster whose scheduler is at ADDRESS "
                     "(tcp://host:8786); its workers need dipevents and the spaCy model "
                     "installed, and DASK_DISTRIBUTED__WORKER__DAEMON=False in their "
                     "environment (they start extraction processes)."),
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
    stored web pages are not fetched again unless --refresh asks for it. Extraction runs on
    DIPEVENTS_EXTRACT_PROCESSES worker processes (default: one per core).

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
    from flows.prefect_server import ServerStartError, prefect_api
    from flows.sources import SourceError, iter_source
    from pipeline.parallel import configured_processes

    if workers is not None and dask_address is not None:
        fail("give --workers (a local Dask cluster) or --dask-address (an existing one), "
             "not both")
    processes = None if workers is not None or dask_address is not None else configured_processes()
    interrupted = ("ingest stopped between two batches; what is stored is whole and counted "
                   "in the run's row. Run it again to go on: stored articles are skipped.")
    # Quick start: the temporary Prefect server (when none is configured) starts and a worker
    # process loads the model while this one checks the arguments and imports the flow.
    with stops_cleanly(interrupted), prefect_api() as prefect_ready, \
            _extraction_workers(processes, batch_size):
        try:
            iter_source(path, manifest)  # checks the spec at once; the flow reads it
        except SourceError as exc:
            fail(str(exc))
        url = resolve_url(db)
        with database_errors(url):
            check_schema(url)
        from flows.counting import count_articles
        from flows.ingest import IngestSummary, ingest_flow, report_progress
        from pipeline.dask_extract import DaskClusterError
        from pipeline.nlp import SpacyModelError

        keep_run_logs_off_the_terminal()
        with RunProgress(
            f"Ingesting {path}", count_articles(path), stderr_console()
        ) as progress:

            def show(summary: IngestSummary) -> None:
                progress.update(summary.articles_seen, _counts(summary))

            try:
                prefect_ready()
                with database_errors(url), report_progress(show):
                    # Only an explicit --db goes into the flow's recorded parameters; a URL
                    # from the environment (which may hold a password) is resolved inside.
                    summary = ingest_flow(
                        path, database_url=db, batch_size=batch_size,
                        manifest=str(manifest) if manifest else None,
                        workers=workers, dask_address=dask_address, refresh=refresh,
                        processes=processes,
                    )
            except (SourceError, SpacyModelError, ServerStartError, DaskClusterError) as exc:
                fail(str(exc))
    _print_summary(summary)


@contextlib.contextmanager
def _extraction_workers(processes: int | None, batch_size: int) -> Iterator[None]:
    """Start one extraction worker now (its model loads meanwhile); stop them all on exit."""
    if not processes or processes == 1:
        yield
        return
    from pipeline.parallel import close_shared_pools, shared_pool

    shared_pool(processes, batch_size).warm(1)
    try:
        yield
    finally:
        close_shared_pools(wait=False)  # they exit while the Prefect server stops


def _counts(summary: Any) -> str:
    """Return what the articles read so far gave, for the progress line."""
    return (f"{summary.articles_new} new, {summary.articles_unchanged} unchanged, "
            f"{summary.events} events, {len(summary.errors)} errors")


def _print_summary(summary: Any) -> None:
    console = stdout_console()
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
    url = resolve_url(db)
    with database_errors(url):
        check_schema(url)
    if db is not None and has_password(db):
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
        f"{schedule} into {safe_url(url)}.\n"
        f"Watch its runs in the Prefect UI: {ui_url}/deployments/deployment/{deployment_id}\n"
        f"Run it now: prefect deployment run {full_name!r}\n"
        "Stop with Ctrl+C (the schedule pauses until it is served again).",
        err=True,
    )
    scheduling.serve_deployments(deployment, deployment_ids=[deployment_id], database_url=url)
