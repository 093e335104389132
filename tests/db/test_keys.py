"""Event keys: what keeps an event's uid and what gives it a new one."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from db.keys import article_key, event_uid, sentence_fingerprint
from pipeline.model import Actor, Event, Evidence, Location, Participant, TimeValue

SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")
DAY = TimeValue("2024-03-02", "day", dt.date(2024, 3, 2), dt.date(2024, 3, 2), text="Saturday")
SENTENCE = "Sweden hosted Chile's envoy on Saturday."
PAGE = article_key("https://news.example/a", "0" * 64)


def _event(**changes) -> Event:
    event = Event(
        code="043",
        participants=[Participant(SWEDEN, "host"), Participant(CHILE, "visitor")],
        date=DAY,
        evidence=[Evidence(SENTENCE, 0, len(SENTENCE), trigger="hosted")],
    )
    return replace(event, **changes)


@pytest.mark.parametrize(
    "name,changes",
    [
        ("participants in another order",
         {"participants": [Participant(CHILE, "visitor"), Participant(SWEDEN, "host")]}),
        ("a participant named twice", {"participants": [
            Participant(SWEDEN, "host"), Participant(CHILE, "visitor"), Participant(SWEDEN, "host")
        ]}),
        ("the sentence moved in the text",
         {"evidence": [Evidence(SENTENCE, 120, 120 + len(SENTENCE), trigger="hosted")]}),
        ("case and spacing of the sentence",
         {"evidence": [Evidence("SWEDEN hosted  Chile's\nenvoy on Saturday.", 0, 42)]}),
        ("a second evidence sentence",
         {"evidence": [Evidence(SENTENCE, 0, 40), Evidence("It was brief.", 41, 54)]}),
        ("a place found", {"location": Location("Uppsala", "SWE")}),
        ("another modality", {"modality": "planned"}),
        ("the date's wording", {"date": replace(DAY, text="on 2 March", method="relative")}),
    ],
)
def test_key_survives_what_does_not_change_the_event(name, changes):
    assert event_uid(PAGE, _event(**changes)) == event_uid(PAGE, _event())


@pytest.mark.parametrize(
    "name,changes",
    [
        ("another code", {"code": "042"}),
        ("another role", {"participants": [Participant(SWEDEN, "source"),
                                           Participant(CHILE, "visitor")]}),
        ("another participant", {"participants": [Participant(SWEDEN, "host")]}),
        ("another date", {"date": TimeValue("2024-03", "month")}),
        ("one word of the sentence edited",
         {"evidence": [Evidence(SENTENCE.replace("envoy", "minister"), 0, 43)]}),
        ("no evidence", {"evidence": []}),
    ],
)
def test_key_changes_with_what_the_event_is(name, changes):
    assert event_uid(PAGE, _event(**changes)) != event_uid(PAGE, _event())


def test_key_follows_the_page_not_its_text():
    edited = article_key("https://news.example/a", "1" * 64)
    other_page = article_key("https://news.example/b", "0" * 64)
    assert event_uid(edited, _event()) == event_uid(PAGE, _event())
    assert event_uid(other_page, _event()) != event_uid(PAGE, _event())


def test_article_without_url_is_known_by_its_text():
    assert article_key(None, "0" * 64) != article_key(None, "1" * 64)
    assert article_key(None, "0" * 64) != PAGE


def test_sentence_fingerprint_ignores_case_and_spacing_only():
    assert sentence_fingerprint(" Sweden\thosted\n CHILE. ") == "sweden hosted chile."
