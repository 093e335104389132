"""Database servers for tests: where they are, whether they answer, throwaway databases on them.

Plain functions so any test folder can use them: a test that needs PostgreSQL or MariaDB
skips with the reason `unreachable_reason` gives when the server is not there, and works on a
database of its own that `throwaway_database` creates and drops.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from db.session import database_url

POSTGRES_URL_ENV = "DIPEVENTS_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
MARIADB_URL_ENV = "DIPEVENTS_TEST_MARIADB_URL"
DEFAULT_MARIADB_URL = "mysql://root@127.0.0.1:3306/mysql"
CONNECT_TIMEOUT = 3


def postgres_server_url() -> str:
    """URL of a PostgreSQL server database the tests may create databases from."""
    return database_url(os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL)


def mariadb_server_url() -> str:
    """URL of a MariaDB/MySQL server the tests may create databases on."""
    return database_url(os.environ.get(MARIADB_URL_ENV) or DEFAULT_MARIADB_URL)


def _admin_engine(server_url: str) -> Engine:
    return create_engine(
        database_url(server_url),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
        poolclass=NullPool,
    )


def unreachable_reason(server_url: str) -> str | None:
    """Return why the server at `server_url` cannot be used, or None when it answers."""
    try:
        engine = _admin_engine(server_url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "no server to test against"
        where = make_url(server_url).render_as_string(hide_password=True)
        lines = str(exc).strip().splitlines()
        return f"database server {where} unreachable ({lines[0] if lines else type(exc).__name__})"
    engine.dispose()
    return None


def create_database(server_url: str, prefix: str = "dipevents_test") -> str:
    """Create an empty database with a random name on the server; return its URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    engine = _admin_engine(server_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            else:
                connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    finally:
        engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database `url` points at, closing other sessions on it first (PostgreSQL)."""
    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() == "postgresql":
        admin = parsed.set(database="postgres")
        statement = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    else:
        admin = parsed.set(database=None)
        statement = f"DROP DATABASE IF EXISTS `{name}`"
    engine = _admin_engine(admin.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@contextmanager
def throwaway_database(server_url: str, prefix: str = "dipevents_test") -> Iterator[str]:
    """Create a database for the duration of the block and drop it afterwards."""
    url = create_database(server_url, prefix)
    try:
        yield url
    finally:
        drop_database(url)


def drop_role(server_url: str, role: str) -> None:
    """Drop a PostgreSQL role if it exists (roles belong to the server and outlive databases)."""
    engine = _admin_engine(server_url)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    finally:
        engine.dispose()
