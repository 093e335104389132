"""The CAMEO table and the conversion of PETRARCH2 verb patterns into the trigger lexicon."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.cameo import cameo_table, is_valid, lookup

CONVERTER = Path(__file__).resolve().parents[2] / "scripts" / "convert_cameo_verbs.py"


@pytest.fixture(scope="module")
def converter():
    spec = importlib.util.spec_from_file_location("convert_cameo_verbs", CONVERTER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "code,root,quad_class,name_part",
    [
        ("042", "04", 1, "visit"),
        ("043", "04", 1, "host"),
        ("051", "05", 1, "praise"),
        ("111", "11", 3, "criticize"),
        ("163", "16", 4, "embargo"),
        ("190", "19", 4, "conventional"),
    ],
)
def test_lookup_gives_root_quad_class_and_name(code, root, quad_class, name_part):
    entry = lookup(code)
    assert (entry.code, entry.root, entry.quad_class) == (code, root, quad_class)
    assert name_part in entry.name.lower()


@pytest.mark.parametrize("code", ["999", "", "04x"])
def test_unknown_code_is_none_not_an_error(code):
    assert lookup(code) is None
    assert not is_valid(code)


def test_cooperation_scores_above_conflict():
    assert lookup("051").goldstein > 0 > lookup("111").goldstein


def test_table_is_read_once():
    assert cameo_table() is cameo_table()


@pytest.mark.parametrize(
    "field,expected",
    [
        ("042:043", "042"),  # the subject's act
        ("120", "120"),
        ("---", "---"),  # known phrase, no event
        (":173", None),  # codes only the target: unusable without role inversion
        ("", None),
    ],
)
def test_parse_code_keeps_the_source_side(converter, field, expected):
    assert converter.parse_code(field) == expected


@pytest.mark.parametrize(
    "post,expected",
    [
        ("(WITH LEADERS)", [("with", "leaders")]),
        ("(TO)", [("to", "")]),
        ("SANCTIONS", [("", "sanctions")]),
        ("{HUMANITARIAN AID}", [("", "aid")]),  # a phrase gives its head noun
        ("OUT VIEWS", [("out", "views")]),  # particle then object
        ("&TREATY", [("", "treaty"), ("", "accord")]),  # a set expands to its members
    ],
)
def test_pattern_keys_keep_preposition_and_object_head(converter, post, expected):
    synsets = {"&TREATY": ["treaty", "accord"]}
    assert converter.pattern_keys(post, synsets) == expected


def test_curated_rows_win_over_petrarch_for_the_same_key(converter):
    curated = [("meet", "with", "", "040", "curated")]
    petrarch = [("meet", "with", "", "036", "petrarch2 MEET"), ("meet", "at", "", "036", "x")]
    merged = converter.merge(curated, petrarch)
    assert ("meet", "with", "", "040", "curated") in merged
    assert len(merged) == 2


def test_converter_reads_a_petrarch_block(converter):
    text = "\n".join(
        [
            "####### VERB PATTERNS #######",
            "---  PRAISE   [051]  ---",
            "HAIL",
            "LAUD  # note",
            "- * (FOR COURAGE)   [051]   # HAIL",
            "- PILGRIMS *   [---]   # HAIL",
            "######## TRANSFORMATIONS ##########",
        ]
    )
    rows = {row[:4] for row in converter.convert_petrarch(text)}
    assert rows == {
        ("hail", "", "", "051"),
        ("laud", "", "", "051"),
        ("hail", "for", "courage", "051"),  # kept for the verb it was written for
    }
