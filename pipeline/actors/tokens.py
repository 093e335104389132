"""What a token or a stretch of the parsed doc looks like: a name's start and run, a headline
line, a sentence-opening gerund, a named thing, a phrase after "a", an appositive name."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.actors.words import NAMED_THING_LABELS


def starts_name(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper()


def name_run_end(doc: Doc, start: int, stops: set[int], max_words: int = 4) -> int:
    """End of the capitalized name starting at `start`; hyphen-joined parts ("Jae-myung")
    stay in one word, and a verb or a known alias ("Visits", "Pyongyang" in a title-case
    headline) ends it."""
    end = start + 1
    words = 1
    while end < len(doc):
        token = doc[end]
        if (
            token.text == "-"
            and not doc[end - 1].whitespace_
            and not token.whitespace_
            and end + 1 < len(doc)
            and doc[end + 1].is_alpha
        ):
            end += 2
            continue
        if (
            words < max_words
            and starts_name(token)
            and doc[end - 1].whitespace_
            and end not in stops
            and token.pos_ != "VERB"
        ):
            end += 1
            words += 1
            continue
        break
    return end


def title_case_lines(doc: Doc) -> set[int]:
    """Token indices of title-case lines (headlines, "Kim Hosts China, Russia And Vietnam"),
    where NER reads capitalized verbs and nouns as parts of person names.

    A line is title case when it has at least three words of four letters or more, all
    capitalized, and does not end as a sentence does.
    """
    indices: set[int] = set()
    line: list[Token] = []
    for token in [*doc, None]:
        if token is not None and "\n" not in token.text:
            line.append(token)
            continue
        long_words = [t for t in line if t.is_alpha and len(t) >= 4]
        if (
            len(long_words) >= 3
            and all(t.text[0].isupper() for t in long_words)
            and line[-1].text not in {".", "!", "?", '"', "\u201d"}
        ):
            indices.update(t.i for t in line)
        line = []
    return indices


def is_sentence_gerund(token: Token) -> bool:
    """Whether a capitalized word is an -ing form that opens its sentence ("Hosting Trump there
    would ...", "Meeting Putin, Xi said"): NER reads it as a first name, but given names do
    not end so, and the capital comes from the sentence start."""
    return (
        token.is_sent_start
        and token.is_alpha
        and len(token.text) > 5
        and token.text[1:].islower()
        and token.lower_.endswith("ing")
    )


def inside_named_things(doc: Doc) -> dict[int, tuple[tuple[int, int], str]]:
    """Token index -> token span and label of the named thing (organisation, facility, event,
    work, region) it is in, without a leading "the".

    A capital inside such a name ("Seoul National University") and a state inside a region
    ("the South China Sea", "Latin America") are parts of a name, not the state; a name that
    is the whole entity ("the Kremlin" tagged ORG) still stands for it.
    """
    spans: dict[int, tuple[tuple[int, int], str]] = {}
    for ent in doc.ents:
        if ent.label_ in NAMED_THING_LABELS or ent.label_ == "LOC":
            start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
            for index in range(start, ent.end):
                spans[index] = ((start, ent.end), ent.label_)
    return spans


def after_indefinite_article(doc: Doc, start: int, end: int) -> bool:
    """Whether a name heads a phrase after "a"/"an" and at most three modifiers ("a united Korea
    allied with the US", "a more assertive China"): such a phrase describes a possible state of
    a country, not the state that acts. A name modifying a noun ("a Brazilian delegation", "a
    China policy") is not such a head."""
    if doc[end - 1].dep_ in {"compound", "amod", "nmod", "poss", "npadvmod"}:
        return False
    index = start - 1
    for _ in range(4):
        if index < 0:
            return False
        token = doc[index]
        if token.lower_ in {"a", "an"}:
            return True
        if not (token.pos_ in {"ADJ", "ADV", "VERB"} or token.text in {"-", "\u2010"}):
            return False
        index -= 1
    return False


def appositive_name(head: Token) -> int | None:
    """Char offset of a proper name in apposition with a title's head noun, if any."""
    related = [child for child in head.children if child.dep_ == "appos"]
    if head.dep_ == "appos":
        related.append(head.head)
    for token in related:
        if token.pos_ == "PROPN" and token.ent_type_ == "PERSON":
            return token.idx
    return None
