"""Word sets and tables the actor rules apply: name order, title modifiers, office ranks,
state-media phrases, NER labels."""

from __future__ import annotations

# Countries whose names put the family name first ("Kim" of Kim Jong Un, "Xi" of Xi Jinping).
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "KHM"})
# English-language news refers to Vietnamese people by the last given name ("Lam" for To Lam),
# so both ends of a Vietnamese name are short forms.
GIVEN_NAME_SHORT_FORM = frozenset({"VNM"})
# Surname particles that start a multi-word surname ("von der Leyen", "bin Salman").
NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "del", "dos", "das", "la", "le", "al",
     "el", "bin", "ibn"}
)  # fmt: skip
# Words between a title and what it applies to that keep the title's meaning.
TITLE_MODIFIERS = frozenset(
    {"former", "then", "acting", "interim", "outgoing", "incoming", "late", "ex", "new",
     "current", "incumbent", "sitting", "deposed", "ousted"}
)  # fmt: skip
# Modifiers that say the person no longer holds the title.
PAST_MODIFIERS = frozenset({"former", "then", "late", "ex", "deposed", "ousted"})
# Courtesy titles: part of a mention, but not political (they make nobody an actor).
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "madame", "sir", "comrade"})
# Title categories a generic title matches; "leader" is whoever leads, whatever the office.
TITLE_COMPATIBLE = {
    "leader": ("party_leader", "head_of_state", "head_of_government", "monarch", "leader"),
    "head_of_state": ("head_of_state", "leader"),
    "head_of_government": ("head_of_government", "leader"),
}
# Title categories one person holds at a time in a country, so that a bare title ("the
# Chilean president") names its holder; many hold the others at once ("Russia's ambassador",
# "a minister"), and a bare one names no person.
SINGLE_HOLDER_CATEGORIES = frozenset(
    {"head_of_state", "head_of_government", "leader", "monarch", "party_leader",
     "foreign_minister"}
)  # fmt: skip
# Which office a person's actor carries when several are held on the same day.
OFFICE_RANK = {
    "head_of_state": 0, "leader": 1, "head_of_government": 2, "party_leader": 3, "monarch": 4,
    "foreign_minister": 5, "minister": 6, "diplomat": 7, "military": 8, "official": 9,
}  # fmt: skip
# Title categories shared with business and civil society ("chief", "spokesman"): they make
# a stranger an actor only with a state or an international body to go with them.
GENERIC_TITLE_CATEGORIES = frozenset({"official"})
# Phrases for a state's official news outlets, resolved to its state_media organisation.
STATE_MEDIA_PHRASES = frozenset(
    {"state media", "state news agency", "official news agency", "state run media",
     "state run news agency", "state television", "state tv", "state broadcaster",
     "official media", "state owned media"}
)  # fmt: skip
STATE_MEDIA_MAX_WORDS = 4
# A state's armed services named by their role ("the Chinese coast guard", "Russia's navy").
ARMED_SERVICE_PHRASES = frozenset(
    {"coast guard", "navy", "army", "air force", "military", "armed forces", "border guard",
     "border guards", "marines"}
)  # fmt: skip
ARMED_SERVICE_MAX_WORDS = 2
# NER labels of names a capital can be part of without standing for its state. GPE and NORP
# are not here: "the Beijing government" is the state.
NAMED_THING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})
# NER labels a lone surname is given ("Xi" as PERSON, ORG or GPE, "Albanese" as NORP).
SURNAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Spelling variants folded in synthesized ministry names ("Defense Ministry" = "Defence").
MINISTRY_WORD_SPELLING = {"defense": "Defence"}
