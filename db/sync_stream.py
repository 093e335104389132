"""PostgreSQL to PostgreSQL sync of new rows: the source's COPY TO streamed into the target's
COPY FROM, so no row is parsed into Python objects and back.

A full sync of a million events is almost all new rows. Reading them as Python objects and
writing them again costs more CPU than both servers spend together; when both sides are
PostgreSQL, the source computes the target's rows itself (one `COPY (SELECT ...) TO STDOUT`
per table, the change sequence numbers passed in as arrays) and the bytes go to the target's
`COPY ... FROM STDIN` unchanged. Rows the target already has, and deletions, still take the
general path in `db.sync` (upserts and deletes by key).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table

from db.changes import split_actor_key

# Per copied table: the SELECT giving the target's columns in order, from the keys and
# their change seqs, each list sent as one text (COPY takes no bound parameters, and quoting
# one string is much cheaper than quoting an array of thousands); %(now)s is synced_at.
_CHUNK_BYTES = 1 << 20
_SEPARATOR = "\x1f"  # ASCII unit separator: in no key, name or number
_KEYS = "string_to_array(%(keys)s, %(sep)s)"
_SEQS = "CAST(string_to_array(%(seqs)s, %(sep)s) AS BIGINT[])"
_ARTICLES = f"""
SELECT a.content_hash, a.document, a.url, a.version, a.title, a.source, a.published,
       a.published_precision, a.published_from, a.language, a.text, a.extractor_version,
       a.ingested_at, a.extracted_at, p.seq, %(now)s
FROM unnest({_KEYS}, {_SEQS}) AS p(key, seq)
JOIN articles a ON a.content_hash = p.key"""

_ACTORS = f"""
SELECT a.kind || ':' || a.name, a.name, a.kind, a.country, a.office, a.code, p.seq, %(now)s
FROM unnest(string_to_array(%(names)s, %(sep)s), string_to_array(%(kinds)s, %(sep)s),
            {_SEQS}) AS p(name, kind, seq)
JOIN actors a ON a.name = p.name AND a.kind = p.kind"""

# goldstein: the exact tenth the float stands for, as db.sync's general path rounds it.
_EVENTS = f"""
SELECT e.event_uid, ar.content_hash, e.code, c.name, e.root, e.quad_class,
       round(CAST(e.goldstein AS NUMERIC), 1), c.plover_type, e.date_start, e.date_end,
       e.date_value, e.date_precision, e.date_method, e.date_text, e.location_name,
       e.location_country, e.latitude, e.longitude, e.location_region, e.location_precision,
       e.happening_id, e.modality, e.sentence,
       e.extractor_version, e.created_at, e.updated_at, p.seq, %(now)s
FROM unnest({_KEYS}, {_SEQS}) AS p(key, seq)
JOIN events e ON e.event_uid = p.key
JOIN articles ar ON ar.id = e.article_id
JOIN cameo_codes c ON c.code = e.code"""

_PARTICIPANTS = f"""
SELECT e.event_uid, a.kind || ':' || a.name, ep.role, ep.position, ep.side, a.name, a.kind
FROM unnest({_KEYS}) AS p(key)
JOIN events e ON e.event_uid = p.key
JOIN event_participants ep ON ep.event_id = e.id
JOIN actors a ON a.id = ep.actor_id"""


def can_stream(source: Connection, target: Connection) -> bool:
    """Whether new rows can go from `source` to `target` by COPY (both PostgreSQL)."""
    return source.dialect.name == target.dialect.name == "postgresql"


def stream_new_rows(
    name: str,
    new: Mapping[str, int],
    source: Connection,
    target: Connection,
    tables: Mapping[str, Table],
    now: dt.datetime,
) -> dict[str, int]:
    """Copy the source rows of copied table `name` with the keys of `new` (key -> change
    seq), which the target does not have, into their target tables; return rows written by
    target table. Keys no longer in the source are skipped."""
    if not new:
        return {}
    params: dict[str, object] = {
        "keys": _SEPARATOR.join(new),
        "seqs": _SEPARATOR.join(map(str, new.values())),
        "sep": _SEPARATOR,
        "now": now,
    }
    if name == "actors":
        pairs = [split_actor_key(key) for key in new]
        params.update(
            names=_SEPARATOR.join(n for n, _ in pairs), kinds=_SEPARATOR.join(k for _, k in pairs)
        )
    query = {"articles": _ARTICLES, "actors": _ACTORS, "events": _EVENTS}[name]
    table = tables[name]
    written = {table.name: _pipe(source, target, query, params, table)}
    if name == "events":
        participants = tables["participants"]
        written[participants.name] = _pipe(source, target, _PARTICIPANTS, params, participants)
    return {table_name: rows for table_name, rows in written.items() if rows}


def _flush(into: Any, buffer: bytearray) -> int:
    """Write `buffer` to the COPY FROM `into`, empty it; return the rows it held (the text
    format escapes newlines inside values, so each newline ends a row)."""
    rows = buffer.count(b"\n")
    if buffer:
        into.write(bytes(buffer))
        buffer.clear()
    return rows


def _pipe(
    source: Connection, target: Connection, query: str, params: dict[str, object], table: Table
) -> int:
    """Run `query` as COPY TO on the source into COPY FROM of `table`; return the rows."""
    columns = ", ".join(f'"{column.name}"' for column in table.columns)
    reader = source.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    writer = target.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    rows = 0
    try:
        with (
            reader.copy(f"COPY ({query}) TO STDOUT", params) as out,
            writer.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as into,
        ):
            buffer = bytearray()
            for data in out:  # one row each: written on in chunks, not row by row
                buffer += data
                if len(buffer) >= _CHUNK_BYTES:
                    rows += _flush(into, buffer)
            rows += _flush(into, buffer)
    finally:
        reader.close()
        writer.close()
    return rows
