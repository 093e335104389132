"""Country outlines for the report's map, from the countryinfo package's GeoJSON (offline).

plotly's geo maps fetch their outlines from a CDN at view time, and tile maps need a tile
server; the report must open offline, so the map is an ordinary x/y plot (longitude, latitude:
the equirectangular projection) over these outlines, drawn as one filled trace.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

# Two decimals (about a kilometre) are finer than the outlines themselves and keep the page small.
DECIMALS = 2


@functools.cache
def world_outlines() -> tuple[list[float | None], list[float | None]]:
    """Return (longitudes, latitudes) of every country ring, rings separated by None."""
    from countryinfo import CountryInfo

    longitudes: list[float | None] = []
    latitudes: list[float | None] = []
    for country in CountryInfo.all().values():
        for ring in _rings(country.get("geoJSON") or {}):
            longitudes.extend([round(lon, DECIMALS) for lon, _ in ring] + [None])
            latitudes.extend([round(lat, DECIMALS) for _, lat in ring] + [None])
    return longitudes, latitudes


def _rings(geojson: dict[str, Any]) -> Iterator[list[tuple[float, float]]]:
    """The outer rings of a GeoJSON FeatureCollection's polygons (holes are not drawn)."""
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            continue
        for polygon in polygons:
            if polygon:
                yield [(float(point[0]), float(point[1])) for point in polygon[0]]
