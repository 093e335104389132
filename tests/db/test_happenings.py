"""Happenings: reports of one real happening in several articles share a happening_id."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlalchemy import event, text

from benchmarks.happenings import measure
from db.migrate import downgrade, upgrade
from db.session import make_engine
from db.store import Store
from pipeline.model import Actor, Location, TimeValue

KENYA = Actor("Kenya", "state", "KEN", code="KEN")
NORWAY = Actor("Norway", "state", "NOR", code="NOR")
AKINYI = Actor("Ruth Akinyi", "person", "KEN", "Foreign Minister", "KENGOV")
PERU = Actor("Peru", "state", "PER")
SPAIN = Actor("Spain", "state", "ESP")
CHILE = Actor("Chile", "state", "CHL")
SWEDEN = Actor("Sweden", "state", "SWE")
MEETING = [(KENYA, "participant"), (NORWAY, "participant")]


def _dated(event, value: str):
    """`event` dated to '2025-09-03' (day), '2025-09' (month), '2025' (year) or 'unknown'."""
    if value == "unknown":
        return replace(event, date=TimeValue(None, "unknown", method="none"))
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return replace(event, date=TimeValue(value, "day", day, day))
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        end = dt.date(parts[0], parts[1] + 1, 1) - dt.timedelta(days=1)
        return replace(event, date=TimeValue(value, "month", start, end))
    year = parts[0]
    return replace(event, date=TimeValue(value, "year", dt.date(year, 1, 1), dt.date(year, 12, 31)))


@pytest.fixture
def report(build_result, make_event):
    """Build one article from `outlet` reporting one event of `code` on `value`."""

    def _report(document, code, participants, value, *, outlet="Wire", location=None, **kw):
        event = _dated(make_event(code, participants, location=location), value)
        result = build_result(document, [event], **kw)
        return replace(result, article=replace(result.article, source=outlet))

    return _report


def _happenings(engine) -> dict[str, int | None]:
    """document -> happening id of its (only) event."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT ar.document, e.happening_id FROM events e "
                "JOIN articles ar ON ar.id = e.article_id"
            )
        )
        return dict(rows.tuples().all())


def _view(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT * FROM happenings ORDER BY happening_id")
        ).mappings().all()


def test_three_outlets_reporting_one_meeting_share_one_happening(engine, store, report):
    store.save(report("a.txt", "040", MEETING, "2025-09", outlet="A",
                      published=dt.date(2025, 9, 8)))
    store.save(report("b.txt", "046", MEETING, "2025-09-03", outlet="B",
                      published=dt.date(2025, 9, 3)))
    store.save(report("c.txt", "040", MEETING, "2025-09-04", outlet="C",
                      published=dt.date(2025, 9, 5)))
    found = _happenings(engine)
    assert len(set(found.values())) == 1 and None not in found.values()
    [row] = _view(engine)
    assert (row["date_value"], row["date_precision"], str(row["date_start"])) == (
        "2025-09-03", "day", "2025-09-03"
    )
    assert (row["articles"], row["sources"], row["events"], row["mentions"]) == (3, 3, 3, 3)
    assert (str(row["first_reported"]), str(row["last_reported"])) == ("2025-09-03", "2025-09-08")
    assert row["first_url"] is None and row["code"] == "040" and row["root"] == "04"
    assert row["participants"] == "Kenya (KEN); Norway (NOR)"


@pytest.mark.parametrize(
    "first,second",
    [
        pytest.param(("040", MEETING, "2025-09-03"), ("040", MEETING, "2025-10-04"),
                     id="same-pair-a-month-apart"),
        pytest.param(("042", [(PERU, "visitor"), (SPAIN, "host")], "2025-09-03"),
                     ("040", [(CHILE, "participant"), (SWEDEN, "participant")], "2025-09-03"),
                     id="visit-and-meeting-of-other-pairs-same-day"),
        pytest.param(("040", MEETING, "2025-09-03"),
                     ("138", [(KENYA, "source"), (NORWAY, "target")], "2025-09-03"),
                     id="same-pair-same-day-other-root"),
        pytest.param(("040", MEETING, "2025-09-03"), ("043", [(KENYA, "host")], "2025-09-03"),
                     id="lone-party-joins-no-meeting"),
        pytest.param(("040", MEETING, "2025-09-03"), ("040", MEETING, "unknown"),
                     id="undated-joins-nothing"),
        pytest.param(("040", MEETING, "2025-09-03"), ("040", MEETING, "2025"),
                     id="year-dated-joins-nothing"),
    ],
)
def test_different_happenings_get_different_ids(engine, store, report, first, second):
    store.save(report("a.txt", *first))
    store.save(report("b.txt", *second))
    found = _happenings(engine)
    assert found["a.txt"] != found["b.txt"]
    assert None not in found.values()


def test_places_in_different_countries_are_different_happenings(engine, store, report):
    store.save(report("a.txt", "040", MEETING, "2025-09-03", location=Location("Nairobi", "KEN")))
    store.save(report("b.txt", "040", MEETING, "2025-09-03", location=Location("Oslo", "NOR")))
    store.save(report("c.txt", "040", MEETING, "2025-09-03"))
    found = _happenings(engine)
    assert found["a.txt"] != found["b.txt"]
    assert found["c.txt"] == found["a.txt"], "the oldest compatible happening wins"


def test_a_person_and_their_state_are_one_party(engine, store, report):
    store.save(report("a.txt", "040", MEETING, "2025-09-03"))
    store.save(report("b.txt", "040", [(AKINYI, "participant"), (NORWAY, "participant")],
                      "2025-09-03"))
    found = _happenings(engine)
    assert found["a.txt"] == found["b.txt"]


def test_a_month_fitting_two_meetings_of_that_month_stays_alone(engine, store, report):
    store.save(report("a.txt", "040", MEETING, "2025-09-03"))
    store.save(report("b.txt", "040", MEETING, "2025-09-24"))
    store.save(report("c.txt", "040", MEETING, "2025-09"))
    found = _happenings(engine)
    assert len(set(found.values())) == 3


def test_a_month_report_cannot_chain_two_meetings(engine, store, report):
    store.save(report("a.txt", "040", MEETING, "2025-09"))
    store.save(report("b.txt", "040", MEETING, "2025-09-03"))
    store.save(report("c.txt", "040", MEETING, "2025-09-24"))
    found = _happenings(engine)
    assert found["a.txt"] == found["b.txt"] != found["c.txt"]


GHANA = Actor("Ghana", "state", "GHA")
TOGO = Actor("Togo", "state", "TGO")
BENIN = Actor("Benin", "state", "BEN")
SUMMIT_REPORTS = {
    "pair-1.txt": [(GHANA, "participant"), (TOGO, "participant")],
    "pair-2.txt": [(TOGO, "participant"), (BENIN, "participant")],
    "all-three.txt": [(GHANA, "participant"), (TOGO, "participant"), (BENIN, "participant")],
}


@pytest.mark.parametrize(
    "order",
    [
        ("pair-1.txt", "pair-2.txt", "all-three.txt"),
        ("all-three.txt", "pair-1.txt", "pair-2.txt"),
        ("pair-2.txt", "all-three.txt", "pair-1.txt"),
    ],
)
def test_a_summit_reported_as_different_pairs_is_one_happening_in_any_order(
    engine, store, report, order
):
    for document in order:
        store.save(report(document, "040", SUMMIT_REPORTS[document], "2026-01-14"))
    found = _happenings(engine)
    assert len(set(found.values())) == 1
    assert found[order[0]] == min(found.values()), "the oldest id is kept"


def test_a_summit_told_as_two_pairs_then_whole_in_one_article_is_one_happening(
    engine, store, build_result, make_event
):
    day = "2026-01-14"
    events = [_dated(make_event("040", SUMMIT_REPORTS[name]), day) for name in SUMMIT_REPORTS]
    store.save(build_result("summit.txt", events))
    with engine.connect() as connection:
        happenings = connection.scalars(text("SELECT DISTINCT happening_id FROM events")).all()
        stored = connection.scalars(text("SELECT id FROM happening_ids")).all()
    assert len(happenings) == 1 and happenings == stored


def test_events_moved_by_a_merge_are_logged_as_changed(engine, store, report):
    store.save(report("pair-1.txt", "040", SUMMIT_REPORTS["pair-1.txt"], "2026-01-14"))
    store.save(report("pair-2.txt", "040", SUMMIT_REPORTS["pair-2.txt"], "2026-01-14"))
    with engine.connect() as connection:
        seq = connection.scalar(text("SELECT MAX(seq) FROM changes"))
        moved_uid = connection.scalar(
            text("SELECT e.event_uid FROM events e JOIN articles ar ON ar.id = e.article_id "
                 "WHERE ar.document = 'pair-2.txt'")
        )
    store.save(report("all-three.txt", "040", SUMMIT_REPORTS["all-three.txt"], "2026-01-14"))
    with engine.connect() as connection:
        logged = set(
            connection.scalars(
                text("SELECT key FROM changes WHERE entity = 'event' AND seq > :seq"), {"seq": seq}
            )
        )
    assert moved_uid in logged


@pytest.mark.parametrize(
    "days,places",
    [
        pytest.param(("2026-01-13", "2026-01-15", "2026-01-14"), (None, None, None),
                     id="pairs-two-days-apart"),
        pytest.param(("2026-01-14",) * 3,
                     (Location("Accra", "GHA"), Location("Cotonou", "BEN"), None),
                     id="pairs-met-in-two-countries"),
    ],
)
def test_a_report_naming_all_parties_does_not_merge_separate_meetings(
    engine, store, report, days, places
):
    for document, day, place in zip(SUMMIT_REPORTS, days, places, strict=True):
        store.save(report(document, "040", SUMMIT_REPORTS[document], day, location=place))
    found = _happenings(engine)
    assert found["pair-1.txt"] != found["pair-2.txt"]


def test_resaving_changes_nothing_and_reextraction_keeps_happenings(engine, store, report):
    store.save(report("a.txt", "040", MEETING, "2025-09-03"))
    store.save(report("b.txt", "040", MEETING, "2025-09-04"))
    before = _happenings(engine)
    assert store.save(report("a.txt", "040", MEETING, "2025-09-03")).events == 0
    store.save(report("a.txt", "040", MEETING, "2025-09-03", extractor_version="2.0"))
    store.save(report("b.txt", "040", MEETING, "2025-09-04", extractor_version="2.0"))
    assert _happenings(engine) == before
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT COUNT(*) FROM happening_ids")).scalar_one()
    assert ids == 1


def test_a_new_version_of_a_page_keeps_its_happening(engine, store, report):
    url = "https://news.example/talks"
    store.save(report("a.txt", "040", MEETING, "2025-09-03", url=url))
    store.save(report("b.txt", "040", MEETING, "2025-09-03"))
    before = _happenings(engine)["a.txt"]
    store.save(report("a.txt", "040", MEETING, "2025-09-03", url=url, text="Edited text."))
    assert set(_happenings(engine).values()) == {before}


def _event_rows(engine) -> list[tuple]:
    """(event id, sentence, happening id) of every stored event, by id."""
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT id, sentence, happening_id FROM events ORDER BY id")
        ).tuples().all()


@pytest.mark.parametrize(
    "sentence,start_char,in_place",
    [
        pytest.param("Kenya and Norway met.", 40, True, id="paragraph-added-before-key-kept"),
        pytest.param("Kenya and Norway met again.", 0, False, id="sentence-edited-new-key"),
    ],
)
def test_an_edited_page_keeps_its_events_happening(
    engine, store, build_result, make_event, sentence, start_char, in_place
):
    url = "https://news.example/talks"

    def page(sentence: str, start_char: int, text: str):
        event = _dated(make_event("040", MEETING, sentence=sentence, start_char=start_char),
                       "2025-09-03")
        return build_result("a.txt", [event], url=url, text=text)

    store.save(page("Kenya and Norway met.", 0, "Kenya and Norway met."))
    store.save(build_result("b.txt", [_dated(make_event("040", MEETING), "2025-09-04")]))
    [(event_id, _, happening), _] = _event_rows(engine)
    store.save(page(sentence, start_char, "A new first paragraph. " + sentence))
    rows = _event_rows(engine)
    edited = next(row for row in rows if row[1] == sentence)
    assert (edited[0] == event_id) is in_place, "a kept key is updated in place (db.revise)"
    assert {row[2] for row in rows} == {happening}, "the edit keeps the happening"
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT COUNT(*) FROM happening_ids")).scalar_one()
    assert ids == 1


def test_deleting_articles_leaves_the_happening_consistent(engine, store, report):
    for document, day in (("a.txt", "2025-09-03"), ("b.txt", "2025-09-04"), ("c.txt", "2025-09")):
        store.save(report(document, "040", MEETING, day, outlet=document))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM articles WHERE document = 'b.txt'"))
    [row] = _view(engine)
    assert (row["articles"], row["date_value"]) == (2, "2025-09-03")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM articles WHERE document = 'a.txt'"))
    [row] = _view(engine)
    assert (row["articles"], row["date_value"], row["date_precision"]) == (1, "2025-09", "month")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM articles"))
    assert _view(engine) == []
    store.save(report("d.txt", "040", MEETING, "2025-09-03"))
    [new] = _view(engine)
    assert new["happening_id"] != row["happening_id"], "an id is never given out twice"


def test_concurrent_reports_of_one_meeting_share_one_happening(engine, report):
    def save(worker: int) -> None:
        worker_store = Store(engine)
        for index in range(3):
            day = f"2025-09-0{3 + index % 2}"
            worker_store.save(report(f"{worker}-{index}.txt", "040", MEETING, day))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(save, range(4)))
    found = _happenings(engine)
    assert len(found) == 12
    assert len(set(found.values())) == 1


def test_two_writers_linking_at_the_same_moment_share_one_happening(engine, report):
    # Each writer pauses before it looks for candidates until the other one gets there too
    # (or 2 s pass): without the change-log lock both would look before either committed.
    barrier = threading.Barrier(2, timeout=2)

    def pause(connection, cursor, statement, parameters, context, executemany):
        if "happening_id IS NOT NULL" in statement and "events.root" in statement:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    # The actors exist already: inserting one would make the second writer wait for the first.
    Store(engine).save(report("earlier.txt", "040", MEETING, "2024-01-10"))
    event.listen(engine, "before_cursor_execute", pause)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda name: Store(engine).save(
                report(name, "040", MEETING, "2025-09-03")), ["a.txt", "b.txt"]))
    finally:
        event.remove(engine, "before_cursor_execute", pause)
    found = _happenings(engine)
    assert found["a.txt"] == found["b.txt"]


def test_labelled_reports_are_linked_with_high_precision_and_recall(engine):
    scores = measure(engine)
    # Measured 1.0 and 0.92: the labelled set keeps a week-dated report that could be either
    # of two meetings, which linking rightly leaves alone (benchmarks/happenings.py).
    assert scores.precision >= 0.9
    assert scores.recall >= 0.9
    assert scores.events == 39


def test_upgrade_links_the_events_stored_before(sqlite_url, report):
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    store = Store(engine)
    store.save(report("a.txt", "040", MEETING, "2025-09-03"))
    store.save(report("b.txt", "040", MEETING, "2025-09-04"))
    store.save(report("c.txt", "040", MEETING, "2025-10-04"))
    downgrade(sqlite_url, "0010_bi_indexes")
    upgrade(sqlite_url)
    found = _happenings(engine)
    engine.dispose()
    assert found["a.txt"] == found["b.txt"] != found["c.txt"]
    assert None not in found.values()
