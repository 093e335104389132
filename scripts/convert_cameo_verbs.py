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
CURATED = Path(__file__).resolve().parent / "kb_sources" / "curated_verbs.tsv"

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
    for line in CURATED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
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
