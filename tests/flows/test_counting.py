"""Counting a source's articles before a run, for the progress bar's total."""

from __future__ import annotations

import pytest

from flows.counting import count_all, count_articles


@pytest.fixture
def folder(tmp_path):
    """Two single-article files, a JSON-lines file of three records, and what is not counted."""
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("one", encoding="utf-8")
    (folder / "sub" / "b.html").write_text("<p>two</p>", encoding="utf-8")
    (folder / "c.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}',
                                    encoding="utf-8")
    (folder / "manifest.csv").write_text("file,url\na.txt,https://example.com/a\n",
                                         encoding="utf-8")
    (folder / ".hidden.txt").write_text("skipped", encoding="utf-8")
    return folder


def test_a_folder_counts_files_and_json_lines(folder):
    assert count_articles(str(folder)) == 5


def test_an_unsupported_file_counts_once_as_it_becomes_one_error_row(folder):
    (folder / "notes.pdf").write_bytes(b"%PDF")
    assert count_articles(str(folder)) == 6


@pytest.mark.parametrize("name", ["list.json", "feed.rss"])
def test_a_json_list_or_a_feed_file_has_no_cheap_count(folder, name):
    (folder / name).write_text("[]", encoding="utf-8")
    assert count_articles(str(folder / name)) is None


def test_a_json_file_in_a_folder_leaves_the_folder_without_a_count(folder):
    (folder / "list.json").write_text("[]", encoding="utf-8")
    assert count_articles(str(folder)) is None


def test_a_url_list_counts_its_urls_without_comments_or_blank_lines(tmp_path):
    urls = tmp_path / "pages.urls"
    urls.write_text("# news\nhttps://example.com/a  # first\n\nhttps://example.com/b\n",
                    encoding="utf-8")
    assert count_articles(str(urls)) == 2
    assert count_articles(f"urls:{urls}") == 2


@pytest.mark.parametrize("spec", ["https://example.com/rss", "feed:https://example.com/rss",
                                  "no/such/folder"])
def test_feeds_and_missing_paths_have_no_count(spec):
    assert count_articles(spec) is None


def test_count_all_adds_sources_and_is_unknown_if_one_is(folder, tmp_path):
    single = tmp_path / "one.txt"
    single.write_text("one", encoding="utf-8")
    assert count_all([str(folder), str(single)]) == 6
    assert count_all([str(folder), "https://example.com/rss"]) is None
