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
The three text fields, nearly all of a segment's postings, take a faster road: their terms are
kept as columns of ids (``indexer.analysed``) and grouped and encoded by compiled loops
(``indexer.column_postings``); the other fields' few terms per document take the one above.
Stored fields, field lengths and columns go through Whoosh's own per-document writer, a small
part of the stage ``bench/build_stages.py`` reports as gathering postings, so it stays.
The segment is read by ``whoosh.index.open_dir`` and Whoosh's searcher like any other
(tests/test_segment_writer.py compares every posting, length and stored field with an index
written by Whoosh's writer).
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache, partial
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import Storage
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

from indexer import column_postings, dense_postings, facet_sidecar
from indexer.analysed import ExactColumns, FoldedColumns
from indexer.posting_blocks import write_postings, write_single
from indexer.schema import TEXT_EXACT, TEXT_FOLD, TITLE_FOLD
from indexer.term_table import FLUSH_BYTES, TermTable
from indexer.text.analysis import syllables

# (term bytes, frequency, weight, encoded value): what ``FieldType.index`` yields per term.
TermItems = Iterable[tuple[bytes, int, float, bytes]]


@lru_cache(maxsize=1 << 16)
def _length_byte(length: int) -> int:
    """Whoosh's length byte of a field length (a bisect in Python: cached, lengths repeat)."""
    return length_to_byte(length)


class SegmentBuilder:
    """Collects documents for one new segment of ``schema`` in ``storage``; ``finish`` writes it.

    Documents are numbered from 0 in the order added (segment-relative, as Whoosh numbers them).
    ``add_document`` takes the same field values as ``IndexWriter.add_document``. With
    ``columns`` (the build's way) the text fields are analysed once into columns
    (``indexer.analysed``); without, every field runs its own Whoosh analyzer, or takes the term
    items given in ``analysed``. ``syllables`` holds, after ``finish``, the document frequencies
    of the plain folded syllables (``indexer.vocabulary``; columns only).
    """

    def __init__(
        self, storage: Storage, schema: Schema, indexname: str = "MAIN", *, columns: bool = True
    ) -> None:
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
        self.columns: dict[str, FoldedColumns | ExactColumns] = {}
        if columns:
            self.columns = {
                TEXT_FOLD: FoldedColumns(),
                TITLE_FOLD: FoldedColumns(),
                TEXT_EXACT: ExactColumns(),
            }
        self.column_lengths = {name: array("B") for name in self.columns}
        self.syllables: Counter[str] = Counter()
        self.docnum = 0

    def _add_columns(self, fields: Mapping[str, Any]) -> dict[str, int]:
        """The text fields of the next document into their columns; their lengths."""
        text, title, exact = (
            fields.get(name) or "" for name in (TEXT_FOLD, TITLE_FOLD, TEXT_EXACT)
        )
        body = syllables(text)
        tokens = {
            TEXT_FOLD: body,
            TITLE_FOLD: syllables(title),
            TEXT_EXACT: body if exact == text else syllables(exact),
        }
        lengths = {}
        for name, columns in self.columns.items():
            lengths[name] = length = columns.add(tokens[name])
            self.column_lengths[name].append(_length_byte(length))
        return lengths

    def add_document(
        self, fields: Mapping[str, Any], analysed: Mapping[str, TermItems] | None = None
    ) -> None:
        """Add one document (field values as for Whoosh's writer; ``None`` values are skipped)."""
        analysed = analysed or {}
        docnum, perdoc, schema = self.docnum, self.perdoc, self.schema
        column_lengths = self._add_columns(fields) if self.columns else {}
        perdoc.start_doc(docnum)
        for name in sorted(n for n in fields if not n.startswith("_")):
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = column_lengths.get(name, 0)
            if field.indexed and name not in column_lengths:
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

    def _encode_column(self, name: str) -> column_postings.EncodedField:
        """A text field's posting lists; its columns are released."""
        found = self.columns.pop(name).occurrences()
        lengthbytes = np.frombuffer(self.column_lengths[name], dtype=np.uint8)
        positional = self.schema[name].format.supports("positions")
        encoded = column_postings.encode(found, lengthbytes, positional)
        if name == TEXT_FOLD:
            self.syllables = encoded.syllable_counts()
        return encoded

    def finish(self) -> W3Segment | None:
        """Write the term table and postings, close the files; the segment (None if empty).

        One text field is encoded at a time, written, and let go before the next: a segment's
        peak memory is its largest field's, not all three's."""
        self.perdoc.close()
        if not self.docnum:
            return None
        facet_sidecar.write_from_postings(self.storage, self.segment, self.postings, self.docnum)
        dense_terms = list(dense_postings.builder_terms(self.postings))
        tindex = TermTable(self.segment.create_file(self.storage, W3Codec.TERMS_EXT))
        fieldmap: dict[str, int] = {}
        tindex.extras["fieldmap"] = fieldmap
        postfile = self.segment.create_file(self.storage, W3Codec.POSTS_EXT)
        out = bytearray()
        base = postfile.tell()
        for name in sorted({n for n, terms in self.postings.items() if terms} | set(self.columns)):
            if name in self.columns:
                field = self._encode_column(name)
                if not field.terms:
                    continue
                fieldmap[name] = len(fieldmap)
                postfile.write(bytes(out))
                base += len(out)
                out.clear()
                postfile.write(field.postings.tobytes())
                size = column_postings.TERM_INFO.itemsize
                tindex.add_rows(pack_ushort(fieldmap[name]), field.terms, field.rows(base), size)
                base += field.postings.size
                dense_terms.extend(field.dense_terms(name))
                continue
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
        dense_postings.write_segment(self.storage, self.segment, self.docnum, dense_terms)
        self.segment.set_doc_count(self.docnum)
        return self.segment
