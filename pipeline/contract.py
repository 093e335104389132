"""The JSON form of an event: the contract every export carries (see README, "Event contract").

Required fields: document, code, actors [{name, country}], date, location, modality, evidence.
The rest are documented extras that consumers may ignore. No spaCy here: the database's
exports (`db.queries`) build the same form from stored rows.
"""

from __future__ import annotations

from typing import Any

from pipeline import EXTRACTOR_VERSION
from pipeline.cameo import lookup
from pipeline.model import Article, Event, TimeValue

# Characters of a TIMEX value kept in the contract, by precision; the rest have no contract form.
_CONTRACT_LENGTH = {"day": 10, "week": 8, "month": 7, "quarter": 4, "season": 4, "year": 4}


def contract_date(value: TimeValue) -> str | None:
    """The event-contract form of a time: `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM` or `YYYY`.

    Quarters and seasons become their year (the closest coarser contract form); decades,
    centuries, references and unknowns have none and give None.
    """
    length = _CONTRACT_LENGTH.get(value.precision)
    if value.value is None or length is None:
        return None
    return value.value[:length]


def to_contract(event: Event, article: Article) -> dict[str, Any]:
    """Return the event-contract dict of one extracted event."""
    cameo = lookup(event.code)
    first = event.evidence[0] if event.evidence else None
    place = event.location
    return {
        "document": article.document,
        "code": event.code,
        "actors": [
            {"name": p.actor.name, "country": p.actor.country} for p in event.participants
        ],
        "date": contract_date(event.date),
        "location": place.name if place else None,
        "modality": event.modality,
        "evidence": first.sentence if first else None,
        # extras
        "root": event.root,
        "cameo_name": cameo.name if cameo else None,
        "quad_class": cameo.quad_class if cameo else None,
        "goldstein": cameo.goldstein if cameo else None,
        "participants": [
            {
                "name": p.actor.name,
                "country": p.actor.country,
                "kind": p.actor.kind,
                "office": p.actor.office,
                "role": p.role,
            }
            for p in event.participants
        ],
        "date_value": event.date.value,
        "date_precision": event.date.precision,
        "date_method": event.date.method,
        "date_text": event.date.text,
        "date_start": event.date.start.isoformat() if event.date.start else None,
        "date_end": event.date.end.isoformat() if event.date.end else None,
        "location_country": place.country if place else None,
        "location_region": place.region if place else None,
        "location_precision": place.precision if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "evidence_spans": [
            {"sentence": e.sentence, "start_char": e.start_char, "end_char": e.end_char,
             "trigger": e.trigger}
            for e in event.evidence
        ],
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "extractor_version": EXTRACTOR_VERSION,
    }
