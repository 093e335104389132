"""Dates without traps: unknown dates stored empty, and views with month and year buckets.

Until now an event whose date is unknown could keep the days the extractor saw ("2018 and
2019" gave date_start 2018-01-01 and date_end 2019-12-31), so it looked dated and fell into
January 2018. This migration empties `date_start`/`date_end` of every event whose precision
names no span of days ('unknown', 'ref'), logs each changed event as an `upsert` in `changes`
(so `sync` targets and `export --since-change` consumers get the fix), and replaces the views
by version 2 (db.views.VIEWS_V2): precision next to the date, `date_end` in `event_dyads`, and
`month_start` / `year` columns that are null when the date is coarser than the bucket.

The downgrade restores the version 1 views; the emptied ranges are not restored (they were
wrong).

Revision ID: 0006_dates
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.views import VIEWS_V1, VIEWS_V2, ViewDef, view_replacement

revision: str = "0006_dates"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Events whose precision names no span of days (db.store.UNDATED_PRECISIONS) but have one.
WRONGLY_DATED = (
    "date_precision IN ('unknown', 'ref') AND (date_start IS NOT NULL OR date_end IS NOT NULL)"
)


def upgrade() -> None:
    _empty_unknown_dates()
    _replace_views(VIEWS_V1, VIEWS_V2)


def downgrade() -> None:
    _replace_views(VIEWS_V2, VIEWS_V1)


def _replace_views(old: Sequence[ViewDef], new: Sequence[ViewDef]) -> None:
    for statement in view_replacement(old, new, op.get_bind().dialect.name):
        op.execute(statement)


def _empty_unknown_dates() -> None:
    """Empty the ranges of undated events and log them, under the change-log lock."""
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    if connection.dialect.name != "postgresql":
        now = now.replace(tzinfo=None)
    uids = [
        uid
        for (uid,) in connection.execute(
            sa.text(f"SELECT event_uid FROM events WHERE {WRONGLY_DATED} ORDER BY id")
        )
    ]
    if not uids:
        return
    # The same lock writers take (db.changes.lock_change_log): seqs stay in commit order.
    connection.execute(
        sa.text("UPDATE change_log_lock SET appended_at = :now WHERE id = 1"), {"now": now}
    )
    connection.execute(
        sa.text(
            "INSERT INTO changes (entity, " + _quoted(connection, "key") + ", op, changed_at) "
            "VALUES ('event', :uid, 'upsert', :now)"
        ),
        [{"uid": uid, "now": now} for uid in uids],
    )
    connection.execute(
        sa.text(
            f"UPDATE events SET date_start = NULL, date_end = NULL, updated_at = :now "
            f"WHERE {WRONGLY_DATED}"
        ),
        {"now": now},
    )


def _quoted(connection: sa.Connection, name: str) -> str:
    """`key` is a reserved word on MySQL/MariaDB."""
    return connection.dialect.identifier_preparer.quote(name)
