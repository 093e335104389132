"""Views: event_facts flattens participants, event_dyads pairs sources with targets."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from db.models import CameoCodeRow
from pipeline.model import Actor

LINDQVIST = Actor("Maria Lindqvist", "person", "SWE", "Foreign Minister")
HERRERA = Actor("Tomás Herrera", "person", "CHL", "President")
SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")
UN = Actor("United Nations", "organisation", None)

CASES = [
    pytest.param(
        [(LINDQVIST, "source"), (CHILE, "target"), (UN, "attendee")],
        "Maria Lindqvist (SWE); Chile (CHL); United Nations",
        ("Maria Lindqvist", "SWE", "Chile", "CHL"),
        {("Maria Lindqvist", "Chile")},
        id="explicit-roles",
    ),
    pytest.param(
        [(HERRERA, "host"), (SWEDEN, "visitor"), (UN, "visitor")],
        "Tomás Herrera (CHL); Sweden (SWE); United Nations",
        ("Tomás Herrera", "CHL", "Sweden", "SWE"),
        {("Tomás Herrera", "Sweden"), ("Tomás Herrera", "United Nations")},
        id="positional-without-source-target",
    ),
    pytest.param(
        [(SWEDEN, "source"), (CHILE, "source"), (UN, "target")],
        "Sweden (SWE); Chile (CHL); United Nations",
        ("Sweden", "SWE", "United Nations", None),
        {("Sweden", "United Nations"), ("Chile", "United Nations")},
        id="two-sources-one-target",
    ),
    pytest.param(
        [(SWEDEN, "source")],
        "Sweden (SWE)",
        ("Sweden", "SWE", None, None),
        set(),
        id="single-participant",
    ),
    pytest.param(
        [(UN, "participant"), (CHILE, "target")],
        "United Nations; Chile (CHL)",
        (None, None, "Chile", "CHL"),
        set(),
        id="target-without-source",
    ),
]


@pytest.mark.parametrize("participants,actors,source_target,dyads", CASES)
def test_event_facts_flattens_participants(
    engine, store, build_result, make_event, participants, actors, source_target, dyads
):
    event = make_event("043", participants, day=dt.date(2024, 3, 2))
    store.save(build_result("a.txt", [event], url="https://news.example/a"))
    with engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM event_facts")).mappings().one()
        cameo_name = connection.scalar(select(CameoCodeRow.name).where(CameoCodeRow.code == "043"))
    assert row["actors"] == actors
    assert (
        row["source_actor"],
        row["source_country"],
        row["target_actor"],
        row["target_country"],
    ) == source_target
    assert row["participant_count"] == len(participants)
    assert (row["document"], row["url"], row["code"], row["cameo_name"]) == (
        "a.txt",
        "https://news.example/a",
        "043",
        cameo_name,
    )
    assert str(row["date_start"]) == "2024-03-02"


@pytest.mark.parametrize("participants,actors,source_target,dyads", CASES)
def test_event_dyads_pair_each_source_with_each_target(
    engine, store, build_result, make_event, participants, actors, source_target, dyads
):
    store.save(build_result("a.txt", [make_event("043", participants)]))
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT source_actor, target_actor, code FROM event_dyads")
        ).all()
    assert {(source, target) for source, target, _ in rows} == dyads
    assert len(rows) == len(dyads)


def test_views_have_one_row_per_event_across_articles(engine, store, build_result, make_event):
    store.save(build_result("a.txt", [make_event("042", [(SWEDEN, "source"), (CHILE, "target")])]))
    store.save(
        build_result(
            "b.txt",
            [
                make_event("111", [(CHILE, "source"), (SWEDEN, "target")]),
                make_event("036", [(LINDQVIST, "source"), (HERRERA, "target"), (UN, "target")]),
            ],
        )
    )
    with engine.connect() as connection:
        facts = connection.execute(text("SELECT COUNT(*) FROM event_facts")).scalar_one()
        dyads = connection.execute(text("SELECT COUNT(*) FROM event_dyads")).scalar_one()
    assert (facts, dyads) == (3, 4)


@pytest.mark.parametrize(
    "code,participants,expected",
    [
        pytest.param(
            "042",
            [(Actor("Spain", "state", "ESP", code="ESP"), "host"),
             (Actor("Peru", "state", "PER", code="PER"), "visitor")],
            ("Peru", "PER", "visitor", "Spain", "ESP", "host"),
            id="visit-made-visitor-is-source-whatever-the-order",
        ),
        pytest.param(
            "043",
            [(Actor("Peru", "state", "PER", code="PER"), "visitor"),
             (Actor("Spain", "state", "ESP", code="ESP"), "host")],
            ("Spain", "ESP", "host", "Peru", "PER", "visitor"),
            id="visit-hosted-host-is-source",
        ),
        pytest.param(
            "040",
            [(Actor("Lena Berg", "person", "SWE", "Prime Minister", "SWEGOV"), "participant"),
             (CHILE, "participant")],
            ("Lena Berg", "SWEGOV", "participant", "Chile", None, "participant"),
            id="meeting-without-sides-follows-word-order",
        ),
    ],
)
def test_views_give_actor_codes_and_roles_of_each_side(
    engine, store, build_result, make_event, code, participants, expected
):
    store.save(build_result("a.txt", [make_event(code, participants, day=dt.date(2025, 9, 3))]))
    with engine.connect() as connection:
        fact = connection.execute(
            text(
                "SELECT source_actor, source_code, source_role, target_actor, target_code, "
                "target_role, happening_id FROM event_facts"
            )
        ).one()
        dyads = connection.execute(
            text(
                "SELECT source_actor, source_code, source_role, target_actor, target_code, "
                "target_role, happening_id FROM event_dyads"
            )
        ).all()
    assert tuple(fact) == (*expected, fact.happening_id)
    assert [tuple(row) for row in dyads] == [tuple(fact)]
    assert fact.happening_id is not None
