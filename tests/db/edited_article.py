"""An invented news article and its edited version, for the tests of keys that last.

Version 1 reports five events, one per sentence. The edit rewrites the last paragraph only:
the praise is restated with where it was said (that event changes: a location and a second
evidence sentence), the criticism is gone (that event is removed) and an invitation is new
(that event is inserted). The first three paragraphs, and their three events, are untouched.
"""

from __future__ import annotations

import datetime as dt

from pipeline.model import (
    Actor,
    Article,
    Event,
    Evidence,
    ExtractionResult,
    Location,
    Participant,
    TimeValue,
)

URL = "https://wire.example/2024/03/vaara-visit"
VAARA = Actor("Sanni Vaara", "person", "FIN", "Foreign Minister")
QUINTELA = Actor("Rafael Quintela", "person", "URY", "President")
FINLAND = Actor("Finland", "state", "FIN")
URUGUAY = Actor("Uruguay", "state", "URY")

ARRIVAL = "Finnish Foreign Minister Sanni Vaara arrived in Uruguay on Monday."
TALKS = "Vaara met President Rafael Quintela on Tuesday."
ACCORD = "The two governments signed a fisheries accord on Tuesday."
PRAISE = "Quintela praised the accord."
VENUE = "He spoke at the harbour of Punta Clara."
CRITICISM = "Vaara criticised the slow pace of talks on quotas."
INVITATION = "Vaara invited Quintela to Helsinki in May."

UNCHANGED = ("arrival", "talks", "accord")
CHANGED, REMOVED, ADDED = "praise", "criticism", "invitation"


def _day(day: int) -> TimeValue:
    date = dt.date(2024, 3, day)
    return TimeValue(date.isoformat(), "day", date, date, text="on Monday")


MAY = TimeValue("2024-05", "month", dt.date(2024, 5, 1), dt.date(2024, 5, 31), text="in May")
UNDATED = TimeValue(value=None, precision="unknown", method="none")


def _event(
    text: str,
    code: str,
    participants: list[tuple[Actor, str]],
    date: TimeValue,
    sentences: list[str],
    location: Location | None = None,
) -> Event:
    """An event stated by `sentences` of `text`, with their offsets."""
    evidence = [
        Evidence(s, text.index(s), text.index(s) + len(s), trigger=s.split()[1]) for s in sentences
    ]
    return Event(
        code=code,
        participants=[Participant(actor, role) for actor, role in participants],
        date=date,
        location=location,
        evidence=evidence,
    )


def version(number: int) -> tuple[ExtractionResult, dict[str, Event]]:
    """Return version 1 or 2 of the article, and its events by name."""
    last = f"{PRAISE} {CRITICISM}" if number == 1 else f"{PRAISE} {VENUE} {INVITATION}"
    text = "\n\n".join([ARRIVAL, TALKS, ACCORD, last])
    events = {
        "arrival": _event(
            text, "042", [(VAARA, "source"), (URUGUAY, "target")], _day(4), [ARRIVAL]
        ),
        "talks": _event(
            text, "040", [(VAARA, "source"), (QUINTELA, "target")], _day(5), [TALKS]
        ),
        "accord": _event(
            text, "057", [(FINLAND, "participant"), (URUGUAY, "participant")], _day(5), [ACCORD]
        ),
    }
    if number == 1:
        events["praise"] = _event(text, "051", [(QUINTELA, "source")], UNDATED, [PRAISE])
        events["criticism"] = _event(
            text, "111", [(VAARA, "source"), (URUGUAY, "target")], UNDATED, [CRITICISM]
        )
    else:
        events["praise"] = _event(
            text, "051", [(QUINTELA, "source")], UNDATED, [PRAISE, VENUE],
            location=Location("Punta Clara", "URY"),
        )
        events["invitation"] = _event(
            text, "036", [(VAARA, "source"), (QUINTELA, "target")], MAY, [INVITATION]
        )
    article = Article(
        document="vaara-visit.html",
        text=text,
        url=URL,
        title="Finnish minister visits Uruguay",
        source="Example Wire",
        published=dt.date(2024, 3, 6),
        published_from="metadata",
    )
    return ExtractionResult(article, list(events.values()), "1.0", []), events
