"""Extraction on every core: worker processes that each load the model once.

`ExtractorPool` sends chunks of articles to worker processes; each worker builds one
`Extractor` when it starts (the spaCy model and knowledge base, loaded once) and keeps it for
every chunk it is given. Results come back in input order, one per article, exactly as
`Extractor.extract` gives them in one process: an article whose extraction fails is an
`ArticleError` (the guard runs inside the worker, per article and per piece of a long text).
A worker that dies (a crash in native code, the out-of-memory killer) loses its chunk only:
the pool is restarted and that chunk's articles are extracted one by one, so that only the
article that kills a worker again becomes an error.

Memory stays bounded: `extract` keeps at most `CHUNKS_PER_PROCESS` chunks per worker in
flight, whatever the length of the stream, and each worker holds one model.

Workers are started with the "spawn" method (a fresh interpreter; safe in a process running
threads, as a Prefect flow does) and only when work arrives for them; `warm` starts them
ahead of time so that the model loads while the caller does something else.

Example:
    with ExtractorPool(processes=2) as pool:
        for item in pool.extract(articles):
            print(item.article.document if isinstance(item, ExtractionResult) else item)
"""

from __future__ import annotations

import functools
import itertools
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Protocol

from pipeline import DEFAULT_BATCH_SIZE
from pipeline.model import Article, ArticleError, ExtractionResult

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Chunks a worker may hold (extracting or queued): one to work on and one ready for when it
# finishes, so no worker waits for the caller; more would only hold more articles in memory.
CHUNKS_PER_PROCESS = 2
# Articles per chunk of a stream: about 8,000 words, a second or two of a worker's time, so
# the last chunks of a stream share out evenly; sending one costs far less than that.
DEFAULT_CHUNK_SIZE = 8
# How much nicer than their parent workers run. They fill every core, and the parent, which
# feeds them and saves what they return, would otherwise get only its share of a core when it
# has work: saving then takes longer than it costs while workers wait for nothing. Niced, they
# still get all the time the parent does not use (it mostly waits for them).
WORKER_NICENESS = 10
# Thread pools of numeric libraries, one thread each in a worker: a worker is one core's work,
# and OpenBLAS would start one thread per core in every worker (on two cores, two workers of
# two threads each spent 4-8 % more CPU time on the same articles).
ONE_THREAD_ENVIRONMENT = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
WORKER_DIED = (
    "extraction failed: the worker process extracting it died (a crash or the out-of-memory "
    "killer); run with DIPEVENTS_EXTRACT_PROCESSES=1 to see the error"
)

ExtractOutcome = ExtractionResult | ArticleError
# Extracted by each worker as it starts (its result dropped), while the caller does other work.
WARM_UP = Article(
    document="warm-up",
    text="CAIRO, May 4 — Egypt's foreign minister met his Jordanian counterpart in Cairo on "
    "Monday and said they would visit Amman next week.",
    published=date(2025, 5, 4),
)

# The worker process's own extractor, built once by `_start_worker`, or why it could not be.
_worker_extractor = None
_worker_failure: Exception | None = None


def cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def default_extractor(batch_size: int = DEFAULT_BATCH_SIZE):  # noqa: ANN201 - spaCy is lazy
    """Return an `Extractor` with the configured model (what a worker builds by default)."""
    from pipeline.extract import Extractor

    return Extractor(batch_size=batch_size)


@functools.lru_cache(maxsize=4)
def process_extractor(batch_size: int = DEFAULT_BATCH_SIZE):  # noqa: ANN201 - spaCy is lazy
    """Return this process's extractor for `batch_size`, built on the first call: the model
    loads once per process, and its threads share it."""
    return default_extractor(batch_size)


class BatchExtractor(Protocol):
    """What the ingest flow extracts a batch with: this process, worker processes or a Dask
    cluster. One outcome per article, in order; a failed article is an `ArticleError`."""

    def extract_batch(self, articles: list[Article]) -> list[ExtractOutcome]: ...


class InProcessExtractor:
    """Extract batches in this process, with `process_extractor` (thread-safe)."""

    def __init__(self, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.batch_size = batch_size

    def extract_batch(self, articles: list[Article]) -> list[ExtractOutcome]:
        return list(process_extractor(self.batch_size).extract(articles))


def one_thread_per_worker() -> None:
    """Ask numeric libraries for one thread in the processes this one starts from now on,
    unless the environment says otherwise (`ONE_THREAD_ENVIRONMENT`).

    Set here, not in a worker: a spawned worker has loaded them before it runs any code of
    ours. This process's own libraries, loaded already, keep their threads.
    """
    for name in ONE_THREAD_ENVIRONMENT:
        os.environ.setdefault(name, "1")


def _lower_priority() -> None:
    """Run this worker WORKER_NICENESS steps nicer than its parent (see the constant)."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not allowed here: the worker runs at its parent's priority
        logger.debug("could not lower the extraction worker's priority", exc_info=True)


def _start_worker(factory: Callable[[], object]) -> None:
    """Build the worker's extractor and extract `WARM_UP` with it, so that what loads on first
    use (dates, places) loads now; Ctrl+C is left to the parent, which stops the pool."""
    global _worker_extractor, _worker_failure
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _lower_priority()
    try:
        _worker_extractor = factory()
    except Exception as exc:  # noqa: BLE001 - raised to the caller with the first chunk
        # (An initializer that raises would break the pool without saying why, e.g. that the
        # spaCy model is not installed.)
        _worker_failure = exc
        return
    try:
        list(_worker_extractor.extract([WARM_UP]))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a real article will say what is wrong
        logger.warning("extracting the warm-up article failed", exc_info=True)


def _extract_chunk(articles: list[Article]) -> tuple[list[ExtractOutcome], float | None, float]:
    """Extract a chunk in a worker; return its outcomes, the worker's peak memory (MiB) and
    the CPU seconds the chunk took.

    RAISES: what building the worker's extractor raised (SpacyModelError …), for every chunk.
    """
    if _worker_failure is not None:
        raise _worker_failure
    cpu = time.process_time()
    outcomes = list(_worker_extractor.extract(articles))  # type: ignore[union-attr]
    return outcomes, _peak_rss_mib(), time.process_time() - cpu


def _ready() -> tuple[list[ExtractOutcome], float | None, float]:
    """Do nothing in a worker (it is started, its model loaded); return its peak memory."""
    return [], _peak_rss_mib(), 0.0


def _peak_rss_mib() -> float | None:
    """Return this process's peak resident memory in MiB (Linux's VmHWM), None elsewhere.

    Not `getrusage`: for a spawned worker it reports the parent's peak when that is higher
    (the kernel keeps it across fork and exec).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # not Linux: not reported
        pass
    return None


class ExtractorPool:
    """Extract articles on worker processes, each with one extractor; results in input order.

    processes (int): the number of worker processes (at least 1).
    batch_size (int): texts per `nlp.pipe` batch in a worker (the default extractor's).
    chunk_size (int): articles per chunk of a stream (`extract`) sent to a worker.
    factory (Callable[[], Extractor] | None): builds a worker's extractor; must be picklable
        (a module-level function or a `functools.partial` of one). Defaults to
        `default_extractor` with `batch_size`.
    """

    def __init__(
        self,
        processes: int,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        factory: Callable[[], object] | None = None,
    ) -> None:
        if processes < 1:
            raise ValueError(f"processes must be at least 1, not {processes}")
        self.processes = processes
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.factory = factory or functools.partial(default_extractor, batch_size)
        # Measures for benchmarks: the largest peak memory of a worker, and the CPU seconds
        # workers spent on chunks (start-up excluded).
        self.worker_peak_rss_mib: float = 0.0
        self.worker_cpu_seconds: float = 0.0
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._warming: list[Future] = []

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self, wait: bool = True) -> None:
        """Stop the workers; queued chunks are dropped. The pool starts again if used again.

        wait (bool): wait for the workers to exit (else they exit meanwhile, and the
            interpreter waits for them at its exit).
        """
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)

    def warm(self, processes: int | None = None) -> None:
        """Start `processes` workers (default: all) now, so their models load in the background.

        The first chunk then waits for them rather than starting a worker of its own (workers
        start when a chunk finds none idle, and a loading one is not idle).
        """
        executor = self._pool()
        for _ in range(min(processes or self.processes, self.processes)):
            future = executor.submit(_ready)
            future.add_done_callback(self._note_done)
            self._warming.append(future)

    def extract(self, articles: Iterable[Article]) -> Iterator[ExtractOutcome]:
        """Yield one result per article, in input order, reading `articles` lazily.

        At most `CHUNKS_PER_PROCESS` chunks per worker are submitted ahead of the one being
        yielded, so memory does not grow with the length of the stream.
        """
        pending: deque[tuple[list[Article], ProcessPoolExecutor, Future]] = deque()
        iterator = iter(articles)
        while chunk := list(itertools.islice(iterator, self.chunk_size)):
            pending.append(self._submit(chunk))
            while len(pending) >= CHUNKS_PER_PROCESS * self.processes:
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def extract_batch(self, articles: list[Article]) -> list[ExtractOutcome]:
        """Extract one batch on one worker and return its results in order (thread-safe)."""
        return self._collect(*self._submit(articles)) if articles else []

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                one_thread_per_worker()
                self._executor = ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self.factory,),
                )
            return self._executor

    def _submit(self, chunk: list[Article]) -> tuple[list[Article], ProcessPoolExecutor, Future]:
        if self._warming:
            wait(self._warming)
            self._warming = []
        executor = self._pool()
        try:
            return chunk, executor, executor.submit(_extract_chunk, chunk)
        except BrokenProcessPool as exc:  # broken since: collected (and rescued) as such
            future: Future = Future()
            future.set_exception(exc)
            return chunk, executor, future

    def _collect(
        self, chunk: list[Article], executor: ProcessPoolExecutor, future: Future
    ) -> list[ExtractOutcome]:
        """Return a chunk's outcomes; when its worker died, extract its articles one by one."""
        try:
            outcomes, *measures = future.result()
        except BrokenProcessPool:
            return self._rescue(chunk, executor)
        self._note(*measures)
        return outcomes

    def _rescue(
        self, chunk: list[Article], broken: ProcessPoolExecutor
    ) -> list[ExtractOutcome]:
        """Extract each article of a chunk whose worker died alone, on a restarted pool."""
        logger.warning("a worker process died; extracting its %d articles one by one",
                       len(chunk))
        outcomes: list[ExtractOutcome] = []
        for article in chunk:
            self._replace(broken)
            broken = self._pool()
            try:
                found, *measures = broken.submit(_extract_chunk, [article]).result()
            except BrokenProcessPool:
                logger.error("extraction of %s killed its worker process", article.document)
                found = [ArticleError(document=article.document, stage="extract",
                                      message=WORKER_DIED, url=article.url)]
            else:
                self._note(*measures)
            outcomes += found
        return outcomes

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Drop `broken` when it is still the current pool (the next use starts a new one)."""
        with self._lock:
            if self._executor is not broken or not getattr(broken, "_broken", False):
                return
            self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def _note_done(self, future: Future) -> None:
        if not future.cancelled() and future.exception() is None:
            self._note(*future.result()[1:])

    def _note(self, peak: float | None, cpu: float) -> None:
        with self._lock:
            if peak is not None:
                self.worker_peak_rss_mib = max(self.worker_peak_rss_mib, peak)
            self.worker_cpu_seconds += cpu


_SHARED: dict[tuple[int, int], ExtractorPool] = {}
_SHARED_LOCK = threading.Lock()


def shared_pool(processes: int, batch_size: int = DEFAULT_BATCH_SIZE) -> ExtractorPool:
    """Return this process's pool for `processes` and `batch_size`, created on the first call.

    The command line warms it before Prefect starts, and the ingest flow's tasks extract on
    it; whoever owns the process closes it (`close_shared_pools`), else it stops at exit.
    """
    with _SHARED_LOCK:
        key = (processes, batch_size)
        if key not in _SHARED:
            _SHARED[key] = ExtractorPool(processes, batch_size=batch_size)
        return _SHARED[key]


def close_shared_pools(wait: bool = True) -> None:
    """Stop the workers of every shared pool (they start again when used again)."""
    with _SHARED_LOCK:
        pools = list(_SHARED.values())
    for pool in pools:
        pool.close(wait)


PROCESSES_ENV = "DIPEVENTS_EXTRACT_PROCESSES"


def configured_processes() -> int:
    """Return the number of extraction processes: DIPEVENTS_EXTRACT_PROCESSES, else `cores()`."""
    import settings

    return settings.value(PROCESSES_ENV) or cores()
