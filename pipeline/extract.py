"""Articles in, extraction results out: spaCy over a stream, then actors, times and events.

The model and the knowledge base are loaded once per `Extractor`, and `nlp.pipe` batches the
texts, so a caller streams any number of articles without loading them all in memory. A text
longer than a piece (`pipeline.pieces`) is parsed and extracted piece by piece, and whatever
fails for one article, parsing included, fails that article alone.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import DEFAULT_BATCH_SIZE, EXTRACTOR_VERSION
from pipeline.actors import ActorResolver
from pipeline.events import Lexicon, extract_events
from pipeline.model import ActorMention, Article, ArticleError, Event, ExtractionResult
from pipeline.nlp import load_nlp
from pipeline.pieces import PIECE_CHARS, split_text
from pipeline.timex import find_timexes

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["DEFAULT_BATCH_SIZE", "Extractor"]


class Extractor:
    """Extract diplomatic events from cleaned articles.

    nlp (Language | None): a loaded spaCy pipeline; defaults to `load_nlp()`.
    resolver (ActorResolver | None): the actor knowledge base; defaults to the project's own.
    lexicon (Lexicon | None): the trigger lexicon; defaults to `load_lexicon()` (kb/verbs.tsv
        and kb/nouns.tsv).
    batch_size (int): texts per `nlp.pipe` batch.
    piece_chars (int): texts longer than this are extracted in pieces of at most this length.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        resolver: ActorResolver | None = None,
        lexicon: Lexicon | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        piece_chars: int = PIECE_CHARS,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        self.resolver = resolver if resolver is not None else ActorResolver.default()
        self.lexicon = lexicon
        self.batch_size = batch_size
        self.piece_chars = piece_chars

    def extract(self, articles: Iterable[Article]) -> Iterator[ExtractionResult | ArticleError]:
        """Yield one result per article, in input order.

        An article whose parsing or extraction raises yields an `ArticleError` (stage
        "extract") instead, so one pathological text never stops a batch.
        """
        iterator = iter(articles)
        while batch := list(itertools.islice(iterator, self.batch_size)):
            short = [article for article in batch if len(article.text) <= self.piece_chars]
            docs = iter(self._parse([article.text for article in short]))
            for article in batch:
                if len(article.text) > self.piece_chars:
                    yield _attempt(article, lambda a=article: self.extract_in_pieces(a))
                else:
                    doc = next(docs)
                    yield _attempt(article, lambda a=article, d=doc: self._extract_parsed(d, a))

    def _parse(self, texts: list[str]) -> list[Doc | Exception]:
        """Parse a batch with `nlp.pipe`; when that fails, each text alone, keeping the errors."""
        try:
            return list(self.nlp.pipe(texts, batch_size=self.batch_size))
        except Exception:  # noqa: BLE001 - which text failed is found below
            logger.warning("parsing a batch failed; parsing its %d texts one by one", len(texts))
        docs: list[Doc | Exception] = []
        for text in texts:
            try:
                docs.append(self.nlp(text))
            except Exception as exc:  # noqa: BLE001 - becomes that article's error
                docs.append(exc)
        return docs

    def _extract_parsed(self, doc: Doc | Exception, article: Article) -> ExtractionResult:
        if isinstance(doc, Exception):
            raise doc
        return self.extract_doc(doc, article)

    def extract_in_pieces(self, article: Article) -> ExtractionResult:
        """Extract a long article piece by piece (`pipeline.pieces`), offsets kept in the text.

        Each piece is parsed and extracted as a text of its own, so actors and dates are not
        carried from one piece to the next; pieces end at paragraph breaks where possible.
        """
        pieces = split_text(article.text, self.piece_chars)
        # One piece at a time: a piece is already long, and a batch of them would hold
        # gigabytes of parsed text.
        docs = self.nlp.pipe((text for _, text in pieces), batch_size=1)
        events: list[Event] = []
        mentions: list[ActorMention] = []
        for (offset, text), doc in zip(pieces, docs, strict=True):
            result = self.extract_doc(doc, replace(article, text=text))
            events += [_shift_event(event, offset) for event in result.events]
            mentions += [_shift_mention(mention, offset) for mention in result.mentions]
        return ExtractionResult(
            article=article,
            events=events,
            extractor_version=EXTRACTOR_VERSION,
            mentions=mentions,
        )

    def extract_doc(self, doc: Doc, article: Article) -> ExtractionResult:
        """Run the extraction stages on one parsed article."""
        mentions = self.resolver.find_mentions(doc, article.published)
        timexes = find_timexes(doc, article.published)
        events = extract_events(
            doc, mentions, timexes, article, resolver=self.resolver, lexicon=self.lexicon
        )
        return ExtractionResult(
            article=article,
            events=events,
            extractor_version=EXTRACTOR_VERSION,
            mentions=mentions,
        )


def _attempt(
    article: Article, extract: Callable[[], ExtractionResult]
) -> ExtractionResult | ArticleError:
    """Return what `extract` gives, or the ArticleError of `article` when it raises."""
    try:
        return extract()
    except Exception as exc:  # noqa: BLE001 - recorded per article, see `Extractor.extract`
        logger.exception("extraction failed for %s", article.document)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return ArticleError(
            document=article.document,
            stage="extract",
            message=f"extraction failed: {type(exc).__name__}: {reason}",
            url=article.url,
        )


def _shift_event(event: Event, offset: int) -> Event:
    """Return `event` with its evidence offsets moved by `offset` characters."""
    evidence = [
        replace(ev, start_char=ev.start_char + offset, end_char=ev.end_char + offset)
        for ev in event.evidence
    ]
    return replace(event, evidence=evidence)


def _shift_mention(mention: ActorMention, offset: int) -> ActorMention:
    """Return `mention` with its offsets moved by `offset` characters."""
    return replace(
        mention, start_char=mention.start_char + offset, end_char=mention.end_char + offset
    )
