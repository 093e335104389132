"""Actor mentions: which stretches of an article name a person, state or organisation, and who.

Every mention resolves to one canonical `Actor`, so the events stage and the database see
"Kim Jong-un", "Kim", "the North Korean leader" and "Pyongyang" as the actors they stand for.

Finding works on the parsed doc in three steps. `ActorResolver` first matches the knowledge
base's aliases (states with their names, abbreviations, demonyms, capitals and seats of power;
organisations; persons) over a folded form of the text, longest match first. It then reads
names around political titles ("Russian President Vladimir Putin", "China's foreign ministry")
and the phrases that refer back to someone (a surname, "the premier"). Overlaps are settled
longest first. Resolving comes last, in text order, because a surname or a title stands for a
person named elsewhere in the same article.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Doc, Token

from pipeline.kb import (
    COUNTRIES_FILE,
    KB_DIR,
    LEADERS_FILE,
    ORGANISATIONS_FILE,
    PHOENIX_PERSONS_FILE,
    TITLES_FILE,
    CountryRecord,
    OrganisationRecord,
    PersonRecord,
    TitleRecord,
    load_countries,
    load_leaders,
    load_organisations,
    load_phoenix_persons,
    load_titles,
)
from pipeline.model import Actor, ActorMention
from pipeline.names import fold_name, normalize_alias

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Countries whose names put the family name first ("Kim" of Kim Jong Un, "Xi" of Xi Jinping).
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "KHM"})
# English-language news refers to Vietnamese people by the last given name ("Lam" for To Lam),
# so both ends of a Vietnamese name are short forms.
GIVEN_NAME_SHORT_FORM = frozenset({"VNM"})
# Surname particles that start a multi-word surname ("von der Leyen", "bin Salman").
NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "del", "dos", "das", "la", "le", "al",
     "el", "bin", "ibn"}
)  # fmt: skip
# Words between a title and what it applies to that keep the title's meaning.
TITLE_MODIFIERS = frozenset(
    {"former", "then", "acting", "interim", "outgoing", "incoming", "late", "ex", "new",
     "current", "incumbent", "sitting", "deposed", "ousted"}
)  # fmt: skip
# Modifiers that say the person no longer holds the title.
PAST_MODIFIERS = frozenset({"former", "then", "late", "ex", "deposed", "ousted"})
# Courtesy titles: part of a mention, but not political (they make nobody an actor).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "madame", "sir", "comrade"})
# Title categories a generic title matches; "leader" is whoever leads, whatever the office.
TITLE_COMPATIBLE = {
    "leader": ("party_leader", "head_of_state", "head_of_government", "monarch", "leader"),
    "head_of_state": ("head_of_state", "leader"),
    "head_of_government": ("head_of_government", "leader"),
}
# Which office a person's actor carries when several are held on the same day.
OFFICE_RANK = {
    "head_of_state": 0, "leader": 1, "head_of_government": 2, "party_leader": 3, "monarch": 4,
    "foreign_minister": 5, "minister": 6, "diplomat": 7, "military": 8, "official": 9,
}  # fmt: skip
# Title categories shared with business and civil society ("chief", "spokesman"): they make
# a stranger an actor only with a state or an international body to go with them.
GENERIC_TITLE_CATEGORIES = frozenset({"official"})
# Phrases for a state's official news outlets, resolved to its state_media organisation.
STATE_MEDIA_PHRASES = frozenset(
    {"state media", "state news agency", "official news agency", "state run media",
     "state run news agency", "state television", "state tv", "state broadcaster",
     "official media", "state owned media"}
)  # fmt: skip
STATE_MEDIA_MAX_WORDS = 4
# NER labels of names a capital can be part of without standing for its state. GPE and NORP
# are not here: "the Beijing government" is the state.
NAMED_THING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})
# NER labels a lone surname is given ("Xi" as PERSON, ORG or GPE, "Albanese" as NORP).
SURNAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Spelling variants folded in synthesized ministry names ("Defense Ministry" = "Defence").
MINISTRY_WORD_SPELLING = {"defense": "Defence"}

def _is_acronym(text: str) -> bool:
    return text == text.upper()


class _Term(NamedTuple):
    """One office a person held, with the category its title belongs to (a tuple: tens of
    thousands are built at load time)."""

    office: str | None
    category: str | None
    code: str | None
    start: date | None
    end: date | None

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(eq=False)
class _Person:
    """A person known to the knowledge base, with every office term found for them."""

    name: str
    country: str | None
    terms: list[_Term] = field(default_factory=list)
    from_leaders: bool = False

    def current_terms(self, day: date | None) -> list[_Term]:
        """Terms held on `day`; with no day, the terms without an end."""
        if day is None:
            return [term for term in self.terms if term.end is None]
        return [term for term in self.terms if term.valid_on(day)]

    def term_on(self, day: date | None) -> _Term | None:
        """The office the actor carries on `day`: the highest-ranked current one, else the
        last one begun before it (a former leader keeps his last office), else none."""
        current = self.current_terms(day)
        if current:
            return min(current, key=lambda term: OFFICE_RANK.get(term.category or "", 99))
        begun = [
            term for term in self.terms if day is None or term.start is None or term.start <= day
        ]
        if not begun:
            return None
        return max(begun, key=lambda term: term.end or date.max)

    def reliably_current(self, day: date | None) -> bool:
        """In office on `day` by a term with an end date, or by any curated term."""
        return any(term.end is not None or self.from_leaders for term in self.current_terms(day))

    def categories_on(self, day: date | None) -> set[str]:
        return {term.category for term in self.current_terms(day) if term.category}

    def actor(self, day: date | None) -> Actor:
        term = self.term_on(day)
        office = term.office if term else None
        category = term.category if term else None
        code = (term.code if term else None) or _sector_code(self.country, category)
        return Actor(name=self.name, kind="person", country=self.country, office=office, code=code)


def _sector_code(country: str | None, category: str | None) -> str | None:
    """CAMEO actor code of a state official: the country plus MIL or GOV."""
    if not country:
        return None
    return country + ("MIL" if category == "military" else "GOV")


def _short_forms(name_key: str, country: str | None) -> set[str]:
    """Keys of the surname a text uses for a person after naming them in full (from the
    normalized full name)."""
    if " " not in name_key:
        return {name_key}
    words = name_key.split(" ")
    if country in FAMILY_NAME_FIRST:
        keys = {words[0]}
        if country in GIVEN_NAME_SHORT_FORM:
            keys.add(words[-1])
        return keys
    keys = {words[-1]}
    for index in range(1, len(words) - 1):
        if words[index] in NAME_PARTICLES:
            keys.add(" ".join(words[index:]))
            break
    return keys


def _without_initials(name_key: str) -> str:
    """A full name without its middle initials ("richard m nixon" -> "richard nixon"): the
    form news text mostly uses."""
    words = name_key.split(" ")
    if len(words) < 3:
        return name_key
    kept = [words[0], *(word for word in words[1:-1] if len(word) > 1), words[-1]]
    return " ".join(kept) if len(kept) >= 2 else name_key


def _without_article(key: str) -> str:
    """A name key without its leading "the" ("the kremlin" -> "kremlin")."""
    return key[4:] if key.startswith("the ") else key


def _either_end(name_key: str) -> set[str]:
    """Both ends of a name whose naming order is unknown (a person outside the KB)."""
    words = name_key.split()
    return {words[0], words[-1]} if words else set()


@dataclass(frozen=True)
class _Match:
    """A knowledge-base alias found in the doc, over tokens [start, end)."""

    start: int
    end: int
    key: str


@dataclass
class _Candidate:
    """A possible mention over tokens [start, end); resolved after overlaps are settled.

    priority breaks ties between overlapping candidates of the same length: 0 a knowledge-base
    or titled name, 1 a ministry or state-media phrase, 2 a bare title or unknown full name,
    3 a surname.

    pending says how an unresolved candidate finds its actor: "name" (a full name named
    elsewhere in the document), "surname" or "title" (see `_resolve_pending`).
    """

    start: int
    end: int
    priority: int
    actor: Actor | None = None
    pending: str | None = None
    key: str = ""
    country: str | None = None
    title: TitleRecord | None = None
    fallback: Actor | None = None
    person: _Person | None = None
    anchor: int | None = None  # char offset of a name the title is in apposition with


@dataclass(frozen=True)
class _Context:
    """What precedes or surrounds a name: its title, the country that title belongs to."""

    start: int
    title: TitleRecord | None = None
    country: str | None = None
    past: bool = False


@dataclass
class _DocPerson:
    """A person named in the document; actor None for a shadow (see `_resolve`)."""

    actor: Actor | None
    start_char: int
    end_char: int
    categories: set[str]
    short_forms: set[str]


class ActorResolver:
    """Find and resolve actor mentions with a knowledge base of states, organisations and persons.

    countries, organisations, leaders, persons, titles: knowledge records (see `pipeline.kb`);
        `leaders` are the curated office terms since 2018, `persons` the older Phoenix list.
        Leaders come first: a Phoenix record of the same person only adds office terms.
    """

    def __init__(
        self,
        countries: Iterable[CountryRecord] = (),
        organisations: Iterable[OrganisationRecord] = (),
        leaders: Iterable[PersonRecord] = (),
        persons: Iterable[PersonRecord] = (),
        titles: Iterable[TitleRecord] = (),
    ) -> None:
        self._titles: dict[str, TitleRecord] = {}
        self._title_first_words: dict[str, int] = {}
        self._title_words: set[str] = set()
        for title in titles:
            key = normalize_alias(title.title)
            self._titles.setdefault(key, title)
            words = key.split()
            first = words[0]
            self._title_first_words[first] = max(self._title_first_words.get(first, 0), len(words))
            self._title_words.update(words)
        # Alias key -> targets, one dict per kind; a key may be known to several kinds.
        self._state_keys: dict[str, Actor] = {}
        self._place_keys: dict[str, str] = {}
        self._org_keys: dict[str, Actor] = {}
        # Persons per key in insertion order (dicts as ordered sets: loading stays linear).
        self._person_keys: dict[str, dict[_Person, None]] = {}
        self._short_keys: dict[str, dict[_Person, None]] = {}
        self._states: dict[str, Actor] = {}
        self._orgs_by_country: dict[tuple[str, str], list[tuple[Actor, set[str]]]] = {}
        self._persons_by_country: dict[str, list[_Person]] = {}
        self._persons_by_name: dict[tuple[str, str | None], _Person] = {}
        self._mixed_case_keys: set[str] = set()
        self._metonym_keys: set[str] = set()  # capitals and seats of power, not state names
        self._office_categories: dict[str, str | None] = {}
        self._first_words: dict[str, int] = {}
        self._build_states(countries)
        self._build_organisations(organisations)
        self._build_persons(leaders, from_leaders=True)
        self._build_persons(persons, from_leaders=False)

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_kb_dir(cls, kb_dir: Path = KB_DIR) -> ActorResolver:
        """Build a resolver from the knowledge files in `kb_dir` (missing files add nothing)."""
        return cls(
            countries=load_countries(kb_dir / COUNTRIES_FILE),
            organisations=load_organisations(kb_dir / ORGANISATIONS_FILE),
            leaders=load_leaders(kb_dir / LEADERS_FILE),
            persons=load_phoenix_persons(kb_dir / PHOENIX_PERSONS_FILE),
            titles=load_titles(kb_dir / TITLES_FILE),
        )

    @classmethod
    def default(cls) -> ActorResolver:
        """The resolver over the project's own knowledge files, built once per process."""
        return _default_resolver()

    def _register(self, text: str, key: str | None = None) -> str:
        """Record an alias's key for the matcher: its first word, length and letter case."""
        key = normalize_alias(text) if key is None else key
        if not key:
            return key
        first = key.partition(" ")[0]
        length = key.count(" ") + 1
        if length > self._first_words.get(first, 0):
            self._first_words[first] = length
        if text != text.upper():
            self._mixed_case_keys.add(key)
        return key

    def _build_states(self, countries: Iterable[CountryRecord]) -> None:
        claims: dict[str, dict[str, bool]] = {}  # key -> {iso3: historical}
        place_claims: dict[str, dict[str, bool]] = {}
        for record in countries:
            actor = Actor(name=record.name, kind="state", country=record.iso3, code=record.iso3)
            self._states[record.iso3] = actor
            places = (record.name, *record.aliases, *record.metonyms)
            places += (record.capital,) if record.capital else ()
            for text in (*places, *record.demonyms):
                key = self._register(text)
                if key:
                    claims.setdefault(key, {})[record.iso3] = record.historical
            for text in places:
                key = normalize_alias(text)
                if key:
                    place_claims.setdefault(key, {})[record.iso3] = record.historical
            names = {
                normalize_alias(text) for text in (record.name, *record.aliases, *record.demonyms)
            }
            for text in (*record.metonyms, record.capital or ""):
                key = normalize_alias(text)
                if key and key not in names:
                    self._metonym_keys.add(key)
        for target, source in ((self._state_keys, claims), (self._place_keys, place_claims)):
            for key, isos in source.items():
                iso = _one_claim(isos)
                if iso is None:
                    logger.debug("alias %r names several states; left out", key)
                elif target is self._state_keys:
                    self._state_keys[key] = self._states[iso]
                else:
                    self._place_keys[key] = iso

    def _build_organisations(self, organisations: Iterable[OrganisationRecord]) -> None:
        for record in organisations:
            actor = Actor(
                name=record.name, kind="organisation", country=record.country, code=record.code
            )
            keys = set()
            for text in (record.name, *record.aliases):
                key = self._register(text)
                if key:
                    keys.add(key)
                    self._org_keys.setdefault(key, actor)
            if record.country and record.category:
                words = {word for key in keys for word in key.split()}
                self._orgs_by_country.setdefault((record.country, record.category), []).append(
                    (actor, words)
                )

    def _build_persons(self, records: Iterable[PersonRecord], *, from_leaders: bool) -> None:
        """Index persons by full names (matched in text) and short forms (surnames and
        single-word aliases, resolved in context); rows of one person merge into one entry.

        Written as one plain loop: it runs over tens of thousands of rows at load time.
        """
        person_keys, short_keys = self._person_keys, self._short_keys
        for record in records:
            name, country = record.name, record.country
            name_key = normalize_alias(name)
            if not name_key:
                continue
            aliases = [(name, name_key)]
            for text in record.aliases:
                key = normalize_alias(text)
                if key and not self._starts_with_title(key):
                    aliases.append((text, key))
            if name_key.count(" ") >= 2:
                plain = _without_initials(name_key)
                if plain != name_key:
                    aliases.append((name, plain))
            # Rows merge on the canonical name only: namesakes share aliases (a father's name
            # given as an alias of his son), and merging on one would mix their offices.
            person = self._persons_by_name.get((name_key, country))
            if person is None:
                person = _Person(name, country, from_leaders=from_leaders)
                self._persons_by_name[(name_key, country)] = person
                if country:
                    self._persons_by_country.setdefault(country, []).append(person)
            category = self.office_category(record.office)
            person.terms.append(
                _Term(record.office, category, record.code, record.start, record.end)
            )
            for text, key in aliases:
                if " " in key:
                    self._register(text, key)
                    person_keys.setdefault(key, {})[person] = None
                else:
                    short_keys.setdefault(key, {})[person] = None
            for key in _short_forms(name_key, country):
                short_keys.setdefault(key, {})[person] = None

    def _starts_with_title(self, key: str) -> bool:
        """Whether an alias is a title plus a name ("president xi jinping"): the title reader
        handles those, and keeping them would hide the title's country premodifier."""
        words = key.split()
        for length in range(1, min(len(words) - 1, self._title_first_words.get(words[0], 0)) + 1):
            if " ".join(words[:length]) in self._titles:
                return True
        return False

    # -- lookups -------------------------------------------------------------------------

    def office_category(self, office: str | None) -> str | None:
        """Category of an office string by the longest title it contains ("President of the
        State Affairs Commission" -> head_of_state); None when no title is found."""
        if not office:
            return None
        if office in self._office_categories:
            return self._office_categories[office]
        words = normalize_alias(office).split()
        best: TitleRecord | None = None
        best_len = 0
        for start, word in enumerate(words):
            longest = min(self._title_first_words.get(word, 0), len(words) - start)
            for length in range(longest, 0, -1):
                title = self._titles.get(" ".join(words[start : start + length]))
                if title and length > best_len:
                    best, best_len = title, length
                    break
        category = best.category if best else None
        self._office_categories[office] = category
        return category

    def canonical(self, name: str) -> Actor | None:
        """Return the actor a name or alias stands for, or None when the knowledge base lacks it.

        States win over organisations and organisations over persons when an alias is shared;
        a person carries the office without an end date (their current one).
        """
        key = _without_article(normalize_alias(name))
        if key in self._state_keys:
            return self._state_keys[key]
        if key in self._org_keys:
            return self._org_keys[key]
        persons = self._person_keys.get(key)
        if persons:
            return self._pick_person(list(persons), None, None).actor(None)
        return None

    def country_of_place(self, name: str) -> str | None:
        """ISO-3 code of a country, capital or seat of power ("Pyongyang", "the Kremlin"),
        else None."""
        return self._place_keys.get(_without_article(normalize_alias(name)))

    def _pick_person(
        self, persons: Sequence[_Person], country: str | None, day: date | None
    ) -> _Person:
        """Choose among namesakes: the given country, then in office on the day by a dated
        term or a curated one, then curated, then in office by an open Phoenix term (those
        stop around 2018 and often never close)."""
        pool = [person for person in persons if country and person.country == country] or list(
            persons
        )
        return max(
            pool,
            key=lambda person: (
                person.reliably_current(day),
                person.from_leaders,
                bool(person.current_terms(day)),
            ),
        )

    def _holder(self, country: str, categories: Sequence[str], day: date | None) -> Actor | None:
        """The person holding an office of one of `categories` in `country` on `day`."""
        best: tuple[int, _Person] | None = None
        for person in self._persons_by_country.get(country, ()):
            for term in person.current_terms(day):
                if term.category in categories:
                    rank = categories.index(term.category)
                    if best is None or rank < best[0]:
                        best = (rank, person)
        return best[1].actor(day) if best else None

    # -- finding -------------------------------------------------------------------------

    def find_mentions(self, doc: Doc, published: date | None = None) -> list[ActorMention]:
        """Return every stretch of `doc.text` that names or stands for an actor, in text order.

        doc (Doc): a parsed article (NER and dependency parse are read).
        published (date | None): publication date; picks the office valid on that day and the
            office holder a bare title ("the Chinese president") refers to.
        RETURNS (list[ActorMention]): non-overlapping mentions with char offsets into doc.text.
        """
        norms = [fold_name(token.text) for token in doc]
        matches = self._match_aliases(doc, norms)
        state_at: dict[int, Actor] = {}
        state_ending: dict[int, _Match] = {}
        state_starting: dict[int, _Match] = {}
        international_ending: set[int] = set()
        candidates: list[_Candidate] = []
        person_spans: list[tuple[int, int]] = []
        inside_names = _inside_named_things(doc)
        for match in matches:
            if match.start in inside_names:
                span, label = inside_names[match.start]
                if span != (match.start, match.end) and (
                    label == "LOC" or match.key in self._metonym_keys
                ):
                    continue  # "the South China Sea", "Seoul National University"
            if match.key in self._state_keys:
                if _after_indefinite_article(doc, match.start, match.end):
                    continue  # "a united Korea", "a stronger Russia": a state imagined
                actor = self._state_keys[match.key]
                candidates.append(_Candidate(match.start, match.end, 0, actor=actor))
                state_ending.setdefault(match.end, match)
                state_starting.setdefault(match.start, match)
                for index in range(match.start, match.end):
                    state_at[index] = actor
            elif match.key in self._org_keys:
                organisation = self._org_keys[match.key]
                candidates.append(_Candidate(match.start, match.end, 0, actor=organisation))
                if organisation.country is None:
                    international_ending.add(match.end)
            else:
                person_spans.append((match.start, match.end))
        alias_starts = {match.start for match in matches}
        person_spans += self._name_spans(doc, norms, person_spans, alias_starts)
        for start, end in person_spans:
            candidates.append(
                self._person_candidate(
                    doc, norms, start, end, published, state_ending, state_at, international_ending
                )
            )
        candidates += self._ministries(doc, norms, state_ending, state_at)
        candidates += self._state_media(doc, norms, state_ending)
        candidates += self._bare_titles(doc, norms, state_ending, state_starting, person_spans)
        candidates += self._short_names(doc, norms, candidates)
        chosen = _settle_overlaps(candidates)
        return self._resolve(doc, chosen, published)

    def _match_aliases(self, doc: Doc, norms: list[str]) -> list[_Match]:
        """Longest knowledge-base alias starting at each token, with letter case checked."""
        found: list[_Match] = []
        known = self._first_words
        for start, norm in enumerate(norms):
            words = norm.split()
            if not words or words[0] not in known:
                continue
            limit = known[words[0]]
            text = ""
            best: _Match | None = None
            for end in range(start, min(len(doc), start + 3 * limit)):
                text += norms[end] + doc[end].whitespace_
                if not norms[end].strip():
                    continue
                key = " ".join(text.split())
                if key.count(" ") >= limit:
                    break
                if self._is_alias(key) and self._case_fits(doc, start, end + 1, key):
                    best = _Match(start, end + 1, key)
            if best is not None:
                found.append(best)
        return found

    def _is_alias(self, key: str) -> bool:
        return key in self._state_keys or key in self._org_keys or key in self._person_keys

    def _case_fits(self, doc: Doc, start: int, end: int, key: str) -> bool:
        """Names are capitalized and acronyms all capitals: "us" is no "US", "turkey" no state."""
        text = doc[start:end].text
        if key not in self._mixed_case_keys:
            return _is_acronym(text)
        return text[0].isupper() or text[0].isdigit()

    def _title_at(self, doc: Doc, norms: list[str], end: int) -> tuple[int, TitleRecord] | None:
        """The longest title whose last token is end - 1, as (start token, title)."""
        best: tuple[int, TitleRecord] | None = None
        text = ""
        for start in range(end - 1, max(-1, end - 7), -1):
            token = doc[start]
            if not norms[start].strip() and not (
                token.is_punct and token.text in "-\u2010\u2011" and not token.whitespace_
            ):
                break  # a title never spans a comma or full stop
            text = norms[start] + token.whitespace_ + text
            key = " ".join(text.split())
            if not key:
                continue
            if key.split()[0] not in self._title_words:
                break
            title = self._titles.get(key)
            if title is not None:
                best = (start, title)
        return best

    def _premodifier(
        self, doc: Doc, norms: list[str], before: int, state_ending: dict[int, _Match]
    ) -> tuple[int, str] | None:
        """A state naming the owner of a title that starts at token `before`: "Russian",
        "China's", "Vietnam's Communist Party" (up to three qualifying words in between)."""
        index = before
        for _ in range(4):
            match = state_ending.get(index)
            if match is not None:
                return match.start, self._state_keys[match.key].country or ""
            if index == 0:
                return None
            token = doc[index - 1]
            if not (
                token.tag_ == "POS" or (token.is_alpha and token.pos_ in {"PROPN", "ADJ", "NOUN"})
            ):
                return None
            index -= 1
        return None

    def _context(
        self, doc: Doc, norms: list[str], start: int, state_ending: dict[int, _Match]
    ) -> _Context:
        """The title, modifiers and country premodifier before a name starting at `start`."""
        index = start
        while index > 0 and norms[index - 1].strip() in HONORIFICS:
            index -= 1
        found = self._title_at(doc, norms, index)
        if found is None:
            # "Russia's Putin", "Chinese Xi Jinping": a state right before the name.
            pre = state_ending.get(index)
            if pre is None and index > 0 and doc[index - 1].tag_ == "POS":
                pre = state_ending.get(index - 1)
            if pre is not None:
                return _Context(pre.start, country=self._state_keys[pre.key].country)
            return _Context(index)
        title_start, title = found
        first, past = _skip_modifiers(doc, norms, title_start)
        pre = self._premodifier(doc, norms, first, state_ending)
        if pre is not None:
            return _Context(pre[0], title=title, country=pre[1], past=past)
        return _Context(first, title=title, past=past)

    def _country_nearby(self, doc: Doc, end: int, state_at: dict[int, Actor]) -> str | None:
        """Country of a titled name from "... of China" after it or from the phrase it
        belongs to ("a Russian delegation led by former President X")."""
        if end + 1 < len(doc) and doc[end].lower_ == "of" and end + 1 in state_at:
            return state_at[end + 1].country
        token = doc[end - 1]
        for _ in range(4):
            if token.head.i == token.i:
                return None
            token = token.head
            if token.pos_ in {"NOUN", "PROPN"}:
                for child in token.children:
                    if child.dep_ in {"amod", "poss", "compound", "nmod"} and child.i in state_at:
                        return state_at[child.i].country
            elif not (token.pos_ == "ADP" or (token.pos_ == "VERB" and token.dep_ == "acl")):
                return None
        return None

    def _name_spans(
        self, doc: Doc, norms: list[str], known: list[tuple[int, int]], alias_starts: set[int]
    ) -> list[tuple[int, int]]:
        """Person names the knowledge base did not match: NER PERSON entities (titles trimmed)
        and capitalized names right after a title ("Communist Party chief To Lam")."""
        covered = {index for start, end in known for index in range(start, end)}
        spans: dict[tuple[int, int], None] = {}
        person_ends = {ent.start: ent.end for ent in doc.ents if ent.label_ == "PERSON"}
        headline = _title_case_lines(doc)
        for ent in doc.ents:
            if ent.label_ != "PERSON" or ent.start in headline:
                continue
            start = ent.start
            while start < ent.end and (
                norms[start].strip() in self._title_words
                or norms[start].strip() in TITLE_MODIFIERS
                or norms[start].strip() in HONORIFICS
                or (start < ent.end - 1 and _is_sentence_gerund(doc[start]))
            ):
                start += 1
            end = ent.end
            while end > start and not doc[end - 1].is_alpha:
                end -= 1
            if start < end and not covered.intersection(range(start, end)):
                spans[(start, end)] = None
        for index in range(1, len(doc)):
            if index in covered or not _starts_name(doc[index]):
                continue
            if self._title_at(doc, norms, index) is None:
                continue
            inside = self._title_at(doc, norms, index + 1)
            if inside is not None and inside[0] <= index:
                continue  # "Secretary" of "General Secretary": part of the title, not a name
            end = person_ends.get(index) or _name_run_end(doc, index, alias_starts)
            if not covered.intersection(range(index, end)):
                for start, stop in list(spans):
                    if start < end and index < stop and (start, stop) != (index, end):
                        del spans[(start, stop)]
                spans[(index, end)] = None
        return list(spans)

    def _person_candidate(
        self,
        doc: Doc,
        norms: list[str],
        start: int,
        end: int,
        published: date | None,
        state_ending: dict[int, _Match],
        state_at: dict[int, Actor],
        international_ending: set[int],
    ) -> _Candidate:
        """A name with its title and premodifier: a known person, a titled stranger, or a
        surname or full name to resolve against the rest of the document.

        A stranger with a generic title ("spokesman", "chief") is an actor only with a state
        or an international organisation before the title ("NATO chief X"): company chiefs
        and spokesmen carry those titles too.
        """
        context = self._context(doc, norms, start, state_ending)
        key = normalize_alias(doc[start:end].text)
        person = None
        if key in self._person_keys:
            person = self._pick_person(list(self._person_keys[key]), context.country, published)
        country = context.country
        if person is None and context.title is not None and country is None:
            country = self._country_nearby(doc, end, state_at)
        fallback = state_at.get(context.start)
        if person is not None:
            actor = person.actor(published)
            if actor.country is None and country:
                actor = Actor(
                    actor.name,
                    "person",
                    country,
                    actor.office,
                    actor.code or _sector_code(country, None),
                )
            return _Candidate(context.start, end, 0, actor=actor, person=person, key=key)
        title, past = context.title, context.past
        if title is None:
            appositive = self._appositive_title(doc, norms, end, state_ending)
            if appositive is not None:
                title, country, past = appositive
        if " " not in key:
            return _Candidate(
                context.start,
                end,
                3,
                pending="surname",
                key=key,
                country=country,
                title=title,
                fallback=fallback,
            )
        owned = (
            country is not None
            or context.start in international_ending
            or (
                context.start > 0
                and doc[context.start - 1].tag_ == "POS"
                and context.start - 1 in international_ending
            )
        )
        if title is not None and (owned or title.category not in GENERIC_TITLE_CATEGORIES):
            office = f"Former {title.office}" if past else title.office
            name = " ".join(doc[start:end].text.split())
            actor = Actor(name, "person", country, office, _sector_code(country, title.category))
            return _Candidate(context.start, end, 0, actor=actor, key=key)
        return _Candidate(start, end, 2, pending="name", key=key)

    def _appositive_title(
        self, doc: Doc, norms: list[str], end: int, state_ending: dict[int, _Match]
    ) -> tuple[TitleRecord, str | None, bool] | None:
        """Title and country of a name from its appositive: "Jean Dupont, France's foreign
        minister, said" or "the French foreign minister, Jean Dupont, said"."""
        root = doc[end - 1]
        nouns = [child for child in root.children if child.dep_ == "appos"]
        if root.dep_ == "appos":
            nouns.append(root.head)
        for noun in nouns:
            found = self._title_at(doc, norms, noun.i + 1)
            if found is None:
                continue
            first, past = _skip_modifiers(doc, norms, found[0])
            pre = self._premodifier(doc, norms, first, state_ending)
            return found[1], pre[1] if pre else None, past
        return None

    def _ministries(
        self,
        doc: Doc,
        norms: list[str],
        state_ending: dict[int, _Match],
        state_at: dict[int, Actor],
    ) -> list[_Candidate]:
        """ "China's foreign ministry", "South Korea's Ministry of Unification", "the Ministry
        of Foreign Affairs of Japan": the ministry as an organisation of that state."""
        found = []
        for token in doc:
            if token.lower_ != "ministry":
                continue
            words: list[str] = []
            index = token.i
            while (
                index > 0
                and index not in state_ending
                and doc[index - 1].is_alpha
                and doc[index - 1].pos_ in {"PROPN", "ADJ", "NOUN"}
            ):
                index -= 1
                words.insert(0, doc[index].text)
            end = token.i + 1
            if not words and end < len(doc) and doc[end].lower_ == "of":
                tail = end + 1
                while (
                    tail < len(doc)
                    and tail not in state_at
                    and doc[tail].is_alpha
                    and doc[tail].text[0].isupper()
                ):
                    tail += 1
                words = [doc[i].text for i in range(end + 1, tail)]
                if words and words[-1].lower() == "affairs":
                    words = words[:-1]
                end = tail
            if not words:
                continue
            pre = self._premodifier(doc, norms, index, state_ending)
            if pre is not None:
                start, country = pre
            elif end + 1 < len(doc) and doc[end].lower_ == "of" and end + 1 in state_at:
                state = state_at[end + 1]
                start, country = index, state.country or ""
                end += 1
                while end < len(doc) and state_at.get(end) is state:
                    end += 1
            else:
                continue
            found.append(_Candidate(start, end, 1, actor=self._ministry_actor(country, words)))
        return found

    def _ministry_actor(self, country: str, words: list[str]) -> Actor:
        """The knowledge base's ministry whose names hold these words, else one named
        "<State> <Words> Ministry"."""
        wanted = {normalize_alias(word) for word in words}
        for actor, names in self._orgs_by_country.get((country, "ministry"), ()):
            if wanted <= names:
                return actor
        label = " ".join(MINISTRY_WORD_SPELLING.get(w.lower(), w.capitalize()) for w in words)
        return Actor(
            name=f"{self._states[country].name} {label} Ministry",
            kind="organisation",
            country=country,
            code=_sector_code(country, None),
        )

    def _state_media(
        self, doc: Doc, norms: list[str], state_ending: dict[int, _Match]
    ) -> list[_Candidate]:
        """ "North Korean state media", "China's official news agency": the state's one
        state-media organisation when the knowledge base names exactly one (or one agency)."""
        found = []
        for after, match in state_ending.items():
            if after >= len(doc):
                continue
            first = after + 1 if doc[after].tag_ == "POS" else after
            text = ""
            for end in range(first, min(len(doc), first + 2 * STATE_MEDIA_MAX_WORDS)):
                if not norms[end].strip() and doc[end].text != "-":
                    break
                text += norms[end] + doc[end].whitespace_
                key = " ".join(text.split())
                if key in STATE_MEDIA_PHRASES:
                    country = self._state_keys[match.key].country or ""
                    actor = self._state_media_actor(country)
                    if actor is not None:
                        found.append(_Candidate(match.start, end + 1, 1, actor=actor))
                    break
        return found

    def _state_media_actor(self, country: str) -> Actor | None:
        outlets = self._orgs_by_country.get((country, "state_media"), [])
        if len(outlets) > 1:
            outlets = [(actor, names) for actor, names in outlets if "agency" in names]
        return outlets[0][0] if len(outlets) == 1 else None

    def _bare_titles(
        self,
        doc: Doc,
        norms: list[str],
        state_ending: dict[int, _Match],
        state_starting: dict[int, _Match],
        person_spans: list[tuple[int, int]],
    ) -> list[_Candidate]:
        """Titles standing for a person: "the North Korean leader", "China's president",
        "the president of France", "the premier". Plural and attributive titles ("world
        leaders", "leader talks") are not."""
        name_starts = {start for start, _ in person_spans}
        found = []
        for end in range(1, len(doc) + 1):
            head = doc[end - 1]
            if head.tag_ in {"NNS", "NNPS"} or head.dep_ in {"compound", "amod"}:
                continue
            if end in name_starts or (end < len(doc) and _starts_name(doc[end])):
                continue
            located = self._title_at(doc, norms, end)
            if located is None:
                continue
            title_start, title = located
            first, _ = _skip_modifiers(doc, norms, title_start)
            pre = self._premodifier(doc, norms, first, state_ending)
            if pre is not None:
                start, country = pre
                fallback = self._states.get(country)
                determined = (
                    start == 0
                    or doc[start - 1].lower_ == "the"
                    or any(doc[i].tag_ == "POS" for i in range(start, first))
                )
            else:
                start, country, fallback = title_start, None, None
                determined = first > 0 and doc[first - 1].lower_ == "the"
            stop = end
            after = state_starting.get(end + 1)
            if country is None and after is not None and doc[end].lower_ == "of":
                country = self._state_keys[after.key].country
                fallback = self._states.get(country or "")
                stop = after.end
            if not determined:
                continue
            found.append(
                _Candidate(
                    start,
                    stop,
                    2,
                    pending="title",
                    country=country,
                    title=title,
                    fallback=fallback,
                    anchor=_appositive_name(head),
                )
            )
        return found

    def _short_names(
        self, doc: Doc, norms: list[str], candidates: list[_Candidate]
    ) -> list[_Candidate]:
        """Single capitalized words that are the short form of a person named in the
        document, or a lone proper noun the knowledge base knows as a short form ("Putin said";
        NER often tags such a surname ORG, GPE or NORP, so those count too)."""
        doc_keys = {
            key
            for candidate in candidates
            if candidate.actor is not None and candidate.actor.kind == "person"
            for key in _short_forms(normalize_alias(candidate.actor.name), candidate.actor.country)
        }
        lone_words = {
            ent.start for ent in doc.ents if ent.label_ in SURNAME_LABELS and len(ent) == 1
        }
        # An untagged proper noun counts only standing alone: "Day" of "Victory Day" is no
        # surname.
        lone_words.update(
            token.i
            for token in doc
            if token.pos_ == "PROPN"
            and not token.ent_type_
            and not (token.i > 0 and _starts_name(doc[token.i - 1]))
            and not (token.i + 1 < len(doc) and _starts_name(doc[token.i + 1]))
        )
        longest = max((key.count(" ") + 1 for key in doc_keys), default=1)
        found = []
        for token in doc:
            if not _starts_name(token) or (token.is_upper and len(token) > 1):
                continue
            key = norms[token.i].strip()
            if key in doc_keys or (key in self._short_keys and token.i in lone_words):
                found.append(_Candidate(token.i, token.i + 1, 3, pending="surname", key=key))
            text = norms[token.i] + token.whitespace_
            for end in range(token.i + 1, min(len(doc), token.i + longest)):
                text += norms[end] + doc[end].whitespace_
                key = " ".join(text.split())
                if key in doc_keys:  # a particle surname: "von der Leyen", "bin Salman"
                    found.append(_Candidate(token.i, end + 1, 3, pending="surname", key=key))
        return found

    # -- resolving -----------------------------------------------------------------------

    def _resolve(
        self, doc: Doc, chosen: list[_Candidate], published: date | None
    ) -> list[ActorMention]:
        """Give every chosen candidate its actor, in passes: named persons, then unknown full
        names (shadows when nobody has them), then surnames, then bare titles. Each pass sees
        the persons the earlier ones found ("Ms. Harris, the vice president")."""
        actors = [candidate.actor for candidate in chosen]
        people = [
            self._doc_person(doc, candidate, candidate.actor, published)
            for candidate in chosen
            if candidate.actor is not None and candidate.actor.kind == "person"
        ]
        for pending in ("name", "surname", "title"):
            found = []
            for index, candidate in enumerate(chosen):
                if candidate.pending != pending:
                    continue
                actor = self._resolve_pending(candidate, doc, people, published)
                actors[index] = actor
                if actor is None and pending == "name":
                    # Someone not political the text names in full ("Kim Min-ji, a student"):
                    # a later "Kim" means them, so it must not reach a namesake.
                    shadow = _DocPerson(
                        None,
                        doc[candidate.start].idx,
                        doc[candidate.end - 1].idx,
                        set(),
                        _either_end(candidate.key),
                    )
                    found.append(shadow)
                elif actor is not None and actor.kind == "person":
                    found.append(self._doc_person(doc, candidate, actor, published))
            people = sorted(people + found, key=lambda person: person.start_char)
        mentions = []
        for candidate, actor in zip(chosen, actors, strict=True):
            if actor is not None:
                span = doc[candidate.start : candidate.end]
                mentions.append(ActorMention(actor, span.text, span.start_char, span.end_char))
        return mentions

    def _doc_person(
        self, doc: Doc, candidate: _Candidate, actor: Actor, published: date | None
    ) -> _DocPerson:
        """A person mention as later surnames and titles see it: where, which offices, which
        short forms."""
        if candidate.person is not None:
            categories = candidate.person.categories_on(published)
        else:
            category = self.office_category(actor.office)
            categories = {category} if category else set()
        return _DocPerson(
            actor,
            doc[candidate.start].idx,
            doc[candidate.end - 1].idx,
            categories,
            _short_forms(normalize_alias(actor.name), actor.country),
        )

    def _resolve_pending(
        self, candidate: _Candidate, doc: Doc, people: list[_DocPerson], published: date | None
    ) -> Actor | None:
        """Resolve a surname, a bare title or an unknown full name against the persons named
        in the document (nearest before it, else first after it), then the knowledge base.
        A shadow (an unknown non-political namesake) found first resolves to nobody."""
        at = doc[candidate.start].idx
        title = candidate.title
        wanted = TITLE_COMPATIBLE.get(title.category, (title.category,)) if title else None

        def fits(person: _DocPerson) -> bool:
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

        if candidate.anchor is not None:
            for person in people:
                if person.start_char <= candidate.anchor <= person.end_char:
                    return person.actor
        before = [person for person in people if person.start_char < at and fits(person)]
        if before:
            return before[-1].actor
        after = [person for person in people if person.start_char > at and fits(person)]
        if after:
            return after[0].actor
        if candidate.pending == "surname":
            actor = self._resolve_surname(candidate, doc, published)
            if actor is not None:
                return actor
        if candidate.pending == "title" and candidate.country and wanted:
            holder = self._holder(candidate.country, wanted, published)
            if holder is not None:
                return holder
        # Nobody found: the state of the premodifier ("Russia's" in "Russia's Ivanov") is
        # still mentioned.
        return candidate.fallback

    def _resolve_surname(
        self, candidate: _Candidate, doc: Doc, published: date | None
    ) -> Actor | None:
        """A surname nobody in the document carries: the one knowledge-base person with that
        short form (in the given country, holding the title's office) in office on the day."""
        pool = list(self._short_keys.get(candidate.key, ()))
        if candidate.country:
            pool = [person for person in pool if person.country == candidate.country]
        if candidate.title is not None:
            wanted = set(
                TITLE_COMPATIBLE.get(candidate.title.category, (candidate.title.category,))
            )
            # Older records often carry no office category; then the title cannot narrow.
            pool = [p for p in pool if p.categories_on(published) & wanted] or pool
        current = [person for person in pool if person.current_terms(published)]
        if len(current) == 1:
            return current[0].actor(published)
        if candidate.title is not None and candidate.country and not pool:
            name = doc[candidate.end - 1].text
            return Actor(
                name,
                "person",
                candidate.country,
                candidate.title.office,
                _sector_code(candidate.country, candidate.title.category),
            )
        return None


def _one_claim(isos: dict[str, bool]) -> str | None:
    """The state an alias names: the only one, or the only current one (Moscow is Russia's
    capital, not the Soviet Union's, in today's news); None when it stays ambiguous."""
    if len(isos) == 1:
        return next(iter(isos))
    current = [iso for iso, historical in isos.items() if not historical]
    return current[0] if len(current) == 1 else None


def _title_case_lines(doc: Doc) -> set[int]:
    """Token indices of title-case lines (headlines, "Kim Hosts China, Russia And Vietnam"),
    where NER reads capitalized verbs and nouns as parts of person names.

    A line is title case when it has at least three words of four letters or more, all
    capitalized, and does not end as a sentence does.
    """
    indices: set[int] = set()
    line: list[Token] = []
    for token in [*doc, None]:
        if token is not None and "\n" not in token.text:
            line.append(token)
            continue
        long_words = [t for t in line if t.is_alpha and len(t) >= 4]
        if (
            len(long_words) >= 3
            and all(t.text[0].isupper() for t in long_words)
            and line[-1].text not in {".", "!", "?", '"', "\u201d"}
        ):
            indices.update(t.i for t in line)
        line = []
    return indices


def _skip_modifiers(doc: Doc, norms: list[str], title_start: int) -> tuple[int, bool]:
    """Start of the modifiers before a title ("former", "then-", "acting") and whether one
    says the title is no longer held."""
    first = title_start
    past = False
    while first > 0:
        word = norms[first - 1].strip()
        if word in TITLE_MODIFIERS:
            past = past or word in PAST_MODIFIERS
            first -= 1
        elif not word and doc[first - 1].text == "-" and first > 1:
            first -= 1  # the hyphen of "then-President"
        else:
            break
    return first, past


def _inside_named_things(doc: Doc) -> dict[int, tuple[tuple[int, int], str]]:
    """Token index -> token span and label of the named thing (organisation, facility, event,
    work, region) it is in, without a leading "the".

    A capital inside such a name ("Seoul National University") and a state inside a region
    ("the South China Sea", "Latin America") are parts of a name, not the state; a name that
    is the whole entity ("the Kremlin" tagged ORG) still stands for it.
    """
    spans: dict[int, tuple[tuple[int, int], str]] = {}
    for ent in doc.ents:
        if ent.label_ in NAMED_THING_LABELS or ent.label_ == "LOC":
            start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
            for index in range(start, ent.end):
                spans[index] = ((start, ent.end), ent.label_)
    return spans


def _appositive_name(head: Token) -> int | None:
    """Char offset of a proper name in apposition with a title's head noun, if any."""
    related = [child for child in head.children if child.dep_ == "appos"]
    if head.dep_ == "appos":
        related.append(head.head)
    for token in related:
        if token.pos_ == "PROPN" and token.ent_type_ == "PERSON":
            return token.idx
    return None


def _after_indefinite_article(doc: Doc, start: int, end: int) -> bool:
    """Whether a name heads a phrase after "a"/"an" and at most three modifiers ("a united Korea
    allied with the US", "a more assertive China"): such a phrase describes a possible state of
    a country, not the state that acts. A name modifying a noun ("a Brazilian delegation", "a
    China policy") is not such a head."""
    if doc[end - 1].dep_ in {"compound", "amod", "nmod", "poss", "npadvmod"}:
        return False
    index = start - 1
    for _ in range(4):
        if index < 0:
            return False
        token = doc[index]
        if token.lower_ in {"a", "an"}:
            return True
        if not (token.pos_ in {"ADJ", "ADV", "VERB"} or token.text in {"-", "\u2010"}):
            return False
        index -= 1
    return False


def _is_sentence_gerund(token: Token) -> bool:
    """Whether a capitalized word is an -ing form that opens its sentence ("Hosting Trump there
    would ...", "Meeting Putin, Xi said"): NER reads it as a first name, but given names do
    not end so, and the capital comes from the sentence start."""
    return (
        token.is_sent_start
        and token.is_alpha
        and len(token.text) > 5
        and token.text[1:].islower()
        and token.lower_.endswith("ing")
    )


def _starts_name(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper()


def _name_run_end(doc: Doc, start: int, stops: set[int], max_words: int = 4) -> int:
    """End of the capitalized name starting at `start`; hyphen-joined parts ("Jae-myung")
    stay in one word, and a verb or a known alias ("Visits", "Pyongyang" in a title-case
    headline) ends it."""
    end = start + 1
    words = 1
    while end < len(doc):
        token = doc[end]
        if (
            token.text == "-"
            and not doc[end - 1].whitespace_
            and not token.whitespace_
            and end + 1 < len(doc)
            and doc[end + 1].is_alpha
        ):
            end += 2
            continue
        if (
            words < max_words
            and _starts_name(token)
            and doc[end - 1].whitespace_
            and end not in stops
            and token.pos_ != "VERB"
        ):
            end += 1
            words += 1
            continue
        break
    return end


def _settle_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
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


@functools.lru_cache(maxsize=1)
def _default_resolver() -> ActorResolver:
    resolver = ActorResolver.from_kb_dir(KB_DIR)
    logger.info("actor knowledge base loaded from %s", KB_DIR)
    return resolver
