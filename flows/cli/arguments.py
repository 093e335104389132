"""Values of command-line arguments read into what the commands work with, or refused."""

from __future__ import annotations

import datetime as dt
import re

import typer

RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str) -> dt.datetime:
    """Return the UTC time of an ISO date or datetime, or of an age such as 24h, 7d or 2w."""
    text = value.strip()
    match = RELATIVE.match(text)
    if match:
        delta = dt.timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
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


def parse_date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint=flag
        ) from exc
