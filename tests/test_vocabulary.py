"""The build's syllable vocabulary finds the same neighbours as Whoosh's own term search."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from indexer import generations, vocabulary
from indexer.schema import TEXT_FOLD


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("giao", "giao", 1, 0),
        ("giao", "giaoo", 1, 1),
        ("giao", "gaio", 1, 1),  # a transposition is one edit
        ("nguyen", "nguyne", 2, 1),
        ("truong", "trung", 2, 1),
        ("giao", "duc", 1, 2),  # beyond the limit: limit + 1
    ],
)
def test_distance(a, b, limit, expected):
    assert vocabulary.distance(a, b, limit) == expected


def test_similar_is_most_frequent_first_and_keeps_the_prefix():
    vocab = vocabulary.Vocabulary(Counter({"duc": 5, "dung": 9, "duoc": 30, "luc": 50, "du": 2}))
    assert list(vocab.similar("ducc", 1, 1)) == ["duoc", "duc"]
    assert list(vocab.similar("dugn", 1, 1)) == ["dung"]  # a transposition
    assert "luc" not in vocab.similar("duc", 1, 1)  # first letter differs
    assert list(vocab.similar("duc", 1, 0)) == ["luc", "duoc", "du"]


def test_built_index_vocabulary_agrees_with_whoosh(built_index: Path):
    """Every syllable Whoosh's automaton finds near a typo, the vocabulary finds too."""
    opened = generations.open_current(built_index)
    folder = opened.realpath
    counts = vocabulary.read(Path(folder))
    assert counts and all(vocabulary.is_syllable(t) for t in counts)
    vocab = vocabulary.load(folder)
    assert vocab is not None
    with opened.index.reader() as reader:
        for typo in ["giaoo", "truongg", "thii", "nguyenn", "huann", "chuongg"]:
            maxdist = 2 if len(typo) >= 7 else 1
            whoosh = {
                w
                for leaf, _ in reader.leaf_readers()
                for w in leaf.terms_within(TEXT_FOLD, typo, maxdist, prefix=1)
                if w.isalnum() and w != typo
            }
            assert set(vocab.similar(typo, maxdist, 1)) == whoosh, typo
            assert counts[next(iter(sorted(whoosh)))] >= 1
