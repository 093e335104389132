"""Words, dependency labels and CAMEO code groups that the event rules read.

Closed word classes only: the open lexicon of triggers lives in `kb/verbs.tsv` and
`kb/nouns.tsv` (see `lexicon.py`).
"""

from __future__ import annotations

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "acomp", "attr"})
# Prepositions whose object is a participant of the event ("met with X", "sanctions on X").
TARGET_PREPS = frozenset(
    {"with", "to", "against", "toward", "towards", "between", "among", "alongside", "beside",
     "on", "upon", "into", "from", "for"}
)  # fmt: skip
# Nouns that count what their "of" phrase names: "a series of agreements", "a number of
# conditions", "a raft of sanctions".
QUANTITY_NOUNS = frozenset(
    {"number", "series", "set", "range", "couple", "host", "raft", "slew", "batch", "package",
     "round", "wave", "string", "pair", "total", "dozen", "handful"}
)  # fmt: skip
# Prepositions whose place object is where the event happened; such a place is no participant.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words naming a venue, in a name the tagger may call an organisation ("at the U.S. Institute of
# Peace", "at the Hilton Hotel"): after "at", such a name is where the event took place.
VENUE_WORDS = frozenset(
    {"institute", "hall", "house", "palace", "center", "centre", "hotel", "club", "airport",
     "residence", "castle", "museum", "building", "headquarters", "villa", "resort", "estate",
     "mansion", "lodge", "pavilion", "auditorium"}
)  # fmt: skip
# Prepositions that make a meeting or call the scene of the clause's act ("at the summit",
# "during talks", "in a phone call", "on a call").
SCENE_PREPS = frozenset({"at", "during", "in", "on"})
# Nouns of the scene around a meeting, whose phrase names no party ("on the sidelines of the
# X summit", "on the margins of the Y forum").
SCENE_NOUNS = frozenset({"sideline", "sidelines", "margin", "margins", "fringe", "fringes"})
# Prepositions of an aim or topic: a place inside them is not where the act happened ("called
# for a halt to violence in X", "talks about the dispute in Y").
TOPIC_PREPS = frozenset({"for", "against", "over", "about", "regarding", "concerning"})
# Inside an actor's noun phrase, these prepositions still name the actor ("President of X").
PHRASE_PREPS = frozenset({"of", "from"})
# Dependencies through which a clause inherits its subject and its modality from its head.
CHAIN_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "prep", "acomp", "conj", "advcl", "oprd"})

REPORTING_LEMMAS = frozenset(
    {"say", "tell", "state", "add", "note", "announce", "declare", "comment", "remark",
     "reiterate", "stress", "emphasize", "assert", "warn", "write", "report", "claim", "accord",
     "tweet", "insist"}
)  # fmt: skip
# Governors that turn the act below them into an expression of intent ("open to meeting X").
DESIRE_LEMMAS = frozenset(
    {"want", "wish", "like", "love", "hope", "seek", "open", "willing", "ready", "eager", "keen",
     "desire", "prepared", "look", "offer", "propose"}
)  # fmt: skip
PLAN_LEMMAS = frozenset(
    {"plan", "expect", "schedule", "set", "due", "intend", "aim", "slate", "poise", "arrange",
     "prepare", "go"}
)  # fmt: skip
HYPOTHETICAL_LEMMAS = frozenset(
    {"suggest", "consider", "possible", "potential", "likely", "unlikely"}
)  # fmt: skip
REFUSAL_LEMMAS = frozenset({"decline", "refuse"})
# Verbs of agreeing to an act ("X and Y agreed to resume talks", "accepted to return to the
# table"): the agreement is the event when the act is cooperative, else the act itself is.
AGREEMENT_LEMMAS = frozenset({"agree", "accept", "consent"})
# Verbs of acts done to each other: "X and Y exchanged prisoners", "traded accusations",
# "clashed on the border" bind their coordinated subjects to each other.
RECIPROCAL_LEMMAS = frozenset({"exchange", "swap", "trade", "clash"})
# Verbs telling what an act led to: "met X, which resulted in the signing of ...".
RESULT_LEMMAS = frozenset({"result", "lead", "culminate", "produce", "yield", "end"})
# Texts that carry an act ("a resolution condemning X", "a statement calling on Y to ..."), and
# the verbs by which a body makes such a text its own: the act is then the body's.
TEXT_NOUNS = frozenset(
    {"resolution", "motion", "declaration", "statement", "communique", "communiqué", "text"}
)
ADOPTION_LEMMAS = frozenset(
    {"adopt", "pass", "approve", "back", "endorse", "vote", "issue", "release", "publish"}
)
DENIAL_LEMMAS = frozenset({"deny", "fail"})
# Verbs that, said of talks, report them broken off ("talks collapsed").
HALT_LEMMAS = frozenset({"collapse", "fail", "stall", "falter", "founder", "break"})
# Verbs of a measure coming into force, with "effect" or "force": "take effect", "go into
# effect", "come into force", "enter into force".
EFFECT_LEMMAS = frozenset({"take", "go", "come", "enter"})
# Verbs that end what their object noun names ("ended the embargo", "lifted the blockade").
ENDING_LEMMAS = frozenset({"end", "lift", "conclude", "complete", "wrap", "halt", "stop", "ease"})
# Verbs of deciding an act ("decided to expel", "voted to condemn"): the act decided is the
# event, as it happened.
DECISION_LEMMAS = frozenset({"decide", "vote", "resolve", "opt", "choose", "move"})
# Governors that leave the event to the act below them.
MOOD_LEMMAS = (
    DESIRE_LEMMAS | PLAN_LEMMAS | HYPOTHETICAL_LEMMAS | REFUSAL_LEMMAS | DENIAL_LEMMAS
    | DECISION_LEMMAS
)  # fmt: skip
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
     "arrive", "travel", "leave", "fly", "head", "launch", "carry", "stage", "mount", "order",
     "issue", "release", "impose", "introduce"}
)  # fmt: skip

# Intent codes for an act under a desire word: meeting -> 036, material cooperation -> 031 ...
# A code's own intent code comes before its root's: an offer to mediate is 039.
INTENT_CODE = {
    "045": "039", "04": "036", "05": "032", "06": "031", "07": "033", "08": "034"
}  # fmt: skip
# Verbs whose subject takes in what their object noun brings: "received a call from X".
RECEIVING_GOVERNORS = frozenset({"receive", "get", "accept", "take", "answer", "welcome"})
# Roots of nouns whose "from" phrase names who acts (a call, an invitation, aid from X); a
# withdrawal or an expulsion "from X" names a place or a side acted upon instead.
ORIGIN_ROOTS = frozenset({"01", "02", "03", "04", "05", "06", "07"})
# Roots of removals (expelling diplomats, deporting): "X were expelled from Y" is done by Y.
REMOVAL_ROOTS = frozenset({"16", "17"})
# Roots of acts whose object is often another's act with its party inside ("condemned the
# strikes by X", "called for a halt to the violence in X", "welcomed the start of talks between
# X and Y"): appeals, praise, demands, disapproval, rejection.
EMBEDDED_TARGET_ROOTS = frozenset({"02", "05", "10", "11", "12"})
# Roots of one-sided acts (threats, force, sanctions, expulsions, violence): a later act about
# one ("condemned the strikes") concerns whoever did it, not whom it was done to.
DOER_ROOTS = frozenset({"13", "15", "16", "17", "18", "19", "20"})
# Roots of acts whose complement may name their target ("urged X to ...", "pledged to expand
# ties with X", "agreed to lift the sanctions on X"): appeals, promises, yielding, demands,
# disapproval, rejection, threats.
COMPLEMENT_TARGET_ROOTS = frozenset({"02", "03", "08", "10", "11", "12", "13"})
# Roots of acts whose clausal object is their content, no act of its own ("urged that X
# withdraw", "pledged that X would support Y", "demanded that X release ..."): appeals,
# promises, demands.
CONTENT_ROOTS = frozenset({"02", "03", "10"})
# Roots of acts that a reporting verb's addressee receives ("told X that Y is open to talks"):
# statements, appeals, promises, threats.
ADDRESSED_ROOTS = frozenset({"01", "02", "03", "13"})
ADDRESSING_LEMMAS = frozenset({"tell", "assure", "inform", "promise", "write", "brief"})
# Nouns by which a later act refers back to an event ("welcomed the agreement", "condemned
# the strikes") and the CAMEO roots of the events they can name (None: any).
_AGREED = frozenset({"03", "05", "08"})
_FORCE = frozenset({"18", "19", "20"})
# Nouns of what someone said: "the remarks" refers back to the last speaker.
SPEECH_NOUNS = frozenset(
    {"remark", "remarks", "comment", "comments", "statement", "statements", "word", "words",
     "claim", "claims", "speech"}
)  # fmt: skip
REFERRING_NOUNS: dict[str, frozenset[str] | None] = {
    "agreement": _AGREED, "deal": _AGREED, "accord": _AGREED, "truce": _AGREED,
    "ceasefire": _AGREED, "declaration": _AGREED, "pact": _AGREED, "treaty": _AGREED,
    "attack": _FORCE, "strike": _FORCE, "strikes": _FORCE, "aggression": _FORCE,
    "airstrike": _FORCE, "shelling": _FORCE, "bombing": _FORCE, "bombardment": _FORCE,
    "invasion": _FORCE, "incursion": _FORCE, "offensive": _FORCE,
    "talks": frozenset({"04"}), "meeting": frozenset({"04"}), "visit": frozenset({"04"}),
    "expulsion": frozenset({"16"}), "sanctions": frozenset({"16"}),
    "decision": None, "move": None, "step": None,
}  # fmt: skip
# Roots of acts reported in lists whose later items leave the target unsaid ("Y expelled
# three diplomats, Z two"): reducing relations, sanctioning.
ELLIPTIC_ROOTS = frozenset({"16"})
# CAMEO roots whose events may have a single actor (force posture, violence); every other
# event is an interaction and needs two parties, so a lone "X said" is no diplomatic event.
UNARY_ROOTS = frozenset({"15", "18", "19", "20"})
# Words of an act that is a meeting or negotiation ("pledged to hold talks").
MEETING_WORDS = frozenset(
    {"meet", "meeting", "talk", "talks", "summit", "visit", "dialogue", "negotiate",
     "negotiation", "negotiations"}
)  # fmt: skip

PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
# Pronouns by which a quoted speaker names itself ("'We urge X to ...,' the ministry said").
FIRST_PERSON = frozenset({"we", "i"})
# Nouns that, plural and definite ("the sides", "the two leaders", "both nations"), stand
# for the parties named together shortly before.
PAIR_NOUNS = frozenset(
    {"side", "party", "leader", "country", "nation", "government", "delegation", "president",
     "minister", "counterpart", "neighbour", "neighbor", "pair", "duo", "capital", "state",
     "head"}
)  # fmt: skip
# Determiners that make such a noun definite or count it ("the", "both", "two", "all").
PAIR_DETERMINERS = frozenset({"the", "both", "two", "three", "all", "these", "those"})
# How many parties a group word counts.
GROUP_SIZES = {"both": 2, "two": 2, "pair": 2, "duo": 2, "three": 3, "four": 4}
# A state's ships, aircraft and forces: "fired at Philippine vessels" acts on the Philippines.
ASSET_NOUNS = frozenset(
    {"vessel", "boat", "ship", "warship", "aircraft", "jet", "plane", "drone", "troop", "force",
     "soldier", "sailor", "fisherman", "patrol", "convoy", "embassy", "consulate"}
)  # fmt: skip
# Group nouns that stand for the states of the parties, not their people ("the two countries").
STATE_GROUP_NOUNS = frozenset(
    {"country", "nation", "state", "capital", "government", "neighbour", "neighbor"}
)
# Pronouns that stand for a group named shortly before ("They agreed ...", "Both said ...").
GROUP_PRONOUNS = frozenset({"they", "both"})

# Encounters (consult, meet, call, talk, mediate, negotiate): coordinated subjects meet each
# other, and a visitor's presence places them.
ENCOUNTER_ROOT = "04"
# Nouns of occasions a relative clause may tell about ("a meeting ..., in which they
# discussed X"), and the prepositions that introduce such a clause.
OCCASION_NOUNS = frozenset(
    {"meeting", "talk", "talks", "summit", "call", "conversation", "session", "conference",
     "negotiation", "negotiations", "visit", "encounter"}
)  # fmt: skip
OCCASION_PREPS = frozenset({"in", "during", "at"})
PHONE_CALL_CODE = "041"
# Words that make a call or talk with several parties one happening ("a joint call").
JOINT_WORDS = frozenset({"joint", "conference", "trilateral", "three-way", "four-way", "together"})
MEET_CODES = ("036", "040", "041", "044", "045", "046")
# Codes whose parties act together, so "X and Y met" needs no object; every other
# interaction needs a source and a target.
SYMMETRIC_CODES = (*MEET_CODES, "05", "06", "164", "19")
# Participial modifiers whose agent is the actor the noun stands for ("a delegation led by X",
# "a statement issued by X", "the meeting, chaired by X").
REPRESENTING_LEMMAS = frozenset(
    {"lead", "head", "accompany", "send", "dispatch", "publish", "issue", "release", "sign",
     "draft", "sponsor", "table", "submit", "author", "introduce", "chair", "host", "convene",
     "preside"}
)  # fmt: skip
# Nouns of envoys and missions, whose posting names a state too: "its ambassador in X",
# "the embassy in X", "our envoy to X".
ENVOY_NOUNS = frozenset(
    {"ambassador", "envoy", "diplomat", "embassy", "consulate", "mission", "charge",
     "commissioner", "consul", "attache", "representative", "delegation"}
)  # fmt: skip
ENVOY_PREPS = frozenset({"in", "to", "at"})
# Who speaks for a body: "a spokesman for the foreign ministry" speaks as the ministry.
SPOKESPERSON_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "mouthpiece"})

# Determiners that make a meeting noun refer back to one already reported ("the talks",
# "this summit"), or introduce a new one ("a meeting", "another round").
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
# Nouns of members of a bloc: "a NATO country", "an EU member state" name a kind, not a party.
MEMBER_NOUNS = frozenset({"country", "state", "nation", "member", "ally", "government"})
INDEFINITE_DETERMINERS = frozenset({"a", "an", "another", "next", "new", "further", "more"})

# Kinds of happening inside a CAMEO root that never merge into one another: a visit, a call
# and a meeting; praise, recognition, an apology and an agreement; cutting ties, cutting aid,
# sanctions and halting talks.
HAPPENING_KINDS = {
    "036": "intent to meet", "041": "call", "042": "visit", "043": "visit",
    "051": "praise", "054": "recognition", "055": "apology", "057": "agreement",
    "160": "relations", "161": "envoys", "162": "aid", "163": "sanctions", "164": "talks",
}  # fmt: skip

# A first line of at most this many words that ends no sentence is the article's headline.
HEADLINE_MAX_WORDS = 20

# What joins the parties of a pair premodifying a trigger ("the US-China talks").
DASHES = frozenset({"-", "\u2010", "\u2011", "\u2013", "\u2014", "/"})
