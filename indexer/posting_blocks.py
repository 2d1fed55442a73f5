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

# Postings per block (W3Codec's default) and zlib level: the fastest level, 1, rather than
# W3Codec's 3 (the level is not recorded; any level decompresses the same way).
BLOCK_LIMIT = 128
COMPRESSION = 1
# Blocks and their headers are pickled with protocol 4, not the 2 Whoosh's writer passes: Whoosh
# reads them with plain ``pickle.loads``, which takes any protocol, and under protocol 2 every
# ``bytes`` value (each posting's encoded positions) is pickled as a call to
# ``_codecs.encode(str, "latin1")``. ``bench/posting_codec.py --limit 2000`` on VNTC records
# (load 8): a full block of 128 postings took 75.5 us and 6,318 bytes under protocol 2, 29.7 us
# and 3,976 bytes under 4. (Posting *values* keep Whoosh's own encoding: ``indexer.analysed``.)
PICKLE_PROTOCOL = 4
# Blocks whose pickle is shorter than this are stored uncompressed (the block header says so, and
# the reader honours it): most terms of a segment have one posting, a ~40-byte pickle that zlib
# barely shrinks. Same run: 55 % of 215,879 terms had one posting (39 bytes of block data on
# average); the 179,077 blocks below 128 bytes take 9.2 MB stored, 8.5 MB compressed, a saving
# that would cost a zlib call each. Raised from 128 to 1024 (branch build15): writing the postings
# and term table of a 3,000-article VNTC segment (/tmp/build15-prof/zl.py, one process, the two
# limits alternated three times, load 1.7-1.8) took 1.22 / 1.24 / 1.14 ms an article at 128 and
# 1.09 / 0.97 / 1.01 at 1024 (-15 %); the segment grew from 70.6 to 79.1 MiB (+12 %). Other
# limits, one run each: 512 1.09 ms 75.4 MiB, 2048 0.93 ms 89.5 MiB, no compression 0.86 ms
# 105.3 MiB. Below 1 KiB blocks are many and zlib's per-call cost outweighs the bytes saved.
COMPRESS_MIN_BYTES = 1024
_TERMINFO = W3TermInfo._struct  # the fixed part of a term-info row
# zlib's window (2**11 = 2 KiB) and memory level for blocks, chosen when ``zlib.compress``'s
# set-up of a 32 KiB window and 128 KiB of hash tables looked several times dearer than
# compressing a small block; the stream header records the window and Whoosh's plain
# ``zlib.decompress`` reads it. Re-measured with ``bench/posting_codec.py --limit 2000`` (load 8):
# 15.1 us a block against 14.0 for ``zlib.compress`` at the same level, output 3 % larger (10.6
# against 10.3 MB for 39,861 blocks): no gain. Kept for now so that segments stay byte-identical
# with those written before; plain ``zlib.compress`` is the simpler choice for a later change.
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


def write_single(  # type: ignore[no-untyped-def]
    out: bytearray, base: int, docnum: int, weight, value: bytes, lengthbyte: int, fixedsize, heads
) -> bytes:
    """``write_postings`` for a term with one posting (most terms of a segment), straight to
    the term-info bytes: the same block and ``W3TermInfo`` layout without the general loops.

    ``heads`` is a dict the caller keeps for the segment: the block's pickled header and the
    fixed part of the term-info row depend only on (document, weight, length byte), which most
    single-posting terms of one document's field share, so each is pickled and packed once per
    document instead of once per term."""
    start = base + len(out)
    data = ((docnum,), None if weight == 1.0 else weight, _pack_values((value,), fixedsize))
    databytes = dumps(data, PICKLE_PROTOCOL)
    maxweight = weight if weight > 0 else 0
    if len(databytes) >= COMPRESS_MIN_BYTES:  # a long value: the general block writer
        out += WHOOSH3_HEADER_MAGIC
        _block(out, data, (1, docnum, maxweight, lengthbyte, lengthbyte), last=True)
        head = _TERMINFO.pack(0, weight, 1, lengthbyte, lengthbyte, maxweight, docnum, docnum)
        return head + pack_long(start) + pack_int(base + len(out) - start)
    key = (docnum, weight, type(weight), lengthbyte)  # 1 and 1.0 pickle differently
    cached = heads.get(key)
    if cached is None:
        infobytes = dumps((1, docnum, maxweight, 0, lengthbyte, lengthbyte), PICKLE_PROTOCOL)
        # W3TermInfo.to_bytes of (not inlined, weight, df 1, lengths, max weight, first = last).
        head = _TERMINFO.pack(0, weight, 1, lengthbyte, lengthbyte, maxweight, docnum, docnum)
        cached = heads[key] = (WHOOSH3_HEADER_MAGIC, infobytes, len(infobytes), head)
    magic, infobytes, infolength, head = cached
    blocklength = infolength + len(databytes)
    out += magic
    out += pack_int(-blocklength)
    out += infobytes
    out += databytes
    return head + pack_long(start) + pack_int(blocklength + 8)  # + magic and block length


def write_postings(out: bytearray, base: int, flat: list, lengthbytes, fixedsize) -> bytes:  # type: ignore[type-arg, no-untyped-def]
    """Append one term's posting list as W3 blocks to ``out``, which starts at file offset
    ``base``; its ``W3TermInfo`` row (``W3TermInfo.to_bytes``).

    ``flat`` holds the postings in ascending document order as ``[docnum, weight, value,
    docnum, weight, value, ...]`` (no tuple per posting: a segment holds millions), and
    ``lengthbytes`` maps a document to its field length as Whoosh's length byte (0: none).
    The byte is monotonic in the length, so the minimum and maximum of the bytes are the bytes
    of the minimum and maximum length that Whoosh's writer takes."""
    start = base + len(out)
    out += WHOOSH3_HEADER_MAGIC
    total = len(flat) // 3
    weight_sum, min_length, max_length, max_weight = 0.0, 0, 0, 0.0
    step = 3 * BLOCK_LIMIT
    for offset in range(0, len(flat), step):
        block = flat[offset : offset + step] if total > BLOCK_LIMIT else flat
        ids, weights, values = tuple(block[0::3]), tuple(block[1::3]), tuple(block[2::3])
        known = tuple(filter(None, map(lengthbytes, ids)))
        block_min = min(known) if known else 0
        block_max = max(known) if known else 0
        block_weight = max(max(weights), 0)
        deltas = tuple(map(sub, ids, (0, *ids[:-1])))  # the first id, then differences
        data = (deltas, _mini_weights(weights), _pack_values(values, fixedsize))
        info = (len(ids), ids[-1], block_weight, block_min, block_max)
        _block(out, data, info, offset + step >= len(flat))
        weight_sum += sum(weights)
        if block_min:
            min_length = block_min if not min_length else min(min_length, block_min)
        max_length = max(max_length, block_max)
        max_weight = max(max_weight, block_weight)
    head = _TERMINFO.pack(
        0, weight_sum, total, min_length, max_length, max_weight, flat[0], flat[-3]
    )
    return head + pack_long(start) + pack_int(base + len(out) - start)
