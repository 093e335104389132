"""The `db` commands: create, upgrade and inspect the database schema."""

from __future__ import annotations

import typer

from flows.cli.app import DbOption
from flows.cli.database import database_errors, removed_on_failure, resolve_url, safe_url


def db_upgrade(db: DbOption = None) -> None:
    """Create the database schema or upgrade it to this version.

    Example:

    \b
        dipevents db upgrade
        dipevents db upgrade --db postgresql://user@localhost/dipevents
    """
    from db import migrate

    url = resolve_url(db)
    with removed_on_failure(url), database_errors(url):
        migrate.upgrade(url)
        revision = migrate.current_revision(url)
    typer.echo(f"Database {safe_url(url)} is at revision {revision} (newest).")


def db_current(db: DbOption = None) -> None:
    """Show the database's schema revision and whether it is up to date.

    Example:

    \b
        dipevents db current
        dipevents db current --db sqlite:///other.db
    """
    from db import migrate

    url = resolve_url(db)
    with database_errors(url):
        revision = migrate.current_revision(url)
    head = migrate.head_revision()
    if revision == head:
        typer.echo(f"Database {safe_url(url)} is at revision {revision} (newest).")
    elif revision is None:
        typer.echo(
            f"Database {safe_url(url)} has no dipevents schema; run `dipevents db upgrade`."
        )
    elif not migrate.is_known_revision(revision):
        typer.echo(
            f"Database {safe_url(url)} is at revision {revision}, which this version of "
            f"dipevents does not know (the newest it knows is {head}); upgrade dipevents."
        )
    else:
        typer.echo(
            f"Database {safe_url(url)} is at revision {revision}, the newest is {head}; "
            "run `dipevents db upgrade`."
        )
