"""The data of `dipevents report`: what its charts and tables show, read from the views.

Every query reads the documented views `event_facts` and `event_dyads` (see docs/schema.md),
restricted to the events that pass the report's filters (`db.queries.matching_event_ids`), so
a picture counts exactly what an analyst's SQL on the same views would. Months follow the
counting rule of docs/schema.md: an event is in a month only when its whole date lies in it
(`month_start`); the others are counted apart, never spread or put into January.

The queries are portable SQL (no NULLS LAST, no dialect functions): they run unchanged on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, case, column, func, select, table, union

from db.models import ActorRow
from db.queries import matching_event_ids

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# How much of each kind the page shows by default: enough to read, few enough to draw.
TOP_DYADS = 15
NETWORK_ACTORS = 40
LATEST_EVENTS = 25
PLACED_EVENTS = 5000

EVENT_FACTS = table(
    "event_facts",
    *(
        column(name)
        for name in (
            "event_id", "url", "title", "code", "cameo_name", "quad_class",
            "date_start", "date_value", "date_precision", "month_start", "location_name",
            "location_country", "latitude", "longitude", "modality", "sentence", "actors",
        )
    ),
)
EVENT_DYADS = table(
    "event_dyads",
    *(
        column(name)
        for name in (
            "event_id", "goldstein", "source_actor_id", "source_actor", "source_country",
            "target_actor_id", "target_actor", "target_country",
        )
    ),
)


@dataclass(frozen=True)
class ReportFilters:
    """Which events a report covers: all, or those of an actor, a country, a date range."""

    actor: str | None = None
    country: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def describe(self) -> str:
        """The filters in words ('all stored events' when there are none)."""
        parts = []
        if self.actor:
            parts.append(f"actor '{self.actor}'")
        if self.country:
            parts.append(f"country {self.country}")
        if self.date_from:
            parts.append(f"from {self.date_from.isoformat()}")
        if self.date_to:
            parts.append(f"to {self.date_to.isoformat()}")
        return ", ".join(parts) if parts else "all stored events"


@dataclass(frozen=True)
class MonthCount:
    """Events of one quad class in one month; `month` None counts those coarser than a month."""

    month: dt.date | None
    quad_class: int
    events: int


@dataclass(frozen=True)
class Dyad:
    """A (source, target) pair of actors with its events and their Goldstein sum."""

    source: str
    source_country: str | None
    target: str
    target_country: str | None
    events: int
    goldstein_sum: float


@dataclass(frozen=True)
class NetworkActor:
    id: int
    name: str
    kind: str
    country: str | None
    events: int


@dataclass(frozen=True)
class NetworkTie:
    """Two actors (either direction) with the events between them and their Goldstein sum."""

    first_id: int
    second_id: int
    events: int
    goldstein_sum: float


@dataclass(frozen=True)
class ReportEvent:
    """One event as the map and the latest-events table show it."""

    event_id: int
    date_value: str | None
    date_precision: str
    code: str
    cameo_name: str
    quad_class: int
    actors: str | None
    location_name: str | None
    location_country: str | None
    latitude: float | None
    longitude: float | None
    modality: str
    sentence: str | None
    url: str | None
    title: str | None


@dataclass
class ReportData:
    """Everything one report page shows."""

    filters: ReportFilters
    total: int
    months: list[MonthCount] = field(default_factory=list)
    dyads: list[Dyad] = field(default_factory=list)
    actors: list[NetworkActor] = field(default_factory=list)
    ties: list[NetworkTie] = field(default_factory=list)
    placed: list[ReportEvent] = field(default_factory=list)
    latest: list[ReportEvent] = field(default_factory=list)


def gather_report(engine: Engine, filters: ReportFilters) -> ReportData:
    """Read what the report of the events passing `filters` shows, in one connection."""
    chosen = matching_event_ids(
        actor=filters.actor, country=filters.country, date_from=filters.date_from,
        date_to=filters.date_to,
    )
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(EVENT_FACTS)
            .where(EVENT_FACTS.c.event_id.in_(chosen))
        ).scalar_one()
        if not total:
            return ReportData(filters=filters, total=0)
        actors, ties = network(connection, chosen)
        return ReportData(
            filters=filters,
            total=total,
            months=monthly_counts(connection, chosen),
            dyads=top_dyads(connection, chosen),
            actors=actors,
            ties=ties,
            placed=placed_events(connection, chosen),
            latest=latest_events(connection, chosen),
        )


def monthly_counts(connection: Connection, chosen: Any) -> list[MonthCount]:
    """Events per month and quad class, oldest month first, the coarser-dated ones last."""
    facts = EVENT_FACTS.c
    rows = connection.execute(
        select(facts.month_start, facts.quad_class, func.count())
        .where(facts.event_id.in_(chosen))
        .group_by(facts.month_start, facts.quad_class)
    ).all()
    counts = [MonthCount(_as_date(month), int(quad), int(n)) for month, quad, n in rows]
    return sorted(counts, key=lambda c: (c.month is None, c.month or dt.date.min, c.quad_class))


def top_dyads(connection: Connection, chosen: Any, limit: int = TOP_DYADS) -> list[Dyad]:
    """The `limit` (source, target) pairs of largest Goldstein sum, cooperative or hostile."""
    dyads = EVENT_DYADS.c
    total = func.sum(dyads.goldstein)
    events = func.count(func.distinct(dyads.event_id))
    rows = connection.execute(
        select(
            dyads.source_actor, dyads.source_country, dyads.target_actor, dyads.target_country,
            events, total,
        )
        .where(dyads.event_id.in_(chosen))
        .group_by(  # by id: two actors may share a name (a state and its party)
            dyads.source_actor_id, dyads.target_actor_id,
            dyads.source_actor, dyads.source_country, dyads.target_actor, dyads.target_country,
        )
        .order_by(func.abs(total).desc(), events.desc(), dyads.source_actor, dyads.target_actor)
        .limit(limit)
    ).all()
    return [
        Dyad(source, source_country, target, target_country, int(n), _as_float(goldstein))
        for source, source_country, target, target_country, n, goldstein in rows
    ]


def network(
    connection: Connection, chosen: Any, limit: int = NETWORK_ACTORS
) -> tuple[list[NetworkActor], list[NetworkTie]]:
    """The `limit` actors in most two-sided events, and the ties among them (undirected).

    Both are counted in SQL, so the size of the store does not matter to memory.
    """
    dyads = EVENT_DYADS.c
    sides = union(
        *(
            select(getattr(dyads, f"{side}_actor_id").label("actor_id"), dyads.event_id)
            .where(dyads.event_id.in_(chosen))
            for side in ("source", "target")
        )
    ).subquery()
    events = func.count(func.distinct(sides.c.event_id))
    ranked = connection.execute(
        select(ActorRow.id, ActorRow.name, ActorRow.kind, ActorRow.country, events)
        .join(sides, sides.c.actor_id == ActorRow.id)
        .group_by(ActorRow.id, ActorRow.name, ActorRow.kind, ActorRow.country)
        .order_by(events.desc(), ActorRow.name, ActorRow.id)
        .limit(limit)
    ).all()
    actors = [NetworkActor(actor, name, kind, country, int(n))
              for actor, name, kind, country, n in ranked]
    return actors, _ties(connection, chosen, {actor.id for actor in actors})


def _ties(connection: Connection, chosen: Any, shown: set[int]) -> list[NetworkTie]:
    """The ties among the `shown` actors: each pair once, whichever side was the source."""
    if not shown:
        return []
    dyads = EVENT_DYADS.c
    lower = dyads.source_actor_id < dyads.target_actor_id
    first = case((lower, dyads.source_actor_id), else_=dyads.target_actor_id)
    second = case((lower, dyads.target_actor_id), else_=dyads.source_actor_id)
    rows = connection.execute(
        select(first, second, func.count(func.distinct(dyads.event_id)),
               func.sum(dyads.goldstein))
        .where(
            dyads.event_id.in_(chosen),
            dyads.source_actor_id.in_(shown),
            dyads.target_actor_id.in_(shown),
        )
        .group_by(first, second)
        .order_by(first, second)
    ).all()
    return [NetworkTie(a, b, int(n), _as_float(total)) for a, b, n, total in rows]


def placed_events(
    connection: Connection, chosen: Any, limit: int = PLACED_EVENTS
) -> list[ReportEvent]:
    """Events with coordinates, newest first (at most `limit`)."""
    facts = EVENT_FACTS.c
    query = _events_query(chosen).where(facts.latitude.is_not(None), facts.longitude.is_not(None))
    return [_event(row) for row in connection.execute(query.limit(limit))]


def latest_events(
    connection: Connection, chosen: Any, limit: int = LATEST_EVENTS
) -> list[ReportEvent]:
    """The `limit` events of latest date, undated ones after all dated ones."""
    return [_event(row) for row in connection.execute(_events_query(chosen).limit(limit))]


def _events_query(chosen: Any) -> Any:
    facts = EVENT_FACTS.c
    undated_last = case((facts.date_start.is_(None), 1), else_=0)
    return (
        select(
            facts.event_id, facts.date_value, facts.date_precision, facts.code, facts.cameo_name,
            facts.quad_class, facts.actors, facts.location_name, facts.location_country,
            facts.latitude, facts.longitude, facts.modality, facts.sentence, facts.url,
            facts.title,
        )
        .where(facts.event_id.in_(chosen))
        .order_by(undated_last, facts.date_start.desc(), facts.event_id.desc())
    )


def _event(row: Any) -> ReportEvent:
    values = row._asdict()
    for name in ("latitude", "longitude"):
        values[name] = None if values[name] is None else _as_float(values[name])
    values["quad_class"] = int(values["quad_class"])
    return ReportEvent(**values)


def _as_date(value: Any) -> dt.date | None:
    """A date from a view's date column: SQLite gives ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_float(value: float | Decimal | None) -> float:
    """A Goldstein value or sum as a float: PostgreSQL sums NUMERIC to Decimal."""
    return float(value) if value is not None else 0.0
