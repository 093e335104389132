"""The Prefect server a command's flow run reports to: the configured one, else a temporary one.

Left to itself, Prefect starts its temporary server when the first flow run asks for an API
client: it imports the server's code in the command's own process (seconds), then starts the
server and waits for it, while nothing else happens. `prefect_api` starts the same server as
soon as it is called, before Prefect is even imported, and returns at once, so the server
starts while the command checks its arguments, imports the flow and its worker process loads
the spaCy model; the flow run then reports to it, and it is stopped when the block ends.

The server is Prefect's own (its `create_app` factory under uvicorn, UI off, as Prefect's
`prefect.server.api.server.SubprocessASGIServer` runs it) on Prefect's database: the run's
record is kept, and `prefect server start` shows it in the UI later. When a server is
configured (PREFECT_API_URL, in the environment or Prefect's settings), nothing is started:
runs go there.

Example:
    with prefect_api() as ready:
        from flows.ingest import ingest_flow

        ready()
        ingest_flow("seeds/")
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

# Seconds the server has to stop after SIGTERM before it is killed.
STOP_WAIT = 5.0


class ServerStartError(RuntimeError):
    """The temporary Prefect server did not start."""


@contextlib.contextmanager
def prefect_api() -> Iterator[Callable[[], None]]:
    """Make the flow runs of this block report to a Prefect server; yield `ready`, to call
    before the first flow run.

    When no server seems configured (PREFECT_API_URL in the environment or the active Prefect
    profile), the temporary server starts at once, before Prefect is imported here. `ready`
    then imports Prefect's settings: when they name a server after all (`prefect.toml`,
    `.env` …), the temporary one is stopped and runs go there; otherwise it waits for the
    temporary server and points the block's flow runs at it. It is stopped on exit.

    RAISES (ServerStartError): from `ready`, when the temporary server does not start.
    """
    server = None if _server_configured() else TemporaryServer()
    if server is not None:
        server.start()
    with contextlib.ExitStack() as stack:

        def ready() -> None:
            nonlocal server
            from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

            settings = get_current_settings()
            if settings.api.url or server is None:
                if server is not None:
                    server.stop()
                server = None
                return
            server.wait(settings.server.ephemeral.startup_timeout_seconds)
            stack.enter_context(temporary_settings(updates={PREFECT_API_URL: server.api_url}))
            stack.callback(_send_pending_logs_and_events)

        try:
            yield ready
        finally:
            stack.close()  # logs and events sent while their server still runs
            if server is not None:
                server.stop()


def _server_configured() -> bool:
    """Return True when PREFECT_API_URL is in the environment or the active Prefect profile
    (read without importing Prefect; `prefect_api` checks Prefect's own settings later)."""
    if "prefect.settings" in sys.modules:  # already imported: ask it (a test harness's server)
        from prefect.settings import get_current_settings

        return bool(get_current_settings().api.url)
    if os.environ.get("PREFECT_API_URL"):
        return True
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        profiles = {}
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    profile = profiles.get("profiles", {}).get(active, {})
    return active == "local" and not profile or bool(profile.get("PREFECT_API_URL"))


def _send_pending_logs_and_events() -> None:
    """Send the run logs and events Prefect still holds, before their server stops (as
    `prefect_test_harness` does); otherwise Prefect retries them at exit, for minutes."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(RuntimeError):  # never started
            worker.drain_all()


class TemporaryServer:
    """Prefect's API server in a subprocess on a free loopback port, without the UI."""

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._environment: dict[str, str] = {}
        self._ready = False

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        """Start the server process and return without waiting for it (nor importing Prefect:
        the server reads Prefect's settings, profile included, as this process would)."""
        self._environment = {
            **os.environ,
            # What Prefect sets for its own temporary server: no UI, ephemeral services.
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        spec = importlib.util.find_spec("prefect")
        assert spec is not None and spec.origin is not None, "Prefect is not installed"
        app_dir = str(Path(spec.origin).parent.parent)  # site-packages, as Prefect's own
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", app_dir,
             "--factory", "prefect.server.api.server:create_app",
             "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=self._environment,
        )

    def wait(self, startup_timeout: float) -> None:
        """Return when the server answers its health check (at once after the first time).

        RAISES (ServerStartError): when it exits or does not answer within startup_timeout.
        """
        if self._ready:
            return
        deadline = time.monotonic() + startup_timeout
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
            f"the temporary Prefect server did not answer within {startup_timeout:g} s; "
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
