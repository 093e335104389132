"""Measure extracted events against a hand-annotated gold file.

The gold format and the matching rules are those of the project's annotation guideline:
within a document a prediction can match a gold event when their CAMEO roots are equal and
they share an actor name (compared without case, accents and hyphens) or an actor country;
candidate pairs are taken greedily, best first by actor overlap, then date, then exact code.
A prediction matched to an `optional` gold event counts neither way.

The strict figures ask what an analyst needs of a row: the same root, every gold participant
among the predicted actors (by name, or by country when both carry one) and, for a dated gold
event, the right date. `pipeline.diagnose` says why the rest went wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

_FOLD = re.compile(r"[\-\u2010-\u2015_.'\u2019`]")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")


def fold(text: str | None) -> str:
    """Lowercase `text` and drop accents, hyphens, dots and apostrophes, for comparison."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(_FOLD.sub(" ", bare).split())


@dataclass(frozen=True)
class DateSpan:
    """A contract date as the set of days it covers, with its precision."""

    precision: str  # day, week, month, year
    first: date
    last: date

    @classmethod
    def parse(cls, value: object) -> DateSpan | None:
        """Read a contract date (`YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM`, `YYYY`); None if absent."""
        if value in (None, ""):
            return None
        text = str(value).strip().split("/")[0][:10]
        try:
            if m := _DAY.fullmatch(text):
                day = date(int(m[1]), int(m[2]), int(m[3]))
                return cls("day", day, day)
            if m := _WEEK.fullmatch(text):
                year, week = int(m[1]), int(m[2])
                return cls(
                    "week", date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)
                )
            if m := _MONTH.fullmatch(text):
                year, month = int(m[1]), int(m[2])
                following = date(year + month // 12, month % 12 + 1, 1)
                last = date.fromordinal(following.toordinal() - 1)
                return cls("month", date(year, month, 1), last)
            if m := _YEAR.fullmatch(text):
                return cls("year", date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
        except ValueError:
            return None
        return None


_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def date_agrees(gold: object, predicted: object) -> bool:
    """True when `predicted` lies within the gold date and is not coarser than it.

    A week is finer than a month but not nested in it: a predicted week agrees with a gold month
    when any of its days falls in that month, and with a gold year when its ISO year is that year.
    """
    g, p = DateSpan.parse(gold), DateSpan.parse(predicted)
    if g is None or p is None or _RANK[p.precision] > _RANK[g.precision]:
        return False
    if p.precision == "week" and g.precision == "month":
        return p.first <= g.last and p.last >= g.first
    if p.precision == "week" and g.precision == "year":
        return p.first.isocalendar().year == g.first.year
    return g.first <= p.first and p.last <= g.last


def location_agrees(gold_names: Iterable[str] | str | None, predicted: object) -> bool:
    """True when the predicted place equals, contains or is contained in an accepted gold name."""
    if isinstance(gold_names, str):
        gold_names = [gold_names]
    p = fold(str(predicted)) if predicted else ""
    return bool(p) and any((g := fold(n)) and (g in p or p in g) for n in gold_names or [])


def _actors(event: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    names, countries = set(), set()
    for actor in event.get("actors") or []:
        if isinstance(actor, str):
            actor = {"name": actor}
        if actor.get("name"):
            names.add(fold(actor["name"]))
        if actor.get("country"):
            countries.add(str(actor["country"]).upper())
    return names, countries


def covers_participants(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    """True when every gold participant is among the predicted actors, by name or by country."""
    return not uncovered_participants(gold, predicted)


def uncovered_participants(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> list[str]:
    """Return the names of the gold participants that no predicted actor stands for."""
    found = [_name_and_country(a) for a in predicted.get("actors") or []]
    missing = []
    for actor in gold.get("actors") or []:
        name, country = _name_and_country(actor)
        if not any(name == n or (country and country == c) for n, c in found):
            missing.append(name)
    return missing


def _name_and_country(actor: Mapping[str, Any] | str) -> tuple[str, str]:
    if isinstance(actor, str):
        return fold(actor), ""
    return fold(actor.get("name")), str(actor.get("country") or "").upper()


def strict_agrees(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    """True when the prediction is usable as it is: root, every participant, date."""
    return (
        str(predicted.get("code") or "")[:2] == str(gold["code"])[:2]
        and covers_participants(gold, predicted)
        and (not gold.get("date") or date_agrees(gold["date"], predicted.get("date")))
    )


def strict_counts(
    gold: list[Mapping[str, Any]], predicted: list[Mapping[str, Any]]
) -> tuple[int, int, int]:
    """Return strict (tp, fp, fn) of one document.

    Required gold events take their first strictly agreeing prediction first, then optional
    ones absorb what agrees with them; every other prediction counts as a false positive, even
    one that loosely matches an event (as a row it is still wrong).
    """
    used: set[int] = set()
    tp = 0
    for g in sorted(gold, key=lambda event: bool(event.get("optional"))):
        pi = next(
            (i for i, p in enumerate(predicted) if i not in used and strict_agrees(g, p)), None
        )
        if pi is not None:
            used.add(pi)
            tp += not g.get("optional")
    required = sum(1 for g in gold if not g.get("optional"))
    return tp, len(predicted) - len(used), required - tp


def _overlap(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def match_events(
    gold: list[Mapping[str, Any]], predicted: list[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Pair gold and predicted events of one document: (gold index, predicted index) pairs."""
    candidates = []
    for gi, g in enumerate(gold):
        g_names, g_countries = _actors(g)
        g_code = str(g["code"])
        for pi, p in enumerate(predicted):
            p_code = str(p.get("code") or "")
            if p_code[:2] != g_code[:2]:
                continue
            p_names, p_countries = _actors(p)
            if not (g_names & p_names or g_countries & p_countries):
                continue
            score = (
                _overlap(g_names, p_names)
                + _overlap(g_countries, p_countries)
                + 0.5 * date_agrees(g.get("date"), p.get("date"))
                + 0.25 * (p_code[:3] == g_code[:3])
            )
            candidates.append((-score, gi, pi))
    pairs, used_gold, used_pred = [], set(), set()
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_pred.add(pi)
    return pairs


@dataclass
class Scores:
    """Counts over all documents; the ratios are properties."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    code_exact: int = 0
    names: list[int] = field(default_factory=lambda: [0, 0, 0])  # shared, gold, predicted
    countries: list[int] = field(default_factory=lambda: [0, 0, 0])
    dates: list[int] = field(default_factory=lambda: [0, 0])  # right, scored
    locations: list[int] = field(default_factory=lambda: [0, 0])
    modality: list[int] = field(default_factory=lambda: [0, 0])
    strict: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn
    missed: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)
    spurious: list[tuple[str, Mapping[str, Any]]] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    def summary(self) -> dict[str, float | int]:
        """The figures as one flat dict, named like the project's scorer output."""
        precision = self._ratio(self.tp, self.tp + self.fp)
        recall = self._ratio(self.tp, self.tp + self.fn)
        tp, fp, fn = self.strict
        strict_precision = self._ratio(tp, tp + fp)
        strict_recall = self._ratio(tp, tp + fn)
        return {
            "events_precision": precision,
            "events_recall": recall,
            "events_f1": _f1(precision, recall),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "code_exact": self._ratio(self.code_exact, self.tp),
            "actor_name_precision": self._ratio(self.names[0], self.names[2]),
            "actor_name_recall": self._ratio(self.names[0], self.names[1]),
            "actor_country_precision": self._ratio(self.countries[0], self.countries[2]),
            "actor_country_recall": self._ratio(self.countries[0], self.countries[1]),
            "date_accuracy": self._ratio(*self.dates),
            "location_accuracy": self._ratio(*self.locations),
            "modality_accuracy": self._ratio(*self.modality),
            "strict_precision": strict_precision,
            "strict_recall": strict_recall,
            "strict_f1": _f1(strict_precision, strict_recall),
        }


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


# What a gold file holds, for messages about one that does not.
GOLD_FORMAT = (
    "`documents:`, a list of entries each with a `document` name and a list of `events` "
    "(see tests/data/seeds_gold.yaml)"
)


def load_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Read a gold YAML file: document name -> its gold events.

    RAISES (ValueError): when the file is not YAML, or not in the format of GOLD_FORMAT.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"not YAML: {str(exc).splitlines()[0]}") from exc
    documents = data.get("documents") or [] if isinstance(data, dict) else None
    if not isinstance(documents, list):
        raise ValueError(f"expected {GOLD_FORMAT}")
    return dict(_gold_entry(entry) for entry in documents)


def _gold_entry(entry: Any) -> tuple[str, list[dict[str, Any]]]:
    """Return the document name and gold events of one entry of a gold file."""
    events = entry.get("events") or [] if isinstance(entry, dict) else None
    if (
        events is None
        or "document" not in entry
        or not isinstance(events, list)
        or not all(isinstance(event, dict) for event in events)
    ):
        raise ValueError(f"expected {GOLD_FORMAT}, not {str(entry)[:80]!r}")
    return entry["document"], events


def by_document(
    gold: Mapping[str, list[Mapping[str, Any]]], predictions: Iterable[Mapping[str, Any]]
) -> dict[str, list[Mapping[str, Any]]]:
    """Group predictions by the gold document they belong to (by file name); drop the rest."""
    grouped: dict[str, list[Mapping[str, Any]]] = {name: [] for name in gold}
    for event in predictions:
        name = Path(str(event.get("document", ""))).name
        if name in grouped:
            grouped[name].append(event)
    return grouped


def score(
    gold: Mapping[str, list[Mapping[str, Any]]], predictions: Iterable[Mapping[str, Any]]
) -> Scores:
    """Score event-contract predictions against gold events; documents not in gold are ignored."""
    grouped = by_document(gold, predictions)
    scores = Scores()
    for name, gold_events in gold.items():
        predicted = grouped[name]
        strict = strict_counts(gold_events, predicted)
        scores.strict = [a + b for a, b in zip(scores.strict, strict, strict=True)]
        pairs = match_events(gold_events, predicted)
        for gi, pi in pairs:
            g, p = gold_events[gi], predicted[pi]
            scores.modality[1] += 1
            scores.modality[0] += (p.get("modality") or "asserted") == g.get("modality", "asserted")
            if g.get("optional"):
                continue
            scores.tp += 1
            scores.code_exact += str(p.get("code"))[:3] == str(g["code"])[:3]
            for counts, gold_set, pred_set in zip(
                (scores.names, scores.countries), _actors(g), _actors(p), strict=True
            ):
                counts[0] += len(gold_set & pred_set)
                counts[1] += len(gold_set)
                counts[2] += len(pred_set)
            if g.get("date"):
                scores.dates[1] += 1
                scores.dates[0] += date_agrees(g["date"], p.get("date"))
            if g.get("location"):
                scores.locations[1] += 1
                scores.locations[0] += location_agrees(g["location"], p.get("location"))
        matched_gold = {gi for gi, _ in pairs}
        matched_pred = {pi for _, pi in pairs}
        for gi, g in enumerate(gold_events):
            if gi not in matched_gold and not g.get("optional"):
                scores.fn += 1
                scores.missed.append((name, g))
        for pi, p in enumerate(predicted):
            if pi not in matched_pred:
                scores.fp += 1
                scores.spurious.append((name, p))
    return scores
