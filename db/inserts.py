"""Rows a save inserts many at a time with Core: one statement per table, however many rows.

The writer (db.store) builds an article's events as ORM rows, because the kept ones are
compared with and copied into the stored rows (db.revise). The new ones are only inserted,
and the ORM's flush of a few dozen objects (events, their participants and evidence) cost more
Python time than anything else in a save; three executemany statements do the same
(`insert_events`). Linking inserts the happenings it gives out the same way (`inserted_ids`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Table, insert

from db.models import EventEvidenceRow, EventParticipantRow, EventRow, utcnow

_EVENTS = EventRow.__table__
_PARTICIPANTS = EventParticipantRow.__table__
_EVIDENCE = EventEvidenceRow.__table__
_EVENT_COLUMNS = [column.key for column in _EVENTS.columns if column.key != "id"]
_PARTICIPANT_COLUMNS = ("actor_id", "role", "position", "side")
_EVIDENCE_COLUMNS = ("sentence", "start_char", "end_char", "trigger")


def insert_events(connection: Connection, events: Sequence[EventRow]) -> list[int]:
    """Insert `events` (transient rows) with their participants and evidence; return their
    ids, in order. The rows themselves stay transient and get no id."""
    if not events:
        return []
    now = utcnow()
    values = [
        {**{key: getattr(event, key) for key in _EVENT_COLUMNS},
         "created_at": now, "updated_at": now}
        for event in events
    ]
    ids = inserted_ids(connection, _EVENTS, values)
    participants = [
        {"event_id": event_id, **{key: getattr(row, key) for key in _PARTICIPANT_COLUMNS}}
        for event_id, event in zip(ids, events, strict=True)
        for row in event.participants
    ]
    evidence = [
        {"event_id": event_id, **{key: getattr(row, key) for key in _EVIDENCE_COLUMNS}}
        for event_id, event in zip(ids, events, strict=True)
        for row in event.evidence
    ]
    if participants:
        connection.execute(insert(_PARTICIPANTS), participants)
    if evidence:
        connection.execute(insert(_EVIDENCE), evidence)
    return ids


def inserted_ids(connection: Connection, table: Table, rows: list[dict]) -> list[int]:
    """Insert `rows` (all with the same keys) into `table`; return their ids in order: in one
    statement where the database returns them in the order given (PostgreSQL, SQLite), else
    one by one (MySQL)."""
    if not rows:
        return []
    if connection.dialect.insert_executemany_returning_sort_by_parameter_order:
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(connection.execute(statement, rows).scalars())
    return [
        connection.execute(insert(table).values(**row)).inserted_primary_key[0] for row in rows
    ]
