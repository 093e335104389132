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

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

from flows.ingest import FLOW_NAME, ingest_flow
from flows.sources import FEED_PREFIX, URL_LIST_PREFIX, WEB_SCHEMES
from pipeline import DEFAULT_BATCH_SIZE

if TYPE_CHECKING:
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

# The ingest flow as deployments run it: with run retries (a direct `ingest_flow` call or
# `dipevents ingest` fails at once). Also the entrypoint for work pools:
# `prefect deploy flows/serve.py:scheduled_ingest ...`.
scheduled_ingest = ingest_flow.with_options(
    retries=RUN_RETRIES, retry_delay_seconds=RETRY_DELAY_SECONDS
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
        return scheduled_ingest.to_deployment(
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
        )
    except ValueError as exc:  # pydantic rejects a bad cron string
        first = str(exc).splitlines()
        raise ServeError(f"invalid schedule {schedule}: {first[-1].strip() if first else exc}"
                         ) from exc


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


def serve_deployments(*deployments: RunnerDeployment) -> None:
    """Serve deployments until the process is stopped (Ctrl+C or SIGTERM).

    Their schedules are paused on shutdown and resume when they are served again.
    """
    from prefect import serve

    serve(*deployments, print_starting_message=False, pause_on_shutdown=True)
