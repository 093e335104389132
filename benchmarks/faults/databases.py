"""The databases the suite runs on: a fresh SQLite file or PostgreSQL database per scenario,
and a way to take each away during a run.

PostgreSQL is reached through a TCP proxy the suite cuts (`tests.db.proxy.CuttableProxy`): every
connection drops and new ones are refused until it is restored. A SQLite file cannot go away
like a server, so its outage is a writer holding the file's exclusive lock: every statement of
the ingest waits, or fails as "database is locked", until the lock is released.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import make_url

from db.migrate import upgrade
from tests.db.proxy import CuttableProxy
from tests.db.servers import postgres_server_url, throwaway_database, unreachable_reason


class Outage(Protocol):
    def cut(self) -> None: ...

    def restore(self) -> None: ...


class Backend(Protocol):
    name: str

    def fresh(self, scenario: str) -> contextlib.AbstractContextManager[str]: ...

    def outage(self, url: str) -> contextlib.AbstractContextManager[tuple[str, Outage]]: ...


class SQLiteLock:
    """Holds the exclusive lock of a SQLite file between `cut` and `restore`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = None

    def cut(self) -> None:
        self.connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.connection.execute("BEGIN EXCLUSIVE")

    def restore(self) -> None:
        if self.connection is not None:
            self.connection.execute("ROLLBACK")
            self.connection.close()
            self.connection = None


class SQLiteBackend:
    """A migrated SQLite file per scenario, copied from one migrated once."""

    name = "sqlite"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.template = workdir / "template.db"
        upgrade(f"sqlite:///{self.template}")

    @contextlib.contextmanager
    def fresh(self, scenario: str) -> Iterator[str]:
        path = self.workdir / f"{scenario}.db"
        shutil.copy(self.template, path)
        yield f"sqlite:///{path}"

    @contextlib.contextmanager
    def outage(self, url: str) -> Iterator[tuple[str, Outage]]:
        lock = SQLiteLock(make_url(url).database or "")
        try:
            yield url, lock
        finally:
            lock.restore()


class PostgresBackend:
    """A throwaway PostgreSQL database per scenario on the server at `server_url`."""

    name = "postgresql"

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url

    @contextlib.contextmanager
    def fresh(self, scenario: str) -> Iterator[str]:
        with throwaway_database(self.server_url, prefix=f"dipevents_faults_{scenario}") as url:
            upgrade(url)
            yield url

    @contextlib.contextmanager
    def outage(self, url: str) -> Iterator[tuple[str, Outage]]:
        parsed = make_url(url)
        proxy = CuttableProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
        try:
            yield parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(
                hide_password=False), proxy
        finally:
            proxy.close()


def backends(workdir: Path, names: list[str]) -> tuple[list[Backend], list[str]]:
    """Return the backends of `names` that can be used, and why the others cannot."""
    found: list[Backend] = []
    skipped: list[str] = []
    for name in names:
        if name == "sqlite":
            found.append(SQLiteBackend(workdir))
            continue
        server = postgres_server_url()
        reason = unreachable_reason(server)
        if reason:
            skipped.append(f"postgresql skipped: {reason}; set DIPEVENTS_TEST_POSTGRES_URL")
        else:
            found.append(PostgresBackend(server))
    return found, skipped
