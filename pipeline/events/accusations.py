"""Accusations made by saying: a reported clause that charges a foreign party with a wrong.

"X said Y harboured terrorists", "'Y's position is blatant interference,' X tweeted", "X
reiterated that the embargo is a violation of human rights": the statement is an accusation
(CAMEO 112) against the party the reported clause charges. The charge is read from words of
wrongdoing (`ACCUSATION_WORDS`); its target is an actor in the reported clause's subject, or
the possessor of the word of wrongdoing ("Y's aggression").
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.events.mentions import MentionIndex, actors_of
from pipeline.events.words import PASSIVE_SUBJECT_DEPS, SUBJECT_DEPS
from pipeline.model import Actor

ACCUSATION_CODE = "112"
# Words that charge someone with a wrong, as lemmas and lower-case forms.
ACCUSATION_WORDS = frozenset(
    {"terrorist", "terrorists", "terrorism", "harbour", "harbor", "aggression", "aggressor",
     "interference", "interfere", "meddling", "meddle", "violation", "violate", "hostile",
     "hostility", "provocation", "provocative", "illegal", "illegitimate", "destabilize",
     "destabilise", "propaganda", "crime", "crimes", "atrocity", "atrocities", "genocide",
     "reckless", "irresponsible", "bully", "bullying", "coercion", "blackmail", "sabotage",
     "espionage", "lie", "lies", "stifle", "expansionism", "warmonger", "warmongering"}
)  # fmt: skip


def accused(reporter: Token, speakers: list[Actor], index: MentionIndex) -> list[Actor]:
    """Return the parties a reporting verb's clause charges with a wrong, none of them the
    speakers or of the speakers' countries; [] when the clause charges nobody."""
    clauses = [c for c in reporter.children if c.dep_ in {"ccomp", "parataxis"}]
    own = {a.country for a in speakers if a.country} | {a.name for a in speakers}
    for clause in clauses:
        words = {t.lemma_.lower() for t in clause.subtree} | {t.lower_ for t in clause.subtree}
        if not words & ACCUSATION_WORDS:
            continue
        charged = [
            a for a in _charged(clause, index) if a.name not in own and a.country not in own
        ]
        if charged:
            return charged
    return []


def _charged(clause: Token, index: MentionIndex) -> list[Actor]:
    """Return the actors of the clause's subject, else the possessors of its wrongs."""
    subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    actors = [a for s in subjects for a in actors_of(s, index)]
    if actors:
        return actors
    wrongs = [t for t in clause.subtree if t.lemma_.lower() in ACCUSATION_WORDS]
    owners = [c for w in wrongs for c in w.children if c.dep_ == "poss"]
    return [a for owner in owners for a in actors_of(owner, index)]
