"""The ingest flow: articles stored once, bad input recorded as errors, counts reported."""

from __future__ import annotations

import pytest
from prefect.logging import disable_run_logger
from sqlalchemy import func, select

from db.models import ArticleRow, EventRow, ExtractionRunRow, IngestionErrorRow
from db.session import make_engine
from db.store import Store
from flows.ingest import (
    batched,
    clean_batch,
    ingest_flow,
    record_errors,
    report_progress,
    skip_known,
)
from pipeline.clean import to_article
from pipeline.model import ArticleError, RawArticle

from .conftest import GOOD_TEXT


def row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                row.__tablename__: connection.scalar(select(func.count()).select_from(row))
                for row in (ArticleRow, EventRow, IngestionErrorRow)
            }
    finally:
        engine.dispose()


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_stores_articles_and_their_events(good_folder, database_url):
    summary = ingest_flow(str(good_folder), database_url=database_url)
    counts = row_counts(database_url)
    assert (summary.articles_seen, summary.articles_new, summary.errors) == (2, 2, [])
    assert summary.events > 0
    assert counts["articles"] == 2 and counts["events"] == summary.events


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_twice_adds_nothing(good_folder, database_url):
    first = ingest_flow(str(good_folder), database_url=database_url)
    before = row_counts(database_url)
    second = ingest_flow(str(good_folder), database_url=database_url)
    assert row_counts(database_url) == before
    assert (second.articles_seen, second.articles_new, second.articles_unchanged) == (2, 0, 2)
    assert second.events == 0 and first.events == before["events"]


@pytest.mark.usefixtures("prefect_harness", "locked_files")
def test_ingest_records_an_error_per_bad_file_and_stores_the_others(mixed_folder, database_url):
    summary = ingest_flow(str(mixed_folder), database_url=database_url, batch_size=2)
    errors = {error.document: error for error in summary.errors}
    assert set(errors) == {"empty.txt", "image.txt", "latin1.txt", "locked.txt"}
    assert (errors["empty.txt"].stage, errors["locked.txt"].stage) == ("decode", "read")
    assert "empty" in errors["empty.txt"].message
    assert "binary" in errors["image.txt"].message
    assert "not UTF-8" in errors["latin1.txt"].message
    assert "Permission denied" in errors["locked.txt"].message
    assert (summary.articles_seen, summary.articles_new) == (6, 2)
    assert row_counts(database_url)["ingestion_errors"] == 4
    assert row_counts(database_url)["articles"] == 2


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_records_the_run_with_its_counts(good_folder, database_url):
    summary = ingest_flow(str(good_folder), database_url=database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            run = connection.execute(select(ExtractionRunRow)).one()
    finally:
        engine.dispose()
    assert run.id == summary.run_id
    assert (run.status, run.articles_seen, run.articles_new, run.events_written, run.errors) == (
        "completed", 2, 2, summary.events, 0,
    )


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_reports_progress_after_each_batch(good_folder, database_url):
    seen: list[int] = []
    with report_progress(lambda summary: seen.append(summary.articles_seen)):
        ingest_flow(str(good_folder), database_url=database_url, batch_size=1)
    assert seen == [1, 2]


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_refuses_a_database_without_the_schema(good_folder, tmp_path):
    from db.migrate import SchemaNotCurrentError

    with pytest.raises(SchemaNotCurrentError, match="dipevents db upgrade"):
        ingest_flow(str(good_folder), database_url=f"sqlite:///{tmp_path / 'new.db'}")


def test_clean_batch_turns_bad_input_into_errors_without_stopping():
    items = [
        RawArticle(document="good.txt", content=GOOD_TEXT),
        RawArticle(document="empty.txt", content=b""),
        ArticleError(document="gone.txt", stage="read", message="cannot read"),
        RawArticle(document="good2.txt", content=GOOD_TEXT + "\n\nOne more sentence."),
    ]
    articles, errors = clean_batch.fn(items)
    assert [a.document for a in articles] == ["good.txt", "good2.txt"]
    assert [(e.document, e.stage) for e in errors] == [
        ("empty.txt", "decode"), ("gone.txt", "read"),
    ]


def test_skip_known_drops_stored_texts_and_repeats_within_the_batch(database_url):
    from pipeline.extract import Extractor

    stored = to_article(RawArticle(document="a.txt", content=GOOD_TEXT))
    store = Store(make_engine(database_url))
    store.save(next(iter(Extractor().extract([stored]))))
    fresh = to_article(RawArticle(document="b.txt", content=GOOD_TEXT + "\n\nMore text here."))
    copy = to_article(RawArticle(document="c.txt", content=GOOD_TEXT + "\n\nMore text here."))
    articles, skipped = skip_known.fn(store, [stored, fresh, copy])
    assert [a.document for a in articles] == ["b.txt"]
    assert skipped == 2


def test_skip_known_extracts_again_texts_stored_by_an_older_extractor(database_url):
    from dataclasses import replace

    from pipeline.extract import Extractor

    article = to_article(RawArticle(document="a.txt", content=GOOD_TEXT))
    store = Store(make_engine(database_url))
    result = next(iter(Extractor().extract([article])))
    store.save(replace(result, extractor_version="0.0.0-old"))
    articles, skipped = skip_known.fn(store, [article])
    assert ([a.document for a in articles], skipped) == (["a.txt"], 0)


def test_record_errors_stores_one_row_per_error(database_url):
    store = Store(make_engine(database_url))
    errors = [
        ArticleError(document="a.txt", stage="decode", message="input is empty"),
        ArticleError(document="b.txt", stage="read", message="cannot read b.txt"),
    ]
    with disable_run_logger():
        record_errors.fn(store, errors, store.start_run("ingest", "test", "0"))
    assert row_counts(database_url)["ingestion_errors"] == 2


@pytest.mark.parametrize(
    "size,expected",
    [(2, [[0, 1], [2, 3], [4]]), (5, [[0, 1, 2, 3, 4]]), (10, [[0, 1, 2, 3, 4]])],
)
def test_batched_splits_a_stream_into_lists(size, expected):
    assert list(batched(iter(range(5)), size)) == expected


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_database_url(request, database_url):
    """A migrated SQLite database, then a throwaway PostgreSQL one (skipped when unreachable)."""
    if request.param == "sqlite":
        yield database_url
        return
    from db.migrate import upgrade
    from tests.db.servers import postgres_server_url, throwaway_database, unreachable_reason

    reason = unreachable_reason(postgres_server_url())
    if reason:
        pytest.skip(reason)
    with throwaway_database(postgres_server_url()) as url:
        upgrade(url)
        yield url


@pytest.mark.usefixtures("prefect_harness")
def test_no_article_stops_a_run_each_failure_is_an_error_row(any_database_url, tmp_path,
                                                            nlp, monkeypatch):
    import json

    # A text the spaCy model refuses (its length limit lowered to keep the test fast).
    monkeypatch.setattr(nlp, "max_length", 2_000)
    records = [
        {"id": "good", "text": GOOD_TEXT},
        {"id": "n\x00ul", "title": "Ti\x00tle", "text": GOOD_TEXT + "\n\nA NUL was in the id."},
        {"id": "d" * 600, "text": GOOD_TEXT + "\n\nIts id is too long."},
        {"id": "long-url", "url": "https://example.com/" + "u" * 700,
         "text": GOOD_TEXT + "\n\nIts URL is too long."},
        {"id": "huge", "text": "\n\n".join(
            f"Paragraph {chr(97 + n // 26)}{chr(97 + n % 26)} of the report on the talks."
            for n in range(100)
        )},
        {"id": "last", "text": GOOD_TEXT + "\n\nThe last article."},
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    summary = ingest_flow(str(source), database_url=any_database_url, batch_size=3)

    errors = {error.document[:8]: error for error in summary.errors}
    assert set(errors) == {"d" * 8, "long-url", "huge"}
    assert errors["d" * 8].message.startswith("could not save: the document id is 600 characters")
    assert errors["long-url"].message.startswith("could not save: the URL is 720 characters")
    assert errors["huge"].stage == "extract" and "[E088]" in errors["huge"].message
    assert (summary.articles_seen, summary.articles_new) == (6, 3)
    engine = make_engine(any_database_url)
    try:
        with engine.connect() as connection:
            documents = set(connection.scalars(select(ArticleRow.document)))
            stored = connection.execute(select(IngestionErrorRow)).all()
            status = connection.scalar(select(ExtractionRunRow.status))
    finally:
        engine.dispose()
    assert documents == {"good", "nul", "last"}
    assert len(stored) == 3 and max(len(row.document) for row in stored) == 512
    assert status == "completed"
