"""Extraction on a Dask cluster: outcomes in order, failures per article, clear errors."""

from __future__ import annotations

import pytest

from pipeline.dask_extract import DaskClusterError, DaskExtractor
from pipeline.model import Article, ArticleError, ExtractionResult
from pipeline.parallel import WORKER_DIED


def articles(texts: list[str]) -> list[Article]:
    return [Article(document=f"doc{n}", text=text) for n, text in enumerate(texts)]


def documents(outcomes: list) -> list[str]:
    return [getattr(o, "document", None) or o.article.document for o in outcomes]


def test_batches_come_back_in_order_with_a_failing_article_as_its_error(workers_module):
    batch = articles([f"Talks number {n}." for n in range(4)])
    # workers_module.failing raises on a document named bad…, and kills its worker on crash….
    batch[1] = Article(document="bad1", text="This one breaks a rule.", url="https://x.org/b")
    with DaskExtractor.start(workers=2, batch_size=2, factory=workers_module.failing) as dask_:
        outcomes = dask_.extract_batch(batch)
        again = dask_.extract_batch(batch[2:])
        assert dask_.extract_batch([]) == []
    assert documents(outcomes) == ["doc0", "bad1", "doc2", "doc3"]
    assert outcomes[1] == ArticleError(
        document="bad1", stage="extract", url="https://x.org/b",
        message="extraction failed: ValueError: this text breaks a rule",
    )
    assert all(isinstance(o, ExtractionResult) for o in outcomes[:1] + outcomes[2:] + again)
    assert documents(again) == ["doc2", "doc3"]


def test_an_article_killing_its_process_becomes_its_error_alone(workers_module):
    batch = articles([f"Talks number {n}." for n in range(4)])
    batch[2] = Article(document="crash2", text="The worker dies on this one.")
    with DaskExtractor.start(workers=2, batch_size=2, factory=workers_module.failing) as dask_:
        workers = set(dask_.client.scheduler_info()["workers"])
        outcomes = dask_.extract_batch(batch)
        after = dask_.extract_batch(articles(["The cluster works again."]))
        # The extraction process died, not the Dask worker that started it.
        assert set(dask_.client.scheduler_info()["workers"]) == workers
    assert documents(outcomes) == ["doc0", "doc1", "crash2", "doc3"]
    assert outcomes[2] == ArticleError(document="crash2", stage="extract", message=WORKER_DIED)
    assert all(isinstance(o, ExtractionResult) for o in outcomes[:2] + outcomes[3:] + after)


def test_a_scheduler_that_does_not_answer_says_so(monkeypatch):
    monkeypatch.setattr("pipeline.dask_extract.CONNECT_TIMEOUT", "1s")
    with pytest.raises(DaskClusterError, match="could not reach the Dask scheduler at "
                       "tcp://127.0.0.1:9"), DaskExtractor.start(address="tcp://127.0.0.1:9"):
        pass


def test_a_daemonic_worker_says_how_to_start_it(workers_module):
    from distributed import LocalCluster

    # Dask's default: workers are daemon processes, which may not have children.
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster, \
            pytest.raises(DaskClusterError, match="DASK_DISTRIBUTED__WORKER__DAEMON=False"), \
            DaskExtractor.start(address=cluster.scheduler_address,
                                factory=workers_module.failing):
        pass
