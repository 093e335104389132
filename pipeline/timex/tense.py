"""The tense of the clause around an expression or an event trigger: read from the words of a
sentence (`context_tense`) or from the parse (`token_tense`). The rules use it to choose
between the last and the next Friday, `event_date` to keep a plan off a past date."""

from __future__ import annotations

import re
from typing import Literal

from spacy.tokens import Token

Tense = Literal["past", "future"] | None

# Words that put the clause around an expression in the future or the past. The nearest one
# to the expression decides; the clause ends at punctuation and at conjunctions.
FUTURE_WORDS = frozenset(
    {"will", "shall", "'ll", "wo", "won't", "would", "going", "plan", "plans", "planning",
     "scheduled", "schedule", "expect", "expects", "expected", "intend", "intends", "due",
     "upcoming", "aim", "aims", "hope", "hopes", "prepare", "prepares", "preparing", "set",
     "until", "till", "soon", "deadline", "postponed", "delayed", "adjourned", "planned"}
)  # fmt: skip
# Words that only mean the future when "to" follows ("set to", "due to", "going to").
NEEDS_TO = frozenset(
    {"set", "due", "going", "plan", "plans", "expect", "hope", "aim", "aims", "is",
     "are", "was", "were", "agreed", "agree", "decided", "promised", "vowed", "ready"}
)  # fmt: skip
PAST_WORDS = frozenset(
    {"was", "were", "had", "did", "ago", "said", "told", "met", "held", "made", "took", "went",
     "came", "gave", "began", "saw", "left", "won", "lost", "sent", "spoke", "wrote", "rose",
     "fell", "paid", "sold", "brought", "struck", "led", "fled", "fought", "became", "got",
     "thought", "knew", "found", "kept", "ran", "stood", "flew", "drove", "built", "hit",
     "quit", "shot", "has", "have", "hasn't", "haven't"}
)  # fmt: skip
# Words ending in -ed that are not past tenses.
NOT_PAST = frozenset({"indeed", "speed", "proceed", "exceed", "succeed", "hundred", "breed"})
CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "--", "\"", "``", "''", "(", ")", "that", "which", "who", "when", "while",
     "but", "because", "although", "if", "where", "whereas", "and"}
)  # fmt: skip

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|'ll|--|``|''|[^\w\s]")


def _word_tense(word: str, following: str | None) -> Tense:
    if word in NEEDS_TO and following == "to":
        return "future"
    if word in FUTURE_WORDS and word not in NEEDS_TO:
        return "future"
    if word in PAST_WORDS or (word.endswith("ed") and word not in NOT_PAST and len(word) > 4):
        return "past"
    return None


def context_tense(expression: str, context: str | None) -> Tense:
    """Read tense from the words of the expression, then from the nearest tense-bearing word
    of its clause ("said Friday that he would" is past; "he will visit on Friday" future)."""
    lowered = expression.lower()
    if re.search(r"\b(?:next|coming|later|upcoming|from now|hence)\b", lowered):
        return "future"
    if re.search(r"\b(?:last|past|previous|earlier|ago)\b", lowered):
        return "past"
    if not context:
        return None
    text = context.lower()
    at = text.find(lowered)
    if at < 0:
        return None
    before = _WORD.findall(text[:at])[::-1]
    after = _WORD.findall(text[at + len(lowered) :])
    # The nearest marker of the expression's own clause decides; when that clause has none,
    # the nearest one of the neighbouring clauses ("In March, the company said ...").
    best: tuple[int, int, Tense] | None = None
    for words, ahead in ((before, False), (after, True)):
        candidate = _nearest_marker(words, ahead)
        if candidate is not None:
            best = candidate if best is None or candidate[:2] < best[:2] else best
    return best[2] if best else None


def _nearest_marker(words: list[str], ahead: bool) -> tuple[int, int, Tense] | None:
    """The first tense-bearing word of `words` (nearest to the expression first, read ahead of
    it or back from it) before a second clause break, as (clause breaks passed, distance,
    tense); None when there is none."""
    breaks = 0
    for distance, word in enumerate(words):
        if word in CLAUSE_BREAKS:
            breaks += 1
            if breaks > 1:
                break
            continue
        following = (
            (words[distance + 1] if distance + 1 < len(words) else None)
            if ahead
            else (words[distance - 1] if distance > 0 else None)
        )
        tense = _word_tense(word, following)
        if tense:
            return breaks, distance, tense
    return None


_FUTURE_HEADS = frozenset(
    {"plan", "expect", "intend", "agree", "decide", "hope", "want", "seek", "aim", "prepare",
     "schedule", "set", "due", "promise", "pledge", "vow", "propose", "offer", "threaten"}
)  # fmt: skip


def clause_verb(token: Token) -> Token:
    """The token itself when it is a verb, else the verb above it ("the visit" -> "began")."""
    verb = token
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def is_present(token: Token) -> bool:
    """Whether the token's clause is in the simple present ("wants", "remain"), which tells a
    state of affairs at publication rather than a continuation of the story's past."""
    verb = clause_verb(token)
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if auxiliaries:
        return all(c.tag_ in ("VBZ", "VBP") and c.lemma_ != "have" for c in auxiliaries)
    return verb.tag_ in ("VBZ", "VBP")


def is_present_perfect(token: Token) -> bool:
    """Whether the token's clause is in the present perfect ("has said", "have met"). English
    does not join it with a definite past time ("*has said in September"), so such a clause
    never takes over a past date the narrative set before it."""
    verb = clause_verb(token)
    if verb.tag_ != "VBN":
        return False
    return any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in verb.children
    )


def token_tense(token: Token) -> Tense:
    """The tense of the clause a token belongs to, from its verb's tag and auxiliaries.

    "will meet" and "would meet" are future, and so is an infinitive under "plan", "agree" ...;
    "met", "has met" and "was held" are past; anything else says nothing.
    """
    verb = clause_verb(token)  # a noun trigger takes the tense of the verb above it
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lemmas = {c.lemma_.lower() for c in auxiliaries} | {c.lower_ for c in auxiliaries}
    if lemmas & {"will", "shall", "'ll", "wo", "would", "going"}:
        return "future"
    if "to" in lemmas and verb.dep_ in ("xcomp", "advcl", "ccomp", "relcl"):
        head = verb.head
        # "plans to visit", "is going to visit", "is to visit" (not "was in Beijing to attend")
        be_to = head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP") and verb.i - head.i == 2
        if head.lemma_.lower() in _FUTURE_HEADS or head.lower_ == "going" or be_to:
            return "future"
        return token_tense(head) if head.i != verb.i else None
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxiliaries):
        return "past"
    if verb.tag_ == "VBN" and lemmas & {"have", "has", "had"}:
        return "past"
    return None
