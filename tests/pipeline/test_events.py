"""Event extraction: triggers, CAMEO codes, roles, modality, location and merging.

Every case is a sentence written for this test, parsed by the real spaCy model; actor mentions
come from a small hand-made table so these tests do not depend on the actor resolver.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from pipeline.events import Lexicon, TriggerRule, extract_events, load_lexicon
from pipeline.model import Actor, ActorMention, Article

MODI = Actor("Narendra Modi", "person", "IND")
MACRON = Actor("Emmanuel Macron", "person", "FRA")
ERDOGAN = Actor("Recep Tayyip Erdogan", "person", "TUR")
PUTIN = Actor("Vladimir Putin", "person", "RUS")
LULA = Actor("Luiz Inacio Lula da Silva", "person", "BRA")
KISHIDA = Actor("Fumio Kishida", "person", "JPN")
INDIA = Actor("India", "state", "IND")
FRANCE = Actor("France", "state", "FRA")
GERMANY = Actor("Germany", "state", "DEU")
JAPAN = Actor("Japan", "state", "JPN")
RUSSIA = Actor("Russia", "state", "RUS")
BRAZIL = Actor("Brazil", "state", "BRA")
TURKEY = Actor("Turkey", "state", "TUR")
UKRAINE = Actor("Ukraine", "state", "UKR")
SINGAPORE = Actor("Singapore", "state", "SGP")
USA = Actor("United States", "state", "USA")
EU = Actor("European Union", "organisation", None)

# Surface forms -> actors, as an actor resolver would report them (capitals stand for states).
ALIASES = {
    "Narendra Modi": MODI, "Modi": MODI, "Emmanuel Macron": MACRON, "Macron": MACRON,
    "Erdogan": ERDOGAN, "Vladimir Putin": PUTIN, "Putin": PUTIN, "Lula": LULA,
    "Kishida": KISHIDA, "India": INDIA, "New Delhi": INDIA, "France": FRANCE, "Paris": FRANCE,
    "Germany": GERMANY, "Berlin": GERMANY, "Japan": JAPAN, "Tokyo": JAPAN, "Russia": RUSSIA,
    "Moscow": RUSSIA, "Brazil": BRAZIL, "Turkey": TURKEY, "Ankara": TURKEY,
    "Ukraine": UKRAINE, "European Union": EU, "Singapore": SINGAPORE, "Oval Office": USA,
}  # fmt: skip
PLACES = {
    "Singapore": "SGP", "Paris": "FRA", "New Delhi": "IND", "Tokyo": "JPN", "Ankara": "TUR",
    "Berlin": "DEU", "Oval Office": "USA",
}  # fmt: skip
PUBLISHED = date(2024, 3, 15)  # a Friday


@pytest.fixture()
def extract(events_with):
    return lambda text: events_with(text, ALIASES, PLACES, PUBLISHED)


def names(event) -> set[str]:
    return {p.actor.name for p in event.participants}


@pytest.mark.parametrize(
    "sentence,code,actors",
    [
        # meetings, visits, hosting (04x at full code)
        ("Modi met with Macron in Paris on Tuesday.", "040", {MODI, MACRON}),
        ("Modi and Macron held talks in New Delhi.", "040", {MODI, MACRON}),
        ("Erdogan visited Tokyo last week.", "042", {ERDOGAN, JAPAN}),
        ("Erdogan traveled to Japan on Monday.", "042", {ERDOGAN, JAPAN}),
        ("Kishida hosted Lula and Erdogan in Tokyo on Monday.", "043", {KISHIDA, LULA, ERDOGAN}),
        # sitting beside someone at an occasion is appearing together, like standing beside
        ("Lula was seated beside Modi at the state banquet.", "040", {LULA, MODI}),
        ("Modi sat alongside Macron during the parade.", "040", {MODI, MACRON}),
        # cooperation, agreements, intent
        ("Putin praised Modi for his leadership.", "051", {PUTIN, MODI}),
        ("Macron thanked Lula for his support.", "051", {MACRON, LULA}),
        ("Japan and India signed a defence agreement on Friday.", "057", {JAPAN, INDIA}),
        ("Erdogan pledged to expand trade cooperation with Brazil.", "0311", {ERDOGAN, BRAZIL}),
        # appeals and demands, refined by the act they ask for
        ("Macron urged Russia to withdraw its troops.", "0256", {MACRON, RUSSIA}),
        ("Germany demanded that Russia release the prisoners.", "1053", {GERMANY, RUSSIA}),
        # conflict families, at least at root level
        ("Germany sharply criticized Russia over the attack.", "111", {GERMANY, RUSSIA}),
        ("Modi accused Erdogan of meddling.", "112", {MODI, ERDOGAN}),
        ("Russia rejected the proposal from France.", "120", {RUSSIA, FRANCE}),
        ("Putin threatened Germany with retaliation.", "130", {PUTIN, GERMANY}),
        ("The European Union imposed sanctions on Russia.", "163", {EU, RUSSIA}),
        ("Russia invaded Ukraine.", "192", {RUSSIA, UKRAINE}),
    ],
)
def test_trigger_family_is_coded_with_its_participants(extract, sentence, code, actors):
    events = extract(sentence)
    assert [e.code for e in events] == [code]
    assert names(events[0]) == {a.name for a in actors}


@pytest.mark.parametrize(
    "sentence,code,roles",
    [
        # subject is the visitor, the visited capital's state the host
        ("Erdogan visited Tokyo last week.", "042",
         {"Recep Tayyip Erdogan": "visitor", "Japan": "host"}),
        # passive: the agent hosts, the passive subject visits
        ("Erdogan was welcomed by Kishida in Tokyo.", "043",
         {"Fumio Kishida": "host", "Recep Tayyip Erdogan": "visitor"}),
        # colon list of guests: one n-ary event
        ("Kishida welcomed his guests: Modi, Lula and Erdogan.", "043",
         {"Fumio Kishida": "host", "Narendra Modi": "visitor",
          "Luiz Inacio Lula da Silva": "visitor", "Recep Tayyip Erdogan": "visitor"}),
        # directed act: subject source, object target
        ("Germany condemned Russia on Monday.", "111", {"Germany": "source", "Russia": "target"}),
        # a person and their own state: the person stays
        ("India's Modi met France's Macron.", "040",
         {"Narendra Modi": "participant", "Emmanuel Macron": "participant"}),
    ],
)  # fmt: skip
def test_roles_come_from_syntax(extract, sentence, code, roles):
    events = extract(sentence)
    assert [e.code for e in events] == [code]
    assert {p.actor.name: p.role for p in events[0].participants} == roles


def test_participial_clause_shares_the_main_subject(extract):
    events = extract("After joining Modi at a summit in New Delhi, Lula signed a deal with Macron.")
    by_code = {e.code: names(e) for e in events}
    assert by_code == {"040": {LULA.name, MODI.name}, "057": {LULA.name, MACRON.name}}


@pytest.mark.parametrize(
    "sentence,code,modality",
    [
        ("Macron met Modi in Paris on Tuesday.", "040", "asserted"),
        ("Macron will visit India next month.", "042", "planned"),
        ("Erdogan is expected to visit Japan in May.", "042", "planned"),
        ("Kishida plans to meet Lula in Tokyo.", "040", "planned"),
        ("Lula could meet Putin if the war ends.", "040", "hypothetical"),
        ("Modi might visit Moscow later this year.", "042", "hypothetical"),
        ("Modi did not meet Putin during the summit.", "040", "negated"),
        ("Macron never visited Ankara.", "042", "negated"),
        # intent: the expressed wish is the event, asserted
        ("Erdogan said he is open to meeting with Putin.", "036", "asserted"),
        ("Macron said he would like to meet Modi this year.", "036", "asserted"),
        ("Lula wants to visit Japan.", "036", "asserted"),
        # refusal: a rejection, asserted
        ("Lula declined to meet Macron.", "125", "asserted"),
        # nominal triggers read their modifiers
        ("The upcoming summit between Modi and Lula will focus on trade.", "040", "planned"),
        ("A possible meeting between Putin and Erdogan was discussed.", "040", "hypothetical"),
    ],
)
def test_modality_reads_auxiliaries_governors_and_markers(extract, sentence, code, modality):
    events = extract(sentence)
    assert [(e.code, e.modality) for e in events] == [(code, modality)]


@pytest.mark.parametrize(
    "sentence,code,actors",
    [
        ("Erdogan's visit to Tokyo ended on Sunday.", "042", {ERDOGAN, JAPAN}),
        ("The meeting between Putin and Erdogan lasted two hours.", "040", {PUTIN, ERDOGAN}),
        ("Reporters waited outside the talks between Modi and Lula.", "040", {MODI, LULA}),
    ],
)
def test_nominal_triggers_need_attached_actors(extract, sentence, code, actors):
    events = extract(sentence)
    assert [e.code for e in events] == [code]
    assert names(events[0]) == {a.name for a in actors}


@pytest.mark.parametrize(
    "sentence,location,country",
    [
        ("Modi met with Macron in Paris on Tuesday.", "Paris", "FRA"),
        ("Lula met Kishida at a summit in Tokyo.", "Tokyo", "JPN"),
        ("Erdogan visited Berlin last week.", "Berlin", "DEU"),
        ("Putin met Modi on Tuesday.", None, None),
        # a seat of power the resolver knows is a place even when NER misses it
        ("Lula's Oval Office meeting with Modi ended on Monday.", "Oval Office", "USA"),
        ("Modi met Lula in the Oval Office on Monday.", "Oval Office", "USA"),
        # a visit whose text names no place happened in its host state
        ("Lula attended Japan's national day parade on Monday.", "Japan", "JPN"),
        # ... until a later mention of the same visit names the city
        (
            "Modi visited France on Monday. During his visit to Paris, Modi praised Macron.",
            "Paris",
            "FRA",
        ),
    ],
)
def test_location_is_the_locative_or_visited_place(extract, sentence, location, country):
    event = extract(sentence)[0]
    if location is None:
        assert event.location is None
    else:
        assert (event.location.name, event.location.country) == (location, country)


def test_place_in_a_locative_phrase_is_no_participant(extract):
    (event,) = extract("Modi met Macron in Ankara on Tuesday.")
    assert names(event) == {MODI.name, MACRON.name}
    assert event.location.name == "Ankara"


def test_repeated_mentions_of_one_happening_merge_with_all_evidence(extract):
    text = (
        "Modi met Macron in Paris on Tuesday. The meeting between Modi and Macron lasted two hours."
    )
    (event,) = extract(text)
    assert event.code == "040"
    assert len(event.evidence) == 2
    assert [text[e.start_char : e.end_char] for e in event.evidence] == [
        e.sentence for e in event.evidence
    ]


def test_a_mention_dated_years_back_is_no_part_of_an_undated_current_event(extract):
    # The first meeting has only the publication date; the second is dated ten years back.
    events = extract("Modi met Macron in Paris. Modi met Macron in Paris ten years ago.")
    assert len(events) == 2


def test_different_dates_keep_separate_events(extract):
    events = extract("Modi met Macron in Paris in 2019. Modi met Macron in New Delhi in 2023.")
    assert sorted(e.date.value for e in events) == ["2019", "2023"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The weather in Paris was mild on Tuesday.",  # a place, no act
        "Officials met with farmers on Tuesday.",  # no political actor named
        "Modi said the economy is growing fast.",  # a lone statement is no interaction
        "According to Russia, the parade was large.",  # attribution is no event
        "Putin met Russian governors in Moscow.",  # domestic
        "Japan faces Russia across a narrow strait.",  # facing is no meeting
    ],
)
def test_no_event_without_two_political_parties(extract, sentence):
    assert extract(sentence) == []


def test_every_lexicon_code_is_a_cameo_code():
    from pipeline.cameo import cameo_table

    lexicon = load_lexicon()
    table = cameo_table()
    codes = {r.code for rules in lexicon.verbs.values() for r in rules} | set(
        lexicon.nouns.values()
    )
    assert {c for c in codes if c != "---" and c not in table} == set()


@pytest.mark.parametrize(
    "text,code,actors",
    [
        # "he" stands for the last person named shortly before
        ("Erdogan arrived on Monday. He met Kishida in Tokyo.", "040", {ERDOGAN, KISHIDA}),
        ("Lula flew home. His talks with Modi had ended.", "040", {LULA, MODI}),
        # the possessor of the thanked-for act is the target
        ("Putin expressed gratitude for Germany's support.", "051", {PUTIN, GERMANY}),
        # the wished act refines the intent code
        ("Macron expressed his wish to hold a summit with Lula.", "036", {MACRON, LULA}),
    ],
)
def test_pronouns_possessors_and_complements_name_participants(extract, text, code, actors):
    events = extract(text)
    assert [e.code for e in events] == [code]
    assert names(events[0]) == {a.name for a in actors}


def test_place_modifier_of_a_summit_is_its_location(extract):
    (event,) = extract("The Singapore summit between Modi and Lula ended on Tuesday.")
    assert names(event) == {MODI.name, LULA.name}
    assert event.location.name == "Singapore"


@pytest.mark.parametrize(
    "sentence,modality",
    [
        # a meeting still ahead of a present-tense clause
        ("Analysts expect little ahead of the meeting between Modi and Lula.", "planned"),
        # ... but history in a past-tense one
        ("Analysts expected little ahead of the meeting between Modi and Lula.", "asserted"),
    ],
)
def test_ahead_of_reads_the_clause_tense(extract, sentence, modality):
    (event,) = extract(sentence)
    assert event.modality == modality


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia's attitude gives Germany a boost.",  # bare PETRARCH verb, actor only a possessor
        "Germany wants to sanction Russia.",  # a wish to coerce is no event
        "Two towns in Germany were bombed overnight.",  # violence needs its actor
    ],
)
def test_weak_readings_yield_no_event(extract, sentence):
    assert extract(sentence) == []


def test_two_triggers_of_one_sentence_with_a_shared_party_merge(extract):
    events = extract("Kishida welcomed Lula, who became the first president to visit Japan.")
    assert len(events) == 1
    assert names(events[0]) == {KISHIDA.name, LULA.name}


def test_both_sides_prefer_the_last_event_of_a_party_named_beside_them(extract):
    events = extract(
        "Modi met Lula and thanked Macron for his support. Lula reaffirmed Brazil's commitment "
        "to closer ties, with both sides pledging to expand trade."
    )
    assert {e.code: names(e) for e in events}["0311"] == {MODI.name, LULA.name}


def test_both_sides_stand_for_the_parties_of_the_last_event(extract):
    events = extract("Modi met Lula in New Delhi. The two leaders signed a trade agreement.")
    assert {e.code: names(e) for e in events} == {
        "040": {MODI.name, LULA.name},
        "057": {MODI.name, LULA.name},
    }


@pytest.mark.parametrize(
    "sentence,roots",
    [
        ("Russia launched a wave of missile strikes on Ukraine overnight.", ["19"]),
        # a conflict noun without an act governing it is background, not news
        ("Trade grew despite Russia's invasion of Ukraine.", []),
    ],
)
def test_conflict_nouns_need_a_governing_act(extract, sentence, roots):
    assert [e.root for e in extract(sentence)] == roots


@pytest.mark.parametrize(
    "sentence,code,actors,modality",
    [
        # a coordinated verb without its own object shares the first verb's counterpart
        ("Putin thanked Modi for his support and pledged deeper economic ties.", "0311",
         {PUTIN, MODI}, "asserted"),
        # the content of a rumour is no fact
        ("Rumors that Russia will invade Turkey spread quickly.", "192",
         {RUSSIA, TURKEY}, "hypothetical"),
        # a "when" clause states its own fact, whatever the main clause's mood
        ("Sanctions could have helped when Russia invaded Ukraine.", "192",
         {RUSSIA, UKRAINE}, "asserted"),
        # announcing violence is a threat, and the threat happened
        ("Russia said it would attack Ukraine.", "138", {RUSSIA, UKRAINE}, "asserted"),
    ],
)  # fmt: skip
def test_coordination_and_speculation(extract, sentence, code, actors, modality):
    events = {e.code: e for e in extract(sentence)}
    assert names(events[code]) == {a.name for a in actors}
    assert events[code].modality == modality


def test_headline_glued_to_a_sentence_stays_out_of_roles_and_evidence(extract):
    text = "Germany Hosts Brazil And Japan\nLula met Kishida in Tokyo on Monday."
    (event,) = extract(text)
    assert names(event) == {LULA.name, KISHIDA.name}
    assert event.evidence[0].sentence == "Lula met Kishida in Tokyo on Monday."
    start, end = event.evidence[0].start_char, event.evidence[0].end_char
    assert text[start:end] == event.evidence[0].sentence


def test_meeting_noun_as_scene_takes_the_clause_parties(extract):
    (event,) = extract("At the Tokyo summit in 2019, Modi showed Lula a video.")
    assert (event.code, names(event)) == ("040", {MODI.name, LULA.name})
    assert event.location.name == "Tokyo"


@pytest.mark.parametrize(
    "sentence,code,actors",
    [
        # talks said to collapse were halted
        ("Talks between Russia and Ukraine collapsed in April.", "164", {RUSSIA, UKRAINE}),
        # openness to talks is an intent to meet
        ("Lula said Brazil was open to talks with Japan.", "036", {BRAZIL, JAPAN}),
        # a passive verb sharing the subject of the clause it joins
        ("Modi arrived in Tokyo and was welcomed by Kishida.", "042", {MODI, KISHIDA}),
    ],
)
def test_nominal_and_passive_readings(extract, sentence, code, actors):
    (event,) = extract(sentence)
    assert (event.code, names(event)) == (code, {a.name for a in actors})


@pytest.mark.parametrize(
    "text,code,value",
    [
        # an intent is dated by the verb that expresses it, not by the proposed act
        ("On Monday, Macron said he wanted to meet Modi next year.", "036", "2024-03-11"),
        # ... and so is a refusal
        ("Lula declined on Tuesday to meet Macron next month.", "125", "2024-03-12"),
        # a present perfect takes no definite past time from the sentence before it
        ("Modi visited Tokyo in 2019. Macron has said he would like to meet Lula.", "036",
         "2024-W11"),
    ],
)  # fmt: skip
def test_expressed_intents_take_the_date_of_their_expression(extract, text, code, value):
    events = {e.code: e for e in extract(text)}
    assert events[code].date.value == value


def test_a_coordination_of_times_is_inherited_as_its_whole_range(extract):
    (event,) = extract(
        "The parallels with 2015 and 2016 are striking. Back then, Modi met Macron in Paris."
    )
    assert (event.date.value, event.date.method) == (None, "inherited")
    assert (event.date.start, event.date.end) == (date(2015, 1, 1), date(2016, 12, 31))


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a plural meeting noun with coordinated places: one meeting in each
        ("Modi's summits with Macron in Paris and Tokyo were cordial.",
         {("Paris", frozenset({MODI.name, MACRON.name})),
          ("Tokyo", frozenset({MODI.name, MACRON.name}))}),
        # ... with coordinated dash-joined pairs: one meeting per pair
        ("The France–Japan and France–India summits ended on Monday.",
         {(None, frozenset({FRANCE.name, JAPAN.name})),
          (None, frozenset({FRANCE.name, INDIA.name}))}),
    ],
)  # fmt: skip
def test_plural_meetings_with_coordinated_places_or_pairs_are_several(extract, sentence, expected):
    events = extract(sentence)
    assert {(e.location.name if e.location else None, frozenset(names(e))) for e in events} == (
        expected
    )


@pytest.mark.parametrize(
    "sentence,modality",
    [
        # a nominal trigger as a subject takes its clause's mood
        ("Analysts say a summit between Modi and Lula could take place in May.", "hypothetical"),
        ("The talks between Modi and Lula will resume in May.", "planned"),
        # a planning verb plans only the noun it names: here it names the ties
        ("The government announced closer ties through a Japan–India summit.", "asserted"),
        ("Japan announced a summit between Modi and Kishida.", "planned"),
    ],
)
def test_nominal_triggers_take_the_mood_of_the_clause_that_names_them(extract, sentence, modality):
    events = [e for e in extract(sentence) if e.code == "040"]
    assert [e.modality for e in events] == [modality]


def test_a_subjectless_participle_restating_the_act_is_no_second_event(extract):
    events = extract(
        "Lula urged Japan to adopt a “balanced policy toward major powers,” essentially "
        "requesting equal distance between Russia and India."
    )
    assert [(e.code, names(e)) for e in events] == [("020", {LULA.name, JAPAN.name})]


@pytest.mark.parametrize(
    "fragment",
    [
        "Preparations before the summit in Geneva.",
        "Talks ahead of the meeting with Chinese officials",
        "Summit before the vote",
    ],
)
def test_verbless_fragments_finish_without_events(nlp, fragment):
    """Walking up a parse must stop at the root even when no verb is found on the way."""
    import signal

    from pipeline.events.nouns import _anticipated

    def hang(signum, frame):
        raise TimeoutError(f"parse walk did not finish on {fragment!r}")

    doc = nlp(fragment)
    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(5)
    try:
        answers = [_anticipated(token) for token in doc if token.pos_ == "NOUN"]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert not any(answers)


VALDORIA = Actor("Valdoria", "state", "VLD")
OSTREVIA = Actor("Ostrevia", "state", "OST")
# One invented verb rule and no nominal triggers: "serenade" is in no kb file.
SERENADE_ONLY = Lexicon({"serenade": (TriggerRule("serenade", "", "", "051", curated=True),)}, {})


@pytest.mark.parametrize(
    "lexicon,expected",
    [
        # the kb files know meetings but not serenades
        (None, [("040", {"Ostrevia": "participant", "Valdoria": "participant"})]),
        # an injected lexicon replaces them: its one rule triggers, "met" no longer does
        (SERENADE_ONLY, [("051", {"Valdoria": "source", "Ostrevia": "target"})]),
    ],
)
def test_an_injected_lexicon_decides_which_words_trigger(nlp, lexicon, expected):
    text = "Valdoria serenaded Ostrevia on Tuesday. Later, Ostrevia met Valdoria."
    actors = {"Valdoria": VALDORIA, "Ostrevia": OSTREVIA}
    mentions = [
        ActorMention(actors[m.group()], m.group(), m.start(), m.end())
        for m in re.finditer("Valdoria|Ostrevia", text)
    ]
    doc = nlp(text)
    article = Article(document="test.txt", text=text, published=PUBLISHED)
    events = extract_events(doc, mentions, [], article, lexicon=lexicon)
    assert [(e.code, {p.actor.name: p.role for p in e.participants}) for e in events] == expected
