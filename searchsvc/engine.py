"""Matching, scoring and ordering over cached posting lists (``searchsvc.postings``).

* **Match**: the query tree becomes set algebra over term document sets: AND intersects, OR
  unites, NOT subtracts. Each syllable is its folded term in ``text_fold`` (``title_fold`` after
  ``title:``); a name of several spellings is its concept term; a quoted pair of syllables is
  its pair term, and a longer phrase its pairs' intersection, verified from their positions.
* **Score**: BM25 (Whoosh's defaults, B=0.75, K1=1.2) over the matched documents only, from the
  cached frequencies and per-document field lengths read once per index.
* **Order by date**: a precomputed rank of every document by publication date.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from itertools import pairwise

from indexer import schema as f
from indexer.analysis import fold_syllable
from indexer.concepts import concept_of
from searchsvc.postings import PostingCache, positions_at
from searchsvc.querybuild import group_concepts
from searchsvc.querylang import Node, Not, Or, Words

BM25_B = 0.75
BM25_K1 = 1.2


class Columns:
    """Per-document values read once per open index: field lengths and date ranks."""

    def __init__(self, reader, ids) -> None:  # type: ignore[no-untyped-def]
        n = reader.doc_count_all()
        self.live = frozenset(reader.all_doc_ids())
        lengths = [reader.doc_field_length(d, f.TEXT_FOLD, 0) for d in range(n)]
        average = sum(lengths) / max(1, len(self.live))
        # BM25's length normalisation per document, so scoring is one division per posting.
        self.norm = [
            BM25_K1 * (1 - BM25_B + BM25_B * length / (average or 1)) for length in lengths
        ]
        published = reader.column_reader(f.PUBLISHED)
        oldest = reader.column_reader(f.OLDEST_KEY)
        by_newest = sorted(range(n), key=lambda d: (-published[d], ids[d]))
        by_oldest = sorted(range(n), key=lambda d: (oldest[d], ids[d]))
        self.newest_rank = [0] * n
        self.oldest_rank = [0] * n
        for rank, d in enumerate(by_newest):
            self.newest_rank[d] = rank
        for rank, d in enumerate(by_oldest):
            self.oldest_rank[d] = rank


def _phrase(cache: PostingCache, field: str, folded: tuple[str, ...]) -> set[int] | frozenset[int]:
    """Documents with ``folded`` as consecutive syllables in ``field``.

    Two syllables are one pair term. A longer phrase's documents hold all its pair terms; they
    are kept when the pairs' positions chain (pair i at p + i), read for those candidates only.
    """
    pairs = [f"{a} {b}" for a, b in pairwise(folded)]
    found = _intersect([cache.docs(field, p) for p in pairs])
    if len(pairs) < 2 or not found:
        return found
    return cache.derived(
        (field, '"' + " ".join(folded) + '"'), lambda: _chained(cache, field, pairs, found)
    )


def _chained(cache: PostingCache, field: str, pairs: list[str], found) -> set[int]:  # type: ignore[no-untyped-def]
    """Of ``found``, the documents where pair i stands at p + i for some p."""
    docs = sorted(found)
    where = [positions_at(cache.searcher, field, p, docs) for p in pairs]
    sets = [{d: set(ps) for d, ps in w.items()} for w in where[1:]]
    return {
        d
        for d in docs
        if any(
            all(p + i in s.get(d, ()) for i, s in enumerate(sets, 1)) for p in where[0].get(d, ())
        )
    }


def _intersect(sets: list) -> set[int] | frozenset[int]:  # type: ignore[type-arg]
    if not sets:
        return frozenset()
    sets = sorted(sets, key=len)
    out = set(sets[0])
    for other in sets[1:]:
        out &= other
        if not out:
            break
    return out


def _words(cache: PostingCache, node: Words) -> set[int] | frozenset[int]:
    field = f.TITLE_FOLD if node.title_only else f.TEXT_FOLD
    folded = tuple(fold_syllable(t) for t in node.tokens)
    concept = concept_of(folded)
    if concept is not None:
        return cache.docs(field, concept)
    if len(folded) == 1:
        return cache.docs(field, folded[0])
    if node.phrase:
        return _phrase(cache, field, folded)
    return _intersect([cache.docs(field, t) for t in folded])


def match(cache: PostingCache, live: frozenset[int], node: Node) -> set[int] | frozenset[int]:
    """Documents matching ``node``."""
    if isinstance(node, Words):
        return _words(cache, node)
    if isinstance(node, Not):
        return live - match(cache, live, node.child)
    if isinstance(node, Or):
        out: set[int] = set()
        for child in node.children:
            out |= match(cache, live, child)
        return out
    positive, negative = [], []
    for item in group_concepts(node.children):
        if isinstance(item, str):
            positive.append(cache.docs(f.TEXT_FOLD, item))
        elif isinstance(item, Not):
            negative.append(match(cache, live, item.child))
        else:
            positive.append(match(cache, live, item))
    found = _intersect(positive) if positive else set(live)
    for excluded in negative:
        found = found - excluded
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


def bm25(
    cache: PostingCache, columns: Columns, terms: Iterable[tuple[str, str]], docs
) -> dict[int, float]:  # type: ignore[no-untyped-def]
    """BM25 scores of ``docs`` (a set) for ``terms``."""
    total = max(1, len(columns.live))
    norm = columns.norm
    scores: dict[int, float] = {}
    for field, term in dict.fromkeys(terms):
        postings = cache.get(field, term)
        if not postings.docs:
            continue
        n = len(postings)
        idf = math.log(1 + (total - n + 0.5) / (n + 0.5))
        gain = idf * (BM25_K1 + 1)
        for d, tf in zip(postings.docs, postings.weights, strict=True):
            if d in docs:
                scores[d] = scores.get(d, 0.0) + gain * tf / (tf + norm[d])
    return scores


def top_by_score(scores: dict[int, float], ids, limit: int) -> list[tuple[int, float]]:  # type: ignore[no-untyped-def]
    """The ``limit`` best (document, score), equal scores by document id.

    The cut-off score comes from the bare values (C speed); only documents at or above it are
    sorted with the id tie-break, so a tie at the cut is resolved by id too.
    """
    if not scores:
        return []
    cutoff = heapq.nlargest(limit, scores.values())[-1]
    best = [(d, s) for d, s in scores.items() if s >= cutoff]
    best.sort(key=lambda item: (-item[1], ids[item[0]]))
    return best[:limit]


def top_by_date(columns: Columns, docs, limit: int, oldest: bool) -> list[int]:  # type: ignore[no-untyped-def]
    """The first ``limit`` of ``docs`` newest (or oldest) first; unknown dates last."""
    rank = columns.oldest_rank if oldest else columns.newest_rank
    return heapq.nsmallest(limit, docs, key=rank.__getitem__)
