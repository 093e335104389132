"""What a rule is: a function of the regex match on the cleaned expression, the anchor, the
tense of the clause and the sentence around the expression, giving a value or None."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from pipeline.model import TimeValue
from pipeline.timex.tense import Tense


class Context(NamedTuple):
    """The sentence around an expression, and the part of it before the expression."""

    sentence: str = ""
    before: str = ""


Rule = Callable[[re.Match[str], date | None, Tense, Context], TimeValue | None]
# Normalizes a part of an expression, or a time its sentence names, as a whole expression:
# given to the rules that read one ("Friday, May 3", "the week of May 3", "the following year").
Resolve = Callable[[str, date | None, Tense, Context], TimeValue | None]
