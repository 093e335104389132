"""Extracted events carry the point, region and precision of their place (invented sentences).

These run the whole extractor with the project's knowledge base and gazetteers, so that what
an analyst gets on the map is tested end to end: the place the sentence names, a visit's host
country when it names none, and nothing for an event the text does not place.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.contract import to_contract
from pipeline.extract import Extractor
from pipeline.model import Article, Event


@pytest.fixture(scope="module")
def extractor(nlp) -> Extractor:
    return Extractor(nlp)


def events_of(extractor: Extractor, text: str) -> list[Event]:
    article = Article(document="invented.txt", text=text, published=date(2024, 3, 15))
    return next(extractor.extract([article])).events


@pytest.mark.parametrize(
    "text,name,precision,country,region",
    [
        (
            "Bolivia and Paraguay held talks in Cochabamba on Monday.",
            "Cochabamba",
            "city",
            "BOL",
            "BO-C",
        ),
        (
            "Bolivia and Paraguay held talks at the Amber Lantern Palace in Cochabamba on Monday.",
            "Amber Lantern Palace in Cochabamba",
            "venue",
            "BOL",
            "BO-C",
        ),
        (
            "Bolivia and Paraguay held talks in Bavaria on Monday.",
            "Bavaria",
            "region",
            "DEU",
            "DE-BY",
        ),
        (
            "The Bolivian president visited Paraguay on Tuesday.",
            "Paraguay",
            "country",
            "PRY",
            None,
        ),
    ],
)
def test_an_event_is_placed_with_the_precision_of_the_place_its_sentence_names(
    extractor, text, name, precision, country, region
):
    (event,) = events_of(extractor, text)
    place = event.location
    assert place is not None
    assert (place.name, place.precision, place.country, place.region) == (
        name,
        precision,
        country,
        region,
    )
    assert place.latitude is not None and place.longitude is not None


def test_a_meeting_with_a_visitor_is_placed_in_the_host_country(extractor):
    text = (
        "The Paraguayan foreign minister held talks with his visiting Bolivian counterpart "
        "on Monday."
    )
    (event,) = events_of(extractor, text)
    assert event.location is not None
    assert (event.location.country, event.location.precision) == ("PRY", "country")


def test_an_event_the_text_does_not_place_gets_no_place(extractor):
    (event,) = events_of(
        extractor, "Paraguay criticised Bolivia on Monday over the border dispute."
    )
    assert event.location is None
    contract = to_contract(event, Article(document="invented.txt", text=""))
    assert contract["location_precision"] is None and contract["latitude"] is None


def test_the_contract_carries_the_point_region_and_precision(extractor):
    text = "Bolivia and Paraguay held talks in Cochabamba on Monday."
    (event,) = events_of(extractor, text)
    contract = to_contract(event, Article(document="invented.txt", text=text))
    assert contract["location"] == "Cochabamba"
    assert contract["location_country"] == "BOL"
    assert contract["location_region"] == "BO-C"
    assert contract["location_precision"] == "city"
    assert (contract["latitude"], contract["longitude"]) == (
        event.location.latitude,
        event.location.longitude,
    )
