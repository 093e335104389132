"""Temporal expressions: normalization against the publication date, finding, event dating."""

from __future__ import annotations

import time
from datetime import date

import pytest

from pipeline.contract import contract_date
from pipeline.model import UNKNOWN_TIME, TimeValue
from pipeline.timex import event_date, find_timexes, normalize

FRI = date(2025, 10, 10)  # a Friday
MON = date(2025, 10, 13)  # the Monday after


@pytest.mark.parametrize(
    "expression,anchor,context,value,precision",
    [
        # weekdays, news style: the anchor's own weekday is that day, else the most recent one
        ("Friday", FRI, "The ministers met on Friday.", "2025-10-10", "day"),
        ("on Friday", MON, "The ministers met on Friday.", "2025-10-10", "day"),
        ("Friday", MON, "The ministers will meet on Friday.", "2025-10-17", "day"),
        ("Wednesday night", FRI, "Talks broke down Wednesday night.", "2025-10-08", "day"),
        ("last Friday", FRI, None, "2025-10-03", "day"),
        ("next Friday", FRI, None, "2025-10-17", "day"),
        ("Monday", date(2026, 1, 1), "He arrived on Monday.", "2025-12-29", "day"),
        ("Tuesday", date(2025, 3, 1), "He left on Tuesday.", "2025-02-25", "day"),
        # weeks, with ISO year boundaries
        ("last week", date(2025, 1, 2), None, "2024-W52", "week"),
        ("this week", date(2024, 12, 31), None, "2025-W01", "week"),
        ("earlier this week", FRI, None, "2025-W41", "week"),
        ("later this week", MON, None, "2025-W42", "week"),
        ("during the week", FRI, None, "2025-W41", "week"),
        ("next week", date(2025, 12, 29), None, "2026-W02", "week"),
        ("the weekend", MON, "Protests went on over the weekend.", "2025-W41-WE", "week"),
        ("this weekend", FRI, "Leaders meet this weekend.", "2025-W41-WE", "week"),
        ("last weekend", MON, None, "2025-W41-WE", "week"),
        ("two weeks ago", FRI, None, "2025-W39", "week"),
        # months, past or future by tense, across year boundaries
        ("last month", date(2025, 1, 15), None, "2024-12", "month"),
        ("next month", date(2025, 12, 3), None, "2026-01", "month"),
        (
            "in September",
            date(2025, 3, 10),
            "The summit was held in September.",
            "2024-09",
            "month",
        ),
        ("in September", date(2025, 3, 10), "Leaders will meet in September.", "2025-09", "month"),
        ("early May", FRI, "Troops were withdrawn in early May.", "2025-05", "month"),
        ("late last July", FRI, None, "2025-07", "month"),
        ("late last July", date(2025, 3, 1), None, "2024-07", "month"),
        ("last November", date(2026, 1, 13), None, "2025-11", "month"),
        ("January this year", FRI, None, "2025-01", "month"),
        # days of the month
        ("the 19th", FRI, "The treaty was signed on the 19th.", "2025-09-19", "day"),
        ("the 19th", FRI, "They will sign it on the 19th.", "2025-10-19", "day"),
        ("Sept. 3", FRI, "Talks opened Sept. 3.", "2025-09-03", "day"),
        ("Dec. 30", date(2026, 1, 5), "The deal was signed Dec. 30.", "2025-12-30", "day"),
        ("Jan. 3", date(2025, 12, 28), "The envoy will arrive Jan. 3.", "2026-01-03", "day"),
        ("Sept 3, 2025", FRI, None, "2025-09-03", "day"),
        ("3 September 2025", FRI, None, "2025-09-03", "day"),
        ("2025-09-03", FRI, None, "2025-09-03", "day"),
        ("Monday, Oct. 6", FRI, None, "2025-10-06", "day"),
        ("March eighth", date(1998, 3, 5), "The rally is on March eighth.", "1998-03-08", "day"),
        ("today", FRI, None, "2025-10-10", "day"),
        ("yesterday", date(2025, 3, 1), None, "2025-02-28", "day"),
        ("tomorrow", date(2024, 12, 31), None, "2025-01-01", "day"),
        # years, decades, centuries
        ("six years ago", FRI, None, "2019", "year"),
        ("in 2018", FRI, None, "2018", "year"),
        ("1959", FRI, None, "1959", "year"),
        ("fiscal 2019", FRI, None, "2019", "year"),
        ("next year", FRI, None, "2026", "year"),
        ("early next year", FRI, None, "2026", "year"),
        ("nineteen ninety-six", FRI, None, "1996", "year"),
        ("October 1954", FRI, None, "1954-10", "month"),
        ("the 1980s", FRI, None, "198", "decade"),
        ("the late 1970s", FRI, None, "197", "decade"),
        ("the nineties", FRI, None, "199", "decade"),
        ("the 20th century", FRI, None, "19", "century"),
        # seasons and quarters
        ("this summer", FRI, None, "2025-SU", "season"),
        ("last winter", FRI, None, "2024-WI", "season"),
        ("last fall", date(1999, 4, 10), None, "1998-FA", "season"),
        ("the third quarter", FRI, None, "2025-Q3", "quarter"),
        ("third-quarter", date(2026, 2, 2), "Third-quarter profit fell.", "2025-Q3", "quarter"),
        ("Q1 2024", FRI, None, "2024-Q1", "quarter"),
        ("the year-ago quarter", FRI, None, "2024-Q3", "quarter"),
        # references
        ("now", FRI, None, "PRESENT_REF", "ref"),
        ("currently", FRI, None, "PRESENT_REF", "ref"),
        ("recently", FRI, None, "PAST_REF", "ref"),
        ("in the coming weeks", FRI, None, "FUTURE_REF", "ref"),
        # relative to a time named earlier in the sentence
        (
            "a month after",
            FRI,
            "The talks opened on March 3, 2024, and a month after the truce collapsed.",
            "2024-04",
            "month",
        ),
        (
            "the following year",
            FRI,
            "He was elected in 1995, and the following year he resigned.",
            "1996",
            "year",
        ),
    ],
)
def test_normalize_resolves_news_expressions(expression, anchor, context, value, precision):
    result = normalize(expression, anchor, context)
    assert result is not None
    assert (result.value, result.precision) == (value, precision)
    assert result.text == expression


@pytest.mark.parametrize(
    "expression,method",
    [
        ("October 1954", "explicit"),
        ("Sept 3, 2025", "explicit"),
        ("in 2018", "explicit"),
        ("the 1980s", "explicit"),
        ("Friday", "relative"),
        ("last month", "relative"),
        ("Sept. 3", "relative"),
        ("six years ago", "relative"),
    ],
)
def test_normalize_says_whether_the_expression_dates_itself(expression, method):
    assert normalize(expression, FRI).method == method


@pytest.mark.parametrize(
    "expression,value",
    [
        ("Sept 3, 2025", "2025-09-03"),
        ("October 1954", "1954-10"),
        ("in 2018", "2018"),
        ("the 1980s", "198"),
        ("Friday", None),
        ("last month", None),
        ("today", None),
        ("Sept. 3", None),
        ("now", None),
    ],
)
def test_normalize_without_anchor_keeps_only_explicit_dates(expression, value):
    result = normalize(expression, None)
    assert (result.value if result else None) == value


@pytest.mark.parametrize(
    "expression",
    [
        "the talks",
        "two days",
        "daily",
        "",
        "5 percent",
        "the 70th anniversary",
        "February 30",
        "3000 years ago",  # before year 1: no calendar date to give
        "2019-20",  # dateparser would copy the anchor's month into it
        "the previous day",  # counts from a time the sentence does not give
    ],
)
def test_normalize_rejects_what_is_not_a_date(expression):
    assert normalize(expression, FRI) is None


@pytest.mark.parametrize(
    "expression,start,end",
    [
        ("2025-10-08", date(2025, 10, 8), date(2025, 10, 8)),
        ("this week", date(2025, 10, 6), date(2025, 10, 12)),
        ("February 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("the fourth quarter of 2025", date(2025, 10, 1), date(2025, 12, 31)),
        ("winter 2024", date(2024, 12, 1), date(2025, 2, 28)),
        ("in 2018", date(2018, 1, 1), date(2018, 12, 31)),
        ("the 1980s", date(1980, 1, 1), date(1989, 12, 31)),
    ],
)
def test_normalize_gives_the_days_a_value_covers(expression, start, end):
    result = normalize(expression, FRI)
    assert (result.start, result.end) == (start, end)


def test_normalize_is_fast_on_non_dates():
    """A failed parse must stay cheap: articles have many DATE-tagged non-dates."""
    started = time.perf_counter()
    for _ in range(200):
        normalize("the 70th anniversary of the party", FRI)
    assert (time.perf_counter() - started) / 200 < 0.005


# ---------------------------------------------------------------------------------------------
# find_timexes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,anchor,expected",
    [
        (
            "The foreign ministers met in Seoul on Friday after two days of talks.",
            FRI,
            [("Friday", "2025-10-10")],
        ),
        (
            "The leader visited Beijing in October 1954 (1959, 1961) and again in the 1980s.",
            FRI,
            [("October 1954", "1954-10"), ("1959", "1959"), ("1961", "1961"), ("the 1980s", "198")],
        ),
        (
            "Earlier this week, the envoys held talks. He will return to Hanoi next month.",
            FRI,
            [("Earlier this week", "2025-W41"), ("next month", "2025-11")],
        ),
        (
            "The president said on Monday that the delegation will arrive on Thursday.",
            MON,
            [("Monday", "2025-10-13"), ("Thursday", "2025-10-16")],
        ),
        # the parts of a DATE entity that does not normalize as a whole
        ("Trade doubled between 1985 and 1987.", FRI, [("1985", "1985"), ("1987", "1987")]),
        ("Exports to China fell in the third quarter.", FRI, [("third quarter", "2025-Q3")]),
        ("The minister met his counterpart on Friday.", None, []),
        # a day ending the name of a paper is no time
        ("The Observer on Sunday reported that the envoys met on Friday.", FRI,
         [("Friday", "2025-10-10")]),
        (
            "The treaty was signed on Sept. 3, 2025, in Geneva.",
            None,
            [("Sept. 3, 2025", "2025-09-03")],
        ),
    ],
)
def test_find_timexes_returns_normalized_mentions_in_order(nlp, text, anchor, expected):
    mentions = find_timexes(nlp(text), anchor)
    found = [(m.text, m.value.value) for m in mentions]
    # The span may or may not take in a preposition; the value and order are what matter.
    assert [value for _, value in found] == [value for _, value in expected]
    for mention, (words, _) in zip(mentions, expected, strict=True):
        assert words in mention.text
        assert text[mention.start_char : mention.end_char] == mention.text


# ---------------------------------------------------------------------------------------------
# event_date
# ---------------------------------------------------------------------------------------------


def _date_of(nlp, text: str, trigger: str, anchor: date | None) -> TimeValue:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return event_date(token, find_timexes(doc, anchor), anchor)


@pytest.mark.parametrize(
    "text,trigger,anchor,value,method",
    [
        # the expression that governs the trigger's clause
        ("Kim visited Beijing in October 1954 and met Mao.", "visited", FRI, "1954-10", "explicit"),
        (
            "The minister said on Monday that the delegation arrived on Saturday.",
            "arrived",
            MON,
            "2025-10-11",
            "relative",
        ),
        (
            "The minister said on Monday that the delegation arrived on Saturday.",
            "said",
            MON,
            "2025-10-13",
            "relative",
        ),
        # another expression of the same sentence
        (
            "On Friday, officials confirmed that the leaders had signed the accord.",
            "signed",
            FRI,
            "2025-10-10",
            "relative",
        ),
        # inherited from an earlier sentence of the same paragraph
        (
            "Earlier this week, the two leaders held talks in Hanoi. They signed a trade accord.",
            "signed",
            FRI,
            "2025-W41",
            "inherited",
        ),
        # a new paragraph, a future event after a past date, or a statement in the present
        # after a historical one, falls back to publication: the day itself for the present
        (
            "In 1954, Kim visited Beijing. He wants closer ties with China.",
            "wants",
            FRI,
            "2025-10-10",
            "publication",
        ),
        ("In 1954, Kim visited Beijing. He met Mao there.", "met", FRI, "1954", "inherited"),
        (
            "Six years ago, relations soured.\nLeaders praised the deal.",
            "praised",
            FRI,
            "2025-W41",
            "publication",
        ),
        (
            "Last month, the envoy visited Tokyo. He will return to Seoul.",
            "return",
            FRI,
            "2025",
            "publication",
        ),
        # an event told in the past without a time: the days up to publication
        ("Kim was in Beijing to attend the parade.", "attend", FRI, "2025-W41", "publication"),
        # a plan told without a time: the window after publication
        ("The president is to visit Seoul.", "visit", FRI, "2025", "publication"),
        ("The president plans to visit Seoul.", "visit", date(2025, 12, 1), None, "publication"),
        # "N units after <doing>": the main clause's date, shifted
        (
            "A month after joining Xi at a parade, Kim staged a show on Friday.",
            "joining",
            FRI,
            "2025-09",
            "relative",
        ),
        (
            "A month after joining Xi at a parade on Sept. 3, Kim staged a show on Friday.",
            "joining",
            FRI,
            "2025-09-03",
            "relative",
        ),
        (
            "Two weeks before meeting Putin, Kim visited Beijing on Friday.",
            "meeting",
            FRI,
            "2025-W43",
            "relative",
        ),
        # an expression inside a clause below the trigger does not date it
        (
            "The leader welcomed the first envoy to visit since 2019.",
            "welcomed",
            FRI,
            "2025-W41",
            "publication",
        ),
        # the recent day the lede sets dates the undated events told after it
        (
            "Pyongyang held a parade on Friday.\n\nThe leader welcomed his guests.",
            "welcomed",
            MON,
            "2025-10-10",
            "inherited",
        ),
        # a date alone on its line is the page's stamp, not the story's day
        (
            "Mon. Oct 13th, 2025\n\nThe parade was held on Friday.\n\n"
            "The leader welcomed his guests.",
            "welcomed",
            MON,
            "2025-10-10",
            "inherited",
        ),
        # a dateline's date, on the lead's line, is the story's day
        (
            "PYONGYANG, Oct 11 \u2014 The leader opened the parade.\n\n"
            "He welcomed his guests.",
            "welcomed",
            MON,
            "2025-10-11",
            "inherited",
        ),
        # a page's date stamp sets no day: the lede's day still does
        (
            "Published by The Example Times (October 2025)\n\n"
            "Pyongyang held a parade on Friday.\n\n"
            "The leader welcomed his guests.",
            "welcomed",
            MON,
            "2025-10-10",
            "inherited",
        ),
        # a page's time stamp of the publication day gives way to the day the lede sets ...
        (
            "Monday, 13 October 2025 - 10:45 UTC\n\n"
            "Pyongyang held a parade on Friday.\n\n"
            "The leader welcomed his guests.",
            "welcomed",
            MON,
            "2025-10-10",
            "inherited",
        ),
        # ... and is the story's day when the lede sets none
        (
            "Monday, 13 October 2025 - 10:45 UTC\n\n"
            "Pyongyang held a parade.\n\n"
            "The leader welcomed his guests.",
            "welcomed",
            MON,
            "2025-10-13",
            "inherited",
        ),
        (
            "Pyongyang held a parade on Friday.\n\nThe leader will welcome more guests.",
            "welcome",
            MON,
            "2025",
            "publication",
        ),
        # a present perfect takes no definite past time from the narrative before it
        (
            "In 1954, Kim visited Beijing. The leader has said he admires China.",
            "said",
            FRI,
            "2025-W41",
            "publication",
        ),
        # an expression coordinated with others hands on the range of them all
        (
            "The parallels with 2015 and 2016 are striking. Back then, the envoys met often.",
            "met",
            FRI,
            None,
            "inherited",
        ),
        (
            "Talks were held on Monday and Tuesday. Then the envoys signed a deal.",
            "signed",
            FRI,
            "2025-W41",
            "inherited",
        ),
        # references resolve against the anchor
        (
            "The two countries are now negotiating a deal.",
            "negotiating",
            FRI,
            "2025-10-10",
            "relative",
        ),
    ],
)
def test_event_date_follows_syntax_then_narrative(nlp, text, trigger, anchor, value, method):
    result = _date_of(nlp, text, trigger, anchor)
    assert (result.value, result.method) == (value, method)


@pytest.mark.parametrize(
    "anchor,value,precision",
    [
        (date(2025, 10, 10), "2025-W41", "week"),  # Friday: the last days are this ISO week
        (date(2025, 9, 18), "2025-W38", "week"),
        (date(2025, 10, 14), "2025-W42", "week"),  # Tuesday: the day before is this week too
        (date(2025, 10, 13), "2025-10", "month"),  # Monday: the day before is last week
        (date(2025, 9, 1), "2025", "year"),  # the last days are in another month too
        (date(2024, 1, 1), None, "unknown"),  # and in another year: no honest value
        (date(2026, 1, 1), "2026-W01", "week"),  # Thursday: ISO week 1 began on Dec. 29
    ],
)
def test_event_date_without_time_gets_the_publication_window(nlp, anchor, value, precision):
    result = _date_of(nlp, "The president criticised the new sanctions.", "criticised", anchor)
    assert (result.value, result.precision, result.method) == (value, precision, "publication")
    assert result.end <= anchor


def test_event_date_without_anchor_or_time_is_unknown(nlp):
    assert _date_of(nlp, "The president criticised the new sanctions.", "criticised", None) == (
        UNKNOWN_TIME
    )


def test_event_date_keeps_explicit_dates_without_anchor(nlp):
    result = _date_of(nlp, "The accord was signed in Geneva on Sept. 3, 2025.", "signed", None)
    assert (result.value, result.method) == ("2025-09-03", "explicit")


# ---------------------------------------------------------------------------------------------
# contract_date
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression,contract",
    [
        ("2025-09-03", "2025-09-03"),
        ("this week", "2025-W41"),
        ("last month", "2025-09"),
        ("the third quarter", "2025"),
        ("this summer", "2025"),
        ("in 2018", "2018"),
        ("the 1980s", None),
        ("now", None),
    ],
)
def test_contract_date_uses_the_closest_contract_form(expression, contract):
    assert contract_date(normalize(expression, FRI)) == contract


@pytest.mark.parametrize(
    "value,contract",
    [
        (TimeValue("2025-W41-WE", "week"), "2025-W41"),
        (TimeValue("PAST_REF", "ref"), None),
        (UNKNOWN_TIME, None),
    ],
)
def test_contract_date_of_weekends_references_and_unknowns(value, contract):
    assert contract_date(value) == contract
