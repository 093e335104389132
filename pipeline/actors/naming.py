"""Persons the doc names: names the knowledge base did not match (NER persons, names after a
title), each name read with its title and owner, and the surnames that refer back to a name."""

from __future__ import annotations

from difflib import SequenceMatcher

from pipeline.actors.candidates import Candidate, DocScan
from pipeline.actors.persons import Person, sector_code, short_forms
from pipeline.actors.titles import (
    Context,
    appositive_title,
    country_nearby,
    title_at,
    title_context,
)
from pipeline.actors.tokens import is_sentence_gerund, name_run_end, starts_name, title_case_lines
from pipeline.actors.words import (
    GENERIC_TITLE_CATEGORIES,
    HONORIFICS,
    SURNAME_LABELS,
    TITLE_MODIFIERS,
)
from pipeline.model import Actor
from pipeline.names import normalize_alias

Span = tuple[int, int]


# How alike a titled unknown name and a known person's must be to be one name spelled two ways.
VARIANT_SIMILARITY = 0.85


def name_spans(scan: DocScan, known: list[Span], alias_starts: set[int]) -> list[Span]:
    """Person names the knowledge base did not match: NER PERSON entities (titles trimmed)
    and capitalized names right after a title ("Communist Party chief To Lam")."""
    covered = {index for start, end in known for index in range(start, end)}
    spans = _entity_names(scan, covered)
    _add_titled_names(scan, covered, alias_starts, spans)
    _add_appositive_names(scan, covered, spans)
    return list(spans)


def _entity_names(scan: DocScan, covered: set[int]) -> dict[Span, None]:
    """NER PERSON entities outside headlines and known names, without a leading title,
    modifier, honorific or sentence-opening gerund, nor trailing punctuation."""
    doc = scan.doc
    spans: dict[Span, None] = {}
    headline = title_case_lines(doc)
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.start in headline:
            continue
        start = ent.start
        while start < ent.end and _leads_a_name(scan, start, ent.end):
            start += 1
        end = ent.end
        while end > start and not doc[end - 1].is_alpha:
            end -= 1
        if start < end and not covered.intersection(range(start, end)):
            spans[(start, end)] = None
    return spans


def _leads_a_name(scan: DocScan, index: int, end: int) -> bool:
    """Whether the token at `index` of an entity ending at `end` comes before the name."""
    word = scan.norms[index].strip()
    return (
        word in scan.kb.title_words
        or word in TITLE_MODIFIERS
        or word in HONORIFICS
        or (index < end - 1 and is_sentence_gerund(scan.doc[index]))
    )


def _add_titled_names(
    scan: DocScan, covered: set[int], alias_starts: set[int], spans: dict[Span, None]
) -> None:
    """Add the capitalized names right after a title to `spans`, in place of the entities
    they overlap."""
    doc = scan.doc
    person_ends = {ent.start: ent.end for ent in doc.ents if ent.label_ == "PERSON"}
    for index in range(1, len(doc)):
        if index in covered or not starts_name(doc[index]):
            continue
        if title_at(scan, index) is None:
            continue
        inside = title_at(scan, index + 1)
        if inside is not None and inside[0] <= index:
            continue  # "Secretary" of "General Secretary": part of the title, not a name
        end = person_ends.get(index) or name_run_end(doc, index, alias_starts)
        if not covered.intersection(range(index, end)):
            for start, stop in list(spans):
                if start < end and index < stop and (start, stop) != (index, end):
                    del spans[(start, stop)]
            spans[(index, end)] = None


def _add_appositive_names(scan: DocScan, covered: set[int], spans: dict[Span, None]) -> None:
    """Add the proper names of two words or more that a title in apposition describes, when
    NER gave them another label: "Masaaki Kanai, the Japanese foreign ministry official"."""
    doc = scan.doc
    taken = {index for start, end in spans for index in range(start, end)}
    for appos in (token for token in doc if token.dep_ == "appos"):
        head = appos.head
        if head.pos_ != "PROPN" or head.i in covered or head.i in taken:
            continue
        start = head.left_edge.i
        name = doc[start : head.i + 1]
        if len(name) < 2 or not all(t.pos_ == "PROPN" and starts_name(t) for t in name):
            continue
        if covered.intersection(range(start, head.i + 1)):
            continue
        if appositive_title(scan, head.i + 1) is not None:
            spans[(start, head.i + 1)] = None


def person_candidate(scan: DocScan, start: int, end: int) -> Candidate:
    """A name with its title and premodifier: a known person, a titled stranger, or a
    surname or full name to resolve against the rest of the document."""
    kb = scan.kb
    context = title_context(scan, start)
    key = normalize_alias(scan.doc[start:end].text)
    person = None
    if key in kb.person_keys:
        person = kb.pick_person(list(kb.person_keys[key]), context.country, scan.published)
    if person is not None:
        return _known_person(scan, person, context, end, key)
    return _stranger(scan, context, start, end, key)


def _spelling_variant(scan: DocScan, key: str, country: str | None) -> Person | None:
    """Return the one person of the knowledge base a titled unknown name is a variant spelling
    of ("President Shavkat" spelled "Shaukat"): same surname and country, a first name that
    differs by a letter or two; None when there is none or more than one."""
    if " " not in key or country is None:
        return None
    namesakes = {p for form in short_forms(key, country) for p in scan.kb.short_keys.get(form, {})}
    close = [
        person
        for person in namesakes
        if person.country == country
        and SequenceMatcher(None, normalize_alias(person.name), key).ratio() >= VARIANT_SIMILARITY
    ]
    return close[0] if len(close) == 1 else None


def _known_person(scan: DocScan, person: Person, context: Context, end: int, key: str) -> Candidate:
    """A person of the knowledge base; a premodifier gives a country the record lacks."""
    actor = person.actor(scan.published)
    country = context.country
    if actor.country is None and country:
        actor = Actor(
            actor.name,
            "person",
            country,
            actor.office,
            actor.code or sector_code(country, None),
        )
    return Candidate(context.start, end, 0, actor=actor, person=person, key=key)


def _stranger(scan: DocScan, context: Context, start: int, end: int, key: str) -> Candidate:
    """A name the knowledge base lacks: a surname to resolve, an actor by a title, or a full
    name to find elsewhere in the document.

    A stranger with a generic title ("spokesman", "chief") is an actor only with a state
    or an international organisation before the title ("NATO chief X"): company chiefs
    and spokesmen carry those titles too.
    """
    country = context.country
    if context.title is not None and country is None:
        country = country_nearby(scan, end)
    fallback = scan.state_at.get(context.start)
    title, past = context.title, context.past
    if title is None:
        appositive = appositive_title(scan, end)
        if appositive is not None:
            title, country, past = appositive
    variant = _spelling_variant(scan, key, country) if title is not None else None
    if variant is not None:
        return _known_person(scan, variant, context, end, key)
    if " " not in key:
        return Candidate(
            context.start,
            end,
            3,
            pending="surname",
            key=key,
            country=country,
            title=title,
            fallback=fallback,
        )
    owned = country is not None or context.international
    if title is not None and (owned or title.category not in GENERIC_TITLE_CATEGORIES):
        office = f"Former {title.office}" if past else title.office
        name = " ".join(scan.doc[start:end].text.split())
        actor = Actor(name, "person", country, office, sector_code(country, title.category))
        return Candidate(context.start, end, 0, actor=actor, key=key)
    return Candidate(start, end, 2, pending="name", key=key)


def short_names(scan: DocScan, candidates: list[Candidate]) -> list[Candidate]:
    """Single capitalized words that are the short form of a person named in the
    document, or a lone proper noun the knowledge base knows as a short form ("Putin said";
    NER often tags such a surname ORG, GPE or NORP, so those count too)."""
    doc, norms = scan.doc, scan.norms
    doc_keys = _doc_short_forms(candidates)
    lone_words = _lone_words(scan)
    longest = max((key.count(" ") + 1 for key in doc_keys), default=1)
    found = []
    for token in doc:
        if not starts_name(token) or (token.is_upper and len(token) > 1):
            continue
        key = norms[token.i].strip()
        if key in doc_keys or (key in scan.kb.short_keys and token.i in lone_words):
            found.append(Candidate(token.i, token.i + 1, 3, pending="surname", key=key))
        text = norms[token.i] + token.whitespace_
        for end in range(token.i + 1, min(len(doc), token.i + longest)):
            text += norms[end] + doc[end].whitespace_
            key = " ".join(text.split())
            if key in doc_keys:  # a particle surname: "von der Leyen", "bin Salman"
                found.append(Candidate(token.i, end + 1, 3, pending="surname", key=key))
    return found


def _doc_short_forms(candidates: list[Candidate]) -> set[str]:
    """Short forms of the persons the candidates name."""
    return {
        key
        for candidate in candidates
        if candidate.actor is not None and candidate.actor.kind == "person"
        for key in short_forms(normalize_alias(candidate.actor.name), candidate.actor.country)
    }


def _lone_words(scan: DocScan) -> set[int]:
    """Token indices of single-word entities a surname can be tagged as, and of proper nouns
    standing alone."""
    doc = scan.doc
    lone_words = {ent.start for ent in doc.ents if ent.label_ in SURNAME_LABELS and len(ent) == 1}
    # An untagged proper noun counts only standing alone: "Day" of "Victory Day" is no
    # surname.
    lone_words.update(
        token.i
        for token in doc
        if token.pos_ == "PROPN"
        and not token.ent_type_
        and not (token.i > 0 and starts_name(doc[token.i - 1]))
        and not (token.i + 1 < len(doc) and starts_name(doc[token.i + 1]))
    )
    return lone_words
