"""Whole posting lists and their document masks, cached per open index.

Matching and facet counting need *every* document of a query, tens of thousands on broad queries
over a large archive. A term's postings come from the index reader (``searchsvc.engine.reader``)
as arrays (documents and term frequencies), are turned into numpy document masks (set algebra,
scoring and facet counting are then vectorised), and are kept in a small LRU cache: the
vocabulary of queries is far smaller than the archive's. Arrays computed from a term's postings
alone (its document numbers as indexes, its BM25 part) are kept beside them: computing those
again on every query was most of a broad query's time (bench/search.py).
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

import numpy as np

from searchsvc.engine.reader import EMPTY, IndexReader, Postings

# Bytes kept per worker and index: 20 per posting (documents int64 8, weights float32 4, the
# BM25 part float64 8) and a mask of 1 byte per document of the index per term. The bench mix's
# broadest query at 1M articles (``chất lượng giáo dục``: 18 lists, 2.6M postings) holds ~70 MB,
# so a query's repeated runs never evict their own lists; what the budget allows beyond that
# is bounded by the worker's RSS (bench/README.md, "Dense postings": RSS after the mix).
CACHE_BYTES = 256 * 1024 * 1024


def no_huge_page_advice() -> None:
    """Stop numpy advising the kernel to back its big arrays with transparent huge pages.

    numpy asks for huge pages (``madvise``) on every allocation of 4 MiB or more. Where the
    kernel's THP ``defrag`` setting is ``madvise`` (this machine's), the first touch of each
    2 MiB then waits for the kernel to compact memory into a huge page, and a search allocates
    several such arrays per query (masks, scores, posting lists at 1M documents). A cold
    ``giáo`` on the 1M index took 141 ms with the advice and 77 ms without; its second run 47
    against 27 ms (/tmp/cold15-q2nd.py, load 1.0). A process-wide numpy setting, made when an
    index is opened for search (``PostingCache``), never on import; the same as running the
    worker with ``NUMPY_MADVISE_HUGEPAGE=0``.
    """
    for name in ("numpy._core.multiarray", "numpy.core.multiarray"):  # numpy 2, numpy 1
        try:
            setter = getattr(importlib.import_module(name), "_set_madvise_hugepage", None)
        except ImportError:
            continue
        if setter is not None:  # a private numpy function: absent, the advice stays
            setter(False)
            return


# Derived sets whose partial progress is kept (``PostingCache.derived``): a few phrases being
# verified at once; their found documents are a few MB at most at 1M articles.
MAX_PROGRESS = 16


def mask_of(doc_count: int, docnums: Iterable[int] | np.ndarray) -> np.ndarray:
    """A read-only boolean mask over ``doc_count`` document numbers with ``docnums`` set: the
    one form of a document set in matching, facets and caching."""
    mask = np.zeros(doc_count, dtype=bool)
    mask[np.asarray(docnums, dtype=np.int64)] = True
    mask.flags.writeable = False
    return mask


class PostingCache:
    """LRU cache of ``read_postings`` results and document masks for one open index.

    A term's document set is a boolean mask over document numbers (numpy): AND, OR and NOT are
    then one vectorised operation over the archive, and facet counting indexes the mask
    directly. Masks are read-only, so a cached one can never be changed by a caller.
    """

    def __init__(self, reader: IndexReader, budget: int = CACHE_BYTES) -> None:
        no_huge_page_advice()
        self.reader = reader
        self.doc_count = reader.doc_count
        self.budget = budget
        self.size = 0  # bytes held: postings arrays, masks and term_array's arrays
        self.entries: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self.masks: dict[tuple[str, str], np.ndarray] = {}
        self.arrays: dict[tuple[str, str], dict[str, np.ndarray]] = {}  # term_array's
        # Derived sets cut short by a request's budget: documents found so far, next start.
        self.progress: dict[tuple[str, str], tuple[list[np.ndarray], int]] = {}
        self.lock = threading.Lock()

    def get(self, field: str, term: str) -> Postings:
        key = (field, term)
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        postings = self.reader.postings(field, term)
        with self.lock:
            kept = self.entries.get(key)
            if kept is not None:  # another thread read it meanwhile: count its bytes once
                self.entries.move_to_end(key)
                return kept
            self.entries[key] = postings
            self.size += postings.nbytes
            self._evict()
        return postings

    def derived(
        self,
        key: tuple[str, str],
        step: Callable[[int], tuple[np.ndarray, int | None]],
        allows: Callable[[], bool] = lambda: True,
    ) -> np.ndarray:
        """The mask of a document set computed from the index (a verified phrase), cached like
        a term's once complete.

        ``step(start)`` verifies candidates from ``start`` on and returns the documents found
        and where the next step starts (None: done). ``allows`` (the request's budget) is asked
        before every step but the first: when it says no, the documents found so far are the
        answer, and the progress is kept so the next request goes on from there instead of
        starting again (a cold phrase over 257k candidates at 1M articles took seconds).
        The index never changes under an open view, so the answer stays right; it shares the
        byte budget and the least-recently-used eviction.
        """
        with self.lock:
            found = self.masks.get(key)
            if found is not None and key in self.entries:
                self.entries.move_to_end(key)
                return found
            parts, start = self.progress.pop(key, ([], 0))
        next_start: int | None = start
        while next_start is not None and (next_start == start or allows()):
            docs, next_start = step(next_start)
            parts.append(docs)
        found = mask_of(self.doc_count, np.concatenate(parts) if parts else [])
        with self.lock:
            if next_start is not None:  # cut short: resume here next time
                self.progress[key] = (parts, next_start)
                while len(self.progress) > MAX_PROGRESS:
                    del self.progress[next(iter(self.progress))]  # the oldest
                return found
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
            self.size -= sum(a.nbytes for a in self.arrays.pop(old_key, {}).values())

    def term_array(
        self, field: str, term: str, kind: str, compute: Callable[[Postings], np.ndarray]
    ) -> np.ndarray:
        """An array computed once from the term's postings and kept (read-only) with them.

        ``kind`` names what ``compute`` derives; one open index gives every ``kind`` one
        meaning, so the kept array stays right. It counts against the byte budget and goes
        when its postings are evicted.
        """
        postings = self.get(field, term)
        key = (field, term)
        with self.lock:
            found = self.arrays.get(key, {}).get(kind)
        if found is None:
            found = compute(postings)
            found.flags.writeable = False
            with self.lock:
                if key in self.entries and kind not in self.arrays.setdefault(key, {}):
                    self.arrays[key][kind] = found
                    self.size += found.nbytes
                    self._evict()
        return found

    def doc_index(self, field: str, term: str) -> np.ndarray:
        """The term's document numbers as an index array (int64: numpy converts any other
        integer type on every fancy-indexing use, a copy per use)."""
        return self.get(field, term).docs

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
