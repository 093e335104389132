"""Migrations: upgrade and downgrade with rows present, no drift from the models, checks."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from db.migrate import (
    SchemaNotCurrentError,
    current_revision,
    downgrade,
    head_revision,
    require_current,
    upgrade,
)
from db.models import Base, CameoCodeRow
from db.session import make_engine
from db.sided_views import CURRENT_VIEWS
from db.store import Store
from pipeline.kb import KB_DIR
from pipeline.model import Actor, ArticleError

SWEDEN = Actor("Sweden", "state", "SWE")
CHILE = Actor("Chile", "state", "CHL")


def _row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.execute(
                    text(f"SELECT COUNT(*) FROM {table.name}")
                ).scalar_one()
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_upgrade_and_downgrade_round_trip_with_rows(
    empty_database_url: str, build_result, make_event
) -> None:
    url = empty_database_url
    upgrade(url)
    assert current_revision(url) == head_revision()
    engine = make_engine(url)
    store = Store(engine)
    run_id = store.start_run("ingest", "folder", "1.0")
    event = make_event("042", [(SWEDEN, "source"), (CHILE, "target")], day=dt.date(2024, 3, 2))
    store.save(build_result("a.txt", [event]), run_id)
    store.record_error(ArticleError("b.txt", "decode", "not UTF-8"), run_id)
    with engine.connect() as connection:
        facts = connection.execute(text("SELECT COUNT(*) FROM event_facts")).scalar_one()
    engine.dispose()
    counts = _row_counts(url)
    assert facts == 1
    assert all(counts[name] > 0 for name in ("articles", "events", "ingestion_errors"))

    downgrade(url, "base")

    engine = make_engine(url)
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) <= {"alembic_version"}
    assert inspector.get_view_names() == []
    engine.dispose()
    assert current_revision(url) is None

    upgrade(url)
    assert _row_counts(url)["events"] == 0


def test_migrated_schema_matches_the_models(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_migration_loads_the_whole_cameo_table(sqlite_url: str) -> None:
    with (KB_DIR / "cameo_codes.tsv").open(encoding="utf-8", newline="") as handle:
        expected = {row["code"]: row for row in csv.DictReader(handle, delimiter="\t")}
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        stored = {row.code: row for row in connection.execute(select(CameoCodeRow.__table__))}
    engine.dispose()
    assert stored.keys() == expected.keys()
    for code, row in expected.items():
        assert stored[code].goldstein == float(row["goldstein"])
        assert stored[code].plover_type == (row["plover_type"] or None)


def test_views_exist_after_upgrade(empty_database_url: str) -> None:
    upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    inspector = inspect(engine)
    for view in CURRENT_VIEWS:
        columns = [column["name"] for column in inspector.get_columns(view.name)]
        # PostgreSQL folds unquoted names (GDELT's SQLDATE) to lower case, as queries expect.
        assert [name.lower() for name in columns] == [name.lower() for name in view.columns]
    engine.dispose()


@pytest.mark.postgres
def test_postgres_views_carry_their_comments(migrated_postgres_url: str) -> None:
    engine = make_engine(migrated_postgres_url)
    with engine.connect() as connection:
        for view in CURRENT_VIEWS:
            comment = connection.execute(
                text("SELECT obj_description(CAST(:name AS regclass), 'pg_class')"),
                {"name": view.name},
            ).scalar_one()
            column_comments = dict(
                connection.execute(
                    text(
                        "SELECT a.attname, col_description(a.attrelid, a.attnum) "
                        "FROM pg_attribute a WHERE a.attrelid = CAST(:name AS regclass) "
                        "AND a.attnum > 0"
                    ),
                    {"name": view.name},
                ).all()
            )
            assert comment == view.comment
            assert column_comments == {name.lower(): text for name, text in view.columns.items()}
    engine.dispose()


def test_require_current_names_the_fix_until_upgraded(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with pytest.raises(SchemaNotCurrentError, match="run `dipevents db upgrade`"):
        require_current(engine)
    upgrade(sqlite_url)
    require_current(engine)
    engine.dispose()


def test_require_current_rejects_an_older_schema(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    downgrade(sqlite_url, "base")
    engine = make_engine(sqlite_url)
    with pytest.raises(SchemaNotCurrentError, match="no dipevents schema"):
        require_current(engine)
    engine.dispose()


def test_require_current_tells_when_newer_code_migrated_the_database(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(SchemaNotCurrentError, match="a newer dipevents migrated it"):
        require_current(engine)
    engine.dispose()


def test_upgrade_works_from_any_working_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    upgrade("sqlite:///relative.db")
    assert (tmp_path / "relative.db").exists()
    assert current_revision("sqlite:///relative.db") == head_revision()


def test_stepwise_downgrade_keeps_rows_and_upgrade_backfills_the_change_log(
    empty_database_url: str, build_result, make_event
) -> None:
    url = empty_database_url
    upgrade(url)
    engine = make_engine(url)
    store = Store(engine)
    kept = make_event("042", [(SWEDEN, "source"), (CHILE, "target")], day=dt.date(2024, 3, 2))
    dropped = make_event("111", [(CHILE, "source")])
    store.save(build_result("a.txt", [kept, dropped]))
    store.save(build_result("a.txt", [kept], extractor_version="2.0"))
    store.save(build_result("b.txt", [make_event("036", [(SWEDEN, "source")])]))
    engine.dispose()

    for revision in ("0002", "0001"):
        downgrade(url, revision)
        assert current_revision(url) == revision
    assert "changes" not in _table_names(url)
    upgrade(url)

    engine = make_engine(url)
    with engine.connect() as connection:
        logged = {
            f"{entity}:{op}": count
            for entity, op, count in connection.execute(
                text("SELECT entity, op, COUNT(*) FROM changes GROUP BY entity, op")
            )
        }
        locks = connection.execute(text("SELECT COUNT(*) FROM change_log_lock")).scalar_one()
    engine.dispose()
    counts = _row_counts(url)
    assert logged == {
        "article:upsert": counts["articles"],
        "actor:upsert": counts["actors"],
        "event:upsert": counts["events"],
        "event:delete": counts["deleted_events"],
    }
    assert (counts["articles"], counts["events"], counts["deleted_events"], locks) == (2, 2, 1, 1)


def _table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
