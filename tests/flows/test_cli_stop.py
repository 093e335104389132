"""A real `dipevents ingest` stopped by a signal: one line, a whole database, no processes left.

The command runs in its own session with its own temporary Prefect server; after it ends, no
process of that session may remain (the server is stopped on every exit path).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import ArticleRow, ExtractionRunRow
from db.session import make_engine

from .conftest import GOOD_TEXT

ARTICLES = 80
# Generous bounds for a loaded machine: the temporary server and the model must start first.
START_SECONDS = 240
EXIT_SECONDS = 120

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def session_processes(session: int) -> list[int]:
    """The ids of live processes in `session` (field 6 of /proc/PID/stat)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == session:
            found.append(int(stat.parent.name))
    return found


def stored(url: str) -> tuple[int, list[ExtractionRunRow]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            articles = connection.scalar(select(func.count()).select_from(ArticleRow))
            runs = list(connection.execute(select(ExtractionRunRow)))
    finally:
        engine.dispose()
    return articles, runs


@pytest.fixture
def many_articles(tmp_path: Path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(ARTICLES):
        (folder / f"{number:03d}.txt").write_text(
            GOOD_TEXT.replace("Tuesday", f"day {number}").replace("next month", f"in {number}"),
            encoding="utf-8",
        )
    return folder


def start_ingest(folder: Path, url: str, home: Path) -> subprocess.Popen:
    """Start `dipevents ingest` in a new session, with Ctrl+C working as in a shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), DO_NOT_TRACK="1")
    command = [str(Path(sys.executable).with_name("dipevents")), "ingest", str(folder),
               "--db", url, "--batch-size", "2"]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.parametrize("signum,code,name", [
    (signal.SIGINT, 130, "Ctrl+C"), (signal.SIGTERM, 143, "SIGTERM"),
])
def test_a_stopped_ingest_says_one_line_keeps_batches_whole_and_leaves_no_process(
    many_articles, database_url, tmp_path, signum, code, name
):
    process = start_ingest(many_articles, database_url, tmp_path / "prefect")
    lines = []
    deadline = time.monotonic() + START_SECONDS
    while not lines or not lines[-1].startswith("Ingesting"):
        line = process.stderr.readline()
        assert line and time.monotonic() < deadline, "".join(lines)
        lines.append(line)
    process.send_signal(signum)
    _, rest = process.communicate(timeout=EXIT_SECONDS)
    lines += rest.splitlines(keepends=True)
    assert process.returncode == code, "".join(lines)
    assert lines[-1].startswith(f"Interrupted ({name}): ingest stopped between two batches")
    assert all(line.startswith("Ingesting") for line in lines[:-1]), "".join(lines)
    articles, runs = stored(database_url)
    # The run row ends (not "running", not "completed") and counts what was stored.
    assert [(run.status in {"interrupted", "failed"}, run.articles_new) for run in runs] == [
        (True, articles)
    ]
    assert 0 < articles < ARTICLES
    deadline = time.monotonic() + EXIT_SECONDS
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert session_processes(process.pid) == []
