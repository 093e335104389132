"""Finding the temporal expressions of a parsed article: candidate spans from spaCy's DATE
(and day-naming TIME) entities and our own patterns, each normalized with its sentence and the
tense of the verb it attaches to; of overlapping candidates the longest that normalizes wins."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from pipeline.model import TimeValue, TimexMention
from pipeline.timex.normalization import normalize, normalize_with
from pipeline.timex.rules.base import Context
from pipeline.timex.tense import context_tense, token_tense
from pipeline.timex.vocabulary import WEEKDAY_NAMES

# spaCy tags "Wednesday night" or "this morning" as TIME; those that name a day are dates too.
_DAY_IN_TIME = re.compile(
    rf"\b(?:{'|'.join(WEEKDAY_NAMES)}|today|tonight|yesterday|tomorrow|this morning|"
    r"this afternoon|this evening|last night)\b",
    re.IGNORECASE,
)
_CANDIDATE_PATTERNS = tuple(
    re.compile(p)
    for p in (
        # weekdays, capitalized as in running text, with their modifiers and time of day
        r"\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Ee]arlier|[Ll]ater|[Oo]n) )?"
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"(?: (?:morning|afternoon|evening|night))?\b",
        # last/next/this/during the + unit, with early/late/earlier/later
        r"(?i:\b(?:(?:early|late|earlier|later) )?(?:this|last|next|the past|the previous|"
        r"the coming|during the|over the) (?:week|weekend|month|year)\b)",
        # month names (capitalized) with day and/or year, or alone after "in"/"last"/"early"
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.?|Oct\.|Nov\.|Dec\.) "
        r"\d{1,2}(?:st|nd|rd|th)?"
        r"(?:, \d{4})?\b",
        r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December)(?: \d{4})?\b",
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
        r"December),? (?:of )?\d{4}\b",
        r"\b(?i:early|mid|late|last|next|this|in)[- ](?:January|February|March|April|June|July|"
        r"August|September|October|November|December)\b",
        # ISO dates, years after "in", decades, "N units ago"
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"(?<=\b[Ii]n )(?:1\d|20)\d{2}\b",
        r"\b(?:the )?(?:1\d|20)\d0s\b",
        r"(?i:\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"twenty|thirty|forty|fifty) (?:days?|weeks?|months?|years?|decades?) ago\b)",
        r"(?i:\b(?:today|yesterday|tomorrow|tonight)\b)",
        # adverbs that place a clause at, before or after the publication date
        r"(?i:\b(?:now|currently|at present|recently|previously|soon|in the (?:past|future)|"
        r"in the coming (?:days|weeks|months))\b)(?!-)",
        # quarters and year-ago comparisons
        r"(?i:\b(?:the )?(?:fiscal )?(?:first|second|third|fourth)[- ](?:fiscal[- ])?quarter\b"
        r"(?: of (?:1\d|20)\d{2})?)",
        r"(?i:\b(?:the )?(?:comparable |corresponding )?year[- ](?:ago|earlier)"
        r"(?: (?:quarter|period))?\b)",
    )
)
# Inside a DATE entity that does not normalize as a whole ("between 1985 and 1987", "the first
# nine months of 1997"), its years, months and weekdays are candidates of their own.
_ATOMIC = re.compile(
    r"\b(?:(?:1[5-9]|20)\d{2}|(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
    r"(?: \d{1,2}\b)?(?:,? (?:1[5-9]|20)\d{2})?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
)
# Years in parentheses, one or several: "(1959, 1961)"; each year is its own expression.
_PARENTHESIZED_YEARS = re.compile(r"\((?:\s*(?:1\d|20)\d{2}\s*[,;]?)+\)")
_YEAR = re.compile(r"(?:1\d|20)\d{2}")


def find_timexes(doc: Doc, anchor: date | None) -> list[TimexMention]:
    """Find and normalize the temporal expressions of a parsed article.

    Candidates are spaCy DATE entities (and TIME entities that name a day) plus our own patterns
    for what the tagger misses (weekdays, "during the week", years in parentheses ...). Where
    candidates overlap, the longest one that normalizes wins. Each is normalized with its
    sentence as context and the tense of the verb it attaches to.

    doc (Doc): a parsed article (sentences and dependencies are read).
    anchor (date | None): the publication date; without it only self-dated expressions stay.
    RETURNS (list[TimexMention]): normalizable expressions, character offsets into doc.text,
        sorted by start.
    """
    text = doc.text  # built from the tokens on every access: read it once
    found: list[TimexMention] = []
    taken: list[tuple[int, int]] = []
    for start, end in sorted(_candidate_spans(doc, text), key=lambda s: (s[0] - s[1], s[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        if _in_a_title(doc, start, end):
            continue
        value = _normalize_in_doc(doc, text, start, end, anchor)
        if value is not None:
            taken.append((start, end))
            found.append(TimexMention(text[start:end], start, end, value))
    found.sort(key=lambda t: t.start_char)
    return found


def _in_a_title(doc: Doc, start: int, end: int) -> bool:
    """Return True for a day that ends the name of a paper or a programme, "The Mail on
    Sunday", "Meet the Press on Sunday": "on" follows a proper noun that names nobody (no
    person, place or organisation)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    first = span[0] if span[0].lower_ != "on" else span[0].nbor(1)
    if first.i < 2 or doc[first.i - 1].lower_ != "on":
        return False
    owner = doc[first.i - 2]  # the word before "on", whatever the parse hangs "on" on
    return owner.pos_ == "PROPN" and owner.is_title and not owner.ent_type_


def _candidate_spans(doc: Doc, text: str) -> set[tuple[int, int]]:
    """Character spans that may be temporal expressions; overlapping ones are resolved later."""
    spans: set[tuple[int, int]] = set()
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _DAY_IN_TIME.search(ent.text)):
            spans.add((ent.start_char, ent.end_char))
            spans.update(
                (ent.start_char + m.start(), ent.start_char + m.end())
                for m in _ATOMIC.finditer(ent.text)
            )
    for pattern in _CANDIDATE_PATTERNS:
        spans.update(m.span() for m in pattern.finditer(text))
    for group in _PARENTHESIZED_YEARS.finditer(text):
        base = group.start()
        spans.update((base + m.start(), base + m.end()) for m in _YEAR.finditer(group.group(0)))
    return spans


# How many characters before an anaphoric expression may hold the time it counts from.
REFERENCE_WINDOW = 400


def _normalize_in_doc(
    doc: Doc, text: str, start: int, end: int, anchor: date | None
) -> TimeValue | None:
    expression = text[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return normalize(expression, anchor)
    sentence = span.sent
    tense = (
        context_tense(expression, None)
        or token_tense(span.root.head)
        or context_tense(expression, sentence.text)
    )
    # "six years later", "the following month" count from the last time the story named:
    # look back through the paragraph, not only the sentence.
    paragraph_start = text.rfind("\n", 0, start) + 1
    before = text[max(paragraph_start, start - REFERENCE_WINDOW) : start]
    return normalize_with(expression, anchor, tense, Context(sentence.text, before))
