"""Every command is documented: help with an Example block, and a mention in README.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from flows.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def command_paths(command, prefix=()) -> list[tuple[str, ...]]:
    """Return the path of every leaf command under a click group."""
    paths = []
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if getattr(sub, "commands", None):
            paths.extend(command_paths(sub, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


COMMANDS = command_paths(typer.main.get_command(app))


def test_all_expected_commands_are_registered():
    assert set(COMMANDS) >= {
        ("db", "upgrade"), ("db", "current"), ("ingest",), ("extract",), ("export",),
        ("events",),
    }


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_help_has_a_summary_and_an_example(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    example = result.stdout.split("Example:", 1)[1]
    assert f"dipevents {' '.join(path)}" in example


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_is_documented_in_the_readme(path):
    assert f"dipevents {' '.join(path)}" in README.read_text(encoding="utf-8")
