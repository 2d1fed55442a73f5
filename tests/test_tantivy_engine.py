"""bench/tantivy_engine.py, the comparison engine the benchmarks share: folding, OR semantics,
phrase boosts and facet counts on a tiny index of hand-written articles."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import tantivy_engine

DOCS = [
    # "giáo dục" side by side once.
    {"docid": "adjacent", "title": "Tin trong ngày",
     "body": "Ngành giáo dục tỉnh Thái Nguyên họp tổng kết năm học.",
     "year": 2019, "units": ["Sở GD&ĐT Thái Nguyên"]},
    # "giáo" and "dục" as often, never side by side.
    {"docid": "scattered", "title": "Tin trong tuần", "body": "Giáo viên tập thể dục ở sân.",
     "year": 2019, "units": []},
    {"docid": "other", "title": "Đường mới ở Đắk Lắk", "body": "Con đường dài mười cây số.",
     "year": None, "awards": ["Bằng khen"]},
]  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> tantivy_engine.TantivyEngine:
    index = tmp_path_factory.mktemp("tantivy")
    assert tantivy_engine.build(index, DOCS) == len(DOCS)
    return tantivy_engine.TantivyEngine(index)


@pytest.mark.parametrize(
    ("query", "first", "total"),
    [
        ("giao duc", "adjacent", 2),  # the adjacent pair beats more scattered occurrences
        ("GIÁO DỤC", "adjacent", 2),  # case and diacritics fold away
        ("duong dak lak", "other", 1),  # đ and Đ fold to d
        ("Đường xyzzy qqq", "other", 1),  # OR: words found nowhere do not empty the page
        ("nganh giao duc tinh thai nguyen", "adjacent", 2),  # the whole phrase
    ],
)
def test_search_ranks_and_counts(
    engine: tantivy_engine.TantivyEngine, query: str, first: str, total: int
) -> None:
    result = engine.search(query, limit=10)
    assert result.hits[0][0] == first
    assert result.total == total


@pytest.mark.parametrize("query", ["", "  ", "!!!"])
def test_no_terms_no_hits(engine: tantivy_engine.TantivyEngine, query: str) -> None:
    assert engine.search(query) == tantivy_engine.Ranked(0, ())


def test_facet_counts(engine: tantivy_engine.TantivyEngine) -> None:
    counts = engine.facet_counts("giao duong")
    assert counts["year"] == {"2019": 2, "unknown": 1}
    assert counts["units"] == {"Sở GD&ĐT Thái Nguyên": 1}
    assert counts["awards"] == {"Bằng khen": 1}
