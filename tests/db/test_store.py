"""Store: idempotent saves, atomic re-extraction, shared actors, errors, runs, cascades."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, delete, func, insert, select, text

from db import actor_rows
from db.models import (
    ActorAliasRow,
    ActorRow,
    ArticleRow,
    Base,
    DeletedEventRow,
    EventEvidenceRow,
    EventParticipantRow,
    EventRow,
    ExtractionRunRow,
    IngestionErrorRow,
)
from db.session import session_factory
from db.store import UnknownEventCodeError
from pipeline.model import Actor, ArticleError

LINDQVIST = Actor("Maria Lindqvist", "person", "SWE", "Foreign Minister")
HERRERA = Actor("Tomás Herrera", "person", "CHL", "President")
SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")
MARCH_2 = dt.date(2024, 3, 2)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def _uids(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(EventRow.event_uid)))


def _tombstones(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(DeletedEventRow.event_uid)))


def test_saving_the_same_result_twice_writes_nothing_new(store, build_result, make_event):
    visit = make_event("042", [(LINDQVIST, "source"), (CHILE, "target")], day=MARCH_2)
    result = build_result("a.txt", [visit], mentions=[(LINDQVIST, "Lindqvist")])

    first = store.save(result)
    counts = _counts(store.engine)
    second = store.save(result)

    assert (first.created, first.replaced, first.events) == (True, False, 1)
    assert (second.created, second.replaced, second.events) == (False, False, 0)
    assert second.article_id == first.article_id
    assert _counts(store.engine) == counts


def test_new_extractor_version_replaces_events_and_tombstones_the_lost(
    store, build_result, make_event
):
    kept = make_event("042", [(LINDQVIST, "source"), (CHILE, "target")], day=MARCH_2)
    dropped = make_event("111", [(SWEDEN, "source"), (CHILE, "target")])
    added = make_event("036", [(HERRERA, "source"), (SWEDEN, "target")])
    first = store.save(build_result("a.txt", [kept, dropped], extractor_version="1.0"))
    before = _uids(store.engine)

    outcome = store.save(build_result("a.txt", [kept, added], extractor_version="2.0"))

    after = _uids(store.engine)
    assert (outcome.article_id, outcome.created, outcome.replaced) == (
        first.article_id,
        False,
        True,
    )
    assert outcome.events == 2
    assert len(after) == 2 and len(before & after) == 1
    assert _tombstones(store.engine) == before - after
    with store.engine.connect() as connection:
        versions = set(connection.scalars(select(EventRow.extractor_version)))
        article_version = connection.scalar(select(ArticleRow.extractor_version))
    assert versions == {"2.0"} and article_version == "2.0"


def test_event_recreated_later_loses_its_tombstone(store, build_result, make_event):
    event = make_event("111", [(SWEDEN, "source"), (CHILE, "target")])
    store.save(build_result("a.txt", [event], extractor_version="1.0"))
    store.save(build_result("a.txt", [], extractor_version="2.0"))
    assert len(_tombstones(store.engine)) == 1

    store.save(build_result("a.txt", [event], extractor_version="3.0"))

    assert _tombstones(store.engine) == set()
    assert len(_uids(store.engine)) == 1


def test_unknown_event_code_writes_nothing(store, build_result, make_event):
    bad = make_event("999", [(SWEDEN, "source")])
    with pytest.raises(UnknownEventCodeError, match="'999'"):
        store.save(build_result("a.txt", [make_event("042", [(CHILE, "source")]), bad]))
    assert _counts(store.engine)["articles"] == 0


def test_actors_keep_one_id_across_articles_and_learn_aliases(store, build_result, make_event):
    partial = Actor("Tomás Herrera", "person", None, None)
    store.save(
        build_result(
            "a.txt",
            [make_event("042", [(partial, "source"), (SWEDEN, "target")])],
            mentions=[(partial, "Herrera"), (SWEDEN, "Stockholm")],
        )
    )
    store.save(
        build_result(
            "b.txt",
            [make_event("036", [(HERRERA, "source"), (SWEDEN, "target")])],
            mentions=[(HERRERA, "President  Herrera"), (HERRERA, "herrera")],
        )
    )
    with store.engine.connect() as connection:
        actors = connection.execute(select(ActorRow.name, ActorRow.country)).all()
        participant_actor_ids = connection.execute(
            select(EventParticipantRow.actor_id, func.count()).group_by(
                EventParticipantRow.actor_id
            )
        ).all()
        aliases = set(
            connection.execute(
                select(ActorRow.name, ActorAliasRow.alias).join(
                    ActorAliasRow, ActorAliasRow.actor_id == ActorRow.id
                )
            ).all()
        )
    assert sorted(actors) == [("Sweden", "SWE"), ("Tomás Herrera", "CHL")]
    assert sorted(count for _, count in participant_actor_ids) == [2, 2]
    assert aliases == {
        ("Tomás Herrera", "Tomás Herrera"),
        ("Tomás Herrera", "Herrera"),
        ("Tomás Herrera", "President Herrera"),
        ("Sweden", "Sweden"),
        ("Sweden", "Stockholm"),
    }


def test_changed_page_at_same_url_becomes_next_version(store, build_result):
    url = "https://news.example/story"
    first = store.save(build_result("a.txt", text="First wording.", url=url))
    second = store.save(build_result("a.txt", text="Second wording.", url=url))
    with store.engine.connect() as connection:
        versions = connection.execute(
            select(ArticleRow.id, ArticleRow.version).order_by(ArticleRow.version)
        ).all()
    assert second.created and second.replaced and second.article_id != first.article_id
    assert [version for _, version in versions] == [1, 2]


@pytest.mark.parametrize(
    "query,known",
    [
        ({"url": "https://news.example/a"}, True),
        ({"url": "https://news.example/other"}, False),
        ({"content_hash": "stored"}, True),
        ({"content_hash": "0" * 64}, False),
        ({"url": "https://news.example/a", "content_hash": "stored"}, True),
        ({"url": "https://news.example/other", "content_hash": "stored"}, False),
        ({"content_hash": "stored", "extractor_version": "1.0"}, True),
        ({"content_hash": "stored", "extractor_version": "2.0"}, False),
    ],
)
def test_is_known_by_url_and_content_hash(store, build_result, query, known):
    result = build_result("a.txt", url="https://news.example/a")
    store.save(result)
    if query.get("content_hash") == "stored":
        query = {**query, "content_hash": result.article.content_hash}
    assert store.is_known(**query) is known


def test_known_texts_are_those_stored_by_the_version_asked_for(store, build_result, monkeypatch):
    monkeypatch.setattr("db.store.KNOWN_TEXTS_PER_QUERY", 2)  # several queries
    stored = [build_result(f"{name}.txt") for name in "abc"]
    for result in stored:
        store.save(result)
    hashes = [result.article.content_hash for result in stored]
    assert len(set(hashes)) == 3
    asked = [*hashes, "0" * 64, hashes[0]]
    assert store.known_texts(asked, "1.0") == set(hashes)
    assert store.known_texts(asked, "2.0") == set()
    assert store.known_texts([], "1.0") == set()


def test_is_known_needs_a_key(store):
    with pytest.raises(ValueError, match="url or a content_hash"):
        store.is_known()


def test_recording_the_same_error_twice_keeps_one_row(store):
    run_id = store.start_run("ingest", "folder", "1.0")
    error = ArticleError("bad.html", "decode", "invalid start byte", url="https://x.example/b")
    store.record_error(error)
    store.record_error(error, run_id)
    store.record_error(ArticleError("bad.html", "decode", "another message"))
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(IngestionErrorRow.message, IngestionErrorRow.run_id).order_by(
                IngestionErrorRow.id
            )
        ).all()
    assert rows == [("invalid start byte", run_id), ("another message", None)]


def test_runs_record_start_and_finish(store):
    run_id = store.start_run("ingest", "seeds/", "1.0")
    store.finish_run(
        run_id, status="completed", articles_seen=5, articles_new=4, events_written=9, errors=1
    )
    with session_factory(store.engine)() as session:
        run = session.get(ExtractionRunRow, run_id)
    assert (run.status, run.articles_seen, run.articles_new, run.events_written, run.errors) == (
        "completed",
        5,
        4,
        9,
        1,
    )
    assert run.finished_at >= run.started_at and run.finished_at.tzinfo is not None


def test_finish_run_rejects_an_unknown_run(store):
    with pytest.raises(ValueError, match="no extraction run with id 987654"):
        store.finish_run(
            987654, status="completed", articles_seen=0, articles_new=0, events_written=0, errors=0
        )


def test_deleting_an_article_cascades_to_its_events(store, build_result, make_event):
    event = make_event("042", [(LINDQVIST, "source"), (CHILE, "target")], day=MARCH_2)
    kept = store.save(build_result("b.txt", [make_event("036", [(SWEDEN, "source")])]))
    gone = store.save(build_result("a.txt", [event]))
    with store.engine.begin() as connection:
        connection.execute(delete(ArticleRow).where(ArticleRow.id == gone.article_id))
    counts = _counts(store.engine)
    assert (counts["events"], counts["event_participants"], counts["event_evidence"]) == (1, 1, 1)
    assert counts["actors"] == 3  # actors are shared, never cascaded
    assert kept.article_id != gone.article_id


def test_repeated_event_in_one_article_is_one_row_with_all_evidence(
    store, build_result, make_event
):
    # Same code, participants, date and sentence (up to case and spacing): one event.
    participants = [(SWEDEN, "source"), (CHILE, "target")]
    first = make_event("111", participants, sentence="Sweden criticised Chile.", start_char=0)
    again = make_event("111", participants, sentence="SWEDEN  criticised\nChile.", start_char=40)
    outcome = store.save(build_result("a.txt", [first, again, first]))
    with store.engine.connect() as connection:
        sentence = connection.scalar(select(EventRow.sentence))
        evidence = connection.scalars(
            select(EventEvidenceRow.sentence).order_by(EventEvidenceRow.id)
        ).all()
    assert outcome.events == 1
    assert sentence == "Sweden criticised Chile."
    assert evidence == ["Sweden criticised Chile.", "SWEDEN  criticised\nChile."]


def test_same_event_stated_in_two_sentences_is_two_rows(store, build_result, make_event):
    # The extractor merges repeated mentions itself; what it keeps apart, the writer keeps.
    participants = [(SWEDEN, "source"), (CHILE, "target")]
    first = make_event("111", participants, sentence="Sweden criticised Chile.", start_char=0)
    other = make_event("111", participants, sentence="It criticised Chile again.", start_char=40)

    outcome = store.save(build_result("a.txt", [first, other]))

    assert outcome.events == 2 and len(_uids(store.engine)) == 2


def test_kept_event_with_its_participants_reordered_is_updated_in_place(
    store, build_result, make_event
):
    first = make_event("043", [(SWEDEN, "host"), (LINDQVIST, "visitor")], day=MARCH_2)
    again = make_event("043", [(LINDQVIST, "visitor"), (SWEDEN, "host")], day=MARCH_2)
    store.save(build_result("a.txt", [first], extractor_version="1.0"))
    before = _uids(store.engine)

    outcome = store.save(build_result("a.txt", [again], extractor_version="2.0"))

    with store.engine.connect() as connection:
        order = connection.execute(
            select(ActorRow.name, EventParticipantRow.role)
            .join(ActorRow, ActorRow.id == EventParticipantRow.actor_id)
            .order_by(EventParticipantRow.position)
        ).all()
    assert outcome.events == 1 and _uids(store.engine) == before
    assert [tuple(row) for row in order] == [("Maria Lindqvist", "visitor"), ("Sweden", "host")]
    assert _tombstones(store.engine) == set()


def test_event_rows_copy_the_cameo_reference_values(store, build_result, make_event):
    store.save(build_result("a.txt", [make_event("0233", [(SWEDEN, "source")])]))
    with store.engine.connect() as connection:
        copied = connection.execute(
            text(
                "SELECT e.root = c.root AND e.quad_class = c.quad_class "
                "AND e.goldstein = c.goldstein FROM events e JOIN cameo_codes c ON c.code = e.code"
            )
        ).scalar_one()
    assert copied


def test_timestamps_are_timezone_aware_utc(store, build_result):
    before = dt.datetime.now(dt.UTC)
    store.save(build_result("a.txt"))
    with session_factory(store.engine)() as session:
        article = session.scalars(select(ArticleRow)).one()
    assert article.ingested_at.tzinfo is not None
    assert article.ingested_at.utcoffset() == dt.timedelta(0)
    assert before - dt.timedelta(seconds=5) <= article.ingested_at <= dt.datetime.now(dt.UTC)


def test_parallel_writers_share_actors_without_errors(engine, save_in_parallel):
    # Prefect runs tasks in threads; each thread saves articles naming the same actors.
    save_in_parallel([(HERRERA, "source"), (SWEDEN, "target")])

    counts = _counts(engine)
    assert (counts["articles"], counts["events"], counts["actors"]) == (20, 20, 2)


def test_article_remembers_the_run_that_last_wrote_it(store, build_result):
    first_run = store.start_run("ingest", "folder", "1.0")
    second_run = store.start_run("ingest", "folder", "2.0")
    store.save(build_result("a.txt", extractor_version="1.0"), first_run)
    store.save(build_result("a.txt", extractor_version="1.0"), second_run)  # unchanged
    unchanged = _article_run(store.engine)
    store.save(build_result("a.txt", extractor_version="2.0"), second_run)
    assert (unchanged, _article_run(store.engine)) == (first_run, second_run)


def _article_run(engine: Engine) -> int | None:
    with engine.connect() as connection:
        return connection.scalar(select(ArticleRow.run_id))


def test_reextracting_a_text_seen_at_another_url_keeps_the_first_url(store, build_result):
    text = "Syndicated wording."
    store.save(build_result("a.txt", text=text, url="https://one.example/a"))
    store.save(build_result("b.txt", text="Other wording.", url="https://two.example/b"))
    outcome = store.save(
        build_result("b.txt", text=text, url="https://two.example/b", extractor_version="2.0")
    )
    with store.engine.connect() as connection:
        urls = connection.execute(
            select(ArticleRow.url, ArticleRow.version).order_by(ArticleRow.id)
        ).all()
    assert outcome.replaced
    assert urls == [("https://one.example/a", 1), ("https://two.example/b", 1)]


def test_an_actor_another_writer_inserts_after_the_lookup_is_shared(
    store, build_result, make_event, monkeypatch
):
    if store.engine.dialect.name == "sqlite":
        pytest.skip("SQLite writers wait for each other: none can insert in between")
    insert_actors = actor_rows._insert_actors

    def after_another_writer(session, new):  # noqa: ANN001, ANN202 - a test double
        if new:  # the article's actors were looked up; another writer commits Sweden now
            with store.engine.begin() as connection:
                connection.execute(
                    insert(ActorRow).values(name="Sweden", kind="state", country="SWE")
                )
        return insert_actors(session, new)

    monkeypatch.setattr(actor_rows, "_insert_actors", after_another_writer)
    visit = make_event("042", [(HERRERA, "source"), (SWEDEN, "target")], day=MARCH_2)
    outcome = store.save(build_result("a.txt", [visit], mentions=[(SWEDEN, "Stockholm")]))

    assert outcome.events == 1
    with store.engine.connect() as connection:
        actors = sorted(connection.execute(select(ActorRow.name, ActorRow.kind)).tuples())
        participants = connection.execute(
            select(ActorRow.name).join(EventParticipantRow).order_by(EventParticipantRow.position)
        ).scalars().all()
        aliases = set(connection.execute(select(ActorAliasRow.alias)).scalars())
    assert actors == [("Sweden", "state"), ("Tomás Herrera", "person")]
    assert participants == ["Tomás Herrera", "Sweden"]
    assert {"Sweden", "Stockholm", "Tomás Herrera"} <= aliases
