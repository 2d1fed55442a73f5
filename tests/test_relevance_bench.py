"""The relevance benchmark's query generator and scorer (bench/relevance_queries.py).

The benchmark itself runs on the real corpus outside the suite; these check that its query sets
are reproducible and of the promised shapes, and that the scores are computed right.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from relevance_queries import (
    FRAGMENT_LENGTHS,
    GENERATORS,
    Outcome,
    Target,
    misspell,
    query_sets,
    rank_of,
    score,
    strip_diacritics,
)

# Articles written for this test in the shape of the corpus: a headline, paragraphs of prose.
TARGETS = [
    Target(
        f"doc{i:02d}",
        f"Trường học số {i} đón năm học mới với nhiều đổi mới",
        "Sáng nay, các thầy cô giáo và học sinh tựu trường đông đủ.\n\n"
        f"Đây là năm thứ {i} nhà trường tổ chức lễ khai giảng trang trọng như vậy.",
    )
    for i in range(30)
] + [Target("short", "Tin vắn", "Một câu ngắn.")]


def test_query_sets_are_deterministic_and_seeded() -> None:
    first = query_sets(TARGETS, 10, seed=7)
    assert first == query_sets(list(reversed(TARGETS)), 10, seed=7)
    assert first != query_sets(TARGETS, 10, seed=8)
    assert set(first) == set(GENERATORS)
    assert all(len(items) == 10 for items in first.values())


@pytest.mark.parametrize("length", FRAGMENT_LENGTHS)
def test_body_fragments_are_consecutive_plain_syllables(length: int) -> None:
    for item in query_sets(TARGETS, 20, seed=3)[f"body{length}_plain"]:
        body = next(t.body for t in TARGETS if t.docid == item.docid)
        assert len(item.q.split(" ")) == length
        assert item.q == strip_diacritics(item.q) and item.q.isascii()
        assert item.q in strip_diacritics(body).lower()


def test_headline_sets_skip_short_titles_and_misspell_one_word() -> None:
    sets = query_sets(TARGETS, 40, seed=5)
    assert len(sets["headline"]) == 30  # "Tin vắn" has too few syllables
    assert all(item.q.isascii() for item in sets["headline_plain"])
    for item in sets["headline_typo"]:
        title = next(t.title for t in TARGETS if t.docid == item.docid)
        pairs = list(zip(title.split(), item.q.split(), strict=True))
        assert sum(a != b for a, b in pairs) == 1


@pytest.mark.parametrize(
    ("word", "seed"), [("trường", 1), ("nghiệp", 2), ("aaa", 3), ("khoa", 4), ("đường", 5)]
)
def test_misspell_changes_the_unaccented_letters(word: str, seed: int) -> None:
    typo = misspell(word, random.Random(seed))
    assert strip_diacritics(typo).lower() != strip_diacritics(word).lower()


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Đường Giáo dục", "Duong Giao duc"),
        ("hoà THỦY Ðà", "hoa THUY Da"),
        ("2019-2020", "2019-2020"),
    ],
)
def test_strip_diacritics(text: str, plain: str) -> None:
    assert strip_diacritics(text) == plain


@pytest.mark.parametrize(
    ("hits", "relevant", "rank"),
    [
        (["a", "b", "c"], {"a"}, 1),
        (["x", "b", "c"], {"c", "q"}, 3),
        ([f"d{i}" for i in range(20)], {"d9"}, 10),
        ([f"d{i}" for i in range(20)], {"d10"}, None),  # rank 11: past the first page
        ([], {"a"}, None),
    ],
)
def test_rank_of(hits: list[str], relevant: set[str], rank: int | None) -> None:
    assert rank_of(hits, relevant) == rank


def test_score_by_hand() -> None:
    outcomes = [
        Outcome(1),
        Outcome(2),
        Outcome(4),
        Outcome(None, empty=True),
        Outcome(None, rejected=True),
    ]
    s = score(outcomes)
    assert s.mrr == pytest.approx((1 + 1 / 2 + 1 / 4) / 5)
    assert (s.success_1, s.success_10) == (pytest.approx(1 / 5), pytest.approx(3 / 5))
    assert (s.queries, s.rejected, s.empty) == (5, 1, 1)
    assert score([]).mrr == 0.0


def test_answer_sets_read_the_groups_of_a_real_build(tmp_path: Path) -> None:
    """The answers come from the build's manifest (SQLite): every indexed target answers
    itself (with any copies grouped with it), a target the build skipped counts as missing."""
    from relevance_corpus import answer_sets, docid, file_name

    from indexer.build import build_index

    archive = tmp_path / "archive"
    archive.mkdir()
    paragraph = (
        "Các thầy cô giáo đã chuẩn bị kỹ lưỡng từ nhiều tuần trước, phụ huynh và học sinh "
        "đều hào hứng tham gia, nhà trường cảm ơn sự ủng hộ của chính quyền địa phương."
    )
    texts = {
        "t/one": f"Trường mở lớp học bơi\n\nMùa hè này nhà trường mở lớp học bơi.\n\n{paragraph}",
        "t/two": f"Sở tổ chức hội thi giáo viên giỏi\n\nHội thi kéo dài ba ngày.\n\n{paragraph}",
    }
    for record_id, text in texts.items():
        (archive / file_name(record_id)).write_text(text, encoding="utf-8")
    build_index(archive, tmp_path / "index", procs=1)
    targets = [docid(r) for r in texts] + [docid("t/never-written")]
    answers, missing = answer_sets(tmp_path / "index", targets)
    assert missing == 1
    assert all(target in answers[target] for target in targets)
    assert answers[targets[0]] != answers[targets[1]]
