"""Run logs: counts at INFO and per-file problems as warnings reach Prefect, not the terminal."""

from __future__ import annotations

import logging

import pytest

from flows.cli.logs import NotRunLogs, keep_run_logs_off_the_terminal


def flow_run_logs(flow_run_id) -> list[tuple[int, str]]:
    """The (level, message) of the logs the Prefect API holds for a flow run."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=30)  # the logs are sent in the background
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return [(log.level, log.message) for log in logs]


@pytest.mark.usefixtures("prefect_harness")
def test_counts_and_file_problems_reach_the_prefect_api(mixed_folder, database_url, caplog):
    from flows.ingest import ingest_flow

    caplog.set_level(logging.INFO, logger="prefect")
    state = ingest_flow(str(mixed_folder), database_url=database_url, return_state=True)
    logs = flow_run_logs(state.state_details.flow_run_id)
    assert any(level == logging.INFO and "articles read" in message for level, message in logs)
    warnings = [message for level, message in logs if level == logging.WARNING]
    assert any(message.startswith("empty.txt: decode failed") for message in warnings), logs


def test_run_records_are_kept_off_the_console_and_others_are_not():
    def record(name: str) -> logging.LogRecord:
        return logging.LogRecord(name, logging.ERROR, __file__, 1, "crash", None, None)

    keep = NotRunLogs()
    assert not keep.filter(record("prefect.flow_runs"))
    assert not keep.filter(record("prefect.task_runs"))
    assert keep.filter(record("flows.sources")) and keep.filter(record("prefect.client"))


def test_the_console_handler_gets_the_filter_once():
    from prefect.logging.handlers import PrefectConsoleHandler

    keep_run_logs_off_the_terminal()
    keep_run_logs_off_the_terminal()
    consoles = [h for h in logging.getLogger().handlers if isinstance(h, PrefectConsoleHandler)]
    assert consoles and all(
        sum(isinstance(f, NotRunLogs) for f in handler.filters) == 1 for handler in consoles
    )
