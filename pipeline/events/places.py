"""Places: where an event happened, from place entities and from venues the resolver knows.

A visited place, else a locative phrase of the trigger or of the clauses governing it; a plural
trigger with coordinated places ("summits in Singapore and Hanoi") has one event per place.
Last, `geocode_events` gives the places the stages named without the resolver (a visit's host
state, the United Nations) their point and precision (`pipeline.geocode`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from pipeline.events.mentions import MentionIndex, actors_of
from pipeline.events.syntax import governors, prep_objects
from pipeline.events.words import (
    LOCATIVE_PREPS,
    MEETING_WORDS,
    PLACE_LABELS,
    TOPIC_PREPS,
    VENUE_WORDS,
)
from pipeline.model import Actor, ActorMention, Event, Location, Participant

# Objects that are the encounter itself, so that a place on them is the event's.
ENCOUNTER_NOUNS = MEETING_WORDS | frozenset(
    {"consultations", "discussions", "conference", "ceremony", "call", "round"}
)
# Verbs saying that an event happened or was concluded: a place on them is the event's, when
# the event is their subject or they qualify it ("the talks, held in Doha", "the summit took
# place in Kampala", "the deal, reached in Cairo").
OCCURRING_LEMMAS = frozenset(
    {"hold", "happen", "occur", "begin", "open", "start", "resume", "end", "conclude", "close",
     "continue", "convene", "reach", "sign", "broker", "seal", "finalise", "finalize"}
)  # fmt: skip
# Entity labels of sites (buildings, venues) rather than cities or countries.
SITE_LABELS = frozenset({"FAC", "ORG"})
# Doc.user_data key of the known places NER left untagged: token index -> (start, end).
KNOWN_PLACES = "dipevents.known_places"


class PlaceResolver(Protocol):
    """What events needs from the actor resolver: the country a place name belongs to, a
    place name as a location (country, point, region and precision: `pipeline.geocode`), the
    state and the capital of a country (the host of a visit to its cities, where it summons
    envoys), and the actor a name stands for (is a place a country?)."""

    def country_of_place(self, name: str) -> str | None: ...

    def locate(self, name: str) -> Location | None: ...

    def state(self, country: str) -> Actor | None: ...

    def capital(self, country: str) -> Location | None: ...

    def canonical(self, name: str) -> Actor | None: ...


def locate(resolver: PlaceResolver | None, name: str) -> Location:
    """Return the location a place name stands for; without a resolver, its name alone."""
    found = resolver.locate(name) if resolver is not None else None
    return found or Location(name=name)


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
    parties: frozenset[int] | set[int] = frozenset(),
) -> Location | None:
    """Return where the event happened: the visited place, else a locative place phrase.

    parties: tokens the trigger's rule took as its target ("lashed out at Moscow"), no place.
    """
    place: Span | None = place_span(visited) if visited is not None else None
    if place is None:
        # "hosted X in Delhi", "held talks in Doha": the parser may hang the place on the
        # object, a party or the encounter itself.
        objects = [
            c
            for c in trigger.children
            if c.dep_ in {"dobj", "nsubjpass"}
            and (index.actor(c) is not None or c.lemma_.lower() in ENCOUNTER_NOUNS)
        ]
        occurring = _occurring_verbs(trigger)
        for token in [trigger, *objects, *governors(trigger), *occurring]:
            place = _locative_place(token, parties)
            if place is not None:
                break
    if place is None:
        return None
    return locate(resolver, site_name(place))


def site_name(place: Span) -> str:
    """Return a place's name with the place its own phrase puts it in ("the Amber Palace in
    Lima" -> "Amber Palace in Lima"), which the geocoder reads as a site in that city."""
    name = place_name(place)
    if place.label_ not in SITE_LABELS:
        return name  # a city or country: "Cochabamba in Bolivia" is Cochabamba
    for prep, obj in prep_objects(place.root):
        within = place_span(obj) if prep in {"in", "at"} else None
        if within is not None and within.start >= place.end:
            return f"{name} {prep} {place_name(within)}"
    return name


def _occurring_verbs(trigger: Token) -> list[Token]:
    """Return the verbs that say where a nominal event happened: the participle or relative
    clause qualifying it ("the talks, held in Doha"), the verb it is the subject of ("the
    summit took place in Kampala")."""
    verbs = [c for c in trigger.children if c.dep_ in {"acl", "relcl"}]
    if trigger.dep_ in {"nsubj", "nsubjpass"}:
        verbs.append(trigger.head)
    return [verb for verb in verbs if _says_it_happened(verb)]


def _says_it_happened(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma == "take":
        return any(c.dep_ == "dobj" and c.lemma_.lower() == "place" for c in verb.children)
    return lemma in OCCURRING_LEMMAS


def _locative_place(
    token: Token, parties: frozenset[int] | set[int], depth: int = 0
) -> Span | None:
    """Return the first place in a locative phrase of `token` ("at a parade in Beijing")."""
    for prep, obj in prep_objects(token):
        if obj.i in parties:
            continue
        place = _named_place(obj) if prep in LOCATIVE_PREPS else None
        if place is None and prep == "at":
            place = _venue(obj)
        if place is not None:
            return place
        # "met with X in Singapore": the parser often hangs the place on the object; not on an
        # aim or topic ("called for a halt to violence in X" did not happen in X).
        if depth < 2 and prep not in TOPIC_PREPS:
            nested = _locative_place(obj, parties, depth + 1)
            if nested is not None:
                return nested
    return None


def _named_place(obj: Token) -> Span | None:
    """Return the place a locative object names: itself, or the place a description of it
    names ("in the Black Sea resort of Sochi", "at the capital, Tashkent")."""
    place = place_span(obj)
    if place is not None or obj.pos_ not in {"NOUN", "PROPN"}:
        return place
    for child in obj.children:
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ == "of"):
            named = (
                child
                if child.dep_ == "appos"
                else next((c for c in child.children if c.dep_ == "pobj"), None)
            )
            if named is not None and place_span(named) is not None:
                return place_span(named)
    return None


def _venue(obj: Token) -> Span | None:
    """Return the named venue an "at" object is ("at the U.S. Institute of Peace"), or None."""
    if obj.ent_type_ not in {"ORG", "FAC"}:
        return None
    entity = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
    if entity is None or not any(t.lower_ in VENUE_WORDS for t in entity):
        return None
    return entity


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
        others.append(locate(resolver, place_name(span)))
    return others


def visited_host_country(
    trigger: Token,
    participants: list[Participant],
    resolver: PlaceResolver | None,
    index: MentionIndex,
) -> Location | None:
    """Return where an encounter with a visitor happened when the text names no place: the
    country of the other party ("talks with his visiting Finnish counterpart")."""
    if resolver is None:
        return None
    visiting = [
        token.head
        for token in trigger.sent
        if token.lower_ == "visiting" and token.dep_ in {"amod", "acl", "compound"}
    ]
    visitors = {a.country for head in visiting for a in actors_of(head, index)}
    hosts = {p.actor.country for p in participants if p.actor.country} - visitors
    if not visitors or len(hosts) != 1:
        return None
    state = resolver.state(next(iter(hosts)))
    return Location(state.name, state.country) if state is not None else None


def geocode_events(events: Iterable[Event], resolver: PlaceResolver | None) -> None:
    """Give every event placed by name alone its point, region and precision: the gazetteer's
    for the name, else its country's (the capital's point) when the stages knew the country."""
    if resolver is None:
        return
    for event in events:
        place = event.location
        if place is None or place.precision is not None:
            continue
        located = resolver.locate(place.name)
        if located is None and place.country is not None:
            capital = resolver.capital(place.country)
            located = Location(
                place.name,
                place.country,
                capital.latitude if capital else None,
                capital.longitude if capital else None,
                precision="country",
            )
        event.location = located or place
