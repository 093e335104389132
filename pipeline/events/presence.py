"""Presence abroad: "X is in Y for talks", "X was in Y on Monday" report a visit.

A person named as the subject of "be" with a locative place of another country is visiting
that country (CAMEO 042), hosted by its state. Only people: "Russian troops are in Y" is no
visit, and a state "in" a place is a figure of speech ("Chile is in talks").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.events.assembly import Candidate, Context, build_event
from pipeline.events.mentions import actors_of
from pipeline.events.mood import mood_of
from pipeline.events.places import locate, place_name, place_span
from pipeline.events.roles import is_diplomatic, visit_parties
from pipeline.events.syntax import prep_objects
from pipeline.events.words import SUBJECT_DEPS

VISIT_CODE = "042"
PRESENCE_PREPS = frozenset({"in", "at"})


def presence_events(sent: Span, context: Context) -> list[Candidate]:
    """Return the visits the sentence reports as a person's presence in another country."""
    out = []
    for token in sent:
        if token.lemma_ == "be" and token.dep_ in {"ROOT", "ccomp", "conj", "advcl"}:
            candidate = _presence(token, context)
            if candidate is not None:
                out.append(candidate)
    return out


def _presence(verb: Token, context: Context) -> Candidate | None:
    """Return the visit of "X is in Y", or None when the clause reports none."""
    index = context.index
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    visitors = [a for s in subjects for a in actors_of(s, index)]
    if not visitors or any(a.kind != "person" for a in visitors):
        return None
    place = next(
        (span for p, o in prep_objects(verb) if p in PRESENCE_PREPS if (span := place_span(o))),
        None,
    )
    if place is None:
        return None
    location = locate(context.resolver, place_name(place))
    if location.country is None or location.country in {a.country for a in visitors}:
        return None
    participants, location = visit_parties(
        VISIT_CODE, visitors, [], location, index, context.resolver
    )
    if not is_diplomatic(VISIT_CODE, participants):
        return None
    modality = mood_of(verb).modality
    return Candidate(build_event(verb, VISIT_CODE, participants, location, modality, context))
