"""Events: triggers in the dependency parse -> CAMEO codes, participants, modality, place, date.

A trigger is a verb whose lemma, particle or preposition and object head match a row of
`kb/verbs.tsv` (PETRARCH2 patterns merged with a curated diplomatic core), or a noun of
`kb/nouns.tsv` ("talks", "summit", "visit") that has actors attached to it. Roles come from
syntax, never from word order: the subject (or passive agent) is the source, direct and
prepositional objects are targets, coordinated and appositive lists make n-ary events, and a
clause without its own subject borrows the one of the clause that governs it.

Precision rules: an interaction needs two parties not all of one country; a bare PETRARCH verb
(no object noun in its pattern) counts only between actors it governs directly; a lone
reporting verb ("X said") is no event; conflict nouns ("invasion") need an act governing them.
Repeated mentions of one happening merge into one event with every evidence sentence; a plural
trigger with coordinated places or dash-joined pairs ("summits in Singapore and Hanoi", "the
Korea-Japan and Korea-U.S. summits") is one event per place or pair.

Two coding decisions the annotation guideline leaves open:
- "open to meeting X", "wants to meet X", "would like to visit X": the expression of intent is
  the happening, so a meeting/visit trigger under a desire word is recoded to its CAMEO intent
  code (04x -> 036, 06x -> 031 ...), stays asserted and is dated by the verb that expresses
  it ("said on Monday he wants to meet X next year" happened on Monday). "expected to / plans
  to / will visit" keeps the visit code and is `planned`.
- "declined / refused to meet X": the refusal is the act, coded 125 (reject a proposal to meet)
  or 120 for other refused acts, asserted; "did not meet" / "never visited" keep their code and
  are `negated`.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from pipeline.cameo import cameo_table
from pipeline.model import (
    Actor,
    ActorMention,
    Article,
    Event,
    Evidence,
    Location,
    Modality,
    Participant,
    Role,
    TimeValue,
    TimexMention,
)
from pipeline.timex import event_date

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

KB_DIR = Path(__file__).resolve().parent / "kb"
VERBS_PATH = KB_DIR / "verbs.tsv"
NOUNS_PATH = KB_DIR / "nouns.tsv"

ACTOR_NOUN = "@actor"  # a lexicon noun that matches any political actor as the object
PERSON_NOUN = "@person"  # ... and one that matches a named person ("joined X", not "joined NATO")
NO_EVENT = "---"  # a lexicon code meaning "this phrase is known and is no event"

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "acomp", "attr"})
# Prepositions whose object is a participant of the event ("met with X", "sanctions on X").
TARGET_PREPS = frozenset(
    {"with", "to", "against", "toward", "towards", "between", "among", "alongside", "beside",
     "on", "upon", "into", "from", "for"}
)  # fmt: skip
# Prepositions whose place object is where the event happened; such a place is no participant.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Inside an actor's noun phrase, these prepositions still name the actor ("President of X").
PHRASE_PREPS = frozenset({"of", "from"})
# Dependencies through which a clause inherits its subject and its modality from its head.
CHAIN_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "prep", "acomp", "conj", "advcl", "oprd"})

REPORTING_LEMMAS = frozenset(
    {"say", "tell", "state", "add", "note", "announce", "declare", "comment", "remark",
     "reiterate", "stress", "emphasize", "assert", "warn", "write", "report", "claim", "accord"}
)  # fmt: skip
# Governors that turn the act below them into an expression of intent ("open to meeting X").
DESIRE_LEMMAS = frozenset(
    {"want", "wish", "like", "love", "hope", "seek", "open", "willing", "ready", "eager", "keen",
     "desire", "prepared", "look"}
)  # fmt: skip
PLAN_LEMMAS = frozenset(
    {"plan", "expect", "schedule", "set", "due", "intend", "aim", "slate", "poise", "arrange",
     "prepare", "go"}
)  # fmt: skip
HYPOTHETICAL_LEMMAS = frozenset(
    {"propose", "offer", "suggest", "consider", "possible", "potential", "likely", "unlikely"}
)  # fmt: skip
REFUSAL_LEMMAS = frozenset({"decline", "refuse"})
DENIAL_LEMMAS = frozenset({"deny", "fail"})
# Verbs that, said of talks, report them broken off ("talks collapsed").
HALT_LEMMAS = frozenset({"collapse", "fail", "stall", "falter", "founder", "break"})
MOOD_LEMMAS = DESIRE_LEMMAS | PLAN_LEMMAS | HYPOTHETICAL_LEMMAS | REFUSAL_LEMMAS | DENIAL_LEMMAS
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "'d", "should", "can", "ca"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
FACTUAL_MARKS = frozenset({"when", "after", "before", "since", "because", "as", "while", "once"})
SPECULATION_NOUNS = frozenset(
    {"rumor", "rumour", "speculation", "possibility", "prospect", "chance", "risk", "fear",
     "hope", "likelihood", "scenario", "idea", "proposal", "suggestion"}
)  # fmt: skip
PLANNED_MODIFIERS = frozenset({"upcoming", "planned", "scheduled", "forthcoming", "next", "coming"})
HYPOTHETICAL_MODIFIERS = frozenset(
    {"possible", "potential", "proposed", "prospective", "hypothetical"}
)
# Nominal triggers as the object of these verbs are announced or attended by the verb's subject.
PLANNING_GOVERNORS = frozenset({"announce", "schedule", "plan", "propose", "arrange", "confirm"})
LIGHT_GOVERNORS = PLANNING_GOVERNORS | frozenset(
    {"hold", "have", "attend", "host", "join", "conduct", "make", "pay", "begin", "start",
     "resume", "complete", "conclude", "wrap", "end", "include", "cut", "extend", "return",
     "arrive", "travel", "leave", "fly", "head", "launch", "carry", "stage", "mount"}
)  # fmt: skip

# Intent codes for an act under a desire word: meeting -> 036, material cooperation -> 031 ...
INTENT_CODE = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "034"}
# CAMEO roots whose events may have a single actor (force posture, violence); every other
# event is an interaction and needs two parties, so a lone "X said" is no diplomatic event.
UNARY_ROOTS = frozenset({"15", "18", "19", "20"})
# Intent refinements from the words of the promised act ("promised to expand trade ties").
COOPERATION_WORDS = frozenset(
    {"cooperation", "ties", "trade", "exchange", "exchanges", "partnership", "investment"}
)
INTENT_REFINEMENTS = (
    ("0311", frozenset({"economic", "economy", "trade", "investment", "business"})),
    ("0312", frozenset({"military", "defense", "defence", "security"})),
)
MEETING_WORDS = frozenset(
    {"meet", "meeting", "talk", "talks", "summit", "visit", "dialogue", "negotiate",
     "negotiation", "negotiations"}
)  # fmt: skip

PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
PAIR_NOUNS = frozenset(
    {"side", "leader", "country", "nation", "government", "delegation", "president", "minister"}
)
PRONOUN_REACH = 2  # sentences before the pronoun's own in which its antecedent may stand

MEET_CODES = ("036", "040", "041", "044", "045", "046")
# Codes whose parties act together, so "X and Y met" needs no object; every other
# interaction needs a source and a target.
SYMMETRIC_CODES = (*MEET_CODES, "05", "06", "164", "19")
# Participial modifiers whose agent is the actor the noun stands for ("a delegation led by X",
# "a statement issued by X").
REPRESENTING_LEMMAS = frozenset(
    {"lead", "head", "accompany", "send", "dispatch", "publish", "issue", "release", "sign"}
)


class PlaceResolver(Protocol):
    """What events needs from the actor resolver: the country a place name belongs to."""

    def country_of_place(self, name: str) -> str | None: ...


@dataclass(frozen=True)
class TriggerRule:
    """One lexicon row: a verb lemma with optional particle/preposition and object noun."""

    lemma: str
    prep: str
    noun: str
    code: str
    curated: bool

    @property
    def weak(self) -> bool:
        """A PETRARCH verb without an object noun: only trusted between a source and a target."""
        return not (self.noun or self.curated)


@dataclass(frozen=True)
class Lexicon:
    """Verb rules by lemma and nominal trigger codes by noun lemma."""

    verbs: dict[str, tuple[TriggerRule, ...]]
    nouns: dict[str, str]


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the trigger lexicon read from kb/verbs.tsv and kb/nouns.tsv, once per process."""
    valid = cameo_table()
    verbs: dict[str, list[TriggerRule]] = {}
    with VERBS_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            code = row["code"]
            if code != NO_EVENT:
                code = _valid_code(code, valid)
                if code is None:
                    continue
            rule = TriggerRule(
                row["lemma"], row["prep"], row["noun"], code, row["note"] == "curated"
            )
            verbs.setdefault(rule.lemma, []).append(rule)
    with NOUNS_PATH.open(encoding="utf-8", newline="") as handle:
        nouns = {row["lemma"]: row["code"] for row in csv.DictReader(handle, delimiter="\t")}
    logger.debug("loaded %d verb lemmas and %d nominal triggers", len(verbs), len(nouns))
    return Lexicon({k: tuple(v) for k, v in verbs.items()}, nouns)


def _valid_code(code: str, valid: dict[str, object]) -> str | None:
    """Return the code, or its nearest parent in the CAMEO table (PETRARCH has a few extras)."""
    while code and code not in valid:
        code = code[:-1] if len(code) > 3 else ""
    return code or None


# ---------------------------------------------------------------------------------------------
# Mentions and noun phrases
# ---------------------------------------------------------------------------------------------


class _MentionIndex:
    """Token -> actor lookup: a token belongs to a mention when it lies inside its char span.

    It also numbers the quotations and lines of the text, so that a clause inside a quote (or
    a line) never borrows a subject from outside it; resolves "he"/"his" to the last person
    named shortly before when the actor mentions leave the pronoun open; and remembers the
    parties of the last event for "both sides".
    """

    def __init__(self, doc: Doc, mentions: Iterable[ActorMention]) -> None:
        self.by_token: dict[int, ActorMention] = {}
        self.states: dict[str, Actor] = {}
        self.people: list[tuple[int, Actor]] = []
        # The parties of the events built so far and where: "both sides", "the two leaders"
        # stand for the last (or the last with a party named beside them) in what follows.
        self.history: list[tuple[int, list[Actor]]] = []
        self.sentence_starts = [s.start for s in doc.sents]
        self.quote_of = _quotations(doc)
        self.line_of = _lines(doc)
        for mention in mentions:
            span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.by_token.setdefault(token.i, mention)
            actor = mention.actor
            if actor.kind == "state" and actor.country:
                self.states.setdefault(actor.country, actor)
            if actor.kind == "person":
                self.people.append((span.start, actor))
        self.people.sort(key=lambda p: p[0])

    def actor(self, token: Token) -> Actor | None:
        mention = self.by_token.get(token.i)
        return mention.actor if mention else None

    def antecedent(self, pronoun: Token) -> Actor | None:
        """Return the last person named before a personal pronoun, within two sentences."""
        if pronoun.lower_ not in PERSONAL_PRONOUNS or pronoun.pos_ != "PRON":
            return None
        sentence = self._sentence_of(pronoun.i)
        limit = self.sentence_starts[max(sentence - PRONOUN_REACH, 0)]
        before = [a for i, a in self.people if limit <= i < pronoun.i]
        return before[-1] if before else None

    def _sentence_of(self, token_index: int) -> int:
        return bisect.bisect_right(self.sentence_starts, token_index) - 1

    def remember(self, trigger: Token, parties: list[Actor]) -> None:
        """Record the parties of an event just built, for "both sides" later on."""
        self.history.append((trigger.i, parties))

    def recent_parties(self, token: Token) -> list[Actor]:
        """Return the parties of the last event at most two sentences back; of those, the last
        one with a party named in the token's own sentence ("X met Y and thanked Z. Y
        reaffirmed ..., with both sides pledging ..." means X and Y)."""
        sentence = self._sentence_of(token.i)
        recent = [
            parties
            for at, parties in self.history
            if sentence - self._sentence_of(at) <= PRONOUN_REACH
        ]
        start = self.sentence_starts[sentence]
        following = self.sentence_starts[sentence + 1 :]
        end = following[0] if following else len(self.line_of)
        named = {
            mention.actor.name
            for i, mention in self.by_token.items()
            if start <= i < end and i != token.i
        }
        for parties in reversed(recent):
            if named & {a.name for a in parties}:
                return list(parties)
        return list(recent[-1]) if recent else []


def _lines(doc: Doc) -> list[int]:
    """Return, per token, the number of its line; a dependency across a line break (a headline
    parsed into the first sentence) is a parser error, never a role."""
    numbers: list[int] = []
    current = 0
    for token in doc:
        numbers.append(current)
        if "\n" in token.text or "\n" in token.whitespace_:
            current += 1
    return numbers


def _quotations(doc: Doc) -> list[int]:
    """Return, per token, the number of the quotation it is in (0 outside quotes)."""
    numbers: list[int] = []
    current = count = 0
    for token in doc:
        text = token.text
        if current and text in {"”", '"'}:
            numbers.append(current)
            current = 0
            continue
        if not current and text in {"“", '"'}:
            count += 1
            current = count
        numbers.append(current)
    return numbers


def _phrase_tokens(head: Token) -> Iterator[Token]:
    """Yield the tokens of the noun phrase headed by `head` that can name its actors.

    Coordinated and appositive members are part of it (n-ary lists); relative and adverbial
    clauses are not, and a participial modifier only through its passive agent ("a delegation
    led by X").
    """
    stack = [head]
    while stack:
        token = stack.pop()
        yield token
        for child in token.children:
            dep = child.dep_
            if dep in {"relcl", "advcl", "ccomp", "xcomp", "punct", "cc", "det", "neg"}:
                continue
            if dep == "prep" and child.lower_ not in PHRASE_PREPS:
                continue
            if dep == "acl":
                if child.lemma_ in REPRESENTING_LEMMAS:
                    stack.extend(a for a in child.children if a.dep_ == "agent")
                continue
            stack.append(child)


def _actors_of(head: Token, index: _MentionIndex, line: int | None = None) -> list[Actor]:
    """Return the actors named in the noun phrase headed by `head`, in text order.

    Only tokens on one line count: the head's, or `line` (the trigger's) when given.
    """
    seen: dict[str, tuple[int, Actor]] = {}
    line = index.line_of[head.i] if line is None else line
    for token in _phrase_tokens(head):
        if index.line_of[token.i] != line:
            continue
        actor = index.actor(token)
        if actor is None and token is head:
            # Only a pronoun that is the whole phrase: "his father, X" names X, not "his".
            actor = index.antecedent(token)
        if actor is not None and actor.name not in seen:
            seen[actor.name] = (token.i, actor)
    return [actor for _, actor in sorted(seen.values(), key=lambda p: p[0])]


# Doc.user_data key of the known places NER left untagged: token index -> (start, end).
KNOWN_PLACES = "dipevents.known_places"


def _mark_known_places(
    doc: Doc, mentions: Iterable[ActorMention], resolver: PlaceResolver | None
) -> None:
    """Record the actor mentions that are also places the resolver knows (a capital, a seat of
    power: "the Oval Office", "the Kremlin"), so a venue NER misses still locates an event."""
    known: dict[int, tuple[int, int]] = {}
    if resolver is not None:
        for mention in mentions:
            if mention.actor.kind != "state" or resolver.country_of_place(mention.text) is None:
                continue
            span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
            if span is not None and not any(t.ent_type_ in PLACE_LABELS for t in span):
                for token in span:
                    known[token.i] = (span.start, span.end)
    doc.user_data[KNOWN_PLACES] = known


def _place_span(token: Token) -> Span | None:
    """Return the GPE/LOC/FAC entity, or the known place, that `token` belongs to, or None."""
    if token.ent_type_ not in PLACE_LABELS:
        bounds = token.doc.user_data.get(KNOWN_PLACES, {}).get(token.i)
        return token.doc[bounds[0] : bounds[1]] if bounds else None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _place_name(span: Span) -> str:
    """Return a place entity's text without a leading article ("the Great Hall" -> "Great Hall")."""
    tokens = list(span)
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    return "".join(t.text_with_ws for t in tokens).strip() if tokens else span.text


# ---------------------------------------------------------------------------------------------
# Syntax helpers
# ---------------------------------------------------------------------------------------------


def _governors(token: Token) -> Iterator[Token]:
    """Yield the tokens that govern `token` through complement, coordination and clause links.

    A temporal or causal clause ("when X invaded Y") states its own fact: the chain stops there.
    """
    current = token
    for _ in range(8):
        if current.dep_ not in CHAIN_DEPS or current.head.i == current.i:
            return
        if current.dep_ == "advcl" and any(
            c.dep_ in {"mark", "advmod"} and c.lower_ in FACTUAL_MARKS for c in current.children
        ):
            return
        current = current.head
        yield current


def _prep_objects(token: Token) -> Iterator[tuple[str, Token]]:
    """Yield (preposition, object head) for the prepositional and agent children of `token`."""
    for child in token.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.pos_ == "ADP":
            for obj in child.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    yield child.lower_, obj


def _is_relative_pronoun(token: Token) -> bool:
    return token.tag_ in {"WP", "WDT"} or token.lower_ in {"who", "which", "that"}


@dataclass
class _Subject:
    actors: list[Actor]
    passive: bool = False
    named: bool = False  # the subject's head itself names an actor, not only a possessor
    pair: bool = False  # "both sides", "the two leaders": the parties act on each other


def _subject(trigger: Token, index: _MentionIndex) -> _Subject:
    """Return the actors of the trigger's subject, borrowing a governing clause's subject.

    A participial or infinitival clause ("After joining X, Y staged ...", "Y is expected to
    visit"), a coordinated verb and a relative clause ("Y, who is to visit") share the subject
    of the clause they hang on; a pronoun that names no actor passes to the reporting clause
    above it ("Y said he is open to ...").
    """
    token = trigger
    for _ in range(8):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        if subjects:
            subject = subjects[0]
            # "X arrived and was welcomed by Y": a passive verb borrowing X makes X its patient.
            passive = (subject.dep_ in PASSIVE_SUBJECT_DEPS and token is trigger) or any(
                c.dep_ == "auxpass" for c in trigger.children
            )
            if _is_relative_pronoun(subject) and token.dep_ == "relcl":
                return _Subject(_actors_of(token.head, index), passive)
            actors = _actors_of(subject, index, line=index.line_of[trigger.i])
            if not actors and _is_pair(subject):
                parties = index.recent_parties(subject)
                if len(parties) > 1:
                    return _Subject(parties, passive, named=True, pair=True)
            if actors or subject.pos_ != "PRON":
                return _Subject(actors, passive, _names_actor(subject, index))
        if token is trigger and token.dep_ == "acl" and token.tag_ == "VBN":
            # "a diplomat kidnapped by X": the modified noun undergoes the act.
            return _Subject(_actors_of(token.head, index), passive=True)
        if token.dep_ in {"relcl", "acl"}:
            return _Subject(_actors_of(token.head, index))
        if token.dep_ == "xcomp":
            # Object control: "urged X to withdraw" -> X withdraws.
            controller = next((c for c in token.head.children if c.dep_ == "dobj"), None)
            if controller is not None and _actors_of(controller, index):
                return _Subject(_actors_of(controller, index))
        if (
            token.head.i == token.i
            or index.quote_of[token.head.i] != index.quote_of[trigger.i]
            or index.line_of[token.head.i] != index.line_of[trigger.i]
        ):
            break
        if token.lower_ == "of" and token.head.pos_ in {"NOUN", "PROPN"}:
            break  # "the plan of bombing X": a clause inside a noun phrase has no subject
        token = token.head
    return _Subject([])


def _is_pair(subject: Token) -> bool:
    """Return True for "both sides", "the two leaders", "both countries" and the like."""
    words = {c.lower_ for c in subject.children if c.dep_ in {"det", "nummod", "predet"}}
    return subject.lemma_.lower() in PAIR_NOUNS and bool(words & {"both", "two"})


def _names_actor(head: Token, index: _MentionIndex) -> bool:
    """Return True when the phrase head itself is (part of) an actor mention or such pronoun."""
    return index.actor(head) is not None or index.antecedent(head) is not None


def _object_heads(trigger: Token) -> Iterator[tuple[str, Token]]:
    """Yield (how, head) of the trigger's objects: ("obj", X) and (preposition, X)."""
    for child in trigger.children:
        if child.dep_ in OBJECT_DEPS and child.pos_ != "ADP":
            yield "obj", child
            for prep, obj in _prep_objects(child):
                if prep in TARGET_PREPS:
                    yield prep, obj
    yield from _prep_objects(trigger)


# ---------------------------------------------------------------------------------------------
# Trigger matching
# ---------------------------------------------------------------------------------------------


@dataclass
class _Match:
    rule: TriggerRule
    consumed: set[int] = field(default_factory=set)  # token ids of the matched object noun


def _noun_matches(rule_noun: str, token: Token, index: _MentionIndex) -> bool:
    if rule_noun == ACTOR_NOUN:
        return bool(_actors_of(token, index))
    if rule_noun == PERSON_NOUN:
        return any(a.kind == "person" for a in _actors_of(token, index))
    return rule_noun in {token.lower_, token.lemma_.lower()}


def match_verb(token: Token, index: _MentionIndex, lexicon: Lexicon) -> _Match | None:
    """Return the most specific lexicon rule the verb `token` satisfies, or None.

    Rules are ranked by (matched object noun, curated, matched particle/preposition), so a
    PETRARCH phrase ("reach agreement") beats a curated bare verb, and a curated phrase beats a
    PETRARCH one of the same shape.
    """
    rules = lexicon.verbs.get(token.lemma_.lower())
    if not rules:
        return None
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    preps = list(_prep_objects(token))
    # A passive subject is the verb's object: "X was welcomed by Y"; a passive verb that
    # borrows its subject ("X arrived and was welcomed by Y") has it in the clause it joins.
    objects = [
        c
        for c in token.children
        if (c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS) and c.pos_ != "ADP"
    ]
    if not objects and any(c.dep_ == "auxpass" for c in token.children):
        objects = [c for c in token.head.children if c.dep_ in SUBJECT_DEPS]
    best: tuple[tuple[bool, bool, bool], _Match] | None = None
    for rule in rules:
        consumed: set[int] = set()
        if rule.prep and rule.noun:
            hits = [o for p, o in preps if p == rule.prep and _noun_matches(rule.noun, o, index)]
            if rule.prep in particles:
                hits += [o for o in objects if _noun_matches(rule.noun, o, index)]
            if not hits:
                continue
            consumed = {hits[0].i}
        elif rule.prep:
            if rule.prep not in particles and rule.prep not in {p for p, _ in preps}:
                continue
        elif rule.noun:
            hits = [o for o in objects if _noun_matches(rule.noun, o, index)]
            if not hits:
                continue
            consumed = {hits[0].i}
        rank = (bool(rule.noun), rule.curated, bool(rule.prep))
        if best is None or rank > best[0]:
            best = (rank, _Match(rule, consumed))
    if best is None or best[1].rule.code == NO_EVENT:
        return None
    return best[1]


# ---------------------------------------------------------------------------------------------
# Modality
# ---------------------------------------------------------------------------------------------


@dataclass
class _Mood:
    modality: Modality = "asserted"
    intent: bool = False  # under a desire word: recode to an intent code
    refused: bool = False  # under decline/refuse: recode to a rejection
    reported: bool = False  # under a reporting verb: "said it would ..."
    # The verb that expresses the wish or refusal ("wants", "declined") and the reporting verb
    # above the trigger ("said"): an intent, refusal or threat happens when it is expressed.
    stance: Token | None = None
    reporter: Token | None = None

    def expressed_by(self) -> Token | None:
        """Return the token that dates an expressed intent, refusal or threat: the reporting
        verb when there is one ("said he wanted to meet X this year" is dated by "said"), else
        the desire or refusal word; None for an act that is itself the happening."""
        if self.stance is None:
            return None
        return self.reporter or self.stance


def _clause_markers(token: Token) -> tuple[set[str], set[str], bool]:
    """Return (auxiliaries, subordinating marks, negated) of the clause headed by `token`."""
    aux = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
    negated = any(c.dep_ == "neg" for c in token.children)
    return aux, marks, negated


def _mood(trigger: Token) -> _Mood:
    """Read the modality of the trigger from its own markers and those of its governors.

    Negation wins over a condition, a condition over a plan. Under a desire word the chain
    restarts at that word: "said he would like to meet X" is an asserted wish.
    """
    mood = _Mood()
    negated = hypothetical = planned = False
    chain = [trigger, *_governors(trigger)]
    under_reporting = any(t.lemma_ in REPORTING_LEMMAS for t in chain[1:])
    mood.reported = under_reporting
    for position, token in enumerate(chain):
        lemma = token.lemma_.lower()
        if position > 0 and lemma in DESIRE_LEMMAS and not mood.intent:
            mood.intent = True
            mood.stance = token
            aux, _, neg = _clause_markers(token)
            negated, hypothetical, planned = neg, False, bool(aux & FUTURE_AUX)
            continue
        if position > 0 and lemma in REFUSAL_LEMMAS:
            mood.refused = True
            mood.stance = token
            continue
        aux, marks, neg = _clause_markers(token)
        negated |= neg or (position > 0 and lemma in DENIAL_LEMMAS)
        hypothetical |= bool(marks & CONDITIONAL_MARKS)
        if aux & HYPOTHETICAL_AUX:
            # "would" in reported speech is a future in the past: "said he would visit".
            if under_reporting and aux & {"would", "'d"}:
                planned = True
            else:
                hypothetical = True
        if position > 0 and lemma in HYPOTHETICAL_LEMMAS:
            hypothetical = True
        planned |= bool(aux & FUTURE_AUX) or (position > 0 and lemma in PLAN_LEMMAS)
        if lemma in REPORTING_LEMMAS and position > 0:
            mood.reporter = token
            break
    top = chain[-1]
    # "rumours that X will ...", "the possibility that X meets ...": content, not fact.
    hypothetical |= top.dep_ in {"acl", "ccomp", "appos"} and top.head.lemma_ in SPECULATION_NOUNS
    if negated:
        mood.modality = "negated"
    elif hypothetical:
        mood.modality = "hypothetical"
    elif planned:
        mood.modality = "planned"
    return mood


def _recode(code: str, mood: _Mood, complement: Token | None) -> str | None:
    """Return the code after intent and refusal readings ("open to meeting" -> 036).

    A wish to act is an intent (cooperation) or a threat (force); a wish to criticize, sanction
    or coerce is no event at all (None).
    """
    root = code[:2]
    if mood.refused:
        return "125" if code in MEET_CODES or root == "04" else "120"
    if mood.intent:
        if root in INTENT_CODE:
            return INTENT_CODE[root]
        if root in {"18", "19", "20"}:
            return "138"
        return code if root in {"01", "02", "03"} else None
    if root == "03" and complement is not None:
        return _refine_intent(code, complement)
    return code


def _refine_intent(code: str, complement: Token) -> str:
    """Refine an intent code from the promised act: meeting 036, trade or defence ties 031x."""
    words = {t.lemma_.lower() for t in complement.subtree} | {t.lower_ for t in complement.subtree}
    if words & MEETING_WORDS:
        return "036"
    if words & COOPERATION_WORDS:
        for refined, cue in INTENT_REFINEMENTS:
            if words & cue:
                return refined
        return "031"
    return code


# ---------------------------------------------------------------------------------------------
# Event assembly
# ---------------------------------------------------------------------------------------------


def _roles(code: str) -> tuple[Role, Role]:
    """Return the (subject, object) roles an event code gives its participants."""
    if code == "042":
        return "visitor", "host"
    if code == "043":
        return "host", "visitor"
    if code.startswith(MEET_CODES) or code == "164":
        return "participant", "participant"
    return "source", "target"


def _participants(sources: list[Actor], targets: list[Actor], code: str) -> list[Participant]:
    """Return one participant per actor: no duplicates, a person instead of their own state."""
    source_role, target_role = _roles(code)
    people_countries = {a.country for a in [*sources, *targets] if a.kind == "person"}
    out: list[Participant] = []
    names: set[str] = set()
    for actors, role in ((sources, source_role), (targets, target_role)):
        for actor in actors:
            if actor.name in names:
                continue
            if actor.kind == "state" and actor.country in people_countries:
                continue
            names.add(actor.name)
            out.append(Participant(actor, role))
    return out


def _visited_country(code: str, participants: list[Participant]) -> Location | None:
    """Return the host state of a visit whose text names no place: "X visited China", "X's
    attendance at China's parade" happened in China, and no finer place is known."""
    hosts = [p.actor for p in participants if p.role == "host"]
    if code != "042" or len(hosts) != 1 or hosts[0].kind != "state":
        return None
    return Location(name=hosts[0].name, country=hosts[0].country)


def _is_diplomatic(code: str, participants: list[Participant]) -> bool:
    """An interaction needs two parties, not all of one country (domestic acts are out).

    Directed codes (criticize, urge, threaten) need a source and a target; symmetric ones
    (meet, cooperate) are satisfied by coordinated subjects.
    """
    if code[:2] in UNARY_ROOTS:
        # A lone party must be the one acting: "towns were bombed" names only the victims.
        return any(p.role == "source" for p in participants)
    if len(participants) < 2:
        return False
    roles = {p.role for p in participants}
    if code in {"042", "043"}:
        return {"visitor", "host"} <= roles
    if not code.startswith(SYMMETRIC_CODES) and not {"source", "target"} <= roles:
        return False
    countries = {p.actor.country for p in participants}
    return len(countries) > 1 or None in countries


def _location(
    trigger: Token,
    visited: Token | None,
    resolver: PlaceResolver | None,
    index: _MentionIndex,
) -> Location | None:
    """Return where the event happened: the visited place, else a locative place phrase."""
    place: Span | None = _place_span(visited) if visited is not None else None
    if place is None:
        # "hosted X in Delhi": the parser may hang the place on the object.
        objects = [
            c
            for c in trigger.children
            if c.dep_ in {"dobj", "nsubjpass"} and index.actor(c) is not None
        ]
        for token in [trigger, *objects, *_governors(trigger)]:
            place = _locative_place(token)
            if place is not None:
                break
    if place is None:
        return None
    name = _place_name(place)
    country = resolver.country_of_place(name) if resolver is not None else None
    return Location(name=name, country=country)


def _locative_place(token: Token, depth: int = 0) -> Span | None:
    """Return the first place in a locative phrase of `token` ("at a parade in Beijing")."""
    for prep, obj in _prep_objects(token):
        place = _place_span(obj) if prep in LOCATIVE_PREPS else None
        if place is not None:
            return place
        # "met with X in Singapore": the parser often hangs the place on the object.
        if depth < 2:
            nested = _locative_place(obj, depth + 1)
            if nested is not None:
                return nested
    return None


def _is_locative(prep: str, obj: Token) -> bool:
    return prep in LOCATIVE_PREPS and _place_span(obj) is not None


@dataclass
class _Candidate:
    event: Event
    statement: bool = False  # a bare reporting verb: kept only when nothing better is there
    places: list[Location] = field(default_factory=list)  # one more event at each of these
    # Participants of further events of a plural trigger ("the X-Y and X-Z summits").
    parties: list[list[Participant]] = field(default_factory=list)

    def events(self) -> list[Event]:
        """Return the event, and a copy of it at each further coordinated place or with each
        further coordinated set of parties."""
        copies = [{"location": place} for place in self.places]
        copies += [{"participants": parties} for parties in self.parties]
        out = [self.event]
        for change in copies:
            fields = {
                "participants": list(self.event.participants),
                "evidence": list(self.event.evidence),
                **change,
            }
            out.append(dataclasses.replace(self.event, **fields))
        return out


def _dated_modality(modality: Modality, when: TimeValue, article: Article) -> Modality:
    """An act dated after the publication date cannot have happened yet: it is planned."""
    if (
        modality == "asserted"
        and when.start is not None
        and article.published is not None
        and when.method != "publication"
        and when.start > article.published
    ):
        return "planned"
    return modality


def _evidence(trigger: Token, index: _MentionIndex) -> Evidence:
    """Return the trigger's sentence, cut to the trigger's line when the parser ran on over a
    line break (a headline or caption glued to the sentence)."""
    line = index.line_of[trigger.i]
    tokens = [t for t in trigger.sent if index.line_of[t.i] == line and not t.is_space]
    span = trigger.doc[tokens[0].i : tokens[-1].i + 1]
    return Evidence(span.text, span.start_char, span.end_char, trigger=trigger.text)


def _verb_event(
    trigger: Token,
    found: _Match,
    index: _MentionIndex,
    timexes: list[TimexMention],
    article: Article,
    resolver: PlaceResolver | None,
) -> _Candidate | None:
    """Build the event of a matched verb trigger, or None when its actors do not make one."""
    mood = _mood(trigger)
    complement = next((c for c in trigger.children if c.dep_ == "xcomp"), None)
    if complement is None:
        # "expressed his wish to hold a summit": the act hangs on the matched object noun.
        nouns = [trigger.doc[i] for i in found.consumed]
        complement = next((c for n in nouns for c in n.children if c.dep_ == "acl"), None)
    # The promised act refines an intent code: "pledged to expand trade", "pledged trade ties".
    promised = complement or next((c for c in trigger.children if c.dep_ == "dobj"), None)
    code = _recode(found.rule.code, mood, promised)
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
    subject = _subject(trigger, index)
    targets: list[Actor] = []
    visited: Token | None = None
    named_target = False
    heads = list(_object_heads(trigger))
    # "urged X to adopt ...", "pledged to expand ties with X": the addressee may stand in
    # the complement; a bare PETRARCH verb must name its target itself.
    if (
        complement is not None
        and code[:2] in {"02", "03", "10", "11", "12", "13"}
        and not found.rule.weak
    ):
        heads += list(_object_heads(complement))
    if code[:2] in {"02", "10", "11", "12", "13"}:
        # "demanded that X release ...": the addressee is the subject of the demanded act.
        for clause in (c for c in trigger.children if c.dep_ == "ccomp"):
            heads += [("obj", c) for c in clause.children if c.dep_ in SUBJECT_DEPS]
    for how, head in heads:
        # "visited X for the summit": the purpose of a trip is no party to it.
        if (how not in TARGET_PREPS and how != "obj") or (how == "for" and code[:2] == "04"):
            continue
        if code[:3] in {"042", "125"} and how in {"obj", "to"} and _place_span(head):
            visited = head
        named_target |= _names_actor(head, index)
        for actor in _actors_of(head, index):
            if actor not in targets:
                targets.append(actor)
    if not targets and trigger.dep_ == "conj" and not found.rule.weak:
        # "thanked X for its support and pledged deeper ties": same counterpart.
        for how, head in _object_heads(trigger.head):
            if how in TARGET_PREPS or how == "obj":
                targets.extend(a for a in _actors_of(head, index) if a not in targets)
    sources = subject.actors
    if subject.pair and not targets:
        # "both sides pledged to ...": each party acts towards the other.
        sources, targets = sources[:1], sources[1:]
    if subject.passive:
        # "X was welcomed by Y": the agent acts, the passive subject is acted upon.
        agents = [o for p, o in _prep_objects(trigger) if p == "by"]
        sources = [a for head in agents for a in _actors_of(head, index)]
        targets = [*subject.actors, *[a for a in targets if a not in sources]]
    location = _location(trigger, visited, resolver, index)
    participants, location = _visit_parties(code, sources, targets, location, index)
    if not participants:
        return None
    # A bare PETRARCH verb is trusted only between actors it governs directly: "the PRC's
    # attitude gives Kim a boost" is no grant by the PRC.
    if found.rule.weak and not (subject.named and named_target and sources):
        return None
    if not _is_diplomatic(code, participants):
        return None
    index.remember(trigger, [p.actor for p in participants])
    event = Event(
        code=code,
        participants=participants,
        date=(when := event_date(dated_by or trigger, timexes, article.published)),
        location=location,
        modality=_dated_modality(modality, when, article),
        evidence=[_evidence(trigger, index)],
    )
    statement = found.rule.lemma in REPORTING_LEMMAS and code.startswith("01")
    return _Candidate(event, statement=statement)


def _visit_parties(
    code: str,
    sources: list[Actor],
    targets: list[Actor],
    location: Location | None,
    index: _MentionIndex,
) -> tuple[list[Participant], Location | None]:
    """Return the participants and place of an event, completing visits from each other.

    A visit with no named host is hosted by the state of the place visited (added to
    `targets`, which callers read afterwards); a visit with no named place is located in the
    visited (host) country.
    """
    if code == "042" and not targets and location is not None and location.country:
        host = index.states.get(location.country)
        if host is not None:
            targets.append(host)
    participants = _participants(sources, targets, code)
    return participants, location or _visited_country(code, participants)


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


def _present_at(noun: Token, index: _MentionIndex) -> tuple[list[Actor], list[Actor]]:
    """Return (subject, object) actors of the clause a meeting is the scene of: "At the summit,
    X showed Y a video" puts X and Y at the summit."""
    scene = noun.head
    if noun.dep_ != "pobj" or scene.lower_ not in {"at", "during"}:
        return [], []
    clause = scene.head
    if clause.pos_ not in {"VERB", "AUX"}:
        return [], []
    objects = [c for c in clause.children if c.dep_ in {"dobj", "dative"}]
    return (
        _subject(clause, index).actors,
        [a for o in objects for a in _actors_of(o, index)],
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


def _noun_event(
    noun: Token,
    code: str,
    index: _MentionIndex,
    timexes: list[TimexMention],
    article: Article,
    resolver: PlaceResolver | None,
) -> _Candidate | None:
    """Build the event of a nominal trigger from the actors attached to it.

    "X's visit to Y", "a visit to Y by X", "the meeting between X and Y", "the X-Y summit";
    as the object of a verb ("announced X's attendance"), the verb's subject takes part too.
    """
    lexicon_code = code
    sources: list[Actor] = []
    targets: list[Actor] = []
    visited: Token | None = None
    with_only = True
    modifiers = [c for c in noun.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
    for child in modifiers:
        sources.extend(a for a in _actors_of(child, index) if a not in sources)
    for prep, obj in _prep_objects(noun):
        if _is_locative(prep, obj):
            continue
        actors = _actors_of(obj, index)
        if prep == "by":
            sources.extend(a for a in actors if a not in sources)
        elif prep in TARGET_PREPS or prep == "of":
            if code == "042" and prep == "to" and _place_span(obj):
                visited = obj
            with_only &= prep == "with"
            targets.extend(a for a in actors if a not in targets)
    # "the Singapore summit between X and Y", "X's Oval Office meeting with Y": a lone place
    # modifier beside other parties is where it happened; "the Korea-Japan summit" names both.
    places = [
        t
        for c in modifiers
        if c.dep_ in {"compound", "nmod"}
        for t in _phrase_tokens(c)
        if _place_span(t) is not None and (t is c or t.dep_ != "compound")
    ]
    owners = [a for c in modifiers if c.dep_ == "poss" for a in _actors_of(c, index)]
    if len(places) == 1 and places[0].dep_ == "compound":
        place_actors = _actors_of(places[0], index)
        # A city ("the Tokyo summit") is a place; a lone state name may be a party.
        city = not any(a.name == _place_name(_place_span(places[0])) for a in place_actors)
        scene = _present_at(noun, index) if code[:2] == "04" else ([], [])
        if owners or targets or city or scene[0]:
            sources = [a for a in sources if a not in place_actors]
            visited = visited or places[0]
    if code[:2] == "04" and not (sources or targets):
        sources, targets = _present_at(noun, index)
    if code[:2] == "04" and noun.dep_ in SUBJECT_DEPS and noun.head.lemma_ in HALT_LEMMAS:
        code = "164"  # "talks between X and Y collapsed": negotiations halted
    desire = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in {"to", "for"} else None
    if code[:2] in INTENT_CODE and desire is not None and desire.lemma_ in DESIRE_LEMMAS:
        # "X is open to talks with Y", "ready for a meeting": an expressed intent.
        code = INTENT_CODE[code[:2]]
        sources.extend(a for a in _subject(desire, index).actors if a not in sources)
    governor = _governing_verb(noun)
    light = governor is not None and governor.lemma_.lower() in LIGHT_GOVERNORS
    # "X launched (a wave of) strikes on Y": the noun is what the act produces.
    produced = noun.dep_ == "dobj" or (
        noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "dobj"
    )
    if lexicon_code[:2] >= "13" and not (light and produced):
        # "cooperation in the invasion of X" is background; "X launched strikes on Y" is news.
        return None
    if governor is not None and (
        (light and (not sources or code == "042")) or (targets and with_only and not sources)
    ):
        # "China announced X's attendance", "X held talks with Y", "X's trip included
        # meetings with Y": the clause's subject takes part; beside a named visitor it hosts.
        subject = _subject(governor, index)
        side = targets if code == "042" and sources else sources
        side.extend(a for a in subject.actors if a not in sources and a not in targets)
    if not sources and not targets:
        return None
    modality: Modality = "asserted"
    words = {c.lower_ for c in noun.children if c.dep_ in {"amod", "compound"}}
    if words & HYPOTHETICAL_MODIFIERS:
        modality = "hypothetical"
    elif words & PLANNED_MODIFIERS:
        modality = "planned"
    elif _anticipated(noun):
        modality = "planned"
    elif governor is not None:
        mood = _mood(governor)
        modality = mood.modality
        if (
            modality == "asserted"
            and governor.lemma_.lower() in PLANNING_GOVERNORS
            and _announced(noun, governor)
        ):
            modality = "planned"
    elif noun.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and noun.head.pos_ in {"VERB", "AUX"}:
        # "a summit could take place", "the talks will resume": the clause's mood is the noun's.
        modality = _mood(noun.head).modality
    location = _location(noun, visited, resolver, index)
    participants, location = _visit_parties(code, sources, targets, location, index)
    groups = [_participants(g, [], code) for g in _paired_modifiers(noun, index)]
    groups = [g for g in groups if _is_diplomatic(code, g)]
    if len(groups) > 1 and not targets:
        participants, groups = groups[0], groups[1:]
    else:
        groups = []
    if not _is_diplomatic(code, participants):
        return None
    index.remember(noun, [p.actor for p in participants])
    event = Event(
        code=code,
        participants=participants,
        date=(when := event_date(noun, timexes, article.published)),
        location=location,
        modality=_dated_modality(modality, when, article),
        evidence=[_evidence(noun, index)],
    )
    places = _other_places(noun, location, visited, resolver)
    return _Candidate(event, places=places, parties=groups)


# What joins the parties of a pair premodifying a trigger ("the US-China talks").
DASHES = frozenset({"-", "\u2010", "\u2011", "\u2013", "\u2014", "/"})


def _paired_modifiers(noun: Token, index: _MentionIndex) -> list[list[Actor]]:
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


def _other_places(
    noun: Token, location: Location | None, visited: Token | None, resolver: PlaceResolver | None
) -> list[Location]:
    """Return the places coordinated with the location of a plural nominal trigger: "his
    summits with X in Singapore and Hanoi" were two summits, one in each place."""
    if location is None or noun.tag_ not in {"NNS", "NNPS"}:
        return []
    place = visited
    if place is None:
        place = next(
            (o for p, o in _prep_objects(noun) if p in LOCATIVE_PREPS and _place_span(o)), None
        )
    if place is None:
        for _, obj in _prep_objects(noun):
            place = next((o for p, o in _prep_objects(obj) if _is_locative(p, o)), None)
            if place is not None:
                break
    if place is None:
        return []
    others = []
    for token in place.conjuncts:
        span = _place_span(token)
        if span is None or _place_name(span) == location.name:
            continue
        name = _place_name(span)
        country = resolver.country_of_place(name) if resolver is not None else None
        others.append(Location(name=name, country=country))
    return others


def _sentence_events(
    sent: Span,
    index: _MentionIndex,
    timexes: list[TimexMention],
    article: Article,
    resolver: PlaceResolver | None,
    lexicon: Lexicon,
) -> list[Event]:
    """Return the events of one sentence; a bare statement only when nothing better is there."""
    candidates: list[_Candidate] = []
    consumed: set[int] = set()
    matches: list[tuple[Token, _Match]] = []
    for token in sent:
        if token.pos_ != "VERB" or token.dep_ in {"amod", "compound", "nmod", "npadvmod"}:
            continue  # "bombing victims": a verb form modifying a noun is no clause
        found = match_verb(token, index, lexicon)
        if found is not None:
            matches.append((token, found))
            consumed |= found.consumed
    triggers = {token.i for token, _ in matches}
    rules = {token.i: found.rule for token, found in matches}
    for token, found in matches:
        # "expected to visit", "declined to meet": the act carries the event, its governor
        # only the mood. "urged X to withdraw", "pledged to expand": the governor is the act.
        complement = [c for c in token.children if c.dep_ == "xcomp" and c.i in triggers]
        if complement and token.lemma_.lower() in MOOD_LEMMAS:
            continue
        if (
            token.dep_ == "xcomp"
            and token.head.i in triggers
            and token.head.lemma_.lower() not in MOOD_LEMMAS
        ):
            continue
        # "urged X to ..., essentially requesting Y": a subjectless participle of the same
        # kind as the verb it hangs on restates that act.
        if (
            token.dep_ == "advcl"
            and token.tag_ == "VBG"
            and token.head.i in triggers
            and found.rule.code[:2] == rules[token.head.i].code[:2]
            and not any(c.dep_ in SUBJECT_DEPS for c in token.children)
        ):
            continue
        # "criticized X's stance as surrendering ...": a characterisation, not an act.
        if any(g.dep_ == "prep" and g.lower_ == "as" for g in _governors(token)):
            continue
        candidate = _verb_event(token, found, index, timexes, article, resolver)
        if candidate is not None:
            candidates.append(candidate)
    for token in sent:
        if token.pos_ not in {"NOUN", "PROPN"} or token.i in consumed:
            continue
        code = lexicon.nouns.get(token.lemma_.lower()) or lexicon.nouns.get(token.lower_)
        if code is None:
            continue
        candidate = _noun_event(token, code, index, timexes, article, resolver)
        if candidate is not None:
            candidates.append(candidate)
    substantive = [c for c in candidates if not c.statement]
    if substantive:
        return [e for c in substantive for e in c.events()]
    return [c.event for c in candidates[:1]]


def _dates_compatible(a: TimeValue, b: TimeValue) -> bool:
    """Two dates may describe one happening unless both are explicit and disagree."""
    weak = {"publication", "none"}
    if a.method in weak or b.method in weak or a.value is None or b.value is None:
        return True
    return a.value == b.value


def _places_differ(a: Location | None, b: Location | None) -> bool:
    """Two events placed in different countries are different happenings ("the summits in
    Singapore and Hanoi"); a city and its country ("Beijing", "China") may be one."""
    return bool(a and b and a.country and b.country and a.country != b.country)


def _covers(a: Event, b: Event, *, through_people: bool = False) -> bool:
    """Return True when every party of `b` takes part in `a` (optionally a state through its
    people: "the North Korean leader" and "North Korea" in one sentence)."""
    names = {p.actor.name for p in a.participants}
    countries = {p.actor.country for p in a.participants if p.actor.country}
    return all(
        p.actor.name in names
        or (through_people and p.actor.kind == "state" and p.actor.country in countries)
        for p in b.participants
    )


def _same_happening(a: Event, b: Event) -> bool:
    """Same root and modality; one party set covering the other; dates that agree.

    Within one sentence ("welcomed guests: ..., the first leader to visit X") a state also
    stands for its people.
    """
    if a.root != b.root or a.modality != b.modality:
        return False
    if not _dates_compatible(a.date, b.date):
        return False
    if _places_differ(a.location, b.location):
        return False
    if {e.sentence for e in a.evidence} & {e.sentence for e in b.evidence}:
        return _covers(a, b, through_people=True) or _covers(b, a, through_people=True)
    return _covers(a, b) or _covers(b, a)


def _merge(into: Event, other: Event) -> None:
    """Fold a repeated mention into the first: union of actors, every evidence sentence."""
    names = {p.actor.name for p in into.participants}
    into.participants.extend(p for p in other.participants if p.actor.name not in names)
    people = {p.actor.country for p in into.participants if p.actor.kind == "person"}
    into.participants[:] = [
        p for p in into.participants if not (p.actor.kind == "state" and p.actor.country in people)
    ]
    into.evidence.extend(e for e in other.evidence if e not in into.evidence)
    states = {p.actor.name: p.actor.country for p in into.participants if p.actor.kind == "state"}
    if into.location is None or (
        # a visit placed only in its host country takes the city a later mention names
        into.location.name in states
        and other.location is not None
        and other.location.country == states[into.location.name]
    ):
        into.location = other.location or into.location
    if into.date.method in {"publication", "none", "inherited"} and other.date.method in {
        "explicit",
        "relative",
    }:
        into.date = other.date
    if other.code.startswith(into.code):
        into.code = other.code  # the more specific code of the same kind: 031 -> 0311


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Return one event per real happening: repeated mentions folded into the first."""
    merged: list[Event] = []
    for event in events:
        same = next((m for m in merged if _same_happening(m, event)), None)
        if same is None:
            merged.append(event)
        else:
            _merge(same, event)
    return merged


def extract_events(
    doc: Doc,
    mentions: list[ActorMention],
    timexes: list[TimexMention],
    article: Article,
    *,
    resolver: PlaceResolver | None = None,
) -> list[Event]:
    """Extract the diplomatic events of one parsed article.

    doc (Doc): the article text parsed by `load_nlp()` (dependencies, lemmas, entities).
    mentions (list[ActorMention]): the political actors found in the text. Every event has
        at least one (two for interactions); "he" and "both sides" stand for actors named
        shortly before.
    timexes (list[TimexMention]): the article's temporal expressions, for `event_date`.
    article (Article): the article (its publication date anchors relative dates).
    resolver (PlaceResolver | None): gives a location's country; without it countries stay None.
    RETURNS (list[Event]): one event per happening, with every evidence sentence.
    """
    index = _MentionIndex(doc, mentions)
    _mark_known_places(doc, mentions, resolver)
    lexicon = load_lexicon()
    events: list[Event] = []
    for sent in doc.sents:
        events.extend(_sentence_events(sent, index, timexes, article, resolver, lexicon))
    return merge_events(events)
