"""What runs on a Dask worker: its extraction processes, and the task that hands them a batch.

A Dask worker runs its tasks on threads beside its event loop, and spaCy is slower off a
process's main thread: its parser and entity recognizer release and take back the GIL around
every step, and those hand-offs cost more there (the same `nlp.pipe` took 17-22 % more CPU
time on a thread; `perf` put 21 % of its samples in the pthread mutex calls of the GIL,
against 4 % on the main thread). So each worker extracts on a process pool of its own,
`ExtractorPool`, one process per worker thread, as a plain run does, and the task's thread
only waits for it. The worker's event loop then keeps answering the scheduler while a batch
is extracted, and an article that kills its process becomes its own error row (`WORKER_DIED`)
while the worker lives on.

Its worker must not be a daemon process, which may not have children: a remote cluster's
workers are started with DASK_DISTRIBUTED__WORKER__DAEMON=False in their environment.
This module imports `distributed`; `pipeline.dask_extract` imports it only when a cluster is
used.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable

from distributed import Worker, WorkerPlugin, get_worker

from pipeline.dask_extract import DaskClusterError
from pipeline.model import Article
from pipeline.parallel import ExtractorPool, ExtractOutcome


class ExtractionProcesses(WorkerPlugin):
    """A worker's extraction processes, started (each loading the model) when the plugin is
    registered or the worker joins later, and stopped when the worker closes.

    factory (Callable[[], Extractor]): builds a process's extractor; picklable.
    """

    # Registered again under the same name (a second run on the same cluster), the running
    # processes are kept: their models are loaded already.
    idempotent = True

    def __init__(self, factory: Callable[[], object]) -> None:
        self.factory = factory
        self.pool: ExtractorPool | None = None

    def setup(self, worker: Worker) -> None:
        """Start the worker's extraction processes.

        RAISES (DaskClusterError): when the worker is a daemon process.
        """
        if multiprocessing.current_process().daemon:
            raise DaskClusterError(
                f"the Dask worker at {worker.address} is a daemon process, which may not "
                "start extraction processes; start the workers with "
                "DASK_DISTRIBUTED__WORKER__DAEMON=False in their environment"
            )
        # Dask's nannies set it for their workers, and it would also fix glibc's mmap
        # threshold in the extraction processes: spaCy's larger buffers were then mapped and
        # unmapped on every use (5x the page faults, a tenth more CPU time per article).
        os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        self.pool = ExtractorPool(worker.state.nthreads, factory=self.factory)
        self.pool.warm()

    async def teardown(self, worker: Worker) -> None:  # noqa: ARG002 - the plugin interface
        """Stop the extraction processes and wait for them to exit, on a thread: the workers of
        a local cluster share one event loop, and theirs then stop at the same time."""
        if self.pool is not None:
            await asyncio.to_thread(self.pool.close)


def extract_on_worker(articles: list[Article], plugin: str) -> list[ExtractOutcome]:
    """Extract a batch on the processes of this worker's `ExtractionProcesses` named `plugin`."""
    return get_worker().plugins[plugin].pool.extract_batch(articles)
