"""A term's whole posting list read from Whoosh 2.7.4's blocks, without its matcher's stepping.

Whoosh's matchers step through documents with several Python calls each (measured at 1,000
articles: ~100 ms of a four-word query); the decoded arrays it keeps per block of 128 postings
(ids and term frequencies) are read here instead. Both the service (``searchsvc.engine``, for a
term without a dense postings record) and the sidecar backfill (``indexer.backfill``, which
feeds ``indexer.dense_postings.encode``) read postings this way, so the helper lives below both.
It reads the block fields of Whoosh 2.7.4's leaf posting reader (``W3LeafMatcher``: ``_ids``,
``_weights``, ``_lastblock``, ``_next_block``); the exact ``whoosh==2.7.4`` pin protects them, and
tests/test_whoosh_reader.py and tests/test_dense_postings.py check the reads against Whoosh's
public API.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from whoosh.matching.wrappers import FilterMatcher


def leaf_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of each block of a Whoosh 2.7.4 leaf posting reader (``W3LeafMatcher``'s
    block fields)."""
    while matcher.is_active():
        matcher.id()  # loads the block's ids
        if matcher._weights is None:
            matcher._read_weights()
        yield matcher._ids, matcher._weights
        if matcher._lastblock:
            return
        matcher._next_block()


def unfiltered(matcher: Any) -> Any:
    """A segment's posting reader without its deletion filter, at its first posting. Whoosh
    wraps the reader of a segment with deletions in a ``FilterMatcher``, which steps its child
    past the leading deleted documents when made: the child is rewound, or they would be lost
    (a segment's deletions grow, so the service never saw the difference, but the sidecars a
    backfill wrote differed from the build's)."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
        matcher.reset()
    return matcher


def segment_postings(reader: Any, field: str, term: str | bytes) -> tuple[np.ndarray, np.ndarray]:
    """(documents as int64, weights as float32) of a term one segment holds, segment-relative,
    deleted documents included (deletions belong to a generation: callers apply them)."""
    matcher = unfiltered(reader.postings(field, term))
    docs, weights = array("I"), array("f")
    for ids, freqs in leaf_blocks(matcher):
        docs.extend(ids)
        weights.extend(freqs)
    return np.frombuffer(docs, dtype=np.uint32).astype(np.int64), np.frombuffer(weights, np.float32)
