"""Stage two of ranking: signals for the best candidates, from cached document masks.

Stage one (``searchsvc.engine.matching``) scores every match by BM25 on the folded title+body field,
which is fast but blind to three things users expect:

* **exact diacritics**: ``đường`` should rank articles with ``đường`` above those with ``Dương``;
* **title hits**: an article whose title names the query is about it, the more so when its
  title holds the query's syllables side by side (a pasted headline finds its article, not
  another one using the same words);
* **adjacency**: ``Thái Nguyên`` written together beats ``Thái`` here and ``Nguyên`` there
  (the folded field indexes each pair of neighbouring syllables as a term).

Each is a lookup in a cached term mask, done only for the candidates being reranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from indexer.schema import TEXT_EXACT, TITLE_FOLD
from searchsvc.engine.postings import PostingCache

# Each signal multiplies the stage-one score by up to 1 + its weight (all five: up to 3.5x).
# Enough to reorder candidates of similar term weight (the two-article cases in
# tests/test_search.py), not enough to lift a weak match over a much better one.
EXACT_WEIGHT = 0.5
TITLE_WEIGHT = 0.5
ADJACENCY_WEIGHT = 0.5
TITLE_PAIR_WEIGHT = 0.5
# And by the share of the title that the query's syllables make: "Tháp nghiêng Pisa" is the
# article for that query more than "Chống khủng bố cho tháp nghiêng Pisa" (a pasted headline
# tied with a longer title using the same words: 6 of the 11 misses of `bench/relevance.py`'s
# headline_plain set, 35,000 VNTC articles, seed 1, before this signal; commit 2176c6e).
TITLE_SHARE_WEIGHT = 0.5
# And, for the documents holding a typed run of three syllables or more as written, by
# 1 + this times the run's share of the document relative to the largest share: among the
# articles holding a fragment, the one it was most likely taken from (occurrences per term:
# what bench/relevance_diagnose.py's likelihood oracle ranks by). The title signals above
# reordered such articles by words the fragment shares with their titles. Scale-free and mild:
# a pasted headline's article keeps its title signals. Chosen on a development draw (query
# seed 2 over bench/relevance.py's sample: 0.5, 1 and 2 tried; 2 cost a plain headline);
# measured by `bench/relevance.py --ours-index` (bench/README.md, "likelihood").
LIKELIHOOD_WEIGHT = 1.0


def rerank(
    cache: PostingCache,
    scored: list[tuple[int, float]],
    folded: Sequence[str],
    exact: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    title_syllables: np.ndarray,
    likely: Mapping[int, float] | None = None,
) -> dict[int, float]:
    """New scores for ``scored`` (document number, stage-one score); ``pairs`` are the
    (field, pair term) lookups of neighbouring query syllables, ``title_syllables`` each
    document's title length in syllables, ``likely`` the typed run's share of each document
    holding it as written (``searchsvc.engine.proximity``)."""
    signals = [
        (weight, [cache.docs(field, t) for field, t in lookups])  # document masks
        for weight, lookups in (
            (EXACT_WEIGHT, [(TEXT_EXACT, t) for t in exact]),
            (TITLE_WEIGHT, [(TITLE_FOLD, t) for t in folded]),
            (ADJACENCY_WEIGHT, pairs),
            (TITLE_PAIR_WEIGHT, [(TITLE_FOLD, t) for _, t in pairs]),
        )
        if lookups
    ]
    in_title = [cache.docs(TITLE_FOLD, t) for t in folded]
    # Each step below is one numpy operation over the candidates, in the same order, so the
    # same float results. A Python loop per candidate and mask cost 189 us of CPU a query,
    # these steps 57 (`bench/query_stages.py bench/out/gen-20000-s1`, the rerank stage;
    # bench/README.md, "Query latency").
    docs = np.fromiter((d for d, _ in scored), dtype=np.int64, count=len(scored))
    factor = np.ones(len(docs))
    for weight, sets in signals:
        factor += weight * _held(sets, docs) / len(sets)
    share = _held(in_title, docs) / np.maximum(1.0, title_syllables[docs])
    factor += TITLE_SHARE_WEIGHT * np.minimum(1.0, share)
    if likely:
        factor *= 1 + LIKELIHOOD_WEIGHT * _relative(likely, docs)
    new = np.fromiter((s for _, s in scored), dtype=np.float64, count=len(scored)) * factor
    return dict(zip(docs.tolist(), new.tolist(), strict=True))


def _relative(likely: Mapping[int, float], docs: np.ndarray) -> np.ndarray:
    """Each of ``docs``' share of the typed run over the largest share any document has (0
    for a document not holding it)."""
    shares = np.fromiter((likely.get(d, 0.0) for d in docs.tolist()), np.float64, len(docs))
    relative: np.ndarray = shares / max(likely.values())
    return relative


def _held(masks: Sequence[np.ndarray], docs: np.ndarray) -> np.ndarray:
    """For each of ``docs``, how many of ``masks`` hold it."""
    held = np.zeros(len(docs), dtype=np.int64)
    for mask in masks:
        held += mask[docs]
    return held
