"""Acts introduced by a clause, and parties named as a group.

"X and Y agreed to ...", "X urged Y to ...", "X pledged to ..." take their CAMEO code from the
act they introduce; "the two sides", "both nations", "they" stand for the parties named
together shortly before. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.model import Actor

PERU = Actor("Peru", "state", "PER")
CHILE = Actor("Chile", "state", "CHL")
KENYA = Actor("Kenya", "state", "KEN")
UGANDA = Actor("Uganda", "state", "UGA")
ECUADOR = Actor("Ecuador", "state", "ECU")
COLOMBIA = Actor("Colombia", "state", "COL")
PARAGUAY = Actor("Paraguay", "state", "PRY")
MERCOSUR = Actor("Mercosur", "organisation", None)
REBELS = Actor("Northern Front", "group", "ECU")
BORIC = Actor("Gabriel Boric", "person", "CHL")
ARCE = Actor("Luis Arce", "person", "BOL")
RUTO = Actor("William Ruto", "person", "KEN")
MUSEVENI = Actor("Yoweri Museveni", "person", "UGA")
ALIASES = {
    "Peru": PERU, "Chile": CHILE, "Kenya": KENYA, "Uganda": UGANDA, "Ecuador": ECUADOR,
    "Colombia": COLOMBIA, "Paraguay": PARAGUAY, "Mercosur": MERCOSUR, "Boric": BORIC,
    "Arce": ARCE, "Ruto": RUTO, "Museveni": MUSEVENI, "Santiago": CHILE, "Front": REBELS,
}  # fmt: skip


def coded(events) -> list[tuple[str, set[str]]]:
    return [(e.code, {p.actor.name for p in e.participants}) for e in events]


@pytest.mark.parametrize(
    "text,expected",
    [
        # an agreement to meet or negotiate is an intent to meet (036)
        ("Peru and Chile agreed on Tuesday to resume direct negotiations.",
         [("036", {"Peru", "Chile"})]),
        # any verb of agreeing, with or without a row in the lexicon
        ("Peru and Chile accepted to resume direct negotiations.",
         [("036", {"Peru", "Chile"})]),
        # ... the talks agreed to are no event of their own yet
        ("Peru and Chile agreed to return to negotiations.", [("036", {"Peru", "Chile"})]),
        # an agreement to a truce or an exchange is a formal agreement (057)
        ("Ecuador and Colombia have agreed to an immediate ceasefire after days of clashes.",
         [("057", {"Ecuador", "Colombia"})]),
        ("Kenya and Uganda agreed to exchange prisoners and to deepen trade ties.",
         [("057", {"Kenya", "Uganda"})]),
        # an agreement to cooperate is an intent to cooperate (03x)
        ("Kenya and Uganda agreed to strengthen their cooperation on border security.",
         [("0312", {"Kenya", "Uganda"})]),
        # an agreed material act is the act itself, by whoever agreed to it
        ("Mercosur agreed on Sunday to impose sanctions on Paraguay.",
         [("163", {"Mercosur", "Paraguay"})]),
        # a lone party agreeing to nothing in particular is no interaction
        ("Peru agreed to attend the ceremony.", []),
    ],
)
def test_an_agreement_takes_its_code_from_the_act_agreed_to(events_with, text, expected):
    assert coded(events_with(text, ALIASES)) == expected


@pytest.mark.parametrize(
    "text,code",
    [
        ("Peru urged Chile to free the detained fishermen.", "0253"),
        ("Peru urged Chile to agree to a ceasefire.", "0256"),
        ("Peru urged Chile to return to the negotiating table.", "026"),
        ("Peru called on Chile to free the detained fishermen.", "0253"),
        ("Peru called on Chile to withdraw its troops from the border zone.", "0256"),
        ("Peru pledged to expand trade with Chile.", "0311"),
        ("Peru pledged to support Chile in its bid for a seat on the council.", "032"),
        ("Peru demanded that Chile release the detained fishermen.", "1053"),
    ],
)
def test_an_appeal_promise_or_demand_is_refined_by_its_act(events_with, text, code):
    assert [e.code for e in events_with(text, ALIASES)] == [code]


@pytest.mark.parametrize(
    "text,code,parties",
    [
        ("Boric met Arce in Santiago on Monday. The two leaders agreed to hold talks on "
         "water rights.", "036", {"Gabriel Boric", "Luis Arce"}),
        ("Ruto received Museveni on Monday. Both sides pledged to expand trade.",
         "0311", {"William Ruto", "Yoweri Museveni"}),
        # no event of the pair was built: the parties named together in the sentence before
        ("Ruto and Museveni spoke warmly of the past. The sides also agreed to hold talks "
         "next month.", "036", {"William Ruto", "Yoweri Museveni"}),
        ("Kenya and Uganda ended a border dispute. They agreed to reopen the crossing and "
         "resume talks.", "036", {"Kenya", "Uganda"}),
        # a group discussing anything meets, "the pair" included
        ("Kenya and Uganda signed a deal on Monday. Both sides discussed security on Tuesday.",
         "040", {"Kenya", "Uganda"}),
        ("Ruto and Museveni signed a deal on Monday. The pair discussed security on Tuesday.",
         "040", {"William Ruto", "Yoweri Museveni"}),
        # a third party's appeal to two: the group is its addressees
        ("Ecuador urged Kenya and Uganda to settle the dispute. Both sides agreed on Monday "
         "to resume talks.", "036", {"Kenya", "Uganda"}),
        # ... but "the two countries" are states
        ("Kenya and Uganda urged Mercosur and the Front to talk. The two countries agreed on "
         "Monday to resume talks.", "036", {"Kenya", "Uganda"}),
        # a mere hypothesis about the group is no event
        ("Kenya and Uganda signed a deal on Monday. It is unclear if the two sides discussed "
         "security.", "040", None),
    ],
)
def test_a_group_subject_stands_for_the_parties_named_together_before(
    events_with, text, code, parties
):
    events = [e for e in events_with(text, ALIASES) if e.code == code]
    expected = [parties] if parties else []
    assert [{p.actor.name for p in e.participants} for e in events] == expected


@pytest.mark.parametrize(
    "text,parties",
    [
        # the subject of the sentence before, not its last-named person
        ("Boric praised Arce for his patience. He also urged Paraguay to reopen the border.",
         {"Gabriel Boric", "Paraguay"}),
        ("Ruto welcomed Museveni on Monday. He then urged Paraguay to reopen the border.",
         {"William Ruto", "Paraguay"}),
    ],
)
def test_a_personal_pronoun_stands_for_the_subject_named_before(events_with, text, parties):
    appeals = [e for e in events_with(text, ALIASES) if e.root == "02"]
    assert [{p.actor.name for p in e.participants} for e in appeals] == [parties]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Peru said that Chile harboured armed groups and terrorists.",
         [("112", {"Peru", "Chile"})]),
        ("\u201cThe Chilean position is blatant interference in our affairs,\u201d Peru tweeted.",
         [("112", {"Peru", "Chile"})]),
        ("Kenya said Uganda's incursion was an act of aggression.",
         [("112", {"Kenya", "Uganda"})]),
        # no charge, no accusation: a plain statement about another party
        ("Peru said that Chile would host the next summit.", []),
        # a charge against one's own side is no diplomatic accusation
        ("Peru said that Peruvian officers had committed crimes.", []),
    ],
)
def test_a_reported_charge_against_a_foreign_party_is_an_accusation(events_with, text, expected):
    aliases = {**ALIASES, "Chilean": CHILE, "Peruvian": PERU}
    assert [c for c in coded(events_with(text, aliases)) if c[0] != "010"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a reported obligation on a foreign party is a demand
        ("Peru stressed that Chile must withdraw its warships from the bay.",
         [("100", {"Peru", "Chile"})]),
        # a quoted "we" is whoever says the quotation
        ("\u201cWe urge Chile to free the detained fishermen at once,\u201d Peru said on Friday.",
         [("0253", {"Peru", "Chile"})]),
    ],
)
def test_what_is_said_can_demand_and_a_quoted_we_is_its_speaker(events_with, text, expected):
    assert [c for c in coded(events_with(text, ALIASES)) if c[0] != "010"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # the act an appeal asks for is its content, no event of its own
        ("Peru called for lifting the embargo on Chile.", ["020"]),
        # what a group says is no interaction between its members
        ("Kenya and Uganda ended a border dispute. They said the crossing would reopen.", []),
        # an invitation to visit is an intent to meet
        ("Kenya extended an invitation to Uganda to attend the summit.", ["036"]),
    ],
)
def test_content_of_appeals_group_statements_and_invitations(events_with, text, expected):
    assert [code for code, _ in coded(events_with(text, ALIASES))] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a definite event noun refers back to the event reported before
        ("Kenya and Uganda signed a border deal on Monday. Paraguay welcomed the agreement.",
         ("051", {"Paraguay", "Kenya", "Uganda"})),
        # criticising a one-sided act is criticising its doer, not whom it was done to
        ("Peru shelled border posts in Ecuador on Monday. Chile condemned the attack.",
         ("111", {"Chile", "Peru"})),
        ("Kenya expelled two diplomats of Uganda. Paraguay criticised the expulsion.",
         ("111", {"Paraguay", "Kenya"})),
        # denying one thing and accusing of another: the accusation stands
        ("Chile denied the charge and accused Peru of provocations.", ("112", {"Chile", "Peru"})),
        # the circumstances of an agreed act are not its content
        ("Peru and Chile agreed to reopen the border after talks in Lima.",
         ("057", {"Peru", "Chile"})),
    ],
)
def test_references_denials_and_circumstances(events_with, text, expected):
    assert expected in coded(events_with(text, ALIASES))


def test_the_act_a_demand_asks_for_is_no_event_of_its_own(events_with):
    text = "Peru demanded that Chile cancel its talks with Ecuador."
    assert [code[:2] for code, _ in coded(events_with(text, ALIASES))] == ["10"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # the clause a promise introduces is its content, refining its code
        ("Peru pledged that Lima would support Chile at the council.",
         [("032", {"Peru", "Chile"})]),
        # who a decision is by acts on it
        ("After a decision by Mercosur to step up sanctions against Paraguay, talks stalled.",
         [("163", {"Mercosur", "Paraguay"})]),
    ],
)
def test_promised_clauses_and_decisions_by_someone(events_with, text, expected):
    aliases = {**ALIASES, "Lima": PERU}
    assert coded(events_with(text, aliases)) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # naming someone with a charge criticises them; another name is no event
        ("Ruto called Museveni a \u201ccorrupt dictator\u201d at the rally.",
         [("111", {"William Ruto", "Yoweri Museveni"})]),
        ("Ruto called Museveni a friend of the Kenyan people.", []),
        # a call without a name is a phone call
        ("Ruto called Museveni on Sunday.", [("041", {"William Ruto", "Yoweri Museveni"})]),
        # reciprocal acts are two happenings
        ("Chile accused Peru of spying. Peru accused Chile of provocations.",
         [("112", {"Chile", "Peru"}), ("112", {"Chile", "Peru"})]),
    ],
)
def test_naming_calls_and_reciprocal_acts(events_with, text, expected):
    assert coded(events_with(text, ALIASES)) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Mercosur has agreed to put its tariffs on Paraguay on hold for a month.",
         [("085", {"Mercosur", "Paraguay"})]),
        ("Peru urged Chile to lift the embargo on Kenya.", [("0254", {"Peru", "Chile", "Kenya"})]),
        # a call the clause follows: whoever of another country reports it was on the call
        ("Ruto said that following a phone call with Museveni, Uganda had agreed to reopen "
         "the border.", [("041", {"William Ruto", "Yoweri Museveni"})]),
    ],
)
def test_easing_sanctions_and_calls_reported_by_a_party(events_with, text, expected):
    found = coded(events_with(text, ALIASES))
    assert all(e in found for e in expected)


def test_both_sides_are_the_two_main_parties_of_a_meeting_others_attended(events_with):
    text = (
        "Ruto met Museveni in Nairobi on Monday alongside envoys of Peru and Chile. "
        "Both sides agreed to reopen the border."
    )
    agreements = [c for c in coded(events_with(text, ALIASES)) if c[0] == "057"]
    assert agreements == [("057", {"William Ruto", "Yoweri Museveni"})]


@pytest.mark.parametrize(
    "text,expected",
    [
        # the scene of a meeting names no party
        ("Ruto met Museveni on the sidelines of the Mercosur summit.",
         [("040", {"William Ruto", "Yoweri Museveni"})]),
        # what an agreed act is about is no party to it
        ("Kenya and Uganda agreed to deepen their cooperation on Paraguay.",
         [("030", {"Kenya", "Uganda"})]),
    ],
)
def test_scenes_and_topics_are_no_parties(events_with, text, expected):
    assert coded(events_with(text, ALIASES)) == expected


def test_meeting_a_condition_is_no_meeting(events_with):
    text = "Kenya and Uganda have until March to meet the remaining conditions."
    assert coded(events_with(text, ALIASES)) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Kenya and Uganda have until March to meet a small number of remaining conditions.", []),
        ("Kenya and Uganda signed a series of agreements on Monday.",
         [("057", {"Kenya", "Uganda"})]),
    ],
)
def test_a_quantity_noun_lets_its_counted_noun_decide(events_with, text, expected):
    assert coded(events_with(text, ALIASES)) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # the coordinated parties of an encounter verb meet each other, whatever they discuss
        ("Boric and Arce discussed the importance of a joint response to the floods.",
         [("040", {"Gabriel Boric", "Luis Arce"})]),
        ("Kenya and Uganda negotiated for hours over the fishing rights.",
         [("046", {"Kenya", "Uganda"})]),
        # a lone subject discussing a topic meets nobody
        ("Ruto discussed the importance of the floods response.", []),
    ],
)
def test_coordinated_parties_of_an_encounter_meet_each_other(events_with, text, expected):
    assert coded(events_with(text, ALIASES)) == expected


def test_a_group_reaches_back_to_the_last_parties_across_sentences_without_parties(events_with):
    text = (
        "Boric and Arce held talks in Santiago on Monday. The weather was mild. A statement "
        "was released in the evening. The talks lasted three hours. The sides also agreed to "
        "resume negotiations next month."
    )
    found = coded(events_with(text, ALIASES))
    assert ("036", {"Gabriel Boric", "Luis Arce"}) in found


def test_a_group_as_passive_agent_stands_for_the_parties_named_before(events_with):
    text = (
        "Ruto hosted Museveni in Nairobi on Monday. During the visit, ten memoranda of "
        "understanding were exchanged by the two sides."
    )
    assert ("057", {"William Ruto", "Yoweri Museveni"}) in coded(events_with(text, ALIASES))


def test_an_act_an_encounter_resulted_in_has_the_encounters_parties(events_with):
    text = (
        "On Monday, Ruto met Museveni in Nairobi, which resulted in the signing of a series "
        "of agreements."
    )
    assert ("057", {"William Ruto", "Yoweri Museveni"}) in coded(events_with(text, ALIASES))


@pytest.mark.parametrize(
    "text,expected",
    [
        # the relative pronoun object stands for the phrase its clause qualifies
        ("Ruto, whom Museveni received in Kampala on Monday, praised the talks.",
         ("043", {"William Ruto", "Yoweri Museveni"})),
        # and the rule matching the object noun sees that phrase
        ("The sanctions, which Paraguay imposed on Peru in 2019, remain in force.",
         ("163", {"Paraguay", "Peru"})),
    ],
)
def test_a_relative_clause_acts_on_the_phrase_it_qualifies(events_with, text, expected):
    assert expected in coded(events_with(text, ALIASES))


@pytest.mark.parametrize(
    "text,expected",
    [
        # an offer or proposal to act is an expressed intent, and it happened
        ("Paraguay offered on Monday to mediate between Peru and Chile.",
         ("039", "asserted", {"Paraguay", "Peru", "Chile"})),
        ("Ruto proposed to meet Museveni in Kampala.",
         ("036", "asserted", {"William Ruto", "Yoweri Museveni"})),
        # a suggestion stays a hypothesis
        ("Ruto suggested meeting Museveni in Kampala.",
         ("040", "hypothetical", {"William Ruto", "Yoweri Museveni"})),
    ],
)
def test_offers_and_proposals_to_act_are_intents(events_with, text, expected):
    events = events_with(text, ALIASES)
    assert [(e.code, e.modality, {p.actor.name for p in e.participants}) for e in events] == [
        expected
    ]


def test_a_spokesperson_for_a_body_speaks_as_that_body(events_with):
    text = "A spokeswoman for Mercosur urged Paraguay to release the detainees."
    assert [e.code[:2] for e in events_with(text, ALIASES)] == ["02"]
    assert coded(events_with(text, ALIASES))[0][1] == {"Mercosur", "Paraguay"}


def test_a_group_acting_on_one_it_would_include_stands_for_the_others(events_with):
    text = (
        "Ruto joined the leaders of Peru and Chile in Lima to press Museveni. "
        "They issued an ultimatum to Museveni on Monday."
    )
    warnings = [e for e in events_with(text, ALIASES) if e.code == "139"]
    sources = [{p.actor.name for p in e.participants if p.role == "source"} for e in warnings]
    assert sources and "Yoweri Museveni" not in sources[0]


def test_joining_the_leaders_of_states_is_meeting_them(events_with):
    text = "Ruto joined the leaders of Peru and Chile in Lima on Monday."
    assert ("040", {"William Ruto", "Peru", "Chile"}) in coded(events_with(text, ALIASES))


@pytest.mark.parametrize(
    "text,expected",
    [
        # a definite act noun refers to the act reported first, however far back
        ("Peru shelled border posts in Ecuador on Monday. Markets fell. Trade slowed. "
         "Exports dropped. Chile condemned the shelling.", ("111", {"Chile", "Peru"})),
        # "them" stands for the act noun before it in its sentence
        ("Peru shelled border posts in Ecuador on Monday. Colombia called the attacks "
         "irresponsible, and Chile condemned them.", ("111", {"Chile", "Peru"})),
    ],
)
def test_an_act_referred_to_names_its_doer_as_the_target(events_with, text, expected):
    assert expected in coded(events_with(text, ALIASES))


def test_the_two_countries_are_the_states_of_the_people_named_before(events_with):
    text = (
        "Kenya and Uganda share a border. Ruto met Museveni on Monday. "
        "The two countries agreed to reopen the crossing."
    )
    agreements = [e for e in events_with(text, ALIASES) if e.code == "057"]
    assert [{p.actor.name for p in e.participants} for e in agreements] == [{"Kenya", "Uganda"}]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Arce said the sanctions on Kenya were unjust. Boric criticized the remarks.",
         [("111", {"Gabriel Boric", "Luis Arce"})]),
        ("Arce said the sanctions on Kenya were unjust. The comments were criticized by Boric.",
         [("111", {"Gabriel Boric", "Luis Arce"})]),
        ("Arce said the sanctions on Kenya were unjust. Comments criticized by the Chilean "
         "president, Boric, who was surprised.", [("111", {"Gabriel Boric", "Luis Arce"})]),
        # one's own words are no one else's
        ("Boric said the sanctions on Kenya were unjust. Boric later defended the remarks.", []),
    ],
)
def test_criticised_remarks_are_the_last_speakers(events_with, text, expected):
    found = [e for e in events_with(text, ALIASES) if e.code[:2] in {"05", "11"}]
    assert coded(found) == expected


def test_an_opening_attribution_leaves_the_subject_its_verb(events_with):
    """The parser may read the subject as a second source of "As reported by X"."""
    text = (
        "As reported by Reuters, Boric, the Chilean official in charge of Asia and Oceania "
        "affairs, traveled to Santiago to confer with his counterpart, Arce."
    )
    found = coded(e for e in events_with(text, ALIASES) if e.code == "040")
    assert found == [("040", {"Gabriel Boric", "Luis Arce"})]


def test_a_definite_noun_repeating_an_earlier_one_has_its_actors(events_with):
    text = (
        "Mercosur suspended Paraguay over Paraguay's recent coup. Boric denounced the coup on "
        "Monday."
    )
    found = [e for e in events_with(text, ALIASES) if e.code.startswith("11")]
    assert coded(found) == [("111", {"Gabriel Boric", "Paraguay"})]
