"""Nominal triggers: "talks", "summit", "visit" and the actors attached to them.

"X's visit to Y", "a visit to Y by X", "the meeting between X and Y", "the X-Y summit"; as the
object of a verb ("announced X's attendance") the verb's subject takes part too. Conflict nouns
("invasion") need an act governing them, and a plural trigger with dash-joined pairs ("the
Korea-Japan and Korea-U.S. summits") is one event per pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.events.assembly import Candidate, Context, build_event
from pipeline.events.mentions import MentionIndex, actors_of, phrase_tokens
from pipeline.events.mood import intent_code, mood_of
from pipeline.events.places import is_locative, location_of, other_places, place_name, place_span
from pipeline.events.roles import (
    is_diplomatic,
    participants_of,
    unsaid_targets,
    visit_parties,
)
from pipeline.events.syntax import governors, prep_objects, subject_of
from pipeline.events.targets import addressees
from pipeline.events.words import (
    DASHES,
    DEFINITE_DETERMINERS,
    DESIRE_LEMMAS,
    EFFECT_LEMMAS,
    ELLIPTIC_ROOTS,
    EMBEDDED_TARGET_ROOTS,
    ENDING_LEMMAS,
    FUTURE_AUX,
    HALT_LEMMAS,
    HYPOTHETICAL_MODIFIERS,
    INDEFINITE_DETERMINERS,
    LIGHT_GOVERNORS,
    ORIGIN_ROOTS,
    PASSIVE_SUBJECT_DEPS,
    PERSONAL_PRONOUNS,
    PLANNED_MODIFIERS,
    PLANNING_GOVERNORS,
    RECEIVING_GOVERNORS,
    RECIPROCAL_LEMMAS,
    RESULT_LEMMAS,
    SCENE_PREPS,
    SUBJECT_DEPS,
    TARGET_PREPS,
)
from pipeline.model import Actor, Event, Modality, Participant


@dataclass
class _Parties:
    """The actors attached to a nominal trigger, and the place its visit goes to."""

    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    visited: Token | None = None
    with_only: bool = True  # every party phrase is a "with" phrase: "talks with X"
    between: bool = False  # a "between" phrase names the parties: "the swap between X and Y"


def noun_event(noun: Token, code: str, context: Context) -> Candidate | None:
    """Build the event of a nominal trigger from the actors attached to it.

    "X's visit to Y", "a visit to Y by X", "the meeting between X and Y", "the X-Y summit";
    as the object of a verb ("announced X's attendance"), the verb's subject takes part too.
    """
    index = context.index
    parties = _attached_parties(noun, code, index)
    if code[:2] == "04" and not (parties.sources or parties.targets):
        parties.sources, parties.targets = _present_at(noun, index)
    lexicon_code, code = code, _recoded(noun, code, parties, index)
    governor = _governing_verb(noun)
    light = governor is not None and governor.lemma_.lower() in LIGHT_GOVERNORS
    in_force = _takes_effect(noun)
    imposed = (light and _produced(noun) and not _ended(governor)) or in_force
    if lexicon_code[:2] >= "13" and not imposed:
        # "cooperation in the invasion of X" is background; "X launched strikes on Y" is news;
        # "ending the embargo on X" undoes it.
        return None
    _add_governing_subject(governor, light, code, parties, index)
    if not parties.sources and (in_force or _with_subject(noun, parties)):
        # "X said the tariffs on Y would take effect on Monday": X imposes them; "X said talks
        # with Y would continue": X holds them
        others = {a.country for a in parties.targets if a.country}
        parties.sources = _clause_subject(noun.head, index, others)
    _mutual_sides(noun, parties)
    if not (parties.sources or parties.targets) and _results_from_an_act(governor):
        # "X met Y, which resulted in the signing of agreements": the parties of that act.
        parties.sources = index.recent_parties(noun)
    parties.targets = unsaid_targets(noun, code, parties.sources, parties.targets, index)
    if not parties.targets and code[:2] in EMBEDDED_TARGET_ROOTS | ELLIPTIC_ROOTS:
        parties.targets = _inside(noun, parties.sources, index)
    if not parties.sources and not parties.targets:
        return None
    modality = _noun_modality(noun, governor)
    return _noun_candidate(noun, code, parties, modality, context)


def _mutual_sides(noun: Token, parties: _Parties) -> None:
    """Make the first of several parties of a mutual act its source, the others its targets:
    "the prisoner exchange between X and Y", "X and Y carried out a prisoner swap"."""
    if parties.between and not parties.sources:
        parties.sources, parties.targets = parties.targets[:1], parties.targets[1:]
    elif not parties.targets and noun.lemma_.lower() in RECIPROCAL_LEMMAS:
        parties.sources, parties.targets = parties.sources[:1], parties.sources[1:]


def _results_from_an_act(governor: Token | None) -> bool:
    """Return True for a verb saying what an act led to ("resulted in", "led to",
    "culminated in") as the relative or participle clause of that act."""
    return (
        governor is not None
        and governor.lemma_.lower() in RESULT_LEMMAS
        and governor.dep_ in {"relcl", "advcl", "acl", "conj"}
    )


def _inside(noun: Token, sources: list[Actor], index: MentionIndex) -> list[Actor]:
    """Return the actors named anywhere in the noun's phrase but its sources: "a travel warning
    advising citizens against visiting X" is about X."""
    inside = (index.actor(t) for t in noun.subtree if t.i != noun.i)
    return [a for a in dict.fromkeys(inside) if a is not None and a not in sources]


def _attached_parties(noun: Token, code: str, index: MentionIndex) -> _Parties:
    """Return the actors of the noun's modifiers and "by" phrase (sources) and of its party
    phrases (targets), and the place a visit goes to (a "to" place or a lone place modifier)."""
    parties = _Parties()
    modifiers = [c for c in noun.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
    for child in modifiers:
        found = _cataphoric_owner(noun, child, index) or actors_of(child, index)
        parties.sources.extend(a for a in found if a not in parties.sources)
    phrases = list(prep_objects(noun))
    # "the dispatch of delegations to X": the "of" object's own party phrases count too.
    phrases += [(p, o) for how, head in phrases if how == "of" for p, o in prep_objects(head)]
    for prep, obj in phrases:
        if is_locative(prep, obj):
            continue
        actors = actors_of(obj, index)
        if prep == "by" or (prep == "from" and code[:2] in ORIGIN_ROOTS):
            # "a call from X", "an invitation from X": who it comes from acts
            parties.sources.extend(a for a in actors if a not in parties.sources)
        elif prep in TARGET_PREPS or prep == "of":
            if code == "042" and prep == "to" and place_span(obj):
                parties.visited = obj
            parties.with_only &= prep == "with"
            parties.between |= prep == "between"
            parties.targets.extend(a for a in actors if a not in parties.targets)
    _place_modifier(noun, code, modifiers, parties, index)
    return parties


def _cataphoric_owner(noun: Token, owner: Token, index: MentionIndex) -> list[Actor]:
    """Return whom a possessive pronoun stands for when its noun opens a phrase placed before
    the subject of its clause: that subject, a person ("During his visit to X, Y met Z": Y)."""
    if owner.lower_ not in PERSONAL_PRONOUNS or noun.dep_ != "pobj":
        return []
    clause = noun.head.head
    if noun.head.dep_ != "prep" or clause.pos_ not in {"VERB", "AUX"}:
        return []
    subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS and c.i > noun.i]
    if not subjects:
        return []
    actors = subject_of(clause, index).actors
    return [actor for actor in actors if actor.kind == "person"]


def _place_modifier(
    noun: Token, code: str, modifiers: list[Token], parties: _Parties, index: MentionIndex
) -> None:
    """Read a lone place modifier as the place visited rather than a party.

    "the Singapore summit between X and Y", "X's Oval Office meeting with Y": a lone place
    modifier beside other parties is where it happened; "the Korea-Japan summit" names both.
    """
    places = [
        t
        for c in modifiers
        if c.dep_ in {"compound", "nmod"}
        for t in phrase_tokens(c)
        if place_span(t) is not None and (t is c or t.dep_ != "compound")
    ]
    owners = [a for c in modifiers if c.dep_ == "poss" for a in actors_of(c, index)]
    if len(places) == 1 and places[0].dep_ == "compound":
        place_actors = actors_of(places[0], index)
        # A city ("the Tokyo summit") is a place; a lone state name may be a party.
        city = not any(a.name == place_name(place_span(places[0])) for a in place_actors)
        scene = _present_at(noun, index) if code[:2] == "04" else ([], [])
        if owners or parties.targets or city or scene[0]:
            parties.sources = [a for a in parties.sources if a not in place_actors]
            parties.visited = parties.visited or places[0]


def _recoded(noun: Token, code: str, parties: _Parties, index: MentionIndex) -> str:
    """Return the code as the noun's clause reads it: talks that collapsed were halted, talks
    someone is open to are an intent (whose subject then takes part)."""
    if code[:2] == "04" and noun.dep_ in SUBJECT_DEPS and noun.head.lemma_ in HALT_LEMMAS:
        code = "164"  # "talks between X and Y collapsed": negotiations halted
    desire = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in {"to", "for"} else None
    if desire is not None and desire.lemma_ == "be":
        # "X was open to talks": the parser may hang "to talks" on the copula.
        desire = next((c for c in desire.children if c.dep_ == "acomp"), desire)
    intent = intent_code(code)
    if intent is not None and desire is not None and desire.lemma_ in DESIRE_LEMMAS:
        # "X is open to talks with Y", "ready for a meeting": an expressed intent.
        code = intent
        parties.sources.extend(
            a for a in subject_of(desire, index).actors if a not in parties.sources
        )
        if not parties.targets:
            # "X told Y that Z was open to talks": the intent is addressed to Y.
            parties.targets = addressees(desire, index)
    return code


def _produced(noun: Token) -> bool:
    """Return True when the noun is what the act governing it produces: "X launched (a wave
    of) strikes on Y"."""
    return noun.dep_ == "dobj" or (
        noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "dobj"
    )


def _takes_effect(noun: Token) -> bool:
    """Whether a sanction noun is the subject of its coming into force: "the tariffs on X
    take effect on Monday", "sanctions against X will go into effect"."""
    if noun.dep_ not in SUBJECT_DEPS or noun.head.lemma_.lower() not in EFFECT_LEMMAS:
        return False
    return any(t.lower_ in {"effect", "force"} for t in noun.head.subtree if t.i > noun.head.i)


def _with_subject(noun: Token, parties: _Parties) -> bool:
    """Whether an encounter noun with only "with" parties is the subject of its clause ("talks
    with X would continue"), so that whoever reports it is the other side."""
    return (
        noun.dep_ in SUBJECT_DEPS
        and noun.head.pos_ in {"VERB", "AUX"}
        and bool(parties.targets)
        and parties.with_only
    )


def _ended(governor: Token | None) -> bool:
    """Whether the verb governing a noun ends what it names: "ended the embargo"."""
    return governor is not None and governor.lemma_.lower() in ENDING_LEMMAS


def _add_governing_subject(
    governor: Token | None, light: bool, code: str, parties: _Parties, index: MentionIndex
) -> None:
    """Add the subject of the verb governing the noun to its parties: a light or planning
    verb's subject ("held talks", "announced the visit"), and any verb's when the noun names
    only "with" parties and no source."""
    sources, targets = parties.sources, parties.targets
    if governor is not None and sources and not targets and _received(governor):
        # "X received a phone call from Y", "X accepted Y's invitation": X is addressed.
        targets.extend(a for a in subject_of(governor, index).actors if a not in sources)
        return
    if governor is not None and (
        (light and (not sources or code == "042"))
        or (targets and parties.with_only and not sources)
    ):
        # "China announced X's attendance", "X held talks with Y", "X's trip included
        # meetings with Y": the clause's subject takes part; beside a named visitor it hosts.
        side = targets if code == "042" and sources else sources
        actors = _clause_subject(governor, index, {a.country for a in targets if a.country})
        side.extend(a for a in actors if a not in sources and a not in targets)


def _received(governor: Token) -> bool:
    """Whether the verb governing a noun takes it in: "received a call", "accepted the offer"."""
    return governor.lemma_.lower() in RECEIVING_GOVERNORS and governor.dep_ != "amod"


def _clause_subject(governor: Token, index: MentionIndex, others: set[str]) -> list[Actor]:
    """Return the actors of the governing verb's subject, or of the first clause above it
    that has some of another country than the noun's parties (`others`): "X said that after
    a call with Y, talks would resume" and "X said that after a call with Y, Y's government
    agreed ..." both put X on the call."""
    for verb in (governor, *governors(governor)):
        actors = subject_of(verb, index).actors
        if actors and not {a.country for a in actors} <= others:
            return actors
    return []


def _noun_modality(noun: Token, governor: Token | None) -> Modality:
    """Return the modality of a nominal trigger: from its modifiers ("planned talks"), from
    "ahead of", or from the mood of the verb governing it or of which it is the subject."""
    modality: Modality = "asserted"
    words = {c.lower_ for c in noun.children if c.dep_ in {"amod", "compound"}}
    if words & HYPOTHETICAL_MODIFIERS:
        modality = "hypothetical"
    elif words & PLANNED_MODIFIERS:
        modality = "planned"
    elif _anticipated(noun):
        modality = "planned"
    elif governor is not None:
        mood = mood_of(governor)
        modality = mood.modality
        if (
            modality == "asserted"
            and governor.lemma_.lower() in PLANNING_GOVERNORS
            and _announced(noun, governor)
        ):
            modality = "planned"
    elif noun.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and noun.head.pos_ in {"VERB", "AUX"}:
        # "a summit could take place", "the talks will resume": the clause's mood is the noun's.
        modality = mood_of(noun.head).modality
    return modality


def _noun_candidate(
    noun: Token, code: str, parties: _Parties, modality: Modality, context: Context
) -> Candidate | None:
    """Place the noun's event and split it by coordinated places or pairs; None when its
    participants make no diplomatic event."""
    index = context.index
    location = location_of(noun, parties.visited, context.resolver, index)
    # visit_parties may add the host to parties.targets, which is read below.
    participants, location = visit_parties(
        code, parties.sources, parties.targets, location, index, context.resolver
    )
    groups = [participants_of(g, [], code) for g in _paired_modifiers(noun, index)]
    groups = [g for g in groups if is_diplomatic(code, g)]
    if len(groups) > 1 and not parties.targets:
        participants, groups = groups[0], groups[1:]
    else:
        groups = []
    if not is_diplomatic(code, participants):
        return None
    occasion = _occasion_referred_to(noun, code, participants, index)
    event = build_event(noun, code, participants, location, modality, context)
    if occasion is not None:
        # "after his talks with X", "the summit": the occasion already reported, unless the
        # noun dates itself ("the summit in 2018").
        if event.date.method not in {"explicit", "relative"}:
            event.date = occasion.date
        event.modality = occasion.modality
        event.location = event.location or occasion.location
    places = other_places(noun, location, parties.visited, context.resolver)
    return Candidate(event, places=places, parties=groups)


def _occasion_referred_to(
    noun: Token, code: str, participants: list[Participant], index: MentionIndex
) -> Event | None:
    """Return the meeting reported earlier that a definite meeting noun refers back to ("his
    talks with X", "the summit", "their meeting" after "X met Y on Monday"), else None."""
    if code[:2] != "04" or any(c.lower_ in INDEFINITE_DETERMINERS for c in noun.children):
        return None
    definite = any(c.dep_ == "poss" or c.lower_ in DEFINITE_DETERMINERS for c in noun.children)
    if not definite:
        return None
    occasion = index.earlier_event(noun, "04", [p.actor for p in participants])
    if occasion is None or occasion.modality != "asserted" or occasion.date.start is None:
        return None  # only an occasion reported as having happened, on a known date
    return occasion


def _anticipated(noun: Token) -> bool:
    """Return True for "ahead of / in advance of / before the meeting" in a present or future
    clause: the meeting is still to come (in a past clause it is history)."""
    head = noun.head
    if noun.dep_ != "pobj":
        return False
    if not (
        head.lower_ == "before"
        or (head.lower_ == "of" and head.head.lower_ in {"ahead", "advance"})
    ):
        return False
    clause = head
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    aux = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    return clause.tag_ in {"VBZ", "VBP"} or bool(aux & FUTURE_AUX)


def _present_at(noun: Token, index: MentionIndex) -> tuple[list[Actor], list[Actor]]:
    """Return (subject, object) actors of the clause a meeting is the scene of: "At the summit,
    X showed Y a video" puts X and Y at the summit, "the two leaders discussed aid in a phone
    call" on the call."""
    scene = noun.head
    if noun.dep_ != "pobj" or scene.lower_ not in SCENE_PREPS:
        return [], []
    clause = scene.head
    for _ in range(3):  # the parser may hang the scene on an object: "discussed aid ... in"
        if clause.pos_ in {"VERB", "AUX"} or clause.dep_ not in {"dobj", "pobj", "prep"}:
            break
        clause = clause.head
    if clause.pos_ not in {"VERB", "AUX"}:
        return [], []
    objects = [c for c in clause.children if c.dep_ in {"dobj", "dative"}]
    return (
        subject_of(clause, index).actors,
        [a for o in objects for a in actors_of(o, index)],
    )


def _governing_verb(noun: Token) -> Token | None:
    """Return the verb whose object (or object's prepositional object) the noun is."""
    token = noun
    for _ in range(4):
        if token.dep_ not in {"dobj", "pobj", "prep", "conj", "appos", "pcomp", "nsubjpass"}:
            return None
        token = token.head
        # "including" and "following" head prepositional phrases, not clauses.
        if token.pos_ in {"VERB", "AUX"} and token.dep_ != "prep":
            return token
    return None


def _announced(noun: Token, governor: Token) -> bool:
    """Return True when the noun is what the planning verb names: its object ("announced the
    summit") or that object's "of" phrase ("announced the date of the summit"); "announced
    closer ties through a summit" names the ties, and the summit is no plan."""
    token = noun
    for _ in range(6):
        if token.head.i == governor.i:
            return token.dep_ in {"dobj", "nsubjpass"}
        of_phrase = token.dep_ == "pobj" and token.head.lower_ == "of"
        if token.head.i == token.i or not (of_phrase or token.dep_ == "prep"):
            return False
        token = token.head
    return False


def _paired_modifiers(noun: Token, index: MentionIndex) -> list[list[Actor]]:
    """Return the party sets of a plural trigger premodified by coordinated dash-joined pairs:
    "the Korea-Japan and Korea-U.S. summits" were two summits, one per pair; [] otherwise."""
    if noun.tag_ not in {"NNS", "NNPS"}:
        return []
    groups: list[list[Token]] = [[]]
    for token in noun.doc[noun.left_edge.i : noun.i]:
        if token.lower_ in {"and", ","}:
            groups.append([])
        else:
            groups[-1].append(token)
    out = []
    for group in groups:
        if not any(t.text in DASHES for t in group):
            continue
        actors: list[Actor] = []
        for token in group:
            actor = index.actor(token)
            if actor is not None and actor not in actors:
                actors.append(actor)
        if len(actors) > 1:
            out.append(actors)
    return out if len(out) > 1 else []
