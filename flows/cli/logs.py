"""Prefect's logs from a command: run logs at INFO go to the Prefect UI, not to the terminal.

The command shows its own progress and summary on stderr, so the run loggers' records (counts
per batch, per-file problems as warnings, a crash on Ctrl+C) would only repeat them there;
they still reach the Prefect API, where a run's page shows them. Other warnings (a library's,
Prefect's own) stay on the terminal.
"""

from __future__ import annotations

import logging

RUN_LOGGERS = ("prefect.flow_runs", "prefect.task_runs")


class NotRunLogs(logging.Filter):
    """Let through every record except those of Prefect's flow and task run loggers."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith(RUN_LOGGERS)


def keep_run_logs_off_the_terminal() -> None:
    """Stop Prefect's console handlers from printing run logs (once per handler)."""
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not any(
            isinstance(existing, NotRunLogs) for existing in handler.filters
        ):
            handler.addFilter(NotRunLogs())
