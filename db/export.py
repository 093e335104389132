"""Incremental export: events changed after a change sequence number, and a Parquet writer.

`dipevents export --since SEQ` reads `changes_since(engine, SEQ)`: the events written or
rewritten after SEQ (as event-contract dicts) and the event_uids removed after SEQ, each once,
at its last change. `until_seq` is the source's newest change when the export started; the
consumer passes it as the next `--since`, and nothing is missed, because change numbers are
visible in commit order (see `db.changes`). A change committed while the export runs may show
up in this export and again in the next: consumers key on event_uid.

`write_parquet` writes any iterable of such dicts to a Parquet file in record batches, so memory
stays flat however many events are exported.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine, exists, select
from sqlalchemy.orm import aliased

from db.changes import DELETE, UPSERT, current_seq
from db.models import ChangeRow
from db.queries import contract_events_by_uid

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Changes read per round trip, and rows per Parquet record batch.
BATCH_SIZE = 500
PARQUET_BATCH_ROWS = 10_000

_ACTOR = pa.struct([("name", pa.string()), ("country", pa.string())])
_PARTICIPANT = pa.struct(
    [
        ("name", pa.string()),
        ("country", pa.string()),
        ("kind", pa.string()),
        ("office", pa.string()),
        ("role", pa.string()),
    ]
)
# Columns of the Parquet file, in the order of the event contract and its extras. Actors and
# participants are lists of structs (DuckDB, Spark and pandas read them as nested columns);
# `date` stays text because weeks ("2024-W10") and months are not dates.
EVENT_SCHEMA = pa.schema(
    [
        ("document", pa.string()),
        ("code", pa.string()),
        ("actors", pa.list_(_ACTOR)),
        ("date", pa.string()),
        ("location", pa.string()),
        ("modality", pa.string()),
        ("evidence", pa.string()),
        ("event_uid", pa.string()),
        ("happening_id", pa.int64()),
        ("root", pa.string()),
        ("cameo_name", pa.string()),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float64()),
        ("participants", pa.list_(_PARTICIPANT)),
        ("date_value", pa.string()),
        ("date_precision", pa.string()),
        ("date_method", pa.string()),
        ("date_text", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("location_country", pa.string()),
        ("location_region", pa.string()),
        ("location_precision", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("extractor_version", pa.string()),
        ("updated_at", pa.timestamp("us", tz="UTC")),
        ("change_seq", pa.int64()),
        # True on the row of an event removed since --since-change (only event_uid and
        # change_seq are set then); false on every other row.
        ("deleted", pa.bool_()),
    ]
)


@dataclass(frozen=True)
class EventChanges:
    """The event changes in (since_seq, until_seq] of one database; read them lazily.

    until_seq: the newest change when this was created; the next export's `since_seq`.
    """

    engine: Engine
    since_seq: int
    until_seq: int

    def events(self, batch_size: int = BATCH_SIZE) -> Iterator[dict[str, Any]]:
        """Yield the events written or rewritten in the range, oldest change first.

        Each is an event-contract dict (`db.queries`) plus `change_seq`, its last change.
        Events removed again since `until_seq` are left out (the next export deletes them).
        """
        for batch in self._last_changes(UPSERT, batch_size):
            with self.engine.connect() as connection:
                events = contract_events_by_uid(connection, [key for _seq, key in batch])
            for seq, key in batch:
                event = events.get(key)
                if event is not None:
                    yield {**event, "change_seq": seq}

    def deleted(self, batch_size: int = BATCH_SIZE) -> Iterator[dict[str, Any]]:
        """Yield {event_uid, change_seq, deleted: True} for events whose last change in the
        range removed them; every export format writes them (see `flows.export`)."""
        for batch in self._last_changes(DELETE, batch_size):
            for seq, key in batch:
                yield {"event_uid": key, "change_seq": seq, "deleted": True}

    def _last_changes(self, op: str, batch_size: int) -> Iterator[list[tuple[int, str]]]:
        """Yield (seq, event_uid) pages of the event changes with `op` that are the last of
        their key in the range (so a key comes out once), by keyset pagination on seq."""
        later = aliased(ChangeRow)
        newer_change = exists().where(
            later.entity == "event",
            later.key == ChangeRow.key,
            later.seq > ChangeRow.seq,
            later.seq <= self.until_seq,
        )
        last = self.since_seq
        while True:
            query = (
                select(ChangeRow.seq, ChangeRow.key)
                .where(
                    ChangeRow.entity == "event",
                    ChangeRow.op == op,
                    ChangeRow.seq > last,
                    ChangeRow.seq <= self.until_seq,
                    ~newer_change,
                )
                .order_by(ChangeRow.seq)
                .limit(batch_size)
            )
            with self.engine.connect() as connection:
                page = [(int(seq), key) for seq, key in connection.execute(query)]
            if page:
                yield page
            if len(page) < batch_size:
                return
            last = page[-1][0]


def changes_since(engine: Engine, since_seq: int = 0) -> EventChanges:
    """Return the event changes after `since_seq` up to the newest change now.

    since_seq (int): the `until_seq` of the previous export; 0 exports everything.
    Raises ValueError when since_seq is negative or beyond the newest change (a watermark
    from another database).
    """
    until_seq = current_seq(engine)
    if since_seq < 0 or since_seq > until_seq:
        raise ValueError(
            f"--since-change {since_seq} is not a change number of this database (0 to "
            f"{until_seq}); use the number the previous export printed, or 0 for everything"
        )
    return EventChanges(engine=engine, since_seq=since_seq, until_seq=until_seq)


def write_parquet(
    rows: Iterable[dict[str, Any]],
    path: str | os.PathLike[str] | BinaryIO,
    *,
    schema: pa.Schema = EVENT_SCHEMA,
    batch_rows: int = PARQUET_BATCH_ROWS,
) -> int:
    """Write event dicts to a Parquet file in record batches; return how many rows were written.

    rows (Iterable[dict]): event-contract dicts, e.g. `EventChanges.events()` or
        `db.queries.iter_contract_events`; keys outside `schema` are ignored, missing ones
        are null. ISO date and timestamp strings become Parquet dates and UTC timestamps.
    path: file path or binary file object; an empty input still writes a file with the schema.
    """
    count = 0
    buffer: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema) as writer:
        for row in rows:
            buffer.append(_coerce(row, schema))
            if len(buffer) == batch_rows:
                writer.write_batch(pa.RecordBatch.from_pylist(buffer, schema=schema))
                count += len(buffer)
                buffer = []
        if buffer:
            writer.write_batch(pa.RecordBatch.from_pylist(buffer, schema=schema))
            count += len(buffer)
    logger.debug("wrote %d rows to %s", count, path)
    return count


def _coerce(row: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """Turn the ISO text the contract uses for dates and timestamps into Python values."""
    values = {name: row.get(name) for name in schema.names}
    if "deleted" in values:
        values["deleted"] = bool(values["deleted"])
    for field in schema:
        value = values[field.name]
        if not isinstance(value, str):
            continue
        if pa.types.is_date(field.type):
            values[field.name] = dt.date.fromisoformat(value)
        elif pa.types.is_timestamp(field.type):
            moment = dt.datetime.fromisoformat(value)
            values[field.name] = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return values
