"""Convert the Phoenix country actors dictionary into pipeline/kb/phoenix_persons.tsv.

Source: ``Phoenix.Countries.actors.txt`` from openeventdata/petrarch2 (MIT licence), a
TABARI-format dictionary: an actor line in capitals with underscores for spaces, ``+`` lines as
aliases, and ``[CODE YYMMDD-YYMMDD]`` lines as dated roles (``>YYMMDD`` from then on, ``<YYMMDD``
until then). Only persons are kept: country entries, institutions and groups are skipped.

Usage::

    python scripts/convert_phoenix.py PATH/TO/Phoenix.Countries.actors.txt [OUTPUT.tsv]

Output columns: name, aliases, country, office, code, start, end. ``code``, ``office``, ``start``
and ``end`` describe the person's latest role; ``country`` is its ISO-3 country when the CAMEO
code starts with one.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "pipeline" / "kb" / "phoenix_persons.tsv"
COUNTRIES_TSV = ROOT / "pipeline" / "kb" / "countries.tsv"
HEADER = ["name", "aliases", "country", "office", "code", "start", "end"]

# CAMEO country codes that differ from ISO 3166-1 alpha-3 (or from the project's codes).
CAMEO_TO_ISO = {"USR": "SUN", "FRY": "YUG", "KSV": "XKX", "TMP": "TLS", "ROM": "ROU", "ZAR": "COD"}

SECTORS = {
    "GOV": "Government",
    "MIL": "Military",
    "OPP": "Opposition",
    "ELI": "Elite",
    "REB": "Rebel",
    "INS": "Insurgent",
    "LEG": "Legislature",
    "JUD": "Judiciary",
    "BUS": "Business",
    "MED": "Media",
    "SPY": "Intelligence",
    "COP": "Police",
    "PTY": "Party",
    "HLH": "Health",
    "EDU": "Education",
    "DEV": "Development",
    "ENV": "Environment",
    "AGR": "Agriculture",
    "LAB": "Labour",
    "REF": "Refugees",
    "HRI": "Human Rights",
    "REL": "Religion",
    "MUS": "Muslim",
    "CHR": "Christian",
    "JEW": "Jewish",
    "ISI": "Islamist",
    "UNR": "Unrecognised",
    "OCC": "Occupation",
    "CVL": "Civilian",
    "SEP": "Separatist",
    "UAF": "Armed forces",
    "AUT": "Autonomous",
    "MOD": "Moderate",
    "RAD": "Radical",
    "IGO": "Intergovernmental organisation",
    "NGO": "Non-governmental organisation",
    "UNO": "United Nations",
}

# Section comments ("# Prime Ministers") that name the office of the entries below them.
SECTION_OFFICES = [
    (re.compile(r"\bprime ministers?\b", re.I), "Prime Minister"),
    (re.compile(r"\bforeign ministers?\b", re.I), "Foreign Minister"),
    (re.compile(r"\bvice presidents?\b", re.I), "Vice President"),
    (re.compile(r"\bpresidents?\b", re.I), "President"),
    (re.compile(r"\bchancellors?\b", re.I), "Chancellor"),
    (re.compile(r"\bpremiers?\b", re.I), "Premier"),
    (re.compile(r"\bmonarch(?:\[?s\]?)?\b|\bkings?\b", re.I), "Monarch"),
]

# Words that mark an entry as an institution, a group or a place rather than a person.
NON_PERSON_WORDS = set(
    """
    ARMY ARMED FORCES FORCE MINISTRY MINISTRIES MINISTER MINISTERS PARTY PARTIES COUNCIL
    GOVERNMENT GOVERNMENTS POLICE COMMITTEE ASSEMBLY PARLIAMENT COURT BANK AGENCY OFFICE
    DEPARTMENT UNIVERSITY SCHOOL NEWS TIMES GROUP FRONT MOVEMENT ORGANIZATION ORGANISATION
    UNION LEAGUE ALLIANCE BRIGADE BRIGADES MILITIA MILITIAS REBEL REBELS SOLDIER SOLDIERS
    TROOPS CABINET REGIME AUTHORITY AUTHORITIES COMMISSION CORPS GUARD GUARDS SERVICE
    SERVICES INSTITUTE ASSOCIATION FEDERATION CONGRESS SENATE NAVY NAVAL COMMAND EMBASSY
    CONSULATE PRESIDENCY PALACE HOUSE STATE STATES REPUBLIC KINGDOM ISLAND ISLANDS CITY
    PROVINCE PROVINCES REGION RIVER MOUNT MOUNTAINS PEOPLE PEOPLES POPULAR NATIONAL
    COMPANY CORPORATION INC LTD TELEVISION TV RADIO AIRLINES AIRWAYS OFFICIALS OFFICIAL
    LEADERS LEADERSHIP SUPPORTERS FIGHTERS INSURGENTS MILITANTS TALIBAN JUNTA SECURITY
    INTELLIGENCE EMPIRE DYNASTY CHURCH MOSQUE COMMUNIST COMMUNISTS SOCIALIST SOCIALISTS
    DEMOCRATIC DEMOCRATS REPUBLICANS CONSERVATIVES LIBERALS OPPOSITION GENDARMERIE
    POLICEMEN POLICEMAN AIRPORT PORT PROSECUTOR PROSECUTORS JUDGES JUDICIARY AIR
    PRESIDENT PRIME CHIEF SPOKESMAN SPOKESWOMAN SPOKESPERSON AMBASSADOR HEAD TRIBES
    TRIBE CLAN CLANS FACTION FACTIONS MOVEMENTS COALITION BLOC DIVISION BATTALION REGIMENT
    UNIT UNITS COMMANDOS OPERATIONS GENERAL GENERALS OFFICERS ELECTORAL ELECTION
    ELECTIONS COUNTRY NATION TERRITORY TERRITORIES MUNICIPALITY COUNTY DISTRICT
    VILLAGE TOWN CAPITAL STREET SQUARE BAY GULF SEA OCEAN LAKE DESERT VALLEY COAST
    HOSPITAL MUSEUM CENTER CENTRE FOUNDATION TRUST FUND PROGRAM PROGRAMME PROJECT
    NEWSPAPER MAGAZINE PRESS BROADCASTING STATION EXCHANGE MARKET INDUSTRY INDUSTRIES
    WORKERS FARMERS STUDENTS CITIZENS RESIDENTS REFUGEES PROTESTERS DEMONSTRATORS
    YARD RIFLES RIOT DECLARATION BUREAU TEAM FEDERAL AHRAR GHURABA JABHAT JAISH JAYSH
    HIZB HARAKAT KATAIB LIWA SHURA MAJLIS LASHKAR TEHRIK SIPAH JAMAAT SHAM NUSRA
    BET MOSSAD KGB FSB CIA FBI NSA SAVAK STASI GESTAPO REGIMENTS LEGION ACADEMY
    """.split()
)

TITLE_WORDS = set(
    """
    PRESIDENT PRESIDENTS PRIME MINISTER PREMIER CHANCELLOR KING QUEEN PRINCE PRINCESS
    SHEIKH SHEIK EMIR SULTAN GENERAL GEN. GEN COLONEL COL. LT. LIEUTENANT MAJOR CAPTAIN
    ADMIRAL MARSHAL SECRETARY SENATOR REP. REPRESENTATIVE AMBASSADOR DR. DR MR. MR MRS.
    MRS MS. MS SIR LORD LADY DAME CHAIRMAN LEADER FORMER EX-PRESIDENT EX EX- MAYOR
    GOVERNOR AYATOLLAH GRAND CHIEF FOREIGN DEFENSE DEFENCE INTERIOR FINANCE VICE DEPUTY
    SPEAKER POPE BISHOP CARDINAL ARCHBISHOP REV. REVEREND IMAM MULLAH JUSTICE JUDGE
    STATE DICTATOR STRONGMAN PREMIER'S PRESIDENT'S PM KANZLER BUNDESKANZLER
    PRESIDENT-ELECT ADMINISTRATION REGIME GOVERNMENT MINISTRY CABINET ELECT
    """.split()
)

LOWER_PARTICLES = {
    "de",
    "da",
    "di",
    "do",
    "dos",
    "das",
    "du",
    "del",
    "della",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "bin",
    "ibn",
    "bint",
    "al",
    "el",
    "y",
    "ben",
    "ter",
    "zu",
    "of",
    "and",
}
ROMAN = re.compile(r"^(?=[IVXLC]+$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
COUNTRY_CODE_RE = re.compile(r"^[A-Z]{3}$")
ROLE_RE = re.compile(r"\[([A-Z]+)((?:\s+[<>]?\d{5,8}(?:-\d{5,8})?)?)\s*\]")


@dataclass
class Role:
    code: str
    start: str = ""
    end: str = ""
    dated: bool = False


@dataclass
class Entry:
    raw_name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    section: str = ""
    comment: str = ""


def parse_date(text: str) -> str:
    """Phoenix date (YYMMDD or YYYYMMDD) to ISO, as precise as it is valid; '' if unusable."""
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        return ""
    if not 1 <= month <= 12:
        return f"{year:04d}"
    try:
        dt.date(year, month, day)
    except ValueError:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_role(code: str, dates: str) -> Role:
    dates = dates.strip()
    if not dates:
        return Role(code)
    if dates.startswith(">"):
        return Role(code, start=parse_date(dates[1:]), dated=True)
    if dates.startswith("<"):
        return Role(code, end=parse_date(dates[1:]), dated=True)
    if "-" in dates:
        start, end = dates.split("-", 1)
        return Role(code, start=parse_date(start), end=parse_date(end), dated=True)
    return Role(code, start=parse_date(dates), dated=True)


def clean_phrase(text: str) -> str:
    text = re.sub(r"\[.*", "", text.split("#", 1)[0])
    text = re.sub(r'"[^"]*"', " ", text.replace("_", " ")).replace('"', " ")
    return re.sub(r"\s+", " ", text).strip(" .,")


def title_token(token: str, first: bool, korean: bool) -> str:
    if not first and ROMAN.match(token):
        return token
    if "-" in token:
        parts = token.split("-")
        head = title_token(parts[0], first, korean)
        rest = [p.lower() if korean else title_token(p, False, False) for p in parts[1:]]
        if head.lower() in {"al", "el"} and not first:
            head = head.lower()
        return "-".join([head, *rest])
    lower = token.lower()
    if not first and lower in LOWER_PARTICLES:
        return lower
    if token.startswith("'") and len(token) > 1:  # 'AZIZ
        return "'" + title_token(token[1:], first, korean)
    if "'" in token and len(token) > 2 and token[1] == "'":  # O'BRIEN, D'ALEMA
        return token[0].upper() + "'" + token[2:].capitalize()
    if lower.startswith("mc") and len(token) > 3 and token.isalpha():
        return "Mc" + token[2:].capitalize()
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?|[A-Z]", token):
        return token.upper()
    return token[:1].upper() + token[1:].lower()


def title_case(phrase: str, korean: bool = False) -> str:
    tokens = phrase.split()
    return " ".join(title_token(tok, i == 0, korean) for i, tok in enumerate(tokens))


def load_country_words(path: Path = COUNTRIES_TSV) -> tuple[set[str], set[str]]:
    """ISO codes and upper-cased country names, aliases and demonyms from countries.tsv."""
    codes: set[str] = set()
    words: set[str] = set()
    if not path.exists():
        return codes, words
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            codes.add(row["iso3"])
            for cell in (row["name"], row["aliases"], row["demonyms"]):
                words.update(value.upper() for value in cell.split("|") if value)
    return codes, words


def parse(lines: list[str]) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    section = ""
    for raw in lines:
        line = raw.rstrip("\n")
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            comment = stripped.lstrip("#").strip()
            if not comment.startswith("+") and not comment.startswith("["):
                section = comment
            continue
        if stripped.startswith("+"):
            if current is not None:
                phrase = clean_phrase(stripped[1:])
                if phrase:
                    current.aliases.append(phrase)
                current.roles.extend(parse_role(c, d) for c, d in ROLE_RE.findall(stripped))
            continue
        if line[0] in " \t" or stripped.startswith("["):
            if current is not None:
                current.roles.extend(parse_role(c, d) for c, d in ROLE_RE.findall(stripped))
            continue
        comment = stripped.split("#", 1)[1].strip() if "#" in stripped else ""
        current = Entry(clean_phrase(stripped), section=section, comment=comment)
        current.roles.extend(parse_role(c, d) for c, d in ROLE_RE.findall(stripped))
        if any(COUNTRY_CODE_RE.match(r.code) for r in current.roles):
            section = ""  # a country entry starts a new country's list
        entries.append(current)
    return entries


def is_person(entry: Entry, country_words: set[str]) -> bool:
    tokens = entry.raw_name.upper().split()
    if tokens and tokens[0] == "KPA":
        return False  # KPA_ entries duplicate the officers' own entries with rank prefixes
    if len(tokens) < 2 or len(tokens) > 6:
        return False
    if not entry.roles:
        return False
    if any(COUNTRY_CODE_RE.match(r.code) for r in entry.roles):
        return False  # a country or territory entry
    if any(tok.strip(".,'") in NON_PERSON_WORDS for tok in tokens):
        return False
    if entry.raw_name.upper() in country_words:
        return False
    if any(ch.isdigit() for ch in entry.raw_name) or "/" in entry.raw_name:
        return False
    if any(tok.upper() in country_words for tok in tokens):
        return False  # "CHINESE EMBASSY", "IRAQI ..." and the like
    return True


def latest_role(roles: list[Role]) -> Role:
    dated = [r for r in roles if r.dated]
    if not dated:
        return roles[-1]

    def key(role: Role) -> tuple[str, str]:
        end = role.end if role.end else "9999"
        return (end, role.start)

    return max(dated, key=key)


def country_of(code: str, iso_codes: set[str]) -> str:
    prefix = code[:3]
    prefix = CAMEO_TO_ISO.get(prefix, prefix)
    return prefix if prefix in iso_codes else ""


def office_of(entry: Entry, role: Role, country: str) -> str:
    triplets = [role.code[i : i + 3] for i in range(0, len(role.code), 3)]
    sectors = triplets[1:] if country else triplets
    if sectors == ["GOV"]:
        for pattern, office in SECTION_OFFICES:
            if pattern.search(entry.section) or pattern.search(entry.comment):
                return office
    words = [SECTORS[s] for s in sectors if s in SECTORS]
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{words[0]} ({', '.join(words[1:])})"


def alias_ok(alias: str, name: str, country_words: set[str]) -> bool:
    tokens = alias.upper().split()
    if len(tokens) < 2 or alias.upper() == name.upper():
        return False
    if any(tok in TITLE_WORDS or tok in country_words for tok in tokens):
        return False
    if any(tok in NON_PERSON_WORDS or tok.endswith(("'S", "S'")) for tok in tokens):
        return False
    if len([tok for tok in tokens if tok.lower() not in LOWER_PARTICLES]) < 2:
        return False  # a surname with a particle ("Al Assad") is still a surname
    return not any(ch.isdigit() for ch in alias)


def convert(source: Path) -> list[list[str]]:
    iso_codes, country_words = load_country_words()
    iso_codes |= set(CAMEO_TO_ISO.values())
    entries = parse(source.read_text(encoding="utf-8", errors="replace").splitlines())
    merged: dict[str, tuple[str, Entry]] = {}
    for entry in entries:
        if not is_person(entry, country_words):
            continue
        role = latest_role(entry.roles)
        korean = role.code[:3] in {"KOR", "PRK"}
        name = title_case(entry.raw_name, korean)
        key = name.lower()
        if key in merged:
            kept = merged[key][1]
            kept.aliases.extend(entry.aliases)
            kept.roles.extend(entry.roles)
            kept.section = kept.section or entry.section
        else:
            merged[key] = (name, entry)
    rows: list[list[str]] = []
    for name, entry in merged.values():
        role = latest_role(entry.roles)
        korean = role.code[:3] in {"KOR", "PRK"}
        aliases: list[str] = []
        for alias in entry.aliases:
            cased = title_case(alias, korean)
            if alias_ok(cased, name, country_words) and cased not in aliases:
                aliases.append(cased)
        country = country_of(role.code, iso_codes)
        if country and len(role.code) >= 6 and role.code[3:6] not in SECTORS:
            continue  # a dependent territory or region (GBRIMY, BIHSRP), not a person
        rows.append(
            [
                name,
                "|".join(aliases),
                country,
                office_of(entry, role, country),
                role.code,
                role.start,
                role.end,
            ]
        )
    rows.sort(key=lambda row: (row[2], row[0]))
    return rows


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    rows = convert(Path(argv[0]))
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"wrote {len(rows)} persons to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
