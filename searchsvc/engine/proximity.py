"""Proximity that pays, over every candidate: the query's syllables side by side score more.

Vietnamese words are two or three syllables, so ``thai nguyen`` held as one word is worth far more
than ``Thái`` here and ``Nguyên`` there. Two signals are added to each candidate's BM25, both
read from the folded field's pair terms (each two neighbouring syllables are indexed as one term):

* **pairs**: the BM25 of every pair of neighbouring syllables the user typed;
* **whole runs**: for a run of three syllables or more, documents holding every one of its pairs
  are checked for the run itself (pair i at position p + i) and earn the BM25 of the run as one
  term, weighted far above the words: a pasted sentence or fragment finds the article that
  holds it as written, whatever the title hits the rerank adds;
* **title runs**: the same over the folded title (its own length normalisation; a title holding
  all the run's pairs counts as holding it), and an article whose whole title is the run has
  its score multiplied, once however many runs spell it: a pasted headline finds the article it
  is the title of, above those quoting it in a longer title or in their text.

Whole runs read positions, a Python loop per document: they are checked only while the
documents holding all pairs are at most ``MAX_RUN_CANDIDATES`` and the time budget allows.
Title pairs are posting lists nothing else reads: each asks the budget before it is read.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from indexer.schema import TEXT_FOLD, TITLE_FOLD
from searchsvc.engine.budget import Budget
from searchsvc.engine.matching import Columns, add_bm25, bm25, idf
from searchsvc.engine.phrases import chain_counts
from searchsvc.engine.postings import PostingCache
from searchsvc.engine.terms import QueryPlan

# Weight of the pairs' BM25 against the single syllables' (1: a pair counts as one more word).
PAIR_WEIGHT = 1.0
# Weight of a whole run's BM25: holding the typed sequence as written outranks holding its
# pairs apart, and the rerank's title factors (up to 3.5x) rarely undo it. Development draw
# (query seed 2 over the 35k VNTC sample of bench/relevance.py, four-syllable fragments),
# MRR@10 on 300: weight 2 0.765, 10 0.776, 30 0.776; on 500: 5 0.763, 10 0.764, 20 0.764.
# An oracle ranking the articles that hold the fragment first (ties by the fragment's share
# of the article) reaches 0.777 there: past about 5 the weight no longer decides.
RUN_WEIGHT = 10.0
# Weight of the run's BM25 over the folded title, on top: a pasted headline is found as its
# article's title, above articles that quote it in their text.
TITLE_RUN_WEIGHT = 2.0
# An article whose whole title is the typed run is the one a pasted headline names: its score
# is multiplied by 1 + this (scale-free: a long headline's score is the sum of many terms).
# 1 lifts it above an article quoting the headline inside a longer title and its text (VNTC:
# "Khởi công xây dựng cầu vượt Ngã Tư Sở" under "Đầu năm 2005, khởi công ...").
WHOLE_TITLE_WEIGHT = 1.0
# Documents holding all of a run's pairs beyond which the run is not checked: reading positions
# costs ~20 µs a document and pair and is redone per query, so 500 documents of a 4-syllable
# run cost ~30 ms at most (bench/search.py's common phrases are held by thousands of its 20k
# generated articles; a VNTC body fragment's pairs by tens).
MAX_RUN_CANDIDATES = 500


def add_proximity(
    cache: PostingCache, columns: Columns, plan: QueryPlan, budget: Budget, scores: np.ndarray
) -> dict[int, float]:
    """Add the signals to ``scores`` (every document's stage-one score), in place.

    Returns, for each document holding a whole run as written, the run's share of it
    (occurrences per term of its folded text; the largest over runs): how likely a fragment
    drawn from it is the one typed (``searchsvc.engine.rerank`` orders close calls by it).
    """
    likely: dict[int, float] = {}
    bm25(cache, columns, plan.proximity(), budget, scores, PAIR_WEIGHT)
    total = max(1, columns.live_count)
    quoted = {leaf.syllables for leaf in plan.leaves() if leaf.chained}
    doubled = np.zeros(len(scores), dtype=bool)  # whole title already multiplied
    for run in plan.runs:
        if len(run) < 3 or not budget.allows():
            continue
        pairs = [f"{a} {b}" for a, b in pairwise(run)]
        whole = _add_title_run(cache, columns, run, pairs, budget, scores)
        # Once, however many runs spell the whole title (a headline pasted twice, or on both
        # sides of an OR): the factor says "this is the article named", not how often.
        whole = whole[~doubled[whole]]
        scores[whole] *= 1 + WHOLE_TITLE_WEIGHT
        doubled[whole] = True
        # A run that is one quoted phrase: every result already holds it, verified. Reading
        # positions is the costly step: the budget is asked again after the title's reads.
        if run in quoted or not budget.allows():
            continue
        found = np.logical_and.reduce([cache.docs(TEXT_FOLD, p) for p in pairs])
        if not 0 < np.count_nonzero(found) <= MAX_RUN_CANDIDATES:
            continue
        docs, counts = chain_counts(cache, TEXT_FOLD, pairs, np.flatnonzero(found))
        if len(docs):
            tf = counts.astype(np.float64)
            add_bm25(scores, columns, docs, tf, idf(len(docs), total), RUN_WEIGHT)
            shares = tf / columns.text_lengths[docs]
            for doc, share in zip(docs.tolist(), shares.tolist(), strict=True):
                likely[doc] = max(share, likely.get(doc, 0.0))
    return likely


def _add_title_run(
    cache: PostingCache,
    columns: Columns,
    run: tuple[str, ...],
    pairs: list[str],
    budget: Budget,
    scores: np.ndarray,
) -> np.ndarray:
    """The title run: a title holding every pair of the run is taken to hold the run once (a
    title is a dozen syllables: its pairs in another order are rare, and reading positions
    would cost ~20 µs a title per query). Returns the documents whose whole title is the run
    (no longer than it): the caller multiplies their scores, once per document.

    The title pairs are read nowhere else, so each is a posting list to read: each asks the
    budget first (a 64-word paste has 63), and the run is left out of the title score when
    time runs out before all are read (a title holding some of its pairs is not the run).
    Reading stops as soon as no title holds all the pairs read so far.
    """
    found: np.ndarray | None = None
    for pair in pairs:
        lookup = (TITLE_FOLD, pair)
        if not budget.may_read(lookup):
            return _NONE
        budget.note((lookup,))
        held = cache.docs(TITLE_FOLD, pair)
        found = held if found is None else found & held
        if not found.any():
            return _NONE
    if found is None:
        return _NONE
    docs = np.flatnonzero(found)
    tf = np.ones(len(docs))
    add_bm25(scores, columns, docs, tf, idf(len(docs), max(1, columns.live_count)),
             TITLE_RUN_WEIGHT, columns.title_norm)  # fmt: skip
    # A name's concept term adds half a syllable to the title's length.
    whole: np.ndarray = docs[columns.title_syllables[docs] < len(run) + 1]
    return whole


# No document: a title run left out or held by none.
_NONE = np.zeros(0, dtype=np.int64)
