"""Planner statistics: gathered on PostgreSQL tables that outgrew theirs, never on empty ones."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import Engine, text

from db.migrate import downgrade, upgrade
from db.session import make_engine
from db.statistics import MIN_CHANGED_ROWS
from db.store import Store
from pipeline.model import Actor
from tests.db.servers import throwaway_database

NORWAY = Actor("Norway", "state", "NOR")
KENYA = Actor("Kenya", "state", "KEN")
EVENTS_SAVED = MIN_CHANGED_ROWS + 10


def _estimated_rows(engine: Engine, table: str) -> float:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT reltuples FROM pg_class WHERE oid = CAST(:table AS regclass)"),
            {"table": table},
        ).scalar_one()


def _wait_for_counted_changes(engine: Engine, table: str, rows: int) -> None:
    """Wait until the server's activity statistics count `rows` changes to `table`."""
    deadline = time.monotonic() + 20
    query = text("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = :table")
    while True:
        with engine.connect() as connection:
            if connection.execute(query, {"table": table}).scalar_one() >= rows:
                return
        assert time.monotonic() < deadline, f"the server never counted {rows} rows in {table}"
        time.sleep(0.2)


def test_other_backends_have_nothing_to_analyze(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    assert Store(engine).refresh_statistics() == []
    engine.dispose()


@pytest.mark.postgres
def test_tables_that_outgrew_their_statistics_are_analyzed_once(
    postgres_server: str, build_result, make_event
) -> None:
    events = [
        make_event("042", [(NORWAY, "source"), (KENYA, "target")], day=dt.date(2024, 3, 2),
                   sentence=f"Norway's envoy visited Kenya, the {number}th time.")
        for number in range(EVENTS_SAVED)
    ]
    with throwaway_database(postgres_server) as url:
        upgrade(url)
        writer = make_engine(url)
        Store(writer).save(build_result("visits.txt", events))
        writer.dispose()  # a closing connection reports its row counts at once
        engine = make_engine(url)
        _wait_for_counted_changes(engine, "events", EVENTS_SAVED)
        store = Store(engine)

        analyzed = store.refresh_statistics()
        estimated_events = _estimated_rows(engine, "events")
        estimated_actors = _estimated_rows(engine, "actors")
        again = store.refresh_statistics()
        engine.dispose()

    assert {"events", "event_participants", "event_evidence"} <= set(analyzed)
    assert "actors" not in analyzed  # two rows: fewer changes than worth statistics
    assert (estimated_events, estimated_actors) == (EVENTS_SAVED, -1)
    assert again == []


@pytest.mark.postgres
def test_migrations_take_events_statistics_from_rows_never_from_an_empty_table(
    postgres_server: str, build_result, make_event
) -> None:
    """A new database leaves `events` unanalyzed; one with rows gets statistics from them.

    Statistics of the empty table would make the foreign-key checks of every saved participant
    and evidence row scan `events` whole, for as long as a connection lives.
    """
    with throwaway_database(postgres_server) as url:
        upgrade(url)
        engine = make_engine(url)
        unknown = _estimated_rows(engine, "events")  # the planner looks at the table itself
        Store(engine).save(build_result("a.txt", [make_event("042", [(NORWAY, "source")])]))
        engine.dispose()
        downgrade(url, "0008_stable_keys")  # keeps the rows; 0010 analyzes on the way up
        upgrade(url)
        engine = make_engine(url)
        counted = _estimated_rows(engine, "events")
        engine.dispose()

    assert (unknown, counted) == (-1, 1)
