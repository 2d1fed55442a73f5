"""Posting lists and positions of an open Whoosh 2.7.4 searcher, read in bulk: the postings half
of the Whoosh adapter (``whoosh_reader`` holds the ``IndexReader`` and its columns and facets).

Whole posting lists are read from a segment's dense postings sidecar when it holds the term
(``indexer.dense_postings``: one record read with ``pread``, decoded by numpy), else as the
decoded arrays Whoosh keeps per block (``indexer.whoosh_blocks``) rather than through its
matchers, which step through documents with several Python calls each (measured at 1,000
articles: ~100 ms of a four-word query). Positions are read by seeking Whoosh 2.7.4's posting
reader (``W3LeafMatcher``: ``_ids``, ``_values``, ``_skip_to_block``) and decoding its
``Positions`` format; the exact ``whoosh==2.7.4`` pin protects that, and
tests/test_whoosh_reader.py checks every read here against Whoosh's public API on each run.
"""

from __future__ import annotations

import logging
import pickle
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from whoosh.searching import Searcher

from indexer import dense_postings, whoosh_blocks
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


# Per open searcher, weakly keyed: a closed and dropped searcher takes its arrays and sidecar
# maps along.
_LIVE: WeakKeyDictionary[Searcher, np.ndarray] = WeakKeyDictionary()
_SEGMENTS: WeakKeyDictionary[Searcher, list[_Segment]] = WeakKeyDictionary()


def live_mask(searcher: Searcher) -> np.ndarray:
    """One flag a document number, not deleted: read once per searcher and shared by the
    postings, the live documents and the facets (each read the deletions on its own before)."""
    found = _LIVE.get(searcher)
    if found is None:
        found = _LIVE[searcher] = whoosh_columns.live_mask(searcher.reader())
        found.flags.writeable = False
    return found


def _segments(searcher: Searcher) -> list[_Segment]:
    found = _SEGMENTS.get(searcher)
    if found is None:
        found = []
        live = live_mask(searcher)
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
    dense postings sidecar when it holds the term, else from Whoosh's blocks; deletions and
    offsets applied with numpy."""
    docs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for segment in _segments(searcher):
        found = _dense_lookup(segment, field, term)
        if found is None:
            if (field, term) not in segment.reader:
                continue
            found = whoosh_blocks.segment_postings(segment.reader, field, term)
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
    for segment in _segments(searcher):
        reader, offset = segment.reader, segment.offset
        end = offset + reader.doc_count_all()
        # The segment's share of the sorted candidates, found by bisection: filtering the
        # whole list per segment cost 3.7 of a cold phrase's 10.5 s at 1M (127 segments,
        # 257k candidates, profiled).
        local = [
            d - offset for d in docnums[bisect_left(docnums, offset) : bisect_left(docnums, end)]
        ]
        if not local or (field, term) not in reader:
            continue
        # Without the deletion filter: the candidates are live anyway.
        matcher = whoosh_blocks.unfiltered(reader.postings(field, term))
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
