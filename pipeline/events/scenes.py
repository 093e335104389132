"""Scenes: where the events a sentence does not place happened, from the rest of the article.

News places an occasion once ("X arrived in Y", "talks in Z", a dateline) and then reports
what was said and done there without naming the place again. An event with no place of its
own takes, in this order:
- the scene of an encounter: the place of the nearest meeting, visit or talks (CAMEO 04,
  reported as having happened)
  that shares a party with it and may have happened on its date;
- the dateline ("CITY, Month day (Agency) —", "CITY —") when it is news of the article's
  days, not history.
A visit placed only in its host country takes the finer place of an encounter in that country
on its dates, or the dateline in that country. United Nations bodies vote and pass resolutions
at the United Nations; a state summons envoys and lodges protests in its capital.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc

from pipeline.dateline import find_datelines
from pipeline.events.places import PlaceResolver
from pipeline.geocode import FINE_PRECISIONS
from pipeline.model import Event, Location

NEWS_DAYS = 4  # how long before publication an event still counts as the article's news
# Organisations whose sessions, votes and resolutions take place at the United Nations.
UN_BODIES = frozenset(
    {"United Nations General Assembly", "United Nations Security Council", "United Nations"}
)
UN_HEADQUARTERS = Location(name="United Nations, New York", country="USA")
# A veto of a UN body's resolution is cast in that body, at the United Nations.
VETO = "129"
# Acts done at the foreign ministry in the acting state's capital: official complaints and
# summonses of envoys.
CAPITAL_CODES = frozenset({"114"})


@dataclass(frozen=True)
class Dateline:
    """Where a report was filed, and the stretch of text the dateline takes (the place and the
    agency named there report the news; they take no part in it)."""

    location: Location
    start_char: int
    end_char: int


def find_dateline(doc: Doc, resolver: PlaceResolver | None) -> Dateline | None:
    """Return the dateline of the text whose place the resolver knows, a city before a
    country ("VIETNAM, Dec 13 - HANOI —" was filed in Hanoi)."""
    if resolver is None:
        return None
    found: list[Dateline] = []
    for span in find_datelines(doc.text):
        name = span.place.title() if span.place.isupper() else span.place
        location = resolver.locate(name)
        if location is not None and location.country is not None:
            found.append(Dateline(location, span.place_start, span.end))
    cities = [d for d in found if d.location.precision in FINE_PRECISIONS]
    return (cities or found or [None])[0]


def set_scenes(
    events: list[Event],
    dateline: Dateline | None,
    published: date | None,
    resolver: PlaceResolver | None = None,
) -> None:
    """Give every event without a place the scene it happened in, when the article tells."""
    encounters = [
        e for e in events if e.root == "04" and e.location is not None and e.modality == "asserted"
    ]
    for event in events:
        if event.location is None or _only_country(event, resolver):
            scene = _nearest_scene(event, encounters)
            if scene is not None:
                event.location = scene
    for event in events:
        if event.location is None or _only_country(event, resolver):
            event.location = _default_place(event, dateline, published, resolver)


def _default_place(
    event: Event,
    dateline: Dateline | None,
    published: date | None,
    resolver: PlaceResolver | None,
) -> Location | None:
    """Return where an event the text does not place happened by default: the United Nations
    for the acts of its bodies and the vetoes cast in them (not for a meeting a UN envoy
    attends), the complaining state's
    capital for a summons or protest, the dateline for the news of the day (a city of the
    country a visit is placed in)."""
    if any(
        p.actor.name in UN_BODIES and (p.role == "source" or event.code[:3] == VETO)
        for p in event.participants
    ):
        return UN_HEADQUARTERS
    if event.code[:3] in CAPITAL_CODES and resolver is not None:
        source = next((p.actor for p in event.participants if p.role == "source"), None)
        if source is not None and source.kind == "state" and source.country:
            return resolver.capital(source.country) or event.location
    if dateline is not None and _is_news(event, published):
        own = event.location
        if own is None or own.country == dateline.location.country:
            return dateline.location
    return event.location
def _nearest_scene(event: Event, encounters: list[Event]) -> Location | None:
    """Return the place of the closest encounter in the text that shares a party with the
    event and may have happened on its date; a finer place than the event's own country."""
    start = event.evidence[0].start_char if event.evidence else 0
    candidates = [
        e
        for e in encounters
        if e is not event
        and _share_party(e, event)
        and _dates_overlap(e, event)
        and _finer_or_none(event.location, e.location)
    ]
    if not candidates:
        return None
    nearest = min(candidates, key=lambda e: abs((e.evidence[0].start_char or 0) - start))
    return nearest.location


def _only_country(event: Event, resolver: PlaceResolver | None) -> bool:
    """Return True for an event placed only in a country ("X visited China", "talks in Viet
    Nam"), which a city of that country the article names may refine."""
    place = event.location
    if place is None:
        return False
    names = {p.actor.name for p in event.participants if p.actor.kind == "state"}
    if place.name in names:
        return True
    if place.precision in FINE_PRECISIONS:
        return False  # a city, such as a capital that also stands for its state
    state = resolver.canonical(place.name) if resolver is not None else None
    return state is not None and state.kind == "state" and state.country == place.country


def _finer_or_none(own: Location | None, scene: Location | None) -> bool:
    if scene is None:
        return False
    if own is None:
        return True
    return scene.name != own.name and scene.country == own.country


def _share_party(a: Event, b: Event) -> bool:
    names = {p.actor.name for p in a.participants}
    countries = {p.actor.country for p in a.participants if p.actor.country}
    return any(p.actor.name in names or p.actor.country in countries for p in b.participants)


def _dates_overlap(a: Event, b: Event) -> bool:
    """Two events may have happened on one occasion unless their known dates are apart."""
    first, second = a.date, b.date
    if first.start is None or second.start is None:
        return True
    return first.start <= (second.end or second.start) and second.start <= (
        first.end or first.start
    )


def _is_news(event: Event, published: date | None) -> bool:
    """Return True for an event of the article's days (or undated), not history."""
    when = event.date
    if when.start is None or published is None:
        return True
    end = when.end or when.start
    return end >= published - timedelta(days=NEWS_DAYS) and when.start <= published
