"""Why extracted events differ from the gold: every error given one cause, counted by cause.

Progress on the extractor is measured, not guessed: a missed event is a missed trigger, a
wrong CAMEO root (the sentence gave an event of another kind) or a misattribution (the
sentence gave an event of the right kind between other parties); a matched event can still
lack or add participants, or have the wrong date, place, modality or detailed code; an
unmatched prediction is a duplicate of a found event or spurious. Sentences are compared
through the evidence: the gold gives a sentence's opening words, a prediction its sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.evaluate import (
    by_document,
    date_agrees,
    fold,
    location_agrees,
    match_events,
    uncovered_participants,
)

Event = Mapping[str, Any]

# Every cause, in the order a report lists them.
CAUSES = (
    "missed trigger",  # nothing of the event's kind in its sentence
    "wrong root",  # the sentence gave an event of another CAMEO root between its parties
    "misattributed",  # the sentence gave the right kind of event, between other parties
    "participant missing",  # matched, but a gold participant is absent
    "participant wrong",  # matched, but with an actor the gold does not have
    "date",
    "location",
    "modality",
    "code detail",  # same root, other three-digit code
    "duplicate",  # a second row for a happening already found
    "spurious",  # no gold event of its kind and parties
)


@dataclass(frozen=True)
class Finding:
    """One error: its cause, where, the gold and predicted events involved, and the detail."""

    cause: str
    document: str
    gold: Event | None
    predicted: Event | None
    detail: str = ""


def diagnose(
    gold: Mapping[str, list[Event]], predictions: Iterable[Event]
) -> list[Finding]:
    """Return every error of the predictions against the gold, one finding per cause."""
    grouped = by_document(gold, predictions)
    findings: list[Finding] = []
    for name, gold_events in gold.items():
        findings.extend(_document_findings(name, gold_events, grouped[name]))
    return findings


def tally(findings: Iterable[Finding]) -> dict[str, int]:
    """Return the number of findings per cause, every cause listed, in report order."""
    counts = Counter(f.cause for f in findings)
    return {cause: counts.get(cause, 0) for cause in CAUSES}


def _document_findings(name: str, gold: list[Event], predicted: list[Event]) -> list[Finding]:
    pairs = match_events(gold, predicted)
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    findings: list[Finding] = []
    for gi, pi in pairs:
        if not gold[gi].get("optional"):
            findings.extend(_attribute_findings(name, gold[gi], predicted[pi]))
    explained: set[int] = set()
    for gi, g in enumerate(gold):
        if gi in matched_gold or g.get("optional"):
            continue
        finding, pi = _why_missed(name, g, predicted, matched_pred | explained)
        findings.append(finding)
        if pi is not None:
            explained.add(pi)
    found = [gold[gi] for gi in matched_gold]
    for pi, p in enumerate(predicted):
        if pi in matched_pred or pi in explained:
            continue
        duplicate = any(_loosely_same(g, p) for g in found)
        findings.append(Finding("duplicate" if duplicate else "spurious", name, None, p))
    return findings


def _attribute_findings(name: str, g: Event, p: Event) -> list[Finding]:
    """Return what is wrong with a prediction matched to a required gold event."""
    out: list[Finding] = []
    missing = uncovered_participants(g, p)
    if missing:
        out.append(Finding("participant missing", name, g, p, ", ".join(missing)))
    extra = uncovered_participants(p, g)
    if extra:
        out.append(Finding("participant wrong", name, g, p, ", ".join(extra)))
    if g.get("date") and not date_agrees(g["date"], p.get("date")):
        out.append(Finding("date", name, g, p, f"gold {g['date']}, got {p.get('date')}"))
    if g.get("location") and not location_agrees(g["location"], p.get("location")):
        out.append(
            Finding("location", name, g, p, f"gold {g['location']}, got {p.get('location')}")
        )
    if (p.get("modality") or "asserted") != g.get("modality", "asserted"):
        out.append(
            Finding("modality", name, g, p, f"gold {g.get('modality')}, got {p.get('modality')}")
        )
    if str(p.get("code"))[:3] != str(g["code"])[:3]:
        out.append(Finding("code detail", name, g, p, f"gold {g['code']}, got {p.get('code')}"))
    return out


def _why_missed(
    name: str, g: Event, predicted: list[Event], taken: set[int]
) -> tuple[Finding, int | None]:
    """Return the cause of a missed gold event and the unmatched prediction it explains."""
    in_sentence = [i for i, p in enumerate(predicted) if _same_sentence(g, p)]
    root = str(g["code"])[:2]
    for i in in_sentence:
        p = predicted[i]
        if i not in taken and str(p.get("code"))[:2] != root and _share_actor(g, p):
            return Finding("wrong root", name, g, p, f"gold {g['code']}, got {p.get('code')}"), i
    for i in in_sentence:
        p = predicted[i]
        if str(p.get("code"))[:2] == root:
            detail = ", ".join(a.get("name") or "" for a in p.get("actors") or [])
            return Finding("misattributed", name, g, p, f"got {detail}"), (
                None if i in taken else i
            )
    return Finding("missed trigger", name, g, None), None


def _sentences(p: Event) -> list[str]:
    spans = p.get("evidence_spans") or []
    texts = [s.get("sentence") for s in spans if isinstance(s, Mapping)] or [p.get("evidence")]
    return [fold(t) for t in texts if t]


def _same_sentence(g: Event, p: Event) -> bool:
    """True when the gold evidence (a sentence's opening words) lies in a predicted sentence."""
    quoted = fold(g.get("evidence"))
    return bool(quoted) and any(quoted in s or s in quoted for s in _sentences(p))


def _share_actor(a: Event, b: Event) -> bool:
    return len(uncovered_participants(a, b)) < len(a.get("actors") or [])


def _loosely_same(g: Event, p: Event) -> bool:
    """True when `p` could have matched `g` (same root, a shared actor): a repeated row."""
    return str(p.get("code"))[:2] == str(g["code"])[:2] and _share_actor(g, p)
