"""The database a command uses: its URL, its schema check, and its errors as messages."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from flows.cli.app import fail

# Files SQLite keeps beside a database while it is open.
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


@contextlib.contextmanager
def database_errors(url: str, flag: str = "--db") -> Iterator[None]:
    """Turn schema and connection errors into messages that name the fix.

    flag (str): the option that gave `url`: --db (or DIPEVENTS_DATABASE_URL), or sync's --to.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from db.migrate import SchemaNotCurrentError
    from db.retry import DatabaseUnavailableError

    try:
        yield
    except SchemaNotCurrentError as exc:
        fail(str(exc))
    except DatabaseUnavailableError as exc:  # an outage: the URL is right, nothing to check
        fail(f"cannot use the database {safe_url(url)}: {exc}.")
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
        fix = (
            "Check --db or DIPEVENTS_DATABASE_URL, and run `dipevents db upgrade` on a new "
            "database." if flag == "--db" else f"Check {flag}."
        )
        fail(f"cannot use the database {safe_url(url)}: {reason}. {fix}")


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def resolve_url(url: str | None) -> str:
    """Return the URL of the database to use: `url` (--db, checked already) or the default.

    The URL from DIPEVENTS_DATABASE_URL is checked here, as no option callback sees it.
    """
    from db.session import DATABASE_URL_ENV, DatabaseUrlError, check_database_url

    try:
        return check_database_url(url)
    except DatabaseUrlError as exc:
        fail(f"{DATABASE_URL_ENV}: {exc}; or give --db URL", code=2)


@contextlib.contextmanager
def removed_on_failure(url: str) -> Iterator[None]:
    """Remove the SQLite file of `url` when the block fails and the file did not exist before.

    For the commands that create a database (`db upgrade`, `sync --to`): a failed one leaves no
    empty database file behind.
    """
    from db.session import sqlite_file

    path = sqlite_file(url)
    if path is None or path.exists():
        yield
        return
    try:
        yield
    except BaseException:
        for leftover in (path, *(path.with_name(path.name + end) for end in SQLITE_SIDE_FILES)):
            leftover.unlink(missing_ok=True)
        raise


def check_schema(url: str) -> None:
    """Fail before starting the flow when the schema is missing or old."""
    from db.migrate import require_current
    from db.session import make_engine

    engine = make_engine(url)
    try:
        require_current(engine)
    finally:
        engine.dispose()


def has_password(url: str) -> bool:
    from sqlalchemy.engine import make_url

    return make_url(url).password is not None
