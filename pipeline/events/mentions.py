"""Actor mentions in the parse: which actor a token names, and the phrases that name actors.

The index also numbers the quotations and lines of the text, resolves "he"/"his" to a person
named shortly before, and keeps the parties of the events built so far for "both sides".
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token

from pipeline.events.words import (
    ENVOY_NOUNS,
    ENVOY_PREPS,
    MEMBER_NOUNS,
    PERSONAL_PRONOUNS,
    PHRASE_PREPS,
    REPRESENTING_LEMMAS,
    SPOKESPERSON_NOUNS,
)
from pipeline.model import Actor, ActorMention, Event

PRONOUN_REACH = 2  # sentences before the pronoun's own in which its antecedent may stand
# A group ("the sides", "both leaders") reaches further back, to the last event of several
# parties: no other event of parties stands between them.
GROUP_REACH = 5
SCARE_QUOTE_TOKENS = 4  # a quotation of at most this many tokens, marks included, quotes nobody


class MentionIndex:
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
        self.subjects: set[int] = set()  # token positions of people named as a subject
        # The parties of the events built so far and where: "both sides", "the two leaders"
        # stand for the last (or the last with a party named beside them) in what follows.
        self.history: list[tuple[int, list[Actor]]] = []
        # The targets of the events built so far, by CAMEO root: "X expelled 23 of Y's
        # diplomats. Z expelled three diplomats" expelled Y's too.
        self.targets: list[tuple[int, str, list[Actor]]] = []
        self.events: list[tuple[int, Event]] = []
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
                if span.root.dep_ in {"nsubj", "nsubjpass"}:
                    self.subjects.add(span.start)
        self.people.sort(key=lambda p: p[0])

    def actor(self, token: Token) -> Actor | None:
        mention = self.by_token.get(token.i)
        return mention.actor if mention else None

    def antecedent(
        self, pronoun: Token, excluding: frozenset[str] | set[str] = frozenset()
    ) -> Actor | None:
        """Return the person a personal pronoun stands for, named within two sentences: in the
        last sentence naming people before it (its own included), the one named as a subject
        ("X praised Y. He also urged ..." and "X said that during talks with Y he ..." are X),
        else the last one named.

        excluding: names of people the pronoun cannot stand for ("X criticised his inaction"
        is somebody else's).
        """
        if pronoun.lower_ not in PERSONAL_PRONOUNS or pronoun.pos_ != "PRON":
            return None
        sentence = self._sentence_of(pronoun.i)
        limit = self.sentence_starts[max(sentence - PRONOUN_REACH, 0)]
        before = [
            (i, a) for i, a in self.people if limit <= i < pronoun.i and a.name not in excluding
        ]
        if not before:
            return None
        last_i, last = before[-1]
        named = [(i, a) for i, a in before if self._sentence_of(i) == self._sentence_of(last_i)]
        return next((a for i, a in named if i in self.subjects), last)

    def tokens_before(self, token: Token, sentences_back: int = PRONOUN_REACH) -> list[Token]:
        """Return the tokens before `token`, from the start of the sentence `sentences_back`
        sentences before its own, nearest last."""
        sentence = self._sentence_of(token.i)
        start = self.sentence_starts[max(sentence - sentences_back, 0)]
        return list(token.doc[start : token.i])

    def _sentence_of(self, token_index: int) -> int:
        return bisect.bisect_right(self.sentence_starts, token_index) - 1

    def remember(self, trigger: Token, event: Event) -> None:
        """Record an event just built: its parties for "both sides" later on, its targets for
        a later act of its kind that leaves its target unsaid, the event for "the talks"."""
        parties = [p.actor for p in event.participants]
        targets = [p.actor for p in event.participants if p.role == "target"]
        if len(targets) > 1 and len(targets) < len(parties):
            # "X urged Y and Z to talk. Both sides agreed": a third party's addressees first
            parties = [*targets, *(a for a in parties if a not in targets)]
        self.history.append((trigger.i, parties))
        self.events.append((trigger.i, event))
        if targets:
            self.targets.append((trigger.i, event.root, targets))

    def recent_event(
        self, token: Token, roots: frozenset[str] | None, *, anywhere: bool = False
    ) -> Event | None:
        """Return the last event built before `token`, at most two sentences back (anywhere
        before it when `anywhere`: "the strikes" may refer to those of the lead), of one of
        `roots` (any root when None)."""
        sentence = self._sentence_of(token.i)
        for at, event in reversed(self.events):
            if at >= token.i or (not anywhere and sentence - self._sentence_of(at) > PRONOUN_REACH):
                continue
            if roots is None or event.root in roots:
                return event
        return None

    def earlier_event(self, token: Token, root: str, parties: list[Actor]) -> Event | None:
        """Return the last event of `root` built before `token` whose parties include all of
        `parties` (a person's country standing for its state)."""
        names = {a.name for a in parties}
        for at, event in reversed(self.events):
            if at >= token.i or event.root != root:
                continue
            known = {p.actor.name for p in event.participants}
            countries = {p.actor.country for p in event.participants}
            if all(n in known for n in names) or all(
                a.name in known or (a.kind == "state" and a.country in countries) for a in parties
            ):
                return event
        return None

    def recent_targets(self, token: Token, root: str) -> list[Actor]:
        """Return the targets of the last event of `root` at most two sentences before."""
        sentence = self._sentence_of(token.i)
        for at, kind, targets in reversed(self.targets):
            if kind == root and at < token.i and sentence - self._sentence_of(at) <= PRONOUN_REACH:
                return list(targets)
        return []

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
        if not recent and self.history:
            at, parties = self.history[-1]
            if at < token.i and sentence - self._sentence_of(at) <= GROUP_REACH:
                recent = [parties]
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
        return list(recent[-1]) if recent else self.named_together(token)

    def named_together(self, token: Token) -> list[Actor]:
        """Return the actors of more than one country named last in one sentence before
        `token` (its own sentence first, then up to two before): "X met Y. The two leaders
        ..." when no event of X and Y was built. A state gives way to its own people."""
        sentence = self._sentence_of(token.i)
        for number in range(sentence, max(sentence - PRONOUN_REACH, 0) - 1, -1):
            start = self.sentence_starts[number]
            end = token.i if number == sentence else self.sentence_starts[number + 1]
            group = self._actors_between(start, end)
            if len({a.country for a in group}) > 1:
                return group
        return []

    def _actors_between(self, start: int, end: int) -> list[Actor]:
        """Return the distinct actors named between two token positions, people before their
        own state."""
        actors: list[Actor] = []
        for i in range(start, end):
            actor = self.actor_at(i)
            if actor is not None and actor not in actors:
                actors.append(actor)
        people = {a.country for a in actors if a.kind == "person"}
        return [a for a in actors if a.kind != "state" or a.country not in people]

    def actor_at(self, token_index: int) -> Actor | None:
        mention = self.by_token.get(token_index)
        return mention.actor if mention else None


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
    """Return, per token, the number of the quotation it is in (0 outside quotes).

    A scare quote of a few words ('Russia was "open" to talks') quotes no speaker: its words
    count as outside.
    """
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
    sizes = Counter(numbers)
    return [n if sizes[n] > SCARE_QUOTE_TOKENS else 0 for n in numbers]


def _generic_member(token: Token) -> bool:
    """Whether the token is an organisation or group named only to say what kind of member an
    indefinite noun is: "a NATO country", "an EU member state" name no one."""
    noun = token.head
    return (
        token.dep_ in {"compound", "amod", "nmod"}
        and noun.lemma_.lower() in MEMBER_NOUNS
        and any(c.dep_ == "det" and c.lower_ in {"a", "an", "any"} for c in noun.children)
    )


def phrase_tokens(head: Token) -> Iterator[Token]:
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
            if dep == "prep" and not _names_the_actor(token, child):
                continue
            if dep == "acl":
                if child.lemma_ in REPRESENTING_LEMMAS:
                    stack.extend(a for a in child.children if a.dep_ == "agent")
                continue
            stack.append(child)


def _names_the_actor(head: Token, prep: Token) -> bool:
    """Return True when a prepositional phrase still names the phrase's actor: "President of
    X", "envoys from X", an envoy's or mission's posting ("its ambassador in X"), whom a
    spokesperson speaks for ("a spokesman for X")."""
    if prep.lower_ in PHRASE_PREPS:
        return True
    if prep.lower_ == "for" and head.lemma_.lower() in SPOKESPERSON_NOUNS:
        return True
    return prep.lower_ in ENVOY_PREPS and head.lemma_.lower() in ENVOY_NOUNS


def relative_referent(token: Token) -> Token:
    """The phrase a relative pronoun stands for ("X, whom Y received", "the sanctions, which Y
    imposed": X, the sanctions); any other token stands for itself."""
    if token.tag_ in {"WP", "WDT"} and token.head.dep_ == "relcl":
        return token.head.head
    return token


def actors_of(head: Token, index: MentionIndex, line: int | None = None) -> list[Actor]:
    """Return the actors named in the noun phrase headed by `head`, in text order.

    Only tokens on one line count: the head's, or `line` (the trigger's) when given.
    """
    head = relative_referent(head)
    seen: dict[str, tuple[int, Actor]] = {}
    line = index.line_of[head.i] if line is None else line
    for token in phrase_tokens(head):
        if index.line_of[token.i] != line or _generic_member(token):
            continue
        actor = index.actor(token)
        if actor is None and token is head:
            # Only a pronoun that is the whole phrase: "his father, X" names X, not "his".
            actor = index.antecedent(token)
        if actor is not None and actor.name not in seen:
            seen[actor.name] = (token.i, actor)
    return [actor for _, actor in sorted(seen.values(), key=lambda p: p[0])]
