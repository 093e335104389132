"""Values of command-line arguments read into what the commands work with, or refused."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import typer

RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str) -> dt.datetime:
    """Return the UTC time of an ISO date or datetime, or of an age such as 24h, 7d or 2w."""
    text = value.strip()
    match = RELATIVE.match(text)
    if match:
        try:
            delta = dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
            return dt.datetime.now(dt.UTC) - delta
        except OverflowError:
            raise typer.BadParameter(
                f"{value!r} reaches back before the year 1; give a shorter age or an ISO date "
                "(2025-10-10)",
                param_hint="--since",
            ) from None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a time; use an ISO date or datetime (2025-10-10, "
            "2025-10-10T08:00) or an age (30m, 24h, 7d, 2w)",
            param_hint="--since",
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def parse_date(value: str | None, flag: str) -> dt.date | None:
    """Return the date of a YYYY-MM-DD `value` given for `flag`, None for None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint=flag
        ) from exc


def check_database_option(value: str | None) -> str | None:
    """Refuse a --db or --to URL dipevents cannot use (see `db.session.check_database_url`)."""
    from db.session import DatabaseUrlError, check_database_url

    if value is not None:
        try:
            check_database_url(value)
        except DatabaseUrlError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


def check_output_option(value: Path | None) -> Path | None:
    """Refuse an --output file that cannot be written, before any work is done."""
    if value is None:
        return None
    folder = value.parent
    if not folder.is_dir():
        raise typer.BadParameter(
            f"the folder {folder} does not exist; create it or write to a file in an existing "
            "folder"
        )
    if not os.access(folder, os.W_OK):
        raise typer.BadParameter(
            f"the folder {folder} is not writable; write to a file in a folder you can write to"
        )
    return value
