"""Places: where an event happened, from place entities and from venues the resolver knows.

A visited place, else a locative phrase of the trigger or of the clauses governing it; a plural
trigger with coordinated places ("summits in Singapore and Hanoi") has one event per place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from pipeline.events.mentions import MentionIndex
from pipeline.events.syntax import governors, prep_objects
from pipeline.events.words import LOCATIVE_PREPS, PLACE_LABELS
from pipeline.model import ActorMention, Location

# Doc.user_data key of the known places NER left untagged: token index -> (start, end).
KNOWN_PLACES = "dipevents.known_places"


class PlaceResolver(Protocol):
    """What events needs from the actor resolver: the country a place name belongs to."""

    def country_of_place(self, name: str) -> str | None: ...


def mark_known_places(
    doc: Doc, mentions: Iterable[ActorMention], resolver: PlaceResolver | None
) -> None:
    """Record the actor mentions that are also places the resolver knows (a capital, a seat of
    power: "the Oval Office", "the Kremlin"), so a venue NER misses still locates an event."""
    known: dict[int, tuple[int, int]] = {}
    if resolver is not None:
        for mention in mentions:
            if mention.actor.kind != "state" or resolver.country_of_place(mention.text) is None:
                continue
            span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
            if span is not None and not any(t.ent_type_ in PLACE_LABELS for t in span):
                for token in span:
                    known[token.i] = (span.start, span.end)
    doc.user_data[KNOWN_PLACES] = known


def place_span(token: Token) -> Span | None:
    """Return the GPE/LOC/FAC entity, or the known place, that `token` belongs to, or None."""
    if token.ent_type_ not in PLACE_LABELS:
        bounds = token.doc.user_data.get(KNOWN_PLACES, {}).get(token.i)
        return token.doc[bounds[0] : bounds[1]] if bounds else None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def place_name(span: Span) -> str:
    """Return a place entity's text without a leading article ("the Great Hall" -> "Great Hall")."""
    tokens = list(span)
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    return "".join(t.text_with_ws for t in tokens).strip() if tokens else span.text


def location_of(
    trigger: Token,
    visited: Token | None,
    resolver: PlaceResolver | None,
    index: MentionIndex,
) -> Location | None:
    """Return where the event happened: the visited place, else a locative place phrase."""
    place: Span | None = place_span(visited) if visited is not None else None
    if place is None:
        # "hosted X in Delhi": the parser may hang the place on the object.
        objects = [
            c
            for c in trigger.children
            if c.dep_ in {"dobj", "nsubjpass"} and index.actor(c) is not None
        ]
        for token in [trigger, *objects, *governors(trigger)]:
            place = _locative_place(token)
            if place is not None:
                break
    if place is None:
        return None
    name = place_name(place)
    country = resolver.country_of_place(name) if resolver is not None else None
    return Location(name=name, country=country)


def _locative_place(token: Token, depth: int = 0) -> Span | None:
    """Return the first place in a locative phrase of `token` ("at a parade in Beijing")."""
    for prep, obj in prep_objects(token):
        place = place_span(obj) if prep in LOCATIVE_PREPS else None
        if place is not None:
            return place
        # "met with X in Singapore": the parser often hangs the place on the object.
        if depth < 2:
            nested = _locative_place(obj, depth + 1)
            if nested is not None:
                return nested
    return None


def is_locative(prep: str, obj: Token) -> bool:
    return prep in LOCATIVE_PREPS and place_span(obj) is not None


def other_places(
    noun: Token, location: Location | None, visited: Token | None, resolver: PlaceResolver | None
) -> list[Location]:
    """Return the places coordinated with the location of a plural nominal trigger: "his
    summits with X in Singapore and Hanoi" were two summits, one in each place."""
    if location is None or noun.tag_ not in {"NNS", "NNPS"}:
        return []
    place = visited
    if place is None:
        place = next(
            (o for p, o in prep_objects(noun) if p in LOCATIVE_PREPS and place_span(o)), None
        )
    if place is None:
        for _, obj in prep_objects(noun):
            place = next((o for p, o in prep_objects(obj) if is_locative(p, o)), None)
            if place is not None:
                break
    if place is None:
        return []
    others = []
    for token in place.conjuncts:
        span = place_span(token)
        if span is None or place_name(span) == location.name:
            continue
        name = place_name(span)
        country = resolver.country_of_place(name) if resolver is not None else None
        others.append(Location(name=name, country=country))
    return others
