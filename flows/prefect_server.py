"""The Prefect server a command's flow run reports to: the configured one, else a temporary one.

Left to itself, Prefect starts its temporary server when the first flow run asks for an API
client: it imports the server's code in the command's own process (seconds), then starts the
server and waits for it, while nothing else happens. `prefect_api` starts the same server as
soon as it is called and returns at once, so the server starts while the command imports the
flow and its worker processes load the spaCy model; the flow run then reports to it, and it
is stopped when the block ends. The server is Prefect's own (its `create_app` factory under
uvicorn, UI off, as `prefect.server.api.server.SubprocessASGIServer` runs it) with Prefect's
database: the run's record is kept, and `prefect server start` shows it in the UI later.

When a server is configured (PREFECT_API_URL, in the environment or the Prefect profile),
nothing is started: runs go there.

Example:
    with prefect_api():
        ingest_flow("seeds/")
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

# Seconds the server has to stop after SIGTERM before it is killed.
STOP_WAIT = 5.0


class ServerStartError(RuntimeError):
    """The temporary Prefect server did not start."""


@contextlib.contextmanager
def prefect_api() -> Iterator[TemporaryServer | None]:
    """Make the flow runs of this block report to a Prefect server; yield the temporary server
    started for them, or None when a configured server is used.

    The temporary server is started now; call its `wait` before the first flow run (the rest
    of the block's start-up runs meanwhile). It is stopped on exit.
    """
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    settings = get_current_settings()
    if settings.api.url:
        yield None
        return
    server = TemporaryServer(settings.server.ephemeral.startup_timeout_seconds)
    server.start(settings.to_environment_variables(exclude_unset=True))
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield server
            finally:
                _send_pending_logs_and_events()
    finally:
        server.stop()


def _send_pending_logs_and_events() -> None:
    """Send the run logs and events Prefect still holds, before their server stops (as
    `prefect_test_harness` does); otherwise Prefect retries them at exit, for minutes."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(RuntimeError):  # never started
            worker.drain_all()


class TemporaryServer:
    """Prefect's API server in a subprocess on a free loopback port, without the UI.

    startup_timeout (float): seconds `wait` waits for it to answer.
    """

    def __init__(self, startup_timeout: float) -> None:
        self.startup_timeout = startup_timeout
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._environment: dict[str, str] = {}
        self._ready = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self, prefect_environment: dict[str, str]) -> None:
        """Start the server process and return without waiting for it."""
        import prefect

        self._environment = {
            **os.environ,
            # What Prefect sets for its own temporary server: no UI, ephemeral services.
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            **prefect_environment,
        }
        app_dir = str(Path(prefect.__file__).parent.parent)  # site-packages, as Prefect's
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", app_dir,
             "--factory", "prefect.server.api.server:create_app",
             "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=self._environment,
        )

    def wait(self) -> None:
        """Return when the server answers its health check (at once after the first time).

        RAISES (ServerStartError): when it exits or does not answer within startup_timeout.
        """
        if self._ready:
            return
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            status = self.process.poll()
            if status is not None:
                raise ServerStartError(
                    f"the temporary Prefect server exited with status {status}; see its "
                    "messages above, or set PREFECT_API_URL to a running Prefect server"
                )
            if _answers(f"{self.api_url}/health"):
                self._ready = True
                return
            time.sleep(0.1)
        raise ServerStartError(
            f"the temporary Prefect server did not answer within {self.startup_timeout:g} s; "
            "raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS or set PREFECT_API_URL to "
            "a running Prefect server"
        )

    def stop(self) -> None:
        """Stop the server process (terminate, then kill after a few seconds)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    """Return a loopback port free at this moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    """Return True when `url` answers 200 within a second."""
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
