"""The plain data that flows through the pipeline: articles in, events out.

Nothing here knows about spaCy, databases or Prefect; every stage of `pipeline` takes and
returns these dataclasses, and `db.store` maps them to rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ActorKind = Literal["person", "state", "organisation", "group"]
Role = Literal["source", "target", "host", "visitor", "attendee", "participant"]
Modality = Literal["asserted", "planned", "hypothetical", "negated"]
# How precise a date is; "unknown" when only the fact that something happened is known.
Precision = Literal[
    "day", "week", "month", "quarter", "season", "year", "decade", "century", "ref", "unknown"
]
# How an event's date was found.
# How finely a location is placed: a named site in a known city (the point is the city's), a
# city, a first-level region (its largest city's point), a country (its capital's point).
PlacePrecision = Literal["venue", "city", "region", "country"]
DateMethod = Literal["explicit", "relative", "inherited", "publication", "none"]
# Where an article's publication date came from.
PublishedFrom = Literal["metadata", "html", "dateline", "url"]


@dataclass(frozen=True)
class RawArticle:
    """One article as a source delivers it, before any cleaning.

    document: a stable id for the article within its source (the file name for a folder).
    content: the bytes or text as read; decoding and cleaning happen in `pipeline.clean`.
    """

    document: str
    content: bytes | str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: date | None = None
    published_from: PublishedFrom | None = None
    content_type: Literal["text", "html"] | None = None


@dataclass(frozen=True)
class Article:
    """A cleaned article: the text events are extracted from, with its metadata."""

    document: str
    text: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: date | None = None
    published_from: PublishedFrom | None = None
    language: str = "en"

    @property
    def content_hash(self) -> str:
        """SHA-256 of the cleaned text: the article's natural key."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TimeValue:
    """A normalized time: a TIMEX3-style value and the date range it covers.

    value: "2025-09-03", "2025-W36", "2025-09", "2025-Q3", "2025-SU", "2025", "198" (decade),
        "19" (century), "PRESENT_REF" ...; None when the time is unknown.
    start, end: the first and last day the value covers (None for references and unknowns).
    """

    value: str | None
    precision: Precision
    start: date | None = None
    end: date | None = None
    text: str | None = None
    method: DateMethod = "explicit"


UNKNOWN_TIME = TimeValue(value=None, precision="unknown", method="none")


@dataclass(frozen=True)
class Actor:
    """A canonical participant: one per real person, state or organisation."""

    name: str
    kind: ActorKind
    country: str | None = None  # ISO 3166-1 alpha-3, historical codes allowed (SUN, YUG)
    office: str | None = None  # for persons: "President", "Foreign Minister" ...
    code: str | None = None  # CAMEO actor code when known, e.g. "CHNGOV"


@dataclass(frozen=True)
class ActorMention:
    """A stretch of the article text that names (or stands for) an actor."""

    actor: Actor
    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class TimexMention:
    """A temporal expression found in the article text and its normalized value."""

    text: str
    start_char: int
    end_char: int
    value: TimeValue


@dataclass(frozen=True)
class Participant:
    actor: Actor
    role: Role


@dataclass(frozen=True)
class Location:
    """Where an event happened, as the text names it, and where the gazetteer puts it.

    region: ISO 3166-2 code of the first-level region ("CN-GD"), when known.
    precision: what the point stands for; None when the gazetteer does not know the place.
    """

    name: str
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    region: str | None = None
    precision: PlacePrecision | None = None


@dataclass(frozen=True)
class Evidence:
    """One sentence that states the event, with its character offsets in the article text."""

    sentence: str
    start_char: int
    end_char: int
    trigger: str | None = None


@dataclass
class Event:
    """One real happening reported by one article."""

    code: str  # CAMEO event code, e.g. "042"
    participants: list[Participant]
    date: TimeValue = UNKNOWN_TIME
    location: Location | None = None
    modality: Modality = "asserted"
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass
class ExtractionResult:
    """Everything extracted from one article by one extractor version."""

    article: Article
    events: list[Event]
    extractor_version: str
    mentions: list[ActorMention] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleError:
    """Why an article could not be processed; stored in the errors table, never raised."""

    document: str
    stage: Literal["read", "fetch", "decode", "clean", "extract", "store"]
    message: str
    url: str | None = None
