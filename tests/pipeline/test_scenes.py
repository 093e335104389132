"""Where an event happened when its own sentence does not say: the scene of the occasion,
the dateline, the United Nations. Sentences are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.model import Actor

BORIC = Actor("Gabriel Boric", "person", "CHL")
ARCE = Actor("Luis Arce", "person", "BOL")
ECUADOR = Actor("Ecuador", "state", "ECU")
PERU = Actor("Peru", "state", "PER")
CHILE = Actor("Chile", "state", "CHL")
BOLIVIA = Actor("Bolivia", "state", "BOL")
ASSEMBLY = Actor("United Nations General Assembly", "organisation", None)
ALIASES = {
    "Boric": BORIC, "Arce": ARCE, "Ecuador": ECUADOR, "Peru": PERU, "Chile": CHILE,
    "Bolivia": BOLIVIA, "General Assembly": ASSEMBLY,
}  # fmt: skip
PLACES = {"Cochabamba": "BOL", "Quito": "ECU", "La Paz": "BOL"}
PUBLISHED = date(2024, 3, 15)


def places_of(events) -> dict[str, str | None]:
    return {e.code: e.location.name if e.location else None for e in events}


def test_acts_during_an_encounter_take_its_place(events_with):
    text = (
        "Boric arrived in Cochabamba on Thursday for talks with Arce.\n"
        "Boric praised Arce for his patience.\n"
        "He also urged Bolivia to reopen the border crossing."
    )
    placed = places_of(events_with(text, ALIASES, PLACES, PUBLISHED))
    assert placed["051"] == "Cochabamba"
    assert placed["020"] == "Cochabamba"


def test_an_encounter_on_other_days_lends_no_place(events_with):
    text = (
        "Boric met Arce in Cochabamba on March 2.\n"
        "On Thursday, Boric criticised Bolivia over the water dispute."
    )
    assert places_of(events_with(text, ALIASES, PLACES, PUBLISHED))["111"] is None


@pytest.mark.parametrize(
    "dateline",
    ["QUITO, March 14 (Andina) \u2014 ", "QUITO \u2014 ", "Quito, Ecuador (AP) \u2013 "],
)
def test_the_dateline_places_the_news_of_the_day(events_with, dateline):
    text = dateline + "Ecuador on Thursday condemned Peru for the seizure of a fishing boat."
    assert places_of(events_with(text, ALIASES, PLACES, PUBLISHED)) == {"111": "Quito"}


def test_the_dateline_does_not_place_history(events_with):
    text = "QUITO \u2014 In 2009, Ecuador condemned Peru for the seizure of a fishing boat."
    assert places_of(events_with(text, ALIASES, PLACES, PUBLISHED)) == {"111": None}


def test_a_resolution_of_the_general_assembly_is_voted_at_the_united_nations(events_with):
    text = "The General Assembly condemned Chile for the seizure of a fishing boat on Thursday."
    location = events_with(text, ALIASES, PLACES, PUBLISHED)[0].location
    assert location is not None and location.name.startswith("United Nations")


def test_a_veto_in_a_un_body_is_cast_at_the_united_nations(events_with):
    text = "Chile on Thursday vetoed a General Assembly resolution on Bolivia."
    (event,) = events_with(text, ALIASES, PLACES, PUBLISHED)
    assert event.code == "129"
    assert event.location is not None and event.location.name.startswith("United Nations")


def test_a_visit_to_a_city_is_hosted_by_its_state_even_unnamed(events_with):
    events = events_with("Boric arrived in La Paz on Thursday.", ALIASES, PLACES, PUBLISHED)
    assert [(e.code, {p.actor.name for p in e.participants}) for e in events] == [
        ("042", {"Gabriel Boric", "Bolivia"})
    ]


def test_a_dateline_with_the_day_before_the_month_is_read(events_with):
    text = "Quito, 14 March 2024 (Andina): Ecuador on Thursday condemned Peru over the seizure."
    assert places_of(events_with(text, ALIASES, PLACES, PUBLISHED)) == {"111": "Quito"}


def test_a_visit_placed_in_its_host_country_takes_the_dateline_city_there(events_with):
    text = "LA PAZ \u2014 Boric arrived in Bolivia on Thursday for a state visit."
    visits = [e for e in events_with(text, ALIASES, {**PLACES, "Bolivia": "BOL"}, PUBLISHED)]
    assert [e.location.name for e in visits if e.code == "042"] == ["La Paz"]


def test_a_place_in_the_act_appealed_for_is_not_where_the_appeal_was_made(events_with):
    text = "On Thursday Chile called for an end to the violence in Cochabamba."
    assert places_of(events_with(text, ALIASES, PLACES, PUBLISHED)).get("0256") is None


def test_a_state_summons_envoys_in_its_capital(nlp):
    from pipeline.actors import ActorResolver
    from pipeline.events import extract_events
    from pipeline.model import Article
    from pipeline.timex import find_timexes

    text = "Peru on Thursday summoned the Chilean ambassador over the remarks."
    resolver = ActorResolver.default()
    doc = nlp(text)
    article = Article(document="t.txt", text=text, published=PUBLISHED)
    events = extract_events(
        doc, resolver.find_mentions(doc, PUBLISHED), find_timexes(doc, PUBLISHED), article,
        resolver=resolver,
    )
    assert [(e.code, e.location.name if e.location else None) for e in events] == [
        ("114", "Lima")
    ]


def test_a_meeting_a_un_envoy_attends_is_not_placed_at_the_united_nations(events_with):
    text = "On Thursday Boric met Arce alongside the General Assembly's envoys."
    meeting = events_with(text, ALIASES, PLACES, PUBLISHED)[0]
    assert meeting.location is None or not meeting.location.name.startswith("United Nations")


def test_a_city_dateline_is_preferred_to_a_country_one(events_with):
    text = "ECUADOR, March 14 -\n\nQUITO \u2014 Ecuador on Thursday condemned Peru over it."
    places = {**PLACES, "Ecuador": "ECU"}
    assert places_of(events_with(text, ALIASES, places, PUBLISHED)) == {"111": "Quito"}
