"""Export writers: JSON lines keep the contract as is, CSV flattens it to one row per event."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from flows.export import CSV_COLUMNS, csv_row, write_events

EVENT = {
    "document": "a.txt",
    "code": "042",
    "actors": [{"name": "Kim Jong Un", "country": "PRK"}, {"name": "Xi Jinping", "country": None}],
    "date": "2025-09-03",
    "location": "Beijing",
    "modality": "asserted",
    "evidence": "Kim visited Beijing, “a historic trip”.",
    "goldstein": 1.9,
    "participants": [{"name": "Kim Jong Un", "role": "visitor"}],
    "date_start": "2025-09-03",
    "date_end": "2025-09-03",
    "location_country": "CHN",
    "title": "Kim in Beijing",
    "url": "https://news.example/kim",
    "published": date(2025, 9, 4),
    "updated_at": datetime(2025, 9, 4, 8, 0, tzinfo=UTC),
}


def test_jsonl_writes_one_parsable_line_per_event_with_text_and_dates_kept():
    out = io.StringIO()
    assert write_events([EVENT, EVENT], out, "jsonl") == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "“a historic trip”" in lines[0]
    decoded = json.loads(lines[0])
    assert decoded["actors"] == EVENT["actors"]
    assert (decoded["published"], decoded["updated_at"]) == (
        "2025-09-04", "2025-09-04T08:00:00+00:00",
    )


@pytest.mark.parametrize(
    "column,expected",
    [
        ("actor_names", "Kim Jong Un; Xi Jinping"),
        ("actor_countries", "PRK; "),
        ("code", "042"),
        ("goldstein", "1.9"),
        ("participants", '[{"name": "Kim Jong Un", "role": "visitor"}]'),
        ("published", "2025-09-04"),
        ("event_uid", ""),
        ("date_start", "2025-09-03"),
        ("date_end", "2025-09-03"),
        ("location_country", "CHN"),
        ("title", "Kim in Beijing"),
        ("url", "https://news.example/kim"),
        ("deleted", "false"),
    ],
)
def test_csv_row_flattens_actors_and_encodes_nested_values(column, expected):
    assert csv_row(EVENT)[column] == expected


def test_csv_row_of_a_deletion_has_its_key_and_deleted_true_and_nothing_else():
    row = csv_row({"event_uid": "abc", "change_seq": 7, "deleted": True})
    assert (row["event_uid"], row["change_seq"], row["deleted"]) == ("abc", "7", "true")
    assert {row[c] for c in CSV_COLUMNS if c not in ("event_uid", "change_seq", "deleted")} == {""}


def test_csv_writes_a_header_and_one_row_per_event():
    out = io.StringIO()
    assert write_events(iter([EVENT]), out, "csv") == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["evidence"] == EVENT["evidence"]


def test_writers_write_only_a_header_or_nothing_for_no_events():
    jsonl, table = io.StringIO(), io.StringIO()
    assert write_events([], jsonl, "jsonl") == write_events([], table, "csv") == 0
    assert jsonl.getvalue() == ""
    assert table.getvalue() == ",".join(CSV_COLUMNS) + "\n"
