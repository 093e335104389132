"""Knowledge-base aliases in the doc: matched over the folded text, longest first with letter
case checked, then read as states, organisations or the spans of person names."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.actors.candidates import Candidate, DocScan, Match
from pipeline.actors.knowledge import KnowledgeIndex
from pipeline.actors.tokens import after_indefinite_article, inside_named_things

# The plural noun of a region's leaders as a bloc ("European leaders" in organisations.txt).
COLLECTIVE_NOUNS = frozenset({"leaders"})


def match_aliases(kb: KnowledgeIndex, doc: Doc, norms: list[str]) -> list[Match]:
    """Longest knowledge-base alias starting at each token, with letter case checked."""
    found: list[Match] = []
    known = kb.first_words
    for start, norm in enumerate(norms):
        # the token's own word ("china" of "China's"), else the word it is glued into
        # ("peoples" of "People's Republic")
        firsts = [w[0] for w in (norm.split(), _glued_word(doc, norms, start).split()) if w]
        limits = [known[word] for word in firsts if word in known]
        if not limits:
            continue
        limit = max(limits)
        text = ""
        best: Match | None = None
        for end in range(start, min(len(doc), start + 3 * limit)):
            text += norms[end] + doc[end].whitespace_
            if not norms[end].strip():
                continue
            key = " ".join(text.split())
            if key.count(" ") >= limit:
                break
            if (
                kb.is_alias(key)
                and _case_fits(kb, doc, start, end + 1, key)
                and not _named_before(doc, start, end + 1)
            ):
                best = Match(start, end + 1, key)
        if best is not None:
            found.append(best)
    return found


def _named_before(doc: Doc, start: int, end: int) -> bool:
    """Whether a region's leaders are ones named before ("the African leaders joined X"),
    not the bloc that "African leaders" stands for on its own."""
    if doc[end - 1].lower_ not in COLLECTIVE_NOUNS or start == 0:
        return False
    return doc[start - 1].lower_ in {"the", "these", "those", "both", "two", "three", "four"}


def _glued_word(doc: Doc, norms: list[str], start: int) -> str:
    """The folded text from token `start` to the next space: "People" and "'s" make the first
    word of "People's Republic" ("peoples"), as the alias keys have it."""
    text = norms[start]
    end = start
    while not doc[end].whitespace_ and end + 1 < len(doc) and len(text.split()) < 2:
        end += 1
        text += norms[end]
    return text


def _case_fits(kb: KnowledgeIndex, doc: Doc, start: int, end: int, key: str) -> bool:
    """Names are capitalized and acronyms all capitals: "us" is no "US", "turkey" no state."""
    text = doc[start:end].text
    if key not in kb.mixed_case_keys:
        return text == text.upper()
    return text[0].isupper() or text[0].isdigit()


def read_aliases(
    scan: DocScan, matches: list[Match]
) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """Candidates for the states and organisations matched, and the token spans of the person
    names matched; records in `scan` where the states and international organisations are."""
    kb, doc = scan.kb, scan.doc
    candidates: list[Candidate] = []
    person_spans: list[tuple[int, int]] = []
    inside_names = inside_named_things(doc)
    for match in matches:
        if _part_of_a_name(scan, match, inside_names):
            continue  # "the South China Sea", "Seoul National University"
        if match.key in kb.state_keys:
            if after_indefinite_article(doc, match.start, match.end):
                continue  # "a united Korea", "a stronger Russia": a state imagined
            actor = kb.state_keys[match.key]
            candidates.append(Candidate(match.start, match.end, 0, actor=actor))
            scan.add_state(match, actor)
        elif match.key in kb.org_keys:
            organisation = kb.org_keys[match.key]
            candidates.append(Candidate(match.start, match.end, 0, actor=organisation))
            if organisation.country is None:
                scan.international_ending.setdefault(match.end, match.start)
            else:
                scan.national_ending.setdefault(match.end, (match.start, organisation.country))
        elif match.key in kb.shared_state_keys:
            scan.shared.append(match)
        elif not _inside_a_longer_name(doc, match):
            person_spans.append((match.start, match.end))
    return candidates, person_spans


def shared_state_names(
    scan: DocScan, candidates: list[Candidate], matches: list[Match]
) -> list[Candidate]:
    """Candidates for the aliases several states share ("Congo", "Korean"), each read as the
    one of its states the rest of the document names (its states, bodies or known people);
    none when the document names none of them or several. A state so read can own a title
    ("the Korean leader")."""
    kb = scan.kb
    named = {c.actor.country for c in candidates if c.actor is not None and c.actor.country}
    for match in matches:
        countries = {person.country for person in kb.person_keys.get(match.key, ())}
        if len(countries) == 1:
            named |= countries - {None}
    found = []
    for match in scan.shared:
        states = [iso for iso in kb.shared_state_keys[match.key] if iso in named]
        if len(states) == 1:
            actor = kb.states[states[0]]
            found.append(Candidate(match.start, match.end, 0, actor=actor))
            scan.add_state(match, actor)
    return found


def _inside_a_longer_name(doc: Doc, match: Match) -> bool:
    """Whether a person's name is the end of a longer name of somebody else: "Ali Mahmoud
    Abbas" is not "Mahmoud Abbas" (a title before a name is no part of it)."""
    if match.start == 0:
        return False
    before = doc[match.start - 1]
    return (
        before.ent_type_ == "PERSON"
        and doc[match.start].ent_type_ == "PERSON"
        and doc[match.start].ent_iob_ != "B"
        and before.is_title
    )


def _part_of_a_name(
    scan: DocScan, match: Match, inside_names: dict[int, tuple[tuple[int, int], str]]
) -> bool:
    """Whether an alias starts inside a longer named thing: a region, or a capital or seat of
    power inside an organisation's or a facility's name (see `inside_named_things`)."""
    if match.start not in inside_names:
        return False
    span, label = inside_names[match.start]
    return span != (match.start, match.end) and (
        label == "LOC" or match.key in scan.kb.metonym_keys
    )
