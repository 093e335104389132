"""The `dipevents` Typer apps, the options several commands share, and how output is shown.

Results go to stdout, progress and errors to stderr; `fail` ends a command with a message that
names the fix.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from flows.cli.arguments import check_database_option, check_output_option

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
        callback=check_database_option,
    ),
]
# Filters of the stored events, as `events` and `report` take them.
ActorFilter = Annotated[
    str | None, typer.Option("--actor", help="Part of a participant's name or alias.")
]
CountryFilter = Annotated[
    str | None,
    typer.Option("--country", metavar="ISO3", help="A participant's country (ISO 3166-1 alpha-3)."),
]
FromFilter = Annotated[
    str | None, typer.Option("--from", metavar="DATE", help="Events on or after DATE.")
]
ToFilter = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Events on or before DATE.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, writable=True,
        help="Write to FILE instead of stdout.", callback=check_output_option,
    ),
]
# Width of tables written to a file or pipe, where no terminal gives one.
PAGE_WIDTH = 160


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
    _check_settings()


def _check_settings() -> None:
    """Refuse a bad DIPEVENTS_* setting (environment or .env) before any command runs."""
    import settings

    try:
        settings.check()
    except settings.SettingError as exc:
        fail(str(exc), code=2)


def stderr_console() -> Console:
    return Console(stderr=True)


def stdout_console() -> Console:
    """A console for tables: the terminal's width, or a wide page when output is redirected."""
    console = Console()
    return console if console.is_terminal else Console(width=PAGE_WIDTH)
