"""A database host that accepts TCP and never answers ends a command with one line, quickly."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from flows.cli import app


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path) -> CliRunner:
    monkeypatch.delenv("DIPEVENTS_DATABASE_URL", raising=False)
    monkeypatch.setenv("DIPEVENTS_DB_CONNECT_TIMEOUT", "1")
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def error_line(result) -> str:
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_db_on_a_silent_host_fails_with_one_line(runner, silent_port):
    url = f"postgresql://someone@127.0.0.1:{silent_port}/events"
    started = time.monotonic()
    result = runner.invoke(app, ["events", "--db", url])
    assert time.monotonic() - started < 8
    assert result.exit_code == 1
    assert error_line(result).startswith(f"Error: cannot use the database postgresql+psycopg://"
                                         f"someone@127.0.0.1:{silent_port}/events:")


def test_sync_to_a_silent_host_fails_with_one_line(runner, silent_port):
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    url = f"mysql://someone@127.0.0.1:{silent_port}/reports"
    started = time.monotonic()
    result = runner.invoke(app, ["sync", "--to", url])
    assert time.monotonic() - started < 8
    assert result.exit_code == 1
    assert "Check --to." in error_line(result)
