"""Geocoding, offline: a place name as the text gives it to a point, country, region and precision.

Sources, in this order (all installed with the package, nothing is fetched):
- the knowledge base's countries, capitals and seats of power (`kb/countries.tsv`);
- the GeoNames cities of 15,000 people or more (`pipeline.gazetteer`);
- the first-level regions of ISO 3166-2 and GeoNames (`pipeline.regions`).

Rules (the precision says what the point stands for):
- a city: its own point, precision 'city'. A name the knowledge base gives another country than
  the most populous city of that name ("Jordan", "Lebanon") is the country. A name that is both a
  country and its city of the same name ("Singapore", "Luxembourg") is the city;
- a country: the point of its capital, precision 'country' (a country's centroid may lie in
  the sea or a desert no event happens in; its capital is where diplomacy does);
- a seat of power ("the Kremlin", "the Oval Office"): the capital's point, precision 'venue';
- a site in a known place ("the Great Hall of the People in Beijing", "United Nations, New
  York"): the place's point, precision 'venue' when the place is a city, else the place's;
  "City, Country" and "City, Region" are the city when it lies there;
- a first-level region ("Bavaria"): the point of its most populous city, precision 'region';
  a region name that regions of several countries share ("Punjab") is not placed, unless one
  is far more populous than the others ("Florida": the US state, not Uruguay's department);
- a name both a city and a region of another country bear is the one with more people, the
  region counted by its largest city: "Ontario" is the Canadian province, not the Californian
  city; "Granada" is the Spanish city, not the Nicaraguan department; "Maryland" is the state,
  not Maryland City in it; but a city's own name in its country's region ("Quebec") is the city.
"""

from __future__ import annotations

import re
from typing import Protocol

from pipeline.gazetteer import City, find_city, fold_place, largest_city
from pipeline.model import Location, PlacePrecision
from pipeline.regions import Region, find_region, people, region_code

# Where a site's name says which place it is in: "X in Y", "X at Y", "X, Y".
_WITHIN = re.compile(r",\s*|\s+(?:in|at)\s+")
FINE_PRECISIONS = frozenset({"venue", "city"})


class PlaceKnowledge(Protocol):
    """What geocoding needs from the actor knowledge base (`KnowledgeIndex`)."""

    capitals: dict[str, str]

    def country_of_place(self, name: str) -> str | None: ...

    def is_metonym(self, name: str) -> bool: ...


def geocode(name: str, knowledge: PlaceKnowledge) -> Location | None:
    """Return the location a place name stands for, or None when no source knows it.

    name (str): the place as the text names it ("Hà Nội", "the Kremlin", "Bavaria").
    knowledge (PlaceKnowledge): the countries, capitals and seats of power.
    RETURNS (Location | None): with country, point, region and precision.
    """
    return _named_place(name, knowledge) or _site_in_place(name, knowledge)


def country_location(name: str, country: str, knowledge: PlaceKnowledge) -> Location:
    """Return a place known only to lie in `country` (ISO-3), at its capital's point."""
    capital = _capital(country, knowledge)
    if capital is None:
        return Location(name, country, precision="country")
    return Location(name, country, capital.latitude, capital.longitude, precision="country")


def _named_place(name: str, knowledge: PlaceKnowledge) -> Location | None:
    """Return the location of a name that is itself a city, country, seat or region."""
    country = knowledge.country_of_place(name)
    city = find_city(name)
    if city is not None and country is not None and not knowledge.is_metonym(name):
        # A country's name is its city only where the city bears it as its own name
        # ("Singapore"), not as another name (the gazetteer lists "Paraguay" for Asunción).
        city = city if fold_place(city.name) == fold_place(name) else None
    region = find_region(name) if country is None else None
    if city is not None and (country is None or city.country == country):
        if region is None or not _region_outweighs(region, city, name):
            # A local spelling ("Hà Nội") is given the gazetteer's name of the city ("Hanoi").
            return _at_city(name if name.isascii() else city.name, city, "city")
    if country is not None:
        return _in_country(name, country, knowledge)
    if region is None:
        return None
    largest = largest_city(region.key) if region.key else None
    if largest is None:
        return Location(name, region.country, region=region.code, precision="region")
    return Location(
        name, region.country, largest.latitude, largest.longitude, region.code, "region"
    )


def _region_outweighs(region: Region, city: City, name: str) -> bool:
    """Return True when a name both a region and a city bear stands for the region: it has
    more people, unless the city's own name it is, in the region's own country ("Quebec")."""
    if region.country == city.country and fold_place(city.name) == fold_place(name):
        return False
    return people(region) > city.population


def _in_country(name: str, country: str, knowledge: PlaceKnowledge) -> Location:
    """A name the knowledge base places in a country: the country itself, its capital (a city
    the gazetteer lacks) or a seat of power in the capital."""
    if not knowledge.is_metonym(name):
        return country_location(name, country, knowledge)
    capital = _capital(country, knowledge)
    is_capital = fold_place(knowledge.capitals.get(country, "")) == fold_place(name)
    precision: PlacePrecision = "city" if is_capital else "venue"
    if capital is None:
        return Location(name, country, precision=precision)
    return _at_city(name, capital, precision)


def _site_in_place(name: str, knowledge: PlaceKnowledge) -> Location | None:
    """Return the location of "site in place" ("the X Palace in Lima"), from the last place
    named; "City, Country" and "City in Region" are the city when it lies there."""
    for separator in reversed(list(_WITHIN.finditer(name))):
        head, tail = name[: separator.start()], name[separator.end() :]
        place = _named_place(tail, knowledge)
        if place is None:
            continue
        city = _city_within(head, place)
        if city is not None:
            return _at_city(name, city, "city")
        precision = "venue" if place.precision in FINE_PRECISIONS else place.precision
        return Location(
            name, place.country, place.latitude, place.longitude, place.region, precision
        )
    return None


def _city_within(name: str, place: Location) -> City | None:
    """Return the city called `name` when it lies in `place` (its country, or its region when
    the place is one: "Springfield, Illinois" is not the larger Springfield of Missouri)."""
    city = find_city(name)
    if city is None or city.country != place.country:
        return None
    if place.precision == "region" and region_code(city.region_key) != place.region:
        return None
    return city


def _capital(country: str, knowledge: PlaceKnowledge) -> City | None:
    """Return the gazetteer city that is the capital of an ISO-3 country, or None."""
    name = knowledge.capitals.get(country)
    city = find_city(name) if name else None
    return city if city is not None and city.country == country else None


def _at_city(name: str, city: City, precision: PlacePrecision) -> Location:
    return Location(
        name, city.country, city.latitude, city.longitude, region_code(city.region_key), precision
    )
