"""The evaluator users run on their own annotated articles (`dipevents evaluate`)."""

from __future__ import annotations

import pytest

from pipeline.evaluate import date_agrees, fold, load_gold, location_agrees, score


@pytest.mark.parametrize(
    "gold,predicted,expected",
    [
        ("2024-03-05", "2024-03-05", True),
        ("2024-03-05", "2024-03", False),  # coarser than the gold is wrong
        ("2024-03", "2024-03-28", True),
        ("2024-03", "2024-04-01", False),
        ("2024-03", "2024-W13", True),  # 25-31 March
        ("2024-03", "2024-W14", False),  # 1-7 April
        ("2024-W10", "2024-03-05", True),
        ("2024-W10", "2024-03-11", False),
        ("2024-W10", "2024-03", False),
        ("2024", "2024-W01", True),
        ("2025", "2025-W01", True),  # ISO week 1 of 2025 starts on 2024-12-30
        ("2024", "2023-12-31", False),
        ("2024-03-05", None, False),
        (None, "2024-03-05", False),
    ],
)
def test_date_agrees_at_gold_precision(gold, predicted, expected):
    assert date_agrees(gold, predicted) is expected


@pytest.mark.parametrize(
    "gold,predicted,expected",
    [
        (["Geneva"], "Geneva", True),
        (["Geneva"], "the Palais des Nations in Geneva", True),
        (["Palais des Nations, Geneva"], "Geneva", True),
        (["Geneva"], "Bern", False),
        (["Geneva"], None, False),
    ],
)
def test_location_agrees_by_containment(gold, predicted, expected):
    assert location_agrees(gold, predicted) is expected


def test_fold_ignores_case_accents_and_hyphens():
    assert fold("Tô Lâm") == fold("to lam")
    assert fold("Kim Jong-un") == fold("KIM JONG UN")


def _event(code, *actors, date=None, modality="asserted", location=None, document="a.txt"):
    return {
        "document": document,
        "code": code,
        "actors": [{"name": n, "country": c} for n, c in actors],
        "date": date,
        "modality": modality,
        "location": location,
    }


def test_score_counts_matches_misses_and_spurious_events():
    gold = {
        "a.txt": [
            {**_event("042", ("Emmanuel Macron", "FRA"), ("Olaf Scholz", "DEU"), date="2023-06"),
             "location": ["Berlin"]},
            _event("111", ("Olaf Scholz", "DEU"), ("Vladimir Putin", "RUS")),
            {**_event("010", ("Olaf Scholz", "DEU")), "optional": True},
        ]
    }
    predictions = [
        _event("043", ("Emmanuel Macron", "FRA"), ("Olaf Scholz", "DEU"), date="2023-06-14",
               location="Berlin"),
        _event("010", ("Olaf Scholz", "DEU")),  # matches the optional event: neither way
        _event("190", ("Vladimir Putin", "RUS")),  # spurious
        _event("042", ("Olaf Scholz", "DEU"), document="other.txt"),  # not in gold: ignored
    ]
    summary = score(gold, predictions).summary()
    assert (summary["tp"], summary["fp"], summary["fn"]) == (1, 1, 1)
    assert summary["events_precision"] == 0.5
    assert summary["code_exact"] == 0.0  # 043 vs 042: same root, other code
    assert summary["date_accuracy"] == 1.0
    assert summary["location_accuracy"] == 1.0
    assert summary["actor_name_recall"] == 1.0
    assert summary["modality_accuracy"] == 1.0  # both matched pairs, optional included


def test_score_pairs_each_prediction_with_the_best_gold_event():
    gold = {"a.txt": [
        _event("040", ("Narendra Modi", "IND"), ("Joe Biden", "USA"), date="2023-06-22"),
        _event("040", ("Narendra Modi", "IND"), ("Anthony Albanese", "AUS"), date="2023-05-24"),
    ]}
    predictions = [
        _event("040", ("Narendra Modi", "IND"), ("Anthony Albanese", "AUS"), date="2023-05-24"),
    ]
    scores = score(gold, predictions)
    assert scores.tp == 1
    assert [g["actors"][1]["name"] for _, g in scores.missed] == ["Joe Biden"]


def test_load_gold_reads_documents_and_events(tmp_path):
    path = tmp_path / "gold.yaml"
    path.write_text(
        "documents:\n"
        "- document: x.txt\n"
        "  events:\n"
        "  - {id: x-1, code: '051', actors: [{name: A, country: FRA}], date: '2020'}\n"
        "- document: y.txt\n"
        "  events: []\n",
        encoding="utf-8",
    )
    gold = load_gold(path)
    assert list(gold) == ["x.txt", "y.txt"]
    assert gold["x.txt"][0]["code"] == "051"


def test_strict_figures_need_every_participant_and_the_date():
    gold = {"a.txt": [
        _event("036", ("Gabriel Boric", "CHL"), ("Luis Arce", "BOL"), date="2023-04-11"),
        _event("112", ("Gabriel Boric", "CHL"), ("Peru", "PER"), date="2023-04"),
    ]}
    predictions = [
        # usable as it is: root, both parties (Bolivia by country), a day within the gold day
        _event("036", ("Gabriel Boric", "CHL"), ("Bolivia", "BOL"), date="2023-04-11"),
        # loosely matched but lacking a party: counts for events_f1, not for strict_f1
        _event("112", ("Gabriel Boric", "CHL"), date="2023-04-20"),
    ]
    summary = score(gold, predictions).summary()
    assert summary["events_f1"] == 1.0
    assert (summary["strict_precision"], summary["strict_recall"]) == (0.5, 0.5)
    assert summary["strict_f1"] == 0.5
