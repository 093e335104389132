"""Targets of a verb trigger: whom the act is done to or addressed to.

Direct and prepositional objects name them; an appeal or a promise may name its addressee in
the complement ("urged X to ...", "pledged to expand ties with X"), a demand in the clause
demanded ("demanded that X release ..."), a trip its destination ("left for X"). What an object
implies without heading it counts too: a group ("both sides") stands for the parties named
together before, a criticised act names its doer inside ("condemned the strikes by X"), and a
statement, promise or appeal made to someone ("told X that ...") is addressed to them.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.events.mentions import MentionIndex, actors_of
from pipeline.events.places import place_span
from pipeline.events.syntax import (
    governors,
    group_parties,
    is_group,
    names_actor,
    object_heads,
    prep_objects,
    subject_of,
)
from pipeline.events.triggers import Match
from pipeline.events.words import (
    ADDRESSED_ROOTS,
    ADDRESSING_LEMMAS,
    COMPLEMENT_TARGET_ROOTS,
    DEFINITE_DETERMINERS,
    DOER_ROOTS,
    EMBEDDED_TARGET_ROOTS,
    PASSIVE_SUBJECT_DEPS,
    PERSONAL_PRONOUNS,
    REFERRING_NOUNS,
    REPORTING_LEMMAS,
    SCENE_NOUNS,
    SPEECH_NOUNS,
    SUBJECT_DEPS,
    TARGET_PREPS,
    TOPIC_PREPS,
)
from pipeline.model import Actor


def _target_heads(
    trigger: Token, found: Match, weak: bool, complement: Token | None, code: str
) -> list[tuple[str, Token]]:
    """Return (how, head) of the phrases that may name the verb's targets."""
    heads = list(object_heads(trigger))
    # "arrived for talks with X", "reached a deal with X": the matched noun names the party.
    for noun in (trigger.doc[i] for i in found.consumed):
        heads += [(p, o) for p, o in prep_objects(noun) if p in TARGET_PREPS]
    # "urged X to adopt ...", "pledged to expand ties with X": the addressee may stand in
    # the complement; a bare PETRARCH verb must name its target itself.
    if complement is not None and code[:2] in COMPLEMENT_TARGET_ROOTS and not weak:
        # "agreed to deepen cooperation on X": what an intended act is about is no party to it
        topics = TOPIC_PREPS | {"on"} if code[:2] == "03" else frozenset()
        heads += [(how, h) for how, h in object_heads(complement) if how not in topics]
    if code[:2] == "03":
        # "pledged that X would support Y": the promised clause names the beneficiary.
        for clause in (c for c in trigger.children if c.dep_ == "ccomp"):
            heads += list(object_heads(clause))
    if code[:2] in {"02", "10", "11", "12", "13", "16", "17"}:
        # "demanded that X release ...": the addressee is the subject of the demanded act;
        # "declared X persona non grata": the one declared is the subject of the small clause.
        for clause in (c for c in trigger.children if c.dep_ == "ccomp"):
            heads += [("obj", c) for c in clause.children if c.dep_ in SUBJECT_DEPS]
    return heads


def verb_targets(
    trigger: Token,
    found: Match,
    weak: bool,
    complement: Token | None,
    code: str,
    index: MentionIndex,
) -> tuple[list[Actor], Token | None, bool]:
    """Return the actors the verb acts on, the place a visit goes to, and whether an object
    phrase's head itself names an actor."""
    targets: list[Actor] = []
    visited: Token | None = None
    named_target = False
    # "visited X", "travelled to X", "left for X": where a trip goes.
    destinations = {"obj", "to", found.rule.prep}
    heads = list(_target_heads(trigger, found, weak, complement, code))
    if any(how == "to" for how, _ in heads):
        # "switched recognition from X to Y", "moved its embassy from X to Y": X is left behind.
        heads = [(how, head) for how, head in heads if how != "from"]
    # "criticised X's call with Y": an act whose doer is said stands for the doer alone.
    acts: dict[int, list[Actor]] = {}
    if code[:2] in EMBEDDED_TARGET_ROOTS:
        doers = {head.i: _doers(head, index) for how, head in heads if how == "obj"}
        acts = {i: actors for i, actors in doers.items() if actors}
    for how, head in heads:
        if head.lemma_.lower() in SCENE_NOUNS:
            continue  # "met on the sidelines of the X summit": a scene, not a party
        if how != "obj" and head.head.head.i in acts:
            continue
        if how == "with" and head.pos_ in {"VERB", "AUX"}:
            continue  # "expelled X, with Y declaring ...": a circumstance, not a party
        # "visited X for the summit": the purpose of a trip is no party to it.
        purpose = how == "for" and code[:2] == "04" and how != found.rule.prep
        # "lashed out at X": the preposition of the matched rule names the target.
        if (how not in TARGET_PREPS and how not in {"obj", found.rule.prep}) or purpose:
            continue
        if code[:3] in {"042", "125"} and how in destinations and place_span(head):
            visited = head
        named_target |= names_actor(head, index)
        actors = acts.get(head.i) or actors_of(head, index)
        for actor in actors:
            if actor not in targets:
                targets.append(actor)
    if not targets and trigger.dep_ == "conj" and not weak:
        # "thanked X for its support and pledged deeper ties": same counterpart.
        for how, head in object_heads(trigger.head):
            if how in TARGET_PREPS or how == "obj":
                targets.extend(a for a in actors_of(head, index) if a not in targets)
    if not targets and code[:2] in DOER_ROOTS:
        targets = _located_states(heads, index)
    if not targets and not weak:
        targets = _implied_targets(trigger, code, index)
    return targets, visited, named_target


def _located_states(heads: list[tuple[str, Token]], index: MentionIndex) -> list[Actor]:
    """Return the states where the unnamed objects of a one-sided act are: "imposed sanctions
    on a bank in X", "expelled three companies in X" act on X."""
    states = [
        actor
        for how, head in heads
        if how == "obj" or how in TARGET_PREPS
        for prep, place in prep_objects(head)
        if prep == "in" and not actors_of(head, index)
        for actor in actors_of(place, index)
        if actor.kind == "state"
    ]
    return list(dict.fromkeys(states))


# Threats (CAMEO 13): their condition may name whom they threaten.
THREAT_ROOT = "13"


def _doers(act: Token, index: MentionIndex) -> list[Actor]:
    """Return who did the act a praised or criticised noun names, from its possessor or "by"
    phrase: "condemned X's invasion of Y" and "criticised X's call with Y" are about X, "the
    atrocities committed by X in Y" about X. None when the noun names an actor itself."""
    if index.actor(act) is not None:
        return []
    # A possessive pronoun is resolved with the critic left out (`_owner_referred_to`).
    doers = [c for c in act.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    doers += [o for p, o in prep_objects(act) if p == "by"]
    doers += [o for c in act.children if c.dep_ == "acl" for p, o in prep_objects(c) if p == "by"]
    return [actor for doer in doers for actor in actors_of(doer, index)]


def _implied_targets(trigger: Token, code: str, index: MentionIndex) -> list[Actor]:
    """Return the targets an act implies without heading an object with them: a group object
    ("welcomed the parties' commitment", "urged both sides") stands for the parties named
    together before; a criticised act or an act appealed for names its party inside
    ("condemned the atrocities committed by X", "called for a halt to violence in X"); a
    statement, promise or appeal made to someone is addressed to them ("told X that ...")."""
    objects = [c for c in trigger.children if c.dep_ in {"dobj", *PASSIVE_SUBJECT_DEPS}]
    if trigger.dep_ == "acl" and trigger.head.lemma_.lower() in SPEECH_NOUNS:
        objects.append(trigger.head)  # "comments criticised by X": what is criticised
    for head in objects:
        owners = [c for c in head.children if c.dep_ == "poss"]
        owners += [o for p, o in prep_objects(head) if p in {"of", "by"}]
        group = next((t for t in (head, *owners) if is_group(t)), None)
        if group is not None:
            return group_parties(group, index)
        owner = _owner_referred_to(trigger, owners, code, index)
        if owner is not None:
            return [owner]
        referred = _referred_parties(trigger, head, index)
        if referred:
            return referred
        if code[:2] in EMBEDDED_TARGET_ROOTS:
            earlier = _speaker_referred_to(trigger, head, index) or _named_before(
                trigger, head, index
            )
            if earlier:
                return earlier
    if code[:2] in EMBEDDED_TARGET_ROOTS:
        pobjs = [o for p, o in prep_objects(trigger) if p in {"for", "against", "over"}]
        heads = [*objects, *pobjs]
        found = _embedded_actors(trigger, heads, index)
        if found:
            return found
    if code[:2] == THREAT_ROOT:
        conditioned = _conditioned_parties(trigger, index)
        if conditioned:
            return conditioned
    if code[:2] in ADDRESSED_ROOTS:
        return addressees(trigger, index)
    return []


def _conditioned_parties(trigger: Token, index: MentionIndex) -> list[Actor]:
    """Return whom a threat's condition names: "if X continues ..., we will impose sanctions"
    threatens X."""
    for verb in (trigger, *governors(trigger)):
        for clause in verb.children:
            marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
            if clause.dep_ == "advcl" and marks & {"if", "unless"}:
                subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS]
                return [a for s in subjects for a in actors_of(s, index)]
    return []


def _owner_referred_to(
    trigger: Token, owners: list[Token], code: str, index: MentionIndex
) -> Actor | None:
    """Return whom a possessive pronoun on a criticised or praised thing stands for ("X
    criticised his inaction"): a person named before, not the critic himself."""
    if code[:2] not in EMBEDDED_TARGET_ROOTS:
        return None
    pronoun = next((o for o in owners if o.lower_ in PERSONAL_PRONOUNS), None)
    if pronoun is None:
        return None
    critics = _subject_names(trigger, index)
    return index.antecedent(pronoun, excluding=critics)


def _subject_names(trigger: Token, index: MentionIndex) -> set[str]:
    """Return the names of the actors of the trigger's own subject (the critic, the praiser)."""
    return {
        a.name for s in trigger.children if s.dep_ in SUBJECT_DEPS for a in actors_of(s, index)
    }


def _referred_parties(trigger: Token, head: Token, index: MentionIndex) -> list[Actor]:
    """Return the parties of the event a definite event noun refers back to ("X welcomed the
    agreement"), or a pronoun standing for such a noun ("called the strikes reckless and
    condemned them"), none of them the trigger's own subject's; of a one-sided act, its doers
    ("condemned the strikes": who struck, not who was struck)."""
    noun = _noun_referred_to(head)
    if noun is None:
        return []
    roots = REFERRING_NOUNS[noun.lemma_.lower()]
    event = index.recent_event(head, roots, anywhere=roots is not None)
    if event is None:
        return []
    subject = _subject_names(trigger, index)
    parties = event.participants
    if event.code[:2] in DOER_ROOTS and any(p.role == "source" for p in parties):
        parties = [p for p in parties if p.role == "source"]
    return [p.actor for p in parties if p.actor.name not in subject]


def _speaker_referred_to(trigger: Token, head: Token, index: MentionIndex) -> list[Actor]:
    """Return who said what a definite speech noun refers back to ("X said sanctions were
    unjust. Y criticised the remarks"): the subject of the last verb of saying at most two
    sentences back, unless that is the trigger's own subject."""
    definite = any(c.lower_ in DEFINITE_DETERMINERS for c in head.children)
    opening = head.i == head.sent.start and not any(c.dep_ == "det" for c in head.children)
    if head.lemma_.lower() not in SPEECH_NOUNS or not (definite or opening):
        return []  # "Comments criticised by X" opens a sentence as a headline would
    critics = _subject_names(trigger, index)
    for verb in reversed(index.tokens_before(trigger)):
        if verb.pos_ == "VERB" and verb.lemma_.lower() in REPORTING_LEMMAS:
            speakers = [a for a in subject_of(verb, index).actors if a.name not in critics]
            if speakers:
                return speakers
    return []


def _named_before(trigger: Token, head: Token, index: MentionIndex) -> list[Actor]:
    """Return the actors of an earlier mention of the thing a definite noun repeats ("Niger's
    coup ... X denounced the coup" is about Niger), at most two sentences back, the critic's
    own left out."""
    if head.pos_ != "NOUN" or not any(c.lower_ == "the" for c in head.children):
        return []
    critics = _subject_names(trigger, index)
    for token in reversed(index.tokens_before(head)):
        if token.lemma_ == head.lemma_ and token.pos_ == "NOUN":
            actors = [a for a in actors_of(token, index) if a.name not in critics]
            if actors:
                return actors
    return []


def _noun_referred_to(head: Token) -> Token | None:
    """Return the definite event noun `head` is ("the agreement", "these strikes") or, for
    "it" or "them", the last such noun of its sentence before it; None otherwise."""
    if head.pos_ == "PRON" and head.lower_ in {"it", "them"}:
        before = [t for t in head.sent if t.i < head.i and _definite_event_noun(t)]
        return before[-1] if before else None
    return head if _definite_event_noun(head) else None


def _definite_event_noun(token: Token) -> bool:
    return token.lemma_.lower() in REFERRING_NOUNS and any(
        c.lower_ in DEFINITE_DETERMINERS for c in token.children
    )


def _embedded_actors(trigger: Token, heads: list[Token], index: MentionIndex) -> list[Actor]:
    """Return the actors anywhere inside the phrases `heads`, except the trigger's subject's."""
    subject = {t.i for c in trigger.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
    found: list[Actor] = []
    for head in heads:
        for token in head.subtree:
            actor = index.actor(token)
            if actor is not None and token.i not in subject and actor not in found:
                found.append(actor)
    return found


def addressees(trigger: Token, index: MentionIndex) -> list[Actor]:
    """Return whom a reporting verb above the trigger addresses: "X told Y that Z is open to
    talks", "X assured Y it would ..."."""
    for verb in governors(trigger):
        if verb.lemma_.lower() in ADDRESSING_LEMMAS:
            heads = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
            return [a for head in heads for a in actors_of(head, index)]
    return []
