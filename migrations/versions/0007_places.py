"""Places on the map: an event's first-level region and the precision of its point.

Adds `events.location_region` (ISO 3166-2 code, indexed) and `events.location_precision`
('venue', 'city', 'region', 'country'), and replaces the views by version 3
(db.views.VIEWS_V3): both give the region, the point and its precision. Existing events keep
null in the new columns until their articles are extracted again: the extractor version went
up with this change, so `dipevents ingest` of the same source re-extracts them.

Revision ID: 0007_places
Revises: 0006_dates
Create Date: 2026-12-04
"""

# Comments are copied verbatim from db/models.py; long ones stay on one line.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.views import VIEWS_V2, VIEWS_V3, ViewDef, view_replacement

revision: str = "0007_places"
down_revision: str | Sequence[str] | None = "0006_dates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _replace_views(VIEWS_V2, ())
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location_region", sa.String(length=8), nullable=True, comment="ISO 3166-2 code of the location's first-level region, e.g. 'CN-GD'."))
        batch_op.add_column(sa.Column("location_precision", sa.String(length=8), nullable=True, comment="What the point stands for: 'venue' (a site in a city: the city's point), 'city', 'region' (its largest city's point) or 'country' (its capital's point); null when there is no place or the gazetteer does not know it."))
        batch_op.create_index(batch_op.f("ix_events_location_region"), ["location_region"], unique=False)
    _replace_views((), VIEWS_V3)


def downgrade() -> None:
    _replace_views(VIEWS_V3, ())
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_location_region"))
        batch_op.drop_column("location_precision")
        batch_op.drop_column("location_region")
    _replace_views((), VIEWS_V2)


def _replace_views(old: Sequence[ViewDef], new: Sequence[ViewDef]) -> None:
    for statement in view_replacement(old, new, op.get_bind().dialect.name):
        op.execute(statement)
