"""Engine and session setup: which database, and how to connect to it safely.

The URL comes from the caller, else the DIPEVENTS_DATABASE_URL environment variable, else a
SQLite file in the working folder, so a newcomer needs no configuration. Plain `postgresql://`
and `mysql://` URLs are mapped to the drivers the project installs (psycopg 3, PyMySQL).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

DEFAULT_DATABASE_URL = "sqlite:///dipevents.db"
DATABASE_URL_ENV = "DIPEVENTS_DATABASE_URL"

# Bare scheme -> scheme with the driver installed by pyproject.toml.
_DRIVERS = {
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "mysql": "mysql+pymysql",
    "mariadb": "mariadb+pymysql",
}
# Seconds a SQLite writer waits for another writer's lock before failing.
SQLITE_BUSY_TIMEOUT = 30


def database_url(explicit: str | None = None) -> str:
    """Return the database URL to use: `explicit`, else $DIPEVENTS_DATABASE_URL, else the default.

    Bare `postgresql://`, `postgres://`, `mysql://` and `mariadb://` URLs are given the
    project's drivers; URLs that already name a driver are kept as they are.
    """
    url = explicit or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
    scheme, sep, rest = url.partition("://")
    if sep and scheme in _DRIVERS:
        return f"{_DRIVERS[scheme]}://{rest}"
    return url


def make_engine(url: str | None = None, *, sqlite_foreign_keys: bool = True) -> Engine:
    """Create an Engine for `url` (resolved by `database_url`).

    On SQLite, foreign keys are switched on for every connection (SQLite leaves them off, and
    ON DELETE CASCADE depends on them) and transactions are begun by SQLAlchemy rather than by
    the sqlite3 module, which otherwise breaks SAVEPOINTs and transactional DDL. Connections
    run with execution option `sqlite_begin="IMMEDIATE"` take the write lock when they begin,
    so concurrent writers wait for each other instead of failing half way.

    sqlite_foreign_keys (bool): False for migrations, whose table rebuilds must not cascade.
    """
    resolved = database_url(url)
    kwargs: dict[str, Any] = {}
    if make_url(resolved).get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(resolved, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, foreign_keys=sqlite_foreign_keys)
    logger.debug("engine for %s", engine.url.render_as_string(hide_password=True))
    return engine


def _configure_sqlite(engine: Engine, *, foreign_keys: bool) -> None:
    """Install the connection and begin hooks described in `make_engine`."""
    pragma = "PRAGMA foreign_keys=ON" if foreign_keys else "PRAGMA foreign_keys=OFF"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory bound to `engine`; objects stay usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)
