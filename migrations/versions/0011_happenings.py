"""Happenings: events of different articles that report one happening share a happening_id.

Creates `happening_ids` (every id given out, never reused) and `events.happening_id`, and
replaces the views by version 5 (db.sided_views.VIEWS_V5): the index-driven views of version 4
(0010_bi_indexes, with the places of 0007) with actor codes, roles and happening ids in
`event_facts` and `event_dyads`, and the new views `happenings` and `gdelt_events`. The
events already stored are linked into happenings by 0013_happening_spans, once the happening
spans the linking looks happenings up by exist. The read-only BI role of 0003 reads the new
views through its default privileges.

The downgrade restores the version 4 views and drops the column and the table.

Revision ID: 0011_happenings
Revises: 0010_bi_indexes
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.sided_views import VIEWS_V5
from db.views import VIEWS_V4, ViewDef, view_replacement

revision: str = "0011_happenings"
down_revision: str | Sequence[str] | None = "0010_bi_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HAPPENING_COMMENT = (
    "The real happening the event reports, shared by the events of every article that reports "
    "it (db.happenings); given when the event is stored."
)


def upgrade() -> None:
    _replace_views(VIEWS_V4, ())
    op.create_table(
        "happening_ids",
        sa.Column(
            "id", sa.Integer(), autoincrement=True, nullable=False,
            comment="The happening id; never reused.",
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False,
            comment="When the first event of the happening was stored (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_happening_ids")),
        comment="Every happening id ever given out (see events.happening_id); a row stays when "
        "its happening loses its last event, so the id is never given to another one.",
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("happening_id", sa.Integer(), nullable=True, comment=HAPPENING_COMMENT)
        )
        batch_op.create_index(batch_op.f("ix_events_happening_id"), ["happening_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_events_happening_id_happening_ids"), "happening_ids",
            ["happening_id"], ["id"],
        )
    _replace_views((), VIEWS_V5)


def downgrade() -> None:
    _replace_views(VIEWS_V5, ())
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_events_happening_id_happening_ids"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_events_happening_id"))
        batch_op.drop_column("happening_id")
    op.drop_table("happening_ids")
    _replace_views((), VIEWS_V4)


def _replace_views(old: Sequence[ViewDef], new: Sequence[ViewDef]) -> None:
    for statement in view_replacement(old, new, op.get_bind().dialect.name):
        op.execute(statement)
