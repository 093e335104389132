"""Keys that last: `events.event_uid` now says what it is derived from (db.keys).

Only the column's description changes. Stored uids are not recomputed: an event keeps the
key it was stored with until its article is next re-extracted or edited, when the writer
replaces it, once, by the new key (logged as a `delete` of the old key and an `upsert` of
the new one, as every re-extraction did before). From then on the key lasts. Recomputing
every key here would instead make every sync target and export consumer delete and insert
every event at once, including those of articles that will never change.

SQLite keeps no column descriptions, so there is nothing to do there.

Revision ID: 0008_stable_keys
Revises: 0007_places
Create Date: 2026-12-04
"""

# Comments are copied verbatim from db/models.py; long ones stay on one line.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_stable_keys"
down_revision: str | Sequence[str] | None = "0007_places"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_COMMENT = "Stable key: hash of article content hash, code, sorted participant names and date value; survives re-extraction, used by incremental sync."
NEW_COMMENT = "Stable key: hash of the article's URL (else its content hash), code, participants with roles, date value and evidence sentence; kept when the article is edited or re-extracted (see db.keys), used by incremental sync."


def upgrade() -> None:
    _comment(NEW_COMMENT, OLD_COMMENT)


def downgrade() -> None:
    _comment(OLD_COMMENT, NEW_COMMENT)


def _comment(comment: str, existing: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column(
        "events",
        "event_uid",
        existing_type=sa.String(length=64),
        existing_nullable=False,
        comment=comment,
        existing_comment=existing,
    )
