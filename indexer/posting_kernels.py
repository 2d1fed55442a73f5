"""Compiled loops of segment writing: a field's postings grouped by term and encoded as Whoosh
2.7.4's posting blocks and term-table rows, a posting at a time in machine code (numba).

In Python these loops cost about a microsecond a posting, and a segment of real news holds
about a thousand postings an article: bench/README.md ("Build throughput") measured them as two
thirds of a build's CPU. They take and return numpy arrays only; ``indexer.segment_writer``
turns terms into ranks before and bytes into files after.

Whoosh reads each block with ``pickle.loads``, so a block is written here as the pickle opcodes
of the tuples ``W3PostingsWriter`` pickles (protocol 4 opcodes, without the optional framing and
memo): ``(ids as deltas, weights or None or one float, values)`` for the data and
``(count, last id, max weight, compression, min length byte, max length byte)`` for the header.
A ``Positions`` value is the 4-byte count and the protocol-2 pickle of the position deltas that
``whoosh.formats.Positions.encode`` makes, byte for byte (tests/test_segment_writer.py compares
every posting with Whoosh's own writer's).
"""

from __future__ import annotations

import sys

import numpy as np
from numba import njit

if sys.byteorder != "little":  # _put_float reads a double's bytes in little-endian order
    raise ImportError("indexer.posting_kernels supports little-endian machines only")

# Postings per block: W3Codec's default (``indexer.posting_blocks`` writes the same).
BLOCK_LIMIT = 128
MAGIC = np.frombuffer(b"W3Bl", dtype=np.uint8)  # whoosh.codec.whoosh3.WHOOSH3_HEADER_MAGIC

# Pickle opcodes (Lib/pickle.py).
_PROTO, _STOP, _MARK, _TUPLE, _NONE = 0x80, 0x2E, 0x28, 0x74, 0x4E
_BININT, _BININT1, _BININT2, _BINFLOAT = 0x4A, 0x4B, 0x4D, 0x47
_BINBYTES, _SHORT_BINBYTES = 0x42, 0x43
_EMPTY_LIST, _BINPUT, _APPEND, _APPENDS = 0x5D, 0x71, 0x61, 0x65
_BATCH = 1000  # items per MARK ... APPENDS of a pickled list (Modules/_pickle.c BATCHSIZE)
# Most bytes a pickled int or float takes, and a block's fixed opcodes: for buffer bounds.
_INT_MAX, _FLOAT_MAX, _BLOCK_FIXED = 5, 9, 16
# A Positions value around its deltas: 5-byte bytes header, 4-byte count, 5-byte list start
# (PROTO 2, EMPTY_LIST, BINPUT 0), MARK, APPENDS, STOP (and a MARK, APPENDS per 1,000 more).
_VALUE_FIXED = 5 + 4 + 5 + 3


@njit(cache=True)
def _put_int(buf: np.ndarray, at: int, value: int) -> int:
    """``value`` as pickle writes an int (BININT1, BININT2 or BININT); the next offset."""
    if 0 <= value < 256:
        buf[at] = _BININT1
        buf[at + 1] = value
        return at + 2
    if 0 <= value < 65536:
        buf[at] = _BININT2
        buf[at + 1] = value & 255
        buf[at + 2] = value >> 8
        return at + 3
    buf[at] = _BININT
    return _put_le4(buf, at + 1, value)


@njit(cache=True)
def _put_le4(buf: np.ndarray, at: int, value: int) -> int:
    """The 4-byte little-endian two's complement of ``value`` (pickle's lengths and ints)."""
    for k in range(4):
        buf[at + k] = (value >> (8 * k)) & 255
    return at + 4


@njit(cache=True)
def _int_size(value: int) -> int:
    if 0 <= value < 256:
        return 2
    if 0 <= value < 65536:
        return 3
    return 5


@njit(cache=True)
def _put_float(buf: np.ndarray, at: int, value: float, scratch: np.ndarray) -> int:
    """``value`` as pickle writes a float: BINFLOAT and the big-endian IEEE double."""
    scratch[0] = value
    raw = scratch.view(np.uint8)
    buf[at] = _BINFLOAT
    for k in range(8):
        buf[at + 1 + k] = raw[7 - k]  # x86-64 and arm64 are little-endian
    return at + 9


@njit(cache=True)
def _put_uint_be(buf: np.ndarray, at: int, value: int) -> int:
    for k in range(4):
        buf[at + k] = (value >> (8 * (3 - k))) & 255
    return at + 4


@njit(cache=True)
def _put_bytes_header(buf: np.ndarray, at: int, length: int) -> int:
    """The opcode of a ``bytes`` object of ``length`` (SHORT_BINBYTES or BINBYTES)."""
    if length < 256:
        buf[at] = _SHORT_BINBYTES
        buf[at + 1] = length
        return at + 2
    buf[at] = _BINBYTES
    return _put_le4(buf, at + 1, length)


@njit(cache=True)
def group_by_term(
    ranks: np.ndarray, docs: np.ndarray, positions: np.ndarray, term_count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A stable counting sort of a field's occurrences by term rank: (start of each term's
    occurrences, plus the end; documents; positions). Occurrences come in document order and,
    within a document and term, in position order, so each term's run is sorted by both."""
    starts = np.zeros(term_count + 1, np.int64)
    for rank in ranks:
        starts[rank + 1] += 1
    for term in range(term_count):
        starts[term + 1] += starts[term]
    fill = starts[:-1].copy()
    out_docs = np.empty(ranks.size, np.int32)
    out_positions = np.empty(ranks.size, np.int32)
    for i in range(ranks.size):
        j = fill[ranks[i]]
        out_docs[j] = docs[i]
        out_positions[j] = positions[i]
        fill[ranks[i]] = j + 1
    return starts, out_docs, out_positions


@njit(cache=True)
def postings_of(starts: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each term's postings from its grouped occurrences: (start of each term's postings, plus
    the end; each posting's document; each posting's first occurrence, plus the end)."""
    term_count = starts.size - 1
    term_postings = np.zeros(term_count + 1, np.int64)
    count = 0
    for term in range(term_count):
        for i in range(starts[term], starts[term + 1]):
            if i == starts[term] or docs[i] != docs[i - 1]:
                count += 1
        term_postings[term + 1] = count
    posting_docs = np.empty(count, np.int32)
    first = np.empty(count + 1, np.int64)
    at = 0
    for term in range(term_count):
        for i in range(starts[term], starts[term + 1]):
            if i == starts[term] or docs[i] != docs[i - 1]:
                posting_docs[at] = docs[i]
                first[at] = i
                at += 1
    first[count] = docs.size
    return term_postings, posting_docs, first


@njit(cache=True)
def encode_blocks(
    term_postings: np.ndarray,
    posting_docs: np.ndarray,
    first: np.ndarray,
    positions: np.ndarray,
    lengthbytes: np.ndarray,
    with_positions: bool,
) -> tuple[np.ndarray, ...]:
    """The data part of every block of every term (uncompressed pickles, one after another) and
    the figures of each block and term.

    Weights are frequencies (field boost 1.0). Values are ``Positions`` values when
    ``with_positions``, else ``Frequency`` values (4-byte counts, stored joined as one bytes
    object because that format's values have a fixed size).
    Returns (data, each block's end in it, block rows of (count, last id, min length byte, max
    length byte), block max weights, block terms, term rows of (df, min length byte, max length
    byte, first id, last id), term rows of (weight sum, max weight)).
    """
    term_count = term_postings.size - 1
    posting_count = posting_docs.size
    block_count = 0
    for term in range(term_count):
        n = term_postings[term + 1] - term_postings[term]
        block_count += (n + BLOCK_LIMIT - 1) // BLOCK_LIMIT
    bound = block_count * _BLOCK_FIXED + posting_count * (_INT_MAX + _FLOAT_MAX + _VALUE_FIXED)
    bound += positions.size * (_INT_MAX + 1) + 64  # + 1: the MARK and APPENDS of each batch
    data = np.empty(bound, np.uint8)
    ends = np.empty(block_count, np.int64)
    block_ints = np.empty((block_count, 4), np.int64)
    block_weights = np.empty(block_count, np.float64)
    block_terms = np.empty(block_count, np.int64)
    term_ints = np.empty((term_count, 5), np.int64)
    term_floats = np.empty((term_count, 2), np.float64)
    scratch = np.empty(1, np.float64)
    at = 0
    block = 0
    for term in range(term_count):
        lo, hi = term_postings[term], term_postings[term + 1]
        weight_sum, max_weight, min_length, max_length = 0.0, 0.0, 0, 0
        for start in range(lo, hi, BLOCK_LIMIT):
            stop = min(start + BLOCK_LIMIT, hi)
            data[at] = _PROTO
            data[at + 1] = 4
            data[at + 2] = _MARK
            data[at + 3] = _MARK
            at += 4
            previous = 0
            first_freq = first[start + 1] - first[start]
            same = True
            block_min, block_max, block_weight = 0, 0, 0.0
            for p in range(start, stop):
                doc = posting_docs[p]
                at = _put_int(data, at, doc - previous)
                previous = doc
                freq = first[p + 1] - first[p]
                same = same and freq == first_freq
                weight_sum += freq
                block_weight = max(block_weight, float(freq))
                lengthbyte = lengthbytes[doc]
                if lengthbyte:
                    block_min = lengthbyte if block_min == 0 else min(block_min, lengthbyte)
                    block_max = max(block_max, lengthbyte)
            data[at] = _TUPLE
            at += 1
            if same and first_freq == 1:
                data[at] = _NONE
                at += 1
            elif same:
                at = _put_float(data, at, float(first_freq), scratch)
            else:
                data[at] = _MARK
                at += 1
                for p in range(start, stop):
                    at = _put_float(data, at, float(first[p + 1] - first[p]), scratch)
                data[at] = _TUPLE
                at += 1
            if with_positions:
                at = _positions_values(data, at, first, positions, start, stop)
            else:
                at = _put_bytes_header(data, at, 4 * (stop - start))
                for p in range(start, stop):
                    at = _put_uint_be(data, at, first[p + 1] - first[p])
            data[at] = _TUPLE
            data[at + 1] = _STOP
            at += 2
            ends[block] = at
            block_ints[block, 0] = stop - start
            block_ints[block, 1] = posting_docs[stop - 1]
            block_ints[block, 2] = block_min
            block_ints[block, 3] = block_max
            block_weights[block] = block_weight
            block_terms[block] = term
            block += 1
            if block_min:
                min_length = block_min if min_length == 0 else min(min_length, block_min)
            max_length = max(max_length, block_max)
            max_weight = max(max_weight, block_weight)
        term_ints[term, 0] = hi - lo
        term_ints[term, 1] = min_length
        term_ints[term, 2] = max_length
        term_ints[term, 3] = posting_docs[lo]
        term_ints[term, 4] = posting_docs[hi - 1]
        term_floats[term, 0] = weight_sum
        term_floats[term, 1] = max_weight
    return data[:at], ends, block_ints, block_weights, block_terms, term_ints, term_floats


@njit(cache=True)
def _positions_values(
    data: np.ndarray, at: int, first: np.ndarray, positions: np.ndarray, start: int, stop: int
) -> int:
    """The block's values tuple: each posting's ``Positions.encode`` bytes. As CPython's C
    pickler writes a list: one item with APPEND, more in batches of ``_BATCH`` between MARK and
    APPENDS."""
    data[at] = _MARK
    at += 1
    for p in range(start, stop):
        lo, hi = first[p], first[p + 1]
        freq = hi - lo
        batches = (freq + _BATCH - 1) // _BATCH
        # count, list start (PROTO 2, EMPTY_LIST, BINPUT 0), APPEND or the batches, STOP
        size = 4 + 5 + (1 if freq == 1 else 2 * batches) + 1
        previous = 0
        for i in range(lo, hi):
            size += _int_size(positions[i] - previous)
            previous = positions[i]
        at = _put_bytes_header(data, at, size)
        at = _put_uint_be(data, at, freq)
        data[at] = _PROTO
        data[at + 1] = 2
        data[at + 2] = _EMPTY_LIST
        data[at + 3] = _BINPUT
        data[at + 4] = 0
        at += 5
        if freq == 1:
            at = _put_int(data, at, positions[lo])
            data[at] = _APPEND
            at += 1
        else:
            previous = 0
            for i in range(lo, hi):
                if (i - lo) % _BATCH == 0:
                    data[at] = _MARK
                    at += 1
                at = _put_int(data, at, positions[i] - previous)
                previous = positions[i]
                if (i - lo) % _BATCH == _BATCH - 1 or i == hi - 1:
                    data[at] = _APPENDS
                    at += 1
        data[at] = _STOP
        at += 1
    data[at] = _TUPLE
    return at + 1


@njit(cache=True)
def assemble(
    data: np.ndarray,
    ends: np.ndarray,
    packed: np.ndarray,
    packed_ends: np.ndarray,
    block_ints: np.ndarray,
    block_weights: np.ndarray,
    block_terms: np.ndarray,
    term_count: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The postings of every term as ``W3PostingsWriter`` lays them out: the header magic, then
    each block's signed length (negative for a term's last), pickled header and data. A block
    whose ``packed_ends`` entry is not -1 takes its data compressed from ``packed`` (its start is
    the previous packed block's end). Returns (bytes, each term's offset in them, its length)."""
    block_count = ends.size
    bound = data.size + packed.size + block_count * (4 + 2 + 2 + 4 * _INT_MAX + _FLOAT_MAX + 4)
    out = np.empty(bound + 4 * term_count, np.uint8)
    offsets = np.empty(term_count, np.int64)
    lengths = np.empty(term_count, np.int64)
    scratch = np.empty(1, np.float64)
    info = np.empty(2 + 2 + 4 * _INT_MAX + _FLOAT_MAX + 2, np.uint8)
    at = 0
    packed_at = 0
    for block in range(block_count):
        term = block_terms[block]
        if block == 0 or block_terms[block - 1] != term:
            offsets[term] = at
            out[at : at + 4] = MAGIC
            at += 4
        compressed = packed_ends[block] != -1
        info[0] = _PROTO
        info[1] = 4
        info[2] = _MARK
        size = _put_int(info, 3, block_ints[block, 0])
        size = _put_int(info, size, block_ints[block, 1])
        size = _put_float(info, size, block_weights[block], scratch)
        size = _put_int(info, size, 1 if compressed else 0)
        size = _put_int(info, size, block_ints[block, 2])
        size = _put_int(info, size, block_ints[block, 3])
        info[size] = _TUPLE
        info[size + 1] = _STOP
        size += 2
        if compressed:
            lo, hi = packed_at, packed_ends[block]
            packed_at = hi
            source = packed
        else:
            lo, hi = (ends[block - 1] if block else 0), ends[block]
            source = data
        length = size + hi - lo
        last = block == block_count - 1 or block_terms[block + 1] != term
        signed = -length if last else length
        for k in range(4):
            out[at + k] = (signed >> (8 * (3 - k))) & 255
        at += 4
        out[at : at + size] = info[:size]
        at += size
        out[at : at + hi - lo] = source[lo:hi]
        at += hi - lo
        if last:
            lengths[term] = at - offsets[term]
    return out[:at], offsets, lengths


@njit(cache=True)
def hash_tables(
    hashes: np.ndarray, positions: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The 256 linear-probing tables of Whoosh's ``HashWriter._write_hashes``, slot for slot:
    each slot's hash and position, tables one after another, and each table's slot count.
    Entries go into table ``hash & 255`` in the order given, starting at slot ``(hash >> 8) %
    slots``; a table has twice as many slots as entries; 0, 0 marks a free one."""
    sizes = np.zeros(256, np.int64)
    for h in hashes:
        sizes[h & 255] += 2
    starts = np.zeros(257, np.int64)
    for b in range(256):
        starts[b + 1] = starts[b] + sizes[b]
    slot_hashes = np.zeros(starts[256], np.uint32)
    slot_positions = np.zeros(starts[256], np.int64)
    for i in range(hashes.size):
        h = hashes[i]
        bucket = h & 255
        numslots = sizes[bucket]
        slot = (h >> 8) % numslots
        while slot_positions[starts[bucket] + slot] != 0:
            slot = (slot + 1) % numslots
        slot_hashes[starts[bucket] + slot] = h
        slot_positions[starts[bucket] + slot] = positions[i]
    return slot_hashes, slot_positions, sizes


@njit(cache=True)
def term_rows(
    keys: np.ndarray, key_ends: np.ndarray, values: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of Whoosh's ``HashWriter`` for keys (one after another, each ending at its
    ``key_ends``) and values of ``size`` bytes: the key's and value's lengths ("!ii"), the key,
    the value. Returns the rows and where each starts."""
    count = key_ends.size
    out = np.empty(keys.size + count * (8 + size), np.uint8)
    starts = np.empty(count, np.int64)
    at = 0
    for i in range(count):
        lo = key_ends[i - 1] if i else 0
        hi = key_ends[i]
        starts[i] = at
        at = _put_uint_be(out, at, hi - lo)
        at = _put_uint_be(out, at, size)
        out[at : at + hi - lo] = keys[lo:hi]
        at += hi - lo
        out[at : at + size] = values[i * size : (i + 1) * size]
        at += size
    return out, starts


def warm_up() -> None:
    """Compile every kernel (or load it from numba's cache, ``__pycache__``) on tiny inputs:
    about 10-15 s of compiling on a fresh install, done once by the install step (Makefile)
    instead of by the first build's workers, each on its own."""
    ranks = np.array([0, 0, 1], np.int32)
    starts, docs, positions = group_by_term(ranks, np.array([0, 1, 1], np.int32), ranks, 2)
    term_postings, posting_docs, first = postings_of(starts, docs)
    lengthbytes = np.ones(2, np.uint8)
    for with_positions in (True, False):
        data, ends, block_ints, block_weights, block_terms, _, _ = encode_blocks(
            term_postings, posting_docs, first, positions, lengthbytes, with_positions
        )
        packed_ends = np.full(ends.size, -1, np.int64)
        empty = np.frombuffer(b"", np.uint8)  # read-only, as the caller's: numba types differ
        assemble(data, ends, empty, packed_ends, block_ints, block_weights, block_terms, 2)
    keys, values = np.frombuffer(b"ab", np.uint8), np.frombuffer(b"xy", np.uint8)
    term_rows(keys, np.array([1, 2], np.int64), values, 1)
    hash_tables(np.array([7], np.uint32), np.array([9], np.int64))


if __name__ == "__main__":
    warm_up()
