"""The trigger lexicon: verb rules from `kb/verbs.tsv` and nominal triggers from `kb/nouns.tsv`.

A verb rule is a lemma with an optional particle or preposition and an optional object noun
(PETRARCH2 patterns merged with a curated diplomatic core); a nominal trigger is a noun lemma
and its code. Codes are checked against the CAMEO table when the lexicon is read.
"""

from __future__ import annotations

import csv
import functools
import logging
from dataclasses import dataclass

from pipeline.cameo import cameo_table
from pipeline.kb import KB_DIR

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

VERBS_PATH = KB_DIR / "verbs.tsv"
NOUNS_PATH = KB_DIR / "nouns.tsv"

ACTOR_NOUN = "@actor"  # a lexicon noun that matches any political actor as the object
PERSON_NOUN = "@person"  # ... and one that matches a named person ("joined X", not "joined NATO")
NO_EVENT = "---"  # a lexicon code meaning "this phrase is known and is no event"


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
