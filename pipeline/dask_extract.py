"""Extraction on a Dask cluster: batches of articles sent to its workers, one model per process.

`DaskExtractor.extract_batch` has the contract of `ExtractorPool.extract_batch`: one outcome
per article, in order, an article whose extraction fails being an `ArticleError`. The ingest
flow's `extract_batch` task calls it, as it calls the process pool, so the task runs are
recorded in Prefect as in a plain run.

The workers run plain functions of `pipeline.dask_worker`, not Prefect tasks: a worker then
imports neither Prefect nor the flow, needs no Prefect API, and a batch costs one Dask task.
(Run as Prefect tasks on Prefect's Dask task runner, a local cluster took 1.8 s to start and
1.4 s to close, against 0.6 and 0.7 s without it, and each batch reported its task run to
the Prefect server from the worker.) Each worker extracts on processes of its own, started when
the cluster is, which keep their models loaded between runs on a remote cluster (see
`pipeline.dask_worker` for why not on the worker's thread).

Example:
    with DaskExtractor.start(workers=2) as extractor:
        outcomes = extractor.extract_batch(articles)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from pipeline import DEFAULT_BATCH_SIZE
from pipeline.model import Article
from pipeline.parallel import ExtractOutcome, default_extractor

if TYPE_CHECKING:
    from distributed import Client

# How long to wait for the scheduler of an existing cluster to answer.
CONNECT_TIMEOUT = "10s"
# The workers of a local cluster run in the flow's process, and their event loop's wakes take
# the GIL from its saving: by default each worker samples every thread's stack every 10 ms
# (for a dashboard profile nobody looks at here), checks its health every 20 ms and its
# memory every 100 ms.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
}


class DaskClusterError(RuntimeError):
    """The Dask scheduler given could not be reached."""


def check_settings(workers: int | None, address: str | None) -> bool:
    """Return True when a Dask cluster is asked for: `workers` (local) or `address`.

    RAISES (ValueError): when both are given, or `workers` is below 1.
    """
    if workers is not None and address is not None:
        raise ValueError("give workers (a local Dask cluster) or dask_address, not both")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    return workers is not None or address is not None


class DaskExtractor:
    """Extract batches of articles on the workers of a Dask cluster, through `client`.

    batch_size (int): texts per `nlp.pipe` batch in an extraction process.
    factory (Callable[[], Extractor] | None): builds an extraction process's extractor; a
        module-level function or a `functools.partial` of one, which the workers import
        (default: `default_extractor` with `batch_size`).
    """

    def __init__(
        self, client: Client, batch_size: int = DEFAULT_BATCH_SIZE,
        factory: Callable[[], object] | None = None,
    ) -> None:
        self.client = client
        self.factory = factory or functools.partial(default_extractor, batch_size)
        # One name per settings: a run with other settings on the same cluster gets its own
        # processes, a run with the same ones reuses them.
        digest = hashlib.sha256(pickle.dumps(self.factory)).hexdigest()
        self.plugin = f"dipevents-extraction-{digest[:16]}"

    @classmethod
    @contextlib.contextmanager
    def start(
        cls, workers: int | None = None, address: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE, factory: Callable[[], object] | None = None,
    ) -> Iterator[DaskExtractor]:
        """Start a local cluster of `workers` workers, or connect to the scheduler at
        `address`; yield an extractor whose workers are loading the model; close on exit.

        RAISES (DaskClusterError): when the scheduler at `address` does not answer.
        """
        check_settings(workers, address)
        with _local_client(workers) if address is None else _remote_client(address) as client:
            extractor = cls(client, batch_size, factory)
            extractor.start_processes()
            yield extractor

    @property
    def threads(self) -> int:
        """The tasks the cluster runs at once (a remote worker may have several threads)."""
        return sum(self.client.nthreads().values()) or 1

    def start_processes(self) -> None:
        """Have every worker, and every worker joining later, start its extraction processes.

        They load the model in the background, while the flow reads and cleans its first
        batches; the first batch a worker gets waits for them.
        """
        from pipeline.dask_worker import ExtractionProcesses

        self.client.register_plugin(ExtractionProcesses(self.factory), name=self.plugin)

    def extract_batch(self, articles: list[Article]) -> list[ExtractOutcome]:
        """Extract one batch on a worker and return its outcomes in order (thread-safe).

        RAISES: what building an extraction process's extractor raised (SpacyModelError …).
        """
        if not articles:
            return []
        from pipeline.dask_worker import extract_on_worker

        return self.client.submit(extract_on_worker, articles, self.plugin, pure=False).result()


@contextlib.contextmanager
def _local_client(workers: int) -> Iterator[Client]:
    """Yield a client of a new local cluster of `workers` single-threaded workers, all joined;
    close both on exit.

    The workers are threads of this process: each extracts on a process of its own
    (`pipeline.dask_worker`), so worker processes would only add their start-up (importing
    Dask, before their extraction process could start) and a nanny each.
    """
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(QUIET_WORKERS), LocalCluster(
        n_workers=workers,
        processes=False,
        threads_per_worker=1,  # one extraction process, one batch at a time per worker
        dashboard_address="127.0.0.1:0",  # loopback only, any free port
    ) as cluster, Client(cluster) as client:
        # Batches sent before a worker joins would all go to the first one.
        client.wait_for_workers(workers)
        yield client


@contextlib.contextmanager
def _remote_client(address: str) -> Iterator[Client]:
    """Yield a client of the scheduler at `address`; close it on exit.

    RAISES (DaskClusterError): when the scheduler does not answer in CONNECT_TIMEOUT.
    """
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise DaskClusterError(
            f"could not reach the Dask scheduler at {address} ({exc}); is it running, and "
            "is the address its tcp://host:port?"
        ) from exc
    with client:
        yield client
