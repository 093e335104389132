"""Places on the map: a stored event keeps its point, region and precision through the table,
the views and every export format (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select, text

from db.export import write_parquet
from db.models import EventRow
from db.queries import iter_contract_events
from flows.export import write_events
from pipeline.actors import ActorResolver
from pipeline.model import Actor

ARANDA = Actor("Sofía Aranda", "person", "BOL", "Foreign Minister")
PARAGUAY = Actor("Paraguay", "state", "PRY")


@pytest.fixture(scope="module")
def palace():
    """An invented venue in a real city, geocoded as the extractor does."""
    found = ActorResolver.default().locate("the Amber Lantern Palace in Cochabamba")
    assert found is not None and found.precision == "venue"
    return found


@pytest.fixture
def stored(store, build_result, make_event, palace):
    """Two events of one article: one held at the palace, one the text does not place."""
    placed = make_event("040", [(ARANDA, "source"), (PARAGUAY, "target")], location=palace)
    unplaced = make_event(
        "111", [(PARAGUAY, "source"), (ARANDA, "target")], sentence="Paraguay objected."
    )
    store.save(build_result("palace.txt", [placed, unplaced]))


def test_a_stored_event_carries_its_point_region_and_precision(engine, stored, palace):
    columns = (
        EventRow.location_name,
        EventRow.location_country,
        EventRow.location_region,
        EventRow.location_precision,
        EventRow.latitude,
        EventRow.longitude,
    )
    with engine.connect() as connection:
        row = connection.execute(select(*columns).where(EventRow.code == "040")).one()
        bare = connection.execute(select(*columns).where(EventRow.code == "111")).one()
    assert (row.location_country, row.location_region, row.location_precision) == (
        "BOL",
        palace.region,
        "venue",
    )
    assert (row.latitude, row.longitude) == pytest.approx((palace.latitude, palace.longitude))
    assert (bare.location_name, bare.location_precision, bare.latitude) == (None, None, None)


@pytest.mark.parametrize("view", ["event_facts", "event_dyads"])
def test_the_views_give_the_point_region_and_precision(engine, stored, palace, view):
    query = f"""SELECT location_name, location_country, location_region, latitude, longitude,
                location_precision FROM {view} WHERE code = '040'"""
    with engine.connect() as connection:
        row = connection.execute(text(query)).mappings().one()
    assert row["location_name"] == palace.name
    assert row["location_precision"] == "venue"
    assert row["location_region"] == palace.region and palace.region is not None
    assert (row["latitude"], row["longitude"]) == pytest.approx((palace.latitude, palace.longitude))


def test_every_export_format_carries_the_place(engine, stored, palace, tmp_path):
    events = list(iter_contract_events(engine))
    placed = next(e for e in events if e["code"] == "040")
    assert placed["location_precision"] == "venue"
    assert placed["location_region"] == palace.region

    out = io.StringIO()
    write_events(events, out, "csv")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows["040"]["location_precision"] == "venue"
    assert float(rows["040"]["latitude"]) == pytest.approx(palace.latitude)
    assert (rows["111"]["location_precision"], rows["111"]["latitude"]) == ("", "")

    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    table = {r["code"]: r for r in pq.read_table(path).to_pylist()}
    assert table["040"]["location_precision"] == "venue"
    assert table["040"]["longitude"] == pytest.approx(palace.longitude)
    assert table["111"]["location_region"] is None
