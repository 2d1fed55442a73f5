"""One term's posting list as the bytes ``W3PostingsWriter`` (Whoosh 2.7.4) would write, and its
``W3TermInfo`` row: blocks of ``BLOCK_LIMIT`` postings, ids delta-encoded, weights and values
minified, pickled (protocol 2) and zlib-compressed when that pays. Used by
``indexer.segment_writer``, which gathers a segment's postings and writes its term table.
"""

from __future__ import annotations

import zlib
from itertools import pairwise
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long
from whoosh.util.numeric import length_to_byte

# Postings per block (W3Codec's default) and zlib level: the fastest level, 1, rather than
# W3Codec's 3 (the level is not recorded; any level decompresses the same way).
BLOCK_LIMIT = 128
COMPRESSION = 1
PICKLE_PROTOCOL = 2  # what whoosh.compat.dumps uses for blocks and positions
# Blocks whose pickle is shorter than this are stored uncompressed (the block header says so, and
# the reader honours it): most terms of a segment have one posting, a ~40-byte pickle that zlib
# makes longer, and compressing them was the largest single cost of writing.
COMPRESS_MIN_BYTES = 128
_TERMINFO = W3TermInfo._struct  # the fixed part of a term-info row


def _mini_weights(weights: list[float]) -> Any:
    """As ``W3PostingsWriter._mini_weights``: None when all are 1.0, one value when all equal."""
    first = weights[0]
    if all(w == first for w in weights):
        return None if first == 1.0 else first
    return tuple(weights)


def write_single(out: bytearray, base: int, posting, fixedsize) -> bytes:  # type: ignore[no-untyped-def]
    """``write_postings`` for a term with one posting (most terms of a segment), straight to
    the term-info bytes: the same block and ``W3TermInfo`` layout without the general loops."""
    docnum, weight, value, length = posting
    start = base + len(out)
    if fixedsize is None or fixedsize < 0:
        values: Any = (value,) if value else ()
    elif fixedsize == 0:
        values = None
    else:
        values = value
    databytes = dumps(((docnum,), None if weight == 1.0 else weight, values), PICKLE_PROTOCOL)
    compression = 0
    if len(databytes) >= COMPRESS_MIN_BYTES:
        compression, databytes = COMPRESSION, zlib.compress(databytes, COMPRESSION)
    lengthbyte = length_to_byte(length) if length else 0
    maxweight = weight if weight > 0 else 0
    infobytes = dumps((1, docnum, maxweight, compression, lengthbyte, lengthbyte), PICKLE_PROTOCOL)
    out += WHOOSH3_HEADER_MAGIC
    out += pack_int(-(len(infobytes) + len(databytes)))
    out += infobytes
    out += databytes
    # W3TermInfo.to_bytes of (not inlined, weight, df 1, lengths, max weight, first = last id).
    head = _TERMINFO.pack(0, weight, 1, lengthbyte, lengthbyte, maxweight, docnum, docnum)
    return head + pack_long(start) + pack_int(base + len(out) - start)


def write_postings(out: bytearray, base: int, postings, fixedsize) -> W3TermInfo:  # type: ignore[no-untyped-def]
    """Append one term's posting list (ascending docnums) as W3 blocks to ``out``, which starts
    at file offset ``base``; its ``W3TermInfo``."""
    terminfo = W3TermInfo()
    start = base + len(out)
    out += WHOOSH3_HEADER_MAGIC
    total = len(postings)
    for offset in range(0, total, BLOCK_LIMIT):
        block = postings[offset : offset + BLOCK_LIMIT]
        ids = [p[0] for p in block]
        # Weights go through a float32 array in Whoosh's writer: round them the same way.
        weights = [p[1] for p in block]
        values = [p[2] for p in block if p[2]]
        lengths = [p[3] for p in block if p[3]]
        minlength = min(lengths) if lengths else None
        maxlength = max(lengths) if lengths else 0
        maxweight = max(max(weights), 0)
        deltas = [ids[0]] + [b - a for a, b in pairwise(ids)]
        if fixedsize is None or fixedsize < 0:
            packed_values: Any = tuple(values)
        elif fixedsize == 0:
            packed_values = None
        else:
            packed_values = b"".join(values)
        data = (tuple(deltas), _mini_weights(weights), packed_values)
        databytes = dumps(data, PICKLE_PROTOCOL)
        compression = COMPRESSION if len(databytes) >= COMPRESS_MIN_BYTES else 0
        if compression:
            databytes = zlib.compress(databytes, compression)
        info = (
            len(ids),
            ids[-1],
            maxweight,
            compression,
            length_to_byte(minlength),
            length_to_byte(maxlength),
        )
        infobytes = dumps(info, PICKLE_PROTOCOL)
        blocklength = len(infobytes) + len(databytes)
        if offset + BLOCK_LIMIT >= total:
            blocklength = -blocklength  # the last block is marked by a negative length
        out += pack_int(blocklength)
        out += infobytes
        out += databytes
        _add_block_stats(terminfo, ids, weights, minlength, maxlength, maxweight)
    terminfo.set_extent(start, base + len(out) - start)
    return terminfo


def _add_block_stats(terminfo, ids, weights, minlength, maxlength, maxweight) -> None:  # type: ignore[no-untyped-def]
    """``W3TermInfo.add_block`` without a block object."""
    terminfo._weight += sum(weights)
    terminfo._df += len(ids)
    if terminfo._minlength is None:
        terminfo._minlength = minlength
    elif minlength is not None:
        terminfo._minlength = min(terminfo._minlength, minlength)
    terminfo._maxlength = max(terminfo._maxlength, maxlength)
    terminfo._maxweight = max(terminfo._maxweight, maxweight)
    if terminfo._minid is None:
        terminfo._minid = ids[0]
    terminfo._maxid = ids[-1]
