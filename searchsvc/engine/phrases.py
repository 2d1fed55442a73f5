"""Phrase checks: which candidate documents hold a run of syllables in order, from positions.

A phrase of three syllables or more is matched as its neighbour pairs' intersection
(``searchsvc.engine.matching``); this module verifies, from the pairs' positions, the documents
where pair i stands at p + i for every i. Positions are the dearest read of the index (decoded
per document), so the check runs in steps within the request's budget, and a check cut short
is resumed by the next request (``PostingCache.derived``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np

from searchsvc.engine.budget import Budget
from searchsvc.engine.postings import PostingCache

# Candidates a phrase check verifies per step; the request's budget is asked between steps
# (``PostingCache.derived``). At 1M articles a cold four-syllable phrase has ~257k candidates
# whose positions took seconds to decode; a step of this size is ~30-60 ms of it.
CHAIN_STEP = 8192


def chain_counts(
    cache: PostingCache, field: str, pairs: Sequence[str], docs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Of the documents ``docs`` (ascending), those where pair i stands at p + i for every i
    (the phrase the pairs spell) at least once, and how often: (documents, counts).

    Each occurrence is a key ``doc << 32 | start``, so chaining is a sorted intersection of
    integer arrays (numpy), not a Python set per document; each pair's positions are read only
    for the documents still in the race.
    """
    keys: np.ndarray | None = None
    wanted = docs.tolist()
    for i, pair in enumerate(pairs):
        found = _start_keys(cache.reader.positions(field, pair, wanted), i)
        keys = found if keys is None else np.intersect1d(keys, found, assume_unique=True)
        if not len(keys):
            break
        wanted = np.unique(keys >> 32).tolist()
    if keys is None or not len(keys):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    held, counts = np.unique(keys >> 32, return_counts=True)
    return held, counts


def _start_keys(where: dict[int, list[int]], shift: int) -> np.ndarray:
    """``doc << 32 | (position - shift)`` for every position in ``where`` (a document's
    positions are distinct, so the keys are unique); positions before ``shift`` cannot continue
    a chain and are dropped."""
    lengths = np.fromiter(map(len, where.values()), dtype=np.int64, count=len(where))
    docs = np.repeat(np.fromiter(where, dtype=np.int64, count=len(where)), lengths)
    total = int(lengths.sum())
    starts = np.fromiter(chain.from_iterable(where.values()), dtype=np.int64, count=total) - shift
    keep = starts >= 0
    return np.sort((docs[keep] << 32) | starts[keep])


def verified(
    cache: PostingCache,
    key: tuple[str, str],
    pairs: Sequence[str],
    candidates: np.ndarray,
    budget: Budget,
) -> np.ndarray:
    """The mask of ``candidates`` (ascending) holding the phrase ``pairs`` spell in ``key``'s
    field, checked ``CHAIN_STEP`` documents at a time while the budget allows (at least one
    step), kept once complete."""
    field = key[0]

    def step(start: int) -> tuple[np.ndarray, int | None]:
        stop = start + CHAIN_STEP
        held, _ = chain_counts(cache, field, pairs, candidates[start:stop])
        return held, (stop if stop < len(candidates) else None)

    return cache.derived(key, step, budget.allows)
