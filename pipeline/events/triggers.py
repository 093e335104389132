"""Verb triggers: the most specific lexicon rule a verb, its particles and objects satisfy."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.events.acts import AGREEMENT_DEFAULT
from pipeline.events.lexicon import ACTOR_NOUN, NO_EVENT, PERSON_NOUN, Lexicon, TriggerRule
from pipeline.events.mentions import MentionIndex, actors_of, relative_referent
from pipeline.events.syntax import prep_objects
from pipeline.events.words import (
    AGREEMENT_LEMMAS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    QUANTITY_NOUNS,
    SUBJECT_DEPS,
)


@dataclass
class Match:
    """The rule a verb satisfies and the object noun it used up."""

    rule: TriggerRule
    consumed: set[int] = field(default_factory=set)  # token ids of the matched object noun


def _of(noun: Token) -> list[tuple[str, Token]]:
    return [(p, o) for p, o in prep_objects(noun) if p == "of"]


def _marked_as(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "as" for m in clause.children)


def _named_compound(token: Token, lexicon: Lexicon) -> bool:
    """Return True for an object noun whose compound is a nominal trigger of its own: "issued a
    travel warning" is the warning's event, not a verb rule's for "warning"."""
    return any(
        f"{c.lemma_.lower()} {token.lemma_.lower()}" in lexicon.nouns
        for c in token.children
        if c.dep_ == "compound"
    )


def _noun_matches(rule_noun: str, token: Token, index: MentionIndex) -> bool:
    if rule_noun == ACTOR_NOUN:
        return bool(actors_of(token, index))
    if rule_noun == PERSON_NOUN:
        return any(a.kind == "person" for a in actors_of(token, index))
    if token.pos_ in {"VERB", "AUX"}:
        # "called for ending the embargo" asks for an act, not for "an end"; "called for
        # fighting" names the fighting either way.
        return rule_noun == token.lower_
    return rule_noun in {token.lower_, token.lemma_.lower()}


def match_verb(token: Token, index: MentionIndex, lexicon: Lexicon) -> Match | None:
    """Return the most specific lexicon rule the verb `token` satisfies, or None.

    Rules are ranked by (matched object noun, a literal noun rather than any actor, curated,
    matched particle/preposition), so a PETRARCH phrase ("reach agreement") beats a curated
    bare verb, "expelled 23 Russian diplomats" is the diplomats' rule and not the one for any
    actor, and a curated phrase beats a PETRARCH one of the same shape.
    """
    rules = lexicon.verbs.get(token.lemma_.lower())
    if not rules:
        return _agreement_to_act(token)
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    preps = list(prep_objects(token))
    # A passive subject is the verb's object: "X was welcomed by Y"; a passive verb that
    # borrows its subject ("X arrived and was welcomed by Y") has it in the clause it joins.
    objects = [
        relative_referent(c)
        for c in token.children
        if (c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS)
        and c.pos_ != "ADP"
        and not _named_compound(c, lexicon)
    ]
    # "signed a series of agreements", "meet a number of conditions": what is counted.
    objects += [o for c in objects if c.lemma_.lower() in QUANTITY_NOUNS for _, o in _of(c)]
    # "declared X as persona non grata": the parser may hang the "as" phrase on the object.
    preps += [("as", o) for c in objects for p, o in prep_objects(c) if p == "as"]
    # ... or read "as" as a conjunction opening a verbless clause: "declared X as persona ...".
    preps += [("as", c) for c in token.children if c.dep_ == "advcl" and _marked_as(c)]
    # A small clause's head can be a rule's literal noun: "declared X persona non grata".
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    if not objects and any(c.dep_ == "auxpass" for c in token.children):
        objects = [c for c in token.head.children if c.dep_ in SUBJECT_DEPS]
    best: tuple[tuple[bool, bool, bool, bool], Match] | None = None
    for rule in rules:
        consumed: set[int] = set()
        if rule.prep and rule.noun:
            hits = [o for p, o in preps if p == rule.prep and _noun_matches(rule.noun, o, index)]
            if rule.prep in particles:
                hits += [o for o in objects if _noun_matches(rule.noun, o, index)]
            if not hits:
                continue
            consumed = {hits[0].i}
        elif rule.prep:
            if rule.prep not in particles and rule.prep not in {p for p, _ in preps}:
                continue
        elif rule.noun:
            literal = rule.noun not in {ACTOR_NOUN, PERSON_NOUN}
            heads = [*objects, *clauses] if literal else objects
            hits = [o for o in heads if _noun_matches(rule.noun, o, index)]
            if not hits:
                continue
            consumed = {hits[0].i}
        literal = bool(rule.noun) and rule.noun not in {ACTOR_NOUN, PERSON_NOUN}
        rank = (bool(rule.noun), literal, rule.curated, bool(rule.prep))
        if best is None or rank > best[0]:
            best = (rank, Match(rule, consumed))
    if best is None:
        return _agreement_to_act(token)
    if best[1].rule.code == NO_EVENT:
        return None
    return best[1]


def _agreement_to_act(token: Token) -> Match | None:
    """Return a match for a verb of agreeing to an act the lexicon has no row for ("accepted
    to resume talks"): the act agreed to gives the code (`agreed_act`)."""
    lemma = token.lemma_.lower()
    if lemma not in AGREEMENT_LEMMAS or not any(c.dep_ == "xcomp" for c in token.children):
        return None
    return Match(TriggerRule(lemma, "", "", AGREEMENT_DEFAULT, curated=False))
