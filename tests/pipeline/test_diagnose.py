"""The error breakdown of `dipevents evaluate`: each error under the cause a developer fixes."""

from __future__ import annotations

import pytest

from pipeline.diagnose import CAUSES, diagnose, tally


def _event(code, *actors, sentence="", **fields):
    return {
        "document": "a.txt",
        "code": code,
        "actors": [{"name": n, "country": c} for n, c in actors],
        "evidence": sentence,
        "modality": "asserted",
        **fields,
    }


SENTENCE = "The Chilean foreign minister met his Peruvian counterpart in Lima on Tuesday."
CHILE = ("Alberto van Klaveren", "CHL")
PERU = ("Javier Gonzalez-Olaechea", "PER")
BOLIVIA = ("Celinda Sosa", "BOL")


def _gold(code="040", *actors, **fields):
    return _event(code, *(actors or (CHILE, PERU)), sentence="The Chilean foreign minister met",
                  **fields)


@pytest.mark.parametrize(
    "gold,predicted,cause",
    [
        (_gold(), [], "missed trigger"),
        (_gold(), [_event("111", CHILE, PERU, sentence=SENTENCE)], "wrong root"),
        (_gold(), [_event("040", BOLIVIA, ("Bolivia", "BOL"), sentence=SENTENCE)],
         "misattributed"),
        (_gold(), [_event("040", CHILE, sentence=SENTENCE)], "participant missing"),
        (_gold(), [_event("040", CHILE, PERU, BOLIVIA, sentence=SENTENCE)], "participant wrong"),
        (_gold(date="2023-06-13"), [_event("040", CHILE, PERU, date="2023-06")], "date"),
        (_gold(location=["Lima"]), [_event("040", CHILE, PERU, location="Santiago")],
         "location"),
        (_gold(), [_event("040", CHILE, PERU, modality="planned")], "modality"),
        (_gold("042"), [_event("043", CHILE, PERU)], "code detail"),
        (_gold(), [_event("040", CHILE, PERU), _event("040", PERU, CHILE)], "duplicate"),
        (_gold(), [_event("040", CHILE, PERU), _event("173", BOLIVIA)], "spurious"),
    ],
)
def test_each_error_gets_the_cause_that_explains_it(gold, predicted, cause):
    findings = diagnose({"a.txt": [gold]}, predicted)
    assert [f.cause for f in findings] == [cause]


def test_a_wrong_root_is_one_error_not_a_miss_and_a_spurious_row():
    gold = {"a.txt": [_gold()]}
    findings = diagnose(gold, [_event("111", CHILE, PERU, sentence=SENTENCE)])
    assert tally(findings)["wrong root"] == 1
    assert tally(findings)["spurious"] == 0


def test_optional_gold_events_raise_no_errors():
    gold = {"a.txt": [{**_gold(), "optional": True}]}
    assert diagnose(gold, []) == []
    assert diagnose(gold, [_event("040", CHILE, PERU, modality="planned")]) == []


def test_tally_lists_every_cause_in_report_order():
    counts = tally(diagnose({"a.txt": [_gold()]}, []))
    assert list(counts) == list(CAUSES)
    assert counts["missed trigger"] == 1
    assert sum(counts.values()) == 1
