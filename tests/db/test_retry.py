"""Transient database faults are retried; a database that stays away ends with one line."""

from __future__ import annotations

import datetime as dt
import shutil
import threading

import pymysql
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

import db.sync
from db.feeds import feed_validators, store_feed_validators
from db.models import ArticleRow, ExtractionRunRow
from db.retry import DatabaseUnavailableError, is_transient
from db.session import make_engine
from db.store import Store
from db.sync import sync
from pipeline.model import ArticleError
from tests.db.faults import lose_connection
from tests.db.proxy import cuttable_proxy


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIPEVENTS_DB_RETRY_DELAYS", "0,0,0")


@pytest.fixture
def sqlite_engine(tmp_path, migrated_sqlite_template):
    """A migrated SQLite database: faults are injected through its driver's errors."""
    path = tmp_path / "dipevents.db"
    shutil.copy(migrated_sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def article_count(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(ArticleRow))


def test_a_save_through_lost_connections_is_retried_and_written_once(sqlite_engine,
                                                                      build_result):
    store = Store(sqlite_engine)
    faults = lose_connection(sqlite_engine, 3, match="INSERT INTO articles")
    outcome = store.save(build_result("a.txt"))
    assert (faults.raised, outcome.created, article_count(sqlite_engine)) == (3, True, 1)


def test_a_database_that_stays_away_ends_with_one_line_and_nothing_half_written(
    sqlite_engine, build_result
):
    store = Store(sqlite_engine)
    lose_connection(sqlite_engine, 4, match="INSERT INTO articles")
    with pytest.raises(DatabaseUnavailableError) as raised:
        store.save(build_result("a.txt"))
    assert "\n" not in str(raised.value)
    assert str(raised.value) == (
        "the database stayed unavailable through 3 retries (ProgrammingError: Cannot operate "
        "on a closed database.); run again when it is back"
    )
    assert article_count(sqlite_engine) == 0
    assert store.save(build_result("a.txt")).created


def test_feed_validators_are_read_and_written_through_lost_connections(sqlite_engine):
    faults = lose_connection(sqlite_engine, 2, match="feed_states")
    store_feed_validators(sqlite_engine, "https://example.com/rss", '"v1"', None)
    lose_connection(sqlite_engine, 1, match="feed_states")
    assert feed_validators(sqlite_engine, "https://example.com/rss") == ('"v1"', None)
    assert faults.raised == 2


def test_a_sync_batch_through_lost_connections_is_copied_once(
    sqlite_engine, tmp_path, monkeypatch, build_result
):
    Store(sqlite_engine).save(build_result("a.txt"))
    real_make_engine = db.sync.make_engine
    faults: list = []

    def broken_target(url: str):
        target = real_make_engine(url)
        faults.append(lose_connection(target, 3, match="INSERT INTO dip_articles"))
        return target

    monkeypatch.setattr(db.sync, "make_engine", broken_target)
    target_url = f"sqlite:///{tmp_path / 'target.db'}"
    report = sync(sqlite_engine, target_url)
    assert (faults[0].raised, report.upserted["dip_articles"]) == (3, 1)
    target = real_make_engine(target_url)
    with target.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM dip_articles").scalar() == 1
    target.dispose()


def test_a_permanent_error_is_not_retried(sqlite_engine, monkeypatch):
    pauses: list[float] = []
    monkeypatch.setattr("db.retry.time.sleep", pauses.append)
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE ingestion_errors")
    with pytest.raises(OperationalError, match="no such table"):
        Store(sqlite_engine).record_error(
            ArticleError(document="a.txt", stage="clean", message="empty")
        )
    assert pauses == []


class _Orig(Exception):
    def __init__(self, sqlstate: str | None = None, *args: object) -> None:
        super().__init__(*args)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "orig,transient",
    [
        (_Orig("40001"), True),  # serialization failure
        (_Orig("40P01"), True),  # deadlock
        (_Orig("08006"), True),  # connection failure
        (_Orig("57014"), False),  # statement timeout: retrying would only wait again
        (_Orig("23505"), False),  # unique violation
        (pymysql.err.OperationalError(1213, "Deadlock found"), True),
        (pymysql.err.OperationalError(2013, "Lost connection"), True),
        (pymysql.err.IntegrityError(1062, "Duplicate entry"), False),
        (Exception("database is locked"), True),
        (Exception("no such table: articles"), False),
    ],
)
def test_transient_faults_are_told_from_permanent_ones(orig, transient):
    assert is_transient(DBAPIError("SELECT 1", {}, orig)) is transient


def test_a_new_run_marks_runs_left_running_for_too_long_interrupted(engine, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_DB_STALE_RUN_AFTER", "3600")
    now = dt.datetime.now(dt.UTC)
    with Store(engine)._sessions.begin() as session:
        for hours in (5, 0):
            session.add(ExtractionRunRow(flow="ingest", source=f"{hours}h", extractor_version="1",
                                         started_at=now - dt.timedelta(hours=hours)))
    Store(engine).start_run("ingest", "new", "1")
    with engine.connect() as connection:
        statuses = dict(connection.execute(
            select(ExtractionRunRow.source, ExtractionRunRow.status)).all())
    assert statuses == {"5h": "interrupted", "0h": "running", "new": "running"}



@pytest.fixture
def proxied_postgres(migrated_postgres_url):
    """A Store on the migrated PostgreSQL database through a proxy the test can cut."""
    url = make_url(migrated_postgres_url)
    with cuttable_proxy((url.host or "127.0.0.1", url.port or 5432)) as proxy:
        engine = make_engine(
            url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        )
        with engine.begin() as connection:
            connection.execute(delete(ArticleRow))
        yield proxy, engine
        engine.dispose()


@pytest.mark.postgres
def test_a_save_during_a_postgres_outage_waits_for_it_and_writes_once(
    monkeypatch, caplog, proxied_postgres, build_result
):
    monkeypatch.setenv("DIPEVENTS_DB_RETRY_DELAYS", "0.2,0.4,0.8,1.6")
    proxy, engine = proxied_postgres
    store = Store(engine)
    assert store.save(build_result("before.txt")).created
    proxy.cut()
    threading.Timer(1.0, proxy.restore).start()
    assert store.save(build_result("during.txt")).created
    assert "database fault in save, retrying" in caplog.text
    assert store.save(build_result("during.txt")).created is False
    assert article_count(engine) == 2


@pytest.mark.postgres
def test_a_postgres_outage_beyond_the_retries_ends_with_one_line(
    monkeypatch, proxied_postgres, build_result
):
    monkeypatch.setenv("DIPEVENTS_DB_RETRY_DELAYS", "0.1,0.1")
    proxy, engine = proxied_postgres
    store = Store(engine)
    assert store.save(build_result("before.txt")).created
    proxy.cut()
    with pytest.raises(DatabaseUnavailableError, match="through 2 retries over 0.2 s"):
        store.save(build_result("during.txt"))
    proxy.restore()
    assert store.save(build_result("during.txt")).created
    assert article_count(engine) == 2


def test_runs_of_a_killed_scheduled_run_are_marked_interrupted_by_source_and_start(engine):
    now = dt.datetime.now(dt.UTC)
    with Store(engine)._sessions.begin() as session:
        for source, minutes in (("news", 0), ("news", 90), ("other", 0)):
            session.add(ExtractionRunRow(flow="ingest", source=source, extractor_version="1",
                                         started_at=now - dt.timedelta(minutes=minutes)))
    marked = Store(engine).interrupt_runs("ingest", "news",
                                          started_since=now - dt.timedelta(minutes=5))
    with engine.connect() as connection:
        statuses = connection.execute(select(ExtractionRunRow.source, ExtractionRunRow.status)
                                      .order_by(ExtractionRunRow.id)).all()
    assert marked == 1
    assert [tuple(row) for row in statuses] == [
        ("news", "interrupted"), ("news", "running"), ("other", "running")]
