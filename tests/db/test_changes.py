"""The change log: what the writer logs, in which order, and the one-URL-one-story rule."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select, text

from db.changes import actor_key, current_seq, split_actor_key
from db.models import ChangeRow, DeletedEventRow, EventRow
from db.store import UnknownEventCodeError
from pipeline.model import Actor
from tests.db.uids import uid

SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")
HERRERA = Actor("Tomás Herrera", "person", "CHL", "President")
MARCH_2 = dt.date(2024, 3, 2)
URL = "https://news.example/story"


def _changes(engine: Engine, after: int = 0) -> list[tuple[str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(ChangeRow.entity, ChangeRow.key, ChangeRow.op)
            .where(ChangeRow.seq > after)
            .order_by(ChangeRow.seq)
        ).all()
    return [tuple(row) for row in rows]


def test_first_save_logs_the_article_its_actors_and_events(store, build_result, make_event):
    event = make_event("042", [(SWEDEN, "source"), (CHILE, "target")], day=MARCH_2)
    result = build_result("a.txt", [event])

    store.save(result)

    key = uid(result, event)
    assert sorted(_changes(store.engine)) == sorted(
        [
            ("article", result.article.content_hash, "upsert"),
            ("actor", "state:Sweden", "upsert"),
            ("actor", "state:Chile", "upsert"),
            ("event", key, "upsert"),
        ]
    )


def test_saving_the_same_result_again_logs_nothing(store, build_result, make_event):
    result = build_result("a.txt", [make_event("042", [(SWEDEN, "source")])])
    store.save(result)
    before = current_seq(store.engine)

    store.save(result)

    assert current_seq(store.engine) == before


def test_reextraction_logs_rewritten_events_and_deletions(store, build_result, make_event):
    kept = make_event("042", [(SWEDEN, "source"), (CHILE, "target")])
    dropped = make_event("111", [(SWEDEN, "source"), (CHILE, "target")])
    added = make_event("036", [(CHILE, "source"), (SWEDEN, "target")])
    first = build_result("a.txt", [kept, dropped], extractor_version="1.0")
    store.save(first)
    before = current_seq(store.engine)

    store.save(build_result("a.txt", [kept, added], extractor_version="2.0"))

    content_hash = first.article.content_hash
    assert sorted(_changes(store.engine, before)) == sorted(
        [
            ("article", content_hash, "upsert"),
            ("event", uid(first, kept), "upsert"),
            ("event", uid(first, added), "upsert"),
            ("event", uid(first, dropped), "delete"),
        ]
    )


def test_actor_that_gains_a_detail_is_logged_again(store, build_result, make_event):
    bare = Actor("Tomás Herrera", "person")
    store.save(build_result("a.txt", [make_event("042", [(bare, "source")])]))
    before = current_seq(store.engine)

    store.save(build_result("b.txt", [make_event("036", [(HERRERA, "source")])]))
    store.save(build_result("c.txt", [make_event("036", [(HERRERA, "source")])]))

    actor_changes = [change for change in _changes(store.engine, before) if change[0] == "actor"]
    assert actor_changes == [("actor", "person:Tomás Herrera", "upsert")]


def test_new_version_of_a_page_replaces_the_previous_versions_events(
    store, build_result, make_event
):
    old_event = make_event("042", [(SWEDEN, "source"), (CHILE, "target")])
    new_event = make_event("043", [(SWEDEN, "source"), (CHILE, "target")])
    first = build_result("a.html", [old_event], text="First wording.", url=URL)
    store.save(first)
    before = current_seq(store.engine)

    second = build_result("a.html", [new_event], text="Corrected wording.", url=URL)
    store.save(second)

    old_uid = uid(first, old_event)
    assert ("event", old_uid, "delete") in _changes(store.engine, before)
    with store.engine.connect() as connection:
        facts = connection.execute(text("SELECT code FROM event_facts")).scalars().all()
        tombstones = set(connection.scalars(select(DeletedEventRow.event_uid)))
        articles = connection.execute(text("SELECT COUNT(*) FROM articles")).scalar_one()
    assert facts == ["043"]
    assert tombstones == {old_uid}
    assert articles == 2  # the earlier version stays as history


def test_reextracting_an_earlier_version_of_a_page_writes_no_events(
    store, build_result, make_event
):
    event = make_event("042", [(SWEDEN, "source")])
    store.save(build_result("a.html", [event], text="First wording.", url=URL))
    store.save(build_result("a.html", [event], text="Corrected wording.", url=URL))

    outcome = store.save(
        build_result("a.html", [event], text="First wording.", url=URL, extractor_version="2.0")
    )

    with store.engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(EventRow)).scalar_one()
    assert (outcome.replaced, outcome.events, count) == (True, 0, 1)


def test_failed_save_logs_nothing(store, build_result, make_event):
    bad = build_result("a.txt", [make_event("999", [(SWEDEN, "source")])])
    with pytest.raises(UnknownEventCodeError):
        store.save(bad)
    assert current_seq(store.engine) == 0


def test_parallel_writers_get_distinct_increasing_sequence_numbers(engine, save_in_parallel):
    save_in_parallel([(HERRERA, "source"), (SWEDEN, "target")])

    with engine.connect() as connection:
        seqs = connection.scalars(select(ChangeRow.seq).order_by(ChangeRow.seq)).all()
        entities = connection.execute(
            select(ChangeRow.entity, func.count()).group_by(ChangeRow.entity)
        ).all()
    assert len(seqs) == len(set(seqs))
    assert dict(entities) == {"article": 20, "event": 20, "actor": 2}


@pytest.mark.parametrize(
    "name,kind",
    [("Sweden", "state"), ("Tomás Herrera", "person"), ("Côte d'Ivoire: Ministry", "organisation")],
)
def test_actor_key_round_trips_names_with_colons_and_accents(name, kind):
    assert split_actor_key(actor_key(name, kind)) == (name, kind)
