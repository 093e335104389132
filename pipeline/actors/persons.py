"""Persons of the knowledge base: the offices each held and when, the actor a person carries
on a day, and the forms of a name a text uses (a surname after the full name, no initials)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from pipeline.actors.words import (
    FAMILY_NAME_FIRST,
    GIVEN_NAME_SHORT_FORM,
    NAME_PARTICLES,
    OFFICE_RANK,
)
from pipeline.model import Actor


class Term(NamedTuple):
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
class Person:
    """A person known to the knowledge base, with every office term found for them."""

    name: str
    country: str | None
    terms: list[Term] = field(default_factory=list)
    from_leaders: bool = False

    def current_terms(self, day: date | None) -> list[Term]:
        """Terms held on `day`; with no day, the terms without an end."""
        if day is None:
            return [term for term in self.terms if term.end is None]
        return [term for term in self.terms if term.valid_on(day)]

    def term_on(self, day: date | None) -> Term | None:
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
        code = (term.code if term else None) or sector_code(self.country, category)
        return Actor(name=self.name, kind="person", country=self.country, office=office, code=code)


def sector_code(country: str | None, category: str | None) -> str | None:
    """CAMEO actor code of a state official: the country plus MIL or GOV."""
    if not country:
        return None
    return country + ("MIL" if category == "military" else "GOV")


def short_forms(name_key: str, country: str | None) -> set[str]:
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


def either_end(name_key: str) -> set[str]:
    """Both ends of a name whose naming order is unknown (a person outside the KB)."""
    words = name_key.split()
    return {words[0], words[-1]} if words else set()


def without_initials(name_key: str) -> str:
    """A full name without its middle initials ("richard m nixon" -> "richard nixon"): the
    form news text mostly uses."""
    words = name_key.split(" ")
    if len(words) < 3:
        return name_key
    kept = [words[0], *(word for word in words[1:-1] if len(word) > 1), words[-1]]
    return " ".join(kept) if len(kept) >= 2 else name_key
