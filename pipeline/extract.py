"""Articles in, extraction results out: spaCy over a stream, then actors, times and events.

The model and the knowledge base are loaded once per `Extractor`, and `nlp.pipe` batches the
texts, so a caller streams any number of articles without loading them all in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import EXTRACTOR_VERSION
from pipeline.actors import ActorResolver
from pipeline.events import Lexicon, extract_events
from pipeline.model import Article, ArticleError, ExtractionResult
from pipeline.nlp import load_nlp
from pipeline.timex import find_timexes

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

DEFAULT_BATCH_SIZE = 32


class Extractor:
    """Extract diplomatic events from cleaned articles.

    nlp (Language | None): a loaded spaCy pipeline; defaults to `load_nlp()`.
    resolver (ActorResolver | None): the actor knowledge base; defaults to the project's own.
    lexicon (Lexicon | None): the trigger lexicon; defaults to `load_lexicon()` (kb/verbs.tsv
        and kb/nouns.tsv).
    batch_size (int): texts per `nlp.pipe` batch.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        resolver: ActorResolver | None = None,
        lexicon: Lexicon | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        self.resolver = resolver if resolver is not None else ActorResolver.default()
        self.lexicon = lexicon
        self.batch_size = batch_size

    def extract(self, articles: Iterable[Article]) -> Iterator[ExtractionResult | ArticleError]:
        """Yield one result per article, in input order.

        An article whose extraction raises yields an `ArticleError` (stage "extract") instead,
        so one pathological text never stops a batch.
        """
        stream = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
            try:
                yield self.extract_doc(doc, article)
            except Exception as exc:  # noqa: BLE001 - recorded per article, see docstring
                logger.exception("extraction failed for %s", article.document)
                yield ArticleError(
                    document=article.document,
                    stage="extract",
                    message=f"extraction failed: {type(exc).__name__}: {exc}",
                    url=article.url,
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
