"""The diplomatic range of CAMEO: envoys, ties, sanctions, recognition, mediation, calls.

Each row is a sentence written for this test and the event it reports (code, source, target).
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc

from pipeline.events import extract_events
from pipeline.model import Actor, Article
from tests.pipeline.conftest import PlaceTable, table_mentions

CHILE = Actor("Chile", "state", "CHL")
PERU = Actor("Peru", "state", "PER")
NORWAY = Actor("Norway", "state", "NOR")
KENYA = Actor("Kenya", "state", "KEN")
ECUADOR = Actor("Ecuador", "state", "ECU")
VALDES = Actor("Jorge Valdes", "person", "CHL")
RUTO = Actor("William Ruto", "person", "KEN")
STORE = Actor("Jonas Gahr Store", "person", "NOR")
ALIASES = {
    "Chile": CHILE, "Chilean": CHILE, "Peru": PERU, "Peruvian": PERU, "Norway": NORWAY,
    "Kenya": KENYA, "Ecuador": ECUADOR, "Jorge Valdes": VALDES, "Ruto": RUTO, "Store": STORE,
    "Santiago": CHILE,  # a capital stands for its state, as the actor resolver reports it
}  # fmt: skip


def roles(event) -> tuple[str, set[str], set[str]]:
    """Return the code, the sources and the targets; the participants of a consultation
    (04: meetings, calls, mediation) stand as sources."""
    by_role: dict[str, set[str]] = {"source": set(), "target": set()}
    for p in event.participants:
        role = "source" if p.role == "participant" else p.role
        by_role.setdefault(role, set()).add(p.actor.name)
    return event.code, by_role["source"], by_role["target"]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # expelling, declaring persona non grata, the passive "were expelled from"
        ("Chile expelled four Peruvian diplomats on Friday.", ("161", {"Chile"}, {"Peru"})),
        ("Chile declared two Peruvian diplomats personae non gratae.",
         ("161", {"Chile"}, {"Peru"})),
        ("In response, three Chilean diplomats were expelled from Peru.",
         ("161", {"Peru"}, {"Chile"})),
        ("Ecuador made the decision to expel five Peruvian diplomats.",
         ("161", {"Ecuador"}, {"Peru"})),
        # summoning another state's envoy to protest; recalling one's own for consultations
        ("Peru on Monday summoned Chilean Ambassador Jorge Valdes over the remarks.",
         ("114", {"Peru"}, {"Jorge Valdes"})),
        ("Peru summoned its ambassador in Santiago for consultations.",
         ("161", {"Peru"}, {"Chile"})),
        # ties cut, narrowed, restored
        ("Ecuador said it will narrow diplomatic relations with Peru.",
         ("160", {"Ecuador"}, {"Peru"})),
        ("Ecuador closed its embassy in Peru on Monday.", ("161", {"Ecuador"}, {"Peru"})),
        # sanctions and their lifting
        ("Norway froze trade with Ecuador on Monday.", ("163", {"Norway"}, {"Ecuador"})),
        ("Norway lifted its embargo on Ecuador.", ("085", {"Norway"}, {"Ecuador"})),
        ("Norway ended its boycott of Ecuador on Monday.", ("085", {"Norway"}, {"Ecuador"})),
        ("Norway imposed restrictions and duties on several Chilean exports.",
         ("163", {"Norway"}, {"Chile"})),
        ("Norway suspended the tariffs on Peru.", ("085", {"Norway"}, {"Peru"})),
        # tariffs and embargoes are sanctions by their name, as the noun or the verb's object
        ("Ruto announced a 30% import tax on goods from Peru on Monday.",
         ("163", {"William Ruto"}, {"Peru"})),
        ("Norway's tariffs on Chilean salmon took effect on Monday.",
         ("163", {"Norway"}, {"Chile"})),
        ("Ruto said the tariffs on Peruvian goods would take effect on Monday.",
         ("163", {"William Ruto"}, {"Peru"})),
        # asking for an end to a sanction is the appeal; its act and "an end" are no events
        ("Chile called for ending the embargo on Ecuador.", ("020", {"Chile"}, {"Ecuador"})),
        # brokering, signing, vetoes, calls
        ("Norway brokered a truce between Chile and Peru.",
         ("045", {"Norway", "Chile", "Peru"}, set())),
        ("Chile vetoed a resolution drafted by Peru.", ("129", {"Chile"}, {"Peru"})),
        ("Ruto phoned Store on Tuesday.", ("041", {"William Ruto", "Jonas Gahr Store"}, set())),
    ],
)
def test_diplomatic_acts_get_their_code_and_sides(events_with, sentence, expected):
    places = {"Santiago": "CHL"}
    events = events_with(sentence, ALIASES, places)
    assert [roles(e) for e in events][:1] == [expected]


def test_a_list_of_expulsions_keeps_the_target_left_unsaid(events_with):
    text = (
        "Chile expelled four Peruvian diplomats on Friday. Ecuador expelled two diplomats, "
        "and Kenya recalled its envoy for consultations."
    )
    found = [roles(e) for e in events_with(text, ALIASES)]
    assert ("161", {"Ecuador"}, {"Peru"}) in found
    assert ("161", {"Kenya"}, {"Peru"}) in found


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # the criticised act names its doer inside the object
        ("Norway condemned the atrocities committed by Peruvian troops.",
         ("111", {"Norway"}, {"Peru"})),
        # a group object stands for the parties named together before
        ("Chile and Peru resumed talks on Monday. Norway welcomed the commitment of both "
         "sides.", ("051", {"Norway"}, {"Chile", "Peru"})),
        # a one-sided act on unnamed objects in a state acts on that state
        ("Norway imposed sanctions on two state-owned banks in Peru.",
         ("163", {"Norway"}, {"Peru"})),
    ],
)
def test_an_object_implies_targets_it_does_not_head(events_with, sentence, expected):
    assert expected in [roles(e) for e in events_with(sentence, ALIASES)]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a joint declaration published or adopted by both parties is an agreement
        ("Chile and Peru met in Lima on Monday. On Tuesday both nations published a joint "
         "declaration on fisheries.", ("057", {"Chile"}, {"Peru"})),
        # "the Parties", capitalised as in treaty language, is a group too
        ("Chile and Peru resumed talks on Monday. Norway welcomed the commitment by the Parties "
         "to continue.", ("051", {"Norway"}, {"Chile", "Peru"})),
    ],
)
def test_joint_acts_and_parties_named_as_a_group(events_with, sentence, expected):
    assert expected in [roles(e) for e in events_with(sentence, ALIASES)]


def test_expelling_an_envoy_and_freezing_trade_are_two_happenings(events_with):
    text = (
        "Chile said on Monday it was expelling the Peruvian ambassador, while freezing all new "
        "trade with Peru."
    )
    assert sorted(roles(e)[0] for e in events_with(text, ALIASES)) == ["161", "163"]


def test_suspending_a_treaty_and_expelling_envoys_are_two_happenings(events_with):
    text = (
        "Chile suspended the border treaty with Peru on Monday. Chile also expelled two "
        "Peruvian diplomats on Monday."
    )
    assert sorted(roles(e)[0] for e in events_with(text, ALIASES)) == ["160", "161"]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a travel warning against a state is a sanction on it
        ("On Friday, Peru issued a travel warning advising its citizens against visiting Chile.",
         ("163", {"Peru"}, {"Chile"})),
        # ordering envoys dispatched to a state is a visit to it
        ("Kenya ordered the dispatch of two delegations to Norway.",
         ("042", {"Kenya", "Norway"}, set())),
    ],
)
def test_warnings_and_dispatches(events_with, sentence, expected):
    events = events_with(sentence, ALIASES, {"Norway": "NOR"})
    found = [(e.code, {p.actor.name for p in e.participants}, set()) for e in events]
    assert expected in [roles(e) for e in events] + found


def test_welcoming_talks_between_others_names_them(events_with):
    text = "Norway welcomed the start of talks between Chile and Peru on Monday."
    assert ("051", {"Norway"}, {"Chile", "Peru"}) in [
        roles(e) for e in events_with(text, ALIASES)
    ]


ASSEMBLY = Actor("Regional Assembly", "organisation", None)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a body adopting or backing a text that condemns, demands or calls for makes the act
        # its own; the text's drafters are not its authors
        ("The Regional Assembly adopted a resolution condemning Peru on Tuesday.",
         [("111", {"Regional Assembly"}, {"Peru"})]),
        ("The Regional Assembly backed a resolution drafted by Chile and Norway condemning Peru.",
         [("111", {"Regional Assembly"}, {"Peru"})]),
        ("A resolution condemning Peru was adopted by the Regional Assembly on Tuesday.",
         [("111", {"Regional Assembly"}, {"Peru"})]),
        # the same for a statement a government issues
        ("Kenya issued a statement condemning Ecuador on Friday.",
         [("111", {"Kenya"}, {"Ecuador"})]),
    ],
)
def test_the_act_of_an_adopted_text_belongs_to_the_body_adopting_it(
    events_with, sentence, expected
):
    aliases = {**ALIASES, "Regional Assembly": ASSEMBLY}
    assert [roles(e) for e in events_with(sentence, aliases)] == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # discussing a topic is consulting, whatever the topic
        ("Ruto discussed humanitarian aid with Store in Nairobi on Monday.",
         [("040", {"William Ruto", "Jonas Gahr Store"}, set())]),
        # a consultation by phone, or told inside a phone call, is that one call
        ("Ruto discussed the situation with Store by phone on Monday.",
         [("041", {"William Ruto", "Jonas Gahr Store"}, set())]),
        ("On Monday, Ruto and Store discussed humanitarian aid for refugees in a rare phone call.",
         [("041", {"William Ruto", "Jonas Gahr Store"}, set())]),
        # a meeting at a summit stays a meeting of its own
        ("Ruto met Store at the climate summit in Nairobi on Monday.",
         [("040", {"William Ruto", "Jonas Gahr Store"}, set())]),
    ],
)
def test_consultations_and_the_calls_they_happen_in(events_with, sentence, expected):
    assert [roles(e) for e in events_with(sentence, ALIASES)] == expected


def test_switching_recognition_recognises_the_state_switched_to(events_with):
    aliases = {**ALIASES, "Palau": Actor("Palau", "state", "PLW")}
    text = "Palau said on Monday that it is switching diplomatic recognition from Peru to Chile."
    assert [roles(e) for e in events_with(text, aliases)] == [("054", {"Palau"}, {"Chile"})]


@pytest.mark.parametrize(
    "sentence",
    [
        "Kenya declared Peru's defence attache persona non grata on Monday.",
        "Kenya declared Peru's defence attache as persona non grata on Monday.",
        "Kenya reduced the Peruvian mission from 30 to 20 staff on Monday.",
    ],
)
def test_declaring_envoys_unwelcome_and_cutting_missions_reduce_relations(events_with, sentence):
    assert [roles(e) for e in events_with(sentence, ALIASES)] == [("161", {"Kenya"}, {"Peru"})]


@pytest.mark.parametrize(
    "sentence,venue",
    [
        # venues the tagger calls organisations
        ("Ruto met Jorge Valdes at the Kenya Institute of Diplomacy on Monday.",
         "Kenya Institute of Diplomacy"),
        ("Kenya and Peru held talks at the Nairobi Institute of Peace on Monday.",
         "Nairobi Institute of Peace"),
    ],
)
def test_a_named_venue_after_at_is_where_the_event_took_place(events_with, sentence, venue):
    (event,) = events_with(sentence, ALIASES)
    assert event.location is not None and event.location.name == venue


def test_a_place_on_the_encounter_an_act_holds_is_where_it_took_place(events_with):
    (event,) = events_with(
        "Kenya and Peru held talks in Mombasa on Monday.", ALIASES, {"Mombasa": "KEN"}
    )
    assert event.location is not None and event.location.name == "Mombasa"


def test_lashing_out_at_a_capital_targets_its_state_and_happens_nowhere_in_it(events_with):
    text = "Kenya lashed out at Santiago on Monday over the fishing dispute."
    (event,) = events_with(text, ALIASES)
    assert roles(event) == ("111", {"Kenya"}, {"Chile"}) and event.location is None


def test_criticism_of_his_or_her_conduct_targets_the_person_named_before(events_with):
    text = "Jorge Valdes refused to sign the accord. Ruto criticized his inaction on Monday."
    assert ("111", {"William Ruto"}, {"Jorge Valdes"}) in [
        roles(e) for e in events_with(text, ALIASES)
    ]


def test_a_gerund_and_its_of_object_read_as_the_verb_and_its_object(events_with):
    text = "Kenya announced on Monday the upgrading of Peru's mission in Nairobi."
    assert [roles(e)[0] for e in events_with(text, ALIASES)] == ["050"]


def test_seizing_power_at_home_is_no_act_between_states(events_with):
    assert events_with("Peruvian generals seized power in Lima on Monday.", ALIASES) == []


def test_linking_one_thing_to_another_is_no_cooperation_but_linking_up_is():
    from pipeline.events import load_lexicon

    rules = {(r.prep, r.noun): r.code for r in load_lexicon().verbs["link"]}
    assert (rules[("", "")], rules[("up", "")]) == ("---", "060")


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # an exchange binds its coordinated subjects to each other, whatever is exchanged
        ("Chile and Peru exchanged 40 prisoners of war on Friday.",
         ("0841", {"Chile"}, {"Peru"})),
        ("Kenya and Norway swapped captives on Friday.", ("0841", {"Kenya"}, {"Norway"})),
        ("Chile and Ecuador traded accusations on Monday.", ("112", {"Chile"}, {"Ecuador"})),
        # named by a noun: its "between" phrase or the subjects of the verb doing it
        ("The prisoner swap between Chile and Peru went ahead on Friday.",
         ("0841", {"Chile"}, {"Peru"})),
        ("Kenya and Ecuador carried out a prisoner exchange on Friday.",
         ("0841", {"Kenya"}, {"Ecuador"})),
    ],
)
def test_exchanges_are_done_by_each_party_to_the_other(events_with, sentence, expected):
    assert [roles(e) for e in events_with(sentence, ALIASES)] == [expected]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a sum promised is a promise of economic aid, a sum given is economic aid
        ("Norway pledged $300 million to Kenya on Monday.", ("0331", {"Norway"}, {"Kenya"})),
        ("Chile promised 20 million dollars to Ecuador.", ("0331", {"Chile"}, {"Ecuador"})),
        ("Norway will grant 5 million euros to Peru.", ("071", {"Norway"}, {"Peru"})),
    ],
)
def test_sums_of_money_are_aid(events_with, sentence, expected):
    assert [roles(e) for e in events_with(sentence, ALIASES)] == [expected]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # condemning another's one-sided act names its doer, not whom it was done to
        ("Kenya condemned Peru's invasion of Ecuador.", ("111", {"Kenya"}, {"Peru"})),
        ("Norway denounced the shelling of Ecuador by Chile.", ("111", {"Norway"}, {"Chile"})),
        # a decided act happened when it was decided, as the decider's act
        ("Norway voted on Monday to condemn Peru's annexation of the islands.",
         ("111", {"Norway"}, {"Peru"})),
        ("Kenya decided to expel two Peruvian diplomats.", ("161", {"Kenya"}, {"Peru"})),
        # ultimatums and calls in other words
        ("Chile gave Peru an ultimatum to withdraw its troops.", ("139", {"Chile"}, {"Peru"})),
        ("Ruto dialled Store on Tuesday.", ("041", {"William Ruto", "Jonas Gahr Store"}, set())),
    ],
)
def test_acts_named_decided_or_worded_otherwise(events_with, sentence, expected):
    assert [roles(e) for e in events_with(sentence, ALIASES)] == [expected]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # an envoy summoned or expelled with no agent said: the state it is posted to acts
        ("Peru's ambassador in Santiago was summoned on Monday.", ("114", {"Chile"}, {"Peru"})),
        ("The Chilean envoy to Kenya was expelled on Friday.", ("161", {"Kenya"}, {"Chile"})),
        # "with X doing Y" is a circumstance of the act, its subject no party to it
        ("Kenya is expelling the Peruvian ambassador, with Ruto declaring him unwelcome.",
         ("161", {"Kenya"}, {"Peru"})),
    ],
)
def test_who_acts_on_an_envoy_when_the_text_leaves_it_implicit(events_with, sentence, expected):
    places = {"Santiago": "CHL"}
    assert roles(events_with(sentence, ALIASES, places)[0]) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # criticising an act whose doer is said is criticising the doer alone
        ("Kenya criticised Chile's talks with Ecuador.", ("111", {"Kenya"}, {"Chile"})),
        ("Norway condemned the abuses committed by Peruvian troops in Ecuador.",
         ("111", {"Norway"}, {"Peru"})),
    ],
)
def test_criticism_of_an_act_targets_its_doer(events_with, sentence, expected):
    assert roles(events_with(sentence, ALIASES)[0]) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # taking steps, part or place is no seizure
        ("Kenya will take further steps with Peru and Chile.", []),
        ("Kenya took part in talks with Peru.", ["040"]),
    ],
)
def test_a_bare_take_names_no_act_of_its_own(events_with, sentence, expected):
    assert [e.code for e in events_with(sentence, ALIASES)] == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # readiness to sanction or cut ties is a threat of it
        ("Norway said it was ready to impose sanctions on Peru.",
         ("1312", {"Norway"}, {"Peru"})),
        ("Chile is prepared to expel Peruvian diplomats.", ("1313", {"Chile"}, {"Peru"})),
        # a threat whose act is a sanction is a threat of sanctions
        ("Kenya threatened to impose sanctions on Ecuador.", ("1312", {"Kenya"}, {"Ecuador"})),
        # the condition of a threat names whom it threatens
        ("If Peru continues the raids, Norway stands ready to impose sanctions.",
         ("1312", {"Norway"}, {"Peru"})),
    ],
)
def test_threats_of_sanctions_and_cut_ties(events_with, sentence, expected):
    assert [roles(e) for e in events_with(sentence, ALIASES)] == [expected]


def test_a_states_ships_and_forces_stand_for_it(events_with):
    text = "Chilean warships fired at Peruvian vessels on Monday."
    (event,) = events_with(text, ALIASES)
    assert roles(event) == ("190", {"Chile"}, {"Peru"})


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # one caller and several called: a call each
        ("Ruto phoned Store and Jorge Valdes on Sunday.",
         [{"William Ruto", "Jonas Gahr Store"}, {"William Ruto", "Jorge Valdes"}]),
        ("Ruto spoke to both Store and Jorge Valdes on Sunday.",
         [{"William Ruto", "Jonas Gahr Store"}, {"William Ruto", "Jorge Valdes"}]),
        # ... unless the text makes it one call or one meeting
        ("Ruto held a joint phone call with Store and Jorge Valdes on Sunday.",
         [{"William Ruto", "Jonas Gahr Store", "Jorge Valdes"}]),
        ("Ruto met Store and Jorge Valdes on Sunday.",
         [{"William Ruto", "Jonas Gahr Store", "Jorge Valdes"}]),
    ],
)
def test_a_call_to_several_is_one_call_each(events_with, sentence, expected):
    events = [e for e in events_with(sentence, ALIASES) if e.code.startswith("04")]
    assert [{p.actor.name for p in e.participants} for e in events] == expected


def test_a_relative_clause_telling_of_an_occasion_takes_its_date(events_with):
    text = (
        "Ruto held a meeting with Store in Oslo on Monday, the first between the two "
        "governments since the start of the border war in 2019, in which they discussed trade."
    )
    events = events_with(text, ALIASES)
    assert [(e.code, e.date.value) for e in events] == [("040", "2024-03-11")]


def test_a_bloc_naming_the_kind_of_an_indefinite_member_names_no_party(events_with):
    nato = Actor("North Atlantic Treaty Organization", "organisation", None)
    aliases = {**ALIASES, "NATO": nato}
    places = {"Peru": "PER", "Ecuador": "ECU"}
    generic = (
        "The trip marks a rare visit by a leader of a NATO country to Peru amid the war in "
        "Ecuador."
    )
    assert events_with(generic, aliases, places) == []
    named = "A NATO delegation visited Peru on Monday."
    found = events_with(named, aliases, places)
    visits = [(e.code, {p.actor.name for p in e.participants}) for e in found]
    assert visits == [("042", {"North Atlantic Treaty Organization", "Peru"})]


def test_declaring_as_persona_non_grata_survives_a_clausal_parse(nlp):
    """The parser sometimes reads "as" as a conjunction opening a verbless clause; the
    declaration is still an expulsion. The parse is built by hand so that the test does not
    depend on when the model happens to produce it."""
    words = ["Chile", "declared", "Peru", "'s", "attache", "as", "persona", "non", "grata", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, False, True, True, True, True, True, False, False],
        heads=[1, 1, 4, 2, 1, 6, 1, 8, 6, 1],
        deps=["nsubj", "ROOT", "poss", "case", "dobj", "mark", "advcl", "compound", "dobj",
              "punct"],
        pos=["PROPN", "VERB", "PROPN", "PART", "NOUN", "SCONJ", "NOUN", "X", "NOUN", "PUNCT"],
        lemmas=["Chile", "declare", "Peru", "'s", "attache", "as", "persona", "non", "grata",
                "."],
    )  # fmt: skip
    article = Article(document="test.txt", text=doc.text, published=date(2024, 3, 15))
    mentions = table_mentions(doc.text, ALIASES)
    events = extract_events(doc, mentions, [], article, resolver=PlaceTable({}, ALIASES))
    assert [roles(e) for e in events] == [("161", {"Chile"}, {"Peru"})]
