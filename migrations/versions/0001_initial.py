"""Initial schema: articles, actors, events and their reference and bookkeeping tables.

Also loads the CAMEO reference table from pipeline/kb/cameo_codes.tsv and creates the
`event_facts` and `event_dyads` views (db.views.VIEWS_V1).

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

# Column comments are copied verbatim from db/models.py; long ones stay on one line.
# ruff: noqa: E501

from __future__ import annotations

import csv
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from db.views import VIEWS_V1, create_statements, drop_statement
from pipeline.kb import KB_DIR

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CAMEO_FILE = KB_DIR / "cameo_codes.tsv"


def _cameo_rows() -> list[dict[str, object]]:
    """Read the CAMEO reference rows; an empty PLOVER type becomes NULL."""
    with CAMEO_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "code": row["code"],
                "name": row["name"],
                "root": row["root"],
                "quad_class": int(row["quad_class"]),
                "goldstein": float(row["goldstein"]),
                "plover_type": row["plover_type"] or None,
            }
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "name",
            sa.String(length=255),
            nullable=False,
            comment="Canonical name, e.g. 'William Ruto'.",
        ),
        sa.Column(
            "kind",
            sa.String(length=16),
            nullable=False,
            comment="'person', 'state', 'organisation' or 'group'.",
        ),
        sa.Column(
            "country",
            sa.String(length=3),
            nullable=True,
            comment="ISO 3166-1 alpha-3 code (historical codes allowed).",
        ),
        sa.Column(
            "office",
            sa.String(length=255),
            nullable=True,
            comment="For persons: the office held, e.g. 'Foreign Minister'.",
        ),
        sa.Column(
            "code",
            sa.String(length=32),
            nullable=True,
            comment="CAMEO actor code when known, e.g. 'CHNGOV'.",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the actor was first stored (UTC).",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the row last changed (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("name", "kind", name=op.f("uq_actors_name_kind")),
        comment="Canonical participants: one row per real person, state, organisation or group, shared by all articles.",
    )
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actors_country"), ["country"], unique=False)

    op.create_table(
        "extraction_runs",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "flow", sa.String(length=64), nullable=False, comment="Flow name, e.g. 'ingest'."
        ),
        sa.Column(
            "source", sa.Text(), nullable=False, comment="What was read: folder, feed URL, file."
        ),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the run started (UTC).",
        ),
        sa.Column(
            "finished_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the run finished (UTC); null while running or after a crash.",
        ),
        sa.Column(
            "status",
            sa.String(length=16),
            nullable=False,
            comment="'running', 'completed', 'failed'...",
        ),
        sa.Column(
            "extractor_version",
            sa.String(length=32),
            nullable=False,
            comment="Extractor version of the run.",
        ),
        sa.Column("articles_seen", sa.Integer(), nullable=False, comment="Articles read."),
        sa.Column(
            "articles_new", sa.Integer(), nullable=False, comment="Articles stored or re-extracted."
        ),
        sa.Column("events_written", sa.Integer(), nullable=False, comment="Events written."),
        sa.Column("errors", sa.Integer(), nullable=False, comment="Articles that failed."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_runs")),
        comment="One row per ingestion flow run, with its counts.",
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "document",
            sa.String(length=512),
            nullable=False,
            comment="Source id of the article (the file name for a folder source).",
        ),
        sa.Column(
            "url",
            sa.String(length=700),
            nullable=True,
            comment="Canonical URL the article was read from, if any.",
        ),
        sa.Column("title", sa.Text(), nullable=True, comment="Headline."),
        sa.Column(
            "source",
            sa.String(length=255),
            nullable=True,
            comment="Outlet or feed the article came from.",
        ),
        sa.Column(
            "published",
            sa.Date(),
            nullable=True,
            comment="Publication date; the anchor for relative event dates.",
        ),
        sa.Column(
            "published_precision",
            sa.String(length=16),
            nullable=False,
            comment="Precision of `published`: 'day' or 'unknown'.",
        ),
        sa.Column(
            "published_from",
            sa.String(length=16),
            nullable=True,
            comment="Where the publication date came from: 'metadata', 'html', 'dateline', 'url'.",
        ),
        sa.Column(
            "text",
            sa.Text()
            .with_variant(mysql.LONGTEXT(), "mariadb")
            .with_variant(mysql.LONGTEXT(), "mysql"),
            nullable=False,
            comment="Cleaned article text events come from.",
        ),
        sa.Column(
            "content_hash",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of the cleaned text: the natural key.",
        ),
        sa.Column(
            "language", sa.String(length=16), nullable=False, comment="Language code of the text."
        ),
        sa.Column(
            "extractor_version",
            sa.String(length=32),
            nullable=False,
            comment="Extractor version that produced the article's current events.",
        ),
        sa.Column(
            "ingested_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the article was first stored (UTC).",
        ),
        sa.Column(
            "extracted_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the current events were extracted (UTC).",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the row last changed (UTC).",
        ),
        sa.Column(
            "version",
            sa.Integer(),
            nullable=False,
            comment="1 for the first text seen at a URL, +1 for each change.",
        ),
        sa.Column(
            "run_id",
            sa.Integer(),
            nullable=True,
            comment="Run that last stored or re-extracted the article.",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["extraction_runs.id"],
            name=op.f("fk_articles_run_id_extraction_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_articles_content_hash")),
        sa.UniqueConstraint("url", "version", name=op.f("uq_articles_url_version")),
        comment="One row per distinct article text; a changed page at the same URL is a new row with the next version.",
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_url"), ["url"], unique=False)

    op.create_table(
        "cameo_codes",
        sa.Column(
            "code", sa.String(length=4), nullable=False, comment="CAMEO event code, e.g. '042'."
        ),
        sa.Column(
            "name", sa.String(length=255), nullable=False, comment="Codebook name of the code."
        ),
        sa.Column(
            "root", sa.String(length=2), nullable=False, comment="Two-digit root code, e.g. '04'."
        ),
        sa.Column(
            "quad_class",
            sa.Integer(),
            nullable=False,
            comment="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.",
        ),
        sa.Column(
            "goldstein",
            sa.Float(),
            nullable=False,
            comment="Goldstein scale value, -10 (conflict) to +10 (cooperation).",
        ),
        sa.Column(
            "plover_type",
            sa.String(length=32),
            nullable=True,
            comment="PLOVER event type the code maps to, if any.",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_cameo_codes")),
        comment="CAMEO event code reference table (loaded by the migrations).",
    )
    op.create_table(
        "deleted_events",
        sa.Column(
            "event_uid",
            sa.String(length=64),
            nullable=False,
            comment="event_uid of the removed event.",
        ),
        sa.Column(
            "deleted_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the event was removed (UTC).",
        ),
        sa.PrimaryKeyConstraint("event_uid", name=op.f("pk_deleted_events")),
        comment="Tombstones of events removed by re-extraction, so incremental consumers can propagate deletions.",
    )
    with op.batch_alter_table("deleted_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deleted_events_deleted_at"), ["deleted_at"], unique=False
        )

    op.create_table(
        "actor_aliases",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "actor_id", sa.Integer(), nullable=False, comment="The actor this name stands for."
        ),
        sa.Column(
            "alias", sa.String(length=255), nullable=False, comment="The name as first written."
        ),
        sa.Column(
            "alias_norm",
            sa.String(length=255),
            nullable=False,
            comment="Casefolded alias without accents, hyphens or repeated spaces (search key).",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_aliases_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_aliases")),
        sa.UniqueConstraint(
            "actor_id", "alias_norm", name=op.f("uq_actor_aliases_actor_id_alias_norm")
        ),
        comment="Names an actor was written as in articles, for search by any spelling.",
    )
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_actor_aliases_alias_norm"), ["alias_norm"], unique=False
        )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "event_uid",
            sa.String(length=64),
            nullable=False,
            comment="Stable key: hash of article content hash, code, sorted participant names and date value; survives re-extraction, used by incremental sync.",
        ),
        sa.Column(
            "article_id",
            sa.Integer(),
            nullable=False,
            comment="The article that reports the event.",
        ),
        sa.Column("code", sa.String(length=4), nullable=False, comment="CAMEO event code."),
        sa.Column(
            "root",
            sa.String(length=2),
            nullable=False,
            comment="CAMEO root code (copied so filters need no join).",
        ),
        sa.Column("quad_class", sa.Integer(), nullable=False, comment="CAMEO quad class (copied)."),
        sa.Column("goldstein", sa.Float(), nullable=False, comment="Goldstein value (copied)."),
        sa.Column(
            "date_start",
            sa.Date(),
            nullable=True,
            comment="First day the event date covers; null when unknown.",
        ),
        sa.Column(
            "date_end",
            sa.Date(),
            nullable=True,
            comment="Last day the event date covers; null when unknown.",
        ),
        sa.Column(
            "date_value",
            sa.String(length=32),
            nullable=True,
            comment="TIMEX3-style value: '2025-09-03', '2025-W36', '2025-09', '2025'...",
        ),
        sa.Column(
            "date_precision",
            sa.String(length=16),
            nullable=False,
            comment="'day', 'week', 'month', 'quarter', 'season', 'year', ... 'unknown'.",
        ),
        sa.Column(
            "date_method",
            sa.String(length=16),
            nullable=False,
            comment="How the date was found: 'explicit', 'relative', 'inherited', 'publication', 'none'.",
        ),
        sa.Column("date_text", sa.Text(), nullable=True, comment="Text the date came from."),
        sa.Column(
            "location_name",
            sa.String(length=255),
            nullable=True,
            comment="Where it happened: city, site or country.",
        ),
        sa.Column(
            "location_country",
            sa.String(length=3),
            nullable=True,
            comment="ISO-3 code of the location's country.",
        ),
        sa.Column("latitude", sa.Float(), nullable=True, comment="Latitude of the location."),
        sa.Column("longitude", sa.Float(), nullable=True, comment="Longitude of the location."),
        sa.Column(
            "modality",
            sa.String(length=16),
            nullable=False,
            comment="'asserted', 'planned', 'hypothetical' or 'negated'.",
        ),
        sa.Column("sentence", sa.Text(), nullable=True, comment="First evidence sentence."),
        sa.Column(
            "start_char",
            sa.Integer(),
            nullable=True,
            comment="Offset of the first evidence sentence in the article text.",
        ),
        sa.Column(
            "end_char",
            sa.Integer(),
            nullable=True,
            comment="End offset of the first evidence sentence.",
        ),
        sa.Column(
            "extractor_version",
            sa.String(length=32),
            nullable=False,
            comment="Extractor version that produced the event.",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the row was written (UTC).",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the row last changed (UTC); incremental sync reads from here.",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_events_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code"], ["cameo_codes.code"], name=op.f("fk_events_code_cameo_codes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("event_uid", name=op.f("uq_events_event_uid")),
        comment="One real happening reported by one article.",
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_date_start"), ["date_start"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_events_location_country"), ["location_country"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_events_root"), ["root"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "ingestion_errors",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("run_id", sa.Integer(), nullable=True, comment="Run that last met the error."),
        sa.Column(
            "document", sa.String(length=512), nullable=False, comment="Source id of the article."
        ),
        sa.Column(
            "url", sa.String(length=700), nullable=True, comment="URL of the article, if any."
        ),
        sa.Column(
            "stage",
            sa.String(length=16),
            nullable=False,
            comment="'read', 'fetch', 'decode', 'clean', 'extract' or 'store'.",
        ),
        sa.Column("message", sa.Text(), nullable=False, comment="What went wrong."),
        sa.Column(
            "fingerprint",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of document, stage and message: keeps re-runs from adding duplicates (messages are too long to index portably).",
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the error was first met (UTC).",
        ),
        sa.Column(
            "last_seen_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the error was last met (UTC).",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["extraction_runs.id"],
            name=op.f("fk_ingestion_errors_run_id_extraction_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingestion_errors")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_ingestion_errors_fingerprint")),
        comment="Articles that could not be processed; one row per distinct (document, stage, message), however often it recurs.",
    )
    with op.batch_alter_table("ingestion_errors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingestion_errors_run_id"), ["run_id"], unique=False)

    op.create_table(
        "event_evidence",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("event_id", sa.Integer(), nullable=False, comment="The event."),
        sa.Column("sentence", sa.Text(), nullable=False, comment="The sentence text."),
        sa.Column(
            "start_char", sa.Integer(), nullable=False, comment="Offset in the article text."
        ),
        sa.Column(
            "end_char", sa.Integer(), nullable=False, comment="End offset in the article text."
        ),
        sa.Column(
            "trigger",
            sa.String(length=255),
            nullable=True,
            comment="The word or phrase that triggered the event code.",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_evidence_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_evidence")),
        comment="Sentences that state an event, with offsets in the article.",
    )
    with op.batch_alter_table("event_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_evidence_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_participants",
        sa.Column("event_id", sa.Integer(), nullable=False, comment="The event."),
        sa.Column("actor_id", sa.Integer(), nullable=False, comment="The participant."),
        sa.Column(
            "role",
            sa.String(length=16),
            nullable=False,
            comment="'source', 'target', 'host', 'visitor', 'attendee' or 'participant'.",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order of the participant in the event, from 0.",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_event_participants_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_participants_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id", "role", name=op.f("pk_event_participants")),
        comment="Who took part in an event and in which role (n-ary).",
    )
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_participants_actor_id"), ["actor_id"], unique=False
        )
    cameo_codes = sa.table(
        "cameo_codes",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("root", sa.String),
        sa.column("quad_class", sa.Integer),
        sa.column("goldstein", sa.Float),
        sa.column("plover_type", sa.String),
    )
    op.bulk_insert(cameo_codes, _cameo_rows())
    dialect = op.get_context().dialect.name
    for view in VIEWS_V1:
        for statement in create_statements(view, dialect):
            op.execute(statement)


def downgrade() -> None:
    for view in reversed(VIEWS_V1):
        op.execute(drop_statement(view))
    # Dropping a table drops its indexes; dropping them first fails on MySQL/MariaDB, where
    # an index backing a foreign key cannot be dropped while the key exists.
    for table in (
        "event_participants",
        "event_evidence",
        "ingestion_errors",
        "events",
        "actor_aliases",
        "deleted_events",
        "cameo_codes",
        "articles",
        "extraction_runs",
        "actors",
    ):
        op.drop_table(table)
