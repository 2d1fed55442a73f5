"""``IndexReader`` over a Whoosh 2.7.4 index: the engine's Whoosh details, with the per-document
columns of ``whoosh_columns`` (the only other engine module that imports Whoosh).

Whole posting lists are read from a segment's dense postings sidecar when it holds the term
(``indexer.dense_postings``: one record read with ``pread``, decoded by numpy), else as the
decoded arrays Whoosh keeps per block (ids and term frequencies) rather than through its
matchers, which step through documents with several Python calls each (measured at 1,000
articles: ~100 ms of a four-word query). That means reading the block fields of Whoosh 2.7.4's
posting reader (``W3LeafMatcher``: ``_ids``, ``_weights``, ``_values``, ``_next_block``,
``_skip_to_block``) and decoding its ``Positions`` format; the exact ``whoosh==2.7.4`` pin
protects it, and tests/test_postings.py checks every read here against Whoosh's public API on
each run.
"""

from __future__ import annotations

import logging
import pickle
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any, cast
from weakref import WeakKeyDictionary

import numpy as np
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher

from indexer import dense_backfill, dense_postings, vocabulary
from indexer.schema import ID_FIELD, TEXT_FOLD
from searchsvc.engine import whoosh_columns
from searchsvc.engine.reader import EMPTY, Postings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Segment:
    """What reading a term needs of one segment of an open searcher, found once per searcher."""

    reader: Any  # Whoosh's SegmentReader (it holds no reference to the searcher)
    offset: int  # its first global document number
    dense: dense_postings.DenseSegment | None  # its sidecar, None: Whoosh's blocks only
    deleted: np.ndarray | None  # boolean by segment-relative number; None: no deletions


# Per open searcher, weakly keyed: a closed and dropped searcher takes its sidecar maps along.
_SEGMENTS: WeakKeyDictionary[Searcher, list[_Segment]] = WeakKeyDictionary()


def _segments(searcher: Searcher) -> list[_Segment]:
    found = _SEGMENTS.get(searcher)
    if found is None:
        found = []
        live = whoosh_columns.live_mask(searcher.reader())  # the one read of the deletions
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            count = reader.doc_count_all()
            segment = reader.segment()
            folder = getattr(reader.storage(), "folder", None)
            dense = None
            if segment is not None and not segment.is_compound():
                dense = dense_postings.open_segment(folder, segment.segment_id(), count)
            deleted = ~live[offset : offset + count] if reader.has_deletions() else None
            found.append(_Segment(reader, offset, dense, deleted))
        _SEGMENTS[searcher] = found
    return found


def _whoosh_postings(reader: Any, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(segment-relative documents, weights) of a term from Whoosh's blocks, deleted included."""
    matcher = reader.postings(field, term)
    if isinstance(matcher, FilterMatcher):  # the deletion filter: applied by the caller
        matcher = matcher.child
    docs, weights = array("I"), array("f")
    for ids, freqs in dense_backfill.leaf_blocks(matcher):
        docs.extend(ids)
        weights.extend(freqs)
    return np.frombuffer(docs, dtype=np.uint32).astype(np.int64), np.frombuffer(weights, np.float32)


def _decode_positions(value: bytes) -> list[int]:
    """Positions of one posting of Whoosh 2.7.4's ``Positions`` format (a 4-byte count, then a
    pickled list of deltas), decoded in C: Whoosh's own decoder sums the deltas in Python."""
    return list(accumulate(pickle.loads(value[4:] + b".")))


def _dense_lookup(segment: _Segment, field: str, term: str) -> tuple[np.ndarray, np.ndarray] | None:
    """The term from the segment's sidecar, or None: not held, no sidecar, or a damaged record
    (logged; Whoosh's blocks answer)."""
    if segment.dense is None:
        return None
    try:
        return segment.dense.lookup(field, term)
    except dense_postings.DenseError as exc:
        log.warning("dense postings of %s: %s; reading Whoosh's blocks", segment.reader, exc)
        return None


def read_postings(searcher: Searcher, field: str, term: str) -> Postings:
    """All postings of ``term`` in ``field`` across the searcher's segments: from a segment's
    dense postings sidecar when it holds the term (``indexer.dense_postings``: one record read
    with ``pread``, decoded by numpy), else from Whoosh's blocks; deletions and offsets applied
    with numpy."""
    docs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for segment in _segments(searcher):
        found = _dense_lookup(segment, field, term)
        if found is None:
            if (field, term) not in segment.reader:
                continue
            found = _whoosh_postings(segment.reader, field, term)
        local, freqs = found
        if segment.deleted is not None:
            keep = ~segment.deleted[local]
            local, freqs = local[keep], freqs[keep]
        docs.append(local + segment.offset if segment.offset else local)
        weights.append(freqs)
    if not docs:
        return EMPTY
    if len(docs) == 1:
        return Postings(docs[0], weights[0])
    return Postings(np.concatenate(docs), np.concatenate(weights))


def positions_at(
    searcher: Searcher, field: str, term: str, docnums: Sequence[int]
) -> dict[int, list[int]]:
    """Positions of ``term`` in each of ``docnums`` (sorted, global, live) that holds it.

    Seeks each document by bisecting the decoded ids of the block that can hold it; Whoosh's
    own ``skip_to`` steps through a block one posting (three Python calls) at a time.
    """
    found: dict[int, list[int]] = {}
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        end = offset + reader.doc_count_all()
        # The segment's share of the sorted candidates, found by bisection: filtering the
        # whole list per segment cost 3.7 of a cold phrase's 10.5 s at 1M (127 segments,
        # 257k candidates, profiled).
        local = [
            d - offset for d in docnums[bisect_left(docnums, offset) : bisect_left(docnums, end)]
        ]
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


# Document frequencies kept per open reader: soft AND orders every query's words by it, and
# Whoosh looks a term up in each segment's term file (~40 us of CPU a term with three segments
# at 20k articles: bench/query_stages.py's match_query went from 86 to 37 us a query). The
# index never changes under a reader, so a kept answer stays right; the bound keeps a
# long-running worker's memory flat (~100 bytes an entry).
DOC_FREQUENCY_CACHE = 65536


class WhooshReader:
    """The engine's ``IndexReader`` over one open Whoosh searcher (closed with it).

    What it keeps (document frequencies, the vocabulary) lives in plain attributes of this
    object, never in a cache holding the reader or a method bound to it (``lru_cache`` on
    ``self._method`` is a reference cycle): when the service drops a replaced index's reader,
    reference counting frees it, and with it the searcher's open segment files and their
    maps, at once rather than at the next garbage collection (the mapped vocabulary too).
    """

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._reader = searcher.reader()
        self._doc_frequencies: dict[tuple[str, str], int] = {}
        # The build's syllable vocabulary of this generation (None: an index built before the
        # file existed, or not in a folder), mapped when the index is opened: about 1 ms at
        # 1M articles (bench/vocabulary_open.py), so it is opened per reader and never kept
        # by path, which an index root deleted and built again (gen-1 once more) would reuse.
        storage = getattr(getattr(searcher, "_ix", None), "storage", None)
        folder = getattr(storage, "folder", None)
        self._vocabulary = vocabulary.open_vocabulary(Path(folder)) if folder else None

    @property
    def doc_count(self) -> int:
        return int(self._reader.doc_count_all())

    def live_docs(self) -> np.ndarray:
        return np.flatnonzero(whoosh_columns.live_mask(self._reader))

    def postings(self, field: str, term: str) -> Postings:
        return read_postings(self.searcher, field, term)

    def positions(self, field: str, term: str, docnums: Sequence[int]) -> dict[int, list[int]]:
        return positions_at(self.searcher, field, term, docnums)

    def doc_frequency(self, field: str, term: str) -> int:
        key = (field, term)
        found = self._doc_frequencies.get(key)
        if found is None:
            if len(self._doc_frequencies) >= DOC_FREQUENCY_CACHE:
                del self._doc_frequencies[next(iter(self._doc_frequencies))]  # the oldest
            found = self._doc_frequencies[key] = int(self._reader.doc_frequency(field, term))
        return found

    def syllable_frequency(self, term: str) -> int:
        # The vocabulary's count is exact after incremental builds; Whoosh's term statistics
        # still count the documents they deleted, so only an index without one asks Whoosh.
        if self._vocabulary is not None:
            return self._vocabulary.frequency(term)
        return self.doc_frequency(TEXT_FOLD, term)

    def similar_terms(self, field: str, term: str, maxdist: int, prefix: int) -> Iterator[str]:
        # The build's syllable vocabulary (indexer.vocabulary): a few dict probes, most frequent
        # first. Without one (an index built before it existed), Whoosh's own search, per
        # segment: its MultiReader (several segments) has no terms_within of its own and falls
        # back to an edit distance for every term sharing the prefix, pair terms included; a
        # segment reader skips through its term index with a Levenshtein automaton.
        known = self._vocabulary if field == TEXT_FOLD else None
        if known is not None:
            yield from known.similar(term, maxdist, prefix)
            return
        seen: set[str] = set()
        for leaf, _ in self._reader.leaf_readers():
            for word in leaf.terms_within(field, term, maxdist, prefix=prefix):
                if word not in seen:
                    seen.add(word)
                    yield word

    def prefix_terms(
        self, field: str, prefix: str, limit: int | None
    ) -> tuple[dict[str, int], bool]:
        """Read segment by segment: Whoosh's multi-segment reader looks each term up again in
        every segment (~250 us a term at 20k articles; one segment's own walk costs 10-35 us).
        ``limit`` applies per segment."""
        found: dict[str, int] = {}
        capped = False
        for segment, _ in self._reader.leaf_readers():
            for i, (term, info) in enumerate(segment.iter_prefix(field, prefix)):
                if limit is not None and i >= limit:
                    capped = True
                    break
                text = term if isinstance(term, str) else term.decode("utf-8")
                found[text] = found.get(text, 0) + info.doc_frequency()
        return found, capped

    # Columns and facet values are read a segment at a time, whole (whoosh_columns): per
    # document or per term through the multi-segment reader they took 23.8 s to open 1M.
    def field_lengths(self, field: str) -> np.ndarray:
        return whoosh_columns.field_lengths(self._reader, field)

    def column(self, field: str) -> Sequence[Any]:
        """A numpy array (numbers, or unicode for the id): a sequence indexed by docnum."""
        schema = self._reader.schema
        kind = schema[field].column_type if field in schema else None
        if isinstance(kind, NumericColumn):
            return cast(Sequence[Any], whoosh_columns.numeric_column(self._reader, field))
        if isinstance(kind, VarBytesColumn):
            return cast(Sequence[Any], whoosh_columns.string_column(self._reader, field))
        column: Sequence[Any] = self._reader.column_reader(field)
        return column

    def facet_values(self, field: str) -> Iterator[tuple[str, np.ndarray]]:
        return whoosh_columns.facet_values(self._reader, field)

    def stored(self, docnum: int) -> dict[str, Any]:
        return dict(self.searcher.stored_fields(docnum))

    def docnum_of(self, doc_id: str) -> int | None:
        found: int | None = self.searcher.document_number(**{ID_FIELD: doc_id})
        return found

    def related(self, docnum: int, field: str, text: str, top: int) -> list[int]:
        return [hit.docnum for hit in self.searcher.more_like(docnum, field, text=text, top=top)]

    def close(self) -> None:
        self.searcher.close()
        self._doc_frequencies.clear()
        self._vocabulary = None
