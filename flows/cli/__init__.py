"""The `dipevents` command line: parse, call `pipeline`/`db`/the flows, report.

Every command's help starts with a one-line summary and ends with an Example block; results go
to stdout, progress and errors to stderr, and failures exit non-zero with the fix named.

One module per group of commands (`schema`, `ingesting`, `extracting`, `exporting`,
`listing`, `reporting`), beside what they share: the Typer apps and shared options (`app`),
argument values (`arguments`), the database (`database`) and output files (`output`). Commands
are registered here, in the order `dipevents --help` lists them.
"""

from __future__ import annotations

import os

# No telemetry or update checks from Prefect; run logs at INFO for the Prefect UI, but only
# warnings on the console (the CLI shows its own progress); set before Prefect is first
# imported, overridable by the user.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
# The temporary Prefect server may need longer than its 20 s default on a busy machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from flows.cli.app import app, db_app  # noqa: E402 - after the environment defaults above
from flows.cli.arguments import parse_since  # noqa: E402
from flows.cli.exporting import export, sync  # noqa: E402
from flows.cli.extracting import evaluate, extract  # noqa: E402
from flows.cli.ingesting import ingest, serve  # noqa: E402
from flows.cli.listing import events  # noqa: E402
from flows.cli.reporting import report  # noqa: E402
from flows.cli.schema import db_current, db_upgrade  # noqa: E402

db_app.command("upgrade")(db_upgrade)
db_app.command("current")(db_current)
for command in (ingest, serve, extract, export, sync, evaluate, events, report):
    app.command()(command)

__all__ = ["app", "parse_since"]
