"""Analyst queries at scale: covering indexes, and views the planner can drive from them.

- `events`: the index on `date_start` becomes one on (date_start, date_end, root, quad_class,
  goldstein), so counts and sums over a date range (by month, root or quad class) are read
  from the index alone.
- `event_participants`: the index on `actor_id` becomes one on (actor_id, event_id, role,
  position): an actor's or a country's events and roles without reading the table.
- Views version 4 (db.views.VIEWS_V4): the columns and rows of version 3 (0007_places);
  `event_facts` skips the article and CAMEO joins when a query reads none of their columns,
  `event_dyads` pairs participant rows without DISTINCT, so a filter on an actor or a country
  starts from the index.

The downgrade restores the version 3 views and the single-column indexes.

Revision ID: 0010_bi_indexes
Revises: 0008_stable_keys
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.views import (
    VIEWS_V3,
    VIEWS_V4,
    ViewDef,
    pg_month_start,
    pg_year,
    view_replacement,
)

revision: str = "0010_bi_indexes"
down_revision: str | Sequence[str] | None = "0008_stable_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PostgreSQL statistics on the month and year buckets of the views, so that a count by month
# or year is planned for the few hundred groups it has (a hash aggregate), not for a million
# (a sort). Other backends have no statistics on expressions.
STATISTICS = {
    "st_events_month_start_root": f"(ndistinct) ON ({pg_month_start()}), root",
    "st_events_year": f"ON ({pg_year()})",
}
EVENTS_COLUMNS = ["date_start", "date_end", "root", "quad_class", "goldstein"]
PARTICIPANTS_COLUMNS = ["actor_id", "event_id", "role", "position"]


def upgrade() -> None:
    # New indexes first: on MySQL the foreign key on actor_id needs an index at all times.
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_events_date_start_date_end_root_quad_class_goldstein"),
            EVENTS_COLUMNS,
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_events_date_start"))
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_participants_actor_id_event_id_role_position"),
            PARTICIPANTS_COLUMNS,
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_event_participants_actor_id"))
    _replace_views(VIEWS_V3, VIEWS_V4)
    if op.get_bind().dialect.name == "postgresql":
        for name, definition in STATISTICS.items():
            op.execute(f"CREATE STATISTICS {name} {definition} FROM events")
        _analyze_events_if_it_has_rows()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in STATISTICS:
            op.execute(f"DROP STATISTICS IF EXISTS {name}")
    _replace_views(VIEWS_V4, VIEWS_V3)
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_participants_actor_id"), ["actor_id"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_event_participants_actor_id_event_id_role_position"))
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_date_start"), ["date_start"], unique=False)
        batch_op.drop_index(batch_op.f("ix_events_date_start_date_end_root_quad_class_goldstein"))


def _analyze_events_if_it_has_rows() -> None:
    """Fill the new statistics from the rows there are; leave a new, empty table unanalyzed.

    An ANALYZE of the empty table records it as empty (0 rows) rather than unknown. The
    planner then believes its real size page by page, so a plan cached while the table is one
    page long (the foreign-key check each participant and evidence row runs on `events`) is a
    sequential scan. Nothing replans it until the table is analyzed again, and where autovacuum
    is off that never happens, and saving slows as the table grows.
    """
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT EXISTS (SELECT 1 FROM events)")).scalar_one():
        op.execute("ANALYZE events")


def _replace_views(old: Sequence[ViewDef], new: Sequence[ViewDef]) -> None:
    for statement in view_replacement(old, new, op.get_bind().dialect.name):
        op.execute(statement)
