"""Build pipeline/kb/verbs.tsv: the verb trigger lexicon of the event extractor.

Run once when the sources change (the product never reads ../shared at run time):

    python scripts/convert_cameo_verbs.py ../shared/kb/phoenix/CAMEO.2.0.txt pipeline/kb/verbs.tsv

Two sources are merged:
- the PETRARCH2 CAMEO verb dictionary (MIT, openeventdata/petrarch2): verb synsets with a
  default code and phrase patterns. Only what a dependency matcher can check is kept: the verb
  lemma, an optional particle or preposition, and an optional object head noun (a pattern's
  first element after the verb; `{MULTI WORD}` phrases give their last word, `&SETS` are
  expanded). Patterns that constrain the subject side or only code the target (`[:020]`) are
  dropped, because the matcher cannot honour them.
- a curated list (below) for the diplomatic core; it wins over PETRARCH for the same key.

Output columns: lemma, prep (particle or preposition, may be empty), noun (object or
prepositional object head, `@actor` for "any political actor", `@person` for a named person,
may be empty), code (`---`
means "matches, but is no event"), note (where the row came from).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# Particles and prepositions that can follow a verb in a PETRARCH pattern.
PREPS = frozenset(
    "about across after against ahead along alongside among around as at away back before "
    "behind below beneath beside between beyond by down for forward from in inside into near "
    "of off on onto out outside over past through throughout to toward towards under until "
    "up upon with within without".split()
)
# Larger `&SETS` (weapons, currencies) would multiply the table for little gain.
MAX_SET = 12
# Words that begin an auxiliary or copular PETRARCH phrase (IS_DETERMINED); not verb triggers.
AUX_HEADS = frozenset("is are was were be been am has have had will would do does did".split())

# The curated diplomatic core: lemma, prep, noun (| separates alternatives), code.
# Meeting, visit and hosting verbs carry their full code; conflict families at least the root.
CURATED = """
say			010
accord			---
accord	to		---
state			010
announce			010
declare			010
comment			010
remark			010
reiterate			010
stress			010
emphasize			010
assert			010
warn			010
express		concern|worry|alarm	012
express		optimism|hope	013
express		condolence|condolences|sympathy	018
decline		comment	011
deny			016
acknowledge			015
claim		responsibility	015
consider		option|proposal	014
urge			020
appeal			020
appeal	to		020
call	for		020
call	on		020
call	upon		020
call	for	talks|dialogue|negotiations|meeting|summit	026
call	for	ceasefire|truce	0256
ask	for		020
request			020
plead			020
implore			020
press		@actor	020
press	for		020
push		@actor	020
pledge			030
promise			030
vow			030
commit	to		030
reaffirm		commitment	030
express		willingness|readiness|intention|desire|wish	030
stand		ready	030
offer			030
meet			040
meet	with		040
confer			040
consult			040
consult	with		040
talk	with		040
hold		talks|meeting|summit|consultations|discussions	040
have		talks|meeting	040
discuss		@actor	040
gather	with		040
sit	down		040
join		@person	040
appear	alongside		040
appear	with		040
stand	alongside		040
stand	beside		040
sit	alongside		040
sit	beside		040
seat	alongside		040
seat	beside		040
speak	by	phone|telephone	041
hold		call	041
visit			042
travel	to		042
fly	to		042
head	to		042
arrive	in		042
tour			042
attend			042
attend		ceremony|ceremonies|celebration|celebrations|parade|funeral|inauguration	042
attend		commemoration|anniversary|festivities	042
call			---
need			---
face			---
pay		visit	042
make		visit|trip	042
send		envoy|delegation|delegate	042
dispatch		envoy|delegation|delegate	042
host			043
welcome		@actor	043
receive		@actor	043
greet		@actor	043
mediate			045
negotiate			046
negotiate	with		046
hold		negotiations	046
praise			051
commend			051
laud			051
hail			051
thank			051
applaud			051
congratulate			051
flatter			051
compliment			051
welcome			051
endorse			051
express		gratitude|appreciation|thanks	051
defend		@actor	052
recognize		@actor	054
recognise		@actor	054
apologize			055
apologise			055
forgive			056
sign		agreement|treaty|deal|accord|pact|memorandum|declaration	057
reach		agreement|deal|accord|consensus	057
conclude		agreement|treaty|deal	057
strengthen		ties|relations|cooperation|partnership	050
deepen		ties|relations|cooperation|partnership	050
improve		ties|relations	050
provide		aid|assistance	070
give		aid|assistance	070
send		aid|assistance	070
provide		support	070
send		weapons|arms|ammunition	072
provide		weapons|arms|ammunition	072
ease		sanctions	085
lift		sanctions	085
release		prisoner|prisoners|hostage|hostages|detainee|detainees	0841
withdraw		troops|forces	0873
concede			080
yield			080
investigate			090
probe			090
launch		investigation|probe|inquiry	090
demand			100
insist			100
criticize			111
criticise			111
condemn			111
denounce			111
slam			111
blast			111
rebuke			111
castigate			111
deplore			111
decry			111
censure			111
lash	out		111
disapprove			110
accuse			112
blame			112
complain			114
lodge		protest|complaint	114
reject			120
rebuff			120
refuse			120
decline			120
ignore		@actor	120
veto			129
threaten			130
issue		threat|warning|ultimatum	130
protest			140
stage		protest|demonstration|rally	141
hold		protest|demonstration|rally	141
demonstrate	against		141
hold		parade|drill|drills|exercise|exercises|maneuvers|manoeuvres	150
stage		parade|drill|drills|exercise|exercises|maneuvers|manoeuvres|show|display	150
conduct		drill|drills|exercise|exercises|maneuvers|manoeuvres	150
display		weapon|weapons|missile|missiles|arsenal	150
showcase		weapon|weapons|missile|missiles|arsenal	150
parade		weapon|weapons|missile|missiles|troops	150
mobilize		troops|forces|army	154
mobilise		troops|forces|army	154
reduce		ties|relations	160
downgrade		ties|relations|contact|contacts	160
sever		ties|relations	161
cut		ties|relations	161
break	off	ties|relations	161
recall		ambassador|envoy	161
expel		diplomat|diplomats|ambassador|envoy	161
suspend		talks|negotiations	164
break	off	talks|negotiations	164
impose		sanctions|embargo|tariffs	163
tighten		sanctions|embargo	163
slap		sanctions|tariffs	163
announce		sanctions	163
sanction			163
impose			170
arrest			173
detain			173
deport			174
expel		@actor	174
abduct			181
kidnap			181
assassinate			186
attack			190
invade			192
occupy			192
bomb			195
shell			194
launch		attack|attacks|strike|strikes|offensive|invasion	190
fight			190
clash	with		190
massacre			202
"""

CODE_RE = re.compile(r"\[([^\]]*)\]")
ELEMENT_RE = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s(){}]+")


def parse_code(text: str) -> str | None:
    """Return the source-side CAMEO code of a `[...]` field, `---` for "no event", else None.

    `[042:043]` codes the subject's act (042); `[:173]` only codes the target's and is dropped.
    """
    text = text.strip()
    if text.startswith("---") or text == "":
        return "---" if text.startswith("---") else None
    first = text.split(":")[0].strip()
    return first if re.fullmatch(r"\d{2,4}", first) else None


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    """Return the `&NAME` synonym sets: lower-case single words (phrases give their head)."""
    sets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        line = line.split("#")[0].rstrip()
        if line.startswith("&"):
            current = sets.setdefault(line.split()[0], [])
        elif line.startswith("+") and current is not None:
            word = line[1:].strip().strip("_").lower()
            if word:
                current.append(word.split("_")[-1])
        elif not line.strip():
            continue
        else:
            current = None
    return sets


def nouns_of(element: str, synsets: dict[str, list[str]]) -> list[str]:
    """Return the head noun(s) an object element names: WORD, {MULTI WORD} or &SET."""
    if element.startswith("{"):
        words = element.strip("{}").split()
        element = words[-1] if words else ""
    if element.startswith("&"):
        members = synsets.get(element, [])
        return members if len(members) <= MAX_SET else []
    word = element.lower().strip("_")
    if not word or not re.fullmatch(r"[a-z][a-z\-]*", word):
        return []
    return [word]


def pattern_keys(post: str, synsets: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Return (prep, noun) keys for the part of a pattern after the verb (`*`)."""
    elements = [e for e in ELEMENT_RE.findall(post) if e not in {"$", "+", "^", "%"}]
    if not elements:
        return []
    first = elements[0]
    if first.startswith("("):
        words = ELEMENT_RE.findall(first.strip("()"))
        if not words or words[0].lower() not in PREPS:
            return []
        prep = words[0].lower()
        rest = [w for w in words[1:] if w not in {"$", "+", "^", "%"}]
        if not rest:
            return [(prep, "")]
        return [(prep, n) for n in nouns_of(rest[0], synsets)]
    if first.lower() in PREPS:
        prep = first.lower()
        if len(elements) > 1 and not elements[1].startswith("("):
            return [(prep, n) for n in nouns_of(elements[1], synsets)]
        return [(prep, "")]
    return [("", n) for n in nouns_of(first, synsets)]


def parse_verb_line(line: str) -> tuple[str, str, str, str | None] | None:
    """Return (lemma, prep, noun, own code) of a synset's verb line, or None to skip it."""
    body = line.split("#")[0]
    code_match = CODE_RE.search(body)
    own = parse_code(code_match.group(1)) if code_match else None
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", body).split()
    if not head:
        return None
    words = head[0].lstrip("+").lower().strip("_").split("_")
    if not words[0].isalpha() or words[0] in AUX_HEADS or len(words) > 2:
        return None
    if len(words) == 1:
        return words[0], "", "", own
    second = words[1]
    return (words[0], second, "", own) if second in PREPS else (words[0], "", second, own)


def convert_petrarch(text: str) -> list[tuple[str, str, str, str, str]]:
    """Return (lemma, prep, noun, code, note) rows from the PETRARCH2 verb dictionary."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("####### VERB PATTERNS"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("######## TRANSFORMATIONS"))
    synsets = read_synsets(lines[:start])
    rows: list[tuple[str, str, str, str, str]] = []
    block, block_code = "", None
    verbs: list[str] = []
    for line in lines[start + 1 : end]:
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("---"):
            match = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
            block = match.group(1) if match else ""
            block_code = parse_code(match.group(2)) if match else None
            verbs = []
        elif line.startswith("-"):
            pattern = line.split("#")[0]
            code_match = CODE_RE.search(pattern)
            code = parse_code(code_match.group(1)) if code_match else None
            body = CODE_RE.sub("", pattern)[1:].strip()
            if code is None or "*" not in body:
                continue
            pre, post = body.split("*", 1)
            if pre.strip():
                continue
            # The comment names the verb the pattern was written for; keep it to that verb.
            origin = line.split("#", 1)[1].split(",")[0].strip().lower() if "#" in line else ""
            targets = [origin] if origin in verbs else verbs
            for prep, noun in pattern_keys(post, synsets):
                for verb in targets:
                    rows.append((verb, prep, noun, code, f"petrarch2 {block}"))
        else:
            parsed = parse_verb_line(line)
            if parsed is None:
                continue
            lemma, prep, noun, own = parsed
            if not prep and not noun:
                verbs.append(lemma)
            code = own or block_code
            if code and (code != "---" or prep or noun):
                rows.append((lemma, prep, noun, code, f"petrarch2 {block}"))
    return rows


def curated_rows() -> list[tuple[str, str, str, str, str]]:
    """Return the curated rows, one per noun alternative."""
    rows = []
    for line in CURATED.strip("\n").splitlines():
        lemma, prep, nouns, code = line.split("\t")
        for noun in nouns.split("|"):
            rows.append((lemma, prep, noun, code, "curated"))
    return rows


def merge(
    curated: list[tuple[str, str, str, str, str]], petrarch: list[tuple[str, str, str, str, str]]
) -> list[tuple[str, str, str, str, str]]:
    """Keep one row per (lemma, prep, noun): curated first, then PETRARCH's first pattern."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for row in [*curated, *petrarch]:
        key = row[:3]
        if key not in seen:
            seen.add(key)
            out.append(row)
    return sorted(out, key=lambda r: (r[0], r[1], r[2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dictionary", type=Path, help="PETRARCH2 CAMEO.2.0.txt")
    parser.add_argument("output", type=Path, help="verbs.tsv to write")
    args = parser.parse_args(argv)
    rows = merge(curated_rows(), convert_petrarch(args.dictionary.read_text(encoding="latin-1")))
    with args.output.open("w", encoding="utf-8") as out:
        out.write("lemma\tprep\tnoun\tcode\tnote\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    sys.stderr.write(f"wrote {len(rows)} rows to {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
