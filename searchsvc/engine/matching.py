"""Matching, scoring and ordering over cached posting lists (``searchsvc.engine.postings``).

* **Match**: the clauses of a query plan (``searchsvc.engine.terms``, the one place a query
  becomes (field, term) lookups) become set algebra over term document masks (numpy booleans,
  one per document number): AND intersects, OR unites, NOT subtracts; a phrase of three
  syllables or more is its pairs' intersection, verified from their positions
  (``searchsvc.engine.phrases``, within the request's budget). Plain words are
  combined by ``searchsvc.engine.relax`` (soft AND) from the same leaf masks.
* **Score**: BM25 (Whoosh's defaults, B=0.75, K1=1.2) from the cached frequencies and
  per-document field lengths read once per index, vectorised over each term's postings.
* **Order**: the best by score (ties by document id) or by a precomputed date rank, found with
  a partial sort; only the page's worth is ever fully sorted.

At 100k articles a broad query matches nearly every document, so every step here is a numpy
operation over arrays, not a Python loop over documents (bench/search.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from indexer import schema as f
from searchsvc.engine import doc_orders, phrases
from searchsvc.engine.budget import Budget
from searchsvc.engine.postings import PostingCache, mask_of
from searchsvc.engine.reader import IndexReader, Postings
from searchsvc.engine.terms import AnyOf, Clause, Leaf, Without

BM25_B = 0.75
BM25_K1 = 1.2

Mask = np.ndarray  # boolean, one per document number


class Columns:
    """Per-document arrays read once per open index: live documents, BM25 length norms, and
    ranks by id, by newest and by oldest date (each a total order, so ties never arise).

    Every order is a numpy sort over whole arrays: Python's ``sorted`` with a key per
    document took 14.5 s of the 1M index's open (profiled; ``searchsvc.engine.doc_orders``)."""

    def __init__(self, reader: IndexReader, ids: Sequence[str]) -> None:
        self.live = mask_of(reader.doc_count, reader.live_docs())
        self.live_count = int(self.live.sum())
        lengths = reader.field_lengths(f.TEXT_FOLD)
        # Terms of the folded text (syllables and pairs): a typed run's share of an article.
        self.text_lengths = np.maximum(lengths, 1.0)
        average = float(lengths[self.live].sum()) / max(1, self.live_count)
        # BM25's length normalisation per document, so scoring is one division per posting.
        self.norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / (average or 1))
        # Title length in syllables: the folded title field holds each syllable and each pair
        # of neighbours (2n - 1 terms for n syllables; names' concept terms add a few).
        title_lengths = reader.field_lengths(f.TITLE_FOLD)
        self.title_syllables = (title_lengths + 1) / 2
        # The same normalisation over the folded title: a run found in a short title (a pasted
        # headline) weighs more than in a long one (searchsvc.engine.proximity).
        title_average = float(title_lengths[self.live].sum()) / max(1, self.live_count)
        self.title_norm = BM25_K1 * (1 - BM25_B + BM25_B * title_lengths / (title_average or 1))
        published = np.asarray(reader.column(f.PUBLISHED), dtype=np.int64)
        oldest = np.asarray(reader.column(f.OLDEST_KEY), dtype=np.int64)
        self.id_rank = doc_orders.rank_of(doc_orders.id_order(ids))
        # (-published, id) and (oldest, id), as the sorts of Python keys once defined them.
        self.newest_rank = doc_orders.rank_of(doc_orders.date_order(-published, self.id_rank))
        self.oldest_rank = doc_orders.rank_of(doc_orders.date_order(oldest, self.id_rank))


def _intersect(cache: PostingCache, masks: list[np.ndarray]) -> np.ndarray:
    if not masks:
        return np.zeros(cache.doc_count, dtype=bool)
    if len(masks) == 1:
        return masks[0]
    both: np.ndarray = np.logical_and.reduce(masks)
    return both


def leaf_docs(cache: PostingCache, leaf: Leaf, budget: Budget) -> np.ndarray:
    """The mask of documents holding ``leaf``: all its lookups, and for a phrase of three
    syllables or more its pairs chained by position (verified for those documents only)."""
    budget.note(leaf.lookups)
    found = _intersect(cache, [cache.docs(field, term) for field, term in leaf.lookups])
    if not leaf.chained or not found.any():
        return found
    pairs = [term for _, term in leaf.lookups]
    key = (leaf.field, '"' + " ".join(leaf.syllables) + '"')
    return phrases.verified(cache, key, pairs, np.flatnonzero(found), budget)


def match(cache: PostingCache, live: np.ndarray, clause: Clause, budget: Budget) -> Mask | None:
    """The mask of documents matching ``clause`` (possibly a cached, read-only array).

    ``None`` when the budget ran out before the clause was read: its parent then does without
    it (an AND is wider, an OR narrower), and the result says it is partial.
    """
    if isinstance(clause, Leaf):
        return leaf_docs(cache, clause, budget) if budget.allows() else None
    if isinstance(clause, Without):
        excluded = match(cache, live, clause.child, budget)
        return None if excluded is None else live & ~excluded
    if isinstance(clause, AnyOf):
        parts = [match(cache, live, child, budget) for child in clause.children]
        known = [p for p in parts if p is not None]
        return np.logical_or.reduce(known) if known else None
    return match_all(cache, live, clause.children, budget)


def match_all(
    cache: PostingCache, live: np.ndarray, clauses: Sequence[Clause], budget: Budget
) -> Mask:
    """Documents matching every one of ``clauses`` (every live document for none)."""
    positive, negative = [], []
    for clause in clauses:
        if isinstance(clause, Without):
            negative.append(match(cache, live, clause.child, budget))
        else:
            positive.append(match(cache, live, clause, budget))
    known = [m for m in positive if m is not None]
    found = _intersect(cache, known) if known else live
    for excluded in negative:
        if excluded is not None:
            found = found & ~excluded
    return found


def bm25(
    cache: PostingCache,
    columns: Columns,
    terms: Iterable[tuple[str, str]],
    budget: Budget,
    scores: np.ndarray | None = None,
    weight: float = 1.0,
) -> np.ndarray:
    """BM25 scores for ``terms`` of every document (0 where none occurs), one array; with
    ``scores``, ``weight`` times them are added to it. Terms the budget no longer allows
    reading are left out."""
    total = max(1, columns.live_count)
    if scores is None:
        scores = np.zeros(len(columns.norm), dtype=np.float64)
    for field, term in dict.fromkeys(terms):
        if not budget.may_read((field, term)):
            continue
        if len(cache.get(field, term)):
            # The term's BM25 per posting depends on the open index alone: computed once.
            part = cache.term_array(field, term, "bm25", lambda p: _bm25_part(columns, p, total))
            scores[cache.doc_index(field, term)] += part if weight == 1.0 else weight * part
    return scores


def _bm25_part(columns: Columns, postings: Postings, total: int) -> np.ndarray:
    """BM25 of one term in each document of its postings, weight 1 (``add_bm25``'s terms: a
    power-of-two weight times it gives the same bits as ``add_bm25``)."""
    tf = postings.weight_array.astype(np.float64)
    return bm25_part(idf(len(postings), total), tf, columns.norm[postings.doc_array])


def bm25_part(term_idf: float, tf: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """The BM25 formula: a term's score in each document of frequencies ``tf`` and length
    normalisations ``norm``. Weighted callers pass ``weight * term_idf``, so the result is the
    same float, operation for operation, wherever it is computed."""
    part: np.ndarray = term_idf * (BM25_K1 + 1) * tf / (tf + norm)
    return part


def idf(held: int, total: int) -> float:
    """BM25's idf of a term ``held`` by that many of ``total`` documents (Whoosh's formula)."""
    return float(np.log(1 + (total - held + 0.5) / (held + 0.5)))


def add_bm25(
    scores: np.ndarray,
    columns: Columns,
    docs: np.ndarray,
    tf: np.ndarray,
    term_idf: float,
    weight: float = 1.0,
    norm: np.ndarray | None = None,
) -> None:
    """Add one term's BM25 (frequencies ``tf`` in distinct documents ``docs``) to ``scores``;
    ``norm``: another field's length normalisation than the folded text's."""
    norm = columns.norm if norm is None else norm
    # The documents are distinct, so the fancy-indexed += adds once per document.
    scores[docs] += bm25_part(weight * term_idf, tf, norm[docs])


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
    scores: np.ndarray,
    columns: Columns,
    allowed: np.ndarray,
    limit: int,
    level: np.ndarray | None = None,
) -> list[tuple[int, float]]:
    """The ``limit`` best (document, score) of the ``allowed`` mask, equal scores by id; with
    ``level`` (per document, higher first), by level first (soft AND's coverage)."""
    candidates = np.flatnonzero(allowed)
    values = scores[candidates]
    if level is not None:  # one key: each level above every score of the level below
        values = values + level[candidates] * (float(values.max(initial=0.0)) + 1.0)
    best = _best(candidates, (columns.id_rank[candidates], -values), limit)
    return list(zip(best.tolist(), scores[best].tolist(), strict=True))


def top_by_date(columns: Columns, allowed: np.ndarray, limit: int, oldest: bool) -> list[int]:
    """The first ``limit`` of the ``allowed`` mask newest (or oldest) first; unknown dates last."""
    rank = columns.oldest_rank if oldest else columns.newest_rank
    candidates = np.flatnonzero(allowed)
    ranked: list[int] = _best(candidates, (rank[candidates],), limit).tolist()
    return ranked
