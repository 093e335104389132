"""A database outage during an ingest: one line, the run row marked, nothing written twice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

import flows.ingest
from db.models import ArticleRow, ExtractionRunRow
from db.session import make_engine
from flows.cli import app
from tests.db.faults import lose_connection


def stored(url: str) -> tuple[int, int, list[str]]:
    """Articles, distinct content hashes, and run statuses in start order."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return (
                connection.scalar(select(func.count()).select_from(ArticleRow)),
                connection.scalar(select(func.count(ArticleRow.content_hash.distinct()))),
                list(connection.scalars(
                    select(ExtractionRunRow.status).order_by(ExtractionRunRow.id))),
            )
    finally:
        engine.dispose()


@pytest.mark.usefixtures("prefect_harness")
def test_an_outage_ends_the_run_with_one_line_and_a_rerun_stores_everything_once(
    monkeypatch, good_folder, database_url
):
    monkeypatch.setenv("DIPEVENTS_DB_RETRY_DELAYS", "0,0")
    real_make_engine = flows.ingest.make_engine

    def broken_engine(url: str):
        engine = real_make_engine(url)
        lose_connection(engine, 3, match="INSERT INTO articles")  # 1 try + 2 retries
        return engine

    monkeypatch.setattr(flows.ingest, "make_engine", broken_engine)
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(good_folder), "--db", database_url])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].endswith(
        ": the database stayed unavailable through 2 retries (ProgrammingError: Cannot operate "
        "on a closed database.); run again when it is back."
    )
    assert stored(database_url) == (0, 0, ["failed"])

    monkeypatch.setattr(flows.ingest, "make_engine", real_make_engine)
    result = runner.invoke(app, ["ingest", str(good_folder), "--db", database_url])
    assert result.exit_code == 0, result.output
    assert stored(database_url) == (2, 2, ["failed", "completed"])


@pytest.mark.usefixtures("prefect_harness")
def test_ctrl_c_during_a_run_marks_its_run_row_interrupted(monkeypatch, good_folder,
                                                           database_url):
    def interrupted(*_args) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(flows.ingest, "finish_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        flows.ingest.ingest_flow(str(good_folder), database_url=database_url)
    assert stored(database_url) == (0, 0, ["interrupted"])
