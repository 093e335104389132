"""Generate pipeline/kb/{countries,leaders,organisations}.tsv from the source lists here.

The source lists (``countries.txt``, ``leaders.txt``, ``organisations.txt``) are compiled for
the project from public records. They are plain text, one record a line, fields separated by
`` ; `` and multi-valued cells by ``|``; lines starting with ``#`` are comments. Run::

    python scripts/kb_sources/build_kb.py

and commit the regenerated TSV files: the product reads only those.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
KB_DIR = HERE.parent.parent / "pipeline" / "kb"

COUNTRY_HEADER = [
    "iso3", "name", "aliases", "demonyms", "capital", "metonyms", "historical", "led_by"
]  # fmt: skip
LEADER_HEADER = ["name", "aliases", "country", "office", "start", "end"]
ORG_HEADER = ["name", "aliases", "country", "category", "code"]

# The last field of countries.txt: "government" where the head of government leads the state
# (a parliamentary republic), else empty (the head of state, or the government of a monarchy).
LED_BY = {"": "", "government": "head_of_government"}

# Capitals that do not stand for their state on their own: too ambiguous in English text, or
# standing for something else in news ("Brussels" is the EU).
AMBIGUOUS_CAPITALS = {
    "Brussels",
    "Victoria",
    "Hamilton",
    "Stanley",
    "Kingston",
    "Kingstown",
    "George Town",
    "Georgetown",
    "Praia",
    "Male",
    "Apia",
    "Avarua",
    "Alofi",
    "Yaren",
    "Funafuti",
    "Palikir",
    "Majuro",
}

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _fields(line: str, count: int) -> list[str]:
    parts = [part.strip() for part in re.split(r"\s*;\s*", line)]
    if len(parts) > count:
        raise ValueError(f"too many fields ({len(parts)} > {count}): {line!r}")
    return parts + [""] * (count - len(parts))


def _lines(name: str):
    for number, raw in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def _multi(*cells: str, exclude: set[str] = frozenset()) -> str:
    seen: list[str] = []
    for cell in cells:
        for value in cell.split("|"):
            value = value.strip()
            if value and value not in seen and value not in exclude:
                seen.append(value)
    return "|".join(seen)


def demonym_forms(demonyms: str) -> str:
    """Add the plural people form of each demonym that has one ("Iraqi" -> "Iraqis")."""
    forms: list[str] = []
    for value in filter(None, (v.strip() for v in demonyms.split("|"))):
        forms.append(value)
        if value.endswith(("an", "i", "ot", "er")) and " " not in value:
            forms.append(value + "s")
    return _multi("|".join(forms))


def build_countries() -> list[list[str]]:
    rows = []
    for _, line in _lines("countries.txt"):
        iso3, name, aliases, demonyms, capital, metonyms, historical, led_by = _fields(line, 8)
        capital_metonym = "" if capital in AMBIGUOUS_CAPITALS or historical else capital
        rows.append(
            [
                iso3,
                name,
                _multi(aliases, exclude={name}),
                demonym_forms(demonyms),
                capital,
                _multi(capital_metonym, metonyms, exclude={name}),
                "1" if historical else "0",
                LED_BY[led_by],
            ]
        )
    return rows


# Letters that Unicode decomposition leaves alone, spelled as English-language news does.
SPECIAL_LETTERS = str.maketrans(
    {
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "Æ": "Ae",
        "æ": "ae",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Ł": "L",
        "ł": "l",
        "Đ": "Dj",
        "đ": "dj",
        "ı": "i",
        "ʻ": "'",
        "ʼ": "'",
        "’": "'",
        "‘": "'",
        "Œ": "Oe",
        "œ": "oe",
    }
)


def ascii_fold(text: str) -> str:
    """'Recep Tayyip Erdoğan' -> 'Recep Tayyip Erdogan'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(SPECIAL_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Transliterations of the same given name that news outlets use interchangeably.
GIVEN_NAME_VARIANTS = [
    ("Mohammed", "Mohammad", "Muhammad", "Mohamed", "Mohamad", "Muhammed"),
    ("Ahmed", "Ahmad"),
    ("Sergei", "Sergey"),
    ("Dmitry", "Dmitri", "Dmitriy"),
    ("Yuri", "Yury", "Yuriy"),
    ("Alexei", "Aleksei", "Alexey", "Aleksey"),
    ("Nikolai", "Nikolay"),
    ("Andrei", "Andrey"),
    ("Khalid", "Khaled"),
    ("Mahmoud", "Mahmud"),
    ("Yousef", "Yusuf", "Youssef"),
]
_GIVEN_NAME_GROUP = {name: group for group in GIVEN_NAME_VARIANTS for name in group}


def transliterations(name: str) -> list[str]:
    """'Mohammed bin Salman' -> 'Mohammad bin Salman', 'Muhammad bin Salman', ..."""
    tokens = name.split()
    variants = []
    for index, token in enumerate(tokens):
        for other in _GIVEN_NAME_GROUP.get(token, ()):
            if other != token:
                variants.append(" ".join([*tokens[:index], other, *tokens[index + 1 :]]))
    return variants


def name_variants(name: str) -> list[str]:
    """Spelling variants of a person's name: without accents, without hyphens, other
    transliterations of common given names."""
    variants = [name, ascii_fold(name)]
    variants += transliterations(variants[-1])
    for base in list(variants):
        if "-" in base:
            variants.append(base.replace("-", " "))
            variants.append(
                " ".join(part[:1].upper() + part[1:] for part in base.replace("-", " ").split())
            )
    return variants


def build_leaders() -> list[list[str]]:
    rows = []
    country = ""
    for number, line in _lines("leaders.txt"):
        if line.startswith("=="):
            country = line[2:].strip()
            if country == "-":
                country = ""
            continue
        office, name, aliases, start, end = _fields(line, 5)
        for value in (start, end):
            if value and not DATE_RE.match(value):
                raise ValueError(f"leaders.txt:{number}: bad date {value!r}")
        canonical = ascii_fold(name)
        alias_cells = [*name_variants(name)]
        for alias in aliases.split("|"):
            alias_cells.extend(name_variants(alias.strip()) if alias.strip() else [])
        rows.append(
            [
                canonical,
                _multi("|".join(alias_cells), exclude={canonical}),
                country,
                office,
                start,
                end,
            ]
        )
    return rows


# CAMEO sector appended to the country code when an organisation's code is left empty.
CATEGORY_SECTOR = {
    "state_media": "MED",
    "ministry": "GOV",
    "agency": "GOV",
    "military": "MIL",
    "party": "PTY",
    "ngo": "NGO",
}
CATEGORIES = {"igo", "state_media", "ministry", "party", "military", "agency", "ngo"}


def build_organisations() -> list[list[str]]:
    rows = []
    for number, line in _lines("organisations.txt"):
        name, aliases, country, category, code = _fields(line, 5)
        if category not in CATEGORIES:
            raise ValueError(f"organisations.txt:{number}: bad category {category!r}")
        if not code and country:
            code = country + CATEGORY_SECTOR.get(category, "")
        rows.append([name, _multi(aliases, exclude={name}), country, category, code])
    return rows


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    unique: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        key = tuple(row)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(header)
        writer.writerows(unique)


def main(argv: list[str]) -> int:
    targets = set(argv) or {"countries", "leaders", "organisations"}
    if "countries" in targets:
        write_tsv(KB_DIR / "countries.tsv", COUNTRY_HEADER, build_countries())
    if "leaders" in targets and (HERE / "leaders.txt").exists():
        write_tsv(KB_DIR / "leaders.tsv", LEADER_HEADER, build_leaders())
    if "organisations" in targets and (HERE / "organisations.txt").exists():
        write_tsv(KB_DIR / "organisations.tsv", ORG_HEADER, build_organisations())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
