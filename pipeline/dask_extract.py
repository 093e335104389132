"""Extraction on a Dask cluster: batches of articles sent to its workers, one model each.

`DaskExtractor.extract_batch` has the contract of `ExtractorPool.extract_batch`: one outcome
per article, in order, an article whose extraction fails being an `ArticleError`. The ingest
flow's `extract_batch` task calls it, as it calls the process pool, so the task runs are
recorded in Prefect as in a plain run.

The workers run plain functions of this module, not Prefect tasks: a worker then imports
neither Prefect nor the flow, needs no Prefect API, and a batch costs one Dask task. (Run as
Prefect tasks on Prefect's Dask task runner, a local cluster took 1.8 s to start and 1.4 s to
close, against 0.6 and 0.7 s now, and each batch reported its task run to the Prefect server
from the worker.)
Each worker builds its extractor once, on `DaskExtractor.start`, and keeps it.

A batch whose worker dies (native crash, out-of-memory killer) is retried by Dask on other
workers; when it has killed `distributed.scheduler.allowed-failures` + 1 of them, its articles
are extracted one by one, so that only an article that kills a worker again becomes an error.

Example:
    with DaskExtractor.start(workers=2) as extractor:
        outcomes = extractor.extract_batch(articles)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from pipeline import DEFAULT_BATCH_SIZE
from pipeline.model import Article, ArticleError
from pipeline.parallel import (
    WORKER_DIED,
    ExtractOutcome,
    default_extractor,
    process_extractor,
    warm_up,
)

if TYPE_CHECKING:
    from distributed import Client, Future

ExtractorFactory = Callable[[int], object]
# How long to wait for the scheduler of an existing cluster to answer.
CONNECT_TIMEOUT = "10s"
# Environment Dask's nannies set for the worker processes of a local cluster, which this
# module leaves out: a fixed MALLOC_TRIM_THRESHOLD_ also fixes glibc's mmap threshold, so
# spaCy's larger buffers were mapped and unmapped on every use (5x the page faults, a tenth
# more CPU time than the process pool's workers for the same articles).
LEFT_OUT_WORKER_ENVIRONMENT = ("MALLOC_TRIM_THRESHOLD_",)
# A local worker's event loop wakes less often: by default it samples the computing thread's
# stack every 10 ms (for a dashboard profile nobody looks at here), checks its own health
# every 20 ms and its memory every 100 ms, and each wake takes the GIL from the extraction.
QUIET_WORKER = {
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


def load_worker_extractor(batch_size: int, factory: ExtractorFactory) -> None:
    """Build the worker's extractor and warm it up (`warm_up`)."""
    warm_up(process_extractor(batch_size, factory))


def extract_on_worker(
    articles: list[Article], batch_size: int, factory: ExtractorFactory
) -> list[ExtractOutcome]:
    """Extract a batch with the worker's extractor (built on first use)."""
    return list(process_extractor(batch_size, factory).extract(articles))


class DaskExtractor:
    """Extract batches of articles on the workers of a Dask cluster, through `client`.

    batch_size (int): texts per `nlp.pipe` batch in a worker.
    factory (Callable[[int], Extractor]): builds a worker's extractor from `batch_size`; a
        module-level function, which workers import (default: the configured model's).
    """

    def __init__(
        self, client: Client, batch_size: int = DEFAULT_BATCH_SIZE,
        factory: ExtractorFactory = default_extractor,
    ) -> None:
        self.client = client
        self.batch_size = batch_size
        self.factory = factory
        self._loading: list[Future] = []

    @classmethod
    @contextlib.contextmanager
    def start(
        cls, workers: int | None = None, address: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE, factory: ExtractorFactory = default_extractor,
    ) -> Iterator[DaskExtractor]:
        """Start a local cluster of `workers` processes, or connect to the scheduler at
        `address`; yield an extractor whose workers are loading the model; close on exit.

        RAISES (DaskClusterError): when the scheduler at `address` does not answer.
        """
        check_settings(workers, address)
        with _local_client(workers) if address is None else _remote_client(address) as client:
            extractor = cls(client, batch_size, factory)
            extractor.load_model()
            yield extractor

    @property
    def threads(self) -> int:
        """The tasks the cluster runs at once (a remote worker may have several threads)."""
        return sum(self.client.nthreads().values()) or 1

    def load_model(self) -> None:
        """Start building the extractor on every worker now, each once, in the background.

        A worker would otherwise build it when its first batch arrives; started here, all do
        it at once while the flow reads and cleans its first batches.
        """
        self._loading = [
            self.client.submit(load_worker_extractor, self.batch_size, self.factory,
                               workers=[address], allow_other_workers=False, pure=False)
            for address in self.client.scheduler_info()["workers"]
        ]

    def extract_batch(self, articles: list[Article]) -> list[ExtractOutcome]:
        """Extract one batch on a worker and return its outcomes in order (thread-safe).

        RAISES: what building a worker's extractor raised (SpacyModelError …).
        """
        if not articles:
            return []
        from distributed import KilledWorker

        try:
            return self._extract(articles)
        except KilledWorker:
            return [self._extract_alone(article) for article in articles]

    def _extract(self, articles: list[Article]) -> list[ExtractOutcome]:
        future = self.client.submit(extract_on_worker, articles, self.batch_size,
                                    self.factory, pure=False)
        return future.result()

    def _extract_alone(self, article: Article) -> ExtractOutcome:
        """Extract one article of a batch that killed its workers; an error if it does too."""
        from distributed import KilledWorker

        try:
            return self._extract([article])[0]
        except KilledWorker:
            return ArticleError(document=article.document, stage="extract",
                                message=WORKER_DIED, url=article.url)


@contextlib.contextmanager
def _local_client(workers: int) -> Iterator[Client]:
    """Yield a client of a new local cluster of `workers` single-threaded processes, all
    joined; close both on exit."""
    import dask
    from distributed import Client, LocalCluster

    environment = {
        name: value
        for name, value in dask.config.get("distributed.nanny.pre-spawn-environ").items()
        if name not in LEFT_OUT_WORKER_ENVIRONMENT
    }
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environment, **QUIET_WORKER}):
        cluster = LocalCluster(
            n_workers=workers,
            processes=True,  # spaCy holds the GIL: one process per worker
            threads_per_worker=1,  # one model, one batch at a time per worker
            dashboard_address="127.0.0.1:0",  # loopback only, any free port
        )
    with cluster, Client(cluster) as client:
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
