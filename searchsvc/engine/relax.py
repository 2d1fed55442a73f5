"""Soft AND: every plain word required while that finds enough, else the best partial matches.

People paste headlines and type questions: ``bao nhiêu``, ``đã``, ``được`` are rarely all in
the article they want, and requiring every word answered "nothing found". Here, as
Elasticsearch's ``minimum_should_match`` and Meilisearch's matching strategies do it:

1. The words the user typed as operators (quotes, ``-``/``NOT``, ``OR``, ``title:``) keep their
   strict meaning: every result satisfies them.
2. Plain words are read rarest first. While all of them together find ``ENOUGH_MATCHES``
   documents, all are required.
3. Otherwise a document qualifies by its *coverage*: the share of the query's words it holds,
   each weighted by its rarity (the square root of BM25's idf), so a word in most articles weighs
   little and the rare words decide: the rarest terms drive matching, the common ones mostly
   score. The root keeps one rare word (often a misspelling that happens to be a real word) from
   outweighing all the others: on 300 VNTC headlines with one misspelled word (quarter steps),
   idf weights gave MRR@10 0.783, their square roots 0.836, plain counts 0.859 (but counts weigh
   ``là`` like a name). The
   required coverage steps down ``COVERAGE_STEPS`` until enough documents qualify, down to
   "any word". Results rank by coverage level first, then by score.
4. The result names the words that were not required: those some result lacks, words no
   article holds, words past ``MAX_MATCHING_WORDS`` (the most common of a very long query only
   score) and words the time budget left unread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from searchsvc.engine.budget import Budget
from searchsvc.engine.matching import Mask, idf, leaf_docs, match_all
from searchsvc.engine.postings import PostingCache
from searchsvc.engine.terms import Leaf, QueryPlan

# All words stay required while they find at least this many documents: one page of results.
# Fewer, and partial matches fill the page below the complete ones.
ENOUGH_MATCHES = 10
# Required coverage, tried in order until ENOUGH_MATCHES qualify; then "any word" (above 0).
# Each step is also a rank bucket above BM25 and proximity. Measured on 300 VNTC headlines with
# one misspelled word (10k articles): quarters 0.836 MRR@10, tenths 0.817, halves 0.859 (finer
# buckets let a document holding more common words outrank the article holding the run).
# The top step is 0.95, not 1: a document lacking only words that weigh under a twentieth of
# the query (``tôi`` in a pasted 46-syllable question) ranks with the complete ones, by score,
# instead of below every long page that holds all the words apart (VNTC, 35k articles: the one
# plain headline ours ranked third; 300 one-typo headlines of a development draw 0.909 -> 0.913).
COVERAGE_STEPS = (0.95, 0.5)
# The rarest words of a query that take part in matching; more common ones only score. A
# headline or a question is well under it (issue 12: ~64 words is a query).
MAX_MATCHING_WORDS = 64
# The rarest words always read, budget or not: an answer needs something to match, and the
# rarest postings are the shortest to read.
MIN_WORDS_READ = 3
_EPSILON = 1e-9  # float slack when comparing a document's coverage with a step
# The last step, "any word": above 0, below any word's share (64 words of idf <= 12 each, the
# commonest weighing >= 0.1, leave every share above 1e-4).
_ANY_WORD = 1e-6


@dataclass(frozen=True)
class Matched:
    """The documents a query finds, and how.

    ``level``: per document, the coverage step it reached (higher ranks first); None when every
    word was required. ``not_required``: the words (as typed) a result may lack. ``score_only``:
    words that add to the score but took no part in matching.
    """

    docs: Mask
    level: np.ndarray | None = None
    not_required: tuple[str, ...] = ()
    score_only: tuple[Leaf, ...] = ()


def _rarest_first(cache: PostingCache, leaves: tuple[Leaf, ...]) -> list[tuple[Leaf, int]]:
    """Distinct leaves with the document frequency of their rarest lookup, rarest first (read
    from the term index, not the postings: cheap for every word)."""
    found = {
        leaf: min(cache.reader.doc_frequency(field, term) for field, term in leaf.lookups)
        for leaf in leaves
    }
    return sorted(found.items(), key=lambda item: item[1])


def match_query(
    cache: PostingCache, live: Mask, q: str, plan: QueryPlan | None, budget: Budget
) -> Matched:
    """What a search for the text ``q`` (planned as ``plan``) finds: the one definition shared by
    results and facet listings. No words: every live document (a filter-only search), or none
    when ``q`` held only punctuation."""
    if plan is None:
        return Matched(np.zeros_like(live) if q else live)
    return match_plan(cache, live, plan, budget)


def match_plan(cache: PostingCache, live: Mask, plan: QueryPlan, budget: Budget) -> Matched:
    """The documents ``plan`` finds: strict clauses always, soft words as described above."""
    strict = match_all(cache, live, plan.strict, budget)
    if not plan.soft:
        return Matched(strict)
    frequencies = _rarest_first(cache, plan.soft)
    loose = [leaf.label for leaf, held in frequencies if not held]  # no article holds them
    ordered = [leaf for leaf, held in frequencies if held]
    driving, score_only = ordered[:MAX_MATCHING_WORDS], tuple(ordered[MAX_MATCHING_WORDS:])
    loose += [leaf.label for leaf in score_only]
    masks: list[Mask] = []
    leaves: list[Leaf] = []
    for i, leaf in enumerate(driving):
        if i >= MIN_WORDS_READ and not budget.allows():
            loose.append(leaf.label)  # unread: the time budget ran out
            continue
        mask = leaf_docs(cache, leaf, budget)
        if mask.any():
            masks.append(mask)
            leaves.append(leaf)
        else:
            loose.append(leaf.label)  # no article holds it
    if not masks:
        docs = strict if plan.strict else np.zeros_like(live)
        return Matched(docs, None, tuple(loose), score_only)
    full = np.logical_and.reduce([strict, *masks])
    if len(masks) == 1 or np.count_nonzero(full) >= ENOUGH_MATCHES:
        return Matched(full, None, tuple(loose), score_only)
    total = int(np.count_nonzero(live))
    weights = np.sqrt([idf(int(np.count_nonzero(m)), total) for m in masks])
    share = weights / weights.sum()
    coverage = np.zeros(len(live), dtype=np.float64)
    for mask, part in zip(masks, share, strict=True):
        coverage[mask] += part
    coverage[~strict] = 0.0
    steps = [*COVERAGE_STEPS, _ANY_WORD]
    level = np.zeros(len(live), dtype=np.float64)
    for rank, step in enumerate(reversed(steps), 1):
        level[coverage >= step - _EPSILON] = rank
    # The first step that finds enough, or as many as any word finds: relaxing further would
    # only make more words optional without finding more.
    wanted = min(ENOUGH_MATCHES, int(np.count_nonzero(coverage >= _ANY_WORD)))
    for step in steps:
        docs = coverage >= step - _EPSILON
        if np.count_nonzero(docs) >= wanted:
            break
    loose += [leaf.label for leaf, mask in zip(leaves, masks, strict=True) if (docs & ~mask).any()]
    return Matched(docs, level, tuple(dict.fromkeys(loose)), score_only)
