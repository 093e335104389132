"""Change log: `changes` (seq watermark for sync and export) and its `change_log_lock` row.

The log is filled with the rows already stored (articles, actors, events as upserts, then the
tombstones as deletes) so a first sync or `export --since 0` of an existing database sees
everything. The actor key is built by `db.changes.actor_key`, so the backfill runs in Python,
in chunks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

# Comments are copied verbatim from db/models.py; long ones stay on one line.
# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op

from db.changes import actor_key

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows read and written per round trip during the backfill.
CHUNK = 1000

DELETED_EVENTS_COMMENT = (
    "Tombstones of events removed by re-extraction or superseded by a newer version of their "
    "page, so incremental consumers can propagate deletions."
)
UPDATED_AT_COMMENT = "When the row last changed (UTC); incremental readers use changes.seq instead."
OLD_UPDATED_AT_COMMENT = "When the row last changed (UTC); incremental sync reads from here."
OLD_DELETED_EVENTS_COMMENT = (
    "Tombstones of events removed by re-extraction, so incremental consumers can propagate "
    "deletions."
)

changes = sa.table(
    "changes",
    sa.column("entity", sa.String),
    sa.column("key", sa.String),
    sa.column("op", sa.String),
    sa.column("changed_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
            comment="Change sequence number: increasing in commit order, never reused.",
        ),
        sa.Column(
            "entity",
            sa.String(length=16),
            nullable=False,
            comment="'article', 'event' or 'actor'.",
        ),
        sa.Column(
            "key",
            sa.String(length=300),
            nullable=False,
            comment="Stable key of the changed row: articles.content_hash, events.event_uid, or 'kind:canonical name' for actors.",
        ),
        sa.Column(
            "op",
            sa.String(length=8),
            nullable=False,
            comment="'upsert' (written or rewritten) or 'delete' (removed).",
        ),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the change was committed (UTC); informative, not ordered.",
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_changes")),
        comment="Append-only change log: one row per article, actor or event written or deleted, in commit order; `seq` is the watermark of sync and export --since.",
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_changes_entity_key_seq"), ["entity", "key", "seq"], unique=False
        )

    lock = op.create_table(
        "change_log_lock",
        sa.Column("id", sa.Integer(), nullable=False, comment="Always 1."),
        sa.Column(
            "appended_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When a writer last appended to the change log (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log_lock")),
        comment="One row that writers lock (UPDATE) before appending to `changes`, so change sequence numbers become visible in the order they were given out.",
    )
    op.bulk_insert(lock, [{"id": 1, "appended_at": None}])
    _set_comments(upgrading=True)
    _backfill()


def downgrade() -> None:
    _set_comments(upgrading=False)
    op.drop_table("change_log_lock")
    op.drop_table("changes")


def _set_comments(upgrading: bool) -> None:
    """Reword the comments that say how incremental readers work, where the backend keeps
    comments (not SQLite, where only a batch rebuild of `events` could change them)."""
    if not op.get_context().dialect.supports_comments:
        return
    table = (OLD_DELETED_EVENTS_COMMENT, DELETED_EVENTS_COMMENT)
    column = (OLD_UPDATED_AT_COMMENT, UPDATED_AT_COMMENT)
    old, new = (0, 1) if upgrading else (1, 0)
    op.create_table_comment("deleted_events", table[new], existing_comment=table[old])
    op.alter_column(
        "events",
        "updated_at",
        existing_type=sa.DateTime(timezone=True),
        existing_nullable=False,
        comment=column[new],
        existing_comment=column[old],
    )


def _backfill() -> None:
    """Log every stored row once, in table then id order, so consumers can start from 0."""
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    if connection.dialect.name != "postgresql":
        now = now.replace(tzinfo=None)
    sources: list[tuple[str, str, Iterator[str]]] = [
        ("article", "upsert", _column(connection, "content_hash", "articles", "id")),
        ("actor", "upsert", _actor_keys(connection)),
        ("event", "upsert", _column(connection, "event_uid", "events", "id")),
        ("event", "delete", _column(connection, "event_uid", "deleted_events", "deleted_at")),
    ]
    for entity, change, keys in sources:
        chunk: list[dict[str, object]] = []
        for key in keys:
            chunk.append({"entity": entity, "key": key, "op": change, "changed_at": now})
            if len(chunk) == CHUNK:
                connection.execute(changes.insert(), chunk)
                chunk = []
        if chunk:
            connection.execute(changes.insert(), chunk)


def _column(connection: sa.Connection, column: str, table: str, order: str) -> Iterator[str]:
    # Fetched whole (one short key per row): the connection is needed for the inserts.
    rows = connection.execute(sa.text(f"SELECT {column} FROM {table} ORDER BY {order}")).all()
    for (key,) in rows:
        yield key


def _actor_keys(connection: sa.Connection) -> Iterator[str]:
    rows = connection.execute(sa.text("SELECT name, kind FROM actors ORDER BY id")).all()
    for name, kind in rows:
        yield actor_key(name, kind)
