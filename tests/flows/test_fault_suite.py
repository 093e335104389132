"""The fault suite at its small size (`make faults` runs the full one): real ingests killed,
run twice at once, cut from their database and fed bad input lose and duplicate nothing, and
every bad input gives exactly its error row."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.faults.counting import Tally
from benchmarks.faults.report import print_report
from benchmarks.faults.suite import run_suite
from tests.db.servers import POSTGRES_URL_ENV, postgres_server_url, unreachable_reason


@pytest.fixture(scope="module")
def small_suite(prefect_harness, tmp_path_factory: pytest.TempPathFactory) -> list[Tally]:
    """The small suite, run once on every database that answers (side by side)."""
    tallies, _ = run_suite("small", workdir=Path(tmp_path_factory.mktemp("faults")))
    return tallies


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_small_fault_suite_loses_and_duplicates_nothing(backend, small_suite, capsys):
    if backend == "postgresql" and (reason := unreachable_reason(postgres_server_url())):
        pytest.skip(f"{reason}; set {POSTGRES_URL_ENV} to use another server")
    tallies = [tally for tally in small_suite if tally.backend == backend]
    assert tallies
    totals = print_report(tallies, "small")
    report = capsys.readouterr().out
    assert totals["lost"] == 0 and totals["duplicated"] == 0, report
    assert totals["error_rows_found"] == totals["error_rows_expected"] > 0, report
    assert totals["articles_stored"] == totals["articles_expected"] > 0, report
    assert [problem for tally in tallies for problem in tally.problems] == [], report
