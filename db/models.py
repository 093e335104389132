"""The database schema: SQLAlchemy 2.0 typed models, one class per table.

Plain typed columns for everything an analyst filters or groups on, surrogate integer keys,
natural unique keys where they exist, and a comment on every table and column (PostgreSQL gets
them as COMMENT ON through the migrations). Constraint and index names come from the naming
convention on `Base.metadata`, so migrations stay stable across SQLite, PostgreSQL and MySQL;
nobody names a constraint by hand. Every schema change goes through an Alembic migration, and a
test checks that the migrations and these models agree.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.mysql import LONGTEXT
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Article bodies can exceed MySQL's 64 KiB TEXT; other backends have unbounded TEXT.
LongText = Text().with_variant(LONGTEXT(), "mysql", "mariadb")


def utcnow() -> dt.datetime:
    """Return the current time in UTC, timezone-aware (the only kind of timestamp stored)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware timestamp stored in UTC on every backend.

    SQLite and MySQL keep no zone, so values are converted to UTC before they are written and
    read back as aware UTC datetimes; naive values are taken to be UTC already. Without this,
    SQLite would hand back naive datetimes and `since` comparisons would mix zones.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base: the shared metadata, naming convention and type map."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("url", "version"),
        {
            "comment": "One row per distinct article text; a changed page at the same URL is a "
            "new row with the next version."
        },
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    document: Mapped[str] = mapped_column(
        String(512), comment="Source id of the article (the file name for a folder source)."
    )
    url: Mapped[str | None] = mapped_column(
        String(700), index=True, comment="Canonical URL the article was read from, if any."
    )
    title: Mapped[str | None] = mapped_column(Text, comment="Headline.")
    source: Mapped[str | None] = mapped_column(
        String(255), comment="Outlet or feed the article came from."
    )
    published: Mapped[dt.date | None] = mapped_column(
        Date, comment="Publication date; the anchor for relative event dates."
    )
    published_precision: Mapped[str] = mapped_column(
        String(16), default="unknown", comment="Precision of `published`: 'day' or 'unknown'."
    )
    published_from: Mapped[str | None] = mapped_column(
        String(16),
        comment="Where the publication date came from: 'metadata', 'html', 'dateline', 'url'.",
    )
    text: Mapped[str] = mapped_column(LongText, comment="Cleaned article text events come from.")
    content_hash: Mapped[str] = mapped_column(
        String(64), unique=True, comment="SHA-256 of the cleaned text: the natural key."
    )
    language: Mapped[str] = mapped_column(String(16), comment="Language code of the text.")
    extractor_version: Mapped[str] = mapped_column(
        String(32), comment="Extractor version that produced the article's current events."
    )
    ingested_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the article was first stored (UTC)."
    )
    extracted_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the current events were extracted (UTC)."
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, comment="When the row last changed (UTC)."
    )
    version: Mapped[int] = mapped_column(
        Integer, default=1, comment="1 for the first text seen at a URL, +1 for each change."
    )
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("extraction_runs.id", ondelete="SET NULL"),
        index=True,
        comment="Run that last stored or re-extracted the article.",
    )

    events: Mapped[list[EventRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class ActorRow(Base):
    __tablename__ = "actors"
    __table_args__ = (
        UniqueConstraint("name", "kind"),
        {
            "comment": "Canonical participants: one row per real person, state, organisation "
            "or group, shared by all articles."
        },
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    name: Mapped[str] = mapped_column(String(255), comment="Canonical name, e.g. 'William Ruto'.")
    kind: Mapped[str] = mapped_column(
        String(16), comment="'person', 'state', 'organisation' or 'group'."
    )
    country: Mapped[str | None] = mapped_column(
        String(3), index=True, comment="ISO 3166-1 alpha-3 code (historical codes allowed)."
    )
    office: Mapped[str | None] = mapped_column(
        String(255), comment="For persons: the office held, e.g. 'Foreign Minister'."
    )
    code: Mapped[str | None] = mapped_column(
        String(32), comment="CAMEO actor code when known, e.g. 'CHNGOV'."
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the actor was first stored (UTC)."
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, comment="When the row last changed (UTC)."
    )

    aliases: Mapped[list[ActorAliasRow]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", passive_deletes=True
    )


class ActorAliasRow(Base):
    __tablename__ = "actor_aliases"
    __table_args__ = (
        UniqueConstraint("actor_id", "alias_norm"),
        {"comment": "Names an actor was written as in articles, for search by any spelling."},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), comment="The actor this name stands for."
    )
    alias: Mapped[str] = mapped_column(String(255), comment="The name as first written.")
    alias_norm: Mapped[str] = mapped_column(
        String(255),
        index=True,
        comment="Casefolded alias without accents, hyphens or repeated spaces (search key).",
    )

    actor: Mapped[ActorRow] = relationship(back_populates="aliases")


class CameoCodeRow(Base):
    __tablename__ = "cameo_codes"
    __table_args__ = {"comment": "CAMEO event code reference table (loaded by the migrations)."}

    code: Mapped[str] = mapped_column(
        String(4), primary_key=True, comment="CAMEO event code, e.g. '042'."
    )
    name: Mapped[str] = mapped_column(String(255), comment="Codebook name of the code.")
    root: Mapped[str] = mapped_column(String(2), comment="Two-digit root code, e.g. '04'.")
    quad_class: Mapped[int] = mapped_column(
        Integer,
        comment="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
        "4 material conflict.",
    )
    goldstein: Mapped[float] = mapped_column(
        Float, comment="Goldstein scale value, -10 (conflict) to +10 (cooperation)."
    )
    plover_type: Mapped[str | None] = mapped_column(
        String(32), comment="PLOVER event type the code maps to, if any."
    )


class HappeningIdRow(Base):
    __tablename__ = "happening_ids"
    __table_args__ = (
        # The happenings a new report may join: its root, and a span near its date.
        Index(None, "root", "first_day", "last_day"),
        {
            "comment": "Every happening id ever given out (see events.happening_id); a row "
            "stays when its happening loses its last event, so the id is never given to another "
            "one.",
            "sqlite_autoincrement": True,
        },
    )

    id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=True, comment="The happening id; never reused."
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the first event of the happening was stored (UTC)."
    )
    root: Mapped[str | None] = mapped_column(
        String(2),
        comment="CAMEO root of its events; null while none is dated to a day, week or month.",
    )
    first_day: Mapped[dt.date | None] = mapped_column(
        Date,
        comment="First day covered by its events dated to a day, week or month (db.happenings "
        "looks up the happenings a new report may join by it; not narrowed when events go).",
    )
    last_day: Mapped[dt.date | None] = mapped_column(
        Date, comment="Last day covered by its events dated to a day, week or month."
    )
    first_end: Mapped[dt.date | None] = mapped_column(
        Date,
        comment="Earliest last day of its events dated to a day, week or month: a new report "
        "must meet every one of them (db.happenings; not widened when events go).",
    )
    last_start: Mapped[dt.date | None] = mapped_column(
        Date, comment="Latest first day of its events dated to a day, week or month."
    )


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        # Covers date-range counts and sums (by root, quad class, month) without the table.
        Index(None, "date_start", "date_end", "root", "quad_class", "goldstein"),
        # A happening's events, and its latest reports first (db.happenings).
        Index(None, "happening_id", "id"),
        {"comment": "One real happening reported by one article."},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    event_uid: Mapped[str] = mapped_column(
        String(64),
        unique=True,
        comment="Stable key: hash of the article's URL (else its content hash), code, "
        "participants with roles, date value and evidence sentence; kept when the article "
        "is edited or re-extracted (see db.keys), used by incremental sync.",
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"),
        index=True,
        comment="The article that reports the event.",
    )
    code: Mapped[str] = mapped_column(
        ForeignKey("cameo_codes.code"), index=True, comment="CAMEO event code."
    )
    root: Mapped[str] = mapped_column(
        String(2), index=True, comment="CAMEO root code (copied so filters need no join)."
    )
    quad_class: Mapped[int] = mapped_column(Integer, comment="CAMEO quad class (copied).")
    goldstein: Mapped[float] = mapped_column(Float, comment="Goldstein value (copied).")
    date_start: Mapped[dt.date | None] = mapped_column(
        Date, comment="First day the event date covers; null when unknown."
    )
    date_end: Mapped[dt.date | None] = mapped_column(
        Date, comment="Last day the event date covers; null when unknown."
    )
    date_value: Mapped[str | None] = mapped_column(
        String(32), comment="TIMEX3-style value: '2025-09-03', '2025-W36', '2025-09', '2025'..."
    )
    date_precision: Mapped[str] = mapped_column(
        String(16), comment="'day', 'week', 'month', 'quarter', 'season', 'year', ... 'unknown'."
    )
    date_method: Mapped[str] = mapped_column(
        String(16),
        comment="How the date was found: 'explicit', 'relative', 'inherited', 'publication', "
        "'none'.",
    )
    date_text: Mapped[str | None] = mapped_column(Text, comment="Text the date came from.")
    location_name: Mapped[str | None] = mapped_column(
        String(255), comment="Where it happened: city, site or country."
    )
    location_country: Mapped[str | None] = mapped_column(
        String(3), index=True, comment="ISO-3 code of the location's country."
    )
    location_region: Mapped[str | None] = mapped_column(
        String(8),
        index=True,
        comment="ISO 3166-2 code of the location's first-level region, e.g. 'CN-GD'.",
    )
    latitude: Mapped[float | None] = mapped_column(Float, comment="Latitude of the location.")
    longitude: Mapped[float | None] = mapped_column(Float, comment="Longitude of the location.")
    location_precision: Mapped[str | None] = mapped_column(
        String(8),
        comment="What the point stands for: 'venue' (a site in a city: the city's point), "
        "'city', 'region' (its largest city's point) or 'country' (its capital's point); "
        "null when there is no place or the gazetteer does not know it.",
    )
    modality: Mapped[str] = mapped_column(
        String(16), comment="'asserted', 'planned', 'hypothetical' or 'negated'."
    )
    happening_id: Mapped[int | None] = mapped_column(
        ForeignKey("happening_ids.id"),
        comment="The real happening the event reports, shared by the events of every article "
        "that reports it (db.happenings); given when the event is stored.",
    )
    sentence: Mapped[str | None] = mapped_column(Text, comment="First evidence sentence.")
    start_char: Mapped[int | None] = mapped_column(
        Integer, comment="Offset of the first evidence sentence in the article text."
    )
    end_char: Mapped[int | None] = mapped_column(
        Integer, comment="End offset of the first evidence sentence."
    )
    extractor_version: Mapped[str] = mapped_column(
        String(32), comment="Extractor version that produced the event."
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the row was written (UTC)."
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow,
        onupdate=utcnow,
        index=True,
        comment="When the row last changed (UTC); incremental readers use changes.seq instead.",
    )

    article: Mapped[ArticleRow] = relationship(back_populates="events")
    participants: Mapped[list[EventParticipantRow]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventParticipantRow.position",
    )
    evidence: Mapped[list[EventEvidenceRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="EventEvidenceRow.id"
    )


class EventParticipantRow(Base):
    __tablename__ = "event_participants"
    __table_args__ = (
        # An actor's (or a country's) events and roles, read from the index alone: what
        # event_dyads and the timeline queries start from.
        Index(None, "actor_id", "event_id", "role", "position"),
        {"comment": "Who took part in an event and in which role (n-ary)."},
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, comment="The event."
    )
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id"), primary_key=True, comment="The participant."
    )
    role: Mapped[str] = mapped_column(
        String(16),
        primary_key=True,
        comment="'source', 'target', 'host', 'visitor', 'attendee' or 'participant'.",
    )
    position: Mapped[int] = mapped_column(
        Integer, comment="Order of the participant in the event, from 0."
    )
    side: Mapped[str | None] = mapped_column(
        String(6),
        comment="'source' or 'target': the side of the event the participant is on, from its "
        "role (db.sides); without roles, the first participant is the source and each other "
        "actor a target. Null for participants on neither side.",
    )

    actor: Mapped[ActorRow] = relationship()


class EventEvidenceRow(Base):
    __tablename__ = "event_evidence"
    __table_args__ = {"comment": "Sentences that state an event, with offsets in the article."}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True, comment="The event."
    )
    sentence: Mapped[str] = mapped_column(Text, comment="The sentence text.")
    start_char: Mapped[int] = mapped_column(Integer, comment="Offset in the article text.")
    end_char: Mapped[int] = mapped_column(Integer, comment="End offset in the article text.")
    trigger: Mapped[str | None] = mapped_column(
        String(255), comment="The word or phrase that triggered the event code."
    )


class ExtractionRunRow(Base):
    __tablename__ = "extraction_runs"
    __table_args__ = {"comment": "One row per ingestion flow run, with its counts."}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    flow: Mapped[str] = mapped_column(String(64), comment="Flow name, e.g. 'ingest'.")
    source: Mapped[str] = mapped_column(Text, comment="What was read: folder, feed URL, file.")
    started_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the run started (UTC)."
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(
        comment="When the run finished (UTC); null while running or after a crash."
    )
    status: Mapped[str] = mapped_column(
        String(16), default="running", comment="'running', 'completed', 'failed'..."
    )
    extractor_version: Mapped[str] = mapped_column(
        String(32), comment="Extractor version of the run."
    )
    articles_seen: Mapped[int] = mapped_column(Integer, default=0, comment="Articles read.")
    articles_new: Mapped[int] = mapped_column(
        Integer, default=0, comment="Articles stored or re-extracted."
    )
    events_written: Mapped[int] = mapped_column(Integer, default=0, comment="Events written.")
    errors: Mapped[int] = mapped_column(Integer, default=0, comment="Articles that failed.")


class IngestionErrorRow(Base):
    __tablename__ = "ingestion_errors"
    __table_args__ = {
        "comment": "Articles that could not be processed; one row per distinct "
        "(document, stage, message), however often it recurs."
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("extraction_runs.id", ondelete="SET NULL"),
        index=True,
        comment="Run that last met the error.",
    )
    document: Mapped[str] = mapped_column(String(512), comment="Source id of the article.")
    url: Mapped[str | None] = mapped_column(String(700), comment="URL of the article, if any.")
    stage: Mapped[str] = mapped_column(
        String(16), comment="'read', 'fetch', 'decode', 'clean', 'extract' or 'store'."
    )
    message: Mapped[str] = mapped_column(Text, comment="What went wrong.")
    fingerprint: Mapped[str] = mapped_column(
        String(64),
        unique=True,
        comment="SHA-256 of document, stage and message: keeps re-runs from adding duplicates "
        "(messages are too long to index portably).",
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the error was first met (UTC)."
    )
    last_seen_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the error was last met (UTC)."
    )


class DeletedEventRow(Base):
    __tablename__ = "deleted_events"
    __table_args__ = {
        "comment": "Tombstones of events removed by re-extraction or superseded by a newer "
        "version of their page, so incremental consumers can propagate deletions."
    }

    event_uid: Mapped[str] = mapped_column(
        String(64), primary_key=True, comment="event_uid of the removed event."
    )
    deleted_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, index=True, comment="When the event was removed (UTC)."
    )


class ChangeRow(Base):
    __tablename__ = "changes"
    __table_args__ = (
        Index(None, "entity", "key", "seq"),
        {
            "comment": "Append-only change log: one row per article, actor or event written or "
            "deleted, in commit order; `seq` is the watermark of sync and export --since.",
            "sqlite_autoincrement": True,
        },
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"),
        primary_key=True,
        autoincrement=True,
        comment="Change sequence number: increasing in commit order, never reused.",
    )
    entity: Mapped[str] = mapped_column(String(16), comment="'article', 'event' or 'actor'.")
    key: Mapped[str] = mapped_column(
        String(300),
        comment="Stable key of the changed row: articles.content_hash, events.event_uid, or "
        "'kind:canonical name' for actors.",
    )
    op: Mapped[str] = mapped_column(
        String(8), comment="'upsert' (written or rewritten) or 'delete' (removed)."
    )
    changed_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, comment="When the change was committed (UTC); informative, not ordered."
    )


class ChangeLogLockRow(Base):
    __tablename__ = "change_log_lock"
    __table_args__ = {
        "comment": "One row that writers lock (UPDATE) before appending to `changes`, so "
        "change sequence numbers become visible in the order they were given out."
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Always 1.")
    appended_at: Mapped[dt.datetime | None] = mapped_column(
        comment="When a writer last appended to the change log (UTC)."
    )


class FeedStateRow(Base):
    __tablename__ = "feed_states"
    __table_args__ = {
        "comment": "Per web feed, the validators of its last complete download, sent back on the "
        "next run (conditional GET) so an unchanged feed is answered 304 and not read again."
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    url: Mapped[str] = mapped_column(
        String(700), unique=True, comment="The feed's URL, as given to ingest."
    )
    etag: Mapped[str | None] = mapped_column(
        Text, comment="The ETag header of the last download, sent as If-None-Match."
    )
    last_modified: Mapped[str | None] = mapped_column(
        String(64),
        comment="The Last-Modified header of the last download, sent as If-Modified-Since.",
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, comment="When the feed was last read in full (UTC)."
    )


# Longest file path kept in file_states (a unique key within MySQL's 3072-byte index limit);
# files with longer paths are simply read on every run.
MAX_FILE_PATH = 700


class FileStateRow(Base):
    __tablename__ = "file_states"
    __table_args__ = {
        "comment": "Per file of a watched folder, its size, modification time and hash when a "
        "completed scheduled run last read it, so an unchanged file is skipped before it is "
        "read (and a bad one reported once until it changes)."
    }

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key.")
    path: Mapped[str] = mapped_column(
        String(MAX_FILE_PATH), unique=True, comment="The file's absolute path."
    )
    folder: Mapped[str] = mapped_column(
        String(MAX_FILE_PATH), index=True,
        comment="The watched folder, as given to the scheduled run (absolute).",
    )
    size: Mapped[int] = mapped_column(BigInteger, comment="Size in bytes when last read.")
    mtime_ns: Mapped[int] = mapped_column(
        BigInteger, comment="Modification time when last read (nanoseconds since the epoch)."
    )
    content_hash: Mapped[str] = mapped_column(
        String(64), comment="SHA-256 of the file's bytes when last read."
    )
    extractor_version: Mapped[str] = mapped_column(
        String(32), comment="Extractor version of that run; another version reads it again."
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, comment="When the file was last read (UTC)."
    )
