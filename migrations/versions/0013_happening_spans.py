"""Happening spans: linking a report looks up happenings, not every report of them.

Adds `root`, `first_day`, `last_day`, `first_end` and `last_start` to `happening_ids` with an
index on the first three, fills them from the events already linked, indexes events by
(happening_id, id) instead of happening_id alone (a happening's latest reports), and links the
events that have no happening yet (those stored before 0011; db.happenings.link, in id order,
as if they were ingested again). Linking looked through every stored event of the same root
near a report's date: at a thousand reports of one summit, each new one read them all, and
saving slowed with the size of the database. It now finds the happenings near the date by this
index, then reads their latest reports.

The downgrade restores the index on happening_id and drops the columns (the links stay).

Revision ID: 0013_happening_spans
Revises: 0012_participant_sides
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.happenings import LINKABLE_PRECISIONS
from db.linking import link

revision: str = "0013_happening_spans"
down_revision: str | Sequence[str] | None = "0012_participant_sides"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LINKABLE = ", ".join(f"'{precision}'" for precision in LINKABLE_PRECISIONS)
_SPAN = (
    "FROM events e WHERE e.happening_id = happening_ids.id "
    f"AND e.date_precision IN ({_LINKABLE}) AND e.date_start IS NOT NULL"
)


def upgrade() -> None:
    with op.batch_alter_table("happening_ids", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "root", sa.String(length=2), nullable=True,
            comment="CAMEO root of its events; null while none is dated to a day, week or month.",
        ))
        batch_op.add_column(sa.Column(
            "first_day", sa.Date(), nullable=True,
            comment="First day covered by its events dated to a day, week or month "
            "(db.happenings looks up the happenings a new report may join by it; not narrowed "
            "when events go).",
        ))
        batch_op.add_column(sa.Column(
            "last_day", sa.Date(), nullable=True,
            comment="Last day covered by its events dated to a day, week or month.",
        ))
        batch_op.add_column(sa.Column(
            "first_end", sa.Date(), nullable=True,
            comment="Earliest last day of its events dated to a day, week or month: a new "
            "report must meet every one of them (db.happenings; not widened when events go).",
        ))
        batch_op.add_column(sa.Column(
            "last_start", sa.Date(), nullable=True,
            comment="Latest first day of its events dated to a day, week or month.",
        ))
        batch_op.create_index(
            batch_op.f("ix_happening_ids_root_first_day_last_day"),
            ["root", "first_day", "last_day"],
        )
    op.execute(
        f"UPDATE happening_ids SET root = (SELECT MIN(e.root) {_SPAN}), "
        f"first_day = (SELECT MIN(e.date_start) {_SPAN}), "
        f"last_day = (SELECT MAX(e.date_end) {_SPAN}), "
        f"first_end = (SELECT MIN(e.date_end) {_SPAN}), "
        f"last_start = (SELECT MAX(e.date_start) {_SPAN})"
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        # The new index first: MariaDB keeps one on happening_id for its foreign key.
        batch_op.create_index(batch_op.f("ix_events_happening_id_id"), ["happening_id", "id"])
        batch_op.drop_index("ix_events_happening_id")
    connection = op.get_bind()
    unlinked = connection.execute(sa.text("SELECT id FROM events WHERE happening_id IS NULL"))
    link(connection, [row.id for row in unlinked])


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_happening_id", ["happening_id"])
        batch_op.drop_index(batch_op.f("ix_events_happening_id_id"))
    with op.batch_alter_table("happening_ids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_happening_ids_root_first_day_last_day"))
        batch_op.drop_column("last_start")
        batch_op.drop_column("first_end")
        batch_op.drop_column("last_day")
        batch_op.drop_column("first_day")
        batch_op.drop_column("root")
