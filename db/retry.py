"""Retrying database work through transient faults: a lost connection, a deadlock, a
serialization failure, a locked SQLite file.

Each `Store` method is one transaction that is safe to repeat (articles are keyed by content
hash, error rows by fingerprint), so a transient fault is retried by running the whole method
again after a pause; the pauses come from DIPEVENTS_DB_RETRY_DELAYS. When the database is still
away after the last one, `DatabaseUnavailableError` says so in one line.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

import settings

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

RETRY_DELAYS_ENV = "DIPEVENTS_DB_RETRY_DELAYS"
# Seconds before each retry: five retries over about half a minute, enough for a restart.
RETRY_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)
# SQLSTATEs worth another try: serialization failure, deadlock, server shutting down or
# starting, and every connection exception (class 08).
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "57P01", "57P02", "57P03"})
# MySQL/MariaDB error numbers: lock wait timeout, deadlock, cannot connect, server gone, lost.
_TRANSIENT_MYSQL_ERRORS = frozenset({1205, 1213, 2003, 2006, 2013})
# SQLite messages of a fault that passes: another process holds the lock past the busy timeout.
_TRANSIENT_SQLITE = ("database is locked", "database table is locked")

P = ParamSpec("P")
R = TypeVar("R")


class DatabaseUnavailableError(SQLAlchemyError):
    """The database stayed away through every retry; the message is one line."""


def is_transient(exc: BaseException) -> bool:
    """Whether `exc` is a database fault that may pass if the same work is tried again."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in _TRANSIENT_SQLSTATES or sqlstate.startswith("08")
    if type(orig).__module__.startswith("psycopg"):
        # A client-side failure without a SQLSTATE: the connection could not be made or broke.
        return type(orig).__name__ == "OperationalError"
    code = orig.args[0] if orig is not None and orig.args else None
    if isinstance(code, int):
        return code in _TRANSIENT_MYSQL_ERRORS
    return str(orig).startswith(_TRANSIENT_SQLITE)


def retry_delays() -> tuple[float, ...]:
    """The pauses before each retry, from DIPEVENTS_DB_RETRY_DELAYS or the default."""
    delays = settings.value(RETRY_DELAYS_ENV)
    return RETRY_DELAYS if delays is None else delays


def retried(work: Callable[P, R]) -> Callable[P, R]:
    """Wrap `work` so transient database faults run it again after each of `retry_delays()`.

    RAISES (DatabaseUnavailableError): when the last retry fails too, from the last fault.
    """

    @functools.wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        delays = retry_delays()
        for delay in delays:
            try:
                return work(*args, **kwargs)
            except DBAPIError as exc:
                if not is_transient(exc):
                    raise
                logger.warning("database fault in %s, retrying in %g s: %s",
                               work.__name__, delay, _reason(exc))
                time.sleep(delay)
        try:
            return work(*args, **kwargs)
        except DBAPIError as exc:
            if is_transient(exc):
                raise DatabaseUnavailableError(_gave_up(exc, delays)) from exc
            raise

    return run


def _reason(exc: DBAPIError) -> str:
    cause = exc.orig if exc.orig is not None else exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def _gave_up(exc: DBAPIError, delays: tuple[float, ...]) -> str:
    waited = f" over {sum(delays):g} s" if sum(delays) else ""
    return (f"the database stayed unavailable through {len(delays)} retries{waited} "
            f"({_reason(exc)}); run again when it is back")
