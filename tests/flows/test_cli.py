"""The command line: exit codes, output on the right stream, errors that name the fix."""

from __future__ import annotations

import csv
import io
import json
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from flows.cli import app

from .conftest import GOOD_HTML, GOOD_TEXT

CONTRACT_FIELDS = {"document", "code", "actors", "date", "location", "modality", "evidence"}


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("DIPEVENTS_DATABASE_URL", raising=False)
    return CliRunner()


@pytest.fixture(scope="module")
def ingested(prefect_harness, tmp_path_factory) -> tuple[str, str]:
    """A database holding two ingested articles, and the ingest command's output."""
    folder = tmp_path_factory.mktemp("articles")
    (folder / "berlin.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "tokyo.html").write_text(GOOD_HTML, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", url]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(folder), "--db", url, "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    return url, result.stdout


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_works_with_short_and_long_flag(runner, flag):
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: dipevents")


def test_version_prints_the_installed_version(runner):
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"dipevents {version('dipevents')}\n")


def test_db_upgrade_then_current_report_the_newest_revision(runner, tmp_path):
    from db.migrate import head_revision

    url = f"sqlite:///{tmp_path / 'x.db'}"
    before = runner.invoke(app, ["db", "current", "--db", url])
    assert before.exit_code == 0
    assert "has no dipevents schema; run `dipevents db upgrade`" in before.stdout
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert upgraded.exit_code == 0
    assert upgraded.stdout == f"Database {url} is at revision {head_revision()} (newest).\n"
    assert runner.invoke(app, ["db", "current", "--db", url]).stdout == upgraded.stdout


def test_db_falls_back_to_the_environment_variable(runner, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("DIPEVENTS_DATABASE_URL", url)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0
    assert url in result.stdout


@pytest.mark.parametrize(
    "args",
    [["events"], ["export", "--format", "csv"], ["ingest", "."]],
)
def test_commands_on_a_database_without_schema_fail_naming_the_fix(runner, tmp_path, args):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = runner.invoke(app, [*args, "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: The database {url} has no dipevents schema")
    assert "run `dipevents db upgrade`" in result.stderr


def test_unreachable_database_fails_with_a_clear_message(runner):
    url = "postgresql://nobody@127.0.0.1:1/none"
    result = runner.invoke(app, ["db", "current", "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot use the database postgresql+psycopg://")
    assert "Check --db or DIPEVENTS_DATABASE_URL" in result.stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (["export", "--format", "xml"], "'xml' is not one of"),
        (["export", "--since", "yesterday"], "use an ISO date or datetime"),
        (["events", "--from", "2025-13-01"], "is not a date; use YYYY-MM-DD"),
        (["events", "--limit", "0"], "--limit"),
        (["ingest", ".", "--batch-size", "0"], "--batch-size"),
    ],
)
def test_bad_arguments_exit_2_with_a_usage_error(runner, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_a_source_that_names_nothing_fails_naming_what_to_give(runner, command):
    result = runner.invoke(app, [command, "no/such/folder"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no/such/folder is not a folder, a file or a URL")


def test_ingest_ends_with_a_summary_table_and_the_errors(ingested):
    _, output = ingested
    assert "articles seen" in output
    row = next(line for line in output.splitlines() if line.startswith("│"))
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    assert cells[:4] == ["3", "2", "0", "0"]
    assert int(cells[4]) > 0 and cells[5] == "1"
    assert "empty.txt" in output and "input is empty" in output


def test_events_lists_stored_events_in_a_table(runner, ingested):
    url, _ = ingested
    first = json.loads(runner.invoke(app, ["export", "--db", url]).stdout.splitlines()[0])
    result = runner.invoke(app, ["events", "--db", url, "--limit", "1"])
    assert result.exit_code == 0
    assert "1 events" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("│"))
    assert [cell.strip() for cell in row.strip("│").split("│")][1] == first["code"]


def test_events_says_when_no_event_matches(runner, ingested):
    url, _ = ingested
    result = runner.invoke(app, ["events", "--db", url, "--country", "ATA"])
    assert result.exit_code == 0
    assert result.stdout.startswith("No events match.")


def test_export_jsonl_writes_event_contract_lines(runner, ingested):
    url, _ = ingested
    result = runner.invoke(app, ["export", "--format", "jsonl", "--db", url])
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and all(CONTRACT_FIELDS <= set(event) for event in events)
    assert {event["document"] for event in events} <= {"berlin.txt", "tokyo.html"}


def test_export_csv_to_a_file_has_a_header_and_one_row_per_event(runner, ingested, tmp_path):
    url, _ = ingested
    out = tmp_path / "events.csv"
    jsonl = runner.invoke(app, ["export", "--db", url]).stdout.splitlines()
    result = runner.invoke(app, ["export", "-f", "csv", "--output", str(out), "--db", url])
    assert result.exit_code == 0
    assert f"{len(jsonl)} events written to {out}" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(jsonl)
    assert rows[0]["code"] == json.loads(jsonl[0])["code"]


@pytest.mark.parametrize("since,expect_events", [("2000-01-01", True), ("2999-01-01", False)])
def test_export_since_keeps_events_written_after_that_time(runner, ingested, since,
                                                           expect_events):
    url, _ = ingested
    result = runner.invoke(app, ["export", "--since", since, "--db", url])
    assert result.exit_code == 0
    assert bool(result.stdout.strip()) is expect_events


def test_extract_prints_contract_json_lines_and_reports_errors_on_stderr(runner, tmp_path):
    (tmp_path / "berlin.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and all(CONTRACT_FIELDS <= set(event) for event in events)
    assert {event["document"] for event in events} == {"berlin.txt"}
    assert "bad.txt (decode): input is binary" in result.stderr
    assert "1 articles" in result.stderr and "1 errors" in result.stderr


def test_extract_writes_to_an_output_file(runner, tmp_path):
    article = tmp_path / "berlin.txt"
    article.write_text(GOOD_TEXT, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(article), "--output", str(out)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert all(json.loads(line)["document"] == "berlin.txt"
               for line in out.read_text().splitlines())


def test_parse_since_reads_ages_and_iso_times():
    import datetime as dt

    from flows.cli import parse_since

    now = dt.datetime.now(dt.UTC)
    assert abs(parse_since("24h") - (now - dt.timedelta(hours=24))) < dt.timedelta(seconds=5)
    assert parse_since("2025-10-10") == dt.datetime(2025, 10, 10, tzinfo=dt.UTC)
    assert parse_since("2025-10-10T08:00+02:00").utcoffset() == dt.timedelta(hours=2)


def test_extract_with_a_missing_spacy_model_names_the_fix(runner, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    monkeypatch.setenv("DIPEVENTS_SPACY_MODEL", "no_such_spacy_model")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: spaCy model 'no_such_spacy_model' is not installed")


def test_extract_gives_an_unknown_date_no_range_as_export_does(runner, monkeypatch, tmp_path):
    import datetime as dt

    from flows.cli import extracting
    from pipeline.model import (
        Actor,
        Article,
        Event,
        Evidence,
        ExtractionResult,
        Participant,
        TimeValue,
    )

    # "the parallels with 2018 and 2019": no week, month or year covers both.
    unknown = TimeValue(
        None, "unknown", dt.date(2018, 1, 1), dt.date(2019, 12, 31), "2018 and 2019"
    )
    event = Event(
        code="042",
        participants=[Participant(Actor("Sweden", "state", "SWE"), "source")],
        date=unknown,
        location=None,
        modality="asserted",
        evidence=[Evidence("Sweden visited.", 0, 15, trigger="visited")],
    )
    article = Article(document="a.txt", text="Sweden visited.")
    results = [ExtractionResult(article=article, events=[event], extractor_version="1.0")]
    monkeypatch.setattr(extracting, "_extraction_results", lambda paths, report: iter(results))
    (tmp_path / "a.txt").write_text("Sweden visited.", encoding="utf-8")

    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output

    line = json.loads(result.stdout)
    assert (line["date"], line["date_start"], line["date_end"]) == (None, None, None)
    assert line["date_precision"] == "unknown"
