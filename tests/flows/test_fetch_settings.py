"""The operator's fetch settings: read from the environment, a bad value named in the error."""

from __future__ import annotations

import ipaddress

import pytest

from flows.download import Limits
from flows.politeness import Manners
from flows.urlsafety import Allowance

SETTINGS = (
    "DIPEVENTS_FETCH_TIMEOUT",
    "DIPEVENTS_FETCH_DEADLINE",
    "DIPEVENTS_FETCH_MAX_BYTES",
    "DIPEVENTS_FETCH_RETRY_DELAYS",
    "DIPEVENTS_FETCH_ALLOW",
    "DIPEVENTS_FETCH_ROBOTS",
    "DIPEVENTS_FETCH_HOST_DELAY",
)


@pytest.fixture(autouse=True)
def unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    "env,expected",
    [
        ({}, Limits(20.0, 30.0, 5_000_000, (1.0, 2.0, 4.0))),
        ({"DIPEVENTS_FETCH_TIMEOUT": "2.5"}, Limits(timeout=2.5)),
        ({"DIPEVENTS_FETCH_DEADLINE": "12"}, Limits(deadline=12.0)),
        ({"DIPEVENTS_FETCH_MAX_BYTES": "1000"}, Limits(max_bytes=1000)),
        ({"DIPEVENTS_FETCH_RETRY_DELAYS": "0.5, 3"}, Limits(retry_delays=(0.5, 3.0))),
        ({"DIPEVENTS_FETCH_RETRY_DELAYS": ""}, Limits(retry_delays=())),
    ],
)
def test_fetch_limits_come_from_the_operator_settings(monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Limits.from_env() == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("", Allowance()),
        (
            " 127.0.0.1, 10.0.0.0/8 ,[::1], Intranet.Example.",
            Allowance(
                frozenset({"intranet.example"}),
                (
                    ipaddress.ip_network("127.0.0.1/32"),
                    ipaddress.ip_network("10.0.0.0/8"),
                    ipaddress.ip_network("::1/128"),
                ),
            ),
        ),
    ],
)
def test_allowed_hosts_and_networks_come_from_the_setting(monkeypatch, raw, expected):
    monkeypatch.setenv("DIPEVENTS_FETCH_ALLOW", raw)
    assert Allowance.from_env() == expected


@pytest.mark.parametrize(
    "env,expected",
    [
        ({}, Manners(robots=True, host_delay=1.0)),
        ({"DIPEVENTS_FETCH_ROBOTS": "off"}, Manners(robots=False)),
        ({"DIPEVENTS_FETCH_ROBOTS": "ON", "DIPEVENTS_FETCH_HOST_DELAY": "0"}, Manners(True, 0.0)),
    ],
)
def test_manners_come_from_the_settings(monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Manners.from_env() == expected


@pytest.mark.parametrize(
    "name,value,read",
    [
        ("DIPEVENTS_FETCH_TIMEOUT", "soon", Limits.from_env),
        ("DIPEVENTS_FETCH_DEADLINE", "0", Limits.from_env),
        ("DIPEVENTS_FETCH_MAX_BYTES", "-5", Limits.from_env),
        ("DIPEVENTS_FETCH_RETRY_DELAYS", "1,two", Limits.from_env),
        ("DIPEVENTS_FETCH_ALLOW", "10.0.0.0/8, http://intranet/", Allowance.from_env),
        ("DIPEVENTS_FETCH_ROBOTS", "sometimes", Manners.from_env),
        ("DIPEVENTS_FETCH_HOST_DELAY", "-1", Manners.from_env),
    ],
)
def test_a_bad_fetch_setting_is_named_in_the_error(monkeypatch, name, value, read):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        read()
