"""Political titles around names: the title before a name and its modifiers ("former",
"then-"), the state that owns it ("Russian", "China's", "... of China"), a title in apposition,
and bare titles that stand for a person ("the North Korean leader", "the premier")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.actors.candidates import Candidate, DocScan
from pipeline.actors.tokens import appositive_name, starts_name
from pipeline.actors.words import HONORIFICS, PAST_MODIFIERS, TITLE_MODIFIERS
from pipeline.kb import TitleRecord
from pipeline.model import Actor

# The longest "of" chain a title may head before an appositive name.
MAX_OF_CHAIN = 4


@dataclass(frozen=True)
class Context:
    """What precedes or surrounds a name: its title, the country that title belongs to."""

    start: int
    title: TitleRecord | None = None
    country: str | None = None
    past: bool = False
    international: bool = False  # an international organisation owns the title ("UN envoy")


def title_at(scan: DocScan, end: int) -> tuple[int, TitleRecord] | None:
    """The longest title whose last token is end - 1, as (start token, title)."""
    doc, norms = scan.doc, scan.norms
    best: tuple[int, TitleRecord] | None = None
    text = ""
    for start in range(end - 1, max(-1, end - 7), -1):
        token = doc[start]
        if not norms[start].strip() and not (
            token.is_punct and token.text in "-\u2010\u2011" and not token.whitespace_
        ):
            break  # a title never spans a comma or full stop
        text = norms[start] + token.whitespace_ + text
        key = " ".join(text.split())
        if not key:
            continue
        if key.split()[0] not in scan.kb.title_words:
            break
        title = scan.kb.titles.get(key)
        if title is not None:
            best = (start, title)
    return best


def _skip_modifiers(scan: DocScan, title_start: int) -> tuple[int, bool]:
    """Start of the modifiers before a title ("former", "then-", "acting") and whether one
    says the title is no longer held."""
    first = title_start
    past = False
    while first > 0:
        word = scan.norms[first - 1].strip()
        if word in TITLE_MODIFIERS:
            past = past or word in PAST_MODIFIERS
            first -= 1
        elif not word and scan.doc[first - 1].text == "-" and first > 1:
            first -= 1  # the hyphen of "then-President"
        else:
            break
    return first, past


def premodifier(scan: DocScan, before: int) -> tuple[int, str] | None:
    """A state naming the owner of a title that starts at token `before`: "Russian",
    "China's", "Vietnam's Communist Party" (up to three qualifying words in between), or a
    national body standing for it ("State Department official", "Kremlin spokesman")."""
    index = before
    for _ in range(4):
        match = scan.state_ending.get(index)
        if match is not None:
            return match.start, scan.country_of(match) or ""
        body = scan.national_ending.get(index)
        if body is not None:
            return body
        if index == 0:
            return None
        token = scan.doc[index - 1]
        if not (token.tag_ == "POS" or (token.is_alpha and token.pos_ in {"PROPN", "ADJ", "NOUN"})):
            return None
        index -= 1
    return None


def title_context(scan: DocScan, start: int) -> Context:
    """The title, modifiers and country premodifier before a name starting at `start`."""
    index = start
    while index > 0 and scan.norms[index - 1].strip() in HONORIFICS:
        index -= 1
    found = title_at(scan, index)
    if found is None:
        # "Russia's Putin", "Chinese Xi Jinping": a state right before the name.
        pre = scan.state_ending.get(index)
        if pre is None and index > 0 and scan.doc[index - 1].tag_ == "POS":
            pre = scan.state_ending.get(index - 1)
        if pre is not None:
            return Context(pre.start, country=scan.country_of(pre))
        return Context(index)
    title_start, title = found
    first, past = _skip_modifiers(scan, title_start)
    owner = premodifier(scan, first)
    if owner is not None:
        return Context(owner[0], title=title, country=owner[1], past=past)
    if title.country is not None:
        return Context(first, title=title, country=title.country, past=past)
    organisation = international_before(scan, first)
    if organisation is not None:
        # "UN Secretary-General X", "NATO's chief X": the organisation is the title's, not a
        # party of its own.
        return Context(organisation, title=title, past=past, international=True)
    return Context(first, title=title, past=past)


def international_before(scan: DocScan, start: int) -> int | None:
    """The first token of an international organisation ("NATO", "NATO's") that ends right
    before `start`, or None."""
    if start in scan.international_ending:
        return scan.international_ending[start]
    if start > 0 and scan.doc[start - 1].tag_ == "POS":
        return scan.international_ending.get(start - 1)
    return None


def appositive_title(scan: DocScan, end: int) -> tuple[TitleRecord, str | None, bool] | None:
    """Title and country of a name from its appositive: "Jean Dupont, France's foreign
    minister, said", "the French foreign minister, Jean Dupont, said" or "the Chairman of the
    Standing Committee of the National Assembly of Laos, X" (the title heads an "of" chain)."""
    root = scan.doc[end - 1]
    nouns = [child for child in root.children if child.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    for noun in nouns:
        for head in _of_chain(noun):
            found = title_at(scan, head.i + 1)
            if found is None:
                continue
            first, past = _skip_modifiers(scan, found[0])
            pre = premodifier(scan, first)
            # "X, the President of Uzbekistan": the state may follow the title.
            country = pre[1] if pre else _state_in(scan, head, noun.right_edge)
            return found[1], country, past
    return None


def _of_chain(noun: Token) -> list[Token]:
    """The noun and the nouns whose "of" phrases it ends: "Chairman of the Committee of the
    Assembly" read back from "Assembly" (three at most)."""
    chain = [noun]
    while len(chain) < MAX_OF_CHAIN and noun.dep_ == "pobj" and noun.head.lower_ == "of":
        noun = noun.head.head
        chain.append(noun)
    return chain


def _state_in(scan: DocScan, title: Token, last: Token) -> str | None:
    """The country of a state named in the "of" phrases from a title to the appositive's last
    noun ("the President of Uzbekistan", "the Chairman of ... of China")."""
    for index in range(title.i + 1, last.i + 1):
        if index in scan.state_at:
            return scan.state_at[index].country
    return None


def country_nearby(scan: DocScan, end: int) -> str | None:
    """Country of a titled name from "... of China" after it or from the phrase it
    belongs to ("a Russian delegation led by former President X")."""
    doc, state_at = scan.doc, scan.state_at
    if end + 1 < len(doc) and doc[end].lower_ == "of" and end + 1 in state_at:
        return state_at[end + 1].country
    token = doc[end - 1]
    for _ in range(4):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in {"NOUN", "PROPN"}:
            for child in token.children:
                if child.dep_ in {"amod", "poss", "compound", "nmod"} and child.i in state_at:
                    return state_at[child.i].country
        elif not (token.pos_ == "ADP" or (token.pos_ == "VERB" and token.dep_ == "acl")):
            return None
    return None


def bare_titles(scan: DocScan, person_spans: list[tuple[int, int]]) -> list[Candidate]:
    """Titles standing for a person: "the North Korean leader", "China's president",
    "the president of France", "the premier". Plural and attributive titles ("world
    leaders", "leader talks") are not."""
    name_starts = {start for start, _ in person_spans}
    found = []
    for end in range(1, len(scan.doc) + 1):
        candidate = _bare_title_ending(scan, end, name_starts)
        if candidate is not None:
            found.append(candidate)
    return found


def _bare_title_ending(scan: DocScan, end: int, name_starts: set[int]) -> Candidate | None:
    """A bare title whose last token is end - 1, if one ends there and no name follows it."""
    doc = scan.doc
    head = doc[end - 1]
    if head.tag_ in {"NNS", "NNPS"} or head.dep_ in {"compound", "amod"}:
        return None
    if end in name_starts or (end < len(doc) and starts_name(doc[end])):
        return None
    located = title_at(scan, end)
    if located is None:
        return None
    title_start, title = located
    owner = _title_owner(scan, title_start, end, title)
    if owner is None:
        return None
    start, stop, country, fallback = owner
    return Candidate(
        start,
        stop,
        2,
        pending="title",
        country=country,
        title=title,
        fallback=fallback,
        anchor=appositive_name(head),
    )


def _title_owner(
    scan: DocScan, title_start: int, end: int, title: TitleRecord
) -> tuple[int, int, str | None, Actor | None] | None:
    """Start and end of a bare title's phrase, with the state owning the title (a premodifier
    or "of France") and that state's actor; None when no determiner makes the title stand for
    one person ("the", a possessive, the start of the text)."""
    doc = scan.doc
    first, _ = _skip_modifiers(scan, title_start)
    pre = premodifier(scan, first)
    if pre is not None:
        start, country = pre
        fallback = scan.kb.states.get(country)
        determined = (
            start == 0
            or doc[start - 1].lower_ == "the"
            or any(doc[i].tag_ == "POS" for i in range(start, first))
        )
    else:
        start, country = title_start, title.country
        fallback = scan.kb.states.get(country or "")
        determined = first > 0 and doc[first - 1].lower_ == "the"
    if not determined:
        return None
    stop = end
    after = scan.state_starting.get(end + 1)
    if country is None and after is not None and doc[end].lower_ == "of":
        country = scan.country_of(after)
        fallback = scan.kb.states.get(country or "")
        stop = after.end
    return start, stop, country, fallback
