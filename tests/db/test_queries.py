"""Read side: stored events as event-contract dicts, with the CLI's filters."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from db import queries
from db.queries import iter_contract_events, iter_deleted_events
from pipeline.model import Actor, Location

LINDQVIST = Actor("Maria Lindqvist", "person", "SWE", "Foreign Minister")
HERRERA = Actor("Tomás Herrera", "person", "CHL", "President")
SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")
SANTIAGO = Location("Santiago", "CHL", -33.45, -70.67)

CONTRACT_FIELDS = {"document", "code", "actors", "date", "location", "modality", "evidence"}
EXTRA_FIELDS = {
    "event_uid",
    "root",
    "quad_class",
    "goldstein",
    "cameo_name",
    "date_precision",
    "date_method",
    "date_start",
    "date_end",
    "participants",
    "url",
    "published",
    "extractor_version",
    "updated_at",
}


@pytest.fixture
def stored(store, build_result, make_event):
    """Three articles: a visit with a date and place, a criticism, an undated meeting."""
    store.save(
        build_result(
            "a.txt",
            [
                make_event(
                    "042",
                    [(LINDQVIST, "source"), (CHILE, "target")],
                    day=dt.date(2024, 3, 2),
                    location=SANTIAGO,
                    sentence="Lindqvist arrived in Santiago on Saturday.",
                )
            ],
            url="https://news.example/a",
            mentions=[(LINDQVIST, "Lindqvist"), (LINDQVIST, "the Swedish minister")],
        )
    )
    store.save(
        build_result(
            "b.txt",
            [make_event("111", [(SWEDEN, "source"), (CHILE, "target")], day=dt.date(2024, 4, 10))],
        )
    )
    store.save(
        build_result("c.txt", [make_event("036", [(HERRERA, "source"), (SWEDEN, "target")])])
    )
    return store


@pytest.mark.parametrize(
    "filters,expected_codes",
    [
        ({}, ["042", "111", "036"]),
        ({"actor": "lindqvist"}, ["042"]),
        ({"actor": "HERRERA"}, ["036"]),
        ({"actor": "tomas"}, ["036"]),
        ({"actor": "swedish minister"}, ["042"]),
        ({"actor": "_"}, []),
        ({"country": "chl"}, ["042", "111", "036"]),
        ({"country": "SWE", "code": "1"}, ["111"]),
        ({"code": "04"}, ["042"]),
        ({"code": "03"}, ["036"]),
        ({"code": "0"}, ["042", "036"]),
        ({"date_from": dt.date(2024, 3, 1), "date_to": dt.date(2024, 3, 31)}, ["042"]),
        ({"date_from": dt.date(2024, 4, 1)}, ["111"]),
        ({"date_to": dt.date(2024, 12, 31)}, ["042", "111"]),
        ({"limit": 2}, ["042", "111"]),
        ({"actor": "lindqvist", "code": "1"}, []),
    ],
)
def test_filters_select_the_matching_events(stored, filters, expected_codes):
    events = list(iter_contract_events(stored.engine, **filters))
    assert [event["code"] for event in events] == expected_codes


def test_event_dict_carries_the_contract_and_extras(stored):
    event = next(iter_contract_events(stored.engine, code="042"))
    assert CONTRACT_FIELDS | EXTRA_FIELDS <= event.keys()
    assert {key: event[key] for key in CONTRACT_FIELDS} == {
        "document": "a.txt",
        "code": "042",
        "actors": [
            {"name": "Maria Lindqvist", "country": "SWE"},
            {"name": "Chile", "country": "CHL"},
        ],
        "date": "2024-03-02",
        "location": "Santiago",
        "modality": "asserted",
        "evidence": "Lindqvist arrived in Santiago on Saturday.",
    }
    assert [(p["name"], p["role"], p["kind"]) for p in event["participants"]] == [
        ("Maria Lindqvist", "source", "person"),
        ("Chile", "target", "state"),
    ]
    assert (event["root"], event["date_start"], event["url"]) == (
        "04",
        "2024-03-02",
        "https://news.example/a",
    )
    json.dumps(event)  # every value is JSON-ready


def test_since_returns_only_events_written_after_it(stored, build_result, make_event):
    mark = dt.datetime.now(dt.UTC)
    stored.save(build_result("d.txt", [make_event("051", [(CHILE, "source")])]))
    assert [event["document"] for event in iter_contract_events(stored.engine, since=mark)] == [
        "d.txt"
    ]


def test_pages_through_more_events_than_one_batch(monkeypatch, store, build_result, make_event):
    monkeypatch.setattr(queries, "BATCH_SIZE", 2)
    for index in range(5):
        store.save(build_result(f"{index}.txt", [make_event("042", [(CHILE, "source")])]))
    assert [e["document"] for e in iter_contract_events(store.engine)] == [
        f"{index}.txt" for index in range(5)
    ]
    assert len(list(iter_contract_events(store.engine, limit=3))) == 3


def test_deleted_events_are_listed_for_incremental_consumers(store, build_result, make_event):
    store.save(build_result("a.txt", [make_event("111", [(SWEDEN, "source")])]))
    uid = next(iter_contract_events(store.engine))["event_uid"]
    mark = dt.datetime.now(dt.UTC)
    store.save(build_result("a.txt", [], extractor_version="2.0"))
    assert [row["event_uid"] for row in iter_deleted_events(store.engine, since=mark)] == [uid]
    assert list(iter_contract_events(store.engine)) == []
