"""Acts done by saying: a reported clause that charges or obliges a foreign party.

"X said Y harboured terrorists", "'Y's position is blatant interference,' X tweeted", "X
reiterated that the embargo is a violation of human rights": the statement is an accusation
(CAMEO 112) against the party the reported clause charges, read from words of wrongdoing
(`ACCUSATION_WORDS`). "X stressed that Y must withdraw its remarks": a clause that obliges a
foreign party is a demand (100). The target is an actor in the reported clause's subject, or
the possessor of the word of wrongdoing ("Y's aggression").
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.events.mentions import MentionIndex, actors_of
from pipeline.events.words import PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS
from pipeline.model import Actor

ACCUSATION_CODE = "112"
CRITICISM_CODE = "111"
# Verbs that give someone a name or a quality ("called X a liar", "labelled X a threat").
NAMING_LEMMAS = frozenset({"call", "label", "brand", "dub", "describe", "term"})
# Names that disparage.
INSULT_WORDS = frozenset(
    {"corrupt", "liar", "dictator", "criminal", "fascist", "tyrant", "puppet", "clown",
     "thug", "enemy", "threat", "unacceptable", "irresponsible", "dangerous", "regrettable"}
)  # fmt: skip
DEMAND_CODE = "100"
# Modal verbs that lay an obligation on the clause's subject.
OBLIGATION_AUX = frozenset({"must", "should"})
# Words that charge someone with a wrong, as lemmas and lower-case forms.
ACCUSATION_WORDS = frozenset(
    {"terrorist", "terrorists", "terrorism", "harbour", "harbor", "aggression", "aggressor",
     "interference", "interfere", "meddling", "meddle", "violation", "violate", "hostile",
     "hostility", "provocation", "provocative", "illegal", "illegitimate", "destabilize",
     "destabilise", "propaganda", "crime", "crimes", "atrocity", "atrocities", "genocide",
     "reckless", "irresponsible", "bully", "bullying", "coercion", "blackmail", "sabotage",
     "espionage", "lie", "lies", "stifle", "expansionism", "warmonger", "warmongering"}
)  # fmt: skip


def reported_act(
    reporter: Token, speakers: list[Actor], index: MentionIndex
) -> tuple[str, list[Actor]] | None:
    """Return the code and targets of what a reporting verb's clause does to a foreign party
    (an accusation, else a demand), none of them the speakers or of their countries; None
    when the clause charges or obliges nobody."""
    own = {a.country for a in speakers if a.country} | {a.name for a in speakers}
    for clause in (c for c in reporter.children if c.dep_ in {"ccomp", "parataxis"}):
        code = _code_of(clause)
        if code is None:
            continue
        parties = [a for a in _charged(clause, index) if a.name not in own and a.country not in own]
        if parties:
            return code, parties
    return None


def naming_code(trigger: Token) -> str | None:
    """Return the code of a verb of naming with a predicate ("called X a liar", "described X
    as reckless"): criticism (111) when the name is a charge, "" (no event) for any other
    name; None when the verb names nothing."""
    if trigger.lemma_.lower() not in NAMING_LEMMAS:
        return None
    if not any(c.dep_ in {"dobj", *PASSIVE_SUBJECT_DEPS} for c in trigger.children):
        return None  # "called on X to withdraw": an appeal names no one
    names = [c for c in trigger.children if c.dep_ in {"oprd", "xcomp", "ccomp", "attr"}]
    names += [
        o for c in trigger.children if c.dep_ == "prep" and c.lower_ == "as" for o in c.children
    ]
    if not names:
        return None
    words = {t.lemma_.lower() for n in names for t in n.subtree}
    return CRITICISM_CODE if words & (ACCUSATION_WORDS | INSULT_WORDS) else ""


def _code_of(clause: Token) -> str | None:
    """Return what a reported clause does: accuse (words of wrongdoing), demand (an
    obligation), or nothing (None)."""
    words = {t.lemma_.lower() for t in clause.subtree} | {t.lower_ for t in clause.subtree}
    if words & ACCUSATION_WORDS:
        return ACCUSATION_CODE
    aux = {c.lower_ for c in clause.children if c.dep_ in {"aux", "auxpass"}}
    return DEMAND_CODE if aux & OBLIGATION_AUX else None


def _charged(clause: Token, index: MentionIndex) -> list[Actor]:
    """Return the actors of the clause's subject, else the possessors of its wrongs."""
    subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    actors = [a for s in subjects for a in actors_of(s, index)]
    if actors:
        return actors
    wrongs = [t for t in clause.subtree if t.lemma_.lower() in ACCUSATION_WORDS]
    owners = [c for w in wrongs for c in w.children if c.dep_ == "poss"]
    return [a for owner in owners for a in actors_of(owner, index)]
