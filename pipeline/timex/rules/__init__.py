"""The precompiled news rules, by kind: calendar dates (`dates`), periods longer than a month
(`periods`), times relative to the anchor or to the story (`relative`).

Each rule is a function (see `base.Rule`) with its regex beside it, under the rule's name in
upper case (`day_of_month` has two: MONTH_DAY and DAY_MONTH). `ordered_rules` lists them in
the order they are tried on a cleaned expression; the first one whose regex matches the whole
text and that gives a value wins.
"""

from __future__ import annotations

import functools
import re

from pipeline.timex.rules import dates, periods, relative
from pipeline.timex.rules.base import Resolve, Rule


def ordered_rules(resolve: Resolve) -> tuple[tuple[re.Pattern[str], Rule], ...]:
    """The rules in the order they are tried, each regex compiled to match a whole text.

    resolve (Resolve): normalizes a part of an expression or a time its sentence names, for the
        rules that read one ("Friday, May 3", "the week of May 3", "the following year").
    RETURNS (tuple): (compiled regex, rule) pairs.
    """
    table: tuple[tuple[str, Rule], ...] = (
        (dates.ISO_DAY, dates.iso_day),
        (dates.ISO_WEEK, dates.iso_week),
        (dates.ISO_MONTH, dates.iso_month),
        (relative.FIXED_REFERENCE, relative.fixed_reference),
        (relative.DAY_WORD, relative.day_word),
        (dates.MONTH_DAY, dates.day_of_month),
        (dates.DAY_MONTH, dates.day_of_month),
        (dates.MONTH_NAME, dates.month_name),
        (dates.DAY_OF_THIS_MONTH, dates.day_of_this_month),
        (dates.WEEKDAY_RULE, functools.partial(dates.weekday_rule, resolve=resolve)),
        (relative.RELATIVE_UNIT, functools.partial(relative.relative_unit, resolve=resolve)),
        (relative.UNITS_AWAY, functools.partial(relative.units_away, resolve=resolve)),
        (relative.VAGUE_AGO, relative.vague_ago),
        (periods.YEAR_END, periods.year_end),
        (periods.QUARTER_RULE, periods.quarter_rule),
        (periods.SEASON_RULE, periods.season_rule),
        (periods.YEAR_RULE, periods.year_rule),
        (periods.TWO_DIGIT_YEAR, periods.two_digit_year),
        (periods.DECADE_RULE, periods.decade_rule),
        (periods.CENTURY_RULE, periods.century_rule),
        (dates.WEEK_OF, functools.partial(dates.week_of, resolve=resolve)),
        (dates.HOLIDAY, dates.holiday),
    )
    return tuple((re.compile(rf"^(?:{pattern})$"), rule) for pattern, rule in table)
