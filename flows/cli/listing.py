"""The `events` command: stored events in a table, filtered."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from flows.cli.app import (
    ActorFilter,
    CountryFilter,
    DbOption,
    FromFilter,
    ToFilter,
    stdout_console,
)
from flows.cli.arguments import parse_date
from flows.cli.database import check_schema, database_errors, resolve_url


def events(
    actor: ActorFilter = None,
    country: CountryFilter = None,
    code: Annotated[
        str | None, typer.Option("--code", help="CAMEO code or prefix (04 = consult).")
    ] = None,
    date_from: FromFilter = None,
    date_to: ToFilter = None,
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

    start = parse_date(date_from, "--from")
    end = parse_date(date_to, "--to")
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        with database_errors(url):
            check_schema(url)
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
    stdout_console().print(table)


def _actor_label(actor: dict[str, Any]) -> str:
    name = actor.get("name") or "?"
    return f"{name} ({actor['country']})" if actor.get("country") else name
