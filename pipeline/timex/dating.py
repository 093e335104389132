"""Dating events: which expression dates an event trigger (the one that governs its clause, a
main clause's date shifted, the nearest one of a clause above it), else what the narrative
carries over (the paragraph's last date, the day the lede sets), else an honest
publication-date fallback; the value records how the date was found."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from pipeline.model import UNKNOWN_TIME, TimeValue, TimexMention
from pipeline.timex.tense import Tense, clause_verb, is_present, is_present_perfect, token_tense
from pipeline.timex.values import day_value, shift_from, smallest_unit, with_text
from pipeline.timex.vocabulary import NUMBERS


def event_date(trigger: Token, timexes: list[TimexMention], anchor: date | None) -> TimeValue:
    """Date the event whose trigger (usually its verb) is `trigger`.

    In order: the expression that governs the trigger's clause; the main clause's date shifted
    when the trigger sits in "a month after <trigger>"; the nearest one of a clause
    that contains the trigger's (see `_scopes`); the nearest earlier one in the same
    paragraph whose side of the anchor suits the trigger's tense (method 'inherited'); for an
    event not told in the future, the recent day the article's lede sets (`_story_day`,
    method 'inherited'); else the publication date at an honest precision (method
    'publication', see `_publication_value`). References (PRESENT_REF ...) resolve against
    the anchor. Historical dates keep their own values.

    trigger (Token): the event's trigger in the parsed article.
    timexes (list[TimexMention]): the article's expressions, as `find_timexes` returns them.
    anchor (date | None): the publication date; None gives UNKNOWN_TIME when nothing dates it.
    RETURNS (TimeValue): the event's date, with method saying how it was found.
    """
    in_sentence = _in_sentence(trigger, timexes)
    governing = [(steps, t) for t, span in in_sentence if (steps := _governs(span, trigger))]
    if governing:
        return _finish(min(governing, key=lambda g: g[0])[1].value, anchor)

    offset = _offset_from_main_clause(trigger, timexes, anchor)
    if offset is not None:
        return offset

    in_scope = _in_scope(in_sentence, trigger)
    if in_scope:
        dated = [t for t in in_scope if t.value.precision != "ref"] or in_scope
        nearest = min(dated, key=lambda t: _distance(t, trigger))
        return _finish(nearest.value, anchor)

    return _date_from_story(trigger, timexes, anchor)


def _in_sentence(trigger: Token, timexes: list[TimexMention]) -> list[tuple[TimexMention, Span]]:
    """The expressions of the trigger's sentence, each with its span in the parse."""
    doc = trigger.doc
    sentence = trigger.sent
    in_sentence: list[tuple[TimexMention, Span]] = []
    for timex in timexes:
        if sentence.start_char <= timex.start_char < sentence.end_char:
            span = doc.char_span(timex.start_char, timex.end_char, alignment_mode="expand")
            if span is not None and len(span):
                in_sentence.append((timex, span))
    return in_sentence


_CLAUSE_BREAK_POS = frozenset({"VERB", "AUX"})


def _governs(timex: Span, trigger: Token) -> int | None:
    """How many steps the timex's head chain takes to reach the trigger, or None when it meets
    another verb (the timex dates that verb's clause) or the root first."""
    token = timex.root
    for steps in range(1, 12):
        if token.head.i == token.i:
            return None
        token = token.head
        if token == trigger:
            return steps
        if token.pos_ in _CLAUSE_BREAK_POS:
            return None
    return None


_OFFSET_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year"}


def _offset_from_main_clause(
    trigger: Token, timexes: list[TimexMention], anchor: date | None
) -> TimeValue | None:
    """ "A month after joining Xi at the parade, Kim staged a show": the joining is a month
    before the staging, so its date is the main clause's, shifted by the amount, at the
    precision of the amount's unit. None when the trigger is not in such a phrase."""
    prep = trigger.head
    if trigger.dep_ not in ("pcomp", "pobj") or prep.lower_ not in ("after", "before"):
        return None
    amounts = [c for c in prep.children if c.dep_ == "npadvmod" and c.lemma_ in _OFFSET_UNITS]
    main = clause_verb(prep.head)
    if not amounts or main is prep or main.pos_ not in _CLAUSE_BREAK_POS:
        return None
    unit = amounts[0]
    counts = [c for c in unit.children if c.dep_ == "nummod"]
    word = counts[0].lower_ if counts else "a"
    n = int(word) if word.isdigit() else NUMBERS.get(word)
    base = event_date(main, timexes, anchor)
    if n is None or base.start is None or base.precision == "unknown":
        return None
    shifted = shift_from(base, _OFFSET_UNITS[unit.lemma_], -n if prep.lower_ == "after" else n)
    return dataclasses.replace(shifted, text=base.text, method=base.method) if shifted else None


def _in_scope(in_sentence: list[tuple[TimexMention, Span]], trigger: Token) -> list[TimexMention]:
    """The expressions of a clause above the trigger, which date it too ("On Friday, officials
    confirmed that the leaders had signed"); one inside another clause below or beside it does
    not ("welcomed the first official to visit since 2019"), nor does a "since" start point."""
    return [
        t
        for t, span in in_sentence
        if _scopes(span, trigger) and not t.text.lower().startswith("since")
    ]


def _scopes(timex: Span, trigger: Token) -> bool:
    """Whether the clause the timex sits in contains the trigger: its verb is the trigger's
    ancestor, or it hangs from no verb at all (a headline, a verbless sentence)."""
    token = timex.root
    for _ in range(12):
        if token.head.i == token.i:
            return True
        token = token.head
        if token.pos_ in _CLAUSE_BREAK_POS:
            return token.is_ancestor(trigger)
    return False


def _distance(timex: TimexMention, trigger: Token) -> int:
    trigger_start = trigger.idx
    trigger_end = trigger.idx + len(trigger.text)
    if timex.end_char <= trigger_start:
        return trigger_start - timex.end_char
    return max(timex.start_char - trigger_end, 0)


def _finish(value: TimeValue, anchor: date | None) -> TimeValue:
    """An expression's value as an event date: references resolve against the anchor."""
    if value.precision == "ref":
        return _resolve_reference(value, anchor) if anchor else UNKNOWN_TIME
    return value


def _resolve_reference(value: TimeValue, anchor: date) -> TimeValue:
    """A PRESENT_REF dates the event to the anchor; PAST_REF and FUTURE_REF to the honest
    publication window on their side of it."""
    if value.value == "PRESENT_REF":
        return with_text(day_value(anchor, "relative"), value.text or "")
    window = _publication_value(anchor, "future" if value.value == "FUTURE_REF" else "past")
    return dataclasses.replace(window, text=value.text, method="relative")


def _date_from_story(trigger: Token, timexes: list[TimexMention], anchor: date | None) -> TimeValue:
    """The date of an event its own sentence does not date: the paragraph's last date (not a
    past one for a clause in the present), the day the lede sets for an event not told in the
    future, the publication day for one told in the present, else the publication window."""
    sentence = trigger.sent
    tense = token_tense(trigger)
    inherited = _inherit(
        _paragraph_start(sentence), sentence.start_char, timexes, anchor, tense, trigger.doc
    )
    current = is_present(trigger) or is_present_perfect(trigger)
    if inherited is not None and not (current and _before_recent(inherited, anchor)):
        return inherited
    if anchor is None:
        return UNKNOWN_TIME
    if tense != "future" and (story_day := _story_day(timexes, anchor, trigger.doc)) is not None:
        return story_day
    if is_present(trigger) and not is_present_perfect(trigger):
        # "X is imposing sanctions", "X is in Y": told as going on when the article appeared
        return day_value(anchor, "publication")
    return _publication_value(anchor, tense)


def _paragraph_start(sentence: Span) -> int:
    """Where the paragraph of a sentence starts: after the last line break before it (read from
    the tokens, since building doc.text costs a pass over the whole document)."""
    doc = sentence.doc
    for i in range(sentence.start - 1, -1, -1):
        token = doc[i]
        if "\n" in token.text_with_ws:
            return token.idx + token.text_with_ws.rindex("\n") + 1
    return 0


def _inherit(
    paragraph_start: int,
    sentence_start: int,
    timexes: list[TimexMention],
    anchor: date | None,
    tense: Tense,
    doc: Doc,
) -> TimeValue | None:
    """The nearest earlier dated expression of the same paragraph, when the narrative goes on:
    a future event does not inherit a past date, nor a past event a future one. When that
    expression is the last of a coordination ("the parallels with 2018 and 2019"), the
    narrative goes on about all of them: the event gets their whole range, at no finer
    precision than covers it (see `_coordinated`)."""
    earlier = [t for t in timexes if paragraph_start <= t.start_char < sentence_start]
    earlier.sort(key=lambda t: t.start_char, reverse=True)
    for position, timex in enumerate(earlier):
        value = timex.value
        if value.precision == "ref" or value.start is None or value.end is None:
            continue
        if anchor is not None and tense == "future" and value.end < anchor:
            return None
        if anchor is not None and tense == "past" and value.start > anchor:
            return None
        value = _coordinated(doc, timex, earlier[position + 1 :])
        return dataclasses.replace(value, method="inherited")
    return None


# What may stand between coordinated times: "2018 and 2019", "May, June or July".
_COORDINATORS = frozenset({"and", "or", ",", ", and", ", or", "to", "-", "–"})


def _coordinated(doc: Doc, last: TimexMention, before: list[TimexMention]) -> TimeValue:
    """The value of `last`, or the range of the times coordinated with it ("2018 and 2019"):
    the ISO week, month or year that covers them all, else an unknown value with the range."""
    members = [last]
    for timex in before:  # nearest first
        span = doc.char_span(timex.end_char, members[-1].start_char, alignment_mode="expand")
        gap = " ".join(span.text.split()) if span is not None else None
        if gap not in _COORDINATORS or timex.value.start is None or timex.value.end is None:
            break
        members.append(timex)
    starts = [t.value.start for t in members if t.value.start is not None]
    ends = [t.value.end for t in members if t.value.end is not None]
    if len(members) == 1 or not starts or not ends:
        return last.value
    covering = smallest_unit(min(starts), max(ends), "explicit")
    text = doc.char_span(members[-1].start_char, last.end_char, alignment_mode="expand")
    return dataclasses.replace(covering, text=text.text if text is not None else last.text)


# How far into the article the lede may set the day of the story, and how recent that day is.
LEDE_CHARS = 1500
STORY_DAYS = 7


def _before_recent(value: TimeValue, anchor: date | None) -> bool:
    """Whether a time ended before the days up to publication (a story's past)."""
    if anchor is None or value.end is None:
        return False
    return value.end < anchor - timedelta(days=STORY_DAYS)


def _story_day(timexes: list[TimexMention], anchor: date, doc: Doc) -> TimeValue | None:
    """The day the lede sets for the story ("Pyongyang marked the anniversary on Friday"), which
    news keeps for the main events it then tells without a time: the first expression of the
    lede, past any date stamp of the page (a coarse time holding the publication date, or a
    date alone on its line), when it is a day of the week up to publication
    (method 'inherited')."""
    stamp: TimeValue | None = None
    for timex in timexes:
        if timex.start_char > LEDE_CHARS:
            break
        value = timex.value
        if value.precision == "ref" or _stamps(value, anchor) or _alone_on_line(timex, doc):
            continue
        if _clocked_stamp(timex, anchor, doc):
            # the page's time stamp: the story's day unless the lede sets another one
            stamp = stamp or dataclasses.replace(value, method="inherited")
            continue
        recent = value.start is not None and 0 <= (anchor - value.start).days <= STORY_DAYS
        if value.precision != "day" or not recent:
            return stamp
        return dataclasses.replace(value, method="inherited")
    return stamp


def _clocked_stamp(timex: TimexMention, anchor: date, doc: Doc) -> bool:
    """Whether the publication day stands with a clock time on its line ("Tuesday 28 May 2024 -
    12:29", "12:24 PM October 20, 2016"), as a page's time stamp does: it dates the page, and
    the story only when the lede sets no day of its own ("Wednesday summoned ...")."""
    if timex.value.start != anchor or timex.value.precision != "day":
        return False
    span = doc.char_span(timex.start_char, timex.end_char, alignment_mode="expand")
    if span is None:
        return False
    line = [*_line_before(doc, span.start), *span, *_line_after(doc, span.end)]
    return any(CLOCK_TIME.fullmatch(t.text) for t in line)


def _alone_on_line(timex: TimexMention, doc: Doc) -> bool:
    """Whether a date stands alone on its line ("Fri. Nov 15th, 2024"), as a page stamp does;
    a dateline's date shares its line with the lead and sets the story's day."""
    span = doc.char_span(timex.start_char, timex.end_char, alignment_mode="expand")
    if span is None:
        return False
    line = [*_line_before(doc, span.start), *_line_after(doc, span.end)]
    return sum(t.is_alpha for t in line) <= 1


def _line_before(doc: Doc, start: int) -> list[Token]:
    """The tokens of the line before token `start`, nearest last."""
    tokens: list[Token] = []
    for i in range(start - 1, -1, -1):
        if "\n" in doc[i].text_with_ws:
            break
        tokens.append(doc[i])
    return tokens


def _line_after(doc: Doc, end: int) -> list[Token]:
    """The tokens of the line from token `end` on (the date's own last token ends it too)."""
    tokens: list[Token] = []
    if end > 0 and "\n" in doc[end - 1].text_with_ws:
        return tokens
    for token in doc[end:]:
        tokens.append(token)
        if "\n" in token.text_with_ws:
            break
    return tokens


def _stamps(value: TimeValue, anchor: date) -> bool:
    """Whether a coarse time holds the publication date, as a page's date stamp does
    ("Published 11 May, 2025", "May 2025"): it sets no day for the story."""
    if value.precision == "day" or value.start is None or value.end is None:
        return False
    return value.start <= anchor <= value.end


# A time of day, as page stamps print it: "12:29", "9:05".
CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}")
# Hard news reports what happened on its day or the day before; a plan without a date lies
# somewhere in the coming months.
RECENT_DAYS = 1
PLANNED_DAYS = 60


def _publication_value(anchor: date, tense: Tense) -> TimeValue:
    """The date an undated event gets from its article's publication date, no finer than the
    text supports: an event told in the past or present happened in the RECENT_DAYS up to
    publication, a planned one in the PLANNED_DAYS after it; either gets the smallest ISO
    week, month or year that holds all of those days (unknown when they straddle New Year)."""
    if tense == "future":
        return smallest_unit(anchor, anchor + timedelta(days=PLANNED_DAYS))
    unit = smallest_unit(anchor - timedelta(days=RECENT_DAYS), anchor)
    # what has happened cannot lie after the publication date
    return dataclasses.replace(unit, end=anchor)
