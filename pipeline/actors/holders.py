"""Plural titles over a list of states: "the presidents of Rwanda and Angola", "the foreign
ministers of Chile and Peru" name the holder of that office in each state, not the states."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.actors.candidates import Candidate, DocScan
from pipeline.actors.words import SINGLE_HOLDER_CATEGORIES
from pipeline.kb import TitleRecord

# Prepositions joining a plural title to the states whose office holders it names.
HOLDER_PREPS = frozenset({"of", "from"})
# "The leaders of X and Y" may be presidents or prime ministers: the states stay.
VAGUE_CATEGORIES = frozenset({"leader"})
# Ties with the state's own candidate over the same token go to the office holder.
HOLDER_PRIORITY = -1


def office_holders(scan: DocScan) -> list[Candidate]:
    """Candidates over each state named after a plural title of an office one person holds,
    to be resolved to that office's holder (else the state stays)."""
    found = []
    for token in scan.doc:
        title = _plural_title(scan, token)
        if title is None:
            continue
        for state in _states_after(scan, token):
            match = scan.state_starting[state]
            found.append(
                Candidate(
                    match.start,
                    match.end,
                    HOLDER_PRIORITY,
                    pending="title",
                    country=scan.country_of(match),
                    title=title,
                    fallback=scan.state_at[state],
                )
            )
    return found


def _plural_title(scan: DocScan, token: Token) -> TitleRecord | None:
    """The title a plural noun names ("presidents", "foreign ministers"), when one person
    holds that office in a state at a time; else None."""
    if token.tag_ not in {"NNS", "NNPS"}:
        return None
    lemma = token.lemma_.lower()
    before = scan.doc[token.i - 1].lower_ if token.i > 0 else ""
    title = scan.kb.titles.get(f"{before} {lemma}") or scan.kb.titles.get(lemma)
    if title is None or title.category not in SINGLE_HOLDER_CATEGORIES - VAGUE_CATEGORIES:
        return None
    return title


def _states_after(scan: DocScan, title: Token) -> list[int]:
    """The first tokens of the coordinated states of the title's "of" or "from" phrase."""
    heads = [
        obj
        for prep in title.children
        if prep.dep_ == "prep" and prep.lower_ in HOLDER_PREPS
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    heads += [conj for head in heads for conj in head.conjuncts]
    starts = set()
    for head in heads:
        for index in range(head.left_edge.i, head.i + 1):
            if index in scan.state_starting:
                starts.add(index)
                break
    return sorted(starts)
