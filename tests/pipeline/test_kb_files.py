"""Integrity of the knowledge files the actor resolver reads (pipeline/kb/*.tsv).

These files are generated (scripts/kb_sources/build_kb.py, scripts/convert_phoenix.py); the
tests check the contract the resolver relies on: headers, codes, dates, coverage.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

KB_DIR = Path(__file__).resolve().parents[2] / "pipeline" / "kb"

HEADERS = {
    "countries.tsv": [
        "iso3", "name", "aliases", "demonyms", "capital", "metonyms", "historical", "led_by"
    ],  # fmt: skip
    "leaders.tsv": ["name", "aliases", "country", "office", "start", "end"],
    "organisations.tsv": ["name", "aliases", "country", "category", "code"],
    "phoenix_persons.tsv": ["name", "aliases", "country", "office", "code", "start", "end"],
}

# The 193 member states of the United Nations (ISO 3166-1 alpha-3).
UN_MEMBERS = frozenset(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
    BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB
    CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA
    GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN
    KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT
    MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK
    PLW PAN PNG PRY PER PHL POL PRT QAT ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
    SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO
    TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """.split()
)
# San Marino's heads of state are two Captains Regent elected every six months: not tracked.
UNTRACKED_HEADS = frozenset({"SMR"})
# Territories and observers the extractor must know besides the UN members.
REQUIRED_OTHERS = frozenset({"VAT", "PSE", "TWN", "XKX", "HKG", "MAC", "ESH"})
REQUIRED_HISTORICAL = frozenset({"SUN", "YUG", "DDR", "CSK", "SCG"})

HEAD_OFFICE = re.compile(
    r"\b(president|prime minister|premier|chancellor|king|queen|emperor|emir|sultan|"
    r"supreme leader|head of state|head of government|chief executive|pope|leader)\b",
    re.IGNORECASE,
)
NOT_HEAD_OFFICE = re.compile(r"\b(vice|deputy|acting)\b", re.IGNORECASE)
ISO3 = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ORG_CATEGORIES = {"igo", "state_media", "ministry", "party", "military", "agency", "ngo"}
# CAMEO actor codes: 3-letter blocks (country, sector, ...), e.g. IGOUNOKID, PRKMED.
CAMEO_CODE = re.compile(r"^(?:[A-Z]{3})+$")


def read(name: str) -> list[dict[str, str]]:
    with (KB_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def parse_partial(value: str, last: bool = False) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD to the first (or last) day it can mean."""
    parts = [int(part) for part in value.split("-")]
    if not last or len(parts) == 3:
        return date(parts[0], *(parts[1:] + [1, 1])[:2])
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return read("countries.tsv")


@pytest.fixture(scope="module")
def leaders() -> list[dict[str, str]]:
    return read("leaders.tsv")


@pytest.fixture(scope="module")
def organisations() -> list[dict[str, str]]:
    return read("organisations.tsv")


@pytest.fixture(scope="module")
def phoenix() -> list[dict[str, str]]:
    return read("phoenix_persons.tsv")


@pytest.fixture(scope="module")
def iso_codes(countries) -> set[str]:
    return {row["iso3"] for row in countries}


# -- every file --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_starts_with_the_agreed_header(name):
    first = (KB_DIR / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.split("\t") == HEADERS[name]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_every_row_has_as_many_cells_as_the_header(name):
    lines = (KB_DIR / name).read_text(encoding="utf-8").splitlines()
    bad = [n for n, line in enumerate(lines, 1) if line.count("\t") != len(HEADERS[name]) - 1]
    assert bad == []


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_no_row_is_duplicated(name):
    lines = (KB_DIR / name).read_text(encoding="utf-8").splitlines()
    duplicates = [line for line, count in Counter(lines).items() if count > 1]
    assert duplicates == []


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_no_cell_has_stray_whitespace_or_empty_alternatives(name):
    bad = []
    for row in read(name):
        for column, cell in row.items():
            if cell != cell.strip() or "||" in cell or cell.startswith("|") or cell.endswith("|"):
                bad.append((column, cell))
    assert bad == []


# -- countries ----------------------------------------------------------------------------


def test_country_codes_are_unique_iso3(countries):
    codes = [row["iso3"] for row in countries]
    assert all(ISO3.match(code) for code in codes)
    assert [code for code, n in Counter(codes).items() if n > 1] == []


def test_every_country_has_a_name_and_a_demonym(countries):
    missing = [row["iso3"] for row in countries if not row["name"] or not row["demonyms"]]
    assert missing == []


def test_historical_flag_is_zero_or_one(countries):
    assert {row["historical"] for row in countries} <= {"0", "1"}


def test_every_un_member_and_required_entity_is_a_current_country(countries):
    current = {row["iso3"] for row in countries if row["historical"] == "0"}
    assert len(UN_MEMBERS) == 193
    assert (UN_MEMBERS | REQUIRED_OTHERS) - current == set()


def test_only_current_states_are_marked_led_by_their_government(countries):
    led = [row for row in countries if row["led_by"]]
    assert {row["led_by"] for row in led} == {"head_of_government"}
    assert all(row["historical"] == "0" for row in led)
    # parliamentary republics, not presidential ones
    assert {"DEU", "IND", "ITA"} <= {row["iso3"] for row in led}
    assert not {"USA", "FRA", "RUS"} & {row["iso3"] for row in led}


def test_dissolved_states_are_marked_historical(countries):
    historical = {row["iso3"] for row in countries if row["historical"] == "1"}
    assert REQUIRED_HISTORICAL <= historical


@pytest.mark.parametrize(
    ("surface", "iso3"),
    [
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("Pyongyang", "PRK"),
        ("South Korea", "KOR"),
        ("Seoul", "KOR"),
        ("U.S.", "USA"),
        ("White House", "USA"),
        ("Kremlin", "RUS"),
        ("Beijing", "CHN"),
        ("Zhongnanhai", "CHN"),
        ("Downing Street", "GBR"),
        ("Élysée", "FRA"),
        ("Türkiye", "TUR"),
        ("Viet Nam", "VNM"),
        ("Burma", "MMR"),
        ("Swaziland", "SWZ"),
        ("Côte d'Ivoire", "CIV"),
        ("Kantei", "JPN"),
        ("Oval Office", "USA"),
        # "Korea" alone is South Korea in news since 1948
        ("Korea", "KOR"),
    ],
)
def test_names_aliases_and_metonyms_lead_to_their_state(countries, surface, iso3):
    owners = {
        row["iso3"]
        for row in countries
        for cell in (row["name"], row["aliases"], row["metonyms"])
        if surface in cell.split("|")
    }
    assert owners == {iso3}


# Names two current states really share; the document decides which one is meant (see
# pipeline/kb/README.md). Any other shared name is a mistake in the file.
SHARED_NAMES = {"Congo": {"COD", "COG"}}


def test_no_surface_form_names_two_current_states_but_the_deliberately_shared(countries):
    owners: dict[str, set[str]] = {}
    for row in countries:
        if row["historical"] == "1":
            continue
        for cell in (row["name"], row["aliases"], row["metonyms"]):
            for value in filter(None, cell.split("|")):
                owners.setdefault(value, set()).add(row["iso3"])
    assert {value: codes for value, codes in owners.items() if len(codes) > 1} == SHARED_NAMES


# -- leaders ------------------------------------------------------------------------------


def test_leader_dates_parse_and_terms_do_not_end_before_they_start(leaders):
    bad = []
    for row in leaders:
        for value in (row["start"], row["end"]):
            if value and not DATE.match(value):
                bad.append(row)
                continue
            if value:
                parse_partial(value)  # raises on an impossible month or day
        if row["start"] and row["end"] and row["end"] < row["start"]:
            bad.append(row)
    assert bad == []


def test_every_leader_term_has_a_name_an_office_and_a_start(leaders):
    assert [row for row in leaders if not (row["name"] and row["office"] and row["start"])] == []


def test_leaders_countries_exist_in_countries_file(leaders, iso_codes):
    unknown = {row["country"] for row in leaders if row["country"]} - iso_codes
    assert unknown == set()


def test_every_un_member_has_a_head_of_state_or_government_since_2018(leaders):
    covered = {
        row["country"]
        for row in leaders
        if HEAD_OFFICE.search(row["office"])
        and not NOT_HEAD_OFFICE.search(row["office"])
        and (not row["end"] or row["end"] >= "2018")
    }
    assert UN_MEMBERS - UNTRACKED_HEADS - covered == set()


def test_no_alias_is_a_bare_surname(leaders):
    """The resolver finds surnames itself; a monarch's regnal name ("Naruhito") is no surname."""
    regnal = ("King ", "Queen ", "Emperor ", "Pope ", "Sultan ", "Prince ", "Grand Duke ")
    single_word = [
        (row["name"], alias)
        for row in leaders
        if not row["name"].startswith(regnal)
        for alias in filter(None, row["aliases"].split("|"))
        if " " not in alias and alias.split()[0].lower() == row["name"].split()[-1].lower()
    ]
    assert single_word == []


def test_aliases_do_not_repeat_the_name(leaders):
    assert [row["name"] for row in leaders if row["name"] in row["aliases"].split("|")] == []


@pytest.mark.parametrize(
    ("name", "country", "office", "day"),
    [
        ("Xi Jinping", "CHN", "President", "2024-06-01"),
        ("Kim Jong Un", "PRK", "General Secretary", "2023-01-01"),
        ("Lee Jae-myung", "KOR", "President", "2025-07-01"),
        ("Yoon Suk Yeol", "KOR", "President", "2023-01-01"),
        ("To Lam", "VNM", "General Secretary", "2025-01-01"),
        ("Li Qiang", "CHN", "Premier", "2024-01-01"),
        ("Recep Tayyip Erdogan", "TUR", "President", "2020-01-01"),
        ("Antonio Guterres", "", "Secretary-General", "2022-01-01"),
        ("Mark Rutte", "", "NATO Secretary General", "2025-01-01"),
    ],
)
def test_well_known_office_holders_are_in_office_on_a_sample_day(
    leaders, name, country, office, day
):
    terms = [
        row
        for row in leaders
        if row["name"] == name and row["country"] == country and row["office"] == office
    ]
    assert any(row["start"] <= day and (not row["end"] or row["end"] >= day) for row in terms)


def test_single_holder_offices_do_not_overlap(leaders):
    """Sequential offices (one holder at a time) never overlap by more than a day; a
    month-precise start may fall anywhere in its month."""
    single = {"Prime Minister", "Premier", "Chancellor", "Foreign Minister", "Secretary of State"}
    by_key: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in leaders:
        if row["country"] and row["office"] in single:
            by_key.setdefault((row["country"], row["office"]), []).append(row)
    overlaps = []
    for terms in by_key.values():
        terms.sort(key=lambda row: row["start"])
        for earlier, later in zip(terms, terms[1:], strict=False):
            if (
                not earlier["end"]
                or (parse_partial(later["start"], last=True) - parse_partial(earlier["end"])).days
                < -1
            ):
                overlaps.append((earlier["name"], later["name"], later["country"]))
    assert overlaps == []


# -- organisations ------------------------------------------------------------------------


def test_organisation_categories_are_the_agreed_ones(organisations):
    assert {row["category"] for row in organisations} <= ORG_CATEGORIES


def test_national_organisations_name_a_known_country(organisations, iso_codes):
    unknown = {row["country"] for row in organisations if row["country"]} - iso_codes
    assert unknown == set()


def test_igos_are_international(organisations):
    assert [
        row["name"] for row in organisations if row["category"] == "igo" and row["country"]
    ] == []


def test_organisation_codes_are_cameo_shaped(organisations):
    assert [
        row["code"] for row in organisations if row["code"] and not CAMEO_CODE.match(row["code"])
    ] == []


@pytest.mark.parametrize(
    ("alias", "country", "category"),
    [
        ("KCNA", "PRK", "state_media"),
        ("Xinhua", "CHN", "state_media"),
        ("TASS", "RUS", "state_media"),
        ("Yonhap", "KOR", "state_media"),
        ("WPK", "PRK", "party"),
        ("CPC", "CHN", "party"),
        ("NATO", "", "igo"),
        ("UN", "", "igo"),
        ("ASEAN", "", "igo"),
        ("IAEA", "", "igo"),
    ],
)
def test_key_organisations_are_known_by_their_short_names(organisations, alias, country, category):
    hits = [
        row for row in organisations if alias == row["name"] or alias in row["aliases"].split("|")
    ]
    assert [(row["country"], row["category"]) for row in hits] == [(country, category)]


def test_organisation_names_and_aliases_are_unambiguous(organisations):
    owners: dict[str, set[str]] = {}
    for row in organisations:
        for value in filter(None, [row["name"], *row["aliases"].split("|")]):
            owners.setdefault(value, set()).add(row["name"])
    assert {value: names for value, names in owners.items() if len(names) > 1} == {}


# -- phoenix persons ----------------------------------------------------------------------


def test_phoenix_persons_are_unique_by_name(phoenix):
    names = Counter(row["name"] for row in phoenix)
    assert [name for name, count in names.items() if count > 1] == []


def test_phoenix_persons_have_valid_dates_codes_and_countries(phoenix, iso_codes):
    bad = [
        row
        for row in phoenix
        if not CAMEO_CODE.match(row["code"])
        or (row["country"] and row["country"] not in iso_codes)
        or any(value and not DATE.match(value) for value in (row["start"], row["end"]))
    ]
    assert bad == []


def test_phoenix_persons_are_people_not_institutions(phoenix):
    institution_words = re.compile(r"\b(Ministry|Party|Army|Council|Government|Police)\b")
    assert [row["name"] for row in phoenix if institution_words.search(row["name"])] == []


@pytest.mark.parametrize(
    ("name", "country", "code"),
    [
        ("Vladimir Putin", "RUS", "RUSGOV"),
        ("Hu Jintao", "CHN", "CHNGOV"),
        ("Kim Jong Il", "PRK", "PRKGOV"),
        ("Angela Merkel", "DEU", "DEUGOV"),
    ],
)
def test_phoenix_conversion_keeps_well_known_leaders(phoenix, name, country, code):
    rows = [row for row in phoenix if row["name"] == name]
    assert [(row["country"], row["code"]) for row in rows] == [(country, code)]


# -- the Phoenix converter ----------------------------------------------------------------


@pytest.fixture(scope="module")
def converter():
    """scripts/convert_phoenix.py loaded as a module (scripts/ is no package)."""
    import importlib.util
    import sys

    path = KB_DIR.parents[1] / "scripts" / "convert_phoenix.py"
    spec = importlib.util.spec_from_file_location("convert_phoenix", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("991231", "1999-12-31"),
        ("300101", "2030-01-01"),
        ("310101", "1931-01-01"),
        ("000507", "2000-05-07"),
        ("20121115", "2012-11-15"),
        ("991301", "1999"),
        ("990230", "1999-02"),
        ("9008223", ""),
    ],
)
def test_phoenix_dates_use_the_two_digit_year_pivot(converter, text, expected):
    assert converter.parse_date(text) == expected


@pytest.mark.parametrize(
    ("dates", "start", "end"),
    [
        (" 990809-000507", "1999-08-09", "2000-05-07"),
        (" >080508", "2008-05-08", ""),
        (" <900823", "", "1990-08-23"),
        ("", "", ""),
    ],
)
def test_phoenix_role_ranges_become_start_and_end(converter, dates, start, end):
    role = converter.parse_role("RUSGOV", dates)
    assert (role.start, role.end) == (start, end)


@pytest.mark.parametrize(
    ("raw", "korean", "expected"),
    [
        ("KIM JONG UN", True, "Kim Jong Un"),
        ("BAN KI-MOON", True, "Ban Ki-moon"),
        ("BASHAR AL-ASSAD", False, "Bashar al-Assad"),
        ("JOHN MCCAIN", False, "John McCain"),
        ("CONOR O'BRIEN", False, "Conor O'Brien"),
        ("JUAN CARLOS I", False, "Juan Carlos I"),
        ("XI JINPING", False, "Xi Jinping"),
        ("CHARLES DE GAULLE", False, "Charles de Gaulle"),
        ("GEORGE W. BUSH", False, "George W. Bush"),
    ],
)
def test_phoenix_names_are_title_cased_as_news_writes_them(converter, raw, korean, expected):
    assert converter.title_case(raw, korean) == expected


def test_phoenix_latest_role_prefers_the_open_ended_one(converter):
    roles = [
        converter.parse_role("RUSELI", " 700101-990809"),
        converter.parse_role("RUSGOV", " >080508"),
        converter.parse_role("RUSGOV", " 991231-080507"),
        converter.parse_role("RUSELI", ""),
    ]
    assert converter.latest_role(roles).start == "2008-05-08"


def test_phoenix_parser_keeps_persons_and_skips_countries_and_groups(converter):
    text = """
ARMENIA_  [ARM]
+YEREVAN_
LEVON_TER_PETROSYAN_  # CountryInfo.txt
+LEVON_TER-PETROSYAN
	[ARMELI 630101-900804]
	[ARMGOV 900804-980203]
AFGHAN_NATIONAL_SECURITY_FORCES
+ANSF
	[AFGMIL]
"""
    entries = converter.parse(text.splitlines())
    persons = [e.raw_name for e in entries if converter.is_person(e, {"ARMENIA", "AFGHAN"})]
    assert persons == ["LEVON TER PETROSYAN"]
