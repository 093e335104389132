"""The database a command uses: its URL, its schema check, and its errors as messages."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from flows.cli.app import fail


@contextlib.contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn schema and connection errors into messages that name the fix."""
    from sqlalchemy.exc import SQLAlchemyError

    from db.migrate import SchemaNotCurrentError

    try:
        yield
    except SchemaNotCurrentError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
        fail(
            f"cannot use the database {safe_url(url)}: {reason}. Check --db or "
            "DIPEVENTS_DATABASE_URL, and run `dipevents db upgrade` on a new database."
        )


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def resolve_url(url: str | None) -> str:
    from db.session import database_url

    return database_url(url)


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
