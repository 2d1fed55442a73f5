"""Dense postings: a segment's frequent terms as arrays numpy reads in one call each.

Whoosh keeps a posting list as blocks of 128 postings, pickled and zlib-compressed with their
positions; reading one costs ~1 us a posting in Python (bench/README.md: a cold
``chất lượng giáo dục`` at 1M articles spent 2.3 s decoding 2.58M postings). Search reads the
*whole* list of a query's words, so for each term with at least ``MIN_POSTINGS`` postings in a
segment this sidecar holds its documents (segment-relative; a packed bitmap when dense, else
uint32) and its term frequencies (uint8/uint16 when integral and small enough, else float32:
exactly the float32 weights Whoosh's reader gives). Reading such a term is then one ``pread``
of its record and a few numpy calls.

One file per segment, ``MAIN_<segid>.dense.dps``: Whoosh's ``TOC._clean_files`` deletes every
``MAIN_<segid>.*`` with its segment, so a merged-away segment takes its sidecar with it; a new
generation hard-links every file of the old one (``indexer.generations.copy_generation``), this
one included. Deletions are *not* in the file: they change per generation while the segment's
files are shared, so the reader applies them. A segment without a sidecar, or with a damaged or
mismatched one, is read from Whoosh's own blocks (``open_segment`` returns None).

Layout (little-endian): a header (magic, version, segment doc count, term count, data start,
file size); the directory: the terms' 64-bit key hashes, sorted (``field \\x1f term`` as UTF-8,
BLAKE2b), so a lookup is one ``np.searchsorted``, then one ``ENTRY`` row per hash; then one
record per term: its key (collisions are told apart), documents and weights, 8-byte aligned,
checked against the entry's CRC-32 when read.

Written by ``indexer.segment_writer.SegmentBuilder.finish`` (``write_segment``) and, for an
index built before, by ``python -m indexer.backfill INDEX_DIR``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from indexer.schema import TEXT_EXACT, TEXT_FOLD, TITLE_FOLD

log = logging.getLogger(__name__)

# The file of segment ``MAIN_<segid>``: ``MAIN_<segid>.`` + SUFFIX (matched by Whoosh's segment
# file pattern ``MAIN_<segid>[.][A-Za-z0-9_.]+``, so it is cleaned with its segment).
SUFFIX = "dense.dps"
MAGIC = b"DPS2"
VERSION = 2
HEADER = struct.Struct("<4sIQQQQ")  # magic, version, doc count, term count, data start, size
# One row per term, in the order of the sorted key hashes: where its record starts, how many
# postings, the record's CRC-32 (a damaged record is caught when read: ~4 us a 4 KB record),
# its key's length and the encodings of its documents and weights.
ENTRY = np.dtype(
    [("offset", "<u8"), ("count", "<u4"), ("crc", "<u4"), ("keylen", "<u2"), ("dkind", "u1"),
     ("wkind", "u1")]
)  # fmt: skip
SEPARATOR = b"\x1f"  # between field and term in a key: a control character no term holds
ALIGN = 8

# The fields whose postings search reads (searchsvc.engine.terms, rerank, proximity).
FIELDS = (TEXT_FOLD, TEXT_EXACT, TITLE_FOLD)
# Terms with fewer postings than this in a segment stay Whoosh-only: a lookup in Whoosh's
# blocks costs ~30-60 us a term and segment however short the list (one block), so the bound
# trades sidecar bytes against the per-segment cost of mid-frequency words; measured in
# bench/README.md ("Dense postings").
MIN_POSTINGS = 32

DOCS_LIST, DOCS_BITMAP = 0, 1  # uint32 segment-relative numbers, or np.packbits over the segment
WEIGHTS_ONES, WEIGHTS_U8, WEIGHTS_U16, WEIGHTS_F32 = 0, 1, 2, 3
_WEIGHT_TYPES = {WEIGHTS_U8: np.uint8, WEIGHTS_U16: np.uint16, WEIGHTS_F32: np.float32}


class DenseError(ValueError):
    """A sidecar that cannot be trusted (damaged, truncated, or of another segment)."""


def file_name(segment_id: str) -> str:
    """The sidecar's name for a segment id such as ``MAIN_0abc...``."""
    return f"{segment_id}.{SUFFIX}"


def _key(field: str, term: str | bytes) -> bytes:
    text = term if isinstance(term, bytes) else term.encode("utf-8")
    return field.encode("utf-8") + SEPARATOR + text


def _hash(key: bytes) -> int:
    """64 bits of BLAKE2b: the directory is searched by these (the key itself is in the record,
    so a collision is told apart there)."""
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


def _aligned(n: int) -> int:
    return n + (-n % ALIGN)


def _layout(
    keylen: int, count: int, dkind: int, wkind: int, doc_count: int
) -> tuple[int, int, int]:
    """(documents' start, weights' start, record length) relative to a record's start."""
    docs_at = _aligned(keylen)
    docs_len = (doc_count + 7) // 8 if dkind == DOCS_BITMAP else 4 * count
    weights_at = _aligned(docs_at + docs_len)
    itemsize = np.dtype(_WEIGHT_TYPES[wkind]).itemsize if wkind in _WEIGHT_TYPES else 0
    return docs_at, weights_at, weights_at + itemsize * count


def _weights_of(weights: np.ndarray) -> tuple[int, bytes]:
    """The smallest exact encoding of float32 term frequencies."""
    w32 = np.asarray(weights, dtype=np.float32)
    if not len(w32) or (w32 == 1.0).all():
        return WEIGHTS_ONES, b""
    if (w32 >= 0).all() and (w32 == np.floor(w32)).all():
        top = float(w32.max())
        if top <= np.iinfo(np.uint8).max:
            return WEIGHTS_U8, w32.astype(np.uint8).tobytes()
        if top <= np.iinfo(np.uint16).max:
            return WEIGHTS_U16, w32.astype(np.uint16).tobytes()
    return WEIGHTS_F32, w32.tobytes()


def encode(doc_count: int, terms: Iterable[tuple[str, bytes, np.ndarray, np.ndarray]]) -> bytes:
    """The sidecar of a segment of ``doc_count`` documents holding ``terms``: (field, term
    bytes, ascending segment-relative documents, weights). Terms below ``MIN_POSTINGS`` are
    left out, so callers may pass every term."""
    held = sorted(
        (
            (_hash(key), key, docs, weights)
            for field, term, docs, weights in terms
            if len(docs) >= MIN_POSTINGS
            for key in [_key(field, term)]
        ),
        key=lambda item: (item[0], item[1]),
    )  # fmt: skip; by hash (then key): the same terms give the same bytes
    start = _aligned(HEADER.size + len(held) * (8 + ENTRY.itemsize))
    hashes = np.array([h for h, _, _, _ in held], dtype="<u8")
    entries = np.zeros(len(held), dtype=ENTRY)
    data = bytearray()
    bitmap_bytes = (doc_count + 7) // 8
    for i, (_, key, docs, weights) in enumerate(held):
        local = np.asarray(docs, dtype=np.int64)
        if len(local) * 4 > bitmap_bytes:  # a bitmap is smaller than the list
            bits = np.zeros(doc_count, dtype=bool)
            bits[local] = True
            dkind, dbytes = DOCS_BITMAP, np.packbits(bits).tobytes()
        else:
            dkind, dbytes = DOCS_LIST, local.astype("<u4").tobytes()
        wkind, wbytes = _weights_of(weights)
        docs_at, weights_at, length = _layout(len(key), len(local), dkind, wkind, doc_count)
        record = bytearray(length)
        record[: len(key)] = key
        record[docs_at : docs_at + len(dbytes)] = dbytes
        record[weights_at:length] = wbytes
        crc = zlib.crc32(record)
        entries[i] = (start + len(data), len(local), crc, len(key), dkind, wkind)
        data += record
        data += bytes(-len(data) % ALIGN)
    head = HEADER.pack(MAGIC, VERSION, doc_count, len(held), start, start + len(data))
    directory = hashes.tobytes() + entries.tobytes()
    return head + directory + bytes(start - HEADER.size - len(directory)) + bytes(data)


@dataclass(frozen=True)
class DenseSegment:
    """One segment's sidecar: its directory (key hashes and entries) in memory, 28 bytes a
    term; records read through ``read`` (``os.pread`` on a file: a record's bytes are copied
    into the arrays returned, so a worker's resident memory does not grow with every term ever
    read, as it did when the files were mapped)."""

    doc_count: int
    size: int
    hashes: np.ndarray  # sorted 64-bit key hashes
    entries: np.ndarray  # ENTRY rows, one per hash
    read: Callable[[int, int], bytes]  # (offset, length) -> bytes

    @classmethod
    def parse(
        cls,
        view: bytes,
        doc_count: int,
        read: Callable[[int, int], bytes] | None = None,
        size: int | None = None,
    ) -> DenseSegment:
        """Check the header and wrap a sidecar: ``view`` is the whole file, or with ``read``
        and the file's ``size`` its first bytes (header and directory at least). ``DenseError``
        when it is damaged or of another segment; records are checked as they are read."""
        if size is None:
            size = len(view)
        if len(view) < HEADER.size:
            raise DenseError("shorter than its header")
        magic, version, docs, count, start, recorded = HEADER.unpack_from(view, 0)
        if magic != MAGIC or version != VERSION:
            raise DenseError(f"not a dense postings file (magic {magic!r}, version {version})")
        if docs != doc_count:
            raise DenseError(f"written for {docs} documents, the segment has {doc_count}")
        if size != recorded:
            raise DenseError(f"{size} bytes, the header says {recorded}")
        if HEADER.size + count * (8 + ENTRY.itemsize) > min(start, len(view)) or start > size:
            raise DenseError("the header's sizes do not fit the file")
        hashes = np.frombuffer(view, dtype="<u8", count=count, offset=HEADER.size)
        entries = np.frombuffer(view, dtype=ENTRY, count=count, offset=HEADER.size + 8 * count)
        reader = read or (lambda offset, length: bytes(view[offset : offset + length]))
        return cls(doc_count, size, hashes, entries, reader)

    def __len__(self) -> int:
        return len(self.hashes)

    def lookup(self, field: str, term: str | bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(segment-relative documents as int64, float32 weights) of a held term, else None
        (the term has fewer than ``MIN_POSTINGS`` postings here, or none)."""
        key = _key(field, term)
        wanted = _hash(key)
        i = int(np.searchsorted(self.hashes, wanted))
        while i < len(self.hashes) and int(self.hashes[i]) == wanted:
            offset, count, crc, keylen, dkind, wkind = self.entries[i].item()
            i += 1
            if keylen != len(key) or dkind > DOCS_BITMAP or wkind > WEIGHTS_F32:
                continue
            docs_at, weights_at, length = _layout(keylen, count, dkind, wkind, self.doc_count)
            if offset + length > self.size:
                raise DenseError(f"a record ends at {offset + length}, past the file's end")
            record = self.read(offset, length)
            if record[:keylen] != key:
                continue  # another key with the same hash (or a damaged one: checked below)
            if zlib.crc32(record) != crc:
                raise DenseError(f"the record of {key!r} does not match its checksum")
            return self._arrays(record, count, dkind, wkind, docs_at, weights_at)
        return None

    def records_sound(self) -> bool:
        """Every entry's kinds known and its record inside the file and matching its CRC-32:
        what ``lookup`` checks of the record it reads, for all of them (``indexer.backfill``
        decides with it whether a sidecar must be written again)."""
        for offset, count, crc, keylen, dkind, wkind in self.entries.tolist():
            if dkind > DOCS_BITMAP or wkind > WEIGHTS_F32:
                return False
            length = _layout(keylen, count, dkind, wkind, self.doc_count)[2]
            if offset + length > self.size or zlib.crc32(self.read(offset, length)) != crc:
                return False
        return True

    def _arrays(
        self, record: bytes, count: int, dkind: int, wkind: int, docs_at: int, weights_at: int
    ) -> tuple[np.ndarray, np.ndarray]:
        if dkind == DOCS_BITMAP:
            bits = np.frombuffer(record, np.uint8, (self.doc_count + 7) // 8, docs_at)
            docs = np.flatnonzero(np.unpackbits(bits, count=self.doc_count))
            if len(docs) != count:
                raise DenseError(f"a bitmap holds {len(docs)} documents, its entry says {count}")
        else:
            docs = np.frombuffer(record, "<u4", count, docs_at).astype(np.int64)
            if count and (int(docs[-1]) >= self.doc_count or (np.diff(docs) <= 0).any()):
                raise DenseError("a document list is not ascending within the segment")
        if wkind == WEIGHTS_ONES:
            weights = np.ones(count, dtype=np.float32)
        else:
            weights = np.frombuffer(record, _WEIGHT_TYPES[wkind], count, weights_at)
            weights = weights.astype(np.float32)
        return docs, weights


def open_segment(folder: str | Path | None, segment_id: str, doc_count: int) -> DenseSegment | None:
    """The sidecar of a segment in an index folder; None when there is none or it is damaged
    or mismatched (logged: the reader then uses Whoosh's blocks)."""
    if folder is None:
        return None
    path = Path(folder) / file_name(segment_id)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("dense postings %s unreadable (%s): reading Whoosh's blocks", path, exc)
        return None
    try:
        # Header and directory are read into memory, not mapped: a mapping of a file the page
        # cache holds in large folios made every segment's first touch resident in full
        # (195 MiB of RssFile for the 1M index's 127 sidecars, against 41 MiB of directories).
        size = os.fstat(fd).st_size
        head = os.pread(fd, HEADER.size, 0)
        count = HEADER.unpack_from(head, 0)[3] if len(head) == HEADER.size else 0
        view = os.pread(fd, min(size, HEADER.size + count * (8 + ENTRY.itemsize)), 0)
        segment = DenseSegment.parse(view, doc_count, partial(_pread, fd), size)
    except (OSError, DenseError) as exc:
        os.close(fd)
        log.warning("dense postings %s ignored (%s): reading Whoosh's blocks", path, exc)
        return None
    weakref.finalize(segment, os.close, fd)  # the descriptor lives as long as the segment
    return segment


def _pread(fd: int, offset: int, length: int) -> bytes:
    return os.pread(fd, length, offset)


def builder_terms(
    postings: Mapping[str, Mapping[bytes, Sequence[Any]]],
) -> Iterator[tuple[str, bytes, np.ndarray, np.ndarray]]:
    """The sidecar's terms among postings gathered as ``field -> term -> [docnum, weight,
    value, docnum, ...]`` (ascending): the segment writer's fields analysed by Whoosh."""
    for field in FIELDS:
        for term, flat in postings.get(field, {}).items():
            if len(flat) >= 3 * MIN_POSTINGS:
                yield field, term, np.array(flat[0::3]), np.array(flat[1::3], np.float32)


def write_segment(
    storage: Any,
    segment: Any,
    doc_count: int,
    terms: Iterable[tuple[str, bytes, np.ndarray, np.ndarray]],
) -> None:
    """The build's hook (``SegmentBuilder.finish``): the sidecar of a segment being written."""
    content = encode(doc_count, terms)
    out = segment.create_file(storage, "." + SUFFIX)
    out.write(content)
    out.close()
