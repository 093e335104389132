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

Three more the guideline's examples settle: an agreement takes its code from the act agreed
to (to meet or cooperate: an intent, 03x; to a truce, an exchange or a concrete act: 057; a
material act such as sanctions: that act itself); a reported clause that charges a foreign
party is an accusation (112) and one that obliges it a demand (100); "the two sides", "they"
and a quoted "we" stand for the parties named together before and for the quotation's speaker.

Modules, one kind of knowledge or rule each: `words` (closed word classes, labels, code
groups), `lexicon` (the trigger files), `mentions` (actors in the parse), `syntax` (subjects,
objects, governors, groups), `triggers` (verb rule matching), `mood` (modality, intent and
refusal codes), `acts` (the code an introduced act gives a promise, agreement, appeal or
demand), `targets` (whom a verb acts on or addresses), `reported` (accusations and demands made
by saying, naming), `roles` (participants, which events are diplomatic), `places` (location),
`assembly` (the event of one trigger), `verbs`, `nouns` and `presence` (the kinds of trigger),
`sentences` (which triggers carry an event, `extract_events`), `merge` (one event per
happening) and `scenes` (the place of events their sentence leaves unplaced: encounters,
datelines, capitals).
"""

from pipeline.events.lexicon import Lexicon, TriggerRule, load_lexicon
from pipeline.events.merge import merge_events
from pipeline.events.sentences import extract_events

__all__ = ["Lexicon", "TriggerRule", "extract_events", "load_lexicon", "merge_events"]
