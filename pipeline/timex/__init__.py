"""Temporal expressions: find them in a parsed article, normalize them, and date events.

News dates are mostly relative to the publication date ("on Friday", "last month"), so every
expression is normalized against an anchor (the publication date) into a TIMEX3-style value
with a precision and the range of days it covers. Precompiled news rules run first;
dateparser is the fallback for the long tail of explicit formats. Its known pitfalls (missing
fields copied from the base date, "the 19th" in the future, a weekday equal to the anchor's
sent to the week before) are exactly what the rules cover, so it never sees those forms.

`event_date` then picks, for one event trigger, the expression that governs its clause, a
nearby one, or an honest publication-date fallback, and records how the date was found.

The modules, one kind of knowledge or step each:

    vocabulary.py     the words of dates and the regex fragments that spell them
    values.py         TimeValue constructors per precision; calendar shifts
    clean.py          an expression's text made ready for the rules
    tense.py          the tense of a clause, from its words or from the parse
    rules/            the news rules (dates, periods, relative), in the order they are tried
    fallback.py       dateparser for the explicit formats no rule covers
    normalization.py  `normalize`: one expression, rules then fallback
    find.py           `find_timexes`: the expressions of a parsed article
    dating.py         `event_date`: the date of one event trigger
"""

from pipeline.timex.dating import event_date
from pipeline.timex.find import find_timexes
from pipeline.timex.normalization import normalize

__all__ = ["event_date", "find_timexes", "normalize"]
