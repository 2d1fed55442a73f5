"""Proximity that pays, over every candidate: the query's syllables side by side score more.

Vietnamese words are two or three syllables, so ``thai nguyen`` held as one word is worth far more
than ``Thái`` here and ``Nguyên`` there. Two signals are added to each candidate's BM25, both
read from the folded field's pair terms (each two neighbouring syllables are indexed as one term):

* **pairs**: the BM25 of every pair of neighbouring syllables the user typed;
* **whole runs**: for a run of three syllables or more, documents holding every one of its pairs
  are checked for the run itself (pair i at position p + i) and earn the BM25 of the run as one
  term: a pasted sentence or fragment finds the article that holds it as written.

Whole runs read positions, a Python loop per document: they are checked only while the
documents holding all pairs are at most ``MAX_RUN_CANDIDATES`` and the time budget allows.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from indexer.schema import TEXT_FOLD
from searchsvc.engine.budget import Budget
from searchsvc.engine.matching import Columns, add_bm25, bm25, chain_counts, idf
from searchsvc.engine.postings import PostingCache
from searchsvc.engine.terms import QueryPlan

# Weight of the pairs' BM25 against the single syllables' (1: a pair counts as one more word).
PAIR_WEIGHT = 1.0
# Weight of a whole run's BM25: holding the typed sequence as written outranks holding its
# pairs apart.
RUN_WEIGHT = 2.0
# Documents holding all of a run's pairs beyond which the run is not checked: reading positions
# costs ~20 µs a document and pair and is redone per query, so 500 documents of a 4-syllable
# run cost ~30 ms at most (bench/search.py's common phrases are held by thousands of its 20k
# generated articles; a VNTC body fragment's pairs by tens).
MAX_RUN_CANDIDATES = 500


def add_proximity(
    cache: PostingCache, columns: Columns, plan: QueryPlan, budget: Budget, scores: np.ndarray
) -> None:
    """Add both signals to ``scores`` (every document's stage-one score), in place."""
    bm25(cache, columns, plan.proximity(), budget, scores, PAIR_WEIGHT)
    total = max(1, columns.live_count)
    quoted = {leaf.syllables for leaf in plan.leaves() if leaf.chained}
    for run in plan.runs:
        # A run that is one quoted phrase: every result already holds it, verified.
        if len(run) < 3 or run in quoted or not budget.allows():
            continue
        pairs = [f"{a} {b}" for a, b in pairwise(run)]
        masks = [cache.docs(TEXT_FOLD, p) for p in pairs]
        found = np.logical_and.reduce(masks)
        if not 0 < np.count_nonzero(found) <= MAX_RUN_CANDIDATES:
            continue
        counts = chain_counts(cache, TEXT_FOLD, pairs, found)
        if not counts:
            continue
        docs = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        add_bm25(scores, columns, docs, tf, idf(len(docs), total), RUN_WEIGHT)
