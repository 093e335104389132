"""Extraction on worker processes: the results of one process, in order, failures per article."""

from __future__ import annotations

import functools
import itertools
import os

import pytest

from pipeline.extract import Extractor
from pipeline.model import Article, ArticleError, ExtractionResult
from pipeline.nlp import SpacyModelError
from pipeline.parallel import (
    CHUNKS_PER_PROCESS,
    ONE_THREAD_ENVIRONMENT,
    WORKER_DIED,
    WORKER_NICENESS,
    ExtractorPool,
)

TEXTS = [
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday.",
    "China condemned the missile test by North Korea on Monday.",
    "The weather in Lisbon was mild.",
    "Japanese Prime Minister Fumio Kishida will visit India next month.",
    # Longer than the pieces below: extracted piece by piece in the worker.
    "\n\n".join(["Russia accused Ukraine of shelling the plant on Friday."] * 12),
]

def articles(texts: list[str], prefix: str = "doc") -> list[Article]:
    return [Article(document=f"{prefix}{n}", text=text) for n, text in enumerate(texts)]


def test_two_workers_give_the_results_of_one_process_in_input_order(nlp):
    batch = articles(TEXTS * 2)
    one = list(Extractor(nlp, batch_size=2, piece_chars=200).extract(batch))
    factory = functools.partial(Extractor, batch_size=2, piece_chars=200)
    with ExtractorPool(2, batch_size=2, factory=factory) as pool:
        two = list(pool.extract(batch))
        assert pool.extract_batch(batch[:3]) == one[:3]
    assert [result.article.document for result in two] == [a.document for a in batch]
    assert all(isinstance(result, ExtractionResult) for result in two)
    assert any(result.events for result in two)
    assert two == one


def test_an_article_failing_in_a_worker_becomes_its_error_and_the_rest_go_on(workers_module):
    batch = articles(["Talks went on.", "Talks broke down.", "Talks resumed."])
    batch[1] = Article(document="bad1", text=batch[1].text, url="https://example.com/bad")
    with ExtractorPool(2, batch_size=2, factory=workers_module.failing) as pool:
        results = list(pool.extract(batch))
    assert [type(r) for r in results] == [ExtractionResult, ArticleError, ExtractionResult]
    assert results[1] == ArticleError(
        document="bad1", stage="extract", url="https://example.com/bad",
        message="extraction failed: ValueError: this text breaks a rule",
    )


def test_workers_run_nicer_than_the_process_feeding_them(workers_module):
    with ExtractorPool(2, batch_size=2, factory=workers_module.telling_priority) as pool:
        results = list(pool.extract(articles(["Talks went on.", "Talks resumed."] * 4)))
    expected = min(os.nice(0) + WORKER_NICENESS, 19)  # 19: the nicest there is
    assert {result.article.title for result in results} == {str(expected)}
    assert os.nice(0) < expected


@pytest.mark.parametrize("setting,expected", [(None, "1"), ("3", "3")])
def test_workers_run_numeric_libraries_on_one_thread_unless_told(
    workers_module, monkeypatch, setting, expected
):
    for name in ONE_THREAD_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)  # restored after the test
    if setting:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", setting)
    with ExtractorPool(2, batch_size=2, factory=workers_module.telling_threads) as pool:
        results = list(pool.extract(articles(["Talks went on.", "Talks resumed."])))
    assert {result.article.title for result in results} == {expected}


def test_an_article_killing_its_worker_becomes_its_error_alone(workers_module):
    batch = articles([f"Talks number {n}." for n in range(5)])
    batch[2] = Article(document="crash2", text="The worker dies on this one.")
    with ExtractorPool(2, batch_size=2, factory=workers_module.failing) as pool:
        results = list(pool.extract(batch))
        after = list(pool.extract(articles(["The pool works again."])))
    assert [getattr(r, "document", None) or r.article.document for r in results] == [
        "doc0", "doc1", "crash2", "doc3", "doc4"]
    assert results[2] == ArticleError(document="crash2", stage="extract", message=WORKER_DIED)
    assert all(isinstance(r, ExtractionResult) for r in results[:2] + results[3:] + after)


def test_a_missing_model_in_the_workers_raises_its_how_to_fix_error(monkeypatch):
    monkeypatch.setenv("DIPEVENTS_SPACY_MODEL", "no_such_spacy_model_package")
    with ExtractorPool(2) as pool, pytest.raises(SpacyModelError, match="is not installed"):
        list(pool.extract(articles(["Talks went on."])))


def test_the_stream_is_read_lazily_a_few_chunks_ahead(workers_module):
    read = itertools.count()
    stream = (Article(document=f"doc{next(read)}", text="Talks went on.") for _ in range(200))
    with ExtractorPool(2, chunk_size=3, factory=workers_module.failing) as pool:
        first = next(pool.extract(stream))
        ahead = next(read)
    assert first.article.document == "doc0"
    assert ahead <= CHUNKS_PER_PROCESS * 2 * 3 + 3


def test_a_pool_needs_a_process():
    with pytest.raises(ValueError, match="at least 1"):
        ExtractorPool(0)
