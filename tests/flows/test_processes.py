"""Every core and a quick start: ingest and extract on worker processes store and print what one
process does; `--help` imports no heavy library; the temporary Prefect server records runs."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

import flows.ingest
from db.models import ArticleRow, EventParticipantRow, EventRow, IngestionErrorRow
from db.session import make_engine
from flows.cli import app
from flows.ingest import ingest_flow
from pipeline.parallel import ExtractorPool

from .conftest import GOOD_TEXT

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def stored(url: str) -> tuple[list[str], list[tuple], list[tuple]]:
    """Return the stored documents, events and error rows of a database, in the order written."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            documents = list(connection.scalars(select(ArticleRow.document)
                                                .order_by(ArticleRow.id)))
            events = connection.execute(
                select(ArticleRow.document, EventRow.code, EventRow.date_value,
                       EventRow.modality, EventRow.start_char, EventRow.location_name,
                       EventRow.event_uid)
                .join(ArticleRow, EventRow.article_id == ArticleRow.id)
                .order_by(EventRow.id)
            ).all()
            participants = connection.execute(
                select(EventRow.event_uid, EventParticipantRow.actor_id, EventParticipantRow.role)
                .join(EventRow, EventParticipantRow.event_id == EventRow.id)
                .order_by(EventRow.id, EventParticipantRow.position)
            ).all()
            errors = connection.execute(
                select(IngestionErrorRow.document, IngestionErrorRow.stage,
                       IngestionErrorRow.message).order_by(IngestionErrorRow.id)
            ).all()
    finally:
        engine.dispose()
    return documents, [tuple(e) for e in events] + [tuple(p) for p in participants], errors


@pytest.fixture
def second_database_url(tmp_path: Path) -> str:
    from db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'second.db'}"
    upgrade(url)
    return url


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_on_two_processes_stores_what_one_stores_in_source_order(
    database_url, second_database_url
):
    one = ingest_flow(str(SEEDS), database_url=database_url, batch_size=2, processes=1)
    two = ingest_flow(str(SEEDS), database_url=second_database_url, batch_size=2, processes=2)

    assert (two.articles_new, two.events, two.errors) == (5, one.events, [])
    documents, events, _ = stored(second_database_url)
    assert documents == sorted(documents)  # the folder's order: file names
    assert stored(second_database_url) == stored(database_url)
    assert len(events) > 20
    again = ingest_flow(str(SEEDS), database_url=second_database_url, batch_size=2, processes=2)
    assert (again.articles_new, again.articles_unchanged, again.events) == (0, 5, 0)


FAILING_MODULE = '''
import spacy

from pipeline.extract import Extractor


class Failing(Extractor):
    def extract_doc(self, doc, article):
        if "refuse" in article.text:
            raise ValueError("this text breaks a rule")
        return super().extract_doc(doc, article)


def failing():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Failing(nlp, batch_size=2)
'''


@pytest.mark.usefixtures("prefect_harness")
def test_an_article_failing_in_a_worker_process_becomes_an_error_row(
    database_url, tmp_path, monkeypatch
):
    # Workers import their extractor from a module of their own (they do not see patches).
    (tmp_path / "failing_workers.py").write_text(textwrap.dedent(FAILING_MODULE))
    monkeypatch.syspath_prepend(str(tmp_path))
    factory = importlib.import_module("failing_workers").failing
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in [("a.txt", "The talks went on."), ("b.txt", "The envoys refuse to talk."),
                       ("c.txt", "The talks ended.")]:
        (folder / name).write_text(f"{GOOD_TEXT}\n\n{text}", encoding="utf-8")
    with ExtractorPool(2, batch_size=2, factory=factory) as pool:
        monkeypatch.setattr(flows.ingest, "shared_pool", lambda processes, batch_size: pool)
        summary = ingest_flow(str(folder), database_url=database_url, batch_size=1,
                              processes=2)

    assert (summary.articles_seen, summary.articles_new) == (3, 2)
    documents, _, errors = stored(database_url)
    assert documents == ["a.txt", "c.txt"]
    assert errors == [
        ("b.txt", "extract", "extraction failed: ValueError: this text breaks a rule")]


def test_extract_on_two_processes_prints_what_one_prints(monkeypatch):
    outputs = []
    for processes in ("1", "2"):
        monkeypatch.setenv("DIPEVENTS_EXTRACT_PROCESSES", processes)
        result = CliRunner().invoke(app, ["extract", str(SEEDS)])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[1] == outputs[0]
    documents = [json.loads(line)["document"] for line in outputs[1].splitlines()]
    assert documents == sorted(documents) and len(set(documents)) == 5


def test_dipevents_help_imports_no_heavy_library():
    script = textwrap.dedent("""
        import sys
        from flows.cli import app
        try:
            app(["--help"], prog_name="dipevents")
        except SystemExit:
            pass
        heavy = {"prefect", "spacy", "sqlalchemy", "alembic", "dateparser", "trafilatura",
                 "plotly", "countryinfo"}
        print(sorted({name.split(".")[0] for name in sys.modules} & heavy))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert "Usage: dipevents" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"


QUICK_FLOW = '''
from flows.prefect_server import prefect_api

with prefect_api() as ready:
    from prefect import flow
    from prefect.client.orchestration import get_client

    @flow(name="quick")
    def quick():
        return 42

    ready()
    state = quick(return_state=True)
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(state.state_details.flow_run_id)
        print(run.flow_id is not None, run.state.type.value, client.api_url)
'''


def test_with_no_server_configured_a_temporary_one_records_the_run_and_stops(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API_")}
    env |= {"PREFECT_HOME": str(tmp_path),
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": "sqlite+aiosqlite:///:memory:"}
    done = subprocess.run([sys.executable, "-c", QUICK_FLOW], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    found, state, api_url = done.stdout.split()
    assert (found, state) == ("True", "COMPLETED")
    assert api_url.startswith("http://127.0.0.1:")
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.URLError):  # stopped with the command
        urllib.request.urlopen(f"{api_url}health", timeout=2)


@pytest.mark.parametrize(
    "environment,profiles,configured",
    [
        ({"PREFECT_API_URL": "http://prefect:4200/api"}, None, True),
        ({}, None, False),
        ({}, 'active = "ephemeral"\n[profiles.ephemeral]\n', False),
        ({}, 'active = "work"\n[profiles.work]\nPREFECT_API_URL = "http://p:4200/api"\n', True),
        ({"PREFECT_PROFILE": "local"}, None, True),
    ],
)
def test_a_configured_server_is_seen_without_importing_prefect(
    environment, profiles, configured, tmp_path, monkeypatch
):
    from flows import prefect_server

    monkeypatch.delitem(sys.modules, "prefect.settings")
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if profiles is not None:
        (tmp_path / "profiles.toml").write_text(profiles)
    assert prefect_server._server_configured() is configured


def test_extract_on_two_processes_with_a_missing_model_names_the_fix(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    monkeypatch.setenv("DIPEVENTS_EXTRACT_PROCESSES", "2")
    monkeypatch.setenv("DIPEVENTS_SPACY_MODEL", "no_such_spacy_model")
    result = CliRunner().invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: spaCy model 'no_such_spacy_model' is not installed")
