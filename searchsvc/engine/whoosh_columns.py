"""Per-document columns and facet values of a Whoosh 2.7.4 index, read a segment at a time, whole.

Opening the 1M-article index took 23.8 s, nearly all of it reading per document or per term
through Whoosh's multi-segment reader: a field length was one Python call per document (2M
calls, 9.3 s profiled), the id and date columns one call per value, and each facet value a
lookup in all 127 segments (29.7 s profiled). Whoosh 2.7.4 keeps each segment's column in a
file of its own (``MAIN_<segid>.<field>.col``): fixed-width big-endian numbers (field lengths as
one length byte a document, dates as ``NUMERIC`` sortable integers) or variable bytes followed by
their length (and offset) arrays (ids). Here each file is read in one call and decoded with
numpy, and the segments' arrays are concatenated at their document offsets. Facet values come
from each segment's sidecar (``indexer.facet_sidecar``: one read gives every facet field), or
from that segment's own terms when it has none. Layouts are Whoosh's, private to 2.7.4 (pinned);
tests/test_whoosh_columns.py checks every array here against Whoosh's public per-document API.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.util.numeric import byte_to_length

from indexer import facet_sidecar

# Whoosh's length byte -> field length, for every byte (0: no length recorded: an empty field).
LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    """(segment reader, first document number) of each segment (none for an empty index,
    whose reader is a segment-less ``EmptyReader``)."""
    return [(leaf, offset) for leaf, offset in reader.leaf_readers() if leaf.segment() is not None]


def _column_bytes(segment: Any, name: str) -> bytes | None:
    """The whole column file ``name`` of a segment, or None when the segment has none (no
    document gave that field a value)."""
    filename = W3Codec.column_filename(segment.segment(), name)
    storage = segment.storage()
    if not storage.file_exists(filename):
        return None
    source = storage.open_file(filename)
    try:
        return bytes(source.read())
    finally:
        source.close()


def _fixed_width(segment: Any, name: str, column: NumericColumn, count: int) -> np.ndarray:
    """A ``NumericColumn`` of one segment as raw numbers: the writer stops after the last value
    that is not the default, so the tail is the default."""
    dtype = np.dtype(column._typecode).newbyteorder(">")
    if dtype.itemsize != struct.calcsize("!" + column._typecode):
        raise ValueError(f"column {name}: typecode {column._typecode!r} has no numpy twin")
    values = np.full(count, column._default, dtype=dtype)
    data = _column_bytes(segment, name)
    if data:
        written = np.frombuffer(data, dtype=dtype)[:count]
        values[: len(written)] = written
    return values


def live_mask(reader: Any) -> np.ndarray:
    """One flag a document number: not deleted (each segment's deleted set, in bulk)."""
    live = np.ones(int(reader.doc_count_all()), dtype=bool)
    for segment, offset in _leaves(reader):
        if segment.has_deletions():
            deleted = np.fromiter(segment.segment().deleted_docs(), dtype=np.int64)
            live[deleted + offset] = False
    return live


def field_lengths(reader: Any, field: str) -> np.ndarray:
    """Tokens of ``field`` per document number, from each segment's length-byte column."""
    parts = [
        _fixed_width(segment, _lenfield(field), LENGTHS_COLUMN, segment.doc_count_all())
        for segment, _ in _leaves(reader)
    ]
    raw = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)
    lengths: np.ndarray = LENGTH_OF_BYTE[raw.astype(np.intp)]
    return lengths


def numeric_column(reader: Any, field: str) -> np.ndarray:
    """A sortable ``NUMERIC`` field's values per document number (int64 or float64), as
    Whoosh's column reader gives them: each distinct raw value translated by the field once."""
    fieldobj = reader.schema[field]
    column = fieldobj.column_type
    if not isinstance(column, NumericColumn):
        raise TypeError(f"{field} has no numeric column")
    parts = [
        _fixed_width(segment, field, column, segment.doc_count_all())
        for segment, _ in _leaves(reader)
    ]
    if not parts:
        return np.zeros(0, dtype=np.int64)
    raw = np.concatenate(parts)
    if fieldobj.numtype is int and not fieldobj.decimal_places and fieldobj.bits <= 32:
        # Whoosh's from_sortable for integers: minus the sign bit's offset when signed (the
        # general path below sorts 1M values: 0.1-0.3 s of an open at 1M).
        shift = 1 << (fieldobj.bits - 1) if fieldobj.signed else 0
        shifted: np.ndarray = raw.astype(np.int64) - shift
        return shifted
    distinct, where = np.unique(raw, return_inverse=True)
    translated = np.array([fieldobj.from_column_value(v) for v in distinct.tolist()])
    values: np.ndarray = translated[where]
    return values


def _var_bytes(data: bytes, count: int) -> tuple[bytes, np.ndarray]:
    """The values blob and per-document lengths of one ``VarBytesColumn`` file: the lengths
    array (big-endian) sits before a trailing typecode byte, or before the offsets array and
    the bytes (lengths code, offsets code, ``X``) when the writer stored offsets too."""
    end = len(data) - 1
    code = chr(data[end])
    if code == "X":
        code, offsets_code = chr(data[end - 2]), chr(data[end - 1])
        end = end - 2 - count * np.dtype(offsets_code).itemsize
    dtype = np.dtype(code).newbyteorder(">")
    start = end - count * dtype.itemsize
    lengths = np.frombuffer(data[start:end], dtype=dtype).astype(np.int64)
    return data[:start], lengths


def _ascii_values(blob: bytes, width: int) -> np.ndarray:
    """Fixed-width ASCII values back to back as a unicode array: the bytes widened to code
    points and viewed as strings, no Python object per value."""
    codes = np.frombuffer(blob, dtype=np.uint8).astype(np.uint32)
    return codes.view(f"U{width}")


def string_column(reader: Any, field: str) -> np.ndarray:
    """A ``VarBytesColumn`` field (the id) per document number as a numpy unicode array."""
    fieldobj = reader.schema[field]
    if not isinstance(fieldobj.column_type, VarBytesColumn):
        raise TypeError(f"{field} has no variable-bytes column")
    parts: list[tuple[bytes, int] | np.ndarray] = []  # (ASCII blob, width) or values
    for segment, _ in _leaves(reader):
        count = segment.doc_count_all()
        data = _column_bytes(segment, field) if count else b""
        blob, lengths = _var_bytes(data, count) if data else (b"", np.zeros(count, np.int64))
        width = int(lengths[0]) if count else 0
        if width and bool(np.all(lengths == width)) and blob.isascii():
            parts.append((blob[: width * count], width))  # the 16-character ids
            continue
        ends = np.cumsum(lengths).tolist()
        starts = [0, *ends[:-1]]
        values = [fieldobj.from_column_value(blob[a:b]) for a, b in zip(starts, ends, strict=True)]
        parts.append(np.array(values, dtype=np.str_))
    widths = {part[1] for part in parts if isinstance(part, tuple)}
    if len(widths) == 1 and all(isinstance(part, tuple) for part in parts):
        return _ascii_values(
            b"".join(part[0] for part in parts if isinstance(part, tuple)), *widths
        )
    arrays = [_ascii_values(*part) if isinstance(part, tuple) else part for part in parts]
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.str_)


# Each segment's lists of one facet field, with the segment's first document number.
FacetLeaves = list[tuple[facet_sidecar.FacetLists, int]]


def segment_facets(reader: Any, fields: Sequence[str]) -> dict[str, FacetLeaves]:
    """The lists of ``fields`` of every segment: each segment's sidecar read once for all of
    them (it holds every facet field; reading it once a field read each file three times an
    open), a field it lacks (or a segment without a valid one) from that segment's own terms."""
    found: dict[str, FacetLeaves] = {field: [] for field in fields}
    for segment, offset in _leaves(reader):
        count = segment.doc_count_all()
        held = facet_sidecar.read_all(segment.storage(), segment.segment(), count) or {}
        for field in fields:
            lists = held.get(field)
            if lists is None:
                lists = facet_sidecar.from_segment(segment, field)
            found[field].append((lists, offset))
    return found


def facet_values(leaves: FacetLeaves, live: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """Each value of one field in lexicon order with its live documents (ascending): the
    segments' value lists combined (names: the sorted union; document numbers: plus the
    segment's offset; documents not flagged in ``live`` removed)."""
    names = sorted(set().union(*(lists.names for lists, _ in leaves)))
    number = {name: i for i, name in enumerate(names)}
    docs_parts, value_parts = [], []
    for lists, offset in leaves:
        local = np.array([number[name] for name in lists.names], dtype=np.int64)
        values = np.repeat(local, np.diff(lists.indptr))
        docs = lists.docs.astype(np.int64) + offset
        keep = live[docs]
        docs_parts.append(docs[keep])
        value_parts.append(values[keep])
    if not names:
        return
    docs = np.concatenate(docs_parts)
    values = np.concatenate(value_parts)
    # Segments come in document order and each segment's lists are grouped by value with
    # documents ascending, so a stable sort by value leaves each value's documents ascending
    # (timsort merges the segments' sorted runs).
    order = np.argsort(values, kind="stable")
    docs, values = docs[order], values[order]
    bounds = np.searchsorted(values, np.arange(len(names) + 1)).tolist()
    for i, name in enumerate(names):
        yield name, docs[bounds[i] : bounds[i + 1]]
