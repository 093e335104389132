"""A state's institutions named by their role: its ministries ("China's foreign ministry"), its
state media ("North Korean state media") and armed services ("the Chinese coast guard"), as
organisations of that state."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.actors.candidates import Candidate, DocScan, Match
from pipeline.actors.knowledge import KnowledgeIndex
from pipeline.actors.persons import sector_code
from pipeline.actors.titles import premodifier
from pipeline.actors.words import (
    ARMED_SERVICE_MAX_WORDS,
    ARMED_SERVICE_PHRASES,
    MINISTRY_WORD_SPELLING,
    STATE_MEDIA_MAX_WORDS,
    STATE_MEDIA_PHRASES,
)
from pipeline.model import Actor
from pipeline.names import normalize_alias


def ministries(scan: DocScan) -> list[Candidate]:
    """ "China's foreign ministry", "South Korea's Ministry of Unification", "the Ministry
    of Foreign Affairs of Japan": the ministry as an organisation of that state."""
    found = []
    for token in scan.doc:
        if token.lower_ != "ministry":
            continue
        index, end, words = _ministry_words(scan, token.i)
        if not words:
            continue
        owner = _ministry_owner(scan, index, end)
        if owner is None:
            continue
        start, end, country = owner
        found.append(Candidate(start, end, 1, actor=_ministry_actor(scan.kb, country, words)))
    return found


def _ministry_words(scan: DocScan, at: int) -> tuple[int, int, list[str]]:
    """The words naming the ministry at token `at` ("Foreign" Ministry, Ministry of "Foreign"
    Affairs), the token they start at and the end of the ministry's name."""
    doc = scan.doc
    words: list[str] = []
    index = at
    while (
        index > 0
        and index not in scan.state_ending
        and doc[index - 1].is_alpha
        and doc[index - 1].pos_ in {"PROPN", "ADJ", "NOUN"}
    ):
        index -= 1
        words.insert(0, doc[index].text)
    end = at + 1
    if not words and end < len(doc) and doc[end].lower_ == "of":
        end, words = _words_after_of(scan, end)
    return index, end, words


def _words_after_of(scan: DocScan, of: int) -> tuple[int, list[str]]:
    """End and words of the capitalized name after "Ministry of" (without "Affairs"), up to a
    state."""
    doc = scan.doc
    tail = of + 1
    while (
        tail < len(doc)
        and tail not in scan.state_at
        and doc[tail].is_alpha
        and doc[tail].text[0].isupper()
    ):
        tail += 1
    words = [doc[i].text for i in range(of + 1, tail)]
    if words and words[-1].lower() == "affairs":
        words = words[:-1]
    return tail, words


def _ministry_owner(scan: DocScan, index: int, end: int) -> tuple[int, int, str] | None:
    """Start, end and country of a ministry's phrase whose name spans [index, end): a state
    before it or "of Japan" after it; None without one."""
    doc, state_at = scan.doc, scan.state_at
    pre = premodifier(scan, index)
    if pre is not None:
        start, country = pre
        return start, end, country
    if end + 1 < len(doc) and doc[end].lower_ == "of" and end + 1 in state_at:
        state = state_at[end + 1]
        end += 1
        while end < len(doc) and state_at.get(end) is state:
            end += 1
        return index, end, state.country or ""
    return None


def _ministry_actor(kb: KnowledgeIndex, country: str, words: list[str]) -> Actor:
    """The knowledge base's ministry whose names hold these words, else one named
    "<State> <Words> Ministry"."""
    label = " ".join(MINISTRY_WORD_SPELLING.get(w.lower(), w.capitalize()) for w in words)
    wanted = {normalize_alias(word) for word in words}
    return _state_body(kb, country, "ministry", wanted, f"{label} Ministry")


def _state_body(
    kb: KnowledgeIndex, country: str, category: str, wanted: set[str], label: str
) -> Actor:
    """The knowledge base's body of `category` of the state whose names hold the `wanted`
    words, else a new one named "<State> <label>" (CAMEO government or military sector)."""
    for actor, names in kb.orgs_by_country.get((country, category), ()):
        if wanted <= names:
            return actor
    return Actor(
        name=f"{kb.states[country].name} {label}",
        kind="organisation",
        country=country,
        code=sector_code(country, category),
    )


def state_media(scan: DocScan) -> list[Candidate]:
    """ "North Korean state media", "China's official news agency": the state's one
    state-media organisation when the knowledge base names exactly one (or one agency)."""
    found = []
    for match, end, _ in _role_phrases(scan, STATE_MEDIA_PHRASES, STATE_MEDIA_MAX_WORDS):
        actor = _state_media_actor(scan.kb, scan.country_of(match) or "")
        if actor is not None:
            found.append(Candidate(match.start, end, 1, actor=actor))
    return found


def armed_services(scan: DocScan) -> list[Candidate]:
    """ "the Chinese coast guard", "Russia's navy": the knowledge base's service of the state
    whose names hold the phrase, else one named "<State> <Service>" (military sector)."""
    found = []
    for match, end, phrase in _role_phrases(scan, ARMED_SERVICE_PHRASES, ARMED_SERVICE_MAX_WORDS):
        country = scan.country_of(match)
        if country and country in scan.kb.states:
            actor = _state_body(scan.kb, country, "military", set(phrase.split()), phrase.title())
            found.append(Candidate(match.start, end, 1, actor=actor))
    return found


def _role_phrases(
    scan: DocScan, phrases: frozenset[str], max_words: int
) -> Iterator[tuple[Match, int, str]]:
    """Yield (state match, end, phrase) for each state name or demonym followed by one of
    `phrases` ("North Korean" + "state media")."""
    doc = scan.doc
    for after, match in scan.state_ending.items():
        if after >= len(doc):
            continue
        first = after + 1 if doc[after].tag_ == "POS" else after
        found = _phrase_end(scan, first, phrases, max_words)
        if found is not None:
            yield match, found[0], found[1]


def _phrase_end(
    scan: DocScan, first: int, phrases: frozenset[str], max_words: int
) -> tuple[int, str] | None:
    """End and text of the phrase of `phrases` starting at token `first`, else None."""
    doc, norms = scan.doc, scan.norms
    text = ""
    for end in range(first, min(len(doc), first + 2 * max_words)):
        if not norms[end].strip() and doc[end].text != "-":
            break
        text += norms[end] + doc[end].whitespace_
        phrase = " ".join(text.split())
        if phrase in phrases:
            return end + 1, phrase
    return None


def _state_media_actor(kb: KnowledgeIndex, country: str) -> Actor | None:
    outlets = kb.orgs_by_country.get((country, "state_media"), [])
    if len(outlets) > 1:
        outlets = [(actor, names) for actor, names in outlets if "agency" in names]
    return outlets[0][0] if len(outlets) == 1 else None
