"""gdelt_events: one row per happening and dyad, GDELT 2.0 names and types; GDELT queries run."""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import replace
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from db.happening_views import GDELT_COLUMNS
from pipeline.model import Actor, Location, TimeValue
from tests.db.test_schema_doc import GENERATOR

KENYA = Actor("Kenya", "state", "KEN", code="KEN")
NORWAY = Actor("Norway", "state", "NOR", code="NOR")
AKINYI = Actor("Ruth Akinyi", "person", "KEN", "Foreign Minister", "KENGOV")
PERU = Actor("Peru", "state", "PER", code="PER")
SPAIN = Actor("Spain", "state", "ESP", code="ESP")
LIMA_OFFICIAL = Actor("Diego Quispe", "person", "PER", "Trade Minister")
NAIROBI = Location("Nairobi", "KEN", -1.28333, 36.81667)


def _month(event, year: int, month: int):
    start = dt.date(year, month, 1)
    end = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return replace(event, date=TimeValue(f"{year}-{month:02d}", "month", start, end))


@pytest.fixture
def stored(store, build_result, make_event):
    """A meeting in three articles (two outlets), a visit told both ways, criticism, a month."""
    meeting = [(KENYA, "participant"), (NORWAY, "participant")]
    on = dt.date(2025, 9, 3)
    results = [
        build_result("a.txt", [make_event("040", meeting, day=on, location=NAIROBI)],
                     url="https://a.example/1", published=dt.date(2025, 9, 3)),
        build_result("b.txt", [make_event("046", meeting, day=dt.date(2025, 9, 4))],
                     url="https://b.example/1", published=dt.date(2025, 9, 4)),
        build_result("c.txt", [_month(make_event("040", meeting), 2025, 9)],
                     url="https://c.example/1", published=dt.date(2025, 9, 9)),
        build_result("d.txt", [
            make_event("042", [(PERU, "visitor"), (SPAIN, "host")], day=on),
            make_event("111", [(LIMA_OFFICIAL, "source"), (NORWAY, "target")], day=on,
                       start_char=900),
        ], url="https://d.example/1", published=dt.date(2025, 9, 4)),
        build_result("e.txt", [make_event("043", [(SPAIN, "host"), (PERU, "visitor")], day=on)],
                     url="https://e.example/1", published=dt.date(2025, 9, 5)),
        build_result("f.txt", [_month(make_event("111", [(AKINYI, "source"), (PERU, "target")]),
                                      2025, 10)], published=dt.date(2025, 10, 20)),
    ]
    sources = ["Wire A", "Wire B", "Wire A", "Wire C", "Wire D", "Wire A"]
    for result, source in zip(results, sources, strict=True):
        store.save(replace(result, article=replace(result.article, source=source)))


def _query(engine, sql: str) -> list:
    with engine.connect() as connection:
        return connection.execute(text(sql)).all()


def _gdelt_rows(engine, sql: str) -> list[SimpleNamespace]:
    """Rows with GDELT's spelling of the names (PostgreSQL hands back unquoted names folded)."""
    spelling = {name.lower(): name for name in GDELT_COLUMNS}
    with engine.connect() as connection:
        rows = connection.execute(text(sql)).mappings().all()
    return [SimpleNamespace(**{spelling[key.lower()]: value for key, value in row.items()})
            for row in rows]


def test_one_row_per_happening_and_dyad_with_gdelt_types(engine, stored):
    rows = _gdelt_rows(
        engine,
        "SELECT GLOBALEVENTID, SQLDATE, MonthYear, Year, FractionDate, Actor1Code, Actor1Name, "
        "Actor2CountryCode, EventCode, EventBaseCode, EventRootCode, QuadClass, GoldsteinScale, "
        "NumMentions, NumSources, NumArticles, AvgTone, ActionGeo_Type, ActionGeo_CountryCode, "
        "ActionGeo_Lat, DATEADDED, SOURCEURL, IsRootEvent FROM gdelt_events ORDER BY GLOBALEVENTID",
    )
    assert len({row.GLOBALEVENTID for row in rows}) == len(rows) == 5
    meeting = next(row for row in rows if row.Actor1Name == "Kenya")
    assert (meeting.SQLDATE, meeting.MonthYear, meeting.Year) == (20250903, 202509, 2025)
    assert meeting.FractionDate == pytest.approx(2025 + (9 * 30 + 3) / 365, abs=1e-4)
    assert (meeting.NumArticles, meeting.NumSources, meeting.NumMentions) == (3, 2, 3)
    assert (meeting.EventCode, meeting.EventBaseCode, meeting.EventRootCode) == ("040", "040", "04")
    assert (meeting.ActionGeo_Type, meeting.ActionGeo_CountryCode) == (4, "KEN")
    assert meeting.ActionGeo_Lat == pytest.approx(-1.28333)
    assert meeting.SOURCEURL == "https://a.example/1" and meeting.AvgTone is None
    assert isinstance(meeting.GoldsteinScale, float) and isinstance(meeting.SQLDATE, int)
    assert 20200101000000 < meeting.DATEADDED < 21000101000000
    visit = {(row.Actor1Code, row.Actor2CountryCode, row.EventCode) for row in rows
             if row.EventRootCode == "04" and row.Actor1Name != "Kenya"}
    assert visit == {("PER", "ESP", "042"), ("ESP", "PER", "043")}
    month = next(row for row in rows if row.Actor1Code == "KENGOV")
    assert (month.SQLDATE, month.MonthYear, month.FractionDate) == (None, 202510, None)
    criticism = next(row for row in rows if row.Actor1Name == "Diego Quispe")
    assert criticism.Actor1Code == "PER", "an actor without a CAMEO code gives its country"
    assert criticism.IsRootEvent == 0 and meeting.IsRootEvent == 1


def _documented_queries() -> dict[str, str]:
    """The GDELT queries docs/schema.md shows, by title."""
    spec = importlib.util.spec_from_file_location("gen_schema_doc", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {title: sql for title, _, sql in module.GDELT_EXAMPLES}


def test_documented_gdelt_queries_answer(engine, stored):
    per_day, partners, top_dyads = _documented_queries().values()
    with engine.connect() as connection:
        goldstein = dict(connection.execute(text("SELECT code, goldstein FROM cameo_codes")).all())
    days = _query(engine, per_day)
    assert [tuple(row) for row in days] == [(20250903, "04", 3), (20250903, "11", 1)]
    by_partner = _query(engine, partners)
    assert [(row[0], row[1]) for row in by_partner] == [("ESP", 1), ("NOR", 1)]
    assert by_partner[0][2] == pytest.approx(goldstein["042"])
    assert by_partner[1][2] == pytest.approx(goldstein["111"])
    dyads = _query(engine, top_dyads)
    assert [tuple(row) for row in dyads] == [("KEN", "NOR", 1, 3), ("ESP", "PER", 1, 2)]


def test_happening_without_two_sides_has_no_gdelt_row(engine, store, build_result, make_event):
    store.save(build_result("a.txt", [make_event("190", [(KENYA, "source")])]))
    assert _query(engine, "SELECT COUNT(*) FROM happenings") == [(1,)]
    assert _query(engine, "SELECT COUNT(*) FROM gdelt_events") == [(0,)]
