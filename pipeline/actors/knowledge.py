"""The knowledge index: states, organisations, persons and titles of the knowledge base, keyed
by the folded aliases a text names them by, and the lookups the finders and resolvers make."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date

from pipeline.actors.persons import Person, Term, short_forms, without_initials
from pipeline.kb import CountryRecord, OrganisationRecord, PersonRecord, TitleRecord
from pipeline.model import Actor
from pipeline.names import normalize_alias

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Alias key -> {iso3: historical}: the states that claim an alias.
Claims = dict[str, dict[str, bool]]


class KnowledgeIndex:
    """Alias tables over knowledge records (see `pipeline.kb`).

    `leaders` are the curated office terms since 2018, `persons` the older Phoenix list.
    Leaders come first: a Phoenix record of the same person only adds office terms.
    """

    def __init__(
        self,
        countries: Iterable[CountryRecord],
        organisations: Iterable[OrganisationRecord],
        leaders: Iterable[PersonRecord],
        persons: Iterable[PersonRecord],
        titles: Iterable[TitleRecord],
    ) -> None:
        self.titles: dict[str, TitleRecord] = {}
        self.title_first_words: dict[str, int] = {}
        self.title_words: set[str] = set()
        # Alias key -> targets, one dict per kind; a key may be known to several kinds.
        self.state_keys: dict[str, Actor] = {}
        # Aliases several current states share ("Congo", "Korean"): the document decides.
        self.shared_state_keys: dict[str, tuple[str, ...]] = {}
        self.place_keys: dict[str, str] = {}
        self.org_keys: dict[str, Actor] = {}
        # Persons per key in insertion order (dicts as ordered sets: loading stays linear).
        self.person_keys: dict[str, dict[Person, None]] = {}
        self.short_keys: dict[str, dict[Person, None]] = {}
        self.states: dict[str, Actor] = {}
        self.capitals: dict[str, str] = {}
        # Parliamentary republics: their head of government leads them.
        self.government_led: set[str] = set()
        self.orgs_by_country: dict[tuple[str, str], list[tuple[Actor, set[str]]]] = {}
        self.persons_by_country: dict[str, list[Person]] = {}
        self.persons_by_name: dict[tuple[str, str | None], Person] = {}
        self.mixed_case_keys: set[str] = set()
        self.metonym_keys: set[str] = set()  # capitals and seats of power, not state names
        self.demonym_keys: set[str] = set()  # "Argentine", "Frenchman": a state's people
        # First word of an alias -> the most words an alias starting with it has.
        self.first_words: dict[str, int] = {}
        self._office_categories: dict[str, str | None] = {}
        self._build_titles(titles)
        self._build_states(countries)
        self._build_organisations(organisations)
        self._build_persons(leaders, from_leaders=True)
        self._build_persons(persons, from_leaders=False)

    # -- building ------------------------------------------------------------------------

    def _build_titles(self, titles: Iterable[TitleRecord]) -> None:
        for title in titles:
            key = normalize_alias(title.title)
            self.titles.setdefault(key, title)
            words = key.split()
            first = words[0]
            self.title_first_words[first] = max(self.title_first_words.get(first, 0), len(words))
            self.title_words.update(words)

    def _register(self, text: str, key: str | None = None) -> str:
        """Record an alias's key for the matcher: its first word, length and letter case."""
        key = normalize_alias(text) if key is None else key
        if not key:
            return key
        first = key.partition(" ")[0]
        length = key.count(" ") + 1
        if length > self.first_words.get(first, 0):
            self.first_words[first] = length
        if text != text.upper():
            self.mixed_case_keys.add(key)
        return key

    def _build_states(self, countries: Iterable[CountryRecord]) -> None:
        claims: Claims = {}
        place_claims: Claims = {}
        for record in countries:
            actor = Actor(name=record.name, kind="state", country=record.iso3, code=record.iso3)
            self.states[record.iso3] = actor
            if record.capital and not record.historical:
                self.capitals[record.iso3] = record.capital
            if record.government_leads:
                self.government_led.add(record.iso3)
            self._claim_aliases(record, claims, place_claims)
        for key, iso in _settle_claims(claims).items():
            self.state_keys[key] = self.states[iso]
        for key, isos in claims.items():
            current = tuple(iso for iso, historical in isos.items() if not historical)
            if key not in self.state_keys and len(current) > 1:
                self.shared_state_keys[key] = current
        self.place_keys.update(_settle_claims(place_claims))

    def _claim_aliases(self, record: CountryRecord, claims: Claims, place_claims: Claims) -> None:
        """Record the aliases a country claims: names, demonyms and places for the state, places
        for `country_of_place`; a capital or seat of power that is no name is a metonym."""
        places = (record.name, *record.aliases)
        if not record.historical:
            # A dissolved state's capital is a city of today ("Aden", "Salisbury", "Saigon"),
            # not that state; its names alone still name it ("the Soviet Union").
            places += (*record.metonyms, *((record.capital,) if record.capital else ()))
        for text in (*places, *record.demonyms):
            key = self._register(text)
            if key:
                claims.setdefault(key, {})[record.iso3] = record.historical
        self.demonym_keys.update(normalize_alias(text) for text in record.demonyms)
        for text in places:
            key = normalize_alias(text)
            if key:
                place_claims.setdefault(key, {})[record.iso3] = record.historical
        names = {normalize_alias(text) for text in (record.name, *record.aliases, *record.demonyms)}
        for text in places:
            key = normalize_alias(text)
            if key and key not in names:
                self.metonym_keys.add(key)

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
                    self.org_keys.setdefault(key, actor)
            if record.country and record.category:
                words = {word for key in keys for word in key.split()}
                self.orgs_by_country.setdefault((record.country, record.category), []).append(
                    (actor, words)
                )

    def _build_persons(self, records: Iterable[PersonRecord], *, from_leaders: bool) -> None:
        """Index persons by full names (matched in text) and short forms (surnames and
        single-word aliases, resolved in context); rows of one person merge into one entry."""
        for record in records:
            name_key = normalize_alias(record.name)
            if not name_key:
                continue
            aliases = self._person_aliases(record, name_key)
            person = self._person_entry(record, name_key, from_leaders)
            category = self.office_category(record.office)
            person.terms.append(
                Term(record.office, category, record.code, record.start, record.end)
            )
            self._index_person(person, aliases)
            for key in short_forms(name_key, record.country):
                self.short_keys.setdefault(key, {})[person] = None

    def _person_aliases(self, record: PersonRecord, name_key: str) -> list[tuple[str, str]]:
        """A person row's aliases as (text, key): the name, the aliases that are no title plus
        a name, and the name without middle initials."""
        aliases = [(record.name, name_key)]
        for text in record.aliases:
            key = normalize_alias(text)
            if key and not self._starts_with_title(key):
                aliases.append((text, key))
        if name_key.count(" ") >= 2:
            plain = without_initials(name_key)
            if plain != name_key:
                aliases.append((record.name, plain))
        return aliases

    def _person_entry(self, record: PersonRecord, name_key: str, from_leaders: bool) -> Person:
        """The person a row is about, created on its first row."""
        # Rows merge on the canonical name only: namesakes share aliases (a father's name
        # given as an alias of his son), and merging on one would mix their offices.
        country = record.country
        person = self.persons_by_name.get((name_key, country))
        if person is None:
            person = Person(record.name, country, from_leaders=from_leaders)
            self.persons_by_name[(name_key, country)] = person
            if country:
                self.persons_by_country.setdefault(country, []).append(person)
        return person

    def _index_person(self, person: Person, aliases: list[tuple[str, str]]) -> None:
        """Full names go to the matcher's keys, single words to the short forms."""
        for text, key in aliases:
            if " " in key:
                self._register(text, key)
                self.person_keys.setdefault(key, {})[person] = None
            else:
                self.short_keys.setdefault(key, {})[person] = None

    def _starts_with_title(self, key: str) -> bool:
        """Whether an alias is a title plus a name ("president xi jinping"): the title reader
        handles those, and keeping them would hide the title's country premodifier."""
        words = key.split()
        for length in range(1, min(len(words) - 1, self.title_first_words.get(words[0], 0)) + 1):
            if " ".join(words[:length]) in self.titles:
                return True
        return False

    # -- lookups -------------------------------------------------------------------------

    def is_alias(self, key: str) -> bool:
        return (
            key in self.state_keys
            or key in self.org_keys
            or key in self.person_keys
            or key in self.shared_state_keys
        )

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
            longest = min(self.title_first_words.get(word, 0), len(words) - start)
            for length in range(longest, 0, -1):
                title = self.titles.get(" ".join(words[start : start + length]))
                if title and length > best_len:
                    best, best_len = title, length
                    break
        category = best.category if best else None
        self._office_categories[office] = category
        return category

    def canonical(self, name: str) -> Actor | None:
        """The actor a name or alias stands for, or None when the knowledge base lacks it.

        States win over organisations and organisations over persons when an alias is shared;
        a person carries the office without an end date (their current one).
        """
        key = _without_article(normalize_alias(name))
        if key in self.state_keys:
            return self.state_keys[key]
        if key in self.org_keys:
            return self.org_keys[key]
        persons = self.person_keys.get(key)
        if persons:
            return self.pick_person(list(persons), None, None).actor(None)
        return None

    def country_of_place(self, name: str) -> str | None:
        """ISO-3 code of a country, capital or seat of power ("Pyongyang", "the Kremlin"),
        else None."""
        return self.place_keys.get(_without_article(normalize_alias(name)))

    def is_metonym(self, name: str) -> bool:
        """Return True for a capital or seat of power ("the Kremlin"), not a country's name."""
        return _without_article(normalize_alias(name)) in self.metonym_keys

    def pick_person(
        self, persons: Sequence[Person], country: str | None, day: date | None
    ) -> Person:
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

    def holder(self, country: str, categories: Sequence[str], day: date | None) -> Actor | None:
        """The person holding an office of one of `categories` in `country` on `day`; of
        several, the one whose category comes first, then the one appointed last (an older
        record may lack the end of a predecessor's term). Where the head of government leads
        the state, it comes before the head of state ("the German leader" is the chancellor)."""
        if country in self.government_led:
            categories = _government_first(categories)
        best: tuple[int, int, Person] | None = None
        for person in self.persons_by_country.get(country, ()):
            for term in person.current_terms(day):
                if term.category in categories:
                    rank = categories.index(term.category)
                    start = term.start.toordinal() if term.start else 0
                    if best is None or (rank, -start) < best[:2]:
                        best = (rank, -start, person)
        return best[2].actor(day) if best else None


def _government_first(categories: Sequence[str]) -> tuple[str, ...]:
    """`categories` with the head of government moved just before the head of state."""
    if "head_of_state" not in categories or "head_of_government" not in categories:
        return tuple(categories)
    others = [category for category in categories if category != "head_of_government"]
    at = others.index("head_of_state")
    return (*others[:at], "head_of_government", *others[at:])


def _settle_claims(claims: Claims) -> dict[str, str]:
    """Alias key -> the state it names, for the aliases one state claims (see `_one_claim`)."""
    settled: dict[str, str] = {}
    for key, isos in claims.items():
        iso = _one_claim(isos)
        if iso is None:
            logger.debug("alias %r names several states; left out", key)
        else:
            settled[key] = iso
    return settled


def _one_claim(isos: dict[str, bool]) -> str | None:
    """The state an alias names: the only one, or the only current one (Moscow is Russia's
    capital, not the Soviet Union's, in today's news); None when it stays ambiguous."""
    if len(isos) == 1:
        return next(iter(isos))
    current = [iso for iso, historical in isos.items() if not historical]
    return current[0] if len(current) == 1 else None


def _without_article(key: str) -> str:
    """A name key without its leading "the" ("the kremlin" -> "kremlin")."""
    return key[4:] if key.startswith("the ") else key
