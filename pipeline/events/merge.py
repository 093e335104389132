"""Merging: repeated mentions of one happening become one event with every evidence sentence.

Two events are one happening when they share root and modality, one party set covers the
other, their dates agree and their places are not in different countries.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.events.words import HAPPENING_KINDS
from pipeline.model import Event, Location, TimeValue

# How many years an event dated only by the publication may lie from a dated mention of it.
PUBLICATION_YEARS = 1


def _dates_compatible(a: TimeValue, b: TimeValue) -> bool:
    """Two dates may describe one happening unless both are explicit and disagree, or one is
    the publication's and the other years away from it ("the scene 25 years ago, when X
    brokered an agreement" is no part of today's signing)."""
    if a.method == "publication" and b.method != "publication":
        return _near_publication(a, b)
    if b.method == "publication" and a.method != "publication":
        return _near_publication(b, a)
    weak = {"publication", "none"}
    if a.method in weak or b.method in weak or a.value is None or b.value is None:
        return True
    return a.value == b.value


def _near_publication(published: TimeValue, other: TimeValue) -> bool:
    """Whether a dated mention falls within PUBLICATION_YEARS of the publication date."""
    if published.start is None or other.start is None or other.end is None:
        return True
    year = published.start.year
    return other.start.year - PUBLICATION_YEARS <= year <= other.end.year + PUBLICATION_YEARS


def _places_differ(a: Location | None, b: Location | None) -> bool:
    """Two events placed in different countries are different happenings ("the summits in
    Singapore and Hanoi"); a city and its country ("Beijing", "China") may be one."""
    return bool(a and b and a.country and b.country and a.country != b.country)


def _covers(a: Event, b: Event, *, through_people: bool = False) -> bool:
    """Return True when every party of `b` takes part in `a` (optionally a state through its
    people: "the North Korean leader" and "North Korea" in one sentence)."""
    names = {p.actor.name for p in a.participants}
    countries = {p.actor.country for p in a.participants if p.actor.country}
    return all(
        p.actor.name in names
        or (through_people and p.actor.kind == "state" and p.actor.country in countries)
        for p in b.participants
    )


def happening_kind(code: str) -> str:
    """Return the kind of happening a code names within its CAMEO root: a visit (hosted or
    paid), a phone call and a meeting are three happenings even between the same parties on
    one day, as are expelling envoys and freezing trade."""
    return HAPPENING_KINDS.get(code[:3], code[:2])


def _reversed(a: Event, b: Event) -> bool:
    """Return True when one event's source is the other's target: "X accused Y" and "Y
    accused X", a summons and the protest it answers, are two acts, not one."""

    def countries(event: Event, role: str) -> set[str]:
        return {p.actor.country or p.actor.name for p in event.participants if p.role == role}

    return bool(
        countries(a, "source") & countries(b, "target")
        or countries(a, "target") & countries(b, "source")
    )


def _same_happening(a: Event, b: Event, headline_end: int = 0) -> bool:
    """Same root and modality; one party set covering the other; dates that agree.

    Within one sentence ("welcomed guests: ..., the first leader to visit X"), and between a
    headline and the story ("Indian PM visits Pakistan" over "Narendra Modi visited ..."), a
    state also stands for its people.
    """
    if a.modality != b.modality or happening_kind(a.code) != happening_kind(b.code):
        return False
    if _reversed(a, b):
        return False
    if not _dates_compatible(a.date, b.date):
        return False
    if _places_differ(a.location, b.location):
        return False
    headline = any(e.start_char < headline_end for e in (*a.evidence, *b.evidence))
    if headline or {e.sentence for e in a.evidence} & {e.sentence for e in b.evidence}:
        return _covers(a, b, through_people=True) or _covers(b, a, through_people=True)
    return _covers(a, b) or _covers(b, a)


def _merge(into: Event, other: Event) -> None:
    """Fold a repeated mention into the first: union of actors, every evidence sentence."""
    names = {p.actor.name for p in into.participants}
    into.participants.extend(p for p in other.participants if p.actor.name not in names)
    people = {p.actor.country for p in into.participants if p.actor.kind == "person"}
    into.participants[:] = [
        p for p in into.participants if not (p.actor.kind == "state" and p.actor.country in people)
    ]
    into.evidence.extend(e for e in other.evidence if e not in into.evidence)
    states = {p.actor.name: p.actor.country for p in into.participants if p.actor.kind == "state"}
    if into.location is None or (
        # a visit placed only in its host country takes the city a later mention names
        into.location.name in states
        and other.location is not None
        and other.location.country == states[into.location.name]
    ):
        into.location = other.location or into.location
    if into.date.method in {"publication", "none", "inherited"} and other.date.method in {
        "explicit",
        "relative",
    }:
        into.date = other.date
    if other.code.startswith(into.code):
        into.code = other.code  # the more specific code of the same kind: 031 -> 0311


def merge_events(events: Iterable[Event], headline_end: int = 0) -> list[Event]:
    """Return one event per real happening: repeated mentions folded into the first.

    headline_end (int): where the article's headline ends in its text (0: no headline).
    """
    merged: list[Event] = []
    for event in events:
        same = next((m for m in merged if _same_happening(m, event, headline_end)), None)
        if same is None:
            merged.append(event)
        else:
            _merge(same, event)
    return merged
