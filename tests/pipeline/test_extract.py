"""The extractor over a stream: long texts in pieces, one failing article never the batch."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import Extractor
from pipeline.model import Article, ArticleError, ExtractionResult

PARAGRAPHS = [
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday, "
    "the two leaders said in a joint statement.",
    "Japanese Prime Minister Fumio Kishida hosted Indian Prime Minister Narendra Modi in Tokyo "
    "on Monday.",
    "Kenya and Ethiopia signed a border agreement in Nairobi on Friday.",
]
TEXT = "\n\n".join(PARAGRAPHS)
# Each paragraph fits a piece of this length, two do not.
PIECE = len(PARAGRAPHS[0]) + 5


def article(text: str = TEXT, document: str = "report.txt") -> Article:
    return Article(document=document, text=text, published=dt.date(2024, 5, 7))


def event_keys(result: ExtractionResult) -> list[tuple]:
    """The events of a result: code, participants, date and evidence with its offsets."""
    return sorted(
        (
            event.code,
            tuple(p.actor.name for p in event.participants),
            event.date.value,
            tuple((ev.start_char, ev.end_char, ev.sentence) for ev in event.evidence),
        )
        for event in result.events
    )


@pytest.fixture(scope="module")
def extractor(nlp) -> Extractor:
    return Extractor(nlp)


def test_a_long_article_in_pieces_gives_the_events_of_the_whole_at_the_same_offsets(
    nlp, extractor
):
    whole = next(extractor.extract([article()]))
    pieced = next(Extractor(nlp, piece_chars=PIECE).extract([article()]))
    assert len(whole.events) == 3
    assert event_keys(pieced) == event_keys(whole)
    assert all(TEXT[m.start_char : m.end_char] == m.text for m in pieced.mentions)
    assert {m.text for m in pieced.mentions} >= {"Tokyo", "Nairobi", "Ethiopia"}


def test_a_text_over_the_models_length_limit_is_extracted_in_pieces(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", PIECE + 10)
    result = next(Extractor(nlp, piece_chars=PIECE).extract([article()]))
    assert isinstance(result, ExtractionResult)
    assert [key[0] for key in event_keys(result)] == ["040", "043", "057"]


def test_an_article_the_model_refuses_fails_alone_and_the_batch_goes_on(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", PIECE + 10)
    batch = [article(PARAGRAPHS[0], "a.txt"), article(TEXT, "long.txt"),
             article(PARAGRAPHS[2], "c.txt")]
    # Pieces longer than the model takes: the long text reaches the model whole.
    results = list(Extractor(nlp, piece_chars=len(TEXT)).extract(batch))
    assert [type(r).__name__ for r in results] == [
        "ExtractionResult", "ArticleError", "ExtractionResult"
    ]
    error = results[1]
    assert isinstance(error, ArticleError)
    assert (error.document, error.stage) == ("long.txt", "extract")
    assert error.message.startswith("extraction failed: ValueError: [E088]")
    assert "\n" not in error.message
    assert [r.article.document for r in (results[0], results[2])] == ["a.txt", "c.txt"]


def test_results_come_in_input_order_across_batches(nlp):
    documents = [f"{n}.txt" for n in range(5)]
    results = Extractor(nlp, batch_size=2, piece_chars=PIECE).extract(
        article(TEXT if n % 2 else PARAGRAPHS[2], name) for n, name in enumerate(documents)
    )
    assert [r.article.document for r in results] == documents


def test_a_pledge_to_cooperate_and_an_invitation_to_visit_are_two_happenings(extractor):
    text = (
        "Kenyan President William Ruto received Ugandan President Yoweri Museveni on Monday.\n\n"
        "Both leaders reaffirmed their commitment to further consolidate bilateral ties.\n\n"
        "President Museveni extended an invitation to President Ruto to undertake a State "
        "Visit to Uganda."
    )
    article = Article(document="visit.txt", text=text, published=dt.date(2025, 1, 16))
    (result,) = extractor.extract([article])
    codes = [event.code for event in result.events]
    assert "030" in codes and "036" in codes
