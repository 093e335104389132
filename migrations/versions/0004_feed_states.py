"""Feed validators: `feed_states` keeps each feed's ETag and Last-Modified for conditional GET.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

# Comments are copied verbatim from db/models.py; long ones stay on one line.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_states",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "url", sa.String(length=700), nullable=False, comment="The feed's URL, as given to ingest."
        ),
        sa.Column(
            "etag",
            sa.Text(),
            nullable=True,
            comment="The ETag header of the last download, sent as If-None-Match.",
        ),
        sa.Column(
            "last_modified",
            sa.String(length=64),
            nullable=True,
            comment="The Last-Modified header of the last download, sent as If-Modified-Since.",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the feed was last read in full (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_states")),
        sa.UniqueConstraint("url", name=op.f("uq_feed_states_url")),
        comment="Per web feed, the validators of its last complete download, sent back on the next run (conditional GET) so an unchanged feed is answered 304 and not read again.",
    )


def downgrade() -> None:
    op.drop_table("feed_states")
