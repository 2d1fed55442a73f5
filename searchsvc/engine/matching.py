"""Matching, scoring and ordering over cached posting lists (``searchsvc.engine.postings``).

* **Match**: the query tree becomes set algebra over term document masks (numpy booleans, one
  per document number): AND intersects, OR unites, NOT subtracts. Each syllable is its folded
  term in ``text_fold`` (``title_fold`` after ``title:``); a name of several spellings is its
  concept term; a quoted pair of syllables is its pair term, and a longer phrase its pairs'
  intersection, verified from their positions.
* **Score**: BM25 (Whoosh's defaults, B=0.75, K1=1.2) from the cached frequencies and
  per-document field lengths read once per index, vectorised over each term's postings.
* **Order**: the best by score (ties by document id) or by a precomputed date rank, found with
  a partial sort; only the page's worth is ever fully sorted.

At 100k articles a broad query matches nearly every document, so every step here is a numpy
operation over arrays, not a Python loop over documents (bench/search.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

import numpy as np

from indexer import schema as f
from indexer.text.analysis import fold_syllable
from indexer.text.concepts import concept_of
from searchsvc.engine.postings import PostingCache, mask_of
from searchsvc.engine.querylang import Node, Not, Or, Words
from searchsvc.engine.reader import IndexReader
from searchsvc.engine.terms import group_concepts

BM25_B = 0.75
BM25_K1 = 1.2


def _rank_of(order: list[int]) -> np.ndarray:
    """For each document number, its place in ``order``."""
    rank = np.empty(len(order), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    return rank


class Columns:
    """Per-document arrays read once per open index: live documents, BM25 length norms, and
    ranks by id, by newest and by oldest date (each a total order, so ties never arise)."""

    def __init__(self, reader: IndexReader, ids: list[str]) -> None:
        n = reader.doc_count
        self.live = mask_of(n, reader.live_docs())
        self.live_count = int(self.live.sum())
        lengths = reader.field_lengths(f.TEXT_FOLD)
        average = float(lengths[self.live].sum()) / max(1, self.live_count)
        # BM25's length normalisation per document, so scoring is one division per posting.
        self.norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / (average or 1))
        published = reader.column(f.PUBLISHED)
        oldest = reader.column(f.OLDEST_KEY)
        self.id_rank = _rank_of(sorted(range(n), key=ids.__getitem__))
        self.newest_rank = _rank_of(sorted(range(n), key=lambda d: (-published[d], ids[d])))
        self.oldest_rank = _rank_of(sorted(range(n), key=lambda d: (oldest[d], ids[d])))


def _phrase(cache: PostingCache, field: str, folded: tuple[str, ...]) -> np.ndarray:
    """Documents with ``folded`` as consecutive syllables in ``field``.

    Two syllables are one pair term. A longer phrase's documents hold all its pair terms; they
    are kept when the pairs' positions chain (pair i at p + i), read for those candidates only.
    """
    pairs = [f"{a} {b}" for a, b in pairwise(folded)]
    found = _intersect(cache, [cache.docs(field, p) for p in pairs])
    if len(pairs) < 2 or not found.any():
        return found
    return cache.derived(
        (field, '"' + " ".join(folded) + '"'), lambda: _chained(cache, field, pairs, found)
    )


def _chained(cache: PostingCache, field: str, pairs: list[str], found: np.ndarray) -> set[int]:
    """Of the documents in mask ``found``, those where pair i stands at p + i for some p."""
    docs = np.flatnonzero(found).tolist()
    where = [cache.reader.positions(field, p, docs) for p in pairs]
    sets = [{d: set(ps) for d, ps in w.items()} for w in where[1:]]
    return {
        d
        for d in docs
        if any(
            all(p + i in s.get(d, ()) for i, s in enumerate(sets, 1)) for p in where[0].get(d, ())
        )
    }


def _intersect(cache: PostingCache, masks: list[np.ndarray]) -> np.ndarray:
    if not masks:
        return np.zeros(cache.doc_count, dtype=bool)
    if len(masks) == 1:
        return masks[0]
    both: np.ndarray = np.logical_and.reduce(masks)
    return both


def _words(cache: PostingCache, node: Words) -> np.ndarray:
    field = f.TITLE_FOLD if node.title_only else f.TEXT_FOLD
    folded = tuple(fold_syllable(t) for t in node.tokens)
    concept = concept_of(folded)
    if concept is not None:
        return cache.docs(field, concept)
    if len(folded) == 1:
        return cache.docs(field, folded[0])
    if node.phrase:
        return _phrase(cache, field, folded)
    return _intersect(cache, [cache.docs(field, t) for t in folded])


def match(cache: PostingCache, live: np.ndarray, node: Node) -> np.ndarray:
    """The mask of documents matching ``node`` (possibly a cached, read-only array)."""
    if isinstance(node, Words):
        return _words(cache, node)
    if isinstance(node, Not):
        rest: np.ndarray = live & ~match(cache, live, node.child)
        return rest
    if isinstance(node, Or):
        either: np.ndarray = np.logical_or.reduce([match(cache, live, c) for c in node.children])
        return either
    positive, negative = [], []
    for item in group_concepts(node.children):
        if isinstance(item, str):
            positive.append(cache.docs(f.TEXT_FOLD, item))
        elif isinstance(item, Not):
            negative.append(match(cache, live, item.child))
        else:
            positive.append(match(cache, live, item))
    found = _intersect(cache, positive) if positive else live
    for excluded in negative:
        found = found & ~excluded
    return found


def scoring_terms(node: Node | None) -> list[tuple[str, str]]:
    """(field, term) pairs whose BM25 contributions make a document's stage-one score."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Words):
        field = f.TITLE_FOLD if node.title_only else f.TEXT_FOLD
        folded = tuple(fold_syllable(t) for t in node.tokens)
        concept = concept_of(folded)
        if concept is not None:
            return [(field, concept)]
        if node.phrase and len(folded) > 1:
            return [(field, f"{a} {b}") for a, b in pairwise(folded)]
        return [(field, t) for t in folded]
    if isinstance(node, Or):
        return [term for child in node.children for term in scoring_terms(child)]
    out: list[tuple[str, str]] = []
    for item in group_concepts(node.children):
        out += [(f.TEXT_FOLD, item)] if isinstance(item, str) else scoring_terms(item)
    return out


def bm25(cache: PostingCache, columns: Columns, terms: Iterable[tuple[str, str]]) -> np.ndarray:
    """BM25 scores for ``terms`` of every document (0 where none occurs), one array."""
    total = max(1, columns.live_count)
    scores = np.zeros(len(columns.norm), dtype=np.float64)
    for field, term in dict.fromkeys(terms):
        postings = cache.get(field, term)
        n = len(postings)
        if not n:
            continue
        idf = np.log(1 + (total - n + 0.5) / (n + 0.5))
        docs = postings.doc_array
        tf = postings.weight_array.astype(np.float64)
        # A term's documents are distinct, so the fancy-indexed += adds once per document.
        scores[docs] += idf * (BM25_K1 + 1) * tf / (tf + columns.norm[docs])
    return scores


def _best(candidates: np.ndarray, keys: tuple[np.ndarray, ...], limit: int) -> np.ndarray:
    """The first ``limit`` of ``candidates`` ordered by ``keys`` (last key primary, as in
    ``np.lexsort``), partially sorted on the primary key first so only the best are sorted."""
    primary = keys[-1]
    if len(candidates) > limit > 0:
        cutoff = np.partition(primary, limit - 1)[limit - 1]
        keep = primary <= cutoff  # everything tied with the cut-off stays in the race
        candidates, keys = candidates[keep], tuple(k[keep] for k in keys)
    return candidates[np.lexsort(keys)][:limit]


def top_by_score(
    scores: np.ndarray, columns: Columns, allowed: np.ndarray, limit: int
) -> list[tuple[int, float]]:
    """The ``limit`` best (document, score) of the ``allowed`` mask, equal scores by id."""
    candidates = np.flatnonzero(allowed)
    values = scores[candidates]
    best = _best(candidates, (columns.id_rank[candidates], -values), limit)
    return list(zip(best.tolist(), scores[best].tolist(), strict=True))


def top_by_date(columns: Columns, allowed: np.ndarray, limit: int, oldest: bool) -> list[int]:
    """The first ``limit`` of the ``allowed`` mask newest (or oldest) first; unknown dates last."""
    rank = columns.oldest_rank if oldest else columns.newest_rank
    candidates = np.flatnonzero(allowed)
    ranked: list[int] = _best(candidates, (rank[candidates],), limit).tolist()
    return ranked
