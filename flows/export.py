"""Writers for event-contract dicts: JSON lines and CSV, streamed row by row.

Both take any iterable of event dicts (from `pipeline.contract.to_contract` or
`db.queries.iter_contract_events`) and an open text file, and return how many they wrote.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal, TextIO

ExportFormat = Literal["jsonl", "csv"]

# CSV columns, in order: the contract fields first (the date with its range and precision, the
# location with its country, region, point and the precision of the point), then the
# documented extras. Actors are flattened to "; "-separated names and countries; nested extras
# are JSON text. `deleted` is "true" on the row of an event removed since an incremental
# export's --since-change (only `event_uid` and `change_seq` are filled then) and "false" on
# every other row.
CSV_COLUMNS = (
    "document",
    "code",
    "actor_names",
    "actor_countries",
    "date",
    "date_start",
    "date_end",
    "date_precision",
    "location",
    "location_country",
    "location_region",
    "latitude",
    "longitude",
    "location_precision",
    "modality",
    "evidence",
    "event_uid",
    "happening_id",
    "root",
    "cameo_name",
    "quad_class",
    "goldstein",
    "date_method",
    "participants",
    "title",
    "url",
    "published",
    "updated_at",
    "change_seq",
    "deleted",
)


def _json_default(value: Any) -> str:
    """Serialize dates and datetimes as ISO 8601 text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json_line(event: dict[str, Any]) -> str:
    """Return one event as a JSON line (no newline), non-ASCII text kept as is."""
    return json.dumps(event, ensure_ascii=False, default=_json_default)


def write_jsonl(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write one JSON object a line; return how many events were written."""
    count = 0
    for event in events:
        out.write(to_json_line(event) + "\n")
        count += 1
    return count


def csv_row(event: dict[str, Any]) -> dict[str, str]:
    """Return the CSV cells of one event, keyed by CSV_COLUMNS."""
    actors = event.get("actors") or []
    row: dict[str, str] = {
        "actor_names": "; ".join(actor.get("name") or "" for actor in actors),
        "actor_countries": "; ".join(actor.get("country") or "" for actor in actors),
        "deleted": "true" if event.get("deleted") else "false",
    }
    for column in CSV_COLUMNS:
        if column in row:
            continue
        value = event.get(column)
        if value is None:
            row[column] = ""
        elif isinstance(value, list | dict):
            row[column] = json.dumps(value, ensure_ascii=False, default=_json_default)
        elif isinstance(value, datetime | date):
            row[column] = value.isoformat()
        else:
            row[column] = str(value)
    return row


def write_csv(events: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write a header and one row per event or deletion; return how many rows were written."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(csv_row(event))
        count += 1
    return count


def write_events(events: Iterable[dict[str, Any]], out: TextIO, fmt: ExportFormat) -> int:
    """Write events in format `fmt` ("jsonl" or "csv"); return how many were written."""
    if fmt == "csv":
        return write_csv(events, out)
    return write_jsonl(events, out)
