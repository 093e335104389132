"""Geocoding place names to a point, country, region and precision, offline.

The knowledge base is a small invented table (its seat of power and site names are made up);
cities and regions come from the installed gazetteers, so real names are needed for those.
"""

from __future__ import annotations

import pytest

from pipeline.gazetteer import find_city, largest_city
from pipeline.geocode import geocode
from pipeline.regions import find_region, region_code


class Knowledge:
    """A knowledge-base double: two countries, their capitals and one invented seat of power."""

    capitals = {"BOL": "La Paz", "JOR": "Amman"}
    _places = {
        "bolivia": "BOL",
        "la paz": "BOL",
        "the quartz pavilion": "BOL",
        "jordan": "JOR",
        "amman": "JOR",
    }
    _metonyms = {"la paz", "the quartz pavilion", "amman"}

    def country_of_place(self, name: str) -> str | None:
        return self._places.get(name.lower())

    def is_metonym(self, name: str) -> bool:
        return name.lower() in self._metonyms


KB = Knowledge()


def point_of(city_name: str) -> tuple[float, float]:
    city = find_city(city_name)
    assert city is not None
    return city.latitude, city.longitude


@pytest.mark.parametrize(
    "name,precision,country,point_city",
    [
        ("Cochabamba", "city", "BOL", "Cochabamba"),
        ("the Amber Lantern Palace in Cochabamba", "venue", "BOL", "Cochabamba"),
        ("Hotel Tamarind at Santa Cruz de la Sierra", "venue", "BOL", "Santa Cruz de la Sierra"),
        ("Cochabamba, Bolivia", "city", "BOL", "Cochabamba"),
        ("the Quartz Pavilion", "venue", "BOL", "La Paz"),  # a seat of power: the capital
        ("Bolivia", "country", "BOL", "La Paz"),  # a country: its capital's point
        ("a farm in Bolivia", "country", "BOL", "La Paz"),  # a site in a country is no finer
    ],
)
def test_a_place_gets_the_point_and_precision_of_what_it_names(
    name, precision, country, point_city
):
    found = geocode(name, KB)
    assert found is not None
    assert (found.name, found.precision, found.country) == (name, precision, country)
    assert (found.latitude, found.longitude) == point_of(point_city)


def test_a_city_carries_the_iso_code_of_its_first_level_region():
    found = geocode("Cochabamba", KB)
    city = find_city("Cochabamba")
    assert found is not None and city is not None
    assert found.region == region_code(city.region_key)
    assert found.region is not None and found.region.startswith("BO-")


@pytest.mark.parametrize(
    "name,code,country",
    [
        ("Bavaria", "DE-BY", "DEU"),  # an English name of Bayern
        ("Guangdong Province", "CN-GD", "CHN"),
        ("Ile-de-France", "FR-IDF", "FRA"),  # accents left out
    ],
)
def test_a_first_level_region_is_placed_at_its_largest_city(name, code, country):
    found = geocode(name, KB)
    region = find_region(name)
    assert found is not None and region is not None and region.key is not None
    largest = largest_city(region.key)
    assert largest is not None
    assert (found.precision, found.region, found.country) == ("region", code, country)
    assert (found.latitude, found.longitude) == (largest.latitude, largest.longitude)


def test_a_site_in_a_region_is_placed_in_the_region():
    found = geocode("a lakeside lodge in Bavaria", KB)
    assert found is not None
    assert (found.precision, found.region) == ("region", "DE-BY")


def test_city_comma_region_is_the_city_only_when_it_lies_in_that_region():
    # The most populous Springfield is not in Illinois: the region is all that is sure.
    found = geocode("Springfield, Illinois", KB)
    assert found is not None
    assert (found.precision, found.region) == ("region", "US-IL")
    munich = geocode("Munich, Bavaria", KB)
    assert munich is not None
    assert (munich.precision, munich.region) == ("city", "DE-BY")


def test_a_country_name_that_is_also_a_foreign_city_stays_the_country():
    # GeoNames has a "Jordan" in Hong Kong; the knowledge base says Jordan is a state.
    found = geocode("Jordan", KB)
    assert found is not None
    assert (found.precision, found.country) == ("country", "JOR")
    assert (found.latitude, found.longitude) == point_of("Amman")


def test_a_region_name_several_countries_share_is_not_placed():
    assert find_region("Punjab") is None  # India's and Pakistan's
    assert geocode("Punjab", KB) is None


def test_a_city_name_several_cities_share_goes_to_the_most_populous():
    found = geocode("Córdoba", KB)
    assert found is not None
    assert (found.precision, found.country) == ("city", "ARG")  # not the Spanish one


@pytest.mark.parametrize("name", ["the Glass Orchard Hall", "Atlantis Prime", "", "NY"])
def test_a_name_no_source_knows_is_not_placed(name):
    assert geocode(name, KB) is None


@pytest.mark.parametrize(
    "name,code,country",
    [
        ("Florida", "US-FL", "USA"),  # not Uruguay's department, nor the Cuban town
        ("Maryland", "US-MD", "USA"),  # not Liberia's county
        ("Amazonas", "BR-AM", "BRA"),  # not the Venezuelan, Colombian or Peruvian state
    ],
)
def test_a_region_name_one_far_more_populous_country_bears_is_that_region(name, code, country):
    found = geocode(name, KB)
    assert found is not None
    assert (found.precision, found.region, found.country) == ("region", code, country)


def test_a_region_of_comparable_size_abroad_leaves_the_name_unplaced():
    assert find_region("Central") is None  # Uganda's, Zambia's, Ghana's ... regions


@pytest.mark.parametrize(
    "name,precision,country",
    [
        ("Ontario", "region", "CAN"),  # the province outweighs the Californian city
        ("Virginia", "region", "USA"),  # the state outweighs the South African town
        ("Granada", "city", "ESP"),  # the Spanish city outweighs the Nicaraguan department
        ("Washington", "city", "USA"),  # a city in a region of its own country stays the city
    ],
)
def test_a_name_both_a_city_and_a_foreign_region_bear_is_the_more_populous(
    name, precision, country
):
    found = geocode(name, KB)
    assert found is not None
    assert (found.precision, found.country) == (precision, country)
