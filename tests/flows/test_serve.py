"""Scheduled ingestion: deployments built right, the CLI's checks, and a real served schedule.

The last test starts a real Prefect server (scheduled runs need one) and `dipevents serve` in
subprocesses, drops an article into the watched folder and waits for a later run to store it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prefect.client.schemas.objects import FlowRun, State, StateType
from sqlalchemy import select
from typer.testing import CliRunner

from db.migrate import upgrade
from db.models import ArticleRow, ExtractionRunRow
from db.session import make_engine
from flows.cli import app
from flows.serve import (
    HOST,
    PENDING_GRACE_SECONDS,
    RETRY_DELAY_SECONDS,
    RUN_RETRIES,
    ServeError,
    absolute_source,
    build_deployment,
    deployment_name,
    is_stale,
    record_process,
    scheduled_ingest,
)

from .conftest import GOOD_HTML, GOOD_TEXT

SERVER_START_SECONDS = 90
PICKUP_SECONDS = 120
STOP_SECONDS = 30


def test_a_deployment_runs_one_at_a_time_with_retries(tmp_path):
    deployment = build_deployment(str(tmp_path), interval=300, batch_size=8)
    assert deployment.concurrency_limit == 1
    assert deployment.concurrency_options.collision_strategy.value == "CANCEL_NEW"
    assert deployment.parameters == {
        "source": str(tmp_path.resolve()), "database_url": None, "batch_size": 8,
        "skip_unchanged_files": True,
    }
    assert deployment.name == deployment_name(str(tmp_path.resolve()))
    assert [s.schedule.interval.total_seconds() for s in deployment.schedules] == [300]
    assert (scheduled_ingest.retries, scheduled_ingest.retry_delay_seconds) == (
        RUN_RETRIES, RETRY_DELAY_SECONDS,
    )
    assert deployment.flow_name == "ingest"


def test_a_cron_deployment_keeps_its_name_and_database(tmp_path):
    deployment = build_deployment(
        str(tmp_path), cron="*/15 * * * *", name="news", database_url="sqlite:///x.db"
    )
    assert deployment.name == "news"
    assert [s.schedule.cron for s in deployment.schedules] == ["*/15 * * * *"]
    assert deployment.parameters["database_url"] == "sqlite:///x.db"


@pytest.mark.parametrize(
    "cron,interval,message",
    [
        ("*/15 * * * *", 60, "not both"),
        (None, None, "give a schedule"),
        ("every quarter hour", None, "invalid schedule"),
        (None, 0, "at least 1 second"),
    ],
)
def test_a_deployment_needs_exactly_one_valid_schedule(tmp_path, cron, interval, message):
    with pytest.raises(ServeError, match=message):
        build_deployment(str(tmp_path), cron=cron, interval=interval)


def test_deployment_names_are_stable_and_safe():
    name = deployment_name("https://example.com/world/rss.xml?x=1&y=2")
    assert name == deployment_name("https://example.com/world/rss.xml?x=1&y=2")
    assert name != deployment_name("https://example.com/asia/rss.xml")
    assert all(c.isalnum() or c in "._-" for c in name)
    assert deployment_name("/data/news/").startswith("news-")


def test_local_sources_become_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "list.urls").write_text("https://example.com/a\n", encoding="utf-8")
    assert absolute_source("news") == str(tmp_path / "news")
    assert absolute_source("urls:list.urls") == f"urls:{tmp_path / 'list.urls'}"
    assert absolute_source("https://example.com/rss") == "https://example.com/rss"


@pytest.mark.parametrize(
    "options,message",
    [
        (["--cron", "*/15 * * * *", "--interval", "60"], "not both"),
        ([], "exactly one schedule"),
    ],
)
def test_serve_needs_exactly_one_schedule(tmp_path, options, message):
    result = CliRunner().invoke(app, ["serve", str(tmp_path), *options])
    assert result.exit_code == 1
    assert message in result.output


def test_serve_needs_a_prefect_server(tmp_path, database_url, monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: None}):
        result = CliRunner().invoke(
            app, ["serve", str(tmp_path), "--interval", "60", "--db", database_url]
        )
    assert result.exit_code == 1
    assert "prefect server start" in result.output


def test_served_runs_load_the_flow_with_retries_and_the_process_hook(tmp_path):
    from prefect.flows import load_flow_from_entrypoint

    flow = load_flow_from_entrypoint(build_deployment(str(tmp_path), interval=60).entrypoint)
    assert flow.retries == RUN_RETRIES
    assert flow.on_running_hooks == [record_process]


def a_run(state: str, *, owner: str | None = None, age: float = 0) -> FlowRun:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=age)
    return FlowRun(flow_id=uuid.uuid4(), infrastructure_pid=owner,
                   state=State(type=StateType(state), timestamp=at))


def ended_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize(
    "state,owner,age,expected",
    [
        ("RUNNING", f"{HOST}:{os.getpid()}", 0, False),  # its process lives
        ("RUNNING", f"{HOST}:ENDED", 0, True),  # its process has ended
        ("CANCELLING", f"{HOST}:ENDED", 0, True),
        ("RUNNING", "another-host:1", 0, False),  # not ours to judge
        ("PENDING", None, 5, False),  # still starting
        ("PENDING", None, PENDING_GRACE_SECONDS + 5, True),  # killed while starting
        ("RUNNING", None, 10_000, False),  # no process recorded: left to Prefect's lease
        ("COMPLETED", f"{HOST}:ENDED", 0, False),  # holds no slot
    ],
)
def test_a_run_is_stale_when_no_process_runs_it(state, owner, age, expected):
    owner = owner.replace("ENDED", str(ended_pid())) if owner else None
    assert is_stale(a_run(state, owner=owner, age=age), dt.datetime.now(dt.UTC)) is expected


# --- a real server and a served schedule -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quiet_env(prefect_home: Path, port: int) -> dict[str, str]:
    """The environment of the test's subprocesses: their own Prefect home, no telemetry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_HOME=str(prefect_home),
        PREFECT_API_URL=f"http://127.0.0.1:{port}/api",
        PREFECT_LOGGING_LEVEL="INFO",
        # Create scheduled runs every few seconds, not every minute.
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="5",
    )
    return env


def stop(process: subprocess.Popen) -> None:
    """Stop a process started here: Ctrl+C, then kill after STOP_SECONDS."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_SECONDS)


@contextlib.contextmanager
def prefect_server(home: Path, port: int, log: Path) -> Iterator[None]:
    """Run `prefect server start` on 127.0.0.1:port; skip the test if it cannot start."""
    prefect = Path(sys.executable).with_name("prefect")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port),
             "--no-ui"],
            env=quiet_env(home, port), stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while True:
                if process.poll() is not None:
                    pytest.skip(f"the Prefect server did not start (exit {process.returncode}):"
                                f" {log.read_text(errors='replace')[-800:]}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).is_success:
                        break
                if time.monotonic() > deadline:
                    pytest.skip(f"the Prefect server did not answer in {SERVER_START_SECONDS} s:"
                                f" {log.read_text(errors='replace')[-800:]}")
                time.sleep(0.5)
            yield
        finally:
            stop(process)


def stored(url: str) -> tuple[list[str], list[ExtractionRunRow]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            documents = list(connection.scalars(select(ArticleRow.document)))
            runs = list(connection.execute(select(ExtractionRunRow).order_by(
                ExtractionRunRow.id)))
    finally:
        engine.dispose()
    return documents, runs


def wait_for(condition, seconds: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(1)
    tails = "\n".join(f"--- {log.name}:\n{log.read_text(errors='replace')[-3000:]}"
                      for log in logs)
    pytest.fail(f"{what} did not happen within {seconds} s\n{tails}")


@pytest.mark.serve
def test_serve_picks_up_a_new_article_on_a_later_tick(tmp_path):
    port = free_port()
    home = tmp_path / "prefect-home"
    watched = tmp_path / "watched"
    watched.mkdir()
    (watched / "berlin.txt").write_text(GOOD_TEXT, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade(url)
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    logs = [server_log, serve_log]
    dipevents = Path(sys.executable).with_name("dipevents")
    with prefect_server(home, port, server_log), serve_log.open("wb") as out:
        serving = subprocess.Popen(
            [str(dipevents), "serve", str(watched), "--interval", "5", "--db", url],
            env=quiet_env(home, port), stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path,
        )
        try:
            wait_for(lambda: "berlin.txt" in stored(url)[0], PICKUP_SECONDS,
                     "the first run", logs)
            (watched / "tokyo.html").write_text(GOOD_HTML, encoding="utf-8")
            wait_for(lambda: "tokyo.html" in stored(url)[0], PICKUP_SECONDS,
                     "picking up the new article", logs)
            wait_for(lambda: all(run.status != "running" for run in stored(url)[1]),
                     PICKUP_SECONDS, "the last run finishing", logs)
        finally:
            stop(serving)
    assert "Watch its runs in the Prefect UI: http://127.0.0.1:" in serve_log.read_text()
    documents, runs = stored(url)
    assert sorted(documents) == ["berlin.txt", "tokyo.html"]
    # Every run recorded its counts; the two articles were new in two different runs.
    assert all(run.status == "completed" and run.finished_at for run in runs)
    assert sum(run.articles_new for run in runs) == 2
    assert [run.articles_new for run in runs if run.articles_new] == [1, 1]
    # Each file was read once: later runs skipped it unchanged, before reading it.
    assert sum(run.articles_seen for run in runs) == 2
    assert all(run.errors == 0 for run in runs)
    assert sum(run.events_written for run in runs) > 0
    # Runs of the deployment never overlapped.
    for earlier, later in zip(runs, runs[1:], strict=False):
        assert earlier.finished_at <= later.started_at


def flow_runs(port: int) -> list[dict]:
    """The server's flow runs (all of the one deployment served here), oldest first."""
    response = httpx.post(f"http://127.0.0.1:{port}/api/flow_runs/filter",
                          json={"sort": "EXPECTED_START_TIME_ASC", "limit": 200}, timeout=10)
    response.raise_for_status()
    return response.json()


def start_serving(watched: Path, url: str, env: dict[str, str], log: Path,
                  cwd: Path) -> subprocess.Popen:
    """Start `dipevents serve` in its own process group, as a terminal or service manager would.

    Ctrl+C in a terminal and `kill -9` by systemd or Docker reach the whole group: the serving
    process and the run it started.
    """
    dipevents = Path(sys.executable).with_name("dipevents")
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(dipevents), "serve", str(watched), "--interval", "5", "--db", url],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True,
        )


def moment(timestamp: str | None) -> dt.datetime:
    """A Prefect API timestamp as a datetime; none (not over yet) is now."""
    if timestamp is None:
        return dt.datetime.now(dt.UTC)
    return dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


def running_row(url: str, after: int) -> bool:
    """Whether an ingest run later than row `after` is recorded as running."""
    return any(run.id > after and run.status == "running" for run in stored(url)[1])


# SIGTERM unwinds like Ctrl+C; its case adds a minute to `make test`, so it runs on request.
ALL_STOPS = os.environ.get("DIPEVENTS_TEST_SERVE_ALL_STOPS") == "1"


@pytest.mark.serve
@pytest.mark.parametrize("stop_signal", [
    signal.SIGKILL,
    signal.SIGINT,
    pytest.param(signal.SIGTERM, marks=pytest.mark.skipif(
        not ALL_STOPS, reason="set DIPEVENTS_TEST_SERVE_ALL_STOPS=1 (about a minute)")),
], ids=["kill-9", "ctrl-c", "sigterm"])
def test_serve_again_after_a_stop_during_a_run_runs_the_next_tick(tmp_path, stop_signal):
    port = free_port()
    home = tmp_path / "prefect-home"
    watched = tmp_path / "watched"
    watched.mkdir()
    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade(url)
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    logs = [server_log, serve_log]
    env = quiet_env(home, port)
    with prefect_server(home, port, server_log):
        first = start_serving(watched, url, env, serve_log, tmp_path)
        try:
            # A new article makes the next run extract (loading the model): long enough to stop.
            (watched / "berlin.txt").write_text(GOOD_TEXT, encoding="utf-8")
            wait_for(lambda: running_row(url, 0), PICKUP_SECONDS, "a run starting", logs)
            os.killpg(first.pid, stop_signal)
            first.wait(STOP_SECONDS)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(first.pid, signal.SIGKILL)
        stopped = {run["id"] for run in flow_runs(port)}
        restarted_at = time.monotonic()
        second = start_serving(watched, url, env, serve_log, tmp_path)
        try:
            (watched / "tokyo.html").write_text(GOOD_HTML, encoding="utf-8")
            try:
                wait_for(lambda: "tokyo.html" in stored(url)[0] and any(
                    run["state_type"] == "COMPLETED" and run["id"] not in stopped
                    for run in flow_runs(port)),
                         PICKUP_SECONDS, "a run completing after serving again", logs)
            except pytest.fail.Exception:
                for run in flow_runs(port):
                    print(run["name"], run["state_type"], run["state"]["message"],
                          run["infrastructure_pid"], run["start_time"])
                print(stored(url)[1])
                raise
        finally:
            stop(second)
        final = flow_runs(port)
    later = [run for run in final if run["id"] not in stopped]
    print(f"serve again -> stored in {time.monotonic() - restarted_at:.0f} s")
    assert any(run["state_type"] == "COMPLETED" for run in later)
    # A tick due while a later run was going is cancelled by design; none collided with the
    # stopped run: each was cancelled while one of the later runs held the slot.
    ran = [(moment(run["start_time"]), moment(run["end_time"]))
           for run in later if run["start_time"]]
    for run in later:
        if "concurrency limit" in (run["state"]["message"] or ""):
            at = moment(run["state"]["timestamp"])
            assert any(start <= at <= end for start, end in ran), (run["name"], at, ran)
    # The stopped run ended in Prefect and in extraction_runs: nothing is left running.
    assert "CRASHED" in {run["state_type"] for run in final if run["id"] in stopped}
    assert all(run["state_type"] not in {"RUNNING", "PENDING", "CANCELLING"}
               for run in final if run["id"] in stopped)
    runs = stored(url)[1]
    assert runs[0].status == "interrupted"
    assert all(run.status != "running" for run in runs)
    if stop_signal == signal.SIGKILL:
        # Only the release of stale runs can end a killed run; a run stopped by a signal it
        # can handle may crash on its own first, leaving nothing stale to release.
        assert "stale" in serve_log.read_text()
