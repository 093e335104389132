"""Normalizing one expression: cleaned, tried against the news rules in order (each time with
one more layer of prepositions, hedges and modifiers stripped), then against dateparser."""

from __future__ import annotations

from datetime import date

from pipeline.model import TimeValue
from pipeline.timex.clean import clean, strip_qualifiers
from pipeline.timex.fallback import dateparser_value
from pipeline.timex.rules import ordered_rules
from pipeline.timex.rules.base import Context
from pipeline.timex.tense import Tense, context_tense
from pipeline.timex.values import with_text


def normalize(expression: str, anchor: date | None, context: str | None = None) -> TimeValue | None:
    """Normalize a temporal expression to a TIMEX3-style value, resolved against `anchor`.

    expression (str): the words as written ("last Friday", "Sept. 3, 2025", "the 1980s").
    anchor (date | None): the publication date; without it only self-dated expressions resolve.
    context (str | None): the sentence, read for tense ("will meet on Friday" is future).
    RETURNS (TimeValue | None): value, precision, covered days and method, or None when the
        expression is not a date or needs an anchor that is missing.
    """
    tense = context_tense(expression, context)
    return normalize_with(expression, anchor, tense, _context_of(expression, context or ""))


def _context_of(expression: str, sentence: str) -> Context:
    at = sentence.lower().find(expression.lower())
    return Context(sentence, sentence[:at] if at > 0 else "")


def normalize_with(
    expression: str, anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """`normalize` with the tense of the clause and the sentence around already read."""
    text = clean(expression)
    if not text:
        return None
    value = _apply_rules(text, anchor, tense, ctx)
    if value is None:
        value = dateparser_value(text, anchor, tense)
    return value if value is None else with_text(value, expression)


def _apply_rules(text: str, anchor: date | None, tense: Tense, ctx: Context) -> TimeValue | None:
    """Try the rules on the text, then on it stripped of prepositions, hedges, modifiers and
    times of day, which never change the value ("early next year" is "next year")."""
    seen: set[str] = set()
    while text and text not in seen:
        seen.add(text)
        value = _first_rule_value(text, anchor, tense, ctx)
        if value is not None:
            return value
        text, tense = strip_qualifiers(text, tense)
    return None


def _first_rule_value(
    text: str, anchor: date | None, tense: Tense, ctx: Context
) -> TimeValue | None:
    """The value of the first rule that matches the whole text and gives one."""
    for pattern, rule in _RULES:
        m = pattern.match(text)
        if m is not None:
            try:
                value = rule(m, anchor, tense, ctx)
            except (ValueError, OverflowError):  # "3000 years ago": no such calendar date
                value = None
            if value is not None:
                return value
    return None


_RULES = ordered_rules(resolve=normalize_with)
