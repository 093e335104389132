"""Settings in one place: environment over `.env` over defaults, documented, checked at start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import settings
from flows.cli import app
from flows.download import Limits

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_dotenv_file_gives_values_and_the_environment_overrides_it(monkeypatch, clean):
    (clean / ".env").write_text(
        "# fetch limits\n"
        "DIPEVENTS_FETCH_TIMEOUT=2.5\n"
        "export DIPEVENTS_FETCH_DEADLINE = '12'\n"
        "\n"
        'DIPEVENTS_USER_AGENT="mailto:desk@example.org"\n'
    )
    monkeypatch.setenv("DIPEVENTS_FETCH_DEADLINE", "9")
    assert Limits.from_env() == Limits(timeout=2.5, deadline=9.0)
    assert settings.value("DIPEVENTS_USER_AGENT") == "mailto:desk@example.org"


def test_a_dotenv_line_without_a_value_is_named(clean):
    (clean / ".env").write_text("DIPEVENTS_FETCH_TIMEOUT=3\nDIPEVENTS_FETCH_ROBOTS\n")
    with pytest.raises(settings.SettingError, match=r"\.env, line 2: write NAME=value"):
        settings.check()


def test_unset_settings_mean_their_defaults(clean):
    settings.check()
    assert settings.value("DIPEVENTS_DB_CONNECT_TIMEOUT") is None
    assert settings.value("DIPEVENTS_FETCH_ROBOTS") is True


def test_the_readme_table_lists_every_setting_as_declared():
    rows = re.findall(r"^\| `(DIPEVENTS_\w+)` \| (.*) \| (.*) \|$", README.read_text(), re.M)
    assert rows == [(s.name, s.meaning, s.default) for s in settings.SETTINGS]


@pytest.mark.parametrize(
    "name,value,message",
    [
        ("DIPEVENTS_FETCH_TIMEOUT", "soon",
         "DIPEVENTS_FETCH_TIMEOUT='soon' is not a positive float; fix or unset it"),
        ("DIPEVENTS_DB_STATEMENT_TIMEOUT", "-3",
         "DIPEVENTS_DB_STATEMENT_TIMEOUT='-3' is not a number of seconds; fix or unset it"),
    ],
)
def test_a_command_refuses_a_bad_setting_before_it_starts(monkeypatch, clean, name, value, message):
    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["events"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert not (clean / "dipevents.db").exists()


def test_a_bad_setting_in_dotenv_is_refused_too(clean):
    (clean / ".env").write_text("DIPEVENTS_FETCH_ROBOTS=sometimes\n")
    result = CliRunner().invoke(app, ["events"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: DIPEVENTS_FETCH_ROBOTS='sometimes' is not on or off; fix or unset it\n"
    )
