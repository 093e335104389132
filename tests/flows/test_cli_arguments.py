"""Bad arguments: one message naming the fix, a non-zero exit, and no file left behind."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from db.migrate import head_revision
from flows.cli import app


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path) -> CliRunner:
    monkeypatch.delenv("DIPEVENTS_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # the default database, sqlite:///dipevents.db, goes here
    return CliRunner()


def error_line(result) -> str:
    """The one `Error:` line of a failed command; no traceback."""
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


GOLD_WITHOUT_DOCUMENTS = "just a line of text\n"


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["db", "upgrade", "--db", "notaurl"], 2,
         "'notaurl' is not a database URL; write it as sqlite:///FILE, "
         "postgresql://USER@HOST/DATABASE or mysql://USER@HOST/DATABASE"),
        (["events", "--db", "oracle://scott@db.example/orcl"], 2,
         "oracle databases are not supported; use SQLite, PostgreSQL or MySQL/MariaDB"),
        (["db", "current", "--db", "postgresql://app:secret@localhost:abc/x"], 2,
         "the port in 'postgresql://app:***@localhost:abc/x' is not a number; write HOST:PORT"),
        (["export", "--db", "postgresql+asyncpg://app@localhost/x"], 2,
         "the postgresql driver 'asyncpg' is for asyncio, which dipevents does not use; write "
         "postgresql://... without a driver"),
        (["ingest", ".", "--db", "mysql+mysqldb://app@localhost/x"], 2,
         "the mysql driver 'mysqldb' is not installed"),
        (["db", "upgrade", "--db", "sqlite:////nonexistent/events.db"], 2,
         "the folder /nonexistent of the SQLite database does not exist; create it"),
        (["export", "--since", "9999999999d"], 2,
         "'9999999999d' reaches back before the year 1; give a shorter age or an ISO date"),
        (["export", "--output", "/nonexistent/x.jsonl"], 2,
         "the folder /nonexistent does not exist; create it or write to a file in an existing"),
        (["extract", ".", "--output", "/nonexistent/x.jsonl"], 2,
         "the folder /nonexistent does not exist; create it"),
        (["sync", "--to", "notaurl"], 2, "'notaurl' is not a database URL; write it as"),
        (["sync", "--to", "oracle://scott@db.example/orcl"], 2,
         "oracle databases are not supported"),
        (["evaluate", "gold.yaml"], 1,
         "cannot read the gold file gold.yaml: expected `documents:`, a list of entries"),
        (["evaluate", "gold.yaml", "--predictions", "numbers.jsonl"], 1,
         "every line must be a JSON object"),
    ],
)
def test_a_bad_argument_fails_with_one_message_naming_the_fix(runner, args, code, message):
    with open("gold.yaml", "w", encoding="utf-8") as handle:
        handle.write(GOLD_WITHOUT_DOCUMENTS if "--predictions" not in args else "documents: []")
    with open("numbers.jsonl", "w", encoding="utf-8") as handle:
        handle.write("1\n2\n")
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert message in error_line(result)
    assert "secret" not in result.output


def test_a_bad_database_url_in_the_environment_names_the_variable(runner, monkeypatch):
    monkeypatch.setenv("DIPEVENTS_DATABASE_URL", "notaurl")
    result = runner.invoke(app, ["events"])
    assert result.exit_code == 2
    assert error_line(result) == (
        "Error: DIPEVENTS_DATABASE_URL: 'notaurl' is not a database URL; write it as "
        "sqlite:///FILE, postgresql://USER@HOST/DATABASE or mysql://USER@HOST/DATABASE; or "
        "give --db URL"
    )


@pytest.mark.parametrize(
    "args",
    [["db", "current"], ["events"], ["export"], ["export", "--since-change", "0"],
     ["ingest", "."], ["sync", "--to", "sqlite:///copy.db"]],
)
def test_a_command_reading_a_database_that_does_not_exist_creates_no_file(
    runner, tmp_path, args
):
    result = runner.invoke(app, args)
    assert list(tmp_path.iterdir()) == []
    if args != ["db", "current"]:
        assert result.exit_code == 1
        assert "has no dipevents schema" in error_line(result)


def test_a_failed_upgrade_of_a_new_database_leaves_no_file(runner, tmp_path, monkeypatch):
    from db import migrate

    def broken_run(url, action, revision):
        sqlite3.connect(tmp_path / "dipevents.db").close()  # created, then the disk fails
        raise OperationalError("CREATE TABLE articles", {}, Exception("disk I/O error"))

    monkeypatch.setattr(migrate, "_run", broken_run)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "disk I/O error" in error_line(result)
    assert list(tmp_path.iterdir()) == []


def set_revision(path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def test_upgrade_of_a_database_at_an_unknown_revision_names_the_fix_and_changes_nothing(
    runner, tmp_path
):
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    set_revision(tmp_path / "dipevents.db", "9999")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 1
    newest = head_revision()
    assert error_line(result) == (
        "Error: The database sqlite:///dipevents.db is at revision 9999, which this version "
        f"of dipevents does not know (it needs {newest}); a newer dipevents migrated it: "
        "upgrade dipevents."
    )
    current = runner.invoke(app, ["db", "current"])
    assert current.stdout == (
        "Database sqlite:///dipevents.db is at revision 9999, which this version of "
        f"dipevents does not know (the newest it knows is {newest}); upgrade dipevents.\n"
    )


def test_a_failed_sync_into_a_new_sqlite_database_leaves_no_file(runner, tmp_path,
                                                                 monkeypatch):
    from db import sync
    from db.sync import SyncError

    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0

    def broken_sync(engine, target_url, **options):
        sqlite3.connect(tmp_path / "copy.db").close()
        raise SyncError("the target's dip_ tables were written by another layout")

    monkeypatch.setattr(sync, "sync", broken_sync)
    result = runner.invoke(app, ["sync", "--to", "sqlite:///copy.db"])
    assert result.exit_code == 1
    assert "another layout" in error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dipevents.db"]


@pytest.mark.parametrize("existing", [None, "the previous export\n"])
def test_a_failed_export_leaves_no_partial_file_and_keeps_the_previous_one(
    runner, tmp_path, monkeypatch, existing
):
    from flows.cli import exporting

    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    out = tmp_path / "events.jsonl"
    if existing is not None:
        out.write_text(existing, encoding="utf-8")

    def broken_write(rows, handle, fmt):
        handle.write(json.dumps({"document": "half"}) + "\n")
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(exporting, "write_events", broken_write)
    result = runner.invoke(app, ["export", "--output", str(out)])
    assert result.exit_code == 1
    assert "server closed the connection" in error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["dipevents.db"] + (["events.jsonl"] if existing else [])
    )
    if existing is not None:
        assert out.read_text(encoding="utf-8") == existing


def test_written_whole_replaces_the_file_only_when_the_block_succeeds(tmp_path):
    from flows.cli.output import written_whole

    target = tmp_path / "out.txt"
    with written_whole(target) as temporary:
        temporary.write_text("first", encoding="utf-8")
        assert not target.exists()
    with pytest.raises(KeyboardInterrupt), written_whole(target) as temporary:
        temporary.write_text("second, half", encoding="utf-8")
        raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert target.read_text(encoding="utf-8") == "first"


def test_an_unreachable_sync_target_names_the_option_to_check(runner):
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["sync", "--to", "postgresql://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 1
    line = error_line(result)
    assert line.startswith("Error: cannot use the database postgresql://nobody@127.0.0.1:1/none")
    assert line.endswith("Check --to.")
