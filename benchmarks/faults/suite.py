"""Running the whole suite: the scenarios of a size on each database, against one Prefect
server that every ingest process reports to."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.faults import scenarios
from benchmarks.faults.counting import Tally
from benchmarks.faults.databases import Backend, backends
from benchmarks.faults.runs import Ingests

Scenario = Callable[[scenarios.Suite, Backend], Tally]
# Scenario, and whether the small size runs it (on SQLite only when "sqlite").
SCENARIOS: tuple[tuple[Scenario, str], ...] = (
    (scenarios.corpus, "all"),
    (scenarios.kill_nine, "all"),
    (scenarios.concurrent, "none"),
    (scenarios.outage, "all"),
    (scenarios.web, "sqlite"),
)
BACKENDS = ("sqlite", "postgresql")


@contextlib.contextmanager
def prefect_api() -> Iterator[str]:
    """Yield the URL of a Prefect API: PREFECT_API_URL's, else a temporary server's."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.settings import PREFECT_API_URL

    current = PREFECT_API_URL.value()
    if current:
        yield current
        return
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


def chosen(size: str, backend: str) -> list[Scenario]:
    """Return the scenarios `size` runs on `backend`."""
    if size == "full":
        return [scenario for scenario, _ in SCENARIOS]
    return [scenario for scenario, where in SCENARIOS
            if where == "all" or where == backend]


def _run_backend(backend: Backend, size: str, workdir: Path, api_url: str) -> list[Tally]:
    """Run the scenarios of `size` on one database, in order."""
    folder = workdir / backend.name
    suite = scenarios.Suite(Ingests(folder / "runs", api_url, {}), folder, size)
    tallies = []
    for scenario in chosen(size, backend.name):
        started = time.monotonic()
        tally = scenario(suite, backend)
        tally.seconds = time.monotonic() - started
        tallies.append(tally)
    return tallies


def run_suite(size: str, names: tuple[str, ...] = BACKENDS,
              workdir: Path | None = None) -> tuple[list[Tally], list[str]]:
    """Run the scenarios of `size` on the databases `names`; return the tallies and notes
    (databases skipped, with the reason)."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="faults-")))
        api_url = stack.enter_context(prefect_api())
        found, notes = backends(workdir, list(names))
        # The databases run side by side: much of a scenario is waiting (for a process to
        # start, an outage to end, a deadline to pass).
        with ThreadPoolExecutor(max_workers=max(1, len(found))) as pool:
            runs = [pool.submit(_run_backend, backend, size, workdir, api_url)
                    for backend in found]
            tallies = [tally for run in runs for tally in run.result()]
        return tallies, notes
