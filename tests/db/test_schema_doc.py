"""docs/schema.md: generated from the models, current, and its example queries run."""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text

from db.models import Base, CameoCodeRow
from db.sided_views import CURRENT_VIEWS
from pipeline.model import Actor, Location, TimeValue

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GENERATOR = PROJECT_ROOT / "scripts" / "gen_schema_doc.py"

RUTO = Actor("William Ruto", "person", "KEN", "President")
KENYA = Actor("Kenya", "state", "KEN")
NAIROBI = Location("Nairobi", "KEN", -1.28333, 36.81667, "KE-30", "city")
NORWAY = Actor("Norway", "state", "NOR")
PERU = Actor("Peru", "state", "PER")


def _generator():
    spec = importlib.util.spec_from_file_location("gen_schema_doc", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _generator()


def test_committed_schema_doc_is_up_to_date(generator):
    committed = (PROJECT_ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == generator.render(), "run: .venv/bin/python scripts/gen_schema_doc.py"


def test_schema_doc_names_every_table_column_and_view(generator):
    rendered = generator.render()
    for table in Base.metadata.tables.values():
        assert f"### `{table.name}`" in rendered
        for column in table.columns:
            assert f"| `{column.name}` |" in rendered
    for view in CURRENT_VIEWS:
        assert f"### `{view.name}`" in rendered


def test_check_mode_fails_on_a_stale_file(generator, tmp_path):
    stale = tmp_path / "schema.md"
    stale.write_text("# old\n", encoding="utf-8")
    assert generator.main(["--check", "--output", str(stale)]) == 1
    assert generator.main(["--output", str(stale)]) == 0
    assert generator.main(["--check", "--output", str(stale)]) == 0


def test_example_queries_answer_on_stored_events(
    generator, engine, store, build_result, make_event
):
    store.save(
        build_result(
            "a.txt",
            [
                make_event(
                    "042",
                    [(RUTO, "source"), (NORWAY, "target")],
                    day=dt.date(2024, 5, 6),
                    location=NAIROBI,
                ),
                make_event(
                    "111",
                    [(PERU, "source"), (KENYA, "target")],
                    day=dt.date(2024, 6, 1),
                    location=NAIROBI,
                ),
                make_event("036", [(RUTO, "source"), (NORWAY, "target")]),
                replace(
                    make_event("043", [(PERU, "source"), (KENYA, "target")]),
                    date=TimeValue("2024", "year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
                ),
            ],
        )
    )
    examples = {title: sql for title, _, sql in generator.EXAMPLES}
    per_month, per_year, partners, placed, timeline = examples.values()
    with engine.connect() as connection:
        goldstein = dict(
            connection.execute(select(CameoCodeRow.code, CameoCodeRow.goldstein)).tuples().all()
        )
        months = connection.execute(text(per_month)).all()
        years = connection.execute(text(per_year)).all()
        by_partner = {row.partner: row for row in connection.execute(text(partners))}
        history = connection.execute(text(timeline)).all()
        on_map = connection.execute(text(placed)).all()
    # The event known only to its year is not counted in January.
    assert [(str(row.month_start), row.root, row.events) for row in months] == [
        ("2024-05-01", "04", 1),
        ("2024-06-01", "11", 1),
    ]
    by_year = {row.year: (row.events, row.coarser_than_a_month) for row in years}
    assert by_year == {2024: (3, 1), None: (1, 1)}
    assert by_partner.keys() == {"NOR", "PER"}
    assert by_partner["NOR"].dyads == 2
    assert by_partner["NOR"].goldstein_sum == pytest.approx(goldstein["042"] + goldstein["036"])
    # NULL dates sort first on SQLite and last on PostgreSQL; the set is what must agree.
    assert sorted(row.code for row in history) == ["036", "042"]
    assert [(row.location_precision, row.location_name, row.events) for row in on_map] == [
        ("city", "Nairobi", 2)
    ]
    assert len(examples) == 5
