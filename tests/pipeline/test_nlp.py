"""The spaCy pipeline as the extractor loads it."""

from __future__ import annotations

import pytest

from pipeline.nlp import SpacyModelError, load_nlp


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Ministers Gather In Oslo\nThe talks opened on Monday.",
            ["Ministers Gather In Oslo", "The talks opened on Monday."],
        ),
        (
            "The envoy arrived late.\n\nHe met the foreign minister.",
            ["The envoy arrived late.", "He met the foreign minister."],
        ),
        (
            "The summit ended. The leaders left Oslo on the same day.",
            ["The summit ended.", "The leaders left Oslo on the same day."],
        ),
    ],
)
def test_every_line_starts_a_sentence(nlp, text, expected):
    assert [s.text.strip() for s in nlp(text).sents] == expected


@pytest.mark.parametrize(
    "text,tokens",
    [
        ("the U.S.\u2013Japan summit", ["the", "U.S.", "\u2013", "Japan", "summit"]),
        ("the 2018\u20132019 talks", ["the", "2018", "\u2013", "2019", "talks"]),
        ("the Paris\u2014Berlin axis", ["the", "Paris", "\u2014", "Berlin", "axis"]),
    ],
)
def test_en_and_em_dashes_between_words_are_tokens_of_their_own(nlp, text, tokens):
    assert [t.text for t in nlp(text)] == tokens


def test_the_model_is_loaded_once_per_process(nlp):
    assert load_nlp() is nlp


def test_a_missing_model_names_the_fix():
    with pytest.raises(SpacyModelError, match="DIPEVENTS_SPACY_MODEL"):
        load_nlp("no_such_spacy_model_package")


def test_the_model_setting_is_read_at_each_call(nlp, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_SPACY_MODEL", "no_such_spacy_model_package")
    with pytest.raises(SpacyModelError, match="no_such_spacy_model_package"):
        load_nlp()
    monkeypatch.delenv("DIPEVENTS_SPACY_MODEL")
    assert load_nlp() is nlp


@pytest.mark.parametrize(
    "text,verb,visitor",
    [
        ("Ruto hosted visiting Norwegian Prime Minister Jonas Store on Friday.", "hosted", "Store"),
        ("Samia welcomed visiting envoys in Dodoma.", "welcomed", "envoys"),
    ],
)
def test_a_visiting_guest_is_the_receiving_verbs_object(nlp, text, verb, visitor):
    doc = nlp(text)
    guest = next(t for t in doc if t.text == visitor)
    visiting = next(t for t in doc if t.lower_ == "visiting")
    assert (guest.head.text, guest.dep_) == (verb, "dobj")
    assert visiting.head == guest


def test_visiting_after_other_verbs_stays_a_verb(nlp):
    doc = nlp("Ruto kept visiting Norway.")
    visiting = next(t for t in doc if t.lower_ == "visiting")
    assert visiting.dep_ == "xcomp"
