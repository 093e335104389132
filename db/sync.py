"""Incremental copy of events, their participants, actors and articles into another database.

Another service (PostgreSQL, MariaDB/MySQL or SQLite) gets a small layout of its own, keyed on
the stable ids (article content hash, event_uid, actor key) rather than on our surrogate ids,
so rows can be upserted from any number of runs and never clash with the target's own tables:

    dip_articles            one row per article (key: content_hash)
    dip_actors              one row per canonical actor (key: actor_key, 'kind:name')
    dip_events              one row per event (key: event_uid), CAMEO names flattened in
    dip_event_participants  (event_uid, actor_key, role), with the actor's name and kind
    dip_sync_state          one row per copied table: the change-log watermark, layout version

Why not Alembic: the target is another service's database, with its own migrations (maybe
Alembic, maybe not) and its own alembic_version table that ours must not touch. The layout is
small, additive and created idempotently by `ensure_target`; its version is kept in
dip_sync_state so a later layout change can be detected and migrated by this module.

How it stays correct: the source's change log (`db.changes`) gives every change a sequence
number in commit order. Each batch reads the next changes after the target's watermark, reads
the current source rows for the changed keys, upserts or deletes them in the target and moves
the watermark, all in one target transaction, so a crash half-way leaves the target at the end
of the last committed batch and the next run resumes there. Upserts make replays harmless.
There are no foreign keys between the dip_ tables: `tables` may copy only some of them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    Engine,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    inspect,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.exc import IntegrityError

from db.bulk import chunks, delete_keys, insert_rows, one_of, present_keys, upsert_rows
from db.changes import DELETE, Entity, actor_key, current_seq, split_actor_key
from db.migrate import require_current
from db.models import (
    NAMING_CONVENTION,
    ActorRow,
    ArticleRow,
    CameoCodeRow,
    ChangeRow,
    EventParticipantRow,
    EventRow,
    LongText,
    UTCDateTime,
    utcnow,
)
from db.retry import retried
from db.session import make_engine
from db.sync_stream import can_stream, stream_new_rows

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Version of the dip_ layout below; bump it (and migrate old targets here) when it changes.
# 2: dip_events.goldstein is DECIMAL(4,1), not FLOAT (MariaDB's 4-byte FLOAT gave 3.4000000953…).
# 3: dip_event_participants is indexed on actor_key (an actor's events, joins to dip_actors).
# 4: dip_events has the place's region and precision and the happening id; participants their
#    side. Upgrading resets the events' watermark, so the next sync rewrites every event.
LAYOUT_VERSION = 4
# Goldstein values run from -10.0 to +10.0 in steps of 0.1: stored exactly as decimals.
GOLDSTEIN = Numeric(4, 1)
_TENTH = Decimal("0.1")
# Changes per target transaction: large enough that round trips do not dominate a full
# sync, small enough to hold a batch's rows (articles with their text) in memory.
DEFAULT_BATCH_SIZE = 5000
TARGET_DIALECTS = ("postgresql", "mysql", "mariadb", "sqlite")
# What `tables` may name, in the order a sync applies them.
SYNC_TABLES: tuple[str, ...] = ("articles", "actors", "events")
_ENTITY: dict[str, Entity] = {"articles": "article", "actors": "actor", "events": "event"}
_TABLE_OF: dict[str, str] = {entity: name for name, entity in _ENTITY.items()}


def _key(length: int) -> Any:
    """A key column type; binary collation on MySQL, whose default collation would make
    'Tomás' and 'Tomas' the same key."""
    return String(length).with_variant(
        mysql.VARCHAR(length, charset="utf8mb4", collation="utf8mb4_bin"), "mysql", "mariadb"
    )


target_metadata = MetaData(naming_convention=NAMING_CONVENTION)

dip_articles = Table(
    "dip_articles",
    target_metadata,
    Column("content_hash", _key(64), primary_key=True, comment="SHA-256 of the article text."),
    Column("document", String(512), nullable=False, comment="Source id of the article."),
    Column("url", String(700), comment="URL the article was read from."),
    Column(
        "version", Integer, nullable=False, comment="1 for the first text at a URL, +1 per change."
    ),
    Column("title", Text, comment="Headline."),
    Column("source", String(255), comment="Outlet or feed."),
    Column("published", Date, comment="Publication date."),
    Column("published_precision", String(16), nullable=False, comment="'day' or 'unknown'."),
    Column("published_from", String(16), comment="Where the publication date came from."),
    Column("language", String(16), nullable=False, comment="Language code of the text."),
    Column("text", LongText, nullable=False, comment="Cleaned article text."),
    Column("extractor_version", String(32), nullable=False, comment="Extractor version."),
    Column("ingested_at", UTCDateTime(), nullable=False, comment="First stored (UTC)."),
    Column("extracted_at", UTCDateTime(), nullable=False, comment="Last extracted (UTC)."),
    Column("synced_seq", BigInteger, nullable=False, comment="Source change seq last applied."),
    Column("synced_at", UTCDateTime(), nullable=False, comment="When last copied (UTC)."),
    comment="dipevents articles (copied by dipevents sync).",
)

dip_actors = Table(
    "dip_actors",
    target_metadata,
    Column("actor_key", _key(300), primary_key=True, comment="'kind:canonical name'."),
    Column("name", String(255), nullable=False, comment="Canonical name."),
    Column("kind", String(16), nullable=False, comment="person, state, organisation, group."),
    Column("country", String(3), comment="ISO 3166-1 alpha-3 code."),
    Column("office", String(255), comment="Office held, for persons."),
    Column("code", String(32), comment="CAMEO actor code."),
    Column("synced_seq", BigInteger, nullable=False, comment="Source change seq last applied."),
    Column("synced_at", UTCDateTime(), nullable=False, comment="When last copied (UTC)."),
    comment="dipevents canonical actors (copied by dipevents sync).",
)

dip_events = Table(
    "dip_events",
    target_metadata,
    Column("event_uid", _key(64), primary_key=True, comment="Stable event key."),
    Column("content_hash", _key(64), nullable=False, index=True, comment="The article's key."),
    Column("code", String(4), nullable=False, comment="CAMEO event code."),
    Column("cameo_name", String(255), nullable=False, comment="Codebook name of the code."),
    Column("root", String(2), nullable=False, comment="CAMEO root code."),
    Column("quad_class", Integer, nullable=False, comment="CAMEO quad class (1..4)."),
    Column("goldstein", GOLDSTEIN, nullable=False, comment="Goldstein value (exact decimal)."),
    Column("plover_type", String(32), comment="PLOVER event type."),
    Column("date_start", Date, index=True, comment="First day of the event date."),
    Column("date_end", Date, comment="Last day of the event date."),
    Column("date_value", String(32), comment="TIMEX3-style date value."),
    Column("date_precision", String(16), nullable=False, comment="Precision of the date."),
    Column("date_method", String(16), nullable=False, comment="How the date was found."),
    Column("date_text", Text, comment="Text the date came from."),
    Column("location_name", String(255), comment="Where it happened."),
    Column("location_country", String(3), comment="ISO-3 country of the location."),
    Column("latitude", Float, comment="Latitude."),
    Column("longitude", Float, comment="Longitude."),
    Column("location_region", String(8), comment="ISO 3166-2 region of the location."),
    Column("location_precision", String(8), comment="venue, city, region or country."),
    Column("happening_id", BigInteger, comment="The real happening (shared across articles)."),
    Column("modality", String(16), nullable=False, comment="asserted, planned, ..."),
    Column("sentence", Text, comment="First evidence sentence."),
    Column("extractor_version", String(32), nullable=False, comment="Extractor version."),
    Column("created_at", UTCDateTime(), nullable=False, comment="Written in the source (UTC)."),
    Column("updated_at", UTCDateTime(), nullable=False, comment="Changed in the source (UTC)."),
    Column("synced_seq", BigInteger, nullable=False, comment="Source change seq last applied."),
    Column("synced_at", UTCDateTime(), nullable=False, comment="When last copied (UTC)."),
    comment="dipevents events (copied by dipevents sync).",
)

dip_event_participants = Table(
    "dip_event_participants",
    target_metadata,
    Column("event_uid", _key(64), primary_key=True, comment="The event."),
    Column(
        "actor_key", _key(300), primary_key=True, index=True, comment="The actor (dip_actors)."
    ),
    Column("role", String(16), primary_key=True, comment="source, target, host, ..."),
    Column("position", Integer, nullable=False, comment="Order in the event, from 0."),
    Column("side", String(6), comment="'source', 'target' or null: the side of the event."),
    Column("actor_name", String(255), nullable=False, comment="Canonical name of the actor."),
    Column("actor_kind", String(16), nullable=False, comment="Kind of the actor."),
    comment="Who took part in a dipevents event (copied with dip_events).",
)

dip_sync_state = Table(
    "dip_sync_state",
    target_metadata,
    Column("name", String(32), primary_key=True, comment="'articles', 'actors' or 'events'."),
    Column("last_seq", BigInteger, nullable=False, comment="Source change seq applied up to."),
    Column("layout_version", Integer, nullable=False, comment="Version of the dip_ layout."),
    Column("synced_at", UTCDateTime(), comment="When a batch last committed (UTC)."),
    comment="Where dipevents sync stands in this database: one watermark per copied table.",
)

# The target tables new rows are streamed into (db.sync_stream), by copied table.
_STREAMED: dict[str, Table] = {
    "articles": dip_articles,
    "actors": dip_actors,
    "events": dip_events,
    "participants": dip_event_participants,
}
# Copied table -> (its target table, its key column there).
_TARGETS: dict[str, tuple[Table, str]] = {
    "articles": (dip_articles, "content_hash"),
    "actors": (dip_actors, "actor_key"),
    "events": (dip_events, "event_uid"),
}


class SyncError(RuntimeError):
    """The target cannot be synced: layout from another version, or fed by another source."""


@dataclass(frozen=True)
class SyncReport:
    """What a sync did (also handed to the progress callback after every batch).

    target: the target URL without password.
    tables: the copied tables ('articles', 'actors', 'events').
    start_seq: the lowest watermark of those tables before the run.
    end_seq: the lowest watermark after the run (equal to source_seq when complete).
    source_seq: the source's newest change when the run started; the run stops there.
    batches: batches committed.
    upserted, deleted: rows written and removed, by target table name.
    """

    target: str
    tables: tuple[str, ...]
    start_seq: int
    end_seq: int
    source_seq: int
    batches: int = 0
    upserted: Mapping[str, int] = field(default_factory=dict)
    deleted: Mapping[str, int] = field(default_factory=dict)

    @property
    def changes(self) -> int:
        """Rows written or removed in the target, all tables together."""
        return sum(self.upserted.values()) + sum(self.deleted.values())


ProgressCallback = Callable[[SyncReport], None]


def select_tables(tables: Sequence[str] | None) -> tuple[str, ...]:
    """Return the tables to copy, in apply order; None means all of them.

    Raises ValueError naming the choices for an unknown name.
    """
    if tables is None:
        return SYNC_TABLES
    unknown = [name for name in tables if name not in SYNC_TABLES]
    if unknown or not tables:
        raise ValueError(
            f"cannot sync {', '.join(map(repr, unknown)) or 'no tables'}: choose from "
            f"{', '.join(SYNC_TABLES)} (events bring their participants)"
        )
    return tuple(name for name in SYNC_TABLES if name in tables)


def sync(
    source_engine: Engine,
    target_url: str,
    *,
    tables: Sequence[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
) -> SyncReport:
    """Copy what changed in the source since the target's watermark into the target.

    source_engine (Engine): the dipevents database, at the current schema revision.
    target_url (str): the other database; `postgresql://`, `mysql://`, `mariadb://` and
        `sqlite:///` URLs work (see `db.session.database_url`).
    tables (Sequence[str] | None): 'articles', 'actors', 'events' to copy; None copies all.
    batch_size (int): changes read per target transaction.
    progress (callable | None): called with the report so far after each committed batch;
        an exception it raises stops the sync after that batch (which stays committed).
    RETURNS (SyncReport): what was copied; `changes == 0` when the target was up to date.
    Raises SyncError when the target's layout or watermark does not fit this source.
    """
    selected = select_tables(tables)
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    require_current(source_engine)
    base_engine = make_engine(target_url)
    target = base_engine.execution_options(sqlite_begin="IMMEDIATE")
    try:
        if target.dialect.name not in TARGET_DIALECTS:
            raise SyncError(
                f"cannot sync into a {target.dialect.name} database: use PostgreSQL, "
                "MySQL/MariaDB or SQLite"
            )
        ensure_target(target)
        source_seq = current_seq(source_engine)
        with target.connect() as connection:
            marks = _watermarks(connection, selected)
        start = min(marks.values())
        if start > source_seq:
            raise SyncError(
                f"the target's watermark ({start}) is ahead of the source's last change "
                f"({source_seq}): the target was filled from another dipevents database; "
                "sync into a fresh database or drop its dip_ tables"
            )
        report = SyncReport(
            target=target.url.render_as_string(hide_password=True),
            tables=selected,
            start_seq=start,
            end_seq=start,
            source_seq=source_seq,
        )
        while report.end_seq < source_seq:
            report = _sync_batch(source_engine, target, report, batch_size)
            logger.debug("sync batch %d up to seq %d", report.batches, report.end_seq)
            if progress is not None:
                progress(report)
        logger.info(
            "synced %d changes into %s (seq %d -> %d)",
            report.changes,
            report.target,
            report.start_seq,
            report.end_seq,
        )
        return report
    finally:
        base_engine.dispose()


def ensure_target(target: Engine) -> None:
    """Create the dip_ tables and watermark rows that are missing; check the layout version.

    Safe to run any number of times, also while another sync runs. Not retried: a target
    that does not answer at the start is more likely a wrong --to than an outage.
    """
    with target.begin() as connection:
        target_metadata.create_all(connection, checkfirst=True)
        known = dict(
            connection.execute(select(dip_sync_state.c.name, dip_sync_state.c.layout_version))
            .tuples()
            .all()
        )
    if known and max(known.values()) < LAYOUT_VERSION:
        _upgrade_layout(target, min(known.values()))
        known = dict.fromkeys(known, LAYOUT_VERSION)
    wrong = {name: version for name, version in known.items() if version != LAYOUT_VERSION}
    if wrong:
        raise SyncError(
            f"the dip_ tables in {target.url.render_as_string(hide_password=True)} have layout "
            f"version {sorted(set(wrong.values()))}, this dipevents writes version "
            f"{LAYOUT_VERSION}: upgrade dipevents, or drop the dip_ tables to copy afresh"
        )
    for name in SYNC_TABLES:
        if name in known:
            continue
        try:
            with target.begin() as connection:
                connection.execute(
                    dip_sync_state.insert().values(
                        name=name, last_seq=0, layout_version=LAYOUT_VERSION, synced_at=None
                    )
                )
        except IntegrityError:  # created by a concurrent sync
            continue


def _upgrade_layout(target: Engine, version: int) -> None:
    """Migrate dip_ tables of an older layout `version` to LAYOUT_VERSION, in one transaction."""
    with target.begin() as connection:
        dialect = connection.dialect.name
        if version < 2:  # goldstein FLOAT -> DECIMAL(4,1), rounded to the tenth it always was
            if dialect == "postgresql":
                connection.exec_driver_sql(
                    "ALTER TABLE dip_events ALTER COLUMN goldstein TYPE NUMERIC(4, 1) "
                    "USING round(CAST(goldstein AS NUMERIC), 1)"
                )
            elif dialect in ("mysql", "mariadb"):
                connection.exec_driver_sql(
                    "ALTER TABLE dip_events MODIFY goldstein DECIMAL(4, 1) NOT NULL "
                    "COMMENT 'Goldstein value (exact decimal).'"
                )
            # SQLite keeps its REAL values; they are read back as decimals rounded to 0.1.
        if version < 3:
            for index in dip_event_participants.indexes:
                index.create(connection, checkfirst=True)
        added = _add_missing_columns(connection, dip_events) + _add_missing_columns(
            connection, dip_event_participants
        )
        if added:  # the rows copied before lack the new values: the next sync rewrites them
            connection.execute(
                update(dip_sync_state).where(dip_sync_state.c.name == "events").values(last_seq=0)
            )
        connection.execute(update(dip_sync_state).values(layout_version=LAYOUT_VERSION))
    logger.info("upgraded the dip_ tables from layout %d to %d", version, LAYOUT_VERSION)


def _add_missing_columns(connection: Connection, table: Table) -> list[str]:
    """Add the columns of `table`'s current definition that its target version lacks (all
    nullable: layout 4's); return their names."""
    present = {column["name"] for column in inspect(connection).get_columns(table.name)}
    missing = [column for column in table.columns if column.name not in present]
    for column in missing:
        kind = column.type.compile(dialect=connection.dialect)
        connection.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}")
    return [column.name for column in missing]


def _watermarks(
    connection: Connection, selected: Sequence[str], *, lock: bool = False
) -> dict[str, int]:
    query = select(dip_sync_state.c.name, dip_sync_state.c.last_seq).where(
        dip_sync_state.c.name.in_(selected)
    )
    if lock:  # one sync at a time per target; SQLite is locked by BEGIN IMMEDIATE instead
        query = query.with_for_update()
    return {name: int(seq) for name, seq in connection.execute(query).tuples()}


@retried
def _sync_batch(
    source_engine: Engine, target: Engine, report: SyncReport, batch_size: int
) -> SyncReport:
    """Apply the next batch of changes and move the watermarks, in one target transaction.

    Safe to repeat after a fault: the batch starts from the watermarks it reads.
    """
    entities = [_ENTITY[name] for name in report.tables]
    upserted = dict(report.upserted)
    deleted = dict(report.deleted)
    with target.begin() as target_connection:
        marks = _watermarks(target_connection, report.tables, lock=True)
        low = min(marks.values())
        with source_engine.connect() as source_connection:
            changes = source_connection.execute(
                select(ChangeRow.seq, ChangeRow.entity, ChangeRow.key, ChangeRow.op)
                .where(
                    ChangeRow.seq > low,
                    ChangeRow.seq <= report.source_seq,
                    ChangeRow.entity.in_(entities),
                )
                .order_by(ChangeRow.seq)
                .limit(batch_size)
            ).all()
            # The last change of a key in the batch wins; tables already past it skip it.
            pending: dict[str, dict[str, tuple[int, str]]] = {name: {} for name in report.tables}
            for seq, entity, key, op in changes:
                name = _TABLE_OF[entity]
                if seq > marks[name]:
                    pending[name][key] = (seq, op)
            now = utcnow()
            for name in report.tables:
                written, removed = _apply(
                    name, pending[name], source_connection, target_connection, now
                )
                for table, count in written.items():
                    upserted[table] = upserted.get(table, 0) + count
                for table, count in removed.items():
                    deleted[table] = deleted.get(table, 0) + count
        # A short batch means every change up to source_seq was read.
        end = changes[-1].seq if len(changes) == batch_size else report.source_seq
        target_connection.execute(
            update(dip_sync_state)
            .where(dip_sync_state.c.name.in_(report.tables), dip_sync_state.c.last_seq < end)
            .values(last_seq=end, synced_at=now)
        )
    return replace(
        report, end_seq=end, batches=report.batches + 1, upserted=upserted, deleted=deleted
    )


def _apply(
    name: str,
    pending: Mapping[str, tuple[int, str]],
    source: Connection,
    target: Connection,
    now: dt.datetime,
) -> tuple[dict[str, int], dict[str, int]]:
    """Write or delete the pending keys of one copied table; return the counts by table.

    Only keys the target has are deleted or upserted (and only their participants
    replaced); the others are inserted in bulk (streamed by COPY between two PostgreSQL
    databases, `db.sync_stream`), so a first full sync deletes nothing.
    """
    table, key_column = _TARGETS[name]
    present = present_keys(target, table, key_column, list(pending))
    wanted = [key for key, (_seq, op) in pending.items() if op != DELETE]
    written: dict[str, int] = {}
    if can_stream(source, target):  # new rows go by COPY, server to server
        new = {key: pending[key][0] for key in wanted if key not in present}
        written = stream_new_rows(name, new, source, target, _STREAMED, now)
        wanted = [key for key in wanted if key in present]
    rows: dict[str, dict[str, Any]] = {}
    for part in chunks(wanted):
        rows.update(_READERS[name](source, list(part)))
    for row in rows.values():
        row["synced_seq"] = pending[row[key_column]][0]
        row["synced_at"] = now
    removed: dict[str, int] = {}
    # Deleted, or no longer in the source; counted only as far as the target had them.
    gone = [key for key in pending if key not in rows and key in present]
    if name == "events":
        participants = [p for row in rows.values() for p in row.pop("participants")]
        _count(removed, dip_event_participants.name,
               delete_keys(target, dip_event_participants, "event_uid", gone))
        # Rewritten events get their participants anew below.
        rewritten = [key for key in rows if key in present]
        delete_keys(target, dip_event_participants, "event_uid", rewritten)
    _count(removed, table.name, delete_keys(target, table, key_column, gone))
    upsert_rows(target, table, [row for key, row in rows.items() if key in present])
    insert_rows(target, table, [row for key, row in rows.items() if key not in present])
    _count(written, table.name, len(rows))
    if name == "events":
        insert_rows(target, dip_event_participants, participants)
        _count(written, dip_event_participants.name, len(participants))
    return written, removed


def _count(counts: dict[str, int], table: str, rows: int) -> None:
    if rows > 0:
        counts[table] = counts.get(table, 0) + rows


# Readers: the current source rows for the given keys, as target rows keyed by their key.


def _read_articles(source: Connection, keys: list[str]) -> dict[str, dict[str, Any]]:
    columns = [c.name for c in dip_articles.columns if c.name not in ("synced_seq", "synced_at")]
    query = select(*(ArticleRow.__table__.c[name] for name in columns)).where(
        one_of(ArticleRow.content_hash, keys, source.dialect.name)
    )
    return {row.content_hash: dict(row._mapping) for row in source.execute(query)}


def _read_actors(source: Connection, keys: list[str]) -> dict[str, dict[str, Any]]:
    pairs = [split_actor_key(key) for key in keys]
    query = select(
        ActorRow.name, ActorRow.kind, ActorRow.country, ActorRow.office, ActorRow.code
    ).where(tuple_(ActorRow.name, ActorRow.kind).in_(pairs))
    rows: dict[str, dict[str, Any]] = {}
    for row in source.execute(query):
        key = actor_key(row.name, row.kind)
        rows[key] = {"actor_key": key, **row._mapping}
    return rows


def _read_events(source: Connection, keys: list[str]) -> dict[str, dict[str, Any]]:
    plain = [
        c.name
        for c in dip_events.columns
        if c.name not in ("content_hash", "cameo_name", "plover_type", "synced_seq", "synced_at")
    ]
    query = (
        select(
            EventRow.id,
            *(EventRow.__table__.c[name] for name in plain),
            ArticleRow.content_hash,
            CameoCodeRow.name.label("cameo_name"),
            CameoCodeRow.plover_type,
        )
        .join(ArticleRow, ArticleRow.id == EventRow.article_id)
        .join(CameoCodeRow, CameoCodeRow.code == EventRow.code)
        .where(one_of(EventRow.event_uid, keys, source.dialect.name))
    )
    rows: dict[str, dict[str, Any]] = {}
    uid_by_id: dict[int, str] = {}
    for row in source.execute(query):
        values = dict(row._mapping)
        uid_by_id[values.pop("id")] = row.event_uid
        values["goldstein"] = Decimal(repr(values["goldstein"])).quantize(_TENTH)
        values["participants"] = []
        rows[row.event_uid] = values
    if uid_by_id:
        participants = source.execute(
            select(
                EventParticipantRow.event_id,
                EventParticipantRow.role,
                EventParticipantRow.position,
                EventParticipantRow.side,
                ActorRow.name,
                ActorRow.kind,
            )
            .join(ActorRow, ActorRow.id == EventParticipantRow.actor_id)
            .where(one_of(EventParticipantRow.event_id, list(uid_by_id), source.dialect.name))
        )
        for event_id, role, position, side, name, kind in participants:
            uid = uid_by_id[event_id]
            rows[uid]["participants"].append(
                {
                    "event_uid": uid,
                    "actor_key": actor_key(name, kind),
                    "role": role,
                    "position": position,
                    "side": side,
                    "actor_name": name,
                    "actor_kind": kind,
                }
            )
    return rows


_READERS: dict[str, Callable[[Connection, list[str]], dict[str, dict[str, Any]]]] = {
    "articles": _read_articles,
    "actors": _read_actors,
    "events": _read_events,
}
