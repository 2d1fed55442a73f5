"""One text field of a segment, from its term occurrences (``indexer.analysed``) to the bytes of
its posting lists and term-info rows in Whoosh 2.7.4's W3 format.

The per-posting loops run compiled (``indexer.posting_kernels``); what stays in Python is per
block that is big enough to compress (zlib, as ``indexer.posting_blocks`` does for the other
fields) and per term that the sidecars need.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from indexer import posting_kernels as kernels
from indexer.analysed import Occurrences
from indexer.dense_postings import MIN_POSTINGS
from indexer.posting_blocks import COMPRESS_MIN_BYTES, compress

# ``W3TermInfo.to_bytes`` of a term whose postings are not inlined: its struct "!BfIBBfII" (flags,
# total weight, document frequency, min and max length bytes, max weight, first and last
# document) and then "!qi" (offset and length of its postings); packed, big-endian.
TERM_INFO = np.dtype(
    [("flags", "u1"), ("weight", ">f4"), ("df", ">u4"), ("min_length", "u1"),
     ("max_length", "u1"), ("max_weight", ">f4"), ("min_id", ">u4"), ("max_id", ">u4"),
     ("offset", ">i8"), ("length", ">i4")]
)  # fmt: skip


@dataclass(frozen=True)
class EncodedField:
    """A field's posting lists (one after another, offsets relative to their start), its sorted
    terms with their term-info rows, and what the sidecars and the vocabulary read."""

    terms: list[bytes]
    postings: np.ndarray
    infos: np.ndarray  # TERM_INFO, one per term
    term_postings: np.ndarray  # where each term's postings start in the two arrays below
    posting_docs: np.ndarray
    posting_freqs: np.ndarray
    plain: np.ndarray  # ranks of the plain folded syllables
    plain_terms: list[str]

    def rows(self, base: int) -> bytes:
        """The term-info rows, for postings written at file offset ``base``."""
        infos = self.infos.copy()
        infos["offset"] += base
        return infos.tobytes()

    def dense_terms(self, field: str) -> Iterator[tuple[str, bytes, np.ndarray, np.ndarray]]:
        """The terms the dense sidecar holds (``indexer.dense_postings``), with their postings."""
        bounds = self.term_postings
        for rank in np.flatnonzero(np.diff(bounds) >= MIN_POSTINGS).tolist():
            lo, hi = bounds[rank], bounds[rank + 1]
            docs = self.posting_docs[lo:hi].copy()  # not a view: the field's arrays can go
            yield field, self.terms[rank], docs, self.posting_freqs[lo:hi].astype(np.float32)

    def syllable_counts(self) -> Counter[str]:
        """Document frequencies of the plain folded syllables (``indexer.vocabulary``)."""
        frequencies = np.diff(self.term_postings)[self.plain]
        return Counter(dict(zip(self.plain_terms, frequencies.tolist(), strict=True)))


def encode(found: Occurrences, lengthbytes: np.ndarray, with_positions: bool) -> EncodedField:
    """The field's posting lists: ``Positions`` values when ``with_positions``, else
    ``Frequency`` values; ``lengthbytes`` is each document's field length as Whoosh's byte."""
    term_count = len(found.terms)
    starts, docs, positions = kernels.group_by_term(
        found.ranks, found.docs, found.positions, term_count
    )
    term_postings, posting_docs, first = kernels.postings_of(starts, docs)
    data, ends, block_ints, block_weights, block_terms, term_ints, term_floats = (
        kernels.encode_blocks(
            term_postings, posting_docs, first, positions, lengthbytes, with_positions
        )
    )
    packed, packed_ends = _compressed(data, ends)
    postings, offsets, lengths = kernels.assemble(
        data, ends, packed, packed_ends, block_ints, block_weights, block_terms, term_count
    )
    infos = np.zeros(term_count, TERM_INFO)
    infos["weight"] = term_floats[:, 0]
    infos["df"] = term_ints[:, 0]
    infos["min_length"] = term_ints[:, 1]
    infos["max_length"] = term_ints[:, 2]
    infos["max_weight"] = term_floats[:, 1]
    infos["min_id"] = term_ints[:, 3]
    infos["max_id"] = term_ints[:, 4]
    infos["offset"] = offsets
    infos["length"] = lengths
    return EncodedField(
        found.terms,
        postings,
        infos,
        term_postings,
        posting_docs,
        np.diff(first),
        found.plain,
        found.plain_terms,
    )


def _compressed(data: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The blocks of at least ``COMPRESS_MIN_BYTES`` compressed, one after another, and for
    every block the end of its compressed data (-1: stored as it is)."""
    starts = np.concatenate(([0], ends[:-1]))
    big = np.flatnonzero(ends - starts >= COMPRESS_MIN_BYTES)
    packed_ends = np.full(ends.size, -1, np.int64)
    parts = [compress(data[lo:hi].tobytes()) for lo, hi in zip(starts[big], ends[big], strict=True)]
    packed_ends[big] = np.cumsum([len(part) for part in parts], dtype=np.int64)
    return np.frombuffer(b"".join(parts), dtype=np.uint8), packed_ends
