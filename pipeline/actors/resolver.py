"""`ActorResolver`, the actor stage's entry point: a knowledge index, the finders, the resolver."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from pipeline.actors.find import find_candidates
from pipeline.actors.knowledge import KnowledgeIndex
from pipeline.actors.resolve import resolve
from pipeline.geocode import geocode
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
from pipeline.model import Actor, ActorMention, Location

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())


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
        self._kb = KnowledgeIndex(countries, organisations, leaders, persons, titles)

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

    def find_mentions(self, doc: Doc, published: date | None = None) -> list[ActorMention]:
        """Return every stretch of `doc.text` that names or stands for an actor, in text order.

        doc (Doc): a parsed article (NER and dependency parse are read).
        published (date | None): publication date; picks the office valid on that day and the
            office holder a bare title ("the Chinese president") refers to.
        RETURNS (list[ActorMention]): non-overlapping mentions with char offsets into doc.text.
        """
        chosen = find_candidates(self._kb, doc, published)
        return resolve(self._kb, doc, chosen, published)

    def canonical(self, name: str) -> Actor | None:
        """Return the actor a name or alias stands for, or None when the knowledge base lacks it.

        States win over organisations and organisations over persons when an alias is shared;
        a person carries the office without an end date (their current one).
        """
        return self._kb.canonical(name)

    def country_of_place(self, name: str) -> str | None:
        """ISO-3 code of a country, capital or seat of power ("Pyongyang", "the Kremlin"),
        else None."""
        return self._kb.country_of_place(name)

    def locate(self, name: str) -> Location | None:
        """Return a place name as a location with its country, point, region and precision
        (`pipeline.geocode`); None when neither the knowledge base nor the gazetteer knows it."""
        return geocode(name, self._kb)

    def capital(self, country: str) -> Location | None:
        """Return the capital of an ISO-3 country code as a location, or None."""
        name = self._kb.capitals.get(country)
        return self.locate(name) if name else None

    def state(self, country: str) -> Actor | None:
        """Return the state actor of an ISO-3 country code, or None when it is unknown."""
        return self._kb.states.get(country)

    def office_category(self, office: str | None) -> str | None:
        """Category of an office string by the longest title it contains ("President of the
        State Affairs Commission" -> head_of_state); None when no title is found."""
        return self._kb.office_category(office)


@functools.lru_cache(maxsize=1)
def _default_resolver() -> ActorResolver:
    resolver = ActorResolver.from_kb_dir(KB_DIR)
    logger.info("actor knowledge base loaded from %s", KB_DIR)
    return resolver
