"""Write standard Whoosh 2.7.4 segments in bulk, bypassing Whoosh's posting pool.

Whoosh's own writer spent most of a build moving single postings through Python (see
bench/README.md, "Build throughput"): each (field, term, doc, weight, value) tuple is pickled
into the pool, sorted by an external merge sort, then handed to ``W3FieldWriter.add`` one at a
time, which looks up the document's field length in a column again for every posting. Here a
whole segment's postings are gathered per term in memory (a segment is a bounded batch of
documents), sorted once per field, and each term's posting list is written in one call in
``W3PostingsWriter``'s format (``indexer.posting_blocks``: blocks of ``BLOCK_LIMIT`` postings,
ids delta-encoded, weights and values minified, pickled and zlib-compressed), and a
``W3TermInfo`` row in the term table.
Stored fields, field lengths and columns go through Whoosh's own per-document writer, a small
part of the stage ``bench/build_stages.py`` reports as gathering postings, so it stays.
The segment is read by ``whoosh.index.open_dir`` and Whoosh's searcher like any other
(tests/test_segment_writer.py compares every posting, length and stored field with an index
written by Whoosh's writer).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache, partial
from hashlib import md5
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import Storage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _LENGTHS
from whoosh.filedb.filetables import _pointer as _POINTER
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

from indexer import dense_postings, facet_sidecar
from indexer.posting_blocks import write_postings, write_single

# Postings are gathered in memory and written in chunks of about this size.
FLUSH_BYTES = 1 << 20

# (term bytes, frequency, weight, encoded value): what ``FieldType.index`` yields per term.
TermItems = Iterable[tuple[bytes, int, float, bytes]]


@lru_cache(maxsize=1 << 16)
def _length_byte(length: int) -> int:
    """Whoosh's length byte of a field length (a bisect in Python: cached, lengths repeat)."""
    return length_to_byte(length)


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
        # field name -> term bytes -> [docnum, weight, value, docnum, weight, value, ...]: flat,
        # no tuple per posting. 3,000 real VNTC articles hold 2.7 million postings until
        # ``finish``: the peak RSS of building their segment fell from 479 to 304 MiB (the
        # script /tmp/speed14-rss.py of branch speed14, reported in bench/README.md).
        self.postings: dict[str, dict[bytes, list[Any]]] = {}
        # field name -> docnum -> the field's length as Whoosh's length byte (scorable fields)
        self.lengthbytes: defaultdict[str, defaultdict[int, int]] = defaultdict(
            partial(defaultdict, int)
        )
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
                items = items if isinstance(items, list) else list(items)
                if field.scorable:
                    length = sum([freq for _, freq, _, _ in items])
                    self.lengthbytes[name][docnum] = _length_byte(length)
                terms = self.postings.setdefault(name, {})
                get = terms.get
                for btext, _, weight, vbytes in items:
                    postings = get(btext)
                    if postings is None:
                        terms[btext] = [docnum, weight, vbytes]
                    else:
                        postings += (docnum, weight, vbytes)
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
        facet_sidecar.write_from_postings(self.storage, self.segment, self.postings, self.docnum)
        dense_postings.write_builder(self.storage, self.segment, self.postings, self.docnum)
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
            lengthbytes = self.lengthbytes[name]
            heads: dict[Any, Any] = {}
            add = tindex.add
            for btext in sorted(terms):
                flat = terms[btext]
                if len(flat) == 3:
                    docnum, weight, value = flat
                    lengthbyte = lengthbytes[docnum]
                    info = write_single(
                        out, base, docnum, weight, value, lengthbyte, fixedsize, heads
                    )
                else:
                    info = write_postings(out, base, flat, lengthbytes.__getitem__, fixedsize)
                add(prefix + btext, info)
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

    def _write_hashes(self) -> None:
        """The base class's 256 linear-probing hash tables, slot for slot, each written in one
        call (the base class writes every slot separately: a tenth of writing a segment)."""
        dbfile, pack = self.dbfile, _POINTER.pack
        empty = pack(0, 0)  # no key starts at offset 0 (the header is there)
        for entries in self.buckets:
            numslots = 2 * len(entries)
            self.directory.append((dbfile.tell(), numslots))
            table = [empty] * numslots
            for hashval, position in entries:
                slot = (hashval >> 8) % numslots
                while table[slot] is not empty:
                    slot = (slot + 1) % numslots
                table[slot] = pack(hashval, position)
            dbfile.write(b"".join(table))
