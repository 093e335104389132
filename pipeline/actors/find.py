"""Finding actor mentions in a parsed doc: every finder's candidates, overlaps settled."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from pipeline.actors.aliases import match_aliases, read_aliases, shared_state_names
from pipeline.actors.candidates import Candidate, DocScan
from pipeline.actors.holders import office_holders
from pipeline.actors.institutions import armed_services, ministries, state_media
from pipeline.actors.knowledge import KnowledgeIndex
from pipeline.actors.naming import name_spans, person_candidate, short_names
from pipeline.actors.titles import bare_titles
from pipeline.names import fold_name


def find_candidates(kb: KnowledgeIndex, doc: Doc, published: date | None) -> list[Candidate]:
    """The possible mentions of `doc` that survive overlaps, in text order: aliases of the
    knowledge base, person names with their titles, ministries, state media, armed services,
    bare titles and
    short names. The finders after the alias reader see where it found states."""
    norms = [fold_name(token.text) for token in doc]
    matches = match_aliases(kb, doc, norms)
    scan = DocScan(doc, norms, kb, published)
    candidates, person_spans = read_aliases(scan, matches)
    candidates += shared_state_names(scan, candidates, matches)
    alias_starts = {match.start for match in matches}
    person_spans += name_spans(scan, person_spans, alias_starts)
    candidates += [person_candidate(scan, start, end) for start, end in person_spans]
    candidates += ministries(scan)
    candidates += state_media(scan)
    candidates += armed_services(scan)
    candidates += bare_titles(scan, person_spans)
    candidates += office_holders(scan)
    candidates += short_names(scan, candidates)
    return _settle_overlaps(candidates)


def _settle_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates (ties: the lower priority number), in
    text order."""
    taken: set[int] = set()
    kept = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.priority, c.start)):
        span = range(candidate.start, candidate.end)
        if taken.intersection(span):
            continue
        taken.update(span)
        kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)
