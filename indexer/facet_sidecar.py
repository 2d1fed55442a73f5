"""A segment's facet values beside it: ``MAIN_<segid>.facets.bin``, written once, read in bulk.

Opening an index used to read every facet value (8,311 at 1M articles) through Whoosh's
multi-segment reader, which looks each term up in every segment (1.06 million lookups over 127
segments) and then decodes its postings: 29.7 s of the 1M index's open, profiled. A sidecar holds,
per facet field, the segment's value names (sorted, as Whoosh's lexicon orders them) and a CSR of
segment-relative document numbers (``indptr``: where each value's documents start; ``docs``), so
the service combines 127 small files instead (``searchsvc.engine.whoosh_columns``).

Every segment ``indexer.segment_writer.SegmentBuilder`` writes (full builds, incremental builds
and their merges of small segments) gets one; ``python -m indexer.backfill INDEX_DIR`` writes them
for the segments of an index built before, from Whoosh's own data through the same encoder.
The name starts with the segment's id, so Whoosh's ``clean_files`` deletes it with its segment,
and ``indexer.generations.copy_generation`` hard-links it with the segment's files. All document
numbers are kept, deleted ones too: deletions live in the index's TOC and grow between
generations; the reader removes them.
"""

from __future__ import annotations

import json
import logging
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
from whoosh.filedb.filestore import Storage
from whoosh.reading import SegmentReader

from indexer import whoosh_blocks
from indexer.schema import AWARD_TYPES, UNITS, YEAR

log = logging.getLogger(__name__)

FACET_FIELDS = (UNITS, YEAR, AWARD_TYPES)
SIDECAR_EXT = ".facets.bin"
# The file: a fixed header (this magic, which names the format and its version, the JSON
# layout's size and a CRC-32 of everything after the header), the JSON layout (segment id,
# document count, per field: names, bytes of names, documents), then per field in name order the
# names' UTF-8 bytes, their end offsets and ``indptr`` (little-endian int64) and ``docs``
# (little-endian uint32), each starting on 8 bytes. Not .npz: parsing 2,286 .npy headers (a
# Python literal each) was 0.46 s of 1.1 s reading the 1M index's facets, profiled.
MAGIC = b"FACETS01"
HEADER = struct.Struct("<8sII")


@dataclass(frozen=True)
class FacetLists:
    """One facet field of one segment: value names (sorted, distinct), and the documents of
    value i at ``docs[indptr[i]:indptr[i + 1]]`` (segment-relative, ascending)."""

    names: tuple[str, ...]
    indptr: np.ndarray
    docs: np.ndarray


def sidecar_name(segment: Any) -> str:
    """``MAIN_<segid>.facets.bin``: matched by Whoosh's segment file pattern."""
    return str(segment.make_filename(SIDECAR_EXT))


def lists_of(postings: Iterable[tuple[str, Sequence[int]]]) -> FacetLists:
    """A ``FacetLists`` from (name, ascending documents) in name order."""
    names: list[str] = []
    parts: list[np.ndarray] = []
    for name, docs in postings:
        names.append(name)
        parts.append(np.asarray(docs, dtype=np.uint32))
    indptr = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=indptr[1:])
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)
    return FacetLists(tuple(names), indptr, flat)


BuilderPostings = Mapping[str, Mapping[bytes, list[Any]]]  # SegmentBuilder.postings


def from_builder_postings(postings: BuilderPostings) -> dict[str, FacetLists]:
    """The facet fields of a segment builder's postings (term bytes -> flat [docnum, weight,
    value, ...] lists, documents ascending)."""
    out = {}
    for field in FACET_FIELDS:
        terms = postings.get(field, {})
        out[field] = lists_of((t.decode("utf-8"), terms[t][0::3]) for t in sorted(terms))
    return out


def from_segment(reader: SegmentReader, field: str) -> FacetLists:
    """One field's values read from a segment's own term table and postings (every document,
    deleted ones included): the backfill's source, and the service's for a segment without a
    valid sidecar (never through the multi-segment reader: one lookup per segment, not 127)."""

    def documents(term: bytes) -> list[int]:
        return list(whoosh_blocks.unfiltered(reader.postings(field, term)).all_ids())

    if field not in reader.indexed_field_names():
        return lists_of(())
    return lists_of((t.decode("utf-8"), documents(t)) for t in reader.lexicon(field))


def encode(segment: Any, doc_count: int, fields: Mapping[str, FacetLists]) -> bytes:
    """The sidecar file of ``fields`` for ``segment``, whole (``write`` and the backfill)."""
    layout: dict[str, Any] = {"segid": str(segment.segid), "doc_count": doc_count, "fields": {}}
    payload = bytearray()
    for field in sorted(fields):
        lists = fields[field]
        encoded = [name.encode("utf-8") for name in lists.names]
        blob = b"".join(encoded)
        layout["fields"][field] = [len(encoded), len(blob), len(lists.docs)]
        payload += blob + bytes(-len(blob) % 8)  # arrays start on 8-byte boundaries
        payload += np.cumsum([len(b) for b in encoded], dtype="<i8").tobytes()
        payload += lists.indptr.astype("<i8").tobytes()
        docs = lists.docs.astype("<u4").tobytes()
        payload += docs + bytes(-len(docs) % 8)
    head = json.dumps(layout).encode("utf-8")
    body = head + b" " * (-(HEADER.size + len(head)) % 8) + payload
    return HEADER.pack(MAGIC, len(head), zlib.crc32(body)) + body


def write(storage: Storage, segment: Any, doc_count: int, fields: Mapping[str, FacetLists]) -> str:
    """Write ``fields`` as the segment's sidecar, atomically (a temp name, then a rename); the
    file name. The build writes through here."""
    name = sidecar_name(segment)
    temp = name + ".tmp"  # a leftover is a file of the segment: cleaned with it
    out = storage.create_file(temp)
    try:
        out.write(encode(segment, doc_count, fields))
    finally:
        out.close()
    storage.rename_file(temp, name, safe=False)
    return name


def write_from_postings(
    storage: Storage, segment: Any, postings: BuilderPostings, doc_count: int
) -> None:
    """The build's hook (``SegmentBuilder.finish``): the sidecar of a segment being written."""
    write(storage, segment, doc_count, from_builder_postings(postings))


def read_all(storage: Storage, segment: Any, doc_count: int) -> dict[str, FacetLists] | None:
    """Every field of the segment's sidecar, from one read of the file, or None when it is
    missing, damaged (CRC, shapes), or made for another segment, format or document count: the
    caller then reads Whoosh's data."""
    name = sidecar_name(segment)
    try:
        if not storage.file_exists(name):
            return None
        source = storage.open_file(name)
        try:
            data = bytes(source.read())
        finally:
            source.close()
        magic, head_size, crc = HEADER.unpack_from(data)
        if magic != MAGIC or zlib.crc32(data[HEADER.size :]) != crc:
            return None
        layout = json.loads(data[HEADER.size : HEADER.size + head_size])
        if layout["segid"] != str(segment.segid) or layout["doc_count"] != doc_count:
            return None
        at = HEADER.size + head_size
        at += -at % 8
        found: dict[str, FacetLists] = {}
        for field in sorted(layout["fields"]):
            count, blob_size, doc_total = layout["fields"][field]
            blob = data[at : at + blob_size]
            at += blob_size + -blob_size % 8
            ends = np.frombuffer(data, dtype="<i8", count=count, offset=at)
            indptr = np.frombuffer(data, dtype="<i8", count=count + 1, offset=at + 8 * count)
            at += 8 * (2 * count + 1)
            docs = np.frombuffer(data, dtype="<u4", count=doc_total, offset=at)
            at += 4 * doc_total + -(4 * doc_total) % 8
            lists = _checked(blob, ends, indptr, docs, doc_count)
            if lists is None:
                return None
            found[field] = lists
        return found
    except Exception as err:  # ValueError, KeyError, OSError, struct.error...: never fatal
        log.warning("facet sidecar %s unreadable (%s): reading the segment instead", name, err)
        return None


def read(storage: Storage, segment: Any, doc_count: int, field: str) -> FacetLists | None:
    """One field of the segment's sidecar, or None when ``read_all`` finds none or the file
    lacks the field."""
    found = read_all(storage, segment, doc_count)
    return None if found is None else found.get(field)


def _checked(
    blob: bytes, ends: np.ndarray, indptr: np.ndarray, docs: np.ndarray, doc_count: int
) -> FacetLists | None:
    """The lists, if their shapes hold together (else None: a damaged or foreign file)."""
    stops = ends.tolist()
    # [0, *stops][:-1]: a field no document of the segment has holds no names (``[0, *stops[:-1]]``
    # made every such sidecar unreadable, and the field was read from Whoosh's terms).
    starts = [0, *stops][:-1]
    names = tuple(blob[a:b].decode("utf-8") for a, b in zip(starts, stops, strict=True))
    valid = (
        len(indptr) == len(names) + 1
        and (not stops or stops[-1] == len(blob))
        and indptr[0] == 0
        and indptr[-1] == len(docs)
        and bool(np.all(np.diff(indptr) >= 0))
        and (len(docs) == 0 or int(docs.max()) < doc_count)
        and all(a < b for a, b in pairwise(names))
    )
    return FacetLists(names, indptr, docs) if valid else None
