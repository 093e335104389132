"""The `report` command: stored events as one offline HTML page of charts and a table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.app import ActorFilter, CountryFilter, DbOption, FromFilter, ToFilter, fail
from flows.cli.arguments import check_output_option, parse_date
from flows.cli.database import check_schema, database_errors, resolve_url
from flows.cli.output import written_whole

if TYPE_CHECKING:
    from db.report import ReportFilters

ISO3 = re.compile(r"^[A-Za-z]{3}$")


def report(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", dir_okay=False, writable=True,
                     help="The HTML file to write (required).", callback=check_output_option),
    ],
    actor: ActorFilter = None,
    country: CountryFilter = None,
    date_from: FromFilter = None,
    date_to: ToFilter = None,
    db: DbOption = None,
) -> None:
    """Write an HTML report of stored events: timeline, dyads, network, map, latest events.

    One self-contained page that opens offline (plotly.js inlined, nothing fetched): events
    per month by quad class, the main dyads by Goldstein sum, an actor network, a map of the
    events with coordinates and the latest events with their evidence sentence and link.
    The filters are those of `dipevents events`; a page whose filters match nothing says so.

    Example:

    \b
        dipevents report --output report.html
        dipevents report --country PRK --from 2025-09-01 --to 2025-09-30 --output prk.html
    """
    from db.report import gather_report
    from db.session import make_engine
    from flows.report import render_page

    filters = _filters(actor, country, date_from, date_to)
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        with database_errors(url):
            check_schema(url)
            data = gather_report(engine, filters)
    finally:
        engine.dispose()
    with written_whole(output) as temporary:
        temporary.write_text(render_page(data), encoding="utf-8")
    if not data.total:
        typer.echo(f"No events match ({filters.describe()}); the page says so.", err=True)
    typer.echo(f"Report of {data.total} events ({len(data.placed)} on the map) written to "
               f"{output.resolve()}")


def _filters(
    actor: str | None, country: str | None, date_from: str | None, date_to: str | None
) -> ReportFilters:
    from db.report import ReportFilters

    if country is not None and not ISO3.match(country.strip()):
        raise typer.BadParameter(
            f"{country!r} is not an ISO 3166-1 alpha-3 code; give three letters (KEN, PRK)",
            param_hint="--country",
        )
    start = parse_date(date_from, "--from")
    end = parse_date(date_to, "--to")
    if start and end and start > end:
        fail(f"--from {start} is after --to {end}; give --from on or before --to.", code=2)
    return ReportFilters(
        actor=(actor.strip() or None) if actor else None,
        country=country.strip().upper() if country else None,
        date_from=start,
        date_to=end,
    )
