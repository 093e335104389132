"""The read side: stored events as dicts in the JSON event contract, for the CLI and exports.

The contract fields (document, code, actors, date, location, modality, evidence) come first,
then documented extras (CAMEO reference values, date details, participants with roles,
provenance and `updated_at` for incremental consumers). Every value is JSON-ready: dates and
timestamps are ISO strings.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Row, Select, func, or_, select

from db.models import (
    ActorAliasRow,
    ActorRow,
    ArticleRow,
    CameoCodeRow,
    DeletedEventRow,
    EventParticipantRow,
    EventRow,
)
from pipeline.contract import contract_date
from pipeline.model import TimeValue
from pipeline.names import normalize_alias

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Events fetched per round trip; keyset pagination keeps memory flat on any table size.
BATCH_SIZE = 500

def _filters(
    *,
    since: dt.datetime | None,
    actor: str | None,
    country: str | None,
    code: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(EventRow.updated_at >= since)
    if actor:
        needle = actor.strip()
        matching = func.lower(ActorRow.name).contains(needle.lower(), autoescape=True)
        key = normalize_alias(needle)
        if key:  # punctuation alone folds to nothing, which every alias would contain
            by_alias = select(ActorAliasRow.actor_id).where(
                ActorAliasRow.alias_norm.contains(key, autoescape=True)
            )
            matching = or_(matching, ActorRow.id.in_(by_alias))
        conditions.append(EventRow.id.in_(_events_with_actor(matching)))
    if country:
        conditions.append(
            EventRow.id.in_(_events_with_actor(ActorRow.country == country.strip().upper()))
        )
    if code:
        conditions.append(EventRow.code.startswith(code.strip(), autoescape=True))
    if date_from is not None:
        conditions.append(EventRow.date_start >= date_from)
    if date_to is not None:
        conditions.append(EventRow.date_start <= date_to)
    return conditions


def matching_event_ids(
    *,
    actor: str | None = None,
    country: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Select[tuple[int]]:
    """Return a SELECT of the ids of the events passing the CLI's filters (see
    `iter_contract_events`), for readers of the views to use in `event_id IN (...)`."""
    conditions = _filters(
        since=None, actor=actor, country=country, code=None, date_from=date_from,
        date_to=date_to,
    )
    return select(EventRow.id).where(*conditions)


def _events_with_actor(condition: ColumnElement[bool]) -> Any:
    return (
        select(EventParticipantRow.event_id)
        .join(ActorRow, ActorRow.id == EventParticipantRow.actor_id)
        .where(condition)
    )


_EVENT_COLUMNS = (
    EventRow.id,
    EventRow.event_uid,
    EventRow.happening_id,
    EventRow.code,
    EventRow.root,
    EventRow.quad_class,
    EventRow.goldstein,
    EventRow.date_start,
    EventRow.date_end,
    EventRow.date_value,
    EventRow.date_precision,
    EventRow.date_method,
    EventRow.date_text,
    EventRow.location_name,
    EventRow.location_country,
    EventRow.location_region,
    EventRow.latitude,
    EventRow.longitude,
    EventRow.location_precision,
    EventRow.modality,
    EventRow.sentence,
    EventRow.extractor_version,
    EventRow.updated_at,
    ArticleRow.document,
    ArticleRow.url,
    ArticleRow.title,
    ArticleRow.published,
    CameoCodeRow.name.label("cameo_name"),
)


def iter_contract_events(
    engine: Engine,
    *,
    since: dt.datetime | None = None,
    actor: str | None = None,
    country: str | None = None,
    code: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield stored events, oldest row first, as event-contract dicts with extras.

    since: only events written or changed at or after this time (naive means UTC).
    actor: case-insensitive part of a participant's canonical name or of any of its aliases.
    country: ISO-3 code of any participant.
    code: CAMEO code prefix ("04" matches 040-046 and 0401...).
    date_from, date_to: inclusive bounds on the event's first day.
    limit: at most this many events.
    """
    conditions = _filters(
        since=since,
        actor=actor,
        country=country,
        code=code,
        date_from=date_from,
        date_to=date_to,
    )
    last_id = 0
    remaining = limit
    while remaining is None or remaining > 0:
        size = BATCH_SIZE if remaining is None else min(BATCH_SIZE, remaining)
        query = (
            select(*_EVENT_COLUMNS)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .join(CameoCodeRow, CameoCodeRow.code == EventRow.code)
            .where(EventRow.id > last_id, *conditions)
            .order_by(EventRow.id)
            .limit(size)
        )
        with engine.connect() as connection:
            rows = connection.execute(query).all()
            participants = _participants(connection, [row.id for row in rows]) if rows else {}
        for row in rows:
            yield _contract(row, participants.get(row.id, []))
        if len(rows) < size:
            return
        last_id = rows[-1].id
        if remaining is not None:
            remaining -= len(rows)


def contract_events_by_uid(
    connection: Connection, uids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Return the stored events with these event_uids as contract dicts, keyed by event_uid.

    Uids of events that are no longer stored are simply absent; for change-log readers.
    """
    if not uids:
        return {}
    query = (
        select(*_EVENT_COLUMNS)
        .join(ArticleRow, ArticleRow.id == EventRow.article_id)
        .join(CameoCodeRow, CameoCodeRow.code == EventRow.code)
        .where(EventRow.event_uid.in_(uids))
    )
    rows = connection.execute(query).all()
    participants = _participants(connection, [row.id for row in rows]) if rows else {}
    return {row.event_uid: _contract(row, participants.get(row.id, [])) for row in rows}


def _participants(connection: Any, event_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    query = (
        select(
            EventParticipantRow.event_id,
            EventParticipantRow.role,
            ActorRow.name,
            ActorRow.country,
            ActorRow.kind,
            ActorRow.office,
        )
        .join(ActorRow, ActorRow.id == EventParticipantRow.actor_id)
        .where(EventParticipantRow.event_id.in_(event_ids))
        .order_by(
            EventParticipantRow.event_id, EventParticipantRow.position, EventParticipantRow.role
        )
    )
    by_event: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event_id, role, name, country, kind, office in connection.execute(query):
        by_event[event_id].append(
            {"name": name, "country": country, "kind": kind, "office": office, "role": role}
        )
    return by_event


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _contract(row: Row[Any], participants: list[dict[str, Any]]) -> dict[str, Any]:
    actors: list[dict[str, Any]] = []
    for participant in participants:
        actor = {"name": participant["name"], "country": participant["country"]}
        if actor not in actors:  # one actor in two roles is still one actor
            actors.append(actor)
    return {
        "document": row.document,
        "code": row.code,
        "actors": actors,
        "date": contract_date(TimeValue(row.date_value, row.date_precision)),
        "location": row.location_name,
        "modality": row.modality,
        "evidence": row.sentence,
        # extras
        "event_uid": row.event_uid,
        "happening_id": row.happening_id,
        "root": row.root,
        "cameo_name": row.cameo_name,
        "quad_class": row.quad_class,
        "goldstein": row.goldstein,
        "participants": participants,
        "date_value": row.date_value,
        "date_precision": row.date_precision,
        "date_method": row.date_method,
        "date_text": row.date_text,
        "date_start": _iso(row.date_start),
        "date_end": _iso(row.date_end),
        "location_country": row.location_country,
        "location_region": row.location_region,
        "location_precision": row.location_precision,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "url": row.url,
        "title": row.title,
        "published": _iso(row.published),
        "extractor_version": row.extractor_version,
        "updated_at": _iso(row.updated_at),
    }


def iter_deleted_events(
    engine: Engine, *, since: dt.datetime | None = None
) -> Iterator[dict[str, str]]:
    """Yield tombstones {event_uid, deleted_at} of events removed at or after `since`.

    The counterpart of `iter_contract_events(since=...)` for incremental consumers.
    """
    query = select(DeletedEventRow.event_uid, DeletedEventRow.deleted_at).order_by(
        DeletedEventRow.deleted_at, DeletedEventRow.event_uid
    )
    if since is not None:
        query = query.where(DeletedEventRow.deleted_at >= since)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    for uid, deleted_at in rows:
        yield {"event_uid": uid, "deleted_at": deleted_at.isoformat()}
