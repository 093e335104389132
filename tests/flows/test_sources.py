"""Folder and file sources: every supported format, manifests, and read errors as items."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from flows.sources import SourceError, iter_folder, iter_source, parse_date
from pipeline.model import ArticleError, RawArticle


def documents(items) -> list[str]:
    return [item.document for item in items]


def test_iter_folder_reads_text_and_html_with_manifest_metadata(good_folder: Path):
    items = list(iter_folder(good_folder))
    assert documents(items) == ["berlin.txt", "tokyo.html"]
    berlin, tokyo = items
    assert (berlin.url, berlin.title, berlin.source, berlin.published) == (
        "https://example.com/berlin", "Leaders meet", "Example News", date(2024, 5, 7),
    )
    assert berlin.published_from == "metadata"
    assert (berlin.content_type, tokyo.content_type) == (None, "html")
    assert tokyo.url is None and tokyo.published is None


def test_iter_folder_uses_an_explicit_manifest_over_the_folders_own(good_folder, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("file,url,title,source,published\ntokyo.html,https://x.org/t,T,X,2024-01-02\n")
    items = {item.document: item for item in iter_folder(good_folder, other)}
    assert items["tokyo.html"].published == date(2024, 1, 2)
    assert items["berlin.txt"].url is None


def test_iter_folder_reports_files_listed_in_the_manifest_but_missing(good_folder):
    (good_folder / "manifest.csv").write_text("file,url,title,source,published\ngone.txt,,,,\n")
    errors = [item for item in iter_folder(good_folder) if isinstance(item, ArticleError)]
    assert [(e.document, e.stage) for e in errors] == [("gone.txt", "read")]
    assert "not found" in errors[0].message


def test_iter_folder_turns_unreadable_and_unsupported_files_into_read_errors(
    mixed_folder, locked_files
):
    (mixed_folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    errors = {
        item.document: item for item in iter_folder(mixed_folder) if isinstance(item, ArticleError)
    }
    assert set(errors) == {"locked.txt", "scan.pdf"}
    assert "Permission denied" in errors["locked.txt"].message
    assert "unsupported file type '.pdf'" in errors["scan.pdf"].message
    assert {e.stage for e in errors.values()} == {"read"}


def test_iter_folder_skips_hidden_files_and_reads_subfolders(good_folder):
    (good_folder / ".DS_Store").write_bytes(b"\x00\x01")
    (good_folder / "more").mkdir()
    (good_folder / "more" / "a.txt").write_text("Text.")
    assert documents(iter_folder(good_folder)) == ["berlin.txt", "more/a.txt", "tokyo.html"]


@pytest.mark.parametrize(
    "content,expected",
    [
        ({"id": "r1", "text": "Hello.", "url": "https://x.org/1", "published": "2025-10-10"},
         [("r1", "text", date(2025, 10, 10))]),
        ({"html": "<p>Hello.</p>", "published": "2025-10-10T08:00:00Z"},
         [("one.json", "html", date(2025, 10, 10))]),
        ([{"text": "A."}, {"id": 7, "text": "B."}],
         [("one.json#1", "text", None), ("7", "text", None)]),
    ],
)
def test_json_files_hold_one_record_or_a_list(tmp_path, content, expected):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(content))
    items = list(iter_source(str(path)))
    assert [(i.document, i.content_type, i.published) for i in items] == expected


def test_jsonl_records_are_streamed_with_ids_or_line_numbers(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a", "text": "First."}\n'
        "\n"
        '{"text": "Third line.", "title": "T", "source": "S"}\n'
        "not json\n"
        '{"title": "no body"}\n'
        '["a list"]\n'
    )
    items = list(iter_source(str(path)))
    assert [(i.document, type(i).__name__) for i in items] == [
        ("a", "RawArticle"),
        ("feed.jsonl#3", "RawArticle"),
        ("feed.jsonl#4", "ArticleError"),
        ("feed.jsonl#5", "ArticleError"),
        ("feed.jsonl#6", "ArticleError"),
    ]
    assert "invalid JSON" in items[2].message
    assert "no `text` or `html`" in items[3].message
    assert items[1].title == "T" and items[1].source == "S"


def test_iter_source_reads_a_single_file_with_its_folders_manifest(good_folder):
    items = list(iter_source(str(good_folder / "berlin.txt")))
    assert len(items) == 1 and isinstance(items[0], RawArticle)
    assert items[0].url == "https://example.com/berlin"


@pytest.mark.parametrize(
    "spec,manifest,message",
    [
        ("does/not/exist", None, "is not a folder, a file or a URL"),
        (".", Path("no-such-manifest.csv"), "manifest no-such-manifest.csv does not exist"),
        ("urls:no/such/list.txt", None, "URL list no/such/list.txt does not exist"),
        ("feed:no/such/feed", None, r"feed no/such/feed is not an http\(s\) URL or a file"),
    ],
)
def test_iter_source_refuses_specs_that_name_nothing(spec, manifest, message):
    with pytest.raises(SourceError, match=message):
        iter_source(spec, manifest)


def test_iter_source_refuses_a_manifest_without_a_file_column(good_folder):
    (good_folder / "manifest.csv").write_text("name,url\nberlin.txt,x\n")
    with pytest.raises(SourceError, match="needs a header row"):
        iter_source(str(good_folder))


def test_iter_folder_is_a_lazy_stream(good_folder):
    stream = iter_folder(good_folder)
    (good_folder / "later.txt").write_text("Written after the stream was created.")
    assert "later.txt" in documents(stream)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2025-10-10", date(2025, 10, 10)),
        ("2025-10-10T23:30:00+09:00", date(2025, 10, 10)),
        ("2025-10-10T08:00:00Z", date(2025, 10, 10)),
        ("", None),
        ("last Friday", None),
        (None, None),
    ],
)
def test_parse_date_reads_iso_dates_and_datetimes(value, expected):
    assert parse_date(value) == expected


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Leaders meet</title><guid isPermaLink="false">wire-1</guid>
<pubDate>Tue, 07 May 2024 08:00:00 GMT</pubDate>
<description>Macron met Scholz in Berlin on Tuesday.</description></item>
</channel></rss>"""


@pytest.mark.parametrize("name,prefix", [("wire.rss", ""), ("wire.feed", "feed:")])
def test_iter_source_reads_a_local_feed_file(tmp_path, name, prefix):
    path = tmp_path / name
    path.write_text(FEED, encoding="utf-8")
    items = list(iter_source(f"{prefix}{path}"))
    assert [(i.document, i.title, i.source, i.published) for i in items] == [
        ("wire-1", "Leaders meet", "Example Wire", date(2024, 5, 7)),
    ]


@pytest.mark.parametrize("name,prefix", [("pages.urls", ""), ("pages.txt", "urls:")])
def test_iter_source_reads_a_url_list_without_fetching_stored_urls(tmp_path, name, prefix):
    path = tmp_path / name
    path.write_text("https://example.com/a\n# a note\nhttps://example.com/b\n")
    asked: list[str] = []

    def stored(url: str) -> bool:
        asked.append(url)
        return True

    assert list(iter_source(f"{prefix}{path}", skip_url=stored)) == []
    assert asked == ["https://example.com/a", "https://example.com/b"]


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_json_nested_too_deep_to_parse_is_an_error_not_a_crash(tmp_path, name):
    (tmp_path / name).write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("The envoy met the minister.", encoding="utf-8")
    items = list(iter_source(str(tmp_path)))
    assert [type(i).__name__ for i in items] == ["ArticleError", "RawArticle"]
    assert items[0].stage == "read"
    assert "maximum recursion depth exceeded" in items[0].message


@pytest.mark.parametrize(
    "field,value,kind",
    [("url", 17, "int"), ("title", 42, "int"), ("source", ["a", "list"], "list"),
     ("title", {"en": "Talks"}, "dict")],
)
def test_a_record_field_of_the_wrong_type_is_a_read_error(tmp_path, field, value, kind):
    # A number as `url` once reached the error row as a number and stopped the whole run.
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "odd", "text": "Talks.", field: value}) + "\n"
                    + json.dumps({"id": "fine", "text": "Talks.", "url": "https://x.org/1"}))
    items = list(iter_source(str(path)))
    assert [(i.document, type(i).__name__) for i in items] == [
        ("odd", "ArticleError"), ("fine", "RawArticle")]
    assert items[0].message == f"record field `{field}` is a JSON {kind}, not a string"
    assert items[0].stage == "read"
