"""Sides of an event's participants, as the writer stores them for the views (db.sides)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.migrate import downgrade, upgrade
from db.session import make_engine
from db.sides import sides
from db.store import Store
from pipeline.model import Actor


@pytest.mark.parametrize(
    "code,roles,expected",
    [
        ("112", ["source", "target"], ["source", "target"]),
        ("042", ["visitor", "host"], ["source", "target"]),  # the visitor visits the host
        ("043", ["host", "visitor"], ["source", "target"]),  # the host hosts the visitor
        ("043", ["visitor", "host"], ["target", "source"]),  # word order does not matter
        ("036", ["source", "target", "attendee"], ["source", "target", None]),
    ],
)
def test_roles_decide_the_sides(code, roles, expected):
    participants = [(actor, role) for actor, role in enumerate(roles, start=1)]
    assert sides(code, participants) == expected


def test_without_roles_the_first_participant_is_the_source_of_each_other_actor():
    participants = [(1, "participant"), (2, "participant"), (3, "participant")]
    assert sides("040", participants) == ["source", "target", "target"]


def test_an_actor_named_twice_without_roles_is_on_one_side_once():
    participants = [(1, "participant"), (2, "participant"), (1, "attendee"), (2, "attendee")]
    assert sides("040", participants) == ["source", "target", None, None]


def test_upgrade_gives_the_participants_stored_before_their_sides(
    sqlite_url, build_result, make_event
):
    kenya, norway, chile = (Actor(name, "state", code) for name, code in
                            (("Kenya", "KEN"), ("Norway", "NOR"), ("Chile", "CHL")))
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    Store(engine).save(build_result("a.txt", [
        make_event("043", [(kenya, "host"), (norway, "visitor")]),
        make_event("040", [(chile, "participant"), (kenya, "participant"),
                           (norway, "participant")]),
    ]))
    stored = _sides(engine)
    downgrade(sqlite_url, "0011_happenings")
    upgrade(sqlite_url)
    assert _sides(engine) == stored
    engine.dispose()
    assert stored == {("043", "Kenya"): "source", ("043", "Norway"): "target",
                      ("040", "Chile"): "source", ("040", "Kenya"): "target",
                      ("040", "Norway"): "target"}


def _sides(engine) -> dict[tuple[str, str], str | None]:
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT e.code, a.name, p.side FROM event_participants p "
            "JOIN events e ON e.id = p.event_id JOIN actors a ON a.id = p.actor_id"
        ))
        return {(code, name): side for code, name, side in rows}
