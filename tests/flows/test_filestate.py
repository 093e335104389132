"""A watched folder: unchanged files are skipped before they are read, a bad file is reported
once until it changes."""

from __future__ import annotations

import os

import pytest

from db.session import make_engine
from flows.filestate import StoredFileMemory
from flows.ingest import ingest_flow


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_a_file_is_unchanged_only_once_a_saved_run_read_it(engine, tmp_path):
    file = tmp_path / "a.txt"
    file.write_text("text", encoding="utf-8")
    memory = StoredFileMemory(engine, str(tmp_path))
    assert not memory.unchanged(file)
    assert not StoredFileMemory(engine, str(tmp_path)).unchanged(file)  # not saved yet
    memory.save()
    assert StoredFileMemory(engine, str(tmp_path)).unchanged(file)


def test_a_touched_file_with_the_same_bytes_stays_unchanged_and_an_edited_one_does_not(
    engine, tmp_path
):
    file = tmp_path / "a.txt"
    file.write_text("text", encoding="utf-8")
    first = StoredFileMemory(engine, str(tmp_path))
    first.unchanged(file)
    first.save()
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert StoredFileMemory(engine, str(tmp_path)).unchanged(file)
    file.write_text("other", encoding="utf-8")
    assert not StoredFileMemory(engine, str(tmp_path)).unchanged(file)


def test_another_folder_has_its_own_states(engine, tmp_path):
    file = tmp_path / "a.txt"
    file.write_text("text", encoding="utf-8")
    memory = StoredFileMemory(engine, str(tmp_path))
    memory.unchanged(file)
    memory.save()
    assert not StoredFileMemory(engine, "/elsewhere").unchanged(file)


@pytest.mark.usefixtures("prefect_harness")
def test_a_watched_folder_reads_only_changed_files_and_reports_a_bad_one_once(
    good_folder, database_url
):
    (good_folder / "empty.txt").write_bytes(b"")
    source = str(good_folder)

    def run():
        return ingest_flow(source, database_url=database_url, skip_unchanged_files=True)

    first = run()
    assert (first.articles_seen, [e.document for e in first.errors]) == (3, ["empty.txt"])
    second = run()
    assert (second.articles_seen, second.errors) == (0, [])
    (good_folder / "empty.txt").write_text("still no events here", encoding="utf-8")
    third = run()
    assert third.articles_seen == 1
