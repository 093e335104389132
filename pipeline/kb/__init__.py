"""Knowledge files the extractor reads (CAMEO table, countries, leaders, ...).

The files are data in the project's own formats, described with their sources and licences in
README.md next to them. `KB_DIR` is their folder inside the installed package, so callers (the
extractor, the database migrations) find them from any working folder.

The loaders below turn the actor files into plain records. They read UTF-8 TSV with a header
row, `|` between the values of a multi-valued cell and an empty cell for "unknown". A missing
file yields no records and a warning: the knowledge grows file by file, and an extractor with
less knowledge still runs.
"""

from __future__ import annotations

import calendar
import functools
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

KB_DIR = Path(__file__).resolve().parent

COUNTRIES_FILE = "countries.tsv"
ORGANISATIONS_FILE = "organisations.tsv"
LEADERS_FILE = "leaders.tsv"
PHOENIX_PERSONS_FILE = "phoenix_persons.tsv"
TITLES_FILE = "titles.tsv"


@dataclass(frozen=True)
class CountryRecord:
    """One state: its canonical name and every word that stands for it."""

    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    metonyms: tuple[str, ...] = ()
    historical: bool = False
    # A parliamentary republic: its head of government, not its president, leads it.
    government_leads: bool = False


@dataclass(frozen=True)
class OrganisationRecord:
    """One organisation: international (country None) or a state's body."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    category: str | None = None  # igo, state_media, ministry, party, military, agency, ngo
    code: str | None = None  # CAMEO actor code


@dataclass(frozen=True)
class PersonRecord:
    """One office term of one person (leaders.tsv and phoenix_persons.tsv rows)."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    office: str | None = None
    code: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class TitleRecord:
    """A title word or phrase ("prime minister") and the office and category it names."""

    title: str
    office: str
    category: str
    country: str | None = None  # ISO3 of the one state whose office it is ("Taoiseach")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Return the rows of a knowledge TSV as dicts of stripped cells; [] when the file is missing.

    There is no quoting: names such as `Workers' Party` or `"Dear Leader"` are data, not
    syntax, so a line is split on tabs (also much faster than `csv` for the large files).
    """
    if not path.exists():
        logger.warning("knowledge file %s is missing; its records are left out", path)
        return []
    with path.open(encoding="utf-8") as handle:
        header = [name.strip() for name in handle.readline().rstrip("\r\n").split("\t")]
        rows = []
        for line in handle:
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) == 1 and not cells[0].strip():
                continue
            rows.append({name: cell.strip() for name, cell in zip(header, cells, strict=False)})
        return rows


def split_values(cell: str | None) -> tuple[str, ...]:
    """Split a multi-valued cell on `|`, dropping empty values."""
    if not cell:
        return ()
    return tuple(value.strip() for value in cell.split("|") if value.strip())


@functools.lru_cache(maxsize=65536)
def parse_kb_date(text: str | None, *, end: bool = False) -> date | None:
    """Parse YYYY-MM-DD, YYYY-MM or YYYY; a partial date is its first day, or last if `end`.

    A term that ends "2019" lasted through 2019, so the end of a range is read inclusively.
    Returns None for an empty or malformed cell (an unknown bound).
    """
    if not text:
        return None
    parts = text.strip().split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 12, 31) if end else date(year, 1, 1)
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last) if end else date(year, month, 1)
        return date(year, month, int(parts[2]))
    except (ValueError, IndexError):
        logger.warning("unreadable date %r in the knowledge files", text)
        return None


def _path(name: str, path: Path | None) -> Path:
    return path if path is not None else KB_DIR / name


def load_countries(path: Path | None = None) -> list[CountryRecord]:
    """Read countries.tsv (iso3, name, aliases, demonyms, capital, metonyms, historical,
    led_by)."""
    return [
        CountryRecord(
            iso3=row["iso3"].upper(),
            name=row["name"],
            aliases=split_values(row.get("aliases")),
            demonyms=split_values(row.get("demonyms")),
            capital=row.get("capital") or None,
            metonyms=split_values(row.get("metonyms")),
            historical=row.get("historical", "0") == "1",
            government_leads=row.get("led_by") == "head_of_government",
        )
        for row in read_tsv(_path(COUNTRIES_FILE, path))
        if row.get("iso3") and row.get("name")
    ]


def load_organisations(path: Path | None = None) -> list[OrganisationRecord]:
    """Read organisations.tsv (name, aliases, country, category, code)."""
    return [
        OrganisationRecord(
            name=row["name"],
            aliases=split_values(row.get("aliases")),
            country=(row.get("country") or "").upper() or None,
            category=row.get("category") or None,
            code=row.get("code") or None,
        )
        for row in read_tsv(_path(ORGANISATIONS_FILE, path))
        if row.get("name")
    ]


def _load_persons(path: Path) -> list[PersonRecord]:
    return [
        PersonRecord(
            name=row["name"],
            aliases=split_values(row.get("aliases")),
            country=(row.get("country") or "").upper() or None,
            office=row.get("office") or None,
            code=row.get("code") or None,
            start=parse_kb_date(row.get("start")),
            end=parse_kb_date(row.get("end"), end=True),
        )
        for row in read_tsv(path)
        if row.get("name")
    ]


def load_leaders(path: Path | None = None) -> list[PersonRecord]:
    """Read leaders.tsv (name, aliases, country, office, start, end): one row per office term."""
    return _load_persons(_path(LEADERS_FILE, path))


def load_phoenix_persons(path: Path | None = None) -> list[PersonRecord]:
    """Read phoenix_persons.tsv (name, aliases, country, office, code, start, end)."""
    return _load_persons(_path(PHOENIX_PERSONS_FILE, path))


def load_titles(path: Path | None = None) -> list[TitleRecord]:
    """Read titles.tsv (title, office, category, and the country of a title only one state
    uses)."""
    return [
        TitleRecord(
            title=row["title"],
            office=row["office"],
            category=row["category"],
            country=row.get("country") or None,
        )
        for row in read_tsv(_path(TITLES_FILE, path))
        if row.get("title") and row.get("office") and row.get("category")
    ]
