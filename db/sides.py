"""Which side of an event each participant is on: source, target or neither.

Stored with each participant row (`event_participants.side`) when the writer builds it, so the
views pair sources with targets by a plain column instead of working the sides out per row.

Roles decide the sides: a participant is on the source side when its role is 'source', or it
is the visitor of a visit made (042) or the host of any other event (a visit hosted, 043: the
host acts); on the target side when its role is 'target', or it is the host of a visit made or
the visitor of any other event. An event with no participant on a side (a meeting, whose
participants the text does not tell apart) falls back to word order, as GDELT codes an event's
first actor as Actor1: its first participant is the source, and the first row of every other
actor a target.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Side = Literal["source", "target"]
SIDED_ROLES = frozenset({"source", "target", "host", "visitor"})
VISIT_MADE = "042"


def side_of_role(role: str, code: str) -> Side | None:
    """The side a role puts its participant on in an event of CAMEO `code`, or None."""
    # In a visit made the visitor acts; in anything else (a visit hosted) the host does.
    actor, acted_on = ("visitor", "host") if code == VISIT_MADE else ("host", "visitor")
    if role in ("source", actor):
        return "source"
    if role in ("target", acted_on):
        return "target"
    return None


def sides(code: str, participants: Sequence[tuple[int, str]]) -> list[Side | None]:
    """The side of each participant of an event of `code`.

    participants (Sequence[tuple[int, str]]): (actor id, role), in position order.
    RETURNS (list[Side | None]): one side per participant, in the same order.
    """
    if any(role in SIDED_ROLES for _, role in participants):
        return [side_of_role(role, code) for _, role in participants]
    found: list[Side | None] = []
    seen: set[int] = set()
    for position, (actor, _role) in enumerate(participants):
        if position == 0:
            found.append("source")
        elif actor in seen:
            found.append(None)
        else:
            found.append("target")
        seen.add(actor)
    return found
