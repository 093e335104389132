"""Real `dipevents ingest` processes: started, waited for, or killed with SIGKILL mid-run.

Every ingest runs as its own process in its own session, as a user would start it, so that a
kill -9 is a real one. They all report to one Prefect server (`PREFECT_API_URL`), which saves
each process the start of a temporary server of its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

DIPEVENTS = str(Path(sys.executable).with_name("dipevents"))
# A run of the suite's inputs takes seconds; these bound a run on a loaded machine.
RUN_SECONDS = 600
POLL_SECONDS = 0.1


@dataclass
class Finished:
    """How one ingest process ended."""

    command: str
    returncode: int
    stderr: str

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.stderr

    def last_line(self) -> str:
        lines = self.stderr.strip().splitlines()
        return lines[-1] if lines else ""


class Ingests:
    """Starts `dipevents ingest` processes in `workdir` reporting to the Prefect API at
    `api_url`, with `env` (DIPEVENTS_* settings) added to this process's environment."""

    def __init__(self, workdir: Path, api_url: str, env: Mapping[str, str]) -> None:
        self.workdir = workdir
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith(("PREFECT_", "DIPEVENTS_"))}
        self.env.update(env, PREFECT_API_URL=api_url, DO_NOT_TRACK="1",
                        PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="ERROR")
        self.log = workdir / "stderr"
        self.log.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def start(self, source: str, database_url: str, *args: str,
              env: Mapping[str, str] | None = None) -> subprocess.Popen:
        """Start `dipevents ingest SOURCE --db URL ARGS...`; its stderr goes to a file."""
        self.count += 1
        command = [DIPEVENTS, "ingest", source, "--db", database_url, *args]
        stderr = (self.log / f"{self.count:03d}.txt").open("w+")
        process = subprocess.Popen(
            command, cwd=self.workdir, env={**self.env, **(env or {})},
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, text=True,
            start_new_session=True,
        )
        process.stderr_file = stderr  # type: ignore[attr-defined]
        return process

    def wait(self, process: subprocess.Popen, timeout: float = RUN_SECONDS) -> Finished:
        """Wait for `process` to end (killing it after `timeout` seconds); say how it ended."""
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill(process)
        stderr_file = process.stderr_file  # type: ignore[attr-defined]
        stderr_file.seek(0)
        text = stderr_file.read()
        stderr_file.close()
        return Finished(" ".join(map(str, process.args)), process.returncode, text)

    def run(self, source: str, database_url: str, *args: str,
            env: Mapping[str, str] | None = None) -> Finished:
        """Run one ingest to its end."""
        return self.wait(self.start(source, database_url, *args, env=env))

    def kill_when(self, process: subprocess.Popen, ready: Callable[[], bool],
                  timeout: float = RUN_SECONDS) -> Finished:
        """SIGKILL `process` (and its session) as soon as `ready()` is true, or let it end."""
        if wait_until(process, ready, timeout):
            kill(process)
        return self.wait(process)


def wait_until(process: subprocess.Popen, ready: Callable[[], bool],
               timeout: float = RUN_SECONDS) -> bool:
    """Return True as soon as `ready()` is, False when `process` ends first or time is up."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(POLL_SECONDS)
    return False


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the process and every process of its session."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
