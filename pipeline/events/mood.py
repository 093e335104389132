"""Modality: asserted, planned, hypothetical or negated, read from a trigger and its governors.

An act under a desire word ("wants to meet X") is an expression of intent and is recoded to
its CAMEO intent code; an act under "declined / refused" is recoded to a rejection.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.events.acts import refined_code
from pipeline.events.syntax import governors
from pipeline.events.words import (
    CONDITIONAL_MARKS,
    DECISION_LEMMAS,
    DENIAL_LEMMAS,
    DESIRE_LEMMAS,
    FUTURE_AUX,
    HYPOTHETICAL_AUX,
    HYPOTHETICAL_LEMMAS,
    INTENT_CODE,
    MEET_CODES,
    PLAN_LEMMAS,
    REFUSAL_LEMMAS,
    REPORTING_LEMMAS,
    SPECULATION_NOUNS,
)
from pipeline.model import Modality


@dataclass
class Mood:
    """How a trigger's act stands: its modality, and an intent or refusal reading."""

    modality: Modality = "asserted"
    intent: bool = False  # under a desire word: recode to an intent code
    refused: bool = False  # under decline/refuse: recode to a rejection
    reported: bool = False  # under a reporting verb: "said it would ..."
    # The verb that expresses the wish, refusal or decision ("wants", "declined", "voted") and
    # the reporting verb above the trigger ("said"): an intent, refusal, threat or decided act
    # happens when it is expressed.
    stance: Token | None = None
    reporter: Token | None = None

    def expressed_by(self) -> Token | None:
        """Return the token that dates an expressed intent, refusal or threat: the reporting
        verb when there is one ("said he wanted to meet X this year" is dated by "said"), else
        the desire or refusal word; None for an act that is itself the happening."""
        if self.stance is None:
            return None
        return self.reporter or self.stance


def _clause_markers(token: Token) -> tuple[set[str], set[str], bool]:
    """Return (auxiliaries, subordinating marks, negated) of the clause headed by `token`."""
    aux = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
    negated = any(c.dep_ == "neg" for c in token.children)
    return aux, marks, negated


def mood_of(trigger: Token) -> Mood:
    """Read the modality of the trigger from its own markers and those of its governors.

    Negation wins over a condition, a condition over a plan. Under a desire word the chain
    restarts at that word: "said he would like to meet X" is an asserted wish.
    """
    mood = Mood()
    negated = hypothetical = planned = False
    chain = [trigger, *governors(trigger)]
    under_reporting = any(t.lemma_ in REPORTING_LEMMAS for t in chain[1:])
    mood.reported = under_reporting
    for position, token in enumerate(chain):
        lemma = token.lemma_.lower()
        if position > 0 and lemma in DESIRE_LEMMAS and not mood.intent:
            mood.intent = True
            mood.stance = token
            aux, _, neg = _clause_markers(token)
            negated, hypothetical, planned = neg, False, bool(aux & FUTURE_AUX)
            continue
        if position > 0 and lemma in DECISION_LEMMAS and mood.stance is None:
            # "voted on Monday to condemn X": the act happened when it was decided.
            mood.stance = token
        if position > 0 and lemma in REFUSAL_LEMMAS:
            mood.refused = True
            mood.stance = token
            continue
        aux, marks, neg = _clause_markers(token)
        # "denied doing X" negates X; "denied X and accused Y" does not negate the accusation.
        denied = position > 0 and lemma in DENIAL_LEMMAS and chain[position - 1].dep_ != "conj"
        negated |= neg or denied
        hypothetical |= bool(marks & CONDITIONAL_MARKS)
        if aux & HYPOTHETICAL_AUX:
            # "would" in reported speech is a future in the past: "said he would visit".
            if under_reporting and aux & {"would", "'d"}:
                planned = True
            else:
                hypothetical = True
        if position > 0 and lemma in HYPOTHETICAL_LEMMAS:
            hypothetical = True
        planned |= bool(aux & FUTURE_AUX) or (position > 0 and lemma in PLAN_LEMMAS)
        if lemma in REPORTING_LEMMAS and position > 0:
            mood.reporter = token
            break
    top = chain[-1]
    # "rumours that X will ...", "the possibility that X meets ...": content, not fact.
    hypothetical |= top.dep_ in {"acl", "ccomp", "appos"} and top.head.lemma_ in SPECULATION_NOUNS
    if negated:
        mood.modality = "negated"
    elif hypothetical:
        mood.modality = "hypothetical"
    elif planned:
        mood.modality = "planned"
    return mood


# Words of readiness that make an intent to reduce relations a threat.
READINESS = frozenset({"ready", "prepared", "willing"})
# Threats of reducing relations by the act threatened: aid (1311), sanctions (1312), ties (1313).
THREATS_TO_REDUCE = {"162": "1311", "163": "1312", "160": "1313", "161": "1313"}


def intent_code(code: str) -> str | None:
    """The CAMEO code of expressing the intent to do the act `code`, or None when CAMEO has
    none: the code's own (an offer to mediate, 039), else its root's (to meet, 036)."""
    return INTENT_CODE.get(code) or INTENT_CODE.get(code[:2])


def recode(code: str, mood: Mood, complement: Token | None) -> str | None:
    """Return the code after intent and refusal readings ("open to meeting" -> 036), refined
    by the act a promise, appeal or demand introduces ("urged X to free ..." -> 0253).

    A wish to act is an intent (cooperation) or a threat (force, sanctions, cutting ties); a
    wish to criticize or coerce is no event at all (None).
    """
    root = code[:2]
    if mood.refused:
        return "125" if code in MEET_CODES or root == "04" else "120"
    if mood.intent:
        intent = intent_code(code)
        if intent is not None:
            return intent
        if root in {"18", "19", "20"}:
            return "138"
        if root == "16" and mood.stance is not None and mood.stance.lemma_ in READINESS:
            # "ready to impose sanctions on X" is a threat; wanting to is no event
            return THREATS_TO_REDUCE.get(code[:3], "131")
        return code if root in {"01", "02", "03"} else None
    return refined_code(code, complement)
