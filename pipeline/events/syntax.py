"""Walks over the dependency parse: governing clauses, objects, subjects and their actors.

Roles come from syntax, never from word order: the subject (or passive agent) is the source,
direct and prepositional objects are targets, and a clause without its own subject borrows the
one of the clause that governs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.events.mentions import MentionIndex, actors_of
from pipeline.events.words import (
    ADOPTION_LEMMAS,
    ASSET_NOUNS,
    CHAIN_DEPS,
    FACTUAL_MARKS,
    FIRST_PERSON,
    GROUP_PRONOUNS,
    GROUP_SIZES,
    OBJECT_DEPS,
    PAIR_DETERMINERS,
    PAIR_NOUNS,
    PASSIVE_SUBJECT_DEPS,
    REPORTING_LEMMAS,
    STATE_GROUP_NOUNS,
    SUBJECT_DEPS,
    TARGET_PREPS,
    TEXT_NOUNS,
)
from pipeline.model import Actor


def governors(token: Token) -> Iterator[Token]:
    """Yield the tokens that govern `token` through complement, coordination and clause links.

    A temporal or causal clause ("when X invaded Y") states its own fact: the chain stops there.
    """
    current = token
    for _ in range(8):
        if current.dep_ not in CHAIN_DEPS or current.head.i == current.i:
            return
        if current.dep_ == "advcl" and any(
            c.dep_ in {"mark", "advmod"} and c.lower_ in FACTUAL_MARKS for c in current.children
        ):
            return
        current = current.head
        yield current


def prep_objects(token: Token) -> Iterator[tuple[str, Token]]:
    """Yield (preposition, object head) for the prepositional and agent children of `token`."""
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.pos_ == "ADP":
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    yield child.lower_, obj


def _is_relative_pronoun(token: Token) -> bool:
    return token.tag_ in {"WP", "WDT"} or token.lower_ in {"who", "which", "that"}


@dataclass
class Subject:
    """The actors of a clause's subject, and how they stand to the act."""

    actors: list[Actor]
    passive: bool = False
    named: bool = False  # the subject's head itself names an actor, not only a possessor
    pair: bool = False  # "both sides", "the two leaders": the parties act on each other
    coordinated: bool = False  # "X and Y ...": the subject names its actors side by side


def subject_of(trigger: Token, index: MentionIndex) -> Subject:
    """Return the actors of the trigger's subject, borrowing a governing clause's subject.

    A participial or infinitival clause ("After joining X, Y staged ...", "Y is expected to
    visit"), a coordinated verb and a relative clause ("Y, who is to visit") share the subject
    of the clause they hang on; a pronoun that names no actor passes to the reporting clause
    above it ("Y said he is open to ...").
    """
    token = trigger
    for _ in range(8):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        if subjects:
            found = _own_subject(subjects[0], token, trigger, index)
            if found is not None:
                return found
        else:
            attributed = _subject_after_attribution(token, index)
            if attributed:
                return Subject(attributed, named=True)
        borrowed = _borrowed_subject(token, trigger, index)
        if borrowed is not None:
            return borrowed
        if _clause_ends(token, trigger, index):
            break
        token = token.head
    return Subject([])


def _subject_after_attribution(verb: Token, index: MentionIndex) -> list[Actor]:
    """Return the subject the parser took for a second source of an opening attribution: in
    "As reported by X, Y travelled to Z", Y reads as conjoined to X and the verb as subjectless."""
    for clause in verb.children:
        if clause.dep_ != "advcl" or clause.lemma_.lower() not in REPORTING_LEMMAS:
            continue
        sources = [o for a in clause.children if a.dep_ == "agent" for o in a.children]
        conjoined = [c for source in sources for c in source.children if c.dep_ == "conj"]
        actors = [a for c in conjoined for a in actors_of(c, index)]
        if actors:
            return actors
    return []


def _own_subject(
    subject: Token, token: Token, trigger: Token, index: MentionIndex
) -> Subject | None:
    """Return what the subject of the clause `token` heads says of the trigger's actors, or
    None when it names nobody and the clause above may say more."""
    # "X arrived and was welcomed by Y": a passive verb borrowing X makes X its patient.
    passive = (subject.dep_ in PASSIVE_SUBJECT_DEPS and token is trigger) or any(
        c.dep_ == "auxpass" for c in trigger.children
    )
    if _is_relative_pronoun(subject) and token.dep_ == "relcl":
        return Subject(actors_of(token.head, index), passive)
    actors = actors_of(subject, index, line=index.line_of[trigger.i])
    group = _group_of(subject)
    if not actors and group is not None:
        parties = group_parties(group, index)
        if len(parties) > 1:
            return Subject(parties, passive, named=True, pair=True)
    if not actors and _bare_leaders(subject):
        actors = _leaders_named_before(subject, index)
        if actors:
            return Subject(actors, passive, named=True)
    if not actors and subject.lower_ in FIRST_PERSON and index.quote_of[subject.i]:
        # "'We urge X to ...,' the ministry said": the speaker of the quotation.
        speakers = _speakers(token, index)
        if speakers:
            return Subject(speakers, passive, named=True)
    borrowed = token is not trigger and token.dep_ in {"ccomp", "xcomp"}
    if actors or (subject.pos_ != "PRON" and not borrowed):
        coordinated = len(actors) > 1 and any(c.dep_ == "conj" for c in subject.children)
        return Subject(actors, passive, names_actor(subject, index), coordinated=coordinated)
    return None


# Sentences back in which a bare "leaders" may find whose leaders they are.
LEADERS_REACH = 4


def _bare_leaders(subject: Token) -> bool:
    """Whether a subject is a bare "leaders" ("Leaders also lashed out at X")."""
    return subject.lower_ == "leaders" and not any(
        c.dep_ in {"det", "poss", "amod", "compound", "nummod", "prep"} for c in subject.children
    )


def _leaders_named_before(subject: Token, index: MentionIndex) -> list[Actor]:
    """Return whose leaders a bare "leaders" are: those of the last "leaders" named with their
    bloc or state shortly before ("European leaders criticised X. Leaders also ...")."""
    for token in reversed(index.tokens_before(subject, LEADERS_REACH)):
        if token.lower_ == "leaders":
            actors = actors_of(token, index)
            if actors:
                return actors
    return []


def _borrowed_subject(token: Token, trigger: Token, index: MentionIndex) -> Subject | None:
    """Return the subject a subjectless clause takes from the phrase it modifies, or None
    when it takes it from the clause above."""
    if token is trigger and token.dep_ == "acl" and token.tag_ == "VBN":
        # "a diplomat kidnapped by X": the modified noun undergoes the act.
        return Subject(actors_of(token.head, index), passive=True)
    if token.dep_ == "acl":
        adopter = adopting_verb(token.head)
        if adopter is not None:
            # "X adopted a resolution condemning Y": the act is X's, not its drafters'.
            return _adopters(adopter, index)
    if token.dep_ in {"relcl", "acl"}:
        owners = actors_of(token.head, index) or _deciders(token.head, index)
        if owners or not _infinitival(token):
            return Subject(owners)
        # "made the decision to expel X": the one who decides acts; climb to that verb.
    if token.dep_ == "xcomp":
        # Object control: "urged X to withdraw" -> X withdraws.
        controller = next((c for c in token.head.children if c.dep_ == "dobj"), None)
        if controller is not None and actors_of(controller, index):
            return Subject(actors_of(controller, index))
    return None


def adopting_verb(text: Token) -> Token | None:
    """Return the verb by which a body adopts or issues a text ("passed a resolution", "a
    resolution was adopted", "voted for a motion"), or None when `text` is no such text."""
    if text.lemma_.lower() not in TEXT_NOUNS:
        return None
    verb = text.head
    if text.dep_ == "pobj" and verb.lower_ == "for":
        verb = verb.head  # "voted for a resolution"
    elif text.dep_ not in {"dobj", "nsubjpass"}:
        return None
    return verb if verb.lemma_.lower() in ADOPTION_LEMMAS else None


def _adopters(verb: Token, index: MentionIndex) -> Subject:
    """Return who adopts or issues a text: the passive verb's agent ("adopted by X") or the
    verb's own subject."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        agents = [o for p, o in prep_objects(verb) if p == "by"]
        return Subject([a for head in agents for a in actors_of(head, index)], named=True)
    return subject_of(verb, index)


def _clause_ends(token: Token, trigger: Token, index: MentionIndex) -> bool:
    """Return True when the climb for a subject stops at `token`: the root, a quotation or a
    line boundary, or a clause inside a noun phrase ("the plan of bombing X")."""
    head = token.head
    if head.i == token.i:
        return True
    if index.quote_of[head.i] != index.quote_of[trigger.i]:
        return True
    if index.line_of[head.i] != index.line_of[trigger.i]:
        return True
    return token.lower_ == "of" and head.pos_ in {"NOUN", "PROPN"}


def _speakers(clause: Token, index: MentionIndex) -> list[Actor]:
    """Return the actors who say the quotation a clause is in: the subject of the reporting
    verb the quotation hangs on outside its marks; [] when there is none."""
    quote = index.quote_of[clause.i]
    token = clause
    for _ in range(8):
        if token.head.i == token.i:
            return []
        token = token.head
        if index.quote_of[token.i] != quote:
            return subject_of(token, index).actors if token.lemma_ in REPORTING_LEMMAS else []
    return []


def group_parties(group: Token, index: MentionIndex) -> list[Actor]:
    """Return the parties a group stands for, as many as it counts ("both sides", "the two
    leaders" are the first two of a meeting that others attended too)."""
    parties = index.recent_parties(group)
    words = {c.lower_ for c in group.children if c.dep_ in {"det", "nummod", "predet"}}
    words.add(group.lower_)
    size = next((n for word, n in GROUP_SIZES.items() if word in words), None)
    if _singular(group) in STATE_GROUP_NOUNS:
        # "the two countries" after "X met Y": the states of X and Y
        parties = list(dict.fromkeys(_state_of(actor, index) for actor in parties))
        states = [actor for actor in parties if actor.kind == "state"]
        # "X and Y urged the rebels and the army to talk. The two countries ...": X and Y
        parties = states if size and len(states) >= size else parties
    return parties[:size] if size else parties


def _state_of(actor: Actor, index: MentionIndex) -> Actor:
    """A person's state when the document names it, else the actor itself."""
    if actor.kind != "person" or not actor.country:
        return actor
    return index.states.get(actor.country, actor)


def _group_of(subject: Token) -> Token | None:
    """Return the subject when it is a group ("the two sides"), or its possessor when that is
    ("the two countries' foreign ministers"), else None."""
    if is_group(subject):
        return subject
    return next((c for c in subject.children if c.dep_ == "poss" and is_group(c)), None)


def _singular(noun: Token) -> str:
    """Return a noun's lemma, with a capitalised plural the tagger left alone made singular
    ("the Parties" -> "party")."""
    lemma = noun.lemma_.lower()
    if lemma != noun.lower_ or not lemma.endswith("s"):
        return lemma
    return lemma[:-3] + "y" if lemma.endswith("ies") else lemma[:-1]


def _deciders(noun: Token, index: MentionIndex) -> list[Actor]:
    """Return who a decision noun is by: "a decision by X to impose sanctions"."""
    return [a for p, o in prep_objects(noun) if p == "by" for a in actors_of(o, index)]


def _infinitival(token: Token) -> bool:
    """Return True for a "to" clause ("the decision to expel X", "plans to visit")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def is_group(subject: Token) -> bool:
    """Return True for "both sides", "the two leaders", "the sides", "they" and the like: a
    subject that stands for the parties named together shortly before."""
    if subject.lower_ in GROUP_PRONOUNS and subject.pos_ in {"PRON", "DET"}:
        return True
    if _singular(subject) not in PAIR_NOUNS:
        return False
    words = {c.lower_ for c in subject.children if c.dep_ in {"det", "nummod", "predet"}}
    # "the pair", "the duo": two by their meaning, though singular in form.
    plural = subject.tag_ in {"NNS", "NNPS"} or subject.lower_ in {"pair", "duo"}
    return bool(words & {"both", "two"}) or (plural and bool(words & PAIR_DETERMINERS))


def names_actor(head: Token, index: MentionIndex) -> bool:
    """Return True when the phrase head itself is (part of) an actor mention or such pronoun,
    a state's asset named with its state ("Philippine vessels") or a party noun whose "of"
    phrase names one ("the leaders of X and Y")."""
    if index.actor(head) is not None or index.antecedent(head) is not None:
        return True
    if _singular(head) in ASSET_NOUNS:
        # "Philippine vessels", "Russian troops": a state's ships and forces stand for it
        return any(
            index.actor(c) is not None for c in head.children if c.dep_ in {"amod", "compound"}
        )
    return _singular(head) in PAIR_NOUNS and any(
        index.actor(obj) is not None for prep, obj in prep_objects(head) if prep == "of"
    )


def object_heads(trigger: Token) -> Iterator[tuple[str, Token]]:
    """Yield (how, head) of the trigger's objects: ("obj", X) and (preposition, X)."""
    for child in trigger.children:
        if child.dep_ in OBJECT_DEPS and child.pos_ != "ADP":
            yield "obj", child
            for prep, obj in prep_objects(child):
                if prep in TARGET_PREPS:
                    yield prep, obj
    yield from prep_objects(trigger)
