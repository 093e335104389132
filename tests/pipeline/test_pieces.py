"""Long texts cut into pieces: nothing lost, nothing over the limit, cuts at the best break."""

from __future__ import annotations

import pytest

from pipeline.pieces import split_text

PARAGRAPH = "The envoy met the minister. They talked about the border."


@pytest.mark.parametrize(
    "text,limit,expected",
    [
        # Short enough: one piece.
        ("One paragraph.", 100, ["One paragraph."]),
        # Paragraph breaks first, the blank line staying with the piece before it.
        (f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n{PARAGRAPH}", 130,
         [f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n", PARAGRAPH]),
        # Then line breaks.
        ("Line one here.\nLine two here.\nLine three.", 32,
         ["Line one here.\nLine two here.\n", "Line three."]),
        # Then sentence ends, closing quotes included.
        ('He said "go." They went. Then they came back.', 30,
         ['He said "go." They went. ', "Then they came back."]),
        # Then spaces.
        ("aaaa bbbb cccc dddd", 12, ["aaaa bbbb ", "cccc dddd"]),
        # Nothing to break at: cut at the limit.
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
    ],
)
def test_split_text_cuts_at_the_best_break_within_the_limit(text, limit, expected):
    assert [piece for _, piece in split_text(text, limit)] == expected


@pytest.mark.parametrize("limit", [7, 50, 200])
def test_pieces_join_to_the_text_and_their_offsets_point_into_it(limit):
    text = "\n\n".join(f"{PARAGRAPH} Number {n}.\nA second line." for n in range(40))
    pieces = split_text(text, limit)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(len(piece) <= limit for _, piece in pieces)


def test_split_text_refuses_a_limit_below_one():
    with pytest.raises(ValueError, match="at least 1"):
        split_text("text", 0)
