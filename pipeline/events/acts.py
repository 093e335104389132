"""What an introduced act is about, and the code a promise, agreement or appeal takes from it.

"pledged to expand trade", "agreed to hold talks", "urged X to free the detainees": the CAMEO
code of a promise (03), an agreement, an appeal (02) or a demand (10) depends on the act it
introduces. The act's words give its kind (easing sanctions, release, de-escalation,
settlement, meeting, aid, economic, military, support or plain cooperation: the first kind in
`ACT_KINDS` whose cue words it has), and each family maps kinds to its own codes. An
agreement to settle, to a truce or to an exchange is a formal agreement (057); one to meet or
cooperate an intent (03x); one to ease sanctions is the easing itself (085).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.events.words import MEETING_WORDS

# Easing sanctions needs both an easing word and a sanction word ("put tariffs on hold",
# "lift the embargo"); it is read before the other kinds.
EASING_WORDS = frozenset(
    {"lift", "ease", "suspend", "pause", "hold", "remove", "drop", "delay", "postpone",
     "waive", "scrap", "relax", "end"}
)  # fmt: skip
SANCTION_WORDS = frozenset(
    {"sanction", "sanctions", "tariff", "tariffs", "embargo", "ban", "restrictions", "duties"}
)
# Kinds of acts by their cue words (lemmas or lower-case forms), most specific first.
ACT_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("release", frozenset(
        {"release", "free", "prisoner", "prisoners", "detainee", "detainees", "hostage",
         "hostages", "captive", "captives", "swap", "pow", "pows"})),
    ("deescalate", frozenset(
        {"ceasefire", "cease-fire", "truce", "armistice", "cessation", "restraint",
         "de-escalate", "deescalate", "de-escalation", "hostilities", "withdraw",
         "withdrawal"})),
    ("settle", frozenset(
        {"peace", "settle", "settlement", "normalization", "normalisation", "normalize",
         "normalise", "reconciliation", "reconcile"})),
    ("meet", MEETING_WORDS | frozenset(
        {"dialogue", "discussion", "discussions", "consultation", "consultations",
         "negotiating", "round", "communication", "contact", "contacts"})),
    ("aid", frozenset({"aid", "assistance", "humanitarian", "relief", "donate", "fund"})),
    ("economic", frozenset(
        {"economic", "economy", "trade", "investment", "business", "energy", "gas", "oil",
         "tariff", "tariffs", "commerce", "commercial", "financial"})),
    ("military", frozenset({"military", "defense", "defence", "security", "arms", "army"})),
    ("support", frozenset({"support", "back", "endorse"})),
    ("cooperate", frozenset(
        {"cooperation", "cooperate", "co-operation", "ties", "relations", "relationship",
         "partnership", "exchange", "exchanges", "engagement", "collaboration",
         "collaborate", "strengthen", "deepen", "consolidate", "expand"})),
)  # fmt: skip

# Codes per family and kind; a kind a family does not list keeps the family's default.
INTENT_CODES = {
    "ease": "0354", "release": "0353", "deescalate": "0356", "settle": "037", "meet": "036",
    "aid": "033",
    "economic": "0311", "military": "0312", "support": "032", "cooperate": "030",
}  # fmt: skip
AGREEMENT_CODES = {
    "ease": "085", "release": "057", "deescalate": "057", "settle": "057", "meet": "036",
    "aid": "033",
    "economic": "0311", "military": "0312", "support": "032", "cooperate": "030",
}  # fmt: skip
APPEAL_CODES = {
    "ease": "0254", "release": "0253", "deescalate": "0256", "settle": "027", "meet": "026",
    "aid": "023",
    "economic": "0211", "military": "0212", "support": "022",
}  # fmt: skip
DEMAND_CODES = {
    "ease": "1054", "release": "1053", "deescalate": "1056", "settle": "107", "meet": "108",
    "aid": "103",
    "economic": "1011", "military": "1012", "support": "102",
}  # fmt: skip
# An agreement to a concrete act no kind names ("agreed to reopen the border") is concluded.
AGREEMENT_DEFAULT = "057"
# Kinds of act an agreement to which is a formal agreement (057) whatever the act's own code.
SETTLING_KINDS = frozenset({"release", "deescalate", "settle"})
# Prepositions of the circumstances of an act, not its content.
CIRCUMSTANCE_PREPS = frozenset(
    {"after", "before", "following", "since", "during", "amid", "despite", "ahead"}
)
# A threat of sanctions (1312).
THREAT_CODES = {"sanction": "1312"}
# The unspecified code of each family that an introduced act may refine.
REFINABLE = {"020": APPEAL_CODES, "100": DEMAND_CODES, "130": THREAT_CODES}


def act_kind(act: Token) -> str | None:
    """Return the kind of the act headed by `act`, or None. Its phrase is read without the
    circumstances around it: "agreed to reopen the border after talks in X" is no meeting."""
    tokens = list(_act_phrase(act))
    words = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    if words & SANCTION_WORDS:
        return "ease" if words & EASING_WORDS else "sanction"
    return next((kind for kind, cues in ACT_KINDS if words & cues), None)


def _act_phrase(act: Token) -> list[Token]:
    """Return the tokens of an act without its adverbial clauses and circumstance phrases."""
    out = [act]
    for child in act.children:
        if child.dep_ in {"advcl", "relcl"} or child.lower_ in CIRCUMSTANCE_PREPS:
            continue
        out.extend(_act_phrase(child))
    return out


def refined_code(code: str, act: Token | None) -> str:
    """Return a promise's, appeal's or demand's code refined by the act it introduces."""
    if act is None:
        return code
    kind = act_kind(act)
    if code[:2] == "03":
        return INTENT_CODES.get(kind or "", code)
    table = REFINABLE.get(code)
    return table.get(kind or "", code) if table else code


def settles(act: Token) -> bool:
    """Return True for an act whose agreement is a formal one: a truce, an exchange, peace."""
    return act_kind(act) in SETTLING_KINDS


def agreement_code(act: Token | None) -> str:
    """Return the code of an agreement to the act headed by `act` (057 when no kind)."""
    kind = act_kind(act) if act is not None else None
    return AGREEMENT_CODES.get(kind or "", AGREEMENT_DEFAULT)
