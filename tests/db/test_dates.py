"""Dates without traps: unknown dates are stored empty, views bucket by month and year only
what lies wholly in the bucket, and migration 0006 empties the ranges stored before."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select, text, update

from db.migrate import current_revision, downgrade, head_revision, upgrade
from db.models import ChangeRow, EventRow
from db.session import make_engine
from db.store import Store
from pipeline.model import Actor, TimeValue

SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")
D = dt.date

# (date value, precision, start, end) -> (stored start, stored end, month_start, year)
DATES = [
    pytest.param(
        ("2025-09-03", "day", D(2025, 9, 3), D(2025, 9, 3)),
        (D(2025, 9, 3), D(2025, 9, 3), D(2025, 9, 1), 2025),
        id="day",
    ),
    pytest.param(
        ("2025-W36", "week", D(2025, 9, 1), D(2025, 9, 7)),
        (D(2025, 9, 1), D(2025, 9, 7), D(2025, 9, 1), 2025),
        id="week-inside-a-month",
    ),
    pytest.param(
        ("2025-W40", "week", D(2025, 9, 29), D(2025, 10, 5)),
        (D(2025, 9, 29), D(2025, 10, 5), None, 2025),
        id="week-across-two-months",
    ),
    pytest.param(
        ("2026-W01", "week", D(2025, 12, 29), D(2026, 1, 4)),
        (D(2025, 12, 29), D(2026, 1, 4), None, None),
        id="week-across-new-year",
    ),
    pytest.param(
        ("2025-09", "month", D(2025, 9, 1), D(2025, 9, 30)),
        (D(2025, 9, 1), D(2025, 9, 30), D(2025, 9, 1), 2025),
        id="month",
    ),
    pytest.param(
        ("2025-Q3", "quarter", D(2025, 7, 1), D(2025, 9, 30)),
        (D(2025, 7, 1), D(2025, 9, 30), None, 2025),
        id="quarter",
    ),
    pytest.param(
        ("2025", "year", D(2025, 1, 1), D(2025, 12, 31)),
        (D(2025, 1, 1), D(2025, 12, 31), None, 2025),
        id="year-not-in-january",
    ),
    pytest.param(
        ("202", "decade", D(2020, 1, 1), D(2029, 12, 31)),
        (D(2020, 1, 1), D(2029, 12, 31), None, None),
        id="decade",
    ),
    pytest.param(
        (None, "unknown", D(2018, 1, 1), D(2019, 12, 31)),
        (None, None, None, None),
        id="unknown-with-a-range-stored-empty",
    ),
    pytest.param(
        (None, "unknown", None, None),
        (None, None, None, None),
        id="unknown",
    ),
    pytest.param(
        ("PRESENT_REF", "ref", None, None),
        (None, None, None, None),
        id="reference",
    ),
]


def _event(make_event, value, precision, start, end, code="042"):
    """An event between Sweden and Chile dated by the given TimeValue fields."""
    event = make_event(code, [(SWEDEN, "source"), (CHILE, "target")])
    return replace(event, date=TimeValue(value, precision, start, end, "text", "explicit"))


@pytest.mark.parametrize("date,expected", DATES)
def test_dates_are_stored_and_bucketed_without_traps(
    engine, store, build_result, make_event, date, expected
):
    store.save(build_result("a.txt", [_event(make_event, *date)]))
    with engine.connect() as connection:
        stored = connection.execute(select(EventRow.date_start, EventRow.date_end)).one()
        facts = connection.execute(
            text("SELECT date_precision, month_start, year FROM event_facts")
        ).one()
        dyads = connection.execute(
            text("SELECT date_end, date_precision, month_start, year FROM event_dyads")
        ).one()
    assert tuple(stored) == expected[:2]
    month_start = facts.month_start
    if isinstance(month_start, str):  # SQLite gives the view's dates as text
        month_start = D.fromisoformat(month_start)
    assert (month_start, facts.year) == expected[2:]
    assert facts.date_precision == date[1]
    assert (dyads.date_precision, dyads.year) == (date[1], expected[3])
    assert dyads.date_end in (expected[1], expected[1] and expected[1].isoformat())


def test_counting_by_month_counts_each_event_once_and_coarse_ones_apart(
    engine, store, build_result, make_event
):
    dates = [
        ("2025-09-03", "day", D(2025, 9, 3), D(2025, 9, 3)),
        ("2025-09", "month", D(2025, 9, 1), D(2025, 9, 30)),
        ("2025", "year", D(2025, 1, 1), D(2025, 12, 31)),
        (None, "unknown", D(2018, 1, 1), D(2019, 12, 31)),
    ]
    events = [
        _event(make_event, *date, code=code)
        for date, code in zip(dates, ("042", "043", "036", "040"), strict=True)
    ]
    store.save(build_result("a.txt", events))
    with engine.connect() as connection:
        months = connection.execute(
            text(
                "SELECT month_start, COUNT(*) AS n FROM event_facts "
                "GROUP BY month_start ORDER BY month_start"
            )
        ).all()
        years = dict(
            connection.execute(text("SELECT year, COUNT(*) FROM event_facts GROUP BY year"))
            .tuples()
            .all()
        )
    by_month = {str(row.month_start) if row.month_start else None: row.n for row in months}
    assert by_month == {"2025-09-01": 2, None: 2}
    assert years == {2025: 3, None: 1}


def test_migration_empties_unknown_ranges_and_logs_them(
    empty_database_url, build_result, make_event
):
    url = empty_database_url
    # Stored by today's writer (which knows the columns of later migrations), then taken back
    # to the schema before this fix.
    upgrade(url)
    engine = make_engine(url)
    try:
        Store(engine).save(
            build_result(
                "a.txt",
                [
                    _event(make_event, None, "unknown", None, None),
                    _event(make_event, "2025", "year", D(2025, 1, 1), D(2025, 12, 31), "043"),
                ],
            )
        )
        downgrade(url, "0005")
        with engine.begin() as connection:  # what the writer stored before this fix
            connection.execute(
                update(EventRow)
                .where(EventRow.date_precision == "unknown")
                .values(date_start=D(2018, 1, 1), date_end=D(2019, 12, 31))
            )
            before = connection.execute(select(ChangeRow.seq)).scalars().all()
            wrong_uid = connection.execute(
                select(EventRow.event_uid).where(EventRow.date_precision == "unknown")
            ).scalar_one()
        upgrade(url)
        with engine.connect() as connection:
            rows = connection.execute(
                select(EventRow.date_precision, EventRow.date_start, EventRow.date_end).order_by(
                    EventRow.code
                )
            ).all()
            logged = connection.execute(
                select(ChangeRow.entity, ChangeRow.key, ChangeRow.op).where(
                    ChangeRow.seq > max(before)
                )
            ).all()
            counted = connection.execute(
                text("SELECT COUNT(*) FROM event_facts WHERE year = 2018")
            ).scalar_one()
        assert [tuple(row) for row in rows] == [
            ("unknown", None, None),
            ("year", D(2025, 1, 1), D(2025, 12, 31)),
        ]
        assert [tuple(row) for row in logged] == [("event", wrong_uid, "upsert")]
        assert counted == 0
        downgrade(url, "0005")
        upgrade(url)
        assert current_revision(url) == head_revision()
    finally:
        engine.dispose()
