"""Snippets and title marks: on the accented original, for exact and folded matches alike."""

from __future__ import annotations

import unicodedata

import pytest

from searchsvc.engine.highlight import highlight_all, snippet


@pytest.mark.parametrize(
    ("text", "terms", "marked"),
    [
        ("Sở GD&ĐT Thái Nguyên họp", {"thai", "nguyen"}, "<mark>Thái Nguyên</mark>"),
        ("Con đường và cô Dương", {"duong"}, "<mark>đường</mark>"),
        ("Con đường và cô Dương", {"duong"}, "<mark>Dương</mark>"),
        ("Ủy ban nhân dân", {"uy", "ban"}, "<mark>Ủy ban</mark>"),
        ("năm 2019, không phải 20190", {"2019"}, "<mark>2019</mark>,"),
        ("a < b & thi đua", {"thi"}, "a &lt; b &amp; <mark>thi</mark>"),
    ],
)
def test_marks(text: str, terms: set[str], marked: str) -> None:
    assert marked in highlight_all(text, terms)


def test_whole_syllables_only() -> None:
    assert "<mark>" not in highlight_all("năm 20190 và thành", {"2019", "thanh"[:3]})


def test_nfd_text_is_marked_in_nfc() -> None:
    text = unicodedata.normalize("NFD", "Tỉnh Thái Nguyên")
    assert "<mark>Thái Nguyên</mark>" in highlight_all(text, {"thai", "nguyen"})


def test_snippet_picks_the_passage_with_most_distinct_terms() -> None:
    filler = "lorem ipsum " * 60
    text = f"thi một mình. {filler} Cờ thi đua xuất sắc của Bộ. {filler} kết thúc"
    out = snippet(text, {"thi", "dua", "co"})
    assert "<mark>Cờ thi đua</mark>" in out
    assert out.startswith("… ") and out.endswith(" …")


def test_snippet_without_matches_shows_the_opening() -> None:
    out = snippet("Mở đầu bài viết. " + "nội dung " * 100, set())
    assert out.startswith("Mở đầu") and "<mark>" not in out


@pytest.mark.parametrize("size", [400, 40])
def test_snippet_with_a_match_longer_than_its_window(size: int) -> None:
    """A match may be longer than the window's reach (a 120-letter token typed as a query): the
    passage is still chosen and cut, marks balanced."""
    long = "a" * 120
    text = f"mở đầu {long} rồi hoc ở đây. " + "nội dung " * 30
    out = snippet(text, {long, "hoc"}, size)
    assert out and out.count("<mark>") == out.count("</mark>")
    assert ("<mark>hoc</mark>" in out) == (size == 400)


def test_a_match_longer_than_the_reach_is_counted_in_its_own_window() -> None:
    """The window starting at an over-long match holds that match: it once went uncounted, its
    count fell to -1 and every later window looked one syllable richer than it was, so a passage
    with one query syllable beat the opening with two."""
    long = "a" * 120
    text = f"lop nội dung dung dung lop {long} xa dung nội {long} hoc nội xa"
    out = snippet(text, {long, "hoc", "lop"}, 150)
    assert out.startswith("<mark>lop</mark>")
    assert "hoc" not in out
