"""Measures of near-duplicate detection that only benchmarks and tests need.

``indexer.dedup`` keeps what a build runs (signatures, LSH buckets, grouping); the shingle
*set* of a text, the Jaccard similarity of two sets and the candidate pairs an LSH bucketing
yields are for ``bench/dedup_recall.py`` (how many pairs grouping verifies, how similar two
grouped texts are) and for ``tests/test_dedup.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.dedup import candidate_buckets  # noqa: E402
from indexer.dedup_signature import shingle_array  # noqa: E402


def shingles(title: str, body: str) -> frozenset[int]:
    """The shingle set of a text (a text shorter than one shingle is a single shingle)."""
    return frozenset(shingle_array(title, body).tolist())


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b| (0.0 for two empty sets: nothing to call a duplicate)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def candidate_pairs(
    keys: Sequence[str], signatures: Sequence[bytes | None], focus: set[str] | None = None
) -> set[tuple[str, str]]:
    """Pairs (first, other) of keys meeting in an LSH bucket, each with the bucket's first member
    (keys in the given order). With ``focus``, only buckets holding a focus key count, and only
    pairs with a focus key at one end."""
    pairs: set[tuple[str, str]] = set()
    for first, *others in candidate_buckets(keys, signatures, focus):
        for other in others:
            if focus is None or first in focus or other in focus:
                pairs.add((first, other))
    return pairs
