"""Schema migrations from code: upgrade, downgrade, and the check that the schema is current.

The Alembic configuration is built here rather than read from alembic.ini, with the script
location set to the installed `migrations` package, so `dipevents db upgrade` works from any
folder. alembic.ini at the project root is only for developers running `alembic` themselves.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url

import migrations
from db.session import database_url, make_engine, sqlite_file

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent


class SchemaNotCurrentError(RuntimeError):
    """The database schema is missing or older (or newer) than this code expects."""


class ForeignKeyViolationError(RuntimeError):
    """A SQLite migration left rows that break a foreign key (it runs with the checks off)."""


def alembic_config() -> Config:
    """Return an Alembic Config for the project's migrations, independent of the working folder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    """Return the newest migration revision the code knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _run(url: str | None, action: str, revision: str) -> None:
    config = alembic_config()
    # Foreign keys off on SQLite: batch table rebuilds must not cascade deletes into children.
    engine = make_engine(url, sqlite_foreign_keys=False)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
            if connection.dialect.name == "sqlite":
                _check_foreign_keys(connection)
    finally:
        engine.dispose()


def _check_foreign_keys(connection: Connection) -> None:
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        raise ForeignKeyViolationError(
            f"the migration left {len(violations)} rows breaking foreign keys, e.g. "
            f"{tuple(violations[0])}; it was rolled back"
        )


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Upgrade the database at `url` (see `db.session.database_url`) to `revision`.

    RAISES (SchemaNotCurrentError): when the database is at a revision this code does not
        know (a newer dipevents migrated it); nothing is changed then.
    """
    current = current_revision(url)
    if not is_known_revision(current):
        raise SchemaNotCurrentError(_unknown_revision_message(_safe(url), current))
    logger.info("upgrading %s to %s", _safe(url), revision)
    _run(url, "upgrade", revision)


def downgrade(url: str | None, revision: str) -> None:
    """Downgrade the database at `url` to `revision` ("base" removes every table)."""
    logger.info("downgrading %s to %s", _safe(url), revision)
    _run(url, "downgrade", revision)


def current_revision(url: str | None = None) -> str | None:
    """Return the revision the database at `url` is at, or None when it was never migrated.

    A SQLite file that does not exist has no revision, and is not created by asking.
    """
    if _missing_sqlite_file(database_url(url)):
        return None
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def is_known_revision(revision: str | None) -> bool:
    """Return True for None (no schema yet) and the revisions of this code's migrations."""
    script = ScriptDirectory.from_config(alembic_config())
    return revision is None or revision in {rev.revision for rev in script.walk_revisions()}


def _unknown_revision_message(where: str, current: str | None) -> str:
    return (
        f"The database {where} is at revision {current}, which this version of dipevents "
        f"does not know (it needs {head_revision()}); a newer dipevents migrated it: upgrade "
        "dipevents."
    )


def require_current(engine: Engine) -> None:
    """Raise SchemaNotCurrentError unless the database behind `engine` is at the head revision.

    Called before writing or reading, so a missing or stale schema fails with the command that
    fixes it instead of an SQL error about a missing table or column. A SQLite file that does
    not exist is not created by the check.
    """
    if _missing_sqlite_file(engine.url.render_as_string(hide_password=False)):
        current = None
    else:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    head = head_revision()
    if current == head:
        return
    where = engine.url.render_as_string(hide_password=True)
    if not is_known_revision(current):
        raise SchemaNotCurrentError(_unknown_revision_message(where, current))
    state = "has no dipevents schema" if current is None else f"is at revision {current}"
    raise SchemaNotCurrentError(
        f"The database {where} {state}, this version of dipevents needs revision {head}: "
        "run `dipevents db upgrade`."
    )


def _missing_sqlite_file(url: str) -> bool:
    path = sqlite_file(url)
    return path is not None and not path.exists()


def _safe(url: str | None) -> str:
    return make_url(database_url(url)).render_as_string(hide_password=True)
