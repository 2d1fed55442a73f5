"""One term's posting list in the format ``W3PostingsWriter`` (Whoosh 2.7.4) writes, and its
``W3TermInfo`` row: blocks of ``BLOCK_LIMIT`` postings, ids delta-encoded, weights and values
minified, pickled and zlib-compressed when that pays (see the constants for the two ways the bytes
differ from Whoosh's writer while reading the same). Used by
``indexer.segment_writer``, which gathers a segment's postings and writes its term table.
"""

from __future__ import annotations

import zlib
from operator import sub
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long
from whoosh.util.numeric import length_to_byte

# Postings per block (W3Codec's default) and zlib level: the fastest level, 1, rather than
# W3Codec's 3 (the level is not recorded; any level decompresses the same way).
BLOCK_LIMIT = 128
COMPRESSION = 1
# Blocks and their headers are pickled with protocol 4, not the 2 Whoosh's writer passes: Whoosh
# reads them with plain ``pickle.loads``, which takes any protocol, and under protocol 2 every
# ``bytes`` value (each posting's encoded positions) is pickled as a call to
# ``_codecs.encode(str, "latin1")``: measured 10x slower and twice the size on a block of 128
# postings. (Posting *values* keep Whoosh's own encoding: ``indexer.analysed``.)
PICKLE_PROTOCOL = 4
# Blocks whose pickle is shorter than this are stored uncompressed (the block header says so, and
# the reader honours it): most terms of a segment have one posting, a ~40-byte pickle that zlib
# makes longer, and compressing them was the largest single cost of writing.
COMPRESS_MIN_BYTES = 128
_TERMINFO = W3TermInfo._struct  # the fixed part of a term-info row
# zlib's window (2**11 = 2 KiB) and memory level for blocks. ``zlib.compress`` sets up a 32 KiB
# window and 128 KiB of hash tables for every call: for a block of a few hundred bytes that setup
# cost several times the compression itself (measured ~80-100 us against ~10-30 us a block). A
# block is at most a few KiB, so a 2 KiB window loses almost nothing (within 1 % of the size
# on blocks of 0.3-5 KiB); the stream header records the window and Whoosh's plain
# ``zlib.decompress`` reads it.
WINDOW_BITS = 11
MEMORY_LEVEL = 4


def compress(data: bytes) -> bytes:
    """``data`` deflated at level ``COMPRESSION`` with the small window above (a zlib stream)."""
    packer = zlib.compressobj(COMPRESSION, zlib.DEFLATED, WINDOW_BITS, MEMORY_LEVEL)
    return packer.compress(data) + packer.flush()


def _mini_weights(weights: tuple[float, ...]) -> Any:
    """As ``W3PostingsWriter._mini_weights``: None when all are 1.0, one value when all equal."""
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    return weights


def _pack_values(values: tuple[bytes, ...], fixedsize: int | None) -> Any:
    """A block's encoded values as ``W3PostingsWriter`` stores them for the field's format."""
    if fixedsize is None or fixedsize < 0:
        return tuple(filter(None, values))
    if fixedsize == 0:
        return None
    return b"".join(values)


def _block(out: bytearray, data: Any, info: tuple[Any, ...], last: bool) -> None:
    """Append one block: its length (negative for the last), pickled info, pickled data."""
    databytes = dumps(data, PICKLE_PROTOCOL)
    compression = 0
    if len(databytes) >= COMPRESS_MIN_BYTES:
        compression, databytes = COMPRESSION, compress(databytes)
    infobytes = dumps((*info[:3], compression, *info[3:]), PICKLE_PROTOCOL)
    blocklength = len(infobytes) + len(databytes)
    out += pack_int(-blocklength if last else blocklength)
    out += infobytes
    out += databytes


def write_single(out: bytearray, base: int, posting, fixedsize) -> bytes:  # type: ignore[no-untyped-def]
    """``write_postings`` for a term with one posting (most terms of a segment), straight to
    the term-info bytes: the same block and ``W3TermInfo`` layout without the general loops."""
    docnum, weight, value, length = posting
    start = base + len(out)
    data = ((docnum,), None if weight == 1.0 else weight, _pack_values((value,), fixedsize))
    lengthbyte = length_to_byte(length) if length else 0
    maxweight = weight if weight > 0 else 0
    out += WHOOSH3_HEADER_MAGIC
    _block(out, data, (1, docnum, maxweight, lengthbyte, lengthbyte), last=True)
    # W3TermInfo.to_bytes of (not inlined, weight, df 1, lengths, max weight, first = last id).
    head = _TERMINFO.pack(0, weight, 1, lengthbyte, lengthbyte, maxweight, docnum, docnum)
    return head + pack_long(start) + pack_int(base + len(out) - start)


def write_postings(out: bytearray, base: int, postings, fixedsize) -> bytes:  # type: ignore[no-untyped-def]
    """Append one term's posting list (ascending docnums) as W3 blocks to ``out``, which starts
    at file offset ``base``; its ``W3TermInfo`` row (``W3TermInfo.to_bytes``)."""
    start = base + len(out)
    out += WHOOSH3_HEADER_MAGIC
    total = len(postings)
    weight_sum, min_length, max_length, max_weight = 0.0, None, 0, 0.0
    for offset in range(0, total, BLOCK_LIMIT):
        block = postings[offset : offset + BLOCK_LIMIT] if total > BLOCK_LIMIT else postings
        ids, weights, values, lengths = zip(*block, strict=True)  # columns, in C
        known = tuple(filter(None, lengths))
        block_min = min(known) if known else None
        block_max = max(known) if known else 0
        block_weight = max(max(weights), 0)
        deltas = tuple(map(sub, ids, (0, *ids[:-1])))  # the first id, then differences
        data = (deltas, _mini_weights(weights), _pack_values(values, fixedsize))
        info = (len(ids), ids[-1], block_weight, length_to_byte(block_min))
        _block(out, data, (*info, length_to_byte(block_max)), offset + BLOCK_LIMIT >= total)
        weight_sum += sum(weights)
        if block_min is not None:
            min_length = block_min if min_length is None else min(min_length, block_min)
        max_length = max(max_length, block_max)
        max_weight = max(max_weight, block_weight)
    head = _TERMINFO.pack(
        0,
        weight_sum,
        total,
        0 if min_length is None else length_to_byte(min_length),
        length_to_byte(max_length),
        max_weight,
        postings[0][0],
        postings[-1][0],
    )
    return head + pack_long(start) + pack_int(base + len(out) - start)
