"""Resolving the chosen candidates to actors, in text order: a surname, a bare title or an
unknown full name stands for a person named elsewhere in the same article (in-document
coreference), else for the one the knowledge base knows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span

from pipeline.actors.candidates import Candidate
from pipeline.actors.knowledge import KnowledgeIndex
from pipeline.actors.persons import either_end, sector_code, short_forms
from pipeline.actors.words import SINGLE_HOLDER_CATEGORIES, TITLE_COMPATIBLE
from pipeline.model import Actor, ActorMention
from pipeline.names import normalize_alias

# Demonym endings that make "the X" a whole people in English ("the Chinese", "the French").
COLLECTIVE_DEMONYM_ENDINGS = ("ese", "ch", "sh", "ss")
# Dependencies of a noun phrase of its own: a demonym there is a person, not a modifier.
NATIONAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj"})


@dataclass
class _DocPerson:
    """A person named in the document; actor None for a shadow (see `resolve`)."""

    actor: Actor | None
    start_char: int
    end_char: int
    categories: set[str]
    short_forms: set[str]


def resolve(
    kb: KnowledgeIndex, doc: Doc, chosen: list[Candidate], published: date | None
) -> list[ActorMention]:
    """Give every chosen candidate its actor, in passes: named persons, then unknown full
    names (shadows when nobody has them), then surnames, then bare titles. Each pass sees
    the persons the earlier ones found ("Ms. Harris, the vice president")."""
    actors = [candidate.actor for candidate in chosen]
    people = [
        _doc_person(kb, doc, candidate, candidate.actor, published)
        for candidate in chosen
        if candidate.actor is not None and candidate.actor.kind == "person"
    ]
    for pending in ("name", "surname", "title"):
        found = []
        for index, candidate in enumerate(chosen):
            if candidate.pending != pending:
                continue
            actors[index] = _resolve_pending(kb, candidate, doc, people, published)
            seen = _person_seen(kb, doc, candidate, actors[index], published)
            if seen is not None:
                found.append(seen)
        people = sorted(people + found, key=lambda person: person.start_char)
    mentions = []
    for candidate, actor in zip(chosen, actors, strict=True):
        if actor is not None:
            span = doc[candidate.start : candidate.end]
            if _names_a_national(kb, span, actor):
                actor = _last_national(actor, people, span.start_char) or actor
            mentions.append(ActorMention(actor, span.text, span.start_char, span.end_char))
    return mentions


def _names_a_national(kb: KnowledgeIndex, span: Span, actor: Actor) -> bool:
    """Whether a state's demonym stands for one of its people: "the Argentine" as a noun
    phrase of its own ("congratulated the Argentine"), not "the Argentine government"."""
    head = span[-1]
    key = normalize_alias(span.text)
    return (
        actor.kind == "state"
        and key in kb.demonym_keys
        # "the Chinese", "the French", "the Swiss" are a people, not one of them
        and not key.endswith(COLLECTIVE_DEMONYM_ENDINGS)
        and span.start > 0
        and span.doc[span.start - 1].lower_ == "the"
        and head.dep_ in NATIONAL_DEPS
        and head.tag_ in {"NN", "NNP", "JJ"}
    )


def _last_national(state: Actor, people: list[_DocPerson], before: int) -> Actor | None:
    """The last person of the state named before char `before`, or None."""
    nationals = [
        p.actor
        for p in people
        if p.actor is not None and p.actor.country == state.country and p.end_char <= before
    ]
    return nationals[-1] if nationals else None


def _person_seen(
    kb: KnowledgeIndex,
    doc: Doc,
    candidate: Candidate,
    actor: Actor | None,
    published: date | None,
) -> _DocPerson | None:
    """The person a resolved candidate shows to the later passes, if any."""
    if actor is None and candidate.pending == "name":
        # Someone not political the text names in full ("Kim Min-ji, a student"):
        # a later "Kim" means them, so it must not reach a namesake.
        return _DocPerson(
            None,
            doc[candidate.start].idx,
            doc[candidate.end - 1].idx,
            set(),
            either_end(candidate.key),
        )
    if actor is not None and actor.kind == "person":
        return _doc_person(kb, doc, candidate, actor, published)
    return None


def _doc_person(
    kb: KnowledgeIndex, doc: Doc, candidate: Candidate, actor: Actor, published: date | None
) -> _DocPerson:
    """A person mention as later surnames and titles see it: where, which offices, which
    short forms."""
    if candidate.person is not None:
        categories = candidate.person.categories_on(published)
    else:
        category = kb.office_category(actor.office)
        categories = {category} if category else set()
    return _DocPerson(
        actor,
        doc[candidate.start].idx,
        doc[candidate.end - 1].idx,
        categories,
        short_forms(normalize_alias(actor.name), actor.country),
    )


def _resolve_pending(
    kb: KnowledgeIndex,
    candidate: Candidate,
    doc: Doc,
    people: list[_DocPerson],
    published: date | None,
) -> Actor | None:
    """Resolve a surname, a bare title or an unknown full name against the persons named
    in the document (nearest before it, else first after it), then the knowledge base.
    A shadow (an unknown non-political namesake) found first resolves to nobody."""
    title = candidate.title
    wanted = TITLE_COMPATIBLE.get(title.category, (title.category,)) if title else None
    person = _doc_referent(candidate, wanted, people, doc[candidate.start].idx)
    if person is not None:
        return person.actor
    if candidate.pending == "surname":
        actor = _resolve_surname(kb, candidate, doc, published)
        if actor is not None:
            return actor
    single = wanted and all(category in SINGLE_HOLDER_CATEGORIES for category in wanted)
    if candidate.pending == "title" and candidate.country and single:
        holder = kb.holder(candidate.country, wanted, published)
        if holder is not None:
            return holder
    # Nobody found: the state of the premodifier ("Russia's" in "Russia's Ivanov") is
    # still mentioned.
    return candidate.fallback


def _doc_referent(
    candidate: Candidate, wanted: tuple[str, ...] | None, people: list[_DocPerson], at: int
) -> _DocPerson | None:
    """The person of the document a candidate at char `at` refers to: the one its appositive
    anchor falls in, else the nearest fitting one before it, else the first after it."""
    if candidate.anchor is not None:
        for person in people:
            if person.start_char <= candidate.anchor <= person.end_char:
                return person
    before = [
        person for person in people if person.start_char < at and _fits(candidate, wanted, person)
    ]
    if before:
        return before[-1]
    after = [
        person for person in people if person.start_char > at and _fits(candidate, wanted, person)
    ]
    if after:
        return after[0]
    return None


def _fits(candidate: Candidate, wanted: tuple[str, ...] | None, person: _DocPerson) -> bool:
    """Whether a person of the document can be the one a candidate refers to: same country,
    then the same name or short form, or an office of the title's categories."""
    if person.actor is None:
        return (
            candidate.pending == "surname"
            and not candidate.country
            and (candidate.key in person.short_forms)
        )
    if candidate.country and person.actor.country != candidate.country:
        return False
    if candidate.pending == "name":
        return (
            normalize_alias(person.actor.name) == candidate.key
            or candidate.key in person.short_forms
        )
    if candidate.pending == "surname":
        return candidate.key in person.short_forms
    return bool(wanted and person.categories.intersection(wanted))


def _resolve_surname(
    kb: KnowledgeIndex, candidate: Candidate, doc: Doc, published: date | None
) -> Actor | None:
    """A surname nobody in the document carries: the one knowledge-base person with that
    short form (in the given country, holding the title's office) in office on the day."""
    pool = list(kb.short_keys.get(candidate.key, ()))
    if candidate.country:
        pool = [person for person in pool if person.country == candidate.country]
    if candidate.title is not None:
        wanted = set(TITLE_COMPATIBLE.get(candidate.title.category, (candidate.title.category,)))
        # Older records often carry no office category; then the title cannot narrow.
        pool = [p for p in pool if p.categories_on(published) & wanted] or pool
    current = [person for person in pool if person.current_terms(published)]
    if len(current) > 1:
        # An open-ended term of the older list may be long over ("Janet X" beside President
        # "Yoweri X"): a curated or dated term outranks it.
        current = [person for person in current if person.reliably_current(published)] or current
    if len(current) == 1:
        return current[0].actor(published)
    if candidate.title is not None and candidate.country and not pool:
        name = doc[candidate.end - 1].text
        return Actor(
            name,
            "person",
            candidate.country,
            candidate.title.office,
            sector_code(candidate.country, candidate.title.category),
        )
    return None
