"""Engine and session setup: which database, and how to connect to it safely.

The URL comes from the caller, else the DIPEVENTS_DATABASE_URL environment variable, else a
SQLite file in the working folder, so a newcomer needs no configuration. Plain `postgresql://`
and `mysql://` URLs are mapped to the drivers the project installs (psycopg 3, PyMySQL).
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

import settings

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
CONNECT_TIMEOUT_ENV = "DIPEVENTS_DB_CONNECT_TIMEOUT"
STATEMENT_TIMEOUT_ENV = "DIPEVENTS_DB_STATEMENT_TIMEOUT"
# Seconds to open a server connection, handshake included, unless the setting says otherwise.
DEFAULT_CONNECT_TIMEOUT = 10.0
# Databases dipevents stores in and syncs into, and how to write their URLs.
SUPPORTED_BACKENDS = ("sqlite", "postgresql", "mysql", "mariadb")
URL_FORMS = "sqlite:///FILE, postgresql://USER@HOST/DATABASE or mysql://USER@HOST/DATABASE"
# The password of a URL, for URLs too malformed for SQLAlchemy to hide it.
_PASSWORD = re.compile(r"(?<=://)([^:/@]*):[^@/]*@")


class DatabaseUrlError(ValueError):
    """A database URL dipevents cannot use; the message says what is wrong and what to write."""


def database_url(explicit: str | None = None) -> str:
    """Return the database URL to use: `explicit`, else $DIPEVENTS_DATABASE_URL, else the default.

    Bare `postgresql://`, `postgres://`, `mysql://` and `mariadb://` URLs are given the
    project's drivers; URLs that already name a driver are kept as they are.
    """
    url = explicit or settings.value(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL
    scheme, sep, rest = url.partition("://")
    if sep and scheme in _DRIVERS:
        return f"{_DRIVERS[scheme]}://{rest}"
    return url


def check_database_url(url: str | None) -> str:
    """Return `url` resolved by `database_url` when dipevents can use it, without connecting.

    Checks the URL's form and port, that the database is one of SUPPORTED_BACKENDS and its
    driver is installed, and that the folder of a SQLite file exists.
    RAISES (DatabaseUrlError): naming what is wrong; the message shows no password.
    """
    resolved = database_url(url)
    shown = _PASSWORD.sub(r"\1:***@", url or resolved)
    try:
        parsed = make_url(resolved)
    except ArgumentError:
        raise DatabaseUrlError(
            f"{shown!r} is not a database URL; write it as {URL_FORMS}"
        ) from None
    except ValueError:  # what make_url raises for a port that is not a number
        raise DatabaseUrlError(
            f"the port in {shown!r} is not a number; write HOST:PORT, e.g. localhost:5432, or "
            "leave the port out"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise DatabaseUrlError(
            f"{backend} databases are not supported; use SQLite, PostgreSQL or MySQL/MariaDB: "
            f"{URL_FORMS}"
        )
    _check_driver(parsed)
    folder = sqlite_file(resolved)
    if folder is not None and not folder.parent.is_dir():
        raise DatabaseUrlError(
            f"the folder {folder.parent} of the SQLite database does not exist; create it or "
            "give a path in an existing folder"
        )
    return resolved


def _check_driver(parsed: URL) -> None:
    """Raise DatabaseUrlError when the URL's driver is unknown, not installed or asyncio's."""
    backend = parsed.get_backend_name()
    fix = f"write {backend}://... without a driver to use the one dipevents installs"
    try:
        dialect = parsed.get_dialect()
        dialect.import_dbapi()
    except (NoSuchModuleError, ImportError):
        raise DatabaseUrlError(
            f"the {backend} driver {parsed.get_driver_name()!r} is not installed; {fix}"
        ) from None
    if dialect.is_async:
        raise DatabaseUrlError(
            f"the {backend} driver {parsed.get_driver_name()!r} is for asyncio, which dipevents "
            f"does not use; {fix}"
        )


def sqlite_file(url: str) -> Path | None:
    """Return the file of a SQLite URL, or None for another database or an in-memory one."""
    parsed = make_url(database_url(url))
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    if parsed.query.get("uri") or name.startswith("file:"):
        return None  # a URI names its file in its own way (and may be in memory)
    return Path(name)


def make_engine(url: str | None = None, *, sqlite_foreign_keys: bool = True) -> Engine:
    """Create an Engine for `url` (resolved by `database_url`).

    On SQLite, foreign keys are switched on for every connection (SQLite leaves them off, and
    ON DELETE CASCADE depends on them) and transactions are begun by SQLAlchemy rather than by
    the sqlite3 module, which otherwise breaks SAVEPOINTs and transactional DDL. Connections
    run with execution option `sqlite_begin="IMMEDIATE"` take the write lock when they begin,
    so concurrent writers wait for each other instead of failing half way.

    On PostgreSQL and MariaDB/MySQL, connections time out after DIPEVENTS_DB_CONNECT_TIMEOUT
    seconds, so a host that accepts TCP and never answers fails instead of hanging, and
    statements after DIPEVENTS_DB_STATEMENT_TIMEOUT seconds when it is set.

    sqlite_foreign_keys (bool): False for migrations, whose table rebuilds must not cascade.
    """
    resolved = database_url(url)
    parsed = make_url(resolved)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = _server_timeouts(parsed)
    engine = create_engine(resolved, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, foreign_keys=sqlite_foreign_keys)
    elif engine.dialect.name in ("mysql", "mariadb"):
        _configure_mysql_statements(engine, settings.value(STATEMENT_TIMEOUT_ENV) or None)
    logger.debug("engine for %s", engine.url.render_as_string(hide_password=True))
    return engine


def _server_timeouts(parsed: URL) -> dict[str, Any]:
    """Return the driver arguments that apply the connect and statement timeouts.

    psycopg's `connect_timeout` bounds the whole attempt, handshake included (whole seconds,
    at least 2, as libpq counts them); the statement timeout goes in the session's `options`,
    after any the URL gives. PyMySQL's `connect_timeout` covers only the TCP connect and its
    read timeout the handshake, so both get the connect timeout here and
    `_configure_mysql_statements` sets the statement timeout once the handshake is done.
    """
    connect = settings.value(CONNECT_TIMEOUT_ENV) or DEFAULT_CONNECT_TIMEOUT
    statement = settings.value(STATEMENT_TIMEOUT_ENV)
    if parsed.get_backend_name() == "postgresql":
        args: dict[str, Any] = {"connect_timeout": max(2, math.ceil(connect))}
        if statement:
            given = parsed.query.get("options")
            own = f"-c statement_timeout={round(statement * 1000)}"
            args["options"] = f"{given} {own}" if isinstance(given, str) else own
        return args
    return {"connect_timeout": connect, "read_timeout": connect, "write_timeout": connect}


def _configure_mysql_statements(engine: Engine, seconds: float | None) -> None:
    """Give every new PyMySQL connection `seconds` (None: no limit) to read and to write.

    PyMySQL keeps the two timeouts in attributes it applies to the socket before each read and
    write; setting them after the handshake is the only way to time the handshake by the
    connect timeout and statements by the statement timeout.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection._read_timeout = seconds
        dbapi_connection._write_timeout = seconds


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
