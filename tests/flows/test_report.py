"""`dipevents report`: one whole offline page, filtered, escaped, and plain about no events.

The page is read as HTML (its scripts are opaque text to the parser, so strings inside
plotly.js do not count as tags); `test_report_browser.py` renders it in Chromium.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from db.report import ReportData, ReportEvent, ReportFilters
from flows.cli import app
from flows.report import render_page

CHARTS = ("chart-timeline", "chart-dyads", "chart-network", "chart-map")


class Page(HTMLParser):
    """What a page loads from elsewhere, its chart divs, and the text of its table cells."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.sources: list[str] = []  # src/href of scripts, stylesheets, frames and images
        self.inline_scripts = 0
        self.divs: list[str] = []
        self.cells: dict[str, list[str]] = {}
        self.links: list[str] = []
        self._cell: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if values.get("src"):
                self.sources.append(values["src"] or "")
            else:
                self.inline_scripts += 1
        elif tag in ("link", "iframe", "img", "embed", "object", "source"):
            self.sources.append(values.get("href") or values.get("src") or "")
        elif tag == "div" and values.get("id"):
            self.divs.append(values["id"] or "")
        elif tag == "td":
            self._cell = values.get("class")
            self.cells.setdefault(self._cell or "", []).append("")
        elif tag == "a":
            self.links.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self.cells[self._cell][-1] += data


def _report(args: list[str], tmp_path: Path) -> tuple[object, Path]:
    output = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", *args, "--output", str(output)])
    return result, output


def test_the_page_draws_every_chart_and_loads_nothing_from_elsewhere(report_database, tmp_path):
    result, output = _report(["--db", report_database], tmp_path)

    assert result.exit_code == 0, result.output
    assert f"Report of 4 events (3 on the map) written to {output.resolve()}" in result.stdout
    html = output.read_text(encoding="utf-8")
    page = Page(html)
    assert page.sources == []  # plotly.js and the styles are inline
    assert page.inline_scripts >= 1 + len(CHARTS)  # plotly.js, then one script per chart
    assert set(CHARTS) <= set(page.divs)
    assert "Filters: all stored events" in html
    assert len(page.cells["evidence"]) == 4
    assert page.links[:3] == [f"https://news.example/{n}" for n in (2, 1, 0)]


def test_evidence_is_escaped_not_markup(report_database, tmp_path):
    _, output = _report(["--db", report_database], tmp_path)
    html = output.read_text(encoding="utf-8")

    assert "Ghana said it would <b>host</b> further talks." in Page(html).cells["evidence"]
    assert "would &lt;b&gt;host&lt;/b&gt; further" in html
    assert "would <b>host" not in html


@pytest.mark.parametrize(
    "filters,described,evidence",
    [
        (["--actor", "okafor"], "actor &#x27;okafor&#x27;", [
            "Ghana said it would <b>host</b> further talks.",
            "Okafor arrived in Accra on Tuesday.",
            "Kenya will host Okafor at some point.",
        ]),
        (["--country", "ken", "--from", "2024-04-01"], "country KEN, from 2024-04-01",
         ["Kenya rebuked Ghana over the port fees."]),
        (["--to", "2024-03-05"], "to 2024-03-05", ["Okafor arrived in Accra on Tuesday."]),
    ],
)
def test_filters_choose_the_events_on_the_page(report_database, tmp_path, filters, described,
                                               evidence):
    result, output = _report(["--db", report_database, *filters], tmp_path)

    assert result.exit_code == 0, result.output
    html = output.read_text(encoding="utf-8")
    assert f"Filters: {described}" in html
    assert Page(html).cells["evidence"] == evidence


@pytest.mark.parametrize("filters", [["--country", "ZZZ"], ["--actor", "nobody at all"],
                                     ["--from", "2030-01-01"]])
def test_a_filter_that_leaves_no_events_says_so(report_database, tmp_path, filters):
    result, output = _report(["--db", report_database, *filters], tmp_path)

    assert result.exit_code == 0, result.output
    assert "No events match" in result.stderr
    html = output.read_text(encoding="utf-8")
    page = Page(html)
    assert 'id="no-events"' in html and "No events match these filters" in html
    assert not set(CHARTS) & set(page.divs) and "evidence" not in page.cells


def test_an_empty_database_gives_the_empty_page(database_url, tmp_path):
    result, output = _report(["--db", database_url], tmp_path)

    assert result.exit_code == 0, result.output
    assert "No events are stored yet." in output.read_text("utf-8")
    assert "No events match" in result.stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (["--country", "Kenya"], "'Kenya' is not an ISO 3166-1 alpha-3 code"),
        (["--from", "2024-05-01", "--to", "2024-04-01"], "--from 2024-05-01 is after --to"),
        (["--from", "May 2024"], "'May 2024' is not a date; use YYYY-MM-DD"),
    ],
)
def test_bad_filters_are_refused_before_any_work(report_database, tmp_path, args, message):
    result, output = _report(["--db", report_database, *args], tmp_path)

    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert not output.exists()


def test_output_is_required_and_its_folder_must_exist(report_database, tmp_path):
    missing = CliRunner().invoke(app, ["report", "--db", report_database])
    nowhere = CliRunner().invoke(
        app, ["report", "--db", report_database, "--output", str(tmp_path / "no" / "r.html")]
    )

    assert missing.exit_code == 2 and "Missing option '--output'" in missing.stderr
    assert nowhere.exit_code == 2 and "does not exist" in nowhere.stderr


def test_a_database_without_schema_fails_with_the_fix_and_writes_nothing(tmp_path):
    result, output = _report(["--db", f"sqlite:///{tmp_path / 'new.db'}"], tmp_path)

    assert result.exit_code == 1
    assert "dipevents db upgrade" in result.stderr
    assert not output.exists()


def _event(url: str | None) -> ReportEvent:
    return ReportEvent(
        event_id=1, date_value="2024-03", date_precision="month", code="042",
        cameo_name="Make a visit", quad_class=1, actors="A (NGA); B (GHA)",
        location_name=None, location_country=None, latitude=None, longitude=None,
        modality="planned", sentence="A will visit B.", url=url, title="A visit",
    )


@pytest.mark.parametrize(
    "url,links",
    [
        ("https://news.example/a?x=1&y=2", ["https://news.example/a?x=1&y=2"]),
        ("javascript:alert(1)", []),
        (None, []),
    ],
)
def test_only_web_addresses_become_links(url, links):
    data = ReportData(filters=ReportFilters(), total=1, latest=[_event(url)])
    page = Page(render_page(data))

    assert page.links == links
    assert page.cells["article"] == ["A visit"]
    assert page.cells["date"] == ["2024-03 (month)"]
    assert page.cells["event"] == ["042 Make a visit [planned]"]
