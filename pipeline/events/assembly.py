"""Event assembly: what a trigger is read against, and the event it makes.

Shared by verb and noun triggers: the article's context, the candidate event of one trigger
(with its further places and party sets), its date, dated modality and evidence sentence.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.events.mentions import MentionIndex
from pipeline.events.places import PlaceResolver, visited_host_country
from pipeline.events.words import ENCOUNTER_ROOT
from pipeline.model import (
    Article,
    Event,
    Evidence,
    Location,
    Modality,
    Participant,
    TimeValue,
    TimexMention,
)
from pipeline.timex import event_date


@dataclass(frozen=True)
class Context:
    """What every trigger of one article is read against."""

    index: MentionIndex
    timexes: list[TimexMention]
    article: Article
    resolver: PlaceResolver | None


@dataclass
class Candidate:
    """The event of one trigger, and the further events a plural trigger stands for."""

    event: Event
    statement: bool = False  # a bare reporting verb: kept only when nothing better is there
    places: list[Location] = field(default_factory=list)  # one more event at each of these
    # Participants of further events of a plural trigger ("the X-Y and X-Z summits").
    parties: list[list[Participant]] = field(default_factory=list)

    def events(self) -> list[Event]:
        """Return the event, and a copy of it at each further coordinated place or with each
        further coordinated set of parties."""
        copies = [{"location": place} for place in self.places]
        copies += [{"participants": parties} for parties in self.parties]
        out = [self.event]
        for change in copies:
            fields = {
                "participants": list(self.event.participants),
                "evidence": list(self.event.evidence),
                **change,
            }
            out.append(dataclasses.replace(self.event, **fields))
        return out


def _dated_modality(modality: Modality, when: TimeValue, article: Article) -> Modality:
    """An act dated after the publication date cannot have happened yet: it is planned."""
    if (
        modality == "asserted"
        and when.start is not None
        and article.published is not None
        and when.method != "publication"
        and when.start > article.published
    ):
        return "planned"
    return modality


def _evidence(trigger: Token, index: MentionIndex) -> Evidence:
    """Return the trigger's sentence, cut to the trigger's line when the parser ran on over a
    line break (a headline or caption glued to the sentence)."""
    line = index.line_of[trigger.i]
    tokens = [t for t in trigger.sent if index.line_of[t.i] == line and not t.is_space]
    span = trigger.doc[tokens[0].i : tokens[-1].i + 1]
    return Evidence(span.text, span.start_char, span.end_char, trigger=trigger.text)


def build_event(
    trigger: Token,
    code: str,
    participants: list[Participant],
    location: Location | None,
    modality: Modality,
    context: Context,
    dated_by: Token | None = None,
) -> Event:
    """Return the event of a trigger, dated by `dated_by` or else the trigger itself, and
    remember it for a later "both sides", an unsaid target or a "the talks" that refers back."""
    index = context.index
    if location is None and code.startswith(ENCOUNTER_ROOT):
        location = visited_host_country(trigger, participants, context.resolver, index)
    when = event_date(dated_by or trigger, context.timexes, context.article.published)
    event = Event(
        code=code,
        participants=participants,
        date=when,
        location=location,
        modality=_dated_modality(modality, when, context.article),
        evidence=[_evidence(trigger, index)],
    )
    index.remember(trigger, event)
    return event
