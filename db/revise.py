"""Bringing a stored event up to date from a freshly extracted one with the same key.

When an article is re-extracted or edited, most of its events keep their `event_uid`
(`db.keys`). Their rows are updated in place rather than deleted and inserted again, so the
row keeps its id and `created_at`, and a row whose content did not change is not touched at
all: no UPDATE, no `updated_at` bump, nothing for the change log.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from db.models import EventEvidenceRow, EventParticipantRow, EventRow, utcnow

# Columns that identify or time the row rather than describe the event: never copied. The
# happening id is given after the row is built (db.happenings.link), so a fresh row has none;
# copying it would unlink the kept event.
KEPT_COLUMNS = frozenset({"id", "event_uid", "happening_id", "created_at", "updated_at"})
CONTENT_COLUMNS = tuple(
    column.key for column in EventRow.__table__.columns if column.key not in KEPT_COLUMNS
)


def _participants(row: EventRow) -> list[tuple[int, str, int, str | None]]:
    return [(p.actor_id, p.role, p.position, p.side) for p in row.participants]


def _evidence(row: EventRow) -> list[tuple[str, int, int, str | None]]:
    return [(e.sentence, e.start_char, e.end_char, e.trigger) for e in row.evidence]


def _columns(row: EventRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in CONTENT_COLUMNS}


def update_event(session: Session, stored: EventRow, fresh: EventRow) -> bool:
    """Copy what differs from `fresh` (never added to the session) onto `stored`.

    Columns, participants and evidence are compared as wholes; participants or evidence that
    differ are replaced. RETURNS (bool): whether anything changed (then `updated_at` is now).
    """
    columns, participants, evidence = _columns(fresh), _participants(fresh), _evidence(fresh)
    same_columns = _columns(stored) == columns
    same_participants = _participants(stored) == participants
    same_evidence = _evidence(stored) == evidence
    if same_columns and same_participants and same_evidence:
        return False
    for name, value in columns.items():
        setattr(stored, name, value)
    stored.updated_at = utcnow()
    if not same_participants:
        stored.participants.clear()
        session.flush()  # the old rows go first: a kept participant has the same primary key
        stored.participants.extend(
            EventParticipantRow(actor_id=actor_id, role=role, position=position, side=side)
            for actor_id, role, position, side in participants
        )
    if not same_evidence:
        stored.evidence.clear()
        stored.evidence.extend(
            EventEvidenceRow(sentence=sentence, start_char=start, end_char=end, trigger=trigger)
            for sentence, start, end, trigger in evidence
        )
    return True
