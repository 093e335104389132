"""The ingest flow on a Dask cluster stores what a serial run stores, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.migrate import upgrade
from db.models import ActorRow, ArticleRow, EventParticipantRow, EventRow
from db.session import make_engine
from flows.ingest import ingest_flow
from pipeline.dask_extract import check_settings

from .conftest import GOOD_HTML, GOOD_TEXT

ARTICLES = {
    "a-berlin.txt": GOOD_TEXT,
    "b-tokyo.html": GOOD_HTML,
    "c-seoul.txt": (
        "South Korean President Lee Jae-myung visited Washington on Monday and met US "
        "President Donald Trump at the White House to discuss tariffs."
    ),
    "d-cairo.txt": (
        "Egypt's foreign minister criticized Israel on Sunday and called for an immediate "
        "ceasefire in Gaza, the ministry said in a statement."
    ),
    "e-empty.txt": "",
    "f-paris.txt": (
        "China and France signed a trade agreement in Paris on Wednesday, and Beijing invited "
        "the French president to visit China next year."
    ),
}


def stored_rows(url: str) -> dict[str, list[tuple]]:
    """Return the articles, events and participants of a database, in id order."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            articles = [
                (row.id, row.document, row.content_hash, row.url, row.published)
                for row in session.scalars(select(ArticleRow).order_by(ArticleRow.id))
            ]
            events = [
                (row.article_id, row.event_uid, row.code, row.date_value, row.modality,
                 row.sentence)
                for row in session.scalars(select(EventRow).order_by(EventRow.event_uid))
            ]
            participants = sorted(
                (event_uid, name, role, position)
                for event_uid, name, role, position in session.execute(
                    select(EventRow.event_uid, ActorRow.name, EventParticipantRow.role,
                           EventParticipantRow.position)
                    .join(EventParticipantRow, EventParticipantRow.event_id == EventRow.id)
                    .join(ActorRow, ActorRow.id == EventParticipantRow.actor_id)
                )
            )
    finally:
        engine.dispose()
    return {"articles": articles, "events": events, "participants": participants}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def new_database(path: Path) -> str:
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


@pytest.mark.usefixtures("prefect_harness")
def test_a_local_dask_cluster_stores_the_same_rows_as_a_serial_run(corpus, tmp_path):
    serial_url = new_database(tmp_path / "serial.db")
    dask_url = new_database(tmp_path / "dask.db")
    serial = ingest_flow(str(corpus), database_url=serial_url, batch_size=1)
    # One article a batch: several batches are extracting at once on the two workers.
    parallel = ingest_flow(str(corpus), database_url=dask_url, batch_size=1, workers=2)
    assert (parallel.articles_seen, parallel.articles_new, parallel.events) == (
        serial.articles_seen, serial.articles_new, serial.events,
    )
    assert [e.document for e in parallel.errors] == [e.document for e in serial.errors]
    assert serial.articles_new == 5 and serial.events > 0
    expected = stored_rows(serial_url)
    assert stored_rows(dask_url) == expected
    assert all(expected.values())


@pytest.mark.parametrize(
    "workers,address,message",
    [(2, "tcp://127.0.0.1:8786", "not both"), (0, None, "at least 1")],
)
def test_dask_settings_are_checked(workers, address, message):
    with pytest.raises(ValueError, match=message):
        check_settings(workers, address)


@pytest.mark.parametrize("workers,address,asked", [
    (None, None, False), (2, None, True), (None, "tcp://127.0.0.1:8786", True),
])
def test_a_cluster_is_asked_for_by_workers_or_an_address(workers, address, asked):
    assert check_settings(workers, address) is asked
