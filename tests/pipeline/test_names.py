"""Name keys: the resolver and the alias table look names up by the same key."""

from __future__ import annotations

import pytest

from pipeline.names import normalize_alias


@pytest.mark.parametrize(
    "raw,key",
    [
        ("Kim Jong-un", "kim jong un"),
        ("KIM  JONG UN", "kim jong un"),
        ("Tô Lâm", "to lam"),
        ("Tomás Herrera", "tomas herrera"),
        ("U.S.", "us"),
        ("  Sweden\n", "sweden"),
        ("People's Republic of China", "peoples republic of china"),
        ("People\u2019s  Republic", "peoples republic"),
        ("Secretary\u2013General", "secretary general"),
    ],
)
def test_normalize_alias_folds_case_accents_hyphens_dots_apostrophes(raw, key):
    assert normalize_alias(raw) == key
