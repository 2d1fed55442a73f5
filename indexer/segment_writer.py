"""Write standard Whoosh 2.7.4 segments in bulk, bypassing Whoosh's posting pool.

Profiled on 1,000 real VNTC articles, Whoosh's own writer spent about 85 % of the build moving
single postings through Python: each (field, term, doc, weight, value) tuple is pickled into the
pool, sorted by an external merge sort, then handed to ``W3FieldWriter.add`` one at a time, which
looks up the document's field length in a column again for every posting. Here a whole segment's
postings are gathered per term in memory (a segment is a bounded batch of documents), sorted
once per field, and each term's posting list is written in one call, as the same bytes
``W3PostingsWriter`` would write: blocks of ``BLOCK_LIMIT`` postings, ids delta-encoded, weights
and values minified, pickled (protocol 2) and zlib-compressed, and a ``W3TermInfo`` row in the
term table. Stored fields, field lengths and columns go through Whoosh's own per-document
writer, so the segment is read by ``whoosh.index.open_dir`` and Whoosh's searcher like any
other (tests/test_segment_writer.py compares every posting, length and stored field with an
index written by Whoosh's writer).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from hashlib import md5
from itertools import pairwise
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3Segment, W3TermInfo
from whoosh.fields import Schema
from whoosh.filedb.filestore import Storage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _LENGTHS
from whoosh.system import pack_int, pack_long, pack_ushort
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
# Postings are gathered in memory and written in chunks of about this size.
FLUSH_BYTES = 1 << 20

# (term bytes, frequency, weight, encoded value): what ``FieldType.index`` yields per term.
TermItems = Iterable[tuple[bytes, int, float, bytes]]


class SegmentBuilder:
    """Collects documents for one new segment of ``schema`` in ``storage``; ``finish`` writes it.

    Documents are numbered from 0 in the order added (segment-relative, as Whoosh numbers them).
    ``add_document`` takes the same field values as ``IndexWriter.add_document`` plus, for any
    indexed field, ready-made term items (``analysed``), so a document's text is analysed once by
    the caller instead of once per field by Whoosh.
    """

    def __init__(self, storage: Storage, schema: Schema, indexname: str = "MAIN") -> None:
        self.storage = storage
        self.schema = schema
        self.codec = W3Codec()
        self.segment: W3Segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        # field name -> term bytes -> [(docnum, weight, value, length)]
        self.postings: dict[str, dict[bytes, list[tuple[int, float, bytes, int]]]] = {}
        self.docnum = 0

    def add_document(
        self, fields: Mapping[str, Any], analysed: Mapping[str, TermItems] | None = None
    ) -> None:
        """Add one document (field values as for Whoosh's writer; ``None`` values are skipped)."""
        analysed = analysed or {}
        docnum, perdoc, schema = self.docnum, self.perdoc, self.schema
        perdoc.start_doc(docnum)
        for name in sorted(n for n in fields if not n.startswith("_")):
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                items = analysed[name] if name in analysed else field.index(value)
                items = list(items)
                if field.scorable:
                    length = sum(freq for _, freq, _, _ in items)
                terms = self.postings.setdefault(name, {})
                for btext, _, weight, vbytes in items:
                    posting = (docnum, weight, vbytes, length)
                    if btext in terms:
                        terms[btext].append(posting)
                    else:
                        terms[btext] = [posting]
            perdoc.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(name, column, field.to_column_value(value))
        perdoc.finish_doc()
        self.docnum += 1

    def cancel(self) -> None:
        """Close the files of an abandoned segment (the caller removes the directory)."""
        if not self.perdoc.is_closed:
            if self.perdoc._indoc:
                self.perdoc.finish_doc()
            self.perdoc.close()

    def finish(self) -> W3Segment | None:
        """Write the term table and postings, close the files; the segment (None if empty)."""
        self.perdoc.close()
        if not self.docnum:
            return None
        tindex = _TermTable(self.segment.create_file(self.storage, W3Codec.TERMS_EXT))
        fieldmap: dict[str, int] = {}
        tindex.extras["fieldmap"] = fieldmap
        postfile = self.segment.create_file(self.storage, W3Codec.POSTS_EXT)
        out = bytearray()
        base = postfile.tell()
        for name in sorted(n for n, terms in self.postings.items() if terms):
            fieldmap[name] = fieldid = len(fieldmap)
            prefix = pack_ushort(fieldid)
            fixedsize = self.schema[name].format.fixed_value_size()
            terms = self.postings[name]
            for btext in sorted(terms):
                postings = terms[btext]
                if len(postings) == 1:
                    info = _write_single(out, base, postings[0], fixedsize)
                else:
                    info = _write_postings(out, base, postings, fixedsize).to_bytes()
                tindex.add(prefix + btext, info)
                if len(out) >= FLUSH_BYTES:
                    postfile.write(bytes(out))
                    base += len(out)
                    out.clear()
            terms.clear()
        postfile.write(bytes(out))
        tindex.flush()
        tindex.close()
        postfile.close()
        self.segment.set_doc_count(self.docnum)
        return self.segment


class _TermTable(OrderedHashWriter):
    """Whoosh's term table writer, buffered: rows are appended to a bytearray and written in
    chunks, with the file offset counted here (the base class asks the file for its position and
    writes three times per term). Keys must increase, as the base class requires; the table
    written is the same."""

    def __init__(self, dbfile) -> None:  # type: ignore[no-untyped-def]
        super().__init__(dbfile)
        self._buffer = bytearray()
        self._base = dbfile.tell()
        self.lastkey: bytes = b""

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        buffer = self._buffer
        pos = self._base + len(buffer)
        self.index.append(pos)
        buffer += _LENGTHS.pack(len(key), len(value))
        buffer += key
        buffer += value
        h = int.from_bytes(md5(key).digest()[-4:], "big")  # filetables.md5_hash, without hex
        self.buckets[h & 255].append((h, pos))
        self.lastkey = key
        if len(buffer) >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        self.dbfile.write(bytes(self._buffer))
        self._base += len(self._buffer)
        self._buffer.clear()


def _mini_weights(weights: list[float]) -> Any:
    """As ``W3PostingsWriter._mini_weights``: None when all are 1.0, one value when all equal."""
    first = weights[0]
    if all(w == first for w in weights):
        return None if first == 1.0 else first
    return tuple(weights)


def _write_single(out: bytearray, base: int, posting, fixedsize) -> bytes:  # type: ignore[no-untyped-def]
    """``_write_postings`` for a term with one posting (most terms of a segment), straight to
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


def _write_postings(out: bytearray, base: int, postings, fixedsize) -> W3TermInfo:  # type: ignore[no-untyped-def]
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
