"""Verb triggers: the event of a matched verb, from its subject, objects, mood and place.

The subject (or passive agent) is the source; `targets` finds whom the act is done or addressed
to. A bare PETRARCH verb (no object noun in its pattern) counts only between actors it governs
directly; an agreement verb takes its code from the act agreed to.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.events.acts import agreement_code
from pipeline.events.assembly import Candidate, Context, build_event
from pipeline.events.mentions import MentionIndex, actors_of
from pipeline.events.mood import Mood, mood_of, recode
from pipeline.events.places import location_of
from pipeline.events.reported import naming_code, reported_act
from pipeline.events.roles import is_diplomatic, unsaid_targets, visit_parties
from pipeline.events.syntax import (
    Subject,
    group_parties,
    is_group,
    object_heads,
    prep_objects,
    subject_of,
)
from pipeline.events.targets import verb_targets
from pipeline.events.triggers import Match
from pipeline.events.words import (
    AGREEMENT_LEMMAS,
    ENCOUNTER_ROOT,
    ENVOY_NOUNS,
    ENVOY_PREPS,
    JOINT_WORDS,
    OCCASION_NOUNS,
    OCCASION_PREPS,
    PASSIVE_SUBJECT_DEPS,
    PHONE_CALL_CODE,
    RECIPROCAL_LEMMAS,
    REMOVAL_ROOTS,
    REPORTING_LEMMAS,
)
from pipeline.model import Actor, Modality, Participant
from pipeline.timex.tense import clause_verb

# Acts a state does to envoys posted to it: summoning (114), expelling (161).
ENVOY_CODES = frozenset({"114", "161"})


def _done_together(trigger: Token, subject: Subject, code: str, modality: Modality) -> bool:
    """Whether coordinated subjects, or a group standing for parties named before, act on
    each other: "X and Y discussed trade", "both sides discussed trade" (an encounter), "X and
    Y exchanged prisoners" (a reciprocal verb). A group's parties are inferred, so a mere
    hypothesis about them ("unclear if the two sides are talking") is left out."""
    group = subject.pair and modality != "hypothetical"
    if not (subject.named and (subject.coordinated or group)):
        return False
    return code.startswith(ENCOUNTER_ROOT) or trigger.lemma_.lower() in RECIPROCAL_LEMMAS


def verb_event(trigger: Token, found: Match, context: Context) -> Candidate | None:
    """Build the event of a matched verb trigger, or None when its actors do not make one."""
    mood = mood_of(trigger)
    complement = _complement(trigger, found)
    agreed = agreed_act(trigger)
    rule_code = found.rule.code if agreed is None else agreement_code(agreed)
    coding = _coding(trigger, rule_code, mood, complement)
    if coding is None:
        return None
    code, modality, dated_by = coding
    dated_by = dated_by or _occasion_told(trigger)
    index = context.index
    subject = subject_of(trigger, index)
    weak = found.rule.weak and agreed is None
    targets, visited, named_target = verb_targets(trigger, found, weak, complement, code, index)
    together = _done_together(trigger, subject, code, modality)
    sources, targets = _sides(
        trigger, subject, targets, index, code, mutual=agreed is not None or together
    )
    targets = unsaid_targets(trigger, code, sources, targets, index)
    said = _what_is_said(trigger, found, code, sources, targets, index)
    if said is None:
        return None
    code, targets = said
    # "lashed out at Moscow": a place the rule took as the target is no location.
    parties = found.consumed if found.rule.prep else frozenset()
    location = location_of(trigger, visited, context.resolver, index, parties)
    participants, location = visit_parties(
        code, sources, targets, location, index, context.resolver
    )
    if not participants:
        return None
    # A bare PETRARCH verb is trusted only between actors it governs directly: "the PRC's
    # attitude gives Kim a boost" is no grant by the PRC.
    if weak and not (subject.named and (named_target or together) and sources):
        return None
    if not is_diplomatic(code, participants):
        return None
    if subject.pair and code.startswith("01"):
        return None  # "they said ...": a group's word is no interaction between its members
    participants, others = _separate_calls(trigger, code, sources, targets, participants)
    event = build_event(trigger, code, participants, location, modality, context, dated_by)
    statement = found.rule.lemma in REPORTING_LEMMAS and code.startswith("01")
    return Candidate(event, statement=statement, parties=others)


def _occasion_told(trigger: Token) -> Token | None:
    """Return the verb that dates the occasion a relative clause "in which they discussed X"
    tells about: the clause of the last occasion noun before it ("held a meeting on Monday,
    the first since 2011, in which they discussed ..."), wherever the parser hung the
    relative clause; None for any other clause."""
    if trigger.dep_ != "relcl":
        return None
    relative = any(
        o.lower_ == "which"
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ in OCCASION_PREPS
        for o in c.children
    )
    if not relative:
        return None
    before = [t for t in trigger.sent if t.i < trigger.i and t.lemma_.lower() in OCCASION_NOUNS]
    return clause_verb(before[-1]) if before else None


def _separate_calls(
    trigger: Token,
    code: str,
    sources: list[Actor],
    targets: list[Actor],
    participants: list[Participant],
) -> tuple[list[Participant], list[list[Participant]]]:
    """Split a call one party makes to several into one call each ("phoned X and Y", "spoke
    to both X and Y"), unless the text makes it one ("a joint call", "a conference call").

    RETURNS: the first call's participants, and those of each further call."""
    both = any(c.lower_ == "both" for _, head in object_heads(trigger) for c in head.children)
    if not (code == PHONE_CALL_CODE or (code.startswith(ENCOUNTER_ROOT) and both)):
        return participants, []
    if len(sources) != 1 or len(targets) < 2:
        return participants, []
    if any(t.lemma_.lower() in JOINT_WORDS for t in trigger.sent):
        return participants, []
    by_actor = {p.actor: p for p in participants}
    if not all(a in by_actor for a in (*sources, *targets)):
        return participants, []
    caller = by_actor[sources[0]]
    calls = [[caller, by_actor[target]] for target in targets]
    return calls[0], calls[1:]


def _agent_actors(agent: Token, index: MentionIndex) -> list[Actor]:
    """Return the actors of a passive agent; a group ("by the two sides") stands for the
    parties named together before."""
    actors = actors_of(agent, index)
    if not actors and is_group(agent):
        return group_parties(agent, index)
    return actors


def _what_is_said(
    trigger: Token,
    found: Match,
    code: str,
    sources: list[Actor],
    targets: list[Actor],
    index: MentionIndex,
) -> tuple[str, list[Actor]] | None:
    """Return the code and targets of the act as its words make it, or None for no event:
    "called X a liar" criticises X and "called X a friend" is no call; "X said Y harboured
    terrorists" accuses Y and "X stressed Y must withdraw" demands of Y."""
    named = naming_code(trigger)
    if named is not None:
        return (named, targets) if named else None
    if found.rule.lemma in REPORTING_LEMMAS and code.startswith("01"):
        return reported_act(trigger, sources, index) or (code, targets)
    return code, targets


def agreed_act(trigger: Token) -> Token | None:
    """Return the act an agreement verb agrees to ("agreed to resume talks", "agreed to a
    truce", "agreed on a ceasefire"), or None when the verb is no such agreement."""
    if trigger.lemma_.lower() not in AGREEMENT_LEMMAS:
        return None
    act = next((c for c in trigger.children if c.dep_ == "xcomp"), None)
    if act is None:
        act = next((o for p, o in prep_objects(trigger) if p in {"to", "on", "upon"}), None)
    return act


def _complement(trigger: Token, found: Match) -> Token | None:
    """Return the act the verb introduces ("pledged to expand ..."), or None."""
    complement = next((c for c in trigger.children if c.dep_ == "xcomp"), None)
    if complement is None:
        # "expressed his wish to hold a summit": the act hangs on the matched object noun.
        nouns = [trigger.doc[i] for i in found.consumed]
        complement = next((c for n in nouns for c in n.children if c.dep_ == "acl"), None)
    return complement


def _coding(
    trigger: Token, rule_code: str, mood: Mood, complement: Token | None
) -> tuple[str, Modality, Token | None] | None:
    """Return the code, modality and dating token of the act after the intent, refusal and
    threat readings of its mood, or None when the mood leaves no event."""
    # The promised act refines an intent code: "pledged to expand trade", "pledged trade ties";
    # "demanded that X release ...": a clausal object is the demanded act.
    promised = complement or next(
        (c for c in trigger.children if c.dep_ in {"ccomp", "dobj"}), None
    )
    code = recode(rule_code, mood, promised)
    if code is None:
        return None
    modality: Modality = mood.modality
    # An intent, a refusal or a threat is dated by the verb that expresses it, not by the
    # proposed act: "said on Monday he wanted to meet X next year" happened on Monday.
    dated_by = mood.expressed_by()
    if code[:2] in {"18", "19", "20"} and mood.reported and modality in {"planned", "hypothetical"}:
        # "said it would retaliate against X": the threat is what happened.
        code, modality = "138", "asserted"
        dated_by = mood.reporter
    return code, modality, dated_by


def _sides(
    trigger: Token,
    subject: Subject,
    targets: list[Actor],
    index: MentionIndex,
    code: str,
    *,
    mutual: bool,
) -> tuple[list[Actor], list[Actor]]:
    """Return (sources, targets): who acts on whom, once pairs and passives are read.

    mutual (bool): the act binds its coordinated subjects to each other ("X and Y agreed").
    """
    sources = subject.actors
    if subject.pair and targets:
        # "They issued an ultimatum to X": the group stands for others than the one it acts on.
        sources = [a for a in sources if a not in targets] or sources
    if (subject.pair or mutual) and not targets:
        # "both sides pledged to ...", "X and Y agreed to ...": each party acts towards the other.
        sources, targets = sources[:1], sources[1:]
    if subject.passive:
        # "X was welcomed by Y": the agent acts, the passive subject is acted upon; "X were
        # expelled from Y": a removal is done by the place it is from.
        removal = code[:2] in REMOVAL_ROOTS
        agents = [o for p, o in prep_objects(trigger) if p == "by" or (removal and p == "from")]
        sources = [a for head in agents for a in _agent_actors(head, index)]
        if not sources and code in ENVOY_CODES:
            sources = _posting_states(trigger, index)
        patients = [a for a in subject.actors if a not in sources]
        targets = [*patients, *[a for a in targets if a not in sources and a not in patients]]
    return sources, targets


def _posting_states(trigger: Token, index: MentionIndex) -> list[Actor]:
    """Return who summoned or expelled an envoy when no agent is said: the state the envoy is
    posted to ("China's ambassador in Manila was summoned") or where it happened ("the envoy
    was summoned in Baghdad")."""
    heads = [c for c in trigger.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    postings = [
        obj
        for head in heads
        if head.lemma_.lower() in ENVOY_NOUNS
        for prep, obj in prep_objects(head)
        if prep in ENVOY_PREPS
    ]
    postings += [obj for prep, obj in prep_objects(trigger) if prep == "in"]
    states = [a for obj in postings for a in actors_of(obj, index) if a.kind == "state"]
    return list(dict.fromkeys(states))
