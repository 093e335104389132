"""Store: values PostgreSQL refuses (NUL, half surrogate pairs, too long) never fail a run.

An article is stored with NUL characters left out of its metadata, or refused with a message
when its id, URL or source does not fit; its error row is always written, shortened to fit.
Every test runs on SQLite and, when the server answers, on PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from db.models import ArticleRow, EventRow, IngestionErrorRow
from db.values import ValueTooLongError, shorten
from pipeline.model import Actor, ArticleError

CHILE = Actor("Chile", "state", "CHL")
SWEDEN = Actor("Sweden", "state", "SWE")
LONG_URL = "https://example.com/news/" + "a" * 700


def stored_articles(engine: Engine) -> list[ArticleRow]:
    with engine.connect() as connection:
        return list(connection.execute(select(ArticleRow)).all())


def stored_errors(engine: Engine) -> list[IngestionErrorRow]:
    with engine.connect() as connection:
        return list(connection.execute(select(IngestionErrorRow)).all())


def test_nul_characters_are_left_out_of_an_articles_metadata(store, build_result, make_event):
    visit = make_event("042", [(SWEDEN, "source"), (CHILE, "target")])
    result = build_result("a\x00b.txt", [visit], url="https://example.com/\x00x",
                          text="Sweden hosted Chile.")
    store.save(result)
    [row] = stored_articles(store.engine)
    assert (row.document, row.url, row.title) == ("ab.txt", "https://example.com/x",
                                                  "Title of ab.txt")
    assert store.is_known(url="https://example.com/\x00x")


def test_half_a_surrogate_pair_in_a_file_name_is_stored_as_a_replacement_character(
    store, build_result
):
    # What Python makes of a file name that is not UTF-8 (os.fsdecode(b"caf\xe9.txt")).
    store.save(build_result("caf\udce9.txt", text="Sweden hosted Chile."))
    assert [row.document for row in stored_articles(store.engine)] == ["caf\ufffd.txt"]


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("document", "d/" * 300, "the document id is 600 characters long, over the 512"),
        ("url", LONG_URL, "the URL is 725 characters long, over the 700"),
    ],
)
def test_an_article_whose_id_or_url_does_not_fit_is_refused_and_nothing_written(
    store, build_result, make_event, field, value, message
):
    visit = make_event("042", [(SWEDEN, "source"), (CHILE, "target")])
    arguments = {"document": value} if field == "document" else {"url": value}
    with pytest.raises(ValueTooLongError, match=message):
        store.save(build_result(events=[visit], **arguments))
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(EventRow)) == 0
    assert stored_articles(store.engine) == []


def test_an_error_row_is_written_with_values_shortened_to_fit_and_the_reason(store):
    document = "folder/" * 100 + "report.txt"
    store.record_error(
        ArticleError(document=document + "\x00", stage="store", url=LONG_URL,
                     message="could not save\x00: the document id is too long")
    )
    [row] = stored_errors(store.engine)
    assert row.document == shorten(document, 512)
    assert len(row.document) == 512 and row.document.endswith("/report.txt")
    assert row.url == shorten(LONG_URL, 700)
    assert row.message == (
        "could not save: the document id is too long (document id shortened from 710 "
        "characters; URL shortened from 725 characters to fit the table)"
    )


def test_the_same_shortened_error_recorded_twice_is_one_row(store):
    error = ArticleError(document="x" * 600, stage="read", message="cannot read")
    store.record_error(error)
    store.record_error(error)
    assert len(stored_errors(store.engine)) == 1


@pytest.mark.parametrize(
    "value,limit,expected",
    [("abcdef", 6, "abcdef"), ("abcdefgh", 5, "ab…gh"), ("abcdefgh", 6, "ab…fgh")],
)
def test_shorten_keeps_both_ends_around_an_ellipsis(value, limit, expected):
    assert shorten(value, limit) == expected
