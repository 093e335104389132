"""An article's events, sentence by sentence: which triggers carry an event of their own.

A verb that only sets the mood of the act below it ("expected to visit") or restates the act it
hangs on yields none; a noun the matched verb rule used up ("reach agreement") is no second
trigger; a lone reporting verb ("X said") counts only when the sentence has nothing better.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.dateline import find_datelines
from pipeline.events.acts import settles
from pipeline.events.assembly import Candidate, Context
from pipeline.events.lexicon import NO_EVENT, Lexicon, TriggerRule, load_lexicon
from pipeline.events.mentions import MentionIndex
from pipeline.events.merge import happening_kind, merge_events
from pipeline.events.nouns import noun_event
from pipeline.events.places import PlaceResolver, geocode_events, mark_known_places
from pipeline.events.presence import presence_events
from pipeline.events.scenes import find_dateline, set_scenes
from pipeline.events.syntax import adopting_verb, governors, prep_objects
from pipeline.events.triggers import Match, match_verb
from pipeline.events.verbs import verb_event
from pipeline.events.words import (
    AGREEMENT_LEMMAS,
    CONTENT_ROOTS,
    ENCOUNTER_ROOT,
    HEADLINE_MAX_WORDS,
    MOOD_LEMMAS,
    PHONE_CALL_CODE,
    SCENE_PREPS,
    SUBJECT_DEPS,
)
from pipeline.model import ActorMention, Article, Event, TimexMention
from pipeline.timex.tense import clause_verb


def extract_events(
    doc: Doc,
    mentions: list[ActorMention],
    timexes: list[TimexMention],
    article: Article,
    *,
    resolver: PlaceResolver | None = None,
    lexicon: Lexicon | None = None,
) -> list[Event]:
    """Extract the diplomatic events of one parsed article.

    doc (Doc): the article text parsed by `load_nlp()` (dependencies, lemmas, entities).
    mentions (list[ActorMention]): the political actors found in the text. Every event has
        at least one (two for interactions); "he" and "both sides" stand for actors named
        shortly before.
    timexes (list[TimexMention]): the article's temporal expressions, for `event_date`.
    article (Article): the article (its publication date anchors relative dates).
    resolver (PlaceResolver | None): gives a location's country; without it countries stay None.
    lexicon (Lexicon | None): the trigger lexicon; defaults to `load_lexicon()` (kb/verbs.tsv
        and kb/nouns.tsv).
    RETURNS (list[Event]): one event per happening, with every evidence sentence.
    """
    dateline = find_dateline(doc, resolver)
    if resolver is not None:
        # the places and agencies of datelines report the news; they take no part in it
        spans = [(d.place_start, d.end) for d in find_datelines(doc.text)]
        mentions = [m for m in mentions if not any(a <= m.start_char < b for a, b in spans)]
    index = MentionIndex(doc, mentions)
    mark_known_places(doc, mentions, resolver)
    lexicon = lexicon if lexicon is not None else load_lexicon()
    context = Context(index, timexes, article, resolver)
    events: list[Event] = []
    for sent in doc.sents:
        events.extend(_sentence_events(sent, context, lexicon))
    events = merge_events(events, headline_end(doc.text))
    set_scenes(events, dateline, article.published, resolver)
    geocode_events(events, resolver)
    return events


def headline_end(text: str) -> int:
    """Return where the text's headline ends: a short first line that ends no sentence
    ("Chile Recalls Envoy to Peru"); 0 when the text starts with its story."""
    first = text.lstrip("\n").split("\n", 1)[0]
    words = first.split()
    if not words or len(words) > HEADLINE_MAX_WORDS or first.rstrip().endswith((".", "!", "?")):
        return 0
    return text.index(first) + len(first)


def _sentence_events(sent: Span, context: Context, lexicon: Lexicon) -> list[Event]:
    """Return the events of one sentence; a bare statement only when nothing better is there."""
    matches = _verb_matches(sent, context.index, lexicon)
    candidates = _verb_candidates(matches, context, lexicon)
    consumed = {i for _, found in matches for i in found.consumed}
    consumed |= _agreed_encounters(matches, lexicon)
    candidates += _noun_candidates(sent, consumed, context, lexicon)
    candidates += presence_events(sent, context)
    substantive = [c for c in candidates if not c.statement]
    if substantive:
        return [e for c in substantive for e in c.events()]
    return [c.event for c in candidates[:1]]


def _agreed_encounters(matches: list[tuple[Token, Match]], lexicon: Lexicon) -> set[int]:
    """Return the encounter nouns inside an act agreed to ("agreed to return to negotiations"):
    the agreement to meet (036) is the event, the talks it promises none of their own yet."""
    return {
        token.i
        for verb, _ in matches
        if verb.lemma_.lower() in AGREEMENT_LEMMAS
        for act in verb.children
        if act.dep_ == "xcomp"
        for token in act.subtree
        if (_noun_code(token, lexicon) or "").startswith(ENCOUNTER_ROOT)
    }


def _verb_matches(sent: Span, index: MentionIndex, lexicon: Lexicon) -> list[tuple[Token, Match]]:
    """Return the verbs of the sentence that satisfy a lexicon rule, each with its match."""
    matches: list[tuple[Token, Match]] = []
    for token in sent:
        if token.pos_ != "VERB" or token.dep_ in {"amod", "compound", "nmod", "npadvmod"}:
            continue  # "bombing victims": a verb form modifying a noun is no clause
        found = match_verb(token, index, lexicon)
        if found is not None:
            matches.append((token, found))
    return matches


def _verb_candidates(
    matches: list[tuple[Token, Match]], context: Context, lexicon: Lexicon
) -> list[Candidate]:
    """Return the events of the matched verbs that carry an act of their own."""
    rules = {token.i: found.rule for token, found in matches}
    consumed = {i for _, found in matches for i in found.consumed}
    candidates: list[Candidate] = []
    for token, found in matches:
        if _consults_within(token, found, lexicon):
            continue
        # "expressed his wish to hold a summit": the act of a matched noun is its content;
        # "adopted a resolution condemning X": the act a text carries is the event.
        if token.dep_ == "acl" and token.head.i in consumed and not adopting_verb(token.head):
            continue
        if _carries_an_act(token, found, rules):
            continue
        if _no_act_of_its_own(token, found, rules):
            continue
        candidate = verb_event(token, found, context)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def _consults_within(token: Token, found: Match, lexicon: Lexicon) -> bool:
    """Return True for a consultation told inside the phone call that is its scene: "discussed
    aid in a phone call" is the call. (A meeting "at the summit" is a happening of its own.)"""
    if not found.rule.code.startswith("04"):
        return False
    return any(
        scene.dep_ == "pobj"
        and scene.head.lower_ in SCENE_PREPS
        and _noun_code(scene, lexicon) == PHONE_CALL_CODE
        and clause_verb(scene.head).i == token.i
        for scene in token.subtree
    )


def _carries_an_act(token: Token, found: Match, rules: dict[int, TriggerRule]) -> bool:
    """Return True for a verb adopting or issuing a text whose own act is matched: "passed a
    resolution condemning X" is the condemnation."""
    texts = [token.doc[i] for i in found.consumed]
    texts += [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    for text in texts:
        adopter = adopting_verb(text)
        if adopter is not None and adopter.i == token.i:
            if any(c.dep_ == "acl" and c.i in rules for c in text.children):
                return True
    return False


def _no_act_of_its_own(token: Token, found: Match, rules: dict[int, TriggerRule]) -> bool:
    """Return True when a matched verb (`rules`: the sentence's matches by token index) only
    sets the mood of the act below it, completes the act above it, restates or characterises."""
    agreement = _yields_to_agreement(token, found, rules)
    if agreement is not None:
        return agreement
    # "expected to visit", "declined to meet": the act carries the event, its governor
    # only the mood. "urged X to withdraw", "pledged to expand": the governor is the act.
    complement = [c for c in token.children if c.dep_ == "xcomp" and c.i in rules]
    if complement and token.lemma_.lower() in MOOD_LEMMAS:
        return True
    head = token.head
    if token.dep_ == "xcomp" and head.i in rules and head.lemma_.lower() not in MOOD_LEMMAS:
        return True
    # "urged X to ..., essentially requesting Y": a subjectless participle of the same
    # kind as the verb it hangs on restates that act.
    if (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and token.head.i in rules
        and happening_kind(found.rule.code) == happening_kind(rules[token.head.i].code)
        and not any(c.dep_ in SUBJECT_DEPS for c in token.children)
    ):
        return True
    # "called for lifting the embargo", "demanded that X cancel the talks", "pledged that X
    # would support Y": the act asked for or promised is the appeal's or promise's content.
    asked = {"ccomp": token.head}.get(token.dep_)
    if token.dep_ == "pcomp" and token.head.lower_ in {"for", "to"}:
        asked = token.head.head
    if asked is not None and asked.i in rules and rules[asked.i].code[:2] in CONTENT_ROOTS:
        return True
    # "criticized X's stance as surrendering ...": a characterisation, not an act.
    return any(g.dep_ == "prep" and g.lower_ == "as" for g in governors(token))


def _yields_to_agreement(token: Token, found: Match, rules: dict[int, TriggerRule]) -> bool | None:
    """For an agreement verb or an act agreed to, return True when `token` leaves the event
    to the other; None when it is neither.

    "agreed to impose sanctions": the act is the event (agreeing only sets its mood);
    "agreed to hold talks and to deepen ties", "agreed to exchange prisoners": the agreement is.
    """
    if token.lemma_.lower() in AGREEMENT_LEMMAS:
        acts = [c for c in token.children if c.dep_ == "xcomp" and c.i in rules]
        return bool(acts) and _carries_itself(acts[0], rules[acts[0].i])
    agreeing = _agreeing_verb(token)
    if agreeing is None or agreeing.i not in rules:
        return None
    return not _carries_itself(token, found.rule)


def _agreeing_verb(act: Token) -> Token | None:
    """Return the agreement verb an act is agreed to by ("agreed to X and to Y"), or None."""
    if act.dep_ == "conj" and act.head.dep_ == "xcomp":
        act = act.head
    if act.dep_ == "xcomp" and act.head.lemma_.lower() in AGREEMENT_LEMMAS:
        return act.head
    return None


def _carries_itself(act: Token, rule: TriggerRule) -> bool:
    """Return True for an agreed act of material cooperation or conflict (aid, yielding,
    sanctions, force: roots 07 and above) that is no formal agreement (a truce, an exchange)."""
    return rule.code[:2] >= "07" and not settles(act)


def _noun_code(noun: Token, lexicon: Lexicon) -> str | None:
    """Return the lexicon code of a nominal trigger: its compound with a modifier first ("phone
    call", "peace talks"), then its lemma, then its form."""
    for modifier in (c for c in noun.children if c.dep_ == "compound"):
        code = lexicon.nouns.get(f"{modifier.lemma_.lower()} {noun.lemma_.lower()}")
        if code is not None:
            return code
    code = lexicon.nouns.get(noun.lemma_.lower()) or lexicon.nouns.get(noun.lower_)
    return code or _gerund_code(noun, lexicon)


def _gerund_code(noun: Token, lexicon: Lexicon) -> str | None:
    """Return the code a verb phrase rule gives a gerund and its "of" object, read as the verb
    and its object: "the upgrading of the mission" is upgrading the mission, "the closing of
    the embassy" closing it. Only rules naming their object noun count."""
    if noun.tag_ != "NN" or not noun.lower_.endswith("ing"):
        return None
    objects = {o.lemma_.lower() for p, o in prep_objects(noun) if p == "of"}
    if not objects:
        return None
    stem = noun.lower_[: -len("ing")]
    forms = (stem, f"{stem}e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem)
    rules = [r for form in forms for r in lexicon.verbs.get(form, ())]
    matching = [r for r in rules if not r.prep and r.noun in objects and r.code != NO_EVENT]
    matching.sort(key=lambda r: not r.curated)
    return matching[0].code if matching else None


def _noun_candidates(
    sent: Span, consumed: set[int], context: Context, lexicon: Lexicon
) -> list[Candidate]:
    """Return the events of the sentence's nominal triggers, except nouns a verb rule used."""
    candidates: list[Candidate] = []
    for token in sent:
        if token.pos_ not in {"NOUN", "PROPN"} or token.i in consumed:
            continue
        code = _noun_code(token, lexicon)
        if code is None:
            continue
        candidate = noun_event(token, code, context)
        if candidate is not None:
            candidates.append(candidate)
    return candidates
