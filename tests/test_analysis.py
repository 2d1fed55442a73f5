"""The shared analysis: the same terms for every way of writing the same Vietnamese text."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest

from indexer.text.analysis import (
    canonical_syllable,
    exact_terms,
    fold_syllable,
    fold_text,
    folded_terms,
    normalize,
)
from indexer.text.concepts import CONCEPT_PREFIX
from indexer.text.tokenizers import exact_analyzer, folded_analyzer

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


@pytest.mark.parametrize(
    ("variants", "exact"),
    [
        (["hoà", "hòa", "HOÀ", "Hòa", NFD("hoà")], "hòa"),
        (["thuỷ", "thủy", "THUỶ"], "thủy"),
        (["uỷ", "ủy", "Uỷ"], "ủy"),
        (["khoẻ", "khỏe"], "khỏe"),
        (["tuỳ", "tùy"], "tùy"),
        (["quý", "QUÝ"], "quý"),
        (["hoá", "hóa"], "hóa"),
        (["người", NFD("người"), "NGƯỜI"], "người"),
        (["giữ"], "giữ"),
        (["ngoài"], "ngoài"),
        (["toàn"], "toàn"),
        (["Đường", "đường", "ĐƯỜNG", "Ðường"], "đường"),
    ],
)
def test_tone_placement_variants_meet(variants: list[str], exact: str) -> None:
    assert {exact_terms(v)[0] for v in variants} == {exact}


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thái Nguyên", ["thai", "nguyen"]),
        ("THÁI NGUYÊN", ["thai", "nguyen"]),
        (NFD("Thái Nguyên"), ["thai", "nguyen"]),
        ("thai nguyen", ["thai", "nguyen"]),
        ("Đắk Lắk", ["dak", "lak"]),
        ("Ðắk Lắk", ["dak", "lak"]),  # Icelandic eth typed for Đ
        ("đường Dương", ["duong", "duong"]),
        ("năm học 2018-2019", ["nam", "hoc", "2018", "2019"]),
        ("GD&ĐT", ["gd", "dt"]),
        ("a b", ["a", "b"]),  # one-letter syllables are kept
    ],
)
def test_folded_terms(text: str, folded: list[str]) -> None:
    assert folded_terms(text) == folded


def test_nfd_is_not_split() -> None:
    # Without NFC first, \w+ splits the decomposed syllable at the combining mark.
    assert exact_terms(NFD("giáo dục")) == ["giáo", "dục"]


def test_invisible_characters_do_not_split_words() -> None:
    assert exact_terms("giá\u200bo d\ufeffục") == ["giáo", "dục"]


@pytest.mark.parametrize("word", ["robothon", "2019", "covid", "x"])
def test_non_vietnamese_tokens_pass_through(word: str) -> None:
    assert canonical_syllable(word) == word
    assert fold_syllable(word) == word


def test_whoosh_analyzers_match_the_functions() -> None:
    text = "Uỷ ban nhân dân tỉnh Hoà Bình tặng Cờ thi đua"
    assert [t.text for t in exact_analyzer()(text)] == exact_terms(text)
    folded = [t.text for t in folded_analyzer()(text)]
    syllables = [t for t in folded if not t.startswith(CONCEPT_PREFIX) and " " not in t]
    assert syllables == folded_terms(text)
    assert "§uybannhandan" in folded
    terms = folded_terms(text)
    assert [t for t in folded if " " in t] == [f"{a} {b}" for a, b in pairwise(terms)]


def test_folded_tokens_include_pairs_at_the_first_syllable() -> None:
    tokens = [(t.text, t.pos) for t in folded_analyzer()("Tỉnh Thái Nguyên", positions=True)]
    assert tokens == [
        ("tinh", 0),
        ("thai", 1),
        ("tinh thai", 0),
        ("nguyen", 2),
        ("thai nguyen", 1),
    ]


@pytest.mark.parametrize(
    "spelling",
    ["GD&ĐT", "GD-ĐT", "GDĐT", "GD và ĐT", "giáo dục và đào tạo", "Giáo dục - Đào tạo", "gd&dt"],
)
def test_every_spelling_of_a_name_yields_its_concept_term(spelling: str) -> None:
    terms = [t.text for t in folded_analyzer()(f"Sở {spelling} Thái Nguyên")]
    assert "§giaoducvadaotao" in terms


def test_concept_term_takes_the_position_of_the_run_start() -> None:
    tokens = [(t.text, t.pos) for t in folded_analyzer()("năm học Sở GD&ĐT", positions=True)]
    assert ("§giaoducvadaotao", 3) in tokens and ("§sogiaoducvadaotao", 2) in tokens


def test_token_offsets_point_into_the_normalized_text() -> None:
    text = NFD("Sở GD&ĐT Thái Nguyên")
    norm = normalize(text)
    # Whoosh reuses one Token object: read each one as it is yielded.
    spans = [norm[t.startchar : t.endchar] for t in exact_analyzer()(text, chars=True)]
    assert spans == ["Sở", "GD", "ĐT", "Thái", "Nguyên"]


def test_fold_text_keeps_punctuation() -> None:
    assert fold_text("Sở GD&ĐT Thái Nguyên") == "so gd&dt thai nguyen"
