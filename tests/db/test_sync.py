"""Sync into another database: first copy, nothing twice, re-extraction, deletions, resume.

Sources are the migrated SQLite and PostgreSQL databases of the `engine` fixture; targets are
a fresh SQLite file and throwaway PostgreSQL and MariaDB databases.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Float, Numeric, func, inspect, select, text

import db.sync
from db.models import CameoCodeRow, EventRow
from db.session import make_engine
from db.store import Store
from db.sync import (
    LAYOUT_VERSION,
    SyncError,
    SyncReport,
    dip_actors,
    dip_articles,
    dip_event_participants,
    dip_events,
    dip_sync_state,
    sync,
    target_metadata,
)
from pipeline.model import Actor
from tests.db import edited_article
from tests.db.servers import throwaway_database
from tests.db.uids import uid

SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")
PERU = Actor("Peru", "state", "PER")
HERRERA = Actor("Tomás Herrera", "person", "CHL", "President")
MARCH_2 = dt.date(2024, 3, 2)

TARGETS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]
COPIED = (dip_articles, dip_actors, dip_events, dip_event_participants)


@pytest.fixture(params=TARGETS)
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty target database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'target.db'}"
        return
    server = request.getfixturevalue(f"{request.param}_server")
    with throwaway_database(server, prefix="dipevents_target") as url:
        yield url


@pytest.fixture
def second_target_url(
    request: pytest.FixtureRequest, target_url: str, tmp_path: Path
) -> Iterator[str]:
    """Another empty database on the same kind of server as `target_url`."""
    if target_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    kind = "postgres" if target_url.startswith("postgresql") else "mariadb"
    with throwaway_database(request.getfixturevalue(f"{kind}_server"), "dipevents_target") as url:
        yield url


def _snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every copied row by table, without the copy time (which differs between runs)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            snapshot = {}
            for table in COPIED:
                columns = [c for c in table.columns if c.name != "synced_at"]
                rows = connection.execute(select(*columns)).all()
                snapshot[table.name] = sorted(tuple(row) for row in rows)
            return snapshot
    finally:
        engine.dispose()


def _uids(url: str) -> set[str]:
    return {row[0] for row in _snapshot(url)["dip_events"]}


def _source_uids(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(EventRow.event_uid)))


@pytest.fixture
def stored(store, build_result, make_event):
    """Three articles with four events, five actors; returns the results by document."""
    results = {
        "a.txt": build_result(
            "a.txt",
            [
                make_event("042", [(HERRERA, "source"), (SWEDEN, "target")], day=MARCH_2),
                make_event("111", [(SWEDEN, "source"), (CHILE, "target")]),
            ],
        ),
        "b.txt": build_result("b.txt", [make_event("036", [(PERU, "source"), (CHILE, "target")])]),
        "c.txt": build_result(
            "c.txt",
            [make_event("0233", [(Actor("Ana Ruiz", "person", "PER"), "source")])],
            url="https://news.example/c",
        ),
    }
    for result in results.values():
        store.save(result)
    return results


def test_first_sync_copies_everything_and_the_second_nothing(engine, stored, target_url):
    first = sync(engine, target_url)
    second = sync(engine, target_url)

    snapshot = _snapshot(target_url)
    assert {row[0] for row in snapshot["dip_events"]} == _source_uids(engine)
    assert len(snapshot["dip_articles"]) == 3
    assert len(snapshot["dip_actors"]) == 5
    assert len(snapshot["dip_event_participants"]) == 7
    assert first.upserted == {
        "dip_articles": 3,
        "dip_actors": 5,
        "dip_events": 4,
        "dip_event_participants": 7,
    }
    assert first.end_seq == first.source_seq > 0
    assert (second.changes, second.batches, second.start_seq) == (0, 0, first.end_seq)


def test_copied_event_keeps_its_values_and_participants(
    engine, store, build_result, make_event, target_url
):
    event = make_event("042", [(HERRERA, "source"), (SWEDEN, "target")], day=MARCH_2)
    result = build_result("a.txt", [event])
    store.save(result)

    sync(engine, target_url)

    target = make_engine(target_url)
    with target.connect() as connection:
        row = connection.execute(select(dip_events)).one()
        participants = connection.execute(
            select(
                dip_event_participants.c.actor_key,
                dip_event_participants.c.role,
                dip_event_participants.c.position,
            ).order_by(dip_event_participants.c.position)
        ).all()
        herrera = connection.execute(
            select(dip_actors).where(dip_actors.c.actor_key == "person:Tomás Herrera")
        ).one()
    target.dispose()
    assert row.event_uid == uid(result, event)
    assert row.content_hash == result.article.content_hash
    with engine.connect() as connection:
        cameo_name = connection.scalar(select(CameoCodeRow.name).where(CameoCodeRow.code == "042"))
    assert (row.code, row.root, row.date_start, row.cameo_name) == (
        "042",
        "04",
        MARCH_2,
        cameo_name,
    )
    assert row.updated_at.tzinfo is not None
    assert [tuple(p) for p in participants] == [
        ("person:Tomás Herrera", "source", 0),
        ("state:Sweden", "target", 1),
    ]
    assert (herrera.name, herrera.country, herrera.office) == ("Tomás Herrera", "CHL", "President")


def test_reextracted_article_moves_exactly_its_events_and_deletions(
    engine, store, stored, build_result, make_event, target_url
):
    sync(engine, target_url)
    before = _uids(target_url)
    kept = stored["a.txt"].events[0]
    added = make_event("057", [(SWEDEN, "source"), (HERRERA, "target")])

    store.save(build_result("a.txt", [kept, added], extractor_version="2.0"))
    report = sync(engine, target_url)

    dropped = uid(stored["a.txt"], stored["a.txt"].events[1])
    assert report.upserted == {"dip_articles": 1, "dip_events": 2, "dip_event_participants": 4}
    assert report.deleted == {"dip_events": 1, "dip_event_participants": 2}
    assert _uids(target_url) == _source_uids(engine)
    assert _uids(target_url) == (before - {dropped}) | {uid(stored["a.txt"], added)}


def test_new_page_version_deletes_the_old_versions_events_in_the_target(
    engine, store, stored, build_result, make_event, target_url
):
    sync(engine, target_url)
    old = stored["c.txt"]
    new = build_result(
        "c.txt",
        [make_event("043", [(SWEDEN, "source")])],
        text="Corrected text of c.",
        url=old.article.url,
    )

    store.save(new)
    report = sync(engine, target_url)

    assert report.deleted == {"dip_events": 1, "dip_event_participants": 1}
    assert _uids(target_url) == _source_uids(engine)
    assert len(_snapshot(target_url)["dip_articles"]) == 4


def test_edited_page_updates_its_kept_events_in_the_target_in_place(
    engine, store, target_url, second_target_url
):
    first, _ = edited_article.version(1)
    second, events = edited_article.version(2)
    store.save(first)
    sync(engine, target_url)
    before = {row[0]: row for row in _snapshot(target_url)["dip_events"]}

    store.save(second)
    report = sync(engine, target_url)

    after = {row[0]: row for row in _snapshot(target_url)["dip_events"]}
    kept = before.keys() & after.keys()
    created_at = [c.name for c in dip_events.columns].index("created_at")
    assert len(kept) == 4
    assert all(after[key][created_at] == before[key][created_at] for key in kept)
    # Four kept events updated in place and one inserted; only the removed event is deleted.
    assert report.upserted["dip_events"] == 5
    assert report.deleted == {"dip_events": 1, "dip_event_participants": 2}
    assert uid(second, events[edited_article.ADDED]) in after
    sync(engine, second_target_url)  # a fresh copy of the source as it is now
    assert _snapshot(target_url) == _snapshot(second_target_url)


def _fail_after_first_batch(report: SyncReport) -> None:
    raise RuntimeError("connection lost")


def _fail_in_the_second_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"batches": 0}
    real_apply = db.sync._apply

    def flaky_apply(name, pending, source, target, now):
        if name == "articles":
            calls["batches"] += 1
        if calls["batches"] == 2 and name == "events":
            raise RuntimeError("disk full")  # after articles were written in this batch
        return real_apply(name, pending, source, target, now)

    monkeypatch.setattr(db.sync, "_apply", flaky_apply)


@pytest.mark.parametrize("failure", ["progress callback", "writer mid-batch"])
def test_resume_after_a_failure_gives_the_same_rows_as_one_run(
    engine, stored, target_url, second_target_url, monkeypatch, failure
):
    sync(engine, second_target_url, batch_size=3)  # uninterrupted reference

    with monkeypatch.context() as patch:
        if failure == "progress callback":
            kwargs: dict[str, Any] = {"progress": _fail_after_first_batch}
        else:
            _fail_in_the_second_batch(patch)
            kwargs = {}
        with pytest.raises(RuntimeError):
            sync(engine, target_url, batch_size=3, **kwargs)
    partial = _snapshot(target_url)
    resumed = sync(engine, target_url, batch_size=3)

    assert 0 < resumed.start_seq < resumed.source_seq
    assert sum(len(rows) for rows in partial.values()) > 0
    assert _snapshot(target_url) == _snapshot(second_target_url)


def test_two_targets_keep_their_own_watermarks(
    engine, store, stored, build_result, make_event, target_url, second_target_url
):
    sync(engine, target_url)
    store.save(build_result("d.txt", [make_event("042", [(PERU, "source")])]))

    first = sync(engine, second_target_url)
    second = sync(engine, target_url)

    assert first.upserted["dip_events"] == 5
    assert second.upserted["dip_events"] == 1
    assert _snapshot(target_url) == _snapshot(second_target_url)


def test_tables_option_copies_only_the_named_tables(engine, stored, tmp_path):
    url = f"sqlite:///{tmp_path / 'target.db'}"

    events_only = sync(engine, url, tables=["events"])
    later_articles = sync(engine, url, tables=["articles"])
    again = sync(engine, url)

    assert set(events_only.upserted) == {"dip_events", "dip_event_participants"}
    assert set(later_articles.upserted) == {"dip_articles"}
    assert set(again.upserted) == {"dip_actors"}  # the one table not copied yet
    snapshot = _snapshot(url)
    assert [len(snapshot[t.name]) for t in COPIED] == [3, 5, 4, 7]


@pytest.mark.parametrize(
    "tables,message",
    [
        (["participants"], "cannot sync 'participants': choose from articles, actors, events"),
        (["events", "dip_events"], "cannot sync 'dip_events'"),
        ([], "cannot sync no tables"),
    ],
)
def test_unknown_table_names_are_refused(engine, tmp_path, tables, message):
    with pytest.raises(ValueError, match=message):
        sync(engine, f"sqlite:///{tmp_path / 'target.db'}", tables=tables)


def test_target_filled_from_another_source_is_refused(engine, stored, tmp_path):
    url = f"sqlite:///{tmp_path / 'target.db'}"
    sync(engine, url)
    target = make_engine(url)
    with target.begin() as connection:
        connection.execute(dip_sync_state.update().values(last_seq=10**9))
    target.dispose()

    with pytest.raises(SyncError, match="ahead of the source's last change"):
        sync(engine, url)


def test_target_with_another_layout_version_is_refused(engine, tmp_path):
    url = f"sqlite:///{tmp_path / 'target.db'}"
    sync(engine, url)
    target = make_engine(url)
    with target.begin() as connection:
        connection.execute(dip_sync_state.update().values(layout_version=LAYOUT_VERSION + 1))
    target.dispose()

    with pytest.raises(SyncError, match="layout version"):
        sync(engine, url)


def test_sync_creates_its_tables_beside_the_targets_own(engine, stored, tmp_path):
    url = f"sqlite:///{tmp_path / 'target.db'}"
    target = make_engine(url)
    with target.begin() as connection:
        connection.execute(text("CREATE TABLE their_table (id INTEGER PRIMARY KEY)"))
    target.dispose()

    sync(engine, url)
    sync(engine, url)

    target = make_engine(url)
    with target.connect() as connection:
        names = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))
        states = connection.execute(select(func.count()).select_from(dip_sync_state)).scalar()
    target.dispose()
    assert names == {"their_table", *target_metadata.tables}
    assert states == 3


def test_progress_is_reported_after_every_batch(engine, stored, tmp_path):
    seen: list[SyncReport] = []

    report = sync(engine, f"sqlite:///{tmp_path / 'target.db'}", batch_size=4, progress=seen.append)

    assert [r.batches for r in seen] == list(range(1, report.batches + 1))
    assert [r.end_seq for r in seen] == sorted(r.end_seq for r in seen)
    assert seen[-1] == report and report.batches > 1


def test_sync_into_a_store_written_concurrently_misses_nothing(
    engine, stored, build_result, make_event, tmp_path
):
    url = f"sqlite:///{tmp_path / 'target.db'}"
    writer = Store(engine)

    def write_more(report: SyncReport) -> None:
        index = report.batches
        writer.save(build_result(f"late-{index}.txt", [make_event("042", [(PERU, "source")])]))

    sync(engine, url, batch_size=2, progress=write_more)
    sync(engine, url)

    assert _uids(url) == _source_uids(engine)


def test_goldstein_is_an_exact_decimal_in_every_target(engine, stored, target_url):
    sync(engine, target_url)

    with engine.connect() as connection:
        expected = {
            uid: Decimal(repr(goldstein)).quantize(Decimal("0.1"))
            for uid, goldstein in connection.execute(select(EventRow.event_uid, EventRow.goldstein))
        }
    target = make_engine(target_url)
    try:
        with target.connect() as connection:
            copied = dict(
                connection.execute(select(dip_events.c.event_uid, dip_events.c.goldstein))
                .tuples()
                .all()
            )
            text_values = (
                connection.execute(text("SELECT goldstein FROM dip_events")).scalars().all()
            )
            column = {c["name"]: c for c in inspect(target).get_columns("dip_events")}
    finally:
        target.dispose()
    assert copied == expected
    assert all(isinstance(value, Decimal) for value in copied.values())
    if not target_url.startswith("sqlite"):  # the server itself stores a decimal
        assert all(isinstance(value, Decimal) for value in text_values)
        assert isinstance(column["goldstein"]["type"], Numeric)
        assert column["goldstein"]["type"].scale == 1


def test_a_layout_1_target_with_float_goldstein_is_upgraded(engine, stored, target_url):
    sync(engine, target_url)
    target = make_engine(target_url)
    try:
        with target.begin() as connection:  # what sync created before layout 2
            if target.dialect.name == "postgresql":
                connection.exec_driver_sql(
                    "ALTER TABLE dip_events ALTER COLUMN goldstein TYPE REAL"
                )
            elif target.dialect.name != "sqlite":
                connection.exec_driver_sql("ALTER TABLE dip_events MODIFY goldstein FLOAT NOT NULL")
            connection.execute(dip_sync_state.update().values(layout_version=1))
        before = _snapshot(target_url)

        report = sync(engine, target_url)

        with target.connect() as connection:
            versions = set(connection.scalars(select(dip_sync_state.c.layout_version)))
            column = {c["name"]: c for c in inspect(target).get_columns("dip_events")}
    finally:
        target.dispose()
    assert report.changes == 0
    assert versions == {LAYOUT_VERSION}
    after = _snapshot(target_url)
    at = [c.name for c in dip_events.columns if c.name != "synced_at"].index("goldstein")
    assert [row[:at] + row[at + 1 :] for row in after["dip_events"]] == [
        row[:at] + row[at + 1 :] for row in before["dip_events"]
    ]
    assert [row[at] for row in after["dip_events"]] == [
        Decimal(repr(float(row[at]))).quantize(Decimal("0.1")) for row in before["dip_events"]
    ]
    if target_url.startswith("sqlite"):
        return
    assert isinstance(column["goldstein"]["type"], Numeric)
    assert not isinstance(column["goldstein"]["type"], Float)


def test_sync_counts_only_rows_it_deleted(
    engine, store, stored, build_result, make_event, target_url
):
    sync(engine, target_url)
    brief = make_event("057", [(SWEDEN, "source"), (PERU, "target")])
    store.save(build_result("d.txt", [brief], extractor_version="1.0"))
    store.save(build_result("d.txt", [], extractor_version="2.0"))  # gone before any sync
    kept = stored["b.txt"].events[0]
    store.save(build_result("b.txt", [], extractor_version="2.0"))  # one copied event goes

    report = sync(engine, target_url)

    assert report.deleted == {"dip_events": 1, "dip_event_participants": 2}
    assert uid(stored["b.txt"], kept) not in _uids(target_url)


def test_sync_command_prints_what_it_wrote_and_deleted(
    engine, store, stored, build_result, tmp_path
):
    from typer.testing import CliRunner

    from flows.cli import app

    target = f"sqlite:///{tmp_path / 'copy.db'}"
    source = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    assert runner.invoke(app, ["sync", "--to", target, "--db", source]).exit_code == 0
    store.save(build_result("b.txt", [], extractor_version="2.0"))

    result = runner.invoke(app, ["sync", "--to", target, "--db", source])

    assert result.exit_code == 0, result.output
    assert re.search(r"dip_events\s*│\s*0\s*│\s*1", result.stdout), result.stdout
    assert result.stdout.endswith("1 rows written, 3 rows deleted.\n")
    again = runner.invoke(app, ["sync", "--to", target, "--db", source])
    assert "nothing copied, nothing deleted" in again.stdout


def test_a_layout_2_target_gets_the_index_on_actor_key(engine, stored, target_url):
    sync(engine, target_url)
    target = make_engine(target_url)
    try:
        with target.begin() as connection:  # what sync created before layout 3
            for index in dip_event_participants.indexes:
                index.drop(connection)
            connection.execute(dip_sync_state.update().values(layout_version=2))

        report = sync(engine, target_url)

        indexes = inspect(target).get_indexes("dip_event_participants")
        with target.connect() as connection:
            versions = set(connection.scalars(select(dip_sync_state.c.layout_version)))
    finally:
        target.dispose()
    assert report.changes == 0
    assert versions == {LAYOUT_VERSION} == {4}
    assert ["actor_key"] in [index["column_names"] for index in indexes]


def test_a_layout_3_target_gets_places_happenings_and_sides(engine, stored, target_url):
    sync(engine, target_url)
    target = make_engine(target_url)
    try:
        with target.begin() as connection:  # what sync created before layout 4
            for name in ("location_region", "location_precision", "happening_id"):
                connection.exec_driver_sql(f"ALTER TABLE dip_events DROP COLUMN {name}")
            connection.exec_driver_sql("ALTER TABLE dip_event_participants DROP COLUMN side")
            connection.execute(dip_sync_state.update().values(layout_version=3))

        sync(engine, target_url)

        with target.connect() as connection:
            copied = connection.execute(
                select(dip_events.c.event_uid, dip_events.c.happening_id)
            ).tuples().all()
            sides = set(connection.scalars(select(dip_event_participants.c.side)))
    finally:
        target.dispose()
    with engine.connect() as connection:
        expected = connection.execute(
            text("SELECT event_uid, happening_id FROM events")
        ).tuples().all()
    assert sorted(copied) == sorted(expected)
    assert None not in dict(copied).values()
    assert {"source", "target"} <= sides


def test_re_extraction_replaces_an_event_and_rewrites_a_kept_one_once(
    engine, store, stored, build_result, make_event, target_url
):
    sync(engine, target_url)
    first = stored["a.txt"].events[0]
    rewritten = make_event("042", [(HERRERA, "source"), (PERU, "target")], day=MARCH_2)
    store.save(build_result("a.txt", [rewritten, stored["a.txt"].events[1]],
                            extractor_version="2.0"))

    report = sync(engine, target_url)

    copied = _snapshot(target_url)["dip_event_participants"]
    replacing = uid(stored["a.txt"], rewritten)
    assert sorted((row[1], row[2]) for row in copied if row[0] == replacing) == [
        ("person:Tomás Herrera", "source"), ("state:Peru", "target")
    ]
    kept = uid(stored["a.txt"], stored["a.txt"].events[1])
    assert sorted((row[1], row[2]) for row in copied if row[0] == kept) == [
        ("state:Chile", "target"), ("state:Sweden", "source")
    ]
    assert uid(stored["a.txt"], first) not in _uids(target_url)
    assert report.deleted["dip_events"] == 1
    assert report.upserted["dip_events"] == 2
