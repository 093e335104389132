"""The offline gazetteer of cities: names to countries and coordinates."""

from __future__ import annotations

import pytest

from pipeline.gazetteer import find_city, fold_place


@pytest.mark.parametrize(
    "name,city,country",
    [
        ("Cochabamba", "Cochabamba", "BOL"),
        ("Kraków", "Kraków", "POL"),
        ("Krakow", "Kraków", "POL"),  # accents folded
        ("São Paulo", "São Paulo", "BRA"),
        ("the Hague", "The Hague", "NLD"),
        ("Washington", "Washington", "USA"),  # the most populous of its namesakes
        ("Kingstown", "Kingstown", "VCT"),  # its own name beats another city's old name
    ],
)
def test_a_city_name_gives_the_city_and_its_country(name, city, country):
    found = find_city(name)
    assert found is not None
    assert (found.name, found.country) == (city, country)
    assert -90 <= found.latitude <= 90 and -180 <= found.longitude <= 180


@pytest.mark.parametrize("name", ["Monday", "Xy", "Atlantis Prime"])
def test_names_of_no_city_give_none(name):
    assert find_city(name) is None


def test_fold_place_drops_case_accents_and_punctuation():
    assert fold_place("Hà Nội") == fold_place("HA NOI") == "ha noi"


def test_a_local_spelling_of_a_city_gets_its_gazetteer_name():
    from pipeline.actors import ActorResolver

    located = ActorResolver.default().locate("Hà Nội")
    assert located is not None
    assert (located.name, located.country) == ("Hanoi", "VNM")
    assert located.latitude is not None
