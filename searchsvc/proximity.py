"""Adjacency: how many neighbouring pairs of the query's syllables stand side by side in a document.

Used to rerank the best candidates by term scores, so ``Thái Nguyên`` written together ranks
above an article that has ``Thái`` in one paragraph and ``Nguyên`` in another. Whoosh's phrase
queries would do this, but they walk every document holding all the terms through Python span
code; here only the few documents being reranked are looked at, by skipping each term's posting
list straight to them and reading the positions stored there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from whoosh.searching import Searcher


def _positions(searcher: Searcher, field: str, term: str, docnums: list[int]) -> dict[int, set]:
    """For each of ``docnums`` (sorted, global) holding ``term`` in ``field``, its positions."""
    found: dict[int, set] = {}
    for sub, offset in searcher.leaf_searchers():
        local = [d - offset for d in docnums if offset <= d < offset + sub.doc_count_all()]
        if not local or (field, term) not in sub.reader():
            continue
        matcher = sub.reader().postings(field, term)
        for docnum in local:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found[docnum + offset] = set(matcher.value_as("positions"))
    return found


def adjacent_pairs(
    searcher: Searcher, field: str, sequence: Sequence[str], docnums: Iterable[int]
) -> dict[int, int]:
    """Per document, the number of pairs (``sequence[i]``, ``sequence[i+1]``) found adjacent."""
    wanted = sorted(set(docnums))
    counts = dict.fromkeys(wanted, 0)
    if len(sequence) < 2 or not wanted:
        return counts
    positions = {term: _positions(searcher, field, term, wanted) for term in set(sequence)}
    for first, second in pairwise(sequence):
        before, after = positions[first], positions[second]
        for docnum in before.keys() & after.keys():
            following = after[docnum]
            if any(p + 1 in following for p in before[docnum]):
                counts[docnum] += 1
    return counts
