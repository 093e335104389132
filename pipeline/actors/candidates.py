"""What the finders share and hand on: the scanned doc, alias matches and candidate mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from pipeline.actors.knowledge import KnowledgeIndex
from pipeline.actors.persons import Person
from pipeline.kb import TitleRecord
from pipeline.model import Actor


@dataclass(frozen=True)
class Match:
    """A knowledge-base alias found in the doc, over tokens [start, end)."""

    start: int
    end: int
    key: str


@dataclass
class Candidate:
    """A possible mention over tokens [start, end); resolved after overlaps are settled.

    priority breaks ties between overlapping candidates of the same length: -1 a state whose
    office holder a plural title names ("the presidents of X and Y"), 0 a knowledge-base or
    titled name, 1 a ministry or state-media phrase, 2 a bare title or unknown full name,
    3 a surname.

    pending says how an unresolved candidate finds its actor: "name" (a full name named
    elsewhere in the document), "surname" or "title" (see `pipeline.actors.resolve`).
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
    person: Person | None = None
    anchor: int | None = None  # char offset of a name the title is in apposition with


@dataclass
class DocScan:
    """A parsed doc as the finders read it, with the knowledge index and publication date.

    norms: each token's folded text. The alias reader fills in where the states it matched
    are (`state_at`: token -> state; `state_ending`, `state_starting`: the first state match
    ending or starting at a token) and where an organisation without a country ends
    (`international_ending`: its end token -> its start token) and where a national body
    (a ministry, an agency) ends (`national_ending`: end token -> (start token, country)).
    """

    doc: Doc
    norms: list[str]
    kb: KnowledgeIndex
    published: date | None
    state_at: dict[int, Actor] = field(default_factory=dict)
    state_ending: dict[int, Match] = field(default_factory=dict)
    state_starting: dict[int, Match] = field(default_factory=dict)
    international_ending: dict[int, int] = field(default_factory=dict)
    national_ending: dict[int, tuple[int, str]] = field(default_factory=dict)
    shared: list[Match] = field(default_factory=list)  # aliases several states share

    def add_state(self, match: Match, actor: Actor) -> None:
        """Record a state named over the tokens of `match`."""
        self.state_ending.setdefault(match.end, match)
        self.state_starting.setdefault(match.start, match)
        for index in range(match.start, match.end):
            self.state_at[index] = actor

    def country_of(self, match: Match) -> str | None:
        """The country of the state a match names."""
        # A shared alias ("Congolese") is the state the document decided for (`add_state`).
        actor = self.kb.state_keys.get(match.key) or self.state_at.get(match.start)
        return actor.country if actor else None
