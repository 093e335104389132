"""Export by change number (`--since SEQ`) and the streaming Parquet writer."""

from __future__ import annotations

import datetime as dt
import io

import pyarrow.parquet as pq
import pytest

from db.changes import current_seq
from db.export import EVENT_SCHEMA, changes_since, write_parquet
from pipeline.model import Actor
from tests.db.uids import uid

SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")
HERRERA = Actor("Tomás Herrera", "person", "CHL", "President")
MARCH_2 = dt.date(2024, 3, 2)


def test_export_from_zero_gives_every_event_once_and_the_next_watermark(
    store, build_result, make_event
):
    first = make_event("042", [(HERRERA, "source"), (SWEDEN, "target")], day=MARCH_2)
    second = make_event("111", [(SWEDEN, "source"), (CHILE, "target")])
    result = build_result("a.txt", [first, second])
    store.save(result)

    changes = changes_since(store.engine, 0)
    events = list(changes.events(batch_size=1))

    assert changes.until_seq == current_seq(store.engine)
    assert sorted(e["event_uid"] for e in events) == sorted(
        uid(result, e) for e in (first, second)
    )
    assert all(0 < e["change_seq"] <= changes.until_seq for e in events)
    assert list(changes.deleted()) == []
    assert list(changes_since(store.engine, changes.until_seq).events()) == []


def test_export_after_reextraction_gives_the_rewritten_events_and_the_deleted(
    store, build_result, make_event
):
    kept = make_event("042", [(SWEDEN, "source"), (CHILE, "target")])
    dropped = make_event("111", [(SWEDEN, "source"), (CHILE, "target")])
    first = build_result("a.txt", [kept, dropped], extractor_version="1.0")
    store.save(first)
    store.save(build_result("b.txt", [make_event("036", [(CHILE, "source")])]))
    watermark = current_seq(store.engine)

    store.save(build_result("a.txt", [kept], extractor_version="2.0"))
    changes = changes_since(store.engine, watermark)

    assert [e["event_uid"] for e in changes.events()] == [uid(first, kept)]
    assert [d["event_uid"] for d in changes.deleted()] == [uid(first, dropped)]


def test_event_deleted_and_recreated_in_the_range_is_exported_once_not_deleted(
    store, build_result, make_event
):
    event = make_event("111", [(SWEDEN, "source"), (CHILE, "target")])
    store.save(build_result("a.txt", [event], extractor_version="1.0"))
    store.save(build_result("a.txt", [], extractor_version="2.0"))
    store.save(build_result("a.txt", [event], extractor_version="3.0"))

    changes = changes_since(store.engine, 0)

    assert len(list(changes.events())) == 1
    assert list(changes.deleted()) == []


@pytest.mark.parametrize("since", [-1, 10**9])
def test_since_outside_the_change_log_is_refused(store, build_result, since):
    store.save(build_result("a.txt"))
    with pytest.raises(ValueError, match="is not a change number of this database"):
        changes_since(store.engine, since)


def test_parquet_file_has_typed_flat_and_nested_columns(store, build_result, make_event, tmp_path):
    store.save(
        build_result(
            "a.txt",
            [make_event("042", [(HERRERA, "source"), (SWEDEN, "target")], day=MARCH_2)],
        )
    )
    path = tmp_path / "events.parquet"

    written = write_parquet(changes_since(store.engine, 0).events(), path)

    table = pq.read_table(path)
    row = table.to_pylist()[0]
    assert written == table.num_rows == 1
    assert table.schema.equals(EVENT_SCHEMA)
    assert (row["code"], row["date"], row["date_start"]) == ("042", "2024-03-02", MARCH_2)
    assert row["published"] == dt.date(2024, 3, 1)
    assert row["updated_at"].tzinfo is not None
    assert row["actors"] == [
        {"name": "Tomás Herrera", "country": "CHL"},
        {"name": "Sweden", "country": "SWE"},
    ]
    assert [(p["name"], p["role"]) for p in row["participants"]] == [
        ("Tomás Herrera", "source"),
        ("Sweden", "target"),
    ]


@pytest.mark.parametrize("rows,batch_rows,row_groups", [(5, 2, 3), (4, 2, 2), (0, 2, 0)])
def test_parquet_is_written_in_record_batches(rows, batch_rows, row_groups):
    events = ({"document": f"{i}.txt", "code": "042", "change_seq": i} for i in range(rows))
    buffer = io.BytesIO()

    written = write_parquet(events, buffer, batch_rows=batch_rows)

    parquet = pq.ParquetFile(io.BytesIO(buffer.getvalue()))
    assert written == parquet.metadata.num_rows == rows
    assert parquet.metadata.num_row_groups == row_groups
    assert parquet.schema_arrow.equals(EVENT_SCHEMA)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_incremental_export_writes_deletions_in_every_format(
    store, build_result, make_event, tmp_path, fmt
):
    import csv
    import json

    from typer.testing import CliRunner

    from flows.cli import app

    kept = make_event("042", [(SWEDEN, "source"), (CHILE, "target")], day=MARCH_2)
    dropped = make_event("111", [(SWEDEN, "source"), (CHILE, "target")])
    first = build_result("a.txt", [kept, dropped], extractor_version="1.0")
    store.save(first)
    watermark = current_seq(store.engine)
    store.save(build_result("a.txt", [kept], extractor_version="2.0"))
    url = store.engine.url.render_as_string(hide_password=False)
    out = tmp_path / f"changes.{fmt}"

    result = CliRunner().invoke(
        app,
        ["export", "--format", fmt, "--since-change", str(watermark), "--output", str(out),
         "--db", url],
    )

    assert result.exit_code == 0, result.output
    assert f"1 events and 1 deletions written to {out}" in result.stderr
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    else:
        rows = pq.read_table(out).to_pylist()
    by_uid = {row["event_uid"]: row for row in rows}
    assert by_uid.keys() == {uid(first, kept), uid(first, dropped)}
    gone = by_uid[uid(first, dropped)]
    alive = by_uid[uid(first, kept)]
    assert gone["deleted"] in (True, "true")
    assert gone["change_seq"] not in (None, "")
    assert alive.get("deleted", False) in (False, "false")
    assert alive["code"] == "042" and not gone.get("code")
    assert str(alive["date_start"]) == "2024-03-02"
    assert alive["title"] == "Title of a.txt"
