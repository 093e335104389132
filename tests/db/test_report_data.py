"""The data of `dipevents report`, read from the views, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import CameoCodeRow
from db.report import ReportFilters, gather_report
from pipeline.model import Actor, Event, Evidence, Location, Participant, TimeValue

OKAFOR = Actor("Amara Okafor", "person", "NGA", "Foreign Minister")
GHANA = Actor("Ghana", "state", "GHA")
KENYA = Actor("Kenya", "state", "KEN")
VOGT = Actor("Lena Vogt", "person", "AUT", "Chancellor")
ACCRA = Location("Accra", "GHA", 5.56, -0.2)
NAIROBI = Location("Nairobi", "KEN", -1.29, 36.82)


def _month_event(code: str, participants: list[tuple[Actor, str]], month: str) -> Event:
    """An event known only to its month (its range covers the whole month)."""
    year, number = (int(part) for part in month.split("-"))
    last = (dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)).day
    return Event(
        code=code,
        participants=[Participant(actor=a, role=role) for a, role in participants],
        date=TimeValue(month, "month", dt.date(year, number, 1), dt.date(year, number, last)),
        evidence=[Evidence("Talks went on all month.", 0, 24, trigger="talks")],
    )


@pytest.fixture
def stored(store, build_result, make_event):
    """Five events in four articles: two placed, one dated to a month, one undated."""
    visit = make_event(
        "042", [(OKAFOR, "source"), (GHANA, "target")], day=dt.date(2024, 3, 5),
        location=ACCRA, sentence="Okafor arrived in Accra on Tuesday.",
    )
    rebuke = make_event(
        "111", [(KENYA, "source"), (GHANA, "target")], day=dt.date(2024, 4, 10),
        location=NAIROBI, sentence="Kenya rebuked Ghana over the port fees.",
    )
    store.save(build_result("a.txt", [visit], url="https://news.example/a"))
    store.save(build_result("b.txt", [rebuke]))
    store.save(build_result("c.txt", [
        make_event("111", [(KENYA, "source"), (GHANA, "target")], day=dt.date(2024, 4, 20)),
        _month_event("057", [(OKAFOR, "source"), (KENYA, "target")], "2024-05"),
    ]))
    store.save(build_result("d.txt", [make_event("043", [(VOGT, "source"), (KENYA, "target")])]))
    return store


def _goldstein(engine, code: str) -> float:
    with engine.connect() as connection:
        value = connection.execute(
            select(CameoCodeRow.goldstein).where(CameoCodeRow.code == code)
        ).scalar_one()
    return float(value)


def test_months_count_each_event_once_by_quad_class(stored):
    data = gather_report(stored.engine, ReportFilters())
    assert data.total == 5
    assert [(m.month, m.quad_class, m.events) for m in data.months] == [
        (dt.date(2024, 3, 1), _quad(stored, "042"), 1),
        (dt.date(2024, 4, 1), _quad(stored, "111"), 2),
        (dt.date(2024, 5, 1), _quad(stored, "057"), 1),
        (None, _quad(stored, "043"), 1),  # the undated event, counted apart
    ]


def _quad(store, code: str) -> int:
    with store.engine.connect() as connection:
        return connection.execute(
            select(CameoCodeRow.quad_class).where(CameoCodeRow.code == code)
        ).scalar_one()


def test_dyads_are_ranked_by_the_size_of_their_goldstein_sum(stored):
    data = gather_report(stored.engine, ReportFilters())
    rebukes = 2 * _goldstein(stored.engine, "111")
    by_pair = {(d.source, d.target): (d.events, d.goldstein_sum) for d in data.dyads}
    assert by_pair[("Kenya", "Ghana")] == (2, pytest.approx(rebukes))
    visit = _goldstein(stored.engine, "042")
    assert by_pair[("Amara Okafor", "Ghana")] == (1, pytest.approx(visit))
    sizes = [abs(d.goldstein_sum) for d in data.dyads]
    assert sizes == sorted(sizes, reverse=True)
    assert len(data.dyads) == 4


def test_network_joins_the_actors_that_share_events(stored):
    data = gather_report(stored.engine, ReportFilters())
    events = {actor.name: actor.events for actor in data.actors}
    assert events == {"Kenya": 4, "Ghana": 3, "Amara Okafor": 2, "Lena Vogt": 1}
    assert data.actors[0].name == "Kenya"  # the busiest first
    names = {actor.id: actor.name for actor in data.actors}
    ties = {frozenset((names[t.first_id], names[t.second_id])): t.events for t in data.ties}
    assert ties == {
        frozenset(("Kenya", "Ghana")): 2,
        frozenset(("Amara Okafor", "Ghana")): 1,
        frozenset(("Amara Okafor", "Kenya")): 1,
        frozenset(("Lena Vogt", "Kenya")): 1,
    }


def test_only_events_with_coordinates_are_placed(stored):
    data = gather_report(stored.engine, ReportFilters())
    placed = {(e.location_name, e.latitude, e.longitude) for e in data.placed}
    assert placed == {("Accra", 5.56, -0.2), ("Nairobi", -1.29, 36.82)}


def test_latest_events_come_newest_first_undated_last_with_evidence_and_link(stored):
    data = gather_report(stored.engine, ReportFilters())
    assert [e.date_value for e in data.latest] == [
        "2024-05", "2024-04-20", "2024-04-10", "2024-03-05", None,
    ]
    visit = data.latest[3]
    assert (visit.sentence, visit.url, visit.title) == (
        "Okafor arrived in Accra on Tuesday.", "https://news.example/a", "Title of a.txt",
    )


@pytest.mark.parametrize(
    "filters,total,latest",
    [
        (ReportFilters(actor="okafor"), 2, ["2024-05", "2024-03-05"]),
        (ReportFilters(country="AUT"), 1, [None]),
        (ReportFilters(date_from=dt.date(2024, 4, 1), date_to=dt.date(2024, 4, 30)), 2,
         ["2024-04-20", "2024-04-10"]),
        (ReportFilters(country="GHA", date_to=dt.date(2024, 3, 31)), 1, ["2024-03-05"]),
    ],
)
def test_filters_apply_to_every_part(stored, filters, total, latest):
    data = gather_report(stored.engine, filters)
    assert data.total == total == sum(m.events for m in data.months)
    assert [e.date_value for e in data.latest] == latest
    assert {e.event_id for e in data.placed} <= {e.event_id for e in data.latest}
    assert sum(d.events for d in data.dyads) == total  # every event here has one dyad


def test_a_filter_matching_nothing_gives_an_empty_report(stored):
    data = gather_report(stored.engine, ReportFilters(actor="nobody of that name"))
    assert (data.total, data.months, data.dyads, data.actors, data.placed, data.latest) == (
        0, [], [], [], [], [],
    )
    assert data.filters.describe() == "actor 'nobody of that name'"
