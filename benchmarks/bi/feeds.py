"""Feeds at scale: a full sync, an incremental sync of changed events, a Parquet export.

- full sync: `db.sync.sync` of the whole benchmark database into an empty PostgreSQL
  database; rows written per second (all dip_ tables together);
- incremental sync: `changed` events of the source are changed through the change log (four
  in five rewritten with another modality, one in five deleted with a tombstone, as
  re-extraction does), then synced again; seconds taken;
- the target then equals the source: same event keys, modalities and participants;
- Parquet export: `dipevents export --format parquet` of the whole database in a child
  process; its peak resident memory (the export streams in batches, so it stays flat).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from db.session import make_engine
from db.sync import sync

# Fingerprints of the events (key, modality) and participants (event, actor, role) of the
# source and of the target: equal when the target holds the same rows.
_EVENTS_PRINT = "SELECT count(*), md5(string_agg(event_uid || modality, ',' ORDER BY event_uid))"
_SOURCE_EVENTS = f"{_EVENTS_PRINT} FROM events"
_TARGET_EVENTS = f"{_EVENTS_PRINT} FROM dip_events"
_PARTICIPANTS_PRINT = "SELECT count(*), md5(string_agg(k, ',' ORDER BY k))"
_SOURCE_PARTICIPANTS = f"""{_PARTICIPANTS_PRINT} FROM (
    SELECT e.event_uid || a.kind || ':' || a.name || p.role AS k
    FROM event_participants p JOIN events e ON e.id = p.event_id
    JOIN actors a ON a.id = p.actor_id) q"""
_TARGET_PARTICIPANTS = f"""{_PARTICIPANTS_PRINT} FROM (
    SELECT event_uid || actor_key || role AS k FROM dip_event_participants) q"""


@dataclass(frozen=True)
class FeedFigures:
    """What the feed measures gave."""

    full_sync_rows: int
    full_sync_s: float
    incremental_events: int
    incremental_sync_s: float
    target_equals_source: bool
    parquet_rows: int
    parquet_peak_mib: float

    @property
    def full_sync_rows_per_s(self) -> float:
        """Rows written into the target per second by the full sync."""
        return self.full_sync_rows / self.full_sync_s if self.full_sync_s else 0.0


def measure_feeds(source_url: str, target_url: str, changed: int) -> FeedFigures:
    """Sync the source into the (empty) target, change `changed` events, sync again, compare,
    and export the source to Parquet."""
    engine = make_engine(source_url)
    try:
        start = time.perf_counter()
        full = sync(engine, target_url)
        full_s = time.perf_counter() - start
        touched = change_events(engine, changed)
        start = time.perf_counter()
        sync(engine, target_url)
        incremental_s = time.perf_counter() - start
        equal = target_equals_source(engine, target_url)
    finally:
        engine.dispose()
    rows, peak = parquet_export(source_url)
    return FeedFigures(
        full_sync_rows=sum(full.upserted.values()),
        full_sync_s=full_s,
        incremental_events=touched,
        incremental_sync_s=incremental_s,
        target_equals_source=equal,
        parquet_rows=rows,
        parquet_peak_mib=peak,
    )


def change_events(engine: Engine, count: int) -> int:
    """Rewrite four in five of `count` events spread over the table and delete the rest,
    logging each change as the writer does; return how many events changed."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE change_log_lock SET appended_at = now() WHERE id = 1"))
        picked = connection.execute(text(_PICK), {"count": count}).scalars().all()
        rewritten, deleted = picked[: len(picked) * 4 // 5], picked[len(picked) * 4 // 5 :]
        connection.execute(text(_REWRITE), {"ids": rewritten})
        connection.execute(text(_TOMBSTONE), {"ids": deleted})
        connection.execute(text(_LOG), {"ids": rewritten, "op": "upsert"})
        connection.execute(text(_LOG), {"ids": deleted, "op": "delete"})
        connection.execute(text("DELETE FROM events WHERE id = ANY(:ids)"), {"ids": deleted})
    return len(picked)


_PICK = """
SELECT id FROM events
WHERE id % GREATEST((SELECT count(*) FROM events) / :count, 1) = 0
ORDER BY id LIMIT :count"""
_REWRITE = """
UPDATE events SET modality = CASE modality WHEN 'asserted' THEN 'negated' ELSE 'asserted' END,
                  updated_at = now()
WHERE id = ANY(:ids)"""
_TOMBSTONE = """
INSERT INTO deleted_events (event_uid, deleted_at)
SELECT event_uid, now() FROM events WHERE id = ANY(:ids)"""
_LOG = """
INSERT INTO changes (entity, key, op, changed_at)
SELECT 'event', event_uid, :op, now() FROM events WHERE id = ANY(:ids) ORDER BY id"""


def target_equals_source(engine: Engine, target_url: str) -> bool:
    """Whether the target has the source's events (keys and modalities) and participants."""
    target = make_engine(target_url)
    try:
        with engine.connect() as source, target.connect() as copy:
            return (
                tuple(source.execute(text(_SOURCE_EVENTS)).one())
                == tuple(copy.execute(text(_TARGET_EVENTS)).one())
                and tuple(source.execute(text(_SOURCE_PARTICIPANTS)).one())
                == tuple(copy.execute(text(_TARGET_PARTICIPANTS)).one())
            )
    finally:
        target.dispose()


def parquet_export(source_url: str) -> tuple[int, float]:
    """Export the whole database to Parquet in a child process; return the rows written and
    the child's peak resident memory in MiB."""
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "events.parquet"
        command = [
            str(Path(sys.executable).with_name("dipevents")),
            "export", "--format", "parquet", "--output", str(output), "--db", source_url,
        ]
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(child.pid, 0)
        errors = child.stderr.read().decode() if child.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"export failed: {errors.strip()}")
        rows = pq.ParquetFile(output).metadata.num_rows
    return rows, usage.ru_maxrss / 1024
