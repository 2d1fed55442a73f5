"""Whole posting lists, read a block at a time and cached per open index.

Matching and facet counting need *every* document of a query, tens of thousands on broad queries
over a large archive. Whoosh's matchers step through them with several Python calls per document
and per tree node; measured at 1,000 articles a four-word query already spent ~100 ms there. Here
a term's postings are read as the decoded arrays Whoosh keeps per block (ids and term
frequencies), turned into numpy arrays and document masks (set algebra, scoring and facet
counting are then vectorised), and kept in a small LRU cache: the vocabulary of queries is far
smaller than the archive's.

This reads the block fields of Whoosh 2.7.4's posting reader (``W3LeafMatcher``: ``_ids``,
``_weights``, ``_next_block``); the exact ``whoosh==2.7.4`` pin protects it, and
tests/test_postings.py checks it against Whoosh's public matcher API on every run.
"""

from __future__ import annotations

import pickle
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

# Bytes of postings (8 per posting) and masks (1 per document of the index) kept per worker and
# index: the common terms of a 100k-article archive with room to spare.
CACHE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Postings:
    """One term's documents (global numbers, ascending, deleted ones removed) and frequencies."""

    docs: array
    weights: array

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def nbytes(self) -> int:
        return self.docs.itemsize * len(self.docs) + self.weights.itemsize * len(self.weights)

    @property
    def doc_array(self) -> np.ndarray:
        """The document numbers as a numpy view (no copy)."""
        return np.frombuffer(self.docs, dtype=np.uint32)

    @property
    def weight_array(self) -> np.ndarray:
        """The term frequencies as a numpy view (no copy)."""
        return np.frombuffer(self.weights, dtype=np.float32)


EMPTY = Postings(array("I"), array("f"))


def mask_of(doc_count: int, docnums: Iterable[int] | np.ndarray) -> np.ndarray:
    """A read-only boolean mask over ``doc_count`` document numbers with ``docnums`` set: the
    one form of a document set in matching, facets and caching."""
    mask = np.zeros(doc_count, dtype=bool)
    mask[np.asarray(docnums, dtype=np.int64)] = True
    mask.flags.writeable = False
    return mask


def _leaf_blocks(matcher):  # type: ignore[no-untyped-def]
    """(ids, weights) of each block of a Whoosh 2.7.4 leaf posting reader."""
    while matcher.is_active():
        matcher.id()  # loads the block's ids
        if matcher._weights is None:
            matcher._read_weights()
        yield matcher._ids, matcher._weights
        if matcher._lastblock:
            return
        matcher._next_block()


def read_postings(searcher: Searcher, field: str, term: str) -> Postings:
    """All postings of ``term`` in ``field`` across the searcher's segments."""
    docs, weights = array("I"), array("f")
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (field, term) not in reader:
            continue
        matcher = reader.postings(field, term)
        deleted: frozenset[int] = frozenset()
        if isinstance(matcher, FilterMatcher):  # the segment has deletions
            deleted, matcher = frozenset(matcher._ids), matcher.child
        for ids, freqs in _leaf_blocks(matcher):
            if deleted or offset:
                pairs = [
                    (i + offset, w) for i, w in zip(ids, freqs, strict=True) if i not in deleted
                ]
                docs.extend(i for i, _ in pairs)
                weights.extend(w for _, w in pairs)
            else:
                docs.extend(ids)
                weights.extend(freqs)
    return Postings(docs, weights)


def _decode_positions(value: bytes) -> list[int]:
    """Positions of one posting of Whoosh 2.7.4's ``Positions`` format (a 4-byte count, then a
    pickled list of deltas), decoded in C: Whoosh's own decoder sums the deltas in Python."""
    return list(accumulate(pickle.loads(value[4:] + b".")))


def positions_at(searcher: Searcher, field: str, term: str, docnums: list[int]) -> dict[int, list]:
    """Positions of ``term`` in each of ``docnums`` (sorted, global, live) that holds it.

    Seeks each document by bisecting the decoded ids of the block that can hold it; Whoosh's
    own ``skip_to`` steps through a block one posting (three Python calls) at a time.
    """
    found: dict[int, list] = {}
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        end = offset + reader.doc_count_all()
        local = [d - offset for d in docnums if offset <= d < end]
        if not local or (field, term) not in reader:
            continue
        matcher = reader.postings(field, term)
        if isinstance(matcher, FilterMatcher):  # deletions: the candidates are live anyway
            matcher = matcher.child
        for docnum in local:
            if not matcher.is_active():
                break
            if docnum > matcher.block_max_id():
                matcher._skip_to_block(lambda d=docnum, m=matcher: d > m.block_max_id())
                if not matcher.is_active():
                    break
            matcher.id()  # loads the block's ids
            i = matcher._i = bisect_left(matcher._ids, docnum, matcher._i)
            if i < matcher._blocklength and matcher._ids[i] == docnum:
                if matcher._values is None:
                    matcher._read_values()
                found[docnum + offset] = _decode_positions(matcher._values[i])
    return found


class PostingCache:
    """LRU cache of ``read_postings`` results and document masks for one open index.

    A term's document set is a boolean mask over document numbers (numpy): AND, OR and NOT are
    then one vectorised operation over the archive, and facet counting indexes the mask
    directly. Masks are read-only, so a cached one can never be changed by a caller.
    """

    def __init__(self, searcher: Searcher, budget: int = CACHE_BYTES) -> None:
        self.searcher = searcher
        self.doc_count = searcher.doc_count_all()
        self.budget = budget
        self.size = 0  # bytes held: postings arrays plus masks
        self.entries: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self.masks: dict[tuple[str, str], np.ndarray] = {}
        self.lock = threading.Lock()

    def get(self, field: str, term: str) -> Postings:
        key = (field, term)
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        postings = read_postings(self.searcher, field, term)
        with self.lock:
            self.entries[key] = postings
            self.size += postings.nbytes
            self._evict()
        return postings

    def derived(self, key: tuple[str, str], compute: Callable[[], Iterable[int]]) -> np.ndarray:
        """The mask of a document set computed from the index (a verified phrase), cached like
        a term's.

        The index never changes under an open view, so the answer stays right; it shares the
        byte budget and the least-recently-used eviction.
        """
        with self.lock:
            found = self.masks.get(key)
            if found is not None and key in self.entries:
                self.entries.move_to_end(key)
                return found
        found = mask_of(self.doc_count, list(compute()))
        with self.lock:
            self.entries[key] = EMPTY
            self._keep_mask(key, found)
            self._evict()
        return found

    def _keep_mask(self, key: tuple[str, str], mask: np.ndarray) -> None:
        if key in self.entries and key not in self.masks:
            self.masks[key] = mask
            self.size += mask.nbytes

    def _evict(self) -> None:
        while self.size > self.budget and len(self.entries) > 1:
            old_key, old = self.entries.popitem(last=False)
            dropped = self.masks.pop(old_key, None)
            self.size -= old.nbytes + (dropped.nbytes if dropped is not None else 0)

    def docs(self, field: str, term: str) -> np.ndarray:
        """The term's documents as a read-only mask (built once, kept with its postings)."""
        postings = self.get(field, term)
        key = (field, term)
        with self.lock:
            found = self.masks.get(key)
        if found is None:
            found = mask_of(self.doc_count, postings.doc_array)
            with self.lock:
                self._keep_mask(key, found)
                self._evict()
        return found
