"""`dipevents report` in a real browser: every chart draws, nothing errs, nothing is fetched.

Headless Chromium (Debian package `chromium`) loads the written page through the DevTools
protocol (`tests/flows/browser.py`); the tests are skipped, saying so, where none is installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app

from .browser import find_browser, open_page

pytestmark = pytest.mark.skipif(
    find_browser() is None,
    reason="no Chromium installed (apt-get install chromium): the report is not rendered",
)
# Schemes a self-contained page may load: itself, inline data, the blank start page.
LOCAL = ("file:", "data:", "about:", "blob:")


def _render(database_url: str, tmp_path: Path, *filters: str):
    output = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["report", "--db", database_url, *filters, "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    return open_page(output)


def test_every_chart_draws_its_marks_without_errors_or_fetches(report_database, tmp_path):
    run = _render(report_database, tmp_path)

    assert run.errors == []
    assert [url for url in run.requests if not url.startswith(LOCAL)] == []
    assert set(run.charts) == {"chart-timeline", "chart-dyads", "chart-network", "chart-map"}
    assert all(chart["svg"] > 0 for chart in run.charts.values())
    # March: a visit and a statement (both verbal cooperation, one bar), April: a criticism;
    # the undated event is counted apart
    assert run.charts["chart-timeline"]["bars"] == 2
    # four source-target pairs: Okafor-Ghana, Ghana-Okafor, Kenya-Ghana, Kenya-Okafor
    assert run.charts["chart-dyads"]["bars"] == 4
    network = run.charts["chart-network"]
    assert network["markers"] == network["texts"] == 3  # Okafor, Ghana, Kenya
    assert network["lines"] >= 1
    world = run.charts["chart-map"]
    assert world["markers"] == 3 and world["fills"] >= 1  # the placed events, the outlines
    assert "Okafor arrived in Accra on Tuesday." in run.text
    assert "1 of the 4 events are dated more coarsely than a month" in run.text


def test_the_empty_page_shows_its_message_without_errors(report_database, tmp_path):
    run = _render(report_database, tmp_path, "--country", "ZZZ")

    assert run.errors == []
    assert run.charts == {}
    assert "No events match these filters (country ZZZ)" in run.text
