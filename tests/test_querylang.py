"""The query language's hyphens: where ``-`` means NOT and where it is a headline's punctuation.

Shapes counted on VNTC by ``bench/hyphen_shapes.py``: ``A-B``, ``A - B`` and ``A- B`` join or
separate words and never negate; ``-B`` at the start or after a space (or an opening parenthesis)
is NOT, as users type it, also before a quoted phrase, ``title:`` or a group. The sentences are
our own, in those shapes.
"""

from __future__ import annotations

import pytest

from searchsvc.engine.querylang import And, Node, Not, Or, Words, parse_query, positive_tokens


def negated(node: Node | None) -> list[object]:
    """What the tree excludes, in order: a word's tokens, or ``OR`` of their tokens."""
    if node is None or isinstance(node, Words):
        return []
    if isinstance(node, Not):
        child = node.child
        if isinstance(child, Or):
            return [("OR", *(c.tokens for c in child.children if isinstance(c, Words)))]
        return [child.tokens] if isinstance(child, Words) else [child]
    assert isinstance(node, And | Or)
    return [found for child in node.children for found in negated(child)]


@pytest.mark.parametrize(
    ("query", "excluded"),
    [
        # A-B: a name, an abbreviation or a school year joined by a hyphen; never NOT.
        ("Trường THCS Hoa Thủy-Lệ Thủy đạt chuẩn quốc gia", []),
        ("Sở GD-ĐT Quảng Bình tổng kết năm học", []),
        ("tuyển sinh năm học 2019-2020", []),
        ("(GDTĐ)-Chiều nay học sinh khối 12", []),
        ('"thi đua"-khen thưởng', []),
        ("khen thưởng--giấy khen", []),
        # A - B and A- B: separators of a headline; never NOT.
        ("Hoa Thủy - Lệ Thủy: khai giảng năm học mới", []),
        ("Hoa Thủy- Lệ Thủy khai giảng", []),
        ("khen thưởng - (giấy khen)", []),
        # Other dashes are punctuation too: only the hyphen-minus is typed as NOT.
        ("Hoa Thủy \u2013Lệ Thủy", []),
        ("Hoa Thủy \u2212Lệ Thủy", []),
        # -B at the start or after a space: NOT, as users of search engines type it.
        ("khen thưởng -giấy", [("giấy",)]),
        ("-tuyển sinh lớp 10", [("tuyển",)]),
        ("học phí (-tư thục)", [("tư",)]),
        ("khen thưởng\u00a0-giấy", [("giấy",)]),
        ('thi đua -"cờ thi đua"', [("cờ", "thi", "đua")]),
        ("khen thưởng -title:giấy", [("giấy",)]),
        ("khen thưởng -(giấy OR bằng)", [("OR", ("giấy",), ("bằng",))]),
        ("khen thưởng NOT (giấy OR bằng)", [("OR", ("giấy",), ("bằng",))]),
        # A -B is NOT even in a pasted headline: 97 of 17,190 hyphens between words in VNTC's
        # titles have this shape, against the search engines' meaning users type.
        ("Trường THCS Hoa Thủy -Lệ Thủy", [("Lệ",)]),
        ("tỷ số 2 -1", [("1",)]),
        # Quoted, the same headline is searched as written.
        ('"Trường THCS Hoa Thủy -Lệ Thủy"', []),
        ('title:"Hoa Thủy -Lệ Thủy"', []),
    ],
)
def test_hyphen_shapes(query: str, excluded: list[object]) -> None:
    node, exact = parse_query(query)
    assert exact
    assert negated(node) == excluded


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Trường THCS Hoa Thủy-Lệ Thủy", ["Trường", "THCS", "Hoa", "Thủy", "Lệ", "Thủy"]),
        ("Hoa Thủy - Lệ Thủy", ["Hoa", "Thủy", "Lệ", "Thủy"]),
        ("Hoa Thủy- Lệ Thủy", ["Hoa", "Thủy", "Lệ", "Thủy"]),
        ("năm học 2019-2020", ["năm", "học", "2019", "2020"]),
    ],
)
def test_joined_and_spaced_hyphens_keep_every_word(query: str, words: list[str]) -> None:
    """A headline pasted with ``A-B``, ``A - B`` or ``A- B`` is searched for all its words."""
    node, _ = parse_query(query)
    assert positive_tokens(node) == words


@pytest.mark.parametrize("query", ["-(giấy OR bằng)", "-giấy", "-", "- -", "-()", "khen -()"])
def test_negations_alone_or_empty_never_raise(query: str) -> None:
    """Only negations (or a dash before nothing) read as plain words, never an error."""
    node, exact = parse_query(query)
    assert not negated(node)
    assert not exact
