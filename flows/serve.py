"""Scheduled ingestion: a Prefect deployment of the ingest flow per source, served by one process.

This is the one place schedules live. `build_deployment` turns a source and a schedule (a cron
string or an interval in seconds) into a deployment of `scheduled_ingest` (the ingest flow
with run retries); `serve_deployments` registers deployments with the Prefect server named by
PREFECT_API_URL and runs them on schedule until the process is stopped.

- A run that fails (the database or a feed unreachable) is run again after a delay, at most
  RUN_RETRIES times. Nothing inside a run is retried: an article that cannot be cleaned or
  extracted is an error row, not a failure, and a new run skips what is already stored.
- Runs of one deployment never overlap: its concurrency limit is 1, and a run due while
  another is still going is cancelled (the next tick picks up what it would have read). The
  default deployment name is derived from the source, so one source is one deployment.
- Each run records its counts (articles seen, new, events, errors) in `extraction_runs`.
- Stopping `serve` never blocks the schedule. A run whose process was killed (Ctrl+C, SIGTERM,
  kill -9) would keep the deployment's one concurrency slot, and every later run would be
  cancelled ("Deployment concurrency limit reached") until the slot's lease ran out. Each run
  records `host:pid` as its infrastructure PID (`record_process`); `release_stale_runs` marks
  the deployment's runs whose process on this host has ended (or that stayed pending over
  PENDING_GRACE_SECONDS with none) Crashed, which frees the slot, and their `extraction_runs`
  rows `interrupted`, with one warning line. `serve_deployments` calls it when serving starts,
  every WATCH_SECONDS while it serves, and when it stops.
- Served runs load `scheduled_ingest` itself (ENTRYPOINT), with its retries and hook.
- A watched folder's files that a completed run read and that have not changed since are
  skipped before they are read (`flows.filestate`): a bad file is reported once.

Scheduled runs need a real Prefect server (`prefect server start`): the temporary server that
plain flow calls start has no scheduler.

Example:
    from flows.serve import build_deployment, serve_deployments
    news = build_deployment("/data/news", cron="*/15 * * * *")
    serve_deployments(news)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.types.entrypoint import EntrypointType

from flows.ingest import FLOW_NAME, ingest_flow
from flows.sources import FEED_PREFIX, URL_LIST_PREFIX, WEB_SCHEMES
from pipeline import DEFAULT_BATCH_SIZE

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun, State
    from prefect.deployments.runner import RunnerDeployment

# A failed run is run again twice, a minute apart, before it is left failed.
RUN_RETRIES = 2
RETRY_DELAY_SECONDS = 60
TAGS = ["dipevents", "ingest"]
# One run of a deployment at a time; a run due while another is going is cancelled.
ONE_RUN_AT_A_TIME = ConcurrencyLimitConfig(
    limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
ENTRYPOINT = f"{__name__}.scheduled_ingest"
HOST = socket.gethostname()
# States in which a run holds its deployment's one concurrency slot.
SLOT_HOLDING = ("PENDING", "RUNNING", "CANCELLING")
# A run left pending this long without a process is taken for dead (starting one takes seconds).
PENDING_GRACE_SECONDS = 60
# How often a serving process looks for stale runs while it serves.
WATCH_SECONDS = 30
# Stale runs' rows in extraction_runs started at most this long before Prefect's start time.
CLOCK_SLACK = dt.timedelta(seconds=60)
# How long a stopping serve waits for its run's process to end before releasing the run.
STOP_WAIT_SECONDS = 10
STALE_MESSAGE = ("Its process ended without reporting (killed or stopped); marked crashed by "
                 "`dipevents serve` to release the deployment's concurrency slot.")

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# The ingest flow as deployments run it: with run retries (a direct `ingest_flow` call or
# `dipevents ingest` fails at once). Also the entrypoint for work pools:
# `prefect deploy flows/serve.py:scheduled_ingest ...`.
def record_process(flow: object, flow_run: FlowRun, state: State) -> None:
    """Record `host:pid` of the process running `flow_run` as its infrastructure_pid.

    An on_running hook: `release_stale_runs` tells by it whether a run's process still lives.
    """
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        client.update_flow_run(flow_run.id, infrastructure_pid=f"{HOST}:{os.getpid()}")


scheduled_ingest = ingest_flow.with_options(
    retries=RUN_RETRIES, retry_delay_seconds=RETRY_DELAY_SECONDS, on_running=[record_process]
)


class ServeError(ValueError):
    """Settings that cannot be served; the message names the fix."""


def absolute_source(spec: str) -> str:
    """Return `spec` with a local path made absolute (URLs and missing paths unchanged).

    A deployment's parameters are shown in the Prefect UI and may be run from another folder.
    """
    if spec.startswith(WEB_SCHEMES):
        return spec
    for prefix in (FEED_PREFIX, URL_LIST_PREFIX):
        if spec.startswith(prefix):
            rest = spec.removeprefix(prefix)
            return prefix + absolute_source(rest)
    path = Path(spec).expanduser()
    return str(path.resolve()) if path.exists() else spec


def deployment_name(source: str) -> str:
    """Return the default deployment name of a source: its last part and a short hash.

    Example: "/data/news/" -> "news-6f1c2e9a"; the same source always gets the same name.
    """
    stem = _UNSAFE.sub("-", source.rstrip("/").rsplit("/", 1)[-1]).strip("-.")[:40] or "source"
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{digest}"


def build_deployment(
    source: str,
    *,
    cron: str | None = None,
    interval: int | None = None,
    database_url: str | None = None,
    name: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> RunnerDeployment:
    """Return a deployment that ingests `source` on a cron schedule or every `interval` seconds.

    database_url (str | None): stored in the deployment's parameters (visible in the UI);
        None lets each run read DIPEVENTS_DATABASE_URL from the serving process.
    RAISES (ServeError): unless exactly one of `cron` and `interval` is given, or when the
        cron string or interval is invalid.
    """
    if cron is not None and interval is not None:
        raise ServeError("give a cron schedule or an interval, not both")
    if cron is None and interval is None:
        raise ServeError('give a schedule: a cron string ("*/15 * * * *") or an interval')
    if interval is not None and interval < 1:
        raise ServeError(f"the interval must be at least 1 second, not {interval}")
    source = absolute_source(source)
    schedule = f"cron {cron!r}" if cron is not None else f"every {interval} s"
    try:
        deployment = scheduled_ingest.to_deployment(
            name=name or deployment_name(source),
            cron=cron,
            interval=interval,
            parameters={"source": source, "database_url": database_url,
                        "batch_size": batch_size, "skip_unchanged_files": True},
            concurrency_limit=ONE_RUN_AT_A_TIME,
            description=f"Ingest {source} ({schedule}): read the articles, extract their "
            "diplomatic events and store them. Runs never overlap; a failed run is retried "
            f"{RUN_RETRIES} times after {RETRY_DELAY_SECONDS} s.",
            tags=TAGS,
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
    except ValueError as exc:  # pydantic rejects a bad cron string
        first = str(exc).splitlines()
        raise ServeError(f"invalid schedule {schedule}: {first[-1].strip() if first else exc}"
                         ) from exc
    # The run's process loads the flow from here: `scheduled_ingest` itself (with its retries
    # and hook), not the `ingest_flow` its function was defined as.
    deployment.entrypoint = ENTRYPOINT
    return deployment


def full_name(deployment: RunnerDeployment) -> str:
    """Return the `flow/deployment` name Prefect's CLI and UI use."""
    return f"{FLOW_NAME}/{deployment.name}"


def prefect_ui_url() -> str:
    """Return the Prefect UI's address, after checking that the Prefect server answers.

    RAISES (ServeError): when PREFECT_API_URL is not set (scheduled runs need a real server)
        or the server does not answer.
    """
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL

    api_url = PREFECT_API_URL.value()
    if not api_url:
        raise ServeError(
            "scheduled runs need a Prefect server: start one with `prefect server start` and "
            "set PREFECT_API_URL=http://127.0.0.1:4200/api (or `prefect config set "
            "PREFECT_API_URL=...`)"
        )
    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        raise ServeError(
            f"the Prefect server at {api_url} does not answer ({type(problem).__name__}); "
            "start it with `prefect server start` or fix PREFECT_API_URL"
        )
    return str(PREFECT_UI_URL.value() or api_url.removesuffix("/api"))


def register(deployment: RunnerDeployment) -> str:
    """Create or update the deployment on the Prefect server; return its id."""
    return str(deployment.apply())


def process_is_gone(owner: str | None) -> bool:
    """Return True when `owner` ("host:pid") names a process of this host that has ended.

    A process of another host, or none recorded, is not known to be gone.
    """
    host, _, pid = (owner or "").rpartition(":")
    if host != HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def is_stale(run: FlowRun, now: dt.datetime) -> bool:
    """Return True when `run` holds its deployment's slot though no process runs it.

    Its recorded process (`record_process`) has ended on this host; or it has no process and
    has been pending longer than PENDING_GRACE_SECONDS (it was killed while starting).
    """
    if run.state is None or run.state.type.value not in SLOT_HOLDING:
        return False
    if run.infrastructure_pid:
        return process_is_gone(run.infrastructure_pid)
    waited = (now - run.state.timestamp).total_seconds() if run.state.timestamp else 0
    return run.state.type.value == "PENDING" and waited > PENDING_GRACE_SECONDS


def slot_holders(deployment_id: str) -> list[FlowRun]:
    """Return the deployment's runs in a state that holds its concurrency slot."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(
                type=FlowRunFilterStateType(any_=[StateType(t) for t in SLOT_HOLDING]))),
        )


def release_stale_runs(deployment_id: str, database_url: str) -> list[FlowRun]:
    """Mark the deployment's stale runs (see `is_stale`) crashed; return them.

    Crashing a run releases the deployment's concurrency slot it holds (otherwise every later
    run is cancelled until its lease expires), and its row in extraction_runs, still `running`,
    is marked `interrupted`. Logs one warning line when it released any.
    """
    from prefect.client.orchestration import get_client
    from prefect.states import Crashed

    now = dt.datetime.now(dt.UTC)
    stale = [run for run in slot_holders(deployment_id) if is_stale(run, now)]
    if not stale:
        return []
    with get_client(sync_client=True) as client:
        for run in stale:
            client.set_flow_run_state(run.id, Crashed(message=STALE_MESSAGE), force=True)
    rows = interrupt_rows(stale, database_url)
    logger.warning(
        "Released the deployment's concurrency slot: %d stale run(s) whose process had ended "
        "(%s) marked crashed, %d extraction run(s) marked interrupted.",
        len(stale), ", ".join(run.name for run in stale), rows,
    )
    return stale


def interrupt_rows(runs: list[FlowRun], database_url: str) -> int:
    """Mark the extraction_runs rows of crashed Prefect runs `interrupted`; return how many."""
    from db.session import make_engine
    from db.store import Store

    engine = make_engine(database_url)
    try:
        store = Store(engine)
        return sum(
            store.interrupt_runs(
                FLOW_NAME, str(run.parameters.get("source", "")),
                started_since=(run.start_time or run.expected_start_time or run.created)
                - CLOCK_SLACK,
            )
            for run in runs
        )
    finally:
        engine.dispose()


def release_after_stop(deployment_id: str, database_url: str,
                       wait: float = STOP_WAIT_SECONDS) -> None:
    """Release the runs this host leaves stale when serving stops.

    A run stopped with its serving process (Ctrl+C reaches both) may take a moment to end:
    its process is waited for up to `wait` seconds.
    """
    deadline = time.monotonic() + wait
    while True:
        release_stale_runs(deployment_id, database_url)
        ending = [run for run in slot_holders(deployment_id)
                  if run.infrastructure_pid and run.infrastructure_pid.startswith(f"{HOST}:")]
        if not ending or time.monotonic() > deadline:
            return
        time.sleep(0.5)


@contextlib.contextmanager
def watching_stale_runs(deployment_id: str, database_url: str,
                        every: float = WATCH_SECONDS) -> Iterator[None]:
    """Release stale runs of a deployment now, every `every` seconds in a thread, and at exit.

    Errors (the Prefect server or the database away) are logged; the next look tries again.
    """
    stopped = threading.Event()

    def look() -> None:
        try:
            release_stale_runs(deployment_id, database_url)
        except Exception:  # noqa: BLE001 - a look that fails must not stop serving
            logger.warning("Could not look for stale runs", exc_info=True)

    def watch() -> None:
        while not stopped.wait(every):
            look()

    look()
    thread = threading.Thread(target=watch, name="stale-runs", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join(every)
        try:
            release_after_stop(deployment_id, database_url)
        except Exception:  # noqa: BLE001 - the next `serve` releases them
            logger.warning("Could not release this process's runs", exc_info=True)


def serve_deployments(
    *deployments: RunnerDeployment,
    deployment_ids: Iterable[str] = (),
    database_url: str | None = None,
) -> None:
    """Serve deployments until the process is stopped (Ctrl+C or SIGTERM).

    Their schedules are paused on shutdown and resume when they are served again. With
    `deployment_ids` and `database_url`, those deployments' stale runs (see `is_stale`) are
    released before, while and after serving (`watching_stale_runs`).
    """
    from prefect import serve

    with contextlib.ExitStack() as stack:
        if database_url is not None:
            for deployment_id in deployment_ids:
                stack.enter_context(watching_stale_runs(deployment_id, database_url))
        serve(*deployments, print_starting_message=False, pause_on_shutdown=True)
