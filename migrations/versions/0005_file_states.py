"""Watched folders: `file_states` keeps each file's size, mtime and hash when last read.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

# Comments are copied verbatim from db/models.py; long ones stay on one line.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "file_states",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("path", sa.String(length=700), nullable=False, comment="The file's absolute path."),
        sa.Column("folder", sa.String(length=700), nullable=False, comment="The watched folder, as given to the scheduled run (absolute)."),
        sa.Column("size", sa.BigInteger(), nullable=False, comment="Size in bytes when last read."),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False, comment="Modification time when last read (nanoseconds since the epoch)."),
        sa.Column("content_hash", sa.String(length=64), nullable=False, comment="SHA-256 of the file's bytes when last read."),
        sa.Column("extractor_version", sa.String(length=32), nullable=False, comment="Extractor version of that run; another version reads it again."),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, comment="When the file was last read (UTC)."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_states")),
        sa.UniqueConstraint("path", name=op.f("uq_file_states_path")),
        comment="Per file of a watched folder, its size, modification time and hash when a completed scheduled run last read it, so an unchanged file is skipped before it is read (and a bad one reported once until it changes).",
    )
    with op.batch_alter_table("file_states", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_states_folder"), ["folder"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("file_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_file_states_folder"))
    op.drop_table("file_states")
