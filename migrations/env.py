"""Alembic environment: the project's metadata, engine setup and autogenerate settings.

Runs both from `db.migrate` (which hands over an open connection in
`config.attributes["connection"]`) and from the `alembic` command with the root alembic.ini,
where the URL comes from DIPEVENTS_DATABASE_URL like everywhere else in the project.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from db.models import Base
from db.session import database_url, make_engine

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata

# render_as_batch: SQLite cannot ALTER most things, so autogenerate writes batch blocks that
# rebuild the table there and are plain ALTERs elsewhere. compare_type/compare_server_default
# make autogenerate (and the drift test) notice type and default changes too.
CONFIGURE_OPTIONS = {
    "target_metadata": target_metadata,
    "render_as_batch": True,
    "compare_type": True,
    "compare_server_default": True,
}


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or database_url()


def run_migrations_offline() -> None:
    """Write the migration SQL to stdout (`alembic upgrade --sql`) without a database."""
    context.configure(
        url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"}, **CONFIGURE_OPTIONS
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(connection=connection, **CONFIGURE_OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new one to the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Foreign keys off on SQLite: batch table rebuilds must not cascade deletes.
    engine = make_engine(_url(), sqlite_foreign_keys=False)
    try:
        with engine.connect() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
