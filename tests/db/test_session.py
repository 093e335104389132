"""Engine setup: which URL is used, driver mapping, SQLite connection settings."""

from __future__ import annotations

import time

import pytest
from sqlalchemy.exc import OperationalError

from db.session import DATABASE_URL_ENV, DEFAULT_DATABASE_URL, database_url, make_engine


@pytest.mark.parametrize(
    "explicit,environment,expected",
    [
        (None, None, DEFAULT_DATABASE_URL),
        (None, "sqlite:///from-env.db", "sqlite:///from-env.db"),
        ("sqlite:///explicit.db", "sqlite:///from-env.db", "sqlite:///explicit.db"),
        ("postgresql://u:p@db/events", None, "postgresql+psycopg://u:p@db/events"),
        ("postgres://u@db/events", None, "postgresql+psycopg://u@db/events"),
        (None, "postgresql://u@db/events", "postgresql+psycopg://u@db/events"),
        ("postgresql+psycopg://u@db/e", None, "postgresql+psycopg://u@db/e"),
        ("mysql://root@127.0.0.1/events", None, "mysql+pymysql://root@127.0.0.1/events"),
        ("mariadb://root@127.0.0.1/events", None, "mariadb+pymysql://root@127.0.0.1/events"),
    ],
)
def test_database_url_prefers_explicit_then_environment_and_maps_drivers(
    monkeypatch, explicit, environment, expected
):
    if environment is None:
        monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    else:
        monkeypatch.setenv(DATABASE_URL_ENV, environment)
    assert database_url(explicit) == expected


@pytest.mark.parametrize("foreign_keys,expected", [(True, 1), (False, 0)])
def test_sqlite_engine_sets_foreign_keys_on_every_connection(sqlite_url, foreign_keys, expected):
    engine = make_engine(sqlite_url, sqlite_foreign_keys=foreign_keys)
    for _ in range(2):
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == expected
        engine.dispose()


def test_sqlite_savepoint_rolls_back_only_its_part(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        nested = connection.begin_nested()
        connection.exec_driver_sql("INSERT INTO t VALUES (2)")
        nested.rollback()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT x FROM t").scalars().all() == [1]
    engine.dispose()


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_a_host_that_accepts_and_never_answers_fails_within_the_connect_timeout(
    monkeypatch, silent_port, scheme
):
    monkeypatch.setenv("DIPEVENTS_DB_CONNECT_TIMEOUT", "1")
    engine = make_engine(f"{scheme}://someone@127.0.0.1:{silent_port}/events")
    started = time.monotonic()
    with pytest.raises(OperationalError), engine.connect():
        pass
    assert time.monotonic() - started < 8  # psycopg waits at least 2 s, as libpq does


def test_postgres_statements_stop_at_the_statement_timeout(monkeypatch, postgres_server):
    monkeypatch.setenv("DIPEVENTS_DB_STATEMENT_TIMEOUT", "0.2")
    engine = make_engine(postgres_server)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "200ms"
        with pytest.raises(OperationalError, match="statement timeout"):
            connection.exec_driver_sql("SELECT pg_sleep(5)")
    engine.dispose()


def test_mariadb_statements_stop_at_the_statement_timeout(monkeypatch, mariadb_server):
    monkeypatch.setenv("DIPEVENTS_DB_STATEMENT_TIMEOUT", "0.5")
    engine = make_engine(mariadb_server)
    started = time.monotonic()
    with pytest.raises(OperationalError), engine.connect() as connection:
        connection.exec_driver_sql("SELECT SLEEP(5)")
    assert time.monotonic() - started < 4
    engine.dispose()


def test_without_a_statement_timeout_a_postgres_session_keeps_the_server_default(
    monkeypatch, postgres_server
):
    monkeypatch.delenv("DIPEVENTS_DB_STATEMENT_TIMEOUT", raising=False)
    engine = make_engine(postgres_server)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar_one() == "0"
    engine.dispose()
