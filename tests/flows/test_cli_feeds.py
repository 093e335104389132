"""Commands that feed other tools: incremental export, Parquet, sync, and evaluate."""

from __future__ import annotations

import json
import re

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flows.cli import app

from .conftest import GOOD_HTML, GOOD_TEXT


@pytest.fixture(scope="module")
def stored(prefect_harness, tmp_path_factory) -> str:
    """A database URL holding two ingested articles."""
    folder = tmp_path_factory.mktemp("feeds")
    (folder / "berlin.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "tokyo.html").write_text(GOOD_HTML, encoding="utf-8")
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'feeds.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", url]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(folder), "--db", url])
    assert result.exit_code == 0, result.output
    return url


def _next_change(stderr: str) -> int:
    match = re.search(r"--since-change (\d+)", stderr)
    assert match, stderr
    return int(match.group(1))


def test_export_since_change_gives_everything_then_nothing(stored):
    runner = CliRunner()
    first = runner.invoke(app, ["export", "--since-change", "0", "--db", stored])
    assert first.exit_code == 0, first.output
    lines = [json.loads(line) for line in first.stdout.splitlines()]
    assert lines and all(line["event_uid"] and line["change_seq"] > 0 for line in lines)
    mark = _next_change(first.stderr)
    second = runner.invoke(app, ["export", "--since-change", str(mark), "--db", stored])
    assert (second.exit_code, second.stdout) == (0, "")
    assert _next_change(second.stderr) == mark


def test_export_since_change_beyond_the_log_fails_naming_the_range(stored):
    result = CliRunner().invoke(app, ["export", "--since-change", "999999", "--db", stored])
    assert result.exit_code == 2
    assert "is not a change number of this database" in result.stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (["--format", "parquet"], "add --output FILE.parquet"),
        (["--since", "7d", "--since-change", "0"], "use just one of --since and --since-change"),
    ],
)
def test_export_rejects_clashing_or_incomplete_flags(stored, args, message):
    result = CliRunner().invoke(app, ["export", *args, "--db", stored])
    assert result.exit_code == 2
    assert message in result.stderr


def test_export_parquet_writes_one_row_per_event(stored, tmp_path):
    runner = CliRunner()
    jsonl = runner.invoke(app, ["export", "--db", stored])
    path = tmp_path / "events.parquet"
    result = runner.invoke(
        app, ["export", "--format", "parquet", "--output", str(path), "--db", stored]
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(path)
    assert table.num_rows == len(jsonl.stdout.splitlines()) > 0
    assert {"event_uid", "code", "actors", "date_start"} <= set(table.column_names)


def test_sync_copies_once_then_reports_up_to_date(stored, tmp_path):
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    runner = CliRunner()
    first = runner.invoke(app, ["sync", "--to", target, "--db", stored])
    assert first.exit_code == 0, first.output
    assert "dip_events" in first.stdout
    second = runner.invoke(app, ["sync", "--to", target, "--db", stored])
    assert second.exit_code == 0
    assert "is up to date" in second.stdout and "nothing copied" in second.stdout


def test_sync_rejects_an_unknown_table(stored, tmp_path):
    result = CliRunner().invoke(
        app, ["sync", "--to", f"sqlite:///{tmp_path / 'c.db'}", "--tables", "events,votes",
              "--db", stored]
    )
    assert result.exit_code == 2
    assert "choose from articles, actors, events" in result.stderr


def _gold(tmp_path, predictions):
    """A gold file with the first predicted event as its only event, and the predictions."""
    event = predictions[0]
    actors = [{"name": a["name"], "country": a["country"]} for a in event["actors"]]
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        "documents:\n"
        f"- document: {event['document']}\n"
        "  events:\n"
        f"  - {{id: g1, code: '{event['code']}', actors: {json.dumps(actors)}}}\n",
        encoding="utf-8",
    )
    return gold


def test_evaluate_scores_extracted_events_against_a_gold_file(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "berlin.txt").write_text(GOOD_TEXT, encoding="utf-8")
    runner = CliRunner()
    extracted = runner.invoke(app, ["extract", str(articles)])
    predictions = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert predictions, extracted.stderr
    gold = _gold(tmp_path, predictions)
    result = runner.invoke(app, ["evaluate", str(gold), str(articles)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["tp"] == 1
    assert summary["fp"] == len(predictions) - 1
    assert summary["events_recall"] == 1.0


def test_evaluate_scores_a_predictions_file_and_lists_errors(tmp_path):
    predictions = [
        {"document": "a.txt", "code": "042",
         "actors": [{"name": "Olaf Scholz", "country": "DEU"}], "date": None},
        {"document": "a.txt", "code": "111",
         "actors": [{"name": "Olaf Scholz", "country": "DEU"}], "evidence": "He criticised it."},
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in predictions), encoding="utf-8")
    gold = _gold(tmp_path, predictions)
    result = CliRunner().invoke(
        app, ["evaluate", str(gold), "--predictions", str(path), "--errors"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("errors by cause: missed trigger 0,")
    assert "spurious 1" in lines[0]
    assert lines[1].split()[:4] == ["spurious", "a.txt", "111", "['Olaf"]
    assert json.loads(result.stdout.splitlines()[-1])["events_precision"] == 0.5
