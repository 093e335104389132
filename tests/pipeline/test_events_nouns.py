"""Events named by a noun ("a phone call with X", "the expulsion of Y's envoys") and trips
named by a verb of leaving; sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.model import Actor

RUTO = Actor("William Ruto", "person", "KEN")
STORE = Actor("Jonas Gahr Store", "person", "NOR")
SAMIA = Actor("Samia Suluhu Hassan", "person", "TZA")
NORWAY = Actor("Norway", "state", "NOR")
KENYA = Actor("Kenya", "state", "KEN")
TANZANIA = Actor("Tanzania", "state", "TZA")
ALIASES = {
    "Ruto": RUTO, "Store": STORE, "Samia": SAMIA, "Norway": NORWAY, "Norwegian": NORWAY,
    "Kenya": KENYA, "Tanzania": TANZANIA, "Tanzanian": TANZANIA,
}  # fmt: skip


def coded(events) -> list[tuple[str, set[str]]]:
    return [(e.code, {p.actor.name for p in e.participants}) for e in events]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ruto said that following a phone call with Store on Monday, talks would resume.",
         ("041", {"William Ruto", "Jonas Gahr Store"})),
        ("The phone call between Ruto and Samia lasted an hour.",
         ("041", {"William Ruto", "Samia Suluhu Hassan"})),
        # "calls for" are appeals, never phone calls
        ("Norway's repeated calls for restraint were ignored.", None),
        ("Ruto said that during talks with Samia he raised the border dispute.",
         ("040", {"William Ruto", "Samia Suluhu Hassan"})),
        ("Kenya ordered the expulsion of two Tanzanian diplomats on Friday.",
         ("161", {"Kenya", "Tanzania"})),
        # talks "with" someone, told as the subject of a reported clause: the reporter holds them
        ("Ruto said talks with Norway would continue next week.",
         ("040", {"William Ruto", "Norway"})),
        ("Talks with Norway will continue next week.", None),
        # what comes "from" someone is theirs; whoever receives it is addressed
        ("Ruto received a phone call from Store on Sunday.",
         ("041", {"William Ruto", "Jonas Gahr Store"})),
        ("Samia took a telephone call from Ruto on Sunday.",
         ("041", {"William Ruto", "Samia Suluhu Hassan"})),
    ],
)
def test_a_noun_names_the_event_and_its_clause_the_parties(events_with, text, expected):
    found = coded(events_with(text, ALIASES))
    assert found[:1] == ([expected] if expected else [])


@pytest.mark.parametrize(
    "text,host",
    [
        ("Ruto left for Norway on Tuesday on his first foreign trip.", "Norway"),
        ("Samia departed for Kenya on Sunday.", "Kenya"),
    ],
)
def test_leaving_for_a_country_is_a_visit_to_it(events_with, text, host):
    visits = [e for e in events_with(text, ALIASES) if e.code == "042"]
    assert [{p.actor.name for p in e.participants if p.role == "host"} for e in visits] == [
        {host}
    ]


def test_a_definite_meeting_noun_refers_back_to_the_occasion_reported(events_with):
    text = (
        "Ruto met Samia in Arusha on Monday.\n"
        "Ruto said he would make an announcement after his talks with Samia."
    )
    meetings = [e for e in events_with(text, ALIASES) if e.root == "04"]
    assert [(e.date.value, e.modality) for e in meetings] == [("2024-03-11", "asserted")]
    assert len(meetings[0].evidence) == 2  # one happening, both sentences


def test_a_new_meeting_is_no_reference_to_an_earlier_one(events_with):
    text = "Ruto met Samia on Monday.\nRuto said he would hold a new meeting with Samia in May."
    modalities = sorted(e.modality for e in events_with(text, ALIASES) if e.root == "04")
    assert modalities == ["asserted", "planned"]


def test_a_headline_and_its_lead_report_one_happening(events_with):
    text = (
        "Kenya's Leader Visits Tanzania\n\n"
        "William Ruto arrived in Tanzania on Monday for a two-day state visit."
    )
    aliases = {**ALIASES, "William Ruto": RUTO}
    visits = [e for e in events_with(text, aliases, {"Tanzania": "TZA"}) if e.code == "042"]
    assert [{p.actor.name for p in e.participants} for e in visits] == [
        {"William Ruto", "Tanzania"}
    ]


def test_a_visit_a_meeting_and_a_call_are_three_happenings(events_with):
    text = (
        "Ruto arrived in Tanzania on Monday.\n"
        "Ruto met Samia in Dodoma on Monday.\n"
        "On Monday evening Ruto also phoned Store."
    )
    places = {"Dodoma": "TZA", "Tanzania": "TZA"}
    codes = sorted(e.code for e in events_with(text, ALIASES, places))
    assert codes == ["040", "041", "042"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ruto is in Norway for a three-day trip.", [("042", {"William Ruto", "Norway"})]),
        ("On Monday Samia was in Kenya for talks on the border.",
         [("042", {"Samia Suluhu Hassan", "Kenya"})]),
        # at home, or a state "in" something, is no visit
        ("Ruto is in Kenya this week.", []),
        ("Norway is in talks with Kenya.", [("040", {"Norway", "Kenya"})]),
    ],
)
def test_a_person_present_in_another_country_is_visiting_it(events_with, text, expected):
    places = {"Norway": "NOR", "Kenya": "KEN"}
    assert coded(events_with(text, ALIASES, places)) == expected


def test_a_call_the_clause_happened_in_takes_its_parties(events_with):
    text = "On Monday, Ruto and Samia discussed food aid for refugees in a phone call."
    calls = [e for e in events_with(text, ALIASES) if e.code == "041"]
    assert [({p.actor.name for p in e.participants}, e.date.value) for e in calls] == [
        ({"William Ruto", "Samia Suluhu Hassan"}, "2024-03-11")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the participle or relative clause saying that it happened
        "The talks between Kenya and Tanzania, held in Arusha on Monday, ended early.",
        # the verb it is the subject of
        "The summit between Ruto and Samia took place in Arusha on Friday.",
        "The meeting between Kenya and Tanzania was held in Arusha.",
    ],
)
def test_a_noun_event_happened_where_the_verb_saying_so_puts_it(events_with, text):
    events = events_with(text, ALIASES, {"Arusha": "TZA"})
    assert [(e.code, e.location.name if e.location else None) for e in events] == [
        ("040", "Arusha")
    ]


def test_a_place_where_a_noun_event_was_announced_is_not_where_it_happens(events_with):
    text = "The summit between Ruto and Samia, announced in Oslo on Monday, opens in June."
    events = events_with(text, ALIASES, {"Oslo": "NOR"})
    assert [e.location for e in events] == [None]


@pytest.mark.parametrize(
    "text,visitor",
    [
        # a possessive pronoun opening the clause stands for the subject that follows
        ("During his visit to Norway, Ruto met Store.", "William Ruto"),
        ("Samia praised Norway. During his trip to Oslo, Ruto met Store.", "William Ruto"),
    ],
)
def test_a_fronted_possessive_pronoun_is_the_clause_subjects(events_with, text, visitor):
    events = events_with(text, ALIASES, {"Oslo": "NOR"})
    visits = [e for e in events if e.code == "042"]
    assert [[p.actor.name for p in e.participants if p.role == "visitor"] for e in visits] == [
        [visitor]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ruto said that discussions between Kenya and Tanzania would continue.",
        "A dialogue between Kenya and Tanzania opened in Arusha on Monday.",
    ],
)
def test_discussions_and_dialogues_between_parties_are_consultations(events_with, text):
    events = events_with(text, ALIASES, {"Arusha": "TZA"})
    assert coded(events) == [("040", {"Kenya", "Tanzania"})]


def test_talks_with_a_visiting_counterpart_happen_in_the_hosts_country(events_with):
    places = {"Norway": "NOR"}
    text = "Store said on Monday following talks with his visiting Kenyan counterpart Ruto."
    (event,) = events_with(text, ALIASES, places)
    assert event.location is not None and event.location.country == "NOR"


@pytest.mark.parametrize(
    "text",
    [
        "The summit, chaired by Ruto, was also attended by Samia.",
        "The meeting, hosted by Ruto, was attended by Samia on Monday.",
    ],
)
def test_who_chairs_or_hosts_a_meeting_takes_part_in_it(events_with, text):
    found = coded(e for e in events_with(text, ALIASES) if e.code.startswith("04"))
    assert [parties for _, parties in found] == [{"William Ruto", "Samia Suluhu Hassan"}]
