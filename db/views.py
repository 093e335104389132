"""SQL views for the common analyst questions, documented column by column.

`event_facts` gives one row per event with its article, CAMEO reference values and
participants flattened to text; `event_dyads` gives one row per (source actor, target actor,
event) in GDELT style. The SELECTs are written once and rendered for SQLite, PostgreSQL and
MySQL/MariaDB, which differ only in string aggregation and concatenation.

Source and target (version 5; see `db.sided_views`): roles decide the sides ('source' and
'target'; a visitor visits its host in 042, a host hosts its visitor in 043); an event whose
participants have no side (a meeting's 'participant's) falls back to word order: the first
participant (by position) is the source and every other participant a target, as GDELT codes
an event's first actor as Actor1. Version 3 adds places (region, point and precision),
version 4 gives them in a form the planner drives from indexes, and version 5 adds
`happenings` and `gdelt_events` (db.happening_views).

Views are migration objects: a migration creates the definitions it imports from here (versions
1 to 4) or from `db.sided_views` (versions 5 and 6, with sides from roles). To change a view,
add a new tuple and a migration that drops the old and creates the new one, keeping the old
tuple for that migration's downgrade; `db.sided_views.CURRENT_VIEWS` names the newest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from db.sqlparts import concat, month_start, year

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class ViewDef:
    """A view: its name, comment, documented columns (in SELECT order) and SQL per dialect."""

    name: str
    comment: str
    columns: dict[str, str]
    select: Callable[[str], str]


# An event "has explicit roles" when one of its participants is a source or a target.
_EXPLICIT = (
    "EXISTS (SELECT 1 FROM event_participants x "
    "WHERE x.event_id = e.id AND x.role IN ('source', 'target'))"
)
_FIRST_ACTOR_ID = (
    "(SELECT f.actor_id FROM event_participants f WHERE f.event_id = e.id "
    "ORDER BY f.position, f.role LIMIT 1)"
)


def _actors_list(dialect: str) -> str:
    """'Name (ISO3); Name' for all participants of `e`, in position order."""
    with_country = concat(dialect, "a.name", "' ('", "a.country", "')'")
    label = f"CASE WHEN a.country IS NULL THEN a.name ELSE {with_country} END"
    joined = "event_participants p JOIN actors a ON a.id = p.actor_id WHERE p.event_id = e.id"
    if dialect == "postgresql":
        return f"(SELECT string_agg({label}, '; ' ORDER BY p.position, p.role) FROM {joined})"
    if dialect in ("mysql", "mariadb"):
        return (
            f"(SELECT GROUP_CONCAT({label} ORDER BY p.position, p.role SEPARATOR '; ') "
            f"FROM {joined})"
        )
    # SQLite before 3.44 has no ORDER BY inside aggregates; it keeps a subquery's order.
    return (
        f"(SELECT group_concat(label, '; ') FROM "
        f"(SELECT {label} AS label FROM {joined} ORDER BY p.position, p.role))"
    )


def _source(column: str) -> str:
    return (
        f"(SELECT a.{column} FROM event_participants p JOIN actors a ON a.id = p.actor_id "
        f"WHERE p.event_id = e.id AND (p.role = 'source' OR NOT {_EXPLICIT}) "
        "ORDER BY p.position, p.role LIMIT 1)"
    )


def _target(column: str) -> str:
    return (
        f"(SELECT a.{column} FROM event_participants p JOIN actors a ON a.id = p.actor_id "
        f"WHERE p.event_id = e.id AND (p.role = 'target' OR "
        f"(NOT {_EXPLICIT} AND p.actor_id <> {_FIRST_ACTOR_ID})) "
        "ORDER BY p.position, p.role LIMIT 1)"
    )


_EVENT_FACTS_COLUMNS = {
    "event_id": "events.id.",
    "event_uid": "Stable event key (see events.event_uid).",
    "article_id": "articles.id of the reporting article.",
    "document": "Source id of the article.",
    "url": "URL of the article.",
    "title": "Headline of the article.",
    "source": "Outlet of the article.",
    "published": "Publication date of the article.",
    "code": "CAMEO event code.",
    "cameo_name": "Codebook name of the code.",
    "root": "CAMEO root code.",
    "quad_class": "CAMEO quad class (1..4).",
    "goldstein": "Goldstein value of the code.",
    "plover_type": "PLOVER event type of the code.",
    "date_start": "First day of the event date.",
    "date_end": "Last day of the event date.",
    "date_value": "TIMEX3-style date value.",
    "date_precision": "Precision of the date.",
    "date_method": "How the date was found.",
    "date_text": "Text the date came from.",
    "location_name": "Where it happened.",
    "location_country": "ISO-3 country of the location.",
    "latitude": "Latitude of the location.",
    "longitude": "Longitude of the location.",
    "modality": "asserted, planned, hypothetical or negated.",
    "sentence": "First evidence sentence.",
    "participant_count": "Number of participant rows.",
    "actors": "All participants in order, 'Name (ISO3); Name (ISO3)'.",
    "source_actor": "Name of the first source actor (first participant without roles).",
    "source_country": "ISO-3 country of the source actor.",
    "target_actor": "Name of the first target actor (next participant without roles).",
    "target_country": "ISO-3 country of the target actor.",
    "extractor_version": "Extractor version that produced the event.",
    "created_at": "When the event row was written (UTC).",
    "updated_at": "When the event row last changed (UTC).",
}


_PARTICIPANT_COUNT = "(SELECT COUNT(*) FROM event_participants n WHERE n.event_id = e.id)"


def _event_facts_tail(dialect: str) -> str:
    """The participant columns and joins every version of event_facts shares."""
    return f"""{_PARTICIPANT_COUNT} AS participant_count,
    {_actors_list(dialect)} AS actors,
    {_source("name")} AS source_actor,
    {_source("country")} AS source_country,
    {_target("name")} AS target_actor,
    {_target("country")} AS target_country,
    e.extractor_version, e.created_at, e.updated_at
FROM events e
JOIN articles ar ON ar.id = e.article_id
JOIN cameo_codes c ON c.code = e.code"""


def _event_facts_v1(dialect: str) -> str:
    return f"""SELECT
    e.id AS event_id, e.event_uid, e.article_id,
    ar.document, ar.url, ar.title, ar.source, ar.published,
    e.code, c.name AS cameo_name, e.root, e.quad_class, e.goldstein, c.plover_type,
    e.date_start, e.date_end, e.date_value, e.date_precision, e.date_method, e.date_text,
    e.location_name, e.location_country, e.latitude, e.longitude,
    e.modality, e.sentence,
    {_event_facts_tail(dialect)}"""


_EVENT_DYADS_COLUMNS = {
    "event_id": "events.id.",
    "event_uid": "Stable event key (see events.event_uid).",
    "article_id": "articles.id of the reporting article.",
    "code": "CAMEO event code.",
    "cameo_name": "Codebook name of the code.",
    "root": "CAMEO root code.",
    "quad_class": "CAMEO quad class (1..4).",
    "goldstein": "Goldstein value of the code.",
    "date_start": "First day of the event date.",
    "date_value": "TIMEX3-style date value.",
    "date_precision": "Precision of the date.",
    "modality": "asserted, planned, hypothetical or negated.",
    "location_name": "Where it happened.",
    "location_country": "ISO-3 country of the location.",
    "source_actor_id": "actors.id of the source actor.",
    "source_actor": "Name of the source actor.",
    "source_kind": "Kind of the source actor.",
    "source_country": "ISO-3 country of the source actor.",
    "target_actor_id": "actors.id of the target actor.",
    "target_actor": "Name of the target actor.",
    "target_kind": "Kind of the target actor.",
    "target_country": "ISO-3 country of the target actor.",
    "updated_at": "When the event row last changed (UTC).",
}


# The actor columns, joins and roles every version of event_dyads shares.
_EVENT_DYADS_TAIL = f"""sa.id AS source_actor_id, sa.name AS source_actor, sa.kind AS source_kind,
    sa.country AS source_country,
    ta.id AS target_actor_id, ta.name AS target_actor, ta.kind AS target_kind,
    ta.country AS target_country,
    e.updated_at
FROM events e
JOIN cameo_codes c ON c.code = e.code
JOIN event_participants s ON s.event_id = e.id
JOIN actors sa ON sa.id = s.actor_id
JOIN event_participants t ON t.event_id = e.id AND t.actor_id <> s.actor_id
JOIN actors ta ON ta.id = t.actor_id
WHERE ({_EXPLICIT} AND s.role = 'source' AND t.role = 'target')
   OR (NOT {_EXPLICIT} AND s.actor_id = {_FIRST_ACTOR_ID})"""


def _event_dyads_v1(dialect: str) -> str:
    return f"""SELECT DISTINCT
    e.id AS event_id, e.event_uid, e.article_id,
    e.code, c.name AS cameo_name, e.root, e.quad_class, e.goldstein,
    e.date_start, e.date_value, e.date_precision, e.modality,
    e.location_name, e.location_country,
    {_EVENT_DYADS_TAIL}"""


VIEWS_V1: tuple[ViewDef, ...] = (
    ViewDef(
        name="event_facts",
        comment="One row per event: article, CAMEO reference values and participants "
        "flattened to text (first source and target actor in their own columns).",
        columns=_EVENT_FACTS_COLUMNS,
        select=_event_facts_v1,
    ),
    ViewDef(
        name="event_dyads",
        comment="One row per (source actor, target actor, event), GDELT style; without "
        "explicit roles the first participant is the source of each other one. Events with "
        "a single side have no row.",
        columns=_EVENT_DYADS_COLUMNS,
        select=_event_dyads_v1,
    ),
)

# Version 2: precision beside every date, and the month and year buckets an event may be counted
# in without double counting coarse dates (see `db.sqlparts.month_start` and docs/schema.md).


_DATE_COLUMNS_V2 = {
    "date_start": "First day the event date covers; null when the date is unknown.",
    "date_end": "Last day the event date covers; null when the date is unknown.",
    "date_precision": "Precision of the date: 'day', 'week', 'month', 'quarter', 'season', "
    "'year', 'decade', 'century', 'ref' or 'unknown'.",
    "date_value": "TIMEX3-style date value ('2025-09-03', '2025-W36', '2025-09', '2025').",
    "month_start": "First day of the month the whole date range lies in (day dates, weeks "
    "inside one month, months); null when the date is coarser or unknown. Count by month on "
    "this column.",
    "year": "Year the whole date range lies in (any precision from day to year); null when "
    "the date is coarser or unknown. Count by year on this column.",
}


def _date_columns_v2(dialect: str) -> str:
    bounds = ("e.date_start", "e.date_end")
    return (
        "e.date_start, e.date_end, e.date_precision, e.date_value, "
        f"{month_start(dialect, *bounds)} AS month_start, {year(dialect, *bounds)} AS year"
    )


def _reorder(columns: dict[str, str], after: str, extra: dict[str, str]) -> dict[str, str]:
    """`columns` without the keys of `extra`, with `extra` inserted after column `after`."""
    kept = [(name, text) for name, text in columns.items() if name not in extra]
    at = [name for name, _ in kept].index(after) + 1
    return dict(kept[:at] + list(extra.items()) + kept[at:])


_EVENT_FACTS_COLUMNS_V2 = _reorder(_EVENT_FACTS_COLUMNS, "plover_type", _DATE_COLUMNS_V2)


_LOCATION_V1 = "e.location_name, e.location_country, e.latitude, e.longitude"


def _event_facts_v2(dialect: str, location: str = _LOCATION_V1) -> str:
    return f"""SELECT
    e.id AS event_id, e.event_uid, e.article_id,
    ar.document, ar.url, ar.title, ar.source, ar.published,
    e.code, c.name AS cameo_name, e.root, e.quad_class, e.goldstein, c.plover_type,
    {_date_columns_v2(dialect)},
    e.date_method, e.date_text,
    {location},
    e.modality, e.sentence,
    {_event_facts_tail(dialect)}"""


_EVENT_DYADS_COLUMNS_V2 = _reorder(_EVENT_DYADS_COLUMNS, "goldstein", _DATE_COLUMNS_V2)


def _event_dyads_v2(dialect: str, location: str = "e.location_name, e.location_country") -> str:
    return f"""SELECT DISTINCT
    e.id AS event_id, e.event_uid, e.article_id,
    e.code, c.name AS cameo_name, e.root, e.quad_class, e.goldstein,
    {_date_columns_v2(dialect)},
    e.modality,
    {location},
    {_EVENT_DYADS_TAIL}"""


VIEWS_V2: tuple[ViewDef, ...] = (
    ViewDef(
        name="event_facts",
        comment=VIEWS_V1[0].comment,
        columns=_EVENT_FACTS_COLUMNS_V2,
        select=_event_facts_v2,
    ),
    ViewDef(
        name="event_dyads",
        comment=VIEWS_V1[1].comment,
        columns=_EVENT_DYADS_COLUMNS_V2,
        select=_event_dyads_v2,
    ),
)

# Version 3: places on the map. Both views give the location's region, point and precision
# (event_dyads had no point before), so a map or a count by region needs no join.
_LOCATION_V3 = (
    "e.location_name, e.location_country, e.location_region, e.latitude, e.longitude, "
    "e.location_precision"
)
_LOCATION_COLUMNS_V3 = {
    "location_name": "Where it happened, as the article names it.",
    "location_country": "ISO-3 country of the location.",
    "location_region": "ISO 3166-2 code of the location's first-level region.",
    "latitude": "Latitude of the location (WGS 84); what it stands for is location_precision.",
    "longitude": "Longitude of the location (WGS 84).",
    "location_precision": "'venue' (a site in a city, at the city's point), 'city', 'region' "
    "(at its largest city) or 'country' (at its capital); null when not placed.",
}


def _event_facts_v3(dialect: str) -> str:
    return _event_facts_v2(dialect, _LOCATION_V3)


def _event_dyads_v3(dialect: str) -> str:
    return _event_dyads_v2(dialect, _LOCATION_V3)


_EVENT_FACTS_COLUMNS_V3 = _reorder(_EVENT_FACTS_COLUMNS_V2, "date_text", _LOCATION_COLUMNS_V3)
_EVENT_DYADS_COLUMNS_V3 = _reorder(_EVENT_DYADS_COLUMNS_V2, "modality", _LOCATION_COLUMNS_V3)

VIEWS_V3: tuple[ViewDef, ...] = (
    ViewDef(
        name="event_facts",
        comment=VIEWS_V1[0].comment,
        columns=_EVENT_FACTS_COLUMNS_V3,
        select=_event_facts_v3,
    ),
    ViewDef(
        name="event_dyads",
        comment=VIEWS_V1[1].comment,
        columns=_EVENT_DYADS_COLUMNS_V3,
        select=_event_dyads_v3,
    ),
)

# Version 4: the columns and rows of version 3 (places), in a form the planner can drive from
# an index. event_facts joins its article and CAMEO row with LEFT JOIN (every event has both:
# foreign keys, NOT NULL), so a query that reads neither skips the join (PostgreSQL and MariaDB
# remove an unused LEFT JOIN to a unique key). event_dyads pairs participant rows without
# DISTINCT and without a per-event subquery in every row: the source is the source row, or the
# first participant row of an event without explicit roles; the target is the target row, or
# the first row of each other actor. A filter on an actor or country column then starts from
# that actor's participant rows (index on event_participants.actor_id) instead of pairing
# every event's participants. On PostgreSQL the month and year buckets use date_part.


def _event_facts_tail_v4(dialect: str) -> str:
    tail = _event_facts_tail(dialect).replace("JOIN articles ar", "LEFT JOIN articles ar")
    return tail.replace("JOIN cameo_codes c", "LEFT JOIN cameo_codes c")


def pg_month_start(start: str = "date_start", end: str = "date_end") -> str:
    """PostgreSQL `month_start` of version 4: date_part on the dates (EXTRACT gives NUMERIC
    and date_trunc a time-zone conversion, both slow over a million rows); same values."""
    same_month = (
        f"date_part('year', {start}) = date_part('year', {end}) "
        f"AND date_part('month', {start}) = date_part('month', {end})"
    )
    first_day = f"{start} - CAST(date_part('day', {start}) AS INTEGER) + 1"
    return f"CASE WHEN {same_month} THEN {first_day} END"


def pg_year(start: str = "date_start", end: str = "date_end") -> str:
    """PostgreSQL `year` of version 4 (see `pg_month_start`)."""
    same_year = f"date_part('year', {start}) = date_part('year', {end})"
    return f"CASE WHEN {same_year} THEN CAST(date_part('year', {start}) AS INTEGER) END"


def _date_columns_v4(dialect: str) -> str:
    if dialect != "postgresql":
        return _date_columns_v2(dialect)
    start, end = "e.date_start", "e.date_end"
    return (
        f"{start}, {end}, e.date_precision, e.date_value, "
        f"{pg_month_start(start, end)} AS month_start, {pg_year(start, end)} AS year"
    )


def _v4(select: str, dialect: str) -> str:
    return select.replace(_date_columns_v2(dialect), _date_columns_v4(dialect))


def _event_facts_v4(dialect: str) -> str:
    facts = _event_facts_v3(dialect).replace(
        _event_facts_tail(dialect), _event_facts_tail_v4(dialect)
    )
    return _v4(facts, dialect)


def _earlier_row(alias: str, same_actor: bool) -> str:
    """SQL true when participant row `alias` has an earlier row in its event (by position,
    then role), of the same actor when `same_actor`."""
    actor = f" AND f.actor_id = {alias}.actor_id" if same_actor else ""
    return (
        f"EXISTS (SELECT 1 FROM event_participants f WHERE f.event_id = {alias}.event_id{actor} "
        f"AND (f.position < {alias}.position OR "
        f"(f.position = {alias}.position AND f.role < {alias}.role)))"
    )


_EVENT_DYADS_PAIRS_V4 = f"""FROM event_participants s
JOIN events e ON e.id = s.event_id
LEFT JOIN cameo_codes c ON c.code = e.code
JOIN actors sa ON sa.id = s.actor_id
JOIN event_participants t ON t.event_id = s.event_id AND t.actor_id <> s.actor_id
JOIN actors ta ON ta.id = t.actor_id
WHERE (s.role = 'source' AND t.role = 'target')
   OR (NOT {_EXPLICIT.replace("e.id", "s.event_id")}
       AND NOT {_earlier_row("s", same_actor=False)}
       AND NOT {_earlier_row("t", same_actor=True)})"""


def _event_dyads_v4(dialect: str) -> str:
    head, _tail = _event_dyads_v3(dialect).split("FROM events e", 1)
    return _v4(head.replace("SELECT DISTINCT", "SELECT", 1), dialect) + _EVENT_DYADS_PAIRS_V4


VIEWS_V4: tuple[ViewDef, ...] = (
    replace(VIEWS_V3[0], select=_event_facts_v4),
    replace(VIEWS_V3[1], select=_event_dyads_v4),
)



def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_statements(view: ViewDef, dialect: str) -> list[str]:
    """Return the SQL that creates `view` on `dialect`, with comments where the backend has them."""
    statements = [f"CREATE VIEW {view.name} AS\n{view.select(dialect)}"]
    if dialect == "postgresql":
        statements.append(f"COMMENT ON VIEW {view.name} IS {_quote(view.comment)}")
        statements.extend(
            f"COMMENT ON COLUMN {view.name}.{column} IS {_quote(comment)}"
            for column, comment in view.columns.items()
        )
    return statements


def drop_statement(view: ViewDef) -> str:
    """Return the SQL that drops `view`."""
    return f"DROP VIEW IF EXISTS {view.name}"


def view_replacement(old: Sequence[ViewDef], new: Sequence[ViewDef], dialect: str) -> list[str]:
    """Return the SQL a migration runs to drop the views of `old` and create those of `new`.

    Old views go last first (a later view may read an earlier one); either side may be empty,
    so a migration that alters tables drops the views before (SQLite's batch mode copies a
    table, which a view on it would block) and creates the new ones after.
    """
    drops = [drop_statement(view) for view in reversed(old)]
    return drops + [statement for view in new for statement in create_statements(view, dialect)]
