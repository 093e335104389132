"""Views of version 5 and 6: sides from roles, actor codes, happenings and the GDELT view.

Version 5 (migration 0011_happenings) added to version 4 (db.views) each event's happening,
actor codes and roles, sides from roles rather than word order, and the views `happenings`
and `gdelt_events` (db.happening_views). Its `event_facts` joined the first source and target
participants with a join condition the planner cannot drop, so every query of the view, even
a count by month, paired every event's participants: 13 s for a count by month at a million
events, and `event_dyads` worked out every participant's side per row. Version 6 (migration
0012_participant_sides) reads the sides the writer now stores (`event_participants.side`,
db.sides): `event_facts` gives the side columns as subqueries in the select list, which a
query that does not read them never runs, and `event_dyads` pairs rows by the stored side.
"""

from __future__ import annotations

from dataclasses import replace

from db.happening_views import GDELT_COLUMNS, HAPPENINGS_COLUMNS, gdelt_select, happenings_select
from db.views import (
    _EVENT_DYADS_COLUMNS_V3,
    _EVENT_FACTS_COLUMNS_V3,
    _LOCATION_V3,
    _PARTICIPANT_COUNT,
    VIEWS_V1,
    ViewDef,
    _actors_list,
    _date_columns_v4,
    _earlier_row,
    _reorder,
)

# Version 5: version 4 (the places of version 3, in index-driven form), plus each event's
# happening, actor codes and roles, sides from roles rather than word order, and the views
# `happenings` and `gdelt_events` (db.happening_views). event_facts joins its article and CAMEO
# row with LEFT JOIN and event_dyads pairs participant rows without DISTINCT, as in version 4.
#
# Sides: a participant is on the source side when its role is 'source', or it is the visitor
# of a visit made (042) or the host of any other event (a visit hosted, 043: the host acts);
# on the target side when its role is 'target', or it is the host of a visit made or the
# visitor of any other event. Only an event with no participant on a side (meetings, whose
# participants the text does not tell apart) falls back to word order: its first participant
# is the source of each other one.

_SIDED = (
    "EXISTS (SELECT 1 FROM event_participants x WHERE x.event_id = e.id "
    "AND x.role IN ('source', 'target', 'host', 'visitor'))"
)


def _is_source(p: str) -> str:
    return (
        f"({p}.role = 'source' OR ({p}.role = 'visitor' AND e.code = '042') "
        f"OR ({p}.role = 'host' AND e.code <> '042'))"
    )


def _is_target(p: str) -> str:
    return (
        f"({p}.role = 'target' OR ({p}.role = 'host' AND e.code = '042') "
        f"OR ({p}.role = 'visitor' AND e.code <> '042'))"
    )


_SIDE_COLUMNS_V5 = {
    "source_actor": "Name of the first source-side actor: role 'source', the visitor of a "
    "visit made (042), the host of anything else; without sides, the first participant.",
    "source_country": "ISO-3 country of the source actor.",
    "source_code": "CAMEO actor code of the source actor (actors.code, e.g. 'CHNGOV').",
    "source_role": "Role of the source actor in the event ('source', 'visitor', 'host', or "
    "'participant' when word order made it the source).",
    "target_actor": "Name of the first target-side actor: role 'target', the host of a visit "
    "made, the visitor of anything else; without sides, the next participant.",
    "target_country": "ISO-3 country of the target actor.",
    "target_code": "CAMEO actor code of the target actor.",
    "target_role": "Role of the target actor in the event.",
}
_HAPPENING_COLUMN = {
    "happening_id": "The real happening the event reports (events.happening_id; see the "
    "happenings view).",
}
_EVENT_FACTS_COLUMNS_V5 = _reorder(
    _reorder(_EVENT_FACTS_COLUMNS_V3, "event_uid", _HAPPENING_COLUMN),
    "actors",
    _SIDE_COLUMNS_V5,
)

# The first participant on each side, found once per event and joined (position is unique
# within an event).
_FIRST_SOURCE = (
    f"(SELECT MIN(p.position) FROM event_participants p WHERE p.event_id = e.id "
    f"AND ({_is_source('p')} OR NOT {_SIDED}))"
)
_FIRST_TARGET = (
    f"(SELECT MIN(p.position) FROM event_participants p WHERE p.event_id = e.id "
    f"AND ({_is_target('p')} OR (NOT {_SIDED} AND p.actor_id <> sp.actor_id)))"
)


def _event_facts_v5(dialect: str) -> str:
    return f"""SELECT
    e.id AS event_id, e.event_uid, e.happening_id, e.article_id,
    ar.document, ar.url, ar.title, ar.source, ar.published,
    e.code, c.name AS cameo_name, e.root, e.quad_class, e.goldstein, c.plover_type,
    {_date_columns_v4(dialect)},
    e.date_method, e.date_text,
    {_LOCATION_V3},
    e.modality, e.sentence,
    {_PARTICIPANT_COUNT} AS participant_count,
    {_actors_list(dialect)} AS actors,
    sa.name AS source_actor, sa.country AS source_country, sa.code AS source_code,
    sp.role AS source_role,
    ta.name AS target_actor, ta.country AS target_country, ta.code AS target_code,
    tp.role AS target_role,
    e.extractor_version, e.created_at, e.updated_at
FROM events e
LEFT JOIN articles ar ON ar.id = e.article_id
LEFT JOIN cameo_codes c ON c.code = e.code
LEFT JOIN event_participants sp ON sp.event_id = e.id AND sp.position = {_FIRST_SOURCE}
LEFT JOIN actors sa ON sa.id = sp.actor_id
LEFT JOIN event_participants tp ON tp.event_id = e.id AND tp.position = {_FIRST_TARGET}
LEFT JOIN actors ta ON ta.id = tp.actor_id"""


_EVENT_DYADS_COLUMNS_V5 = _reorder(
    _reorder(_EVENT_DYADS_COLUMNS_V3, "event_uid", _HAPPENING_COLUMN),
    "source_country",
    {name: _SIDE_COLUMNS_V5[name] for name in ("source_code", "source_role")},
)
_EVENT_DYADS_COLUMNS_V5 = _reorder(
    _EVENT_DYADS_COLUMNS_V5,
    "target_country",
    {name: _SIDE_COLUMNS_V5[name] for name in ("target_code", "target_role")},
)


def _event_dyads_v5(dialect: str) -> str:
    return f"""SELECT
    e.id AS event_id, e.event_uid, e.happening_id, e.article_id,
    e.code, c.name AS cameo_name, e.root, e.quad_class, e.goldstein,
    {_date_columns_v4(dialect)},
    e.modality,
    {_LOCATION_V3},
    sa.id AS source_actor_id, sa.name AS source_actor, sa.kind AS source_kind,
    sa.country AS source_country, sa.code AS source_code, s.role AS source_role,
    ta.id AS target_actor_id, ta.name AS target_actor, ta.kind AS target_kind,
    ta.country AS target_country, ta.code AS target_code, t.role AS target_role,
    e.updated_at
FROM event_participants s
JOIN events e ON e.id = s.event_id
LEFT JOIN cameo_codes c ON c.code = e.code
JOIN actors sa ON sa.id = s.actor_id
JOIN event_participants t ON t.event_id = s.event_id AND t.actor_id <> s.actor_id
JOIN actors ta ON ta.id = t.actor_id
WHERE ({_is_source("s")} AND {_is_target("t")})
   OR (NOT {_SIDED.replace("e.id", "s.event_id")}
       AND NOT {_earlier_row("s", same_actor=False)}
       AND NOT {_earlier_row("t", same_actor=True)})"""


VIEWS_V5: tuple[ViewDef, ...] = (
    ViewDef(
        name="event_facts",
        comment=VIEWS_V1[0].comment,
        columns=_EVENT_FACTS_COLUMNS_V5,
        select=_event_facts_v5,
    ),
    ViewDef(
        name="event_dyads",
        comment="One row per (source actor, target actor, event), GDELT style; sides come "
        "from roles (a visitor visits its host, a host hosts its visitor), and without them "
        "the first participant is the source of each other one. Events with a single side "
        "have no row.",
        columns=_EVENT_DYADS_COLUMNS_V5,
        select=_event_dyads_v5,
    ),
    ViewDef(
        name="happenings",
        comment="One row per real happening: the events of every article that reports it, "
        "with its best date, place, participants, first and last report and counts.",
        columns=HAPPENINGS_COLUMNS,
        select=happenings_select,
    ),
    ViewDef(
        name="gdelt_events",
        comment="One row per happening and (source, target) dyad, with GDELT 2.0 event-table "
        "column names and types, so GDELT queries run unchanged.",
        columns=GDELT_COLUMNS,
        select=gdelt_select,
    ),
)


# Version 6: the columns of version 5, from the sides the writer stores with each participant
# (event_participants.side, db.sides). event_facts reads the first participant on each side by
# subqueries in the select list, which run only when a query reads their column; event_dyads
# pairs source rows with target rows by that column alone.
def _first_on_side(expression: str, side: str) -> str:
    """A correlated subquery giving `expression` (of participant `sp` and actor `sa`) for the
    first participant of event `e` on `side`."""
    first = (
        f"(SELECT MIN(f.position) FROM event_participants f WHERE f.event_id = e.id "
        f"AND f.side = '{side}')"
    )
    return (
        f"(SELECT {expression} FROM event_participants sp JOIN actors sa ON sa.id = sp.actor_id "
        f"WHERE sp.event_id = e.id AND sp.position = {first})"
    )


def _event_facts_v6(dialect: str) -> str:
    """Version 5's select list, each side column's joined value ("ta.code AS target_code")
    replaced by its subquery, and version 5's joins of the sides left out."""
    head, _joins = _event_facts_v5(dialect).split("\nFROM events e", 1)
    for participant, actor, side in (("sp", "sa", "source"), ("tp", "ta", "target")):
        for column, expression in (("actor", "sa.name"), ("country", "sa.country"),
                                   ("code", "sa.code"), ("role", "sp.role")):
            joined = f"{participant}.role" if column == "role" else f"{actor}.{expression[3:]}"
            head = head.replace(
                f"{joined} AS {side}_{column}",
                f"{_first_on_side(expression, side)} AS {side}_{column}",
            )
    return head + """
FROM events e
LEFT JOIN articles ar ON ar.id = e.article_id
LEFT JOIN cameo_codes c ON c.code = e.code"""


def _event_dyads_v6(dialect: str) -> str:
    head, _pairs = _event_dyads_v5(dialect).split("\nFROM event_participants s", 1)
    return head + """
FROM event_participants s
JOIN events e ON e.id = s.event_id
LEFT JOIN cameo_codes c ON c.code = e.code
JOIN actors sa ON sa.id = s.actor_id
JOIN event_participants t ON t.event_id = s.event_id AND t.side = 'target'
    AND t.actor_id <> s.actor_id
JOIN actors ta ON ta.id = t.actor_id
WHERE s.side = 'source'"""


VIEWS_V6: tuple[ViewDef, ...] = (
    replace(VIEWS_V5[0], select=_event_facts_v6),
    replace(VIEWS_V5[1], select=_event_dyads_v6),
    *VIEWS_V5[2:],
)
CURRENT_VIEWS = VIEWS_V6
