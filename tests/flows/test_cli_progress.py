"""Progress a person can read, and stops that end with one line and a whole database."""

from __future__ import annotations

import io
import os
import signal

import pytest
from rich.console import Console
from typer.testing import CliRunner

from flows.cli import app
from flows.cli.progress import RunProgress

from .conftest import GOOD_TEXT


def console(*, terminal: bool) -> Console:
    return Console(file=io.StringIO(), force_terminal=terminal, width=200)


def rendered(progress: RunProgress) -> str:
    """The text of the bar as a terminal shows it now."""
    capture = console(terminal=False)
    capture.print(progress._bar.get_renderable())
    return capture.file.getvalue()


def test_off_a_terminal_each_update_is_one_line_with_counts_and_rate():
    out = console(terminal=False)
    with RunProgress("Ingesting news/", 64, out) as progress:
        progress.update(32, "30 new, 2 errors")
        progress.update(64, "60 new, 4 errors")
    lines = out.file.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines] == [
        "Ingesting news/: 32/64 articles", "Ingesting news/: 64/64 articles",
    ]
    assert all("/s, " in line for line in lines) and lines[1].endswith("60 new, 4 errors")


def test_off_a_terminal_lines_come_every_log_every_articles():
    out = console(terminal=False)
    with RunProgress("Extracting", None, out, log_every=32) as progress:
        for done in range(1, 70):
            progress.update(done, "")
    assert [line.split(",")[0] for line in out.file.getvalue().splitlines()] == [
        "Extracting: 32 articles", "Extracting: 64 articles",
    ]


def test_on_a_terminal_a_known_total_shows_a_bar_with_count_and_time_left():
    with RunProgress("Ingesting news/", 10, console(terminal=True)) as progress:
        progress.update(4, "4 new")
        shown = rendered(progress)
    assert "Ingesting news/" in shown and "4/10" in shown and "4 new" in shown
    assert "-:--:--" in shown or "0:00:" in shown  # the time left


def test_on_a_terminal_an_unknown_total_shows_the_count():
    with RunProgress("Ingesting a feed", None, console(terminal=True)) as progress:
        progress.update(7, "7 new")
        shown = rendered(progress)
    assert "Ingesting a feed: 7 articles" in shown and "/10" not in shown


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(GOOD_TEXT.replace("Tuesday", name), encoding="utf-8")
    return folder


def interrupted_flow(stop):
    """An ingest flow that reports one batch, then is stopped by `stop()`."""
    from flows.ingest import IngestSummary, progress_callback

    def flow(source, **options):
        progress_callback()(IngestSummary(source=source, articles_seen=1))
        stop()
        raise AssertionError("not stopped")

    return flow


def ctrl_c():
    raise KeyboardInterrupt


def sigterm():
    os.kill(os.getpid(), signal.SIGTERM)


@pytest.mark.parametrize("stop,code,name", [(ctrl_c, 130, "Ctrl+C"), (sigterm, 143, "SIGTERM")])
def test_a_stopped_ingest_ends_with_one_line_and_the_signal_exit_code(
    monkeypatch, folder, database_url, stop, code, name
):
    import flows.ingest

    monkeypatch.setattr(flows.ingest, "ingest_flow", interrupted_flow(stop))
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", database_url])
    assert result.exit_code == code
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"Ingesting {folder}: 1/2 articles, ")
    assert lines[1].startswith(f"Interrupted ({name}): ingest stopped between two batches")
    assert len(lines) == 2 and result.stdout == ""


def test_a_stopped_extract_leaves_no_output_file(monkeypatch, folder, tmp_path):
    import flows.cli.extracting

    def stopped(paths, report):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(flows.cli.extracting, "_extraction_results", stopped)
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "--output", str(out)])
    assert result.exit_code == 130
    assert result.stderr.splitlines() == [
        "Interrupted (Ctrl+C): extract stopped; an --output file is left as it was."
    ]
    assert list(tmp_path.iterdir()) == [folder]


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_off_a_terminal_logs_a_line_per_batch(folder, database_url):
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", database_url,
                                      "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert [line.split(",")[0] for line in result.stderr.splitlines()] == [
        f"Ingesting {folder}: 1/2 articles", f"Ingesting {folder}: 2/2 articles",
    ]
