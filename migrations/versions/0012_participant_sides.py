"""Participant sides stored, views of version 6: analyst queries that stay fast at scale.

Adds `event_participants.side` ('source', 'target' or null; db.sides), fills it for the
participants already stored, and replaces the views by version 6 (db.sided_views.VIEWS_V6).
Version 5 worked the sides out per row: its `event_facts` joined each event's first source and
target participants with a condition the planner cannot drop, so even a count by month paired
every event's participants (13 s at a million events), and `event_dyads` ran three subqueries
per participant row. Version 6 reads the stored side, with the same columns and values.

The downgrade restores the version 5 views and drops the column.

Revision ID: 0012_participant_sides
Revises: 0011_happenings
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

import sqlalchemy as sa
from alembic import op

from db.sided_views import VIEWS_V5, VIEWS_V6
from db.sides import sides
from db.views import ViewDef, view_replacement

revision: str = "0012_participant_sides"
down_revision: str | Sequence[str] | None = "0011_happenings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIDE_COMMENT = (
    "'source' or 'target': the side of the event the participant is on, from its role "
    "(db.sides); without roles, the first participant is the source and each other actor a "
    "target. Null for participants on neither side."
)
# Event ids whose participants are read and updated at a time.
BATCH = 5000


def upgrade() -> None:
    _replace_views(VIEWS_V5, ())
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("side", sa.String(length=6), nullable=True, comment=SIDE_COMMENT)
        )
    _fill_sides(op.get_bind())
    _replace_views((), VIEWS_V6)


def downgrade() -> None:
    _replace_views(VIEWS_V6, ())
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.drop_column("side")
    _replace_views((), VIEWS_V5)


def _fill_sides(connection: sa.Connection) -> None:
    """Set the side of every stored participant, a batch of events at a time."""
    participants = sa.table(
        "event_participants", sa.column("event_id"), sa.column("actor_id"),
        sa.column("role"), sa.column("position"), sa.column("side"),
    )
    update = (
        participants.update()
        .where(
            participants.c.event_id == sa.bindparam("event"),
            participants.c.actor_id == sa.bindparam("actor"),
            participants.c.role == sa.bindparam("the_role"),
        )
        .values(side=sa.bindparam("the_side"))
    )
    highest = connection.execute(sa.text("SELECT MAX(id) FROM events")).scalar() or 0
    for first in range(1, highest + 1, BATCH):
        rows = connection.execute(
            sa.text(
                "SELECT p.event_id, e.code, p.actor_id, p.role FROM event_participants p "
                "JOIN events e ON e.id = p.event_id WHERE p.event_id BETWEEN :first AND :last "
                "ORDER BY p.event_id, p.position"
            ),
            {"first": first, "last": first + BATCH - 1},
        ).all()
        values = []
        for (event, code), group in groupby(rows, key=lambda row: (row.event_id, row.code)):
            roles = [(row.actor_id, row.role) for row in group]
            values += [
                {"event": event, "actor": actor, "the_role": role, "the_side": side}
                for (actor, role), side in zip(roles, sides(code, roles), strict=True)
                if side is not None
            ]
        if values:
            connection.execute(update, values)


def _replace_views(old: Sequence[ViewDef], new: Sequence[ViewDef]) -> None:
    for statement in view_replacement(old, new, op.get_bind().dialect.name):
        op.execute(statement)
