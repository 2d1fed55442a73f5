"""Dense postings: a segment's frequent terms as arrays that numpy reads from a mapped file.

Whoosh keeps a posting list as blocks of 128 postings, pickled and zlib-compressed with their
positions; reading one costs ~1 us a posting in Python (bench/README.md: a cold
``chất lượng giáo dục`` at 1M articles spent 2.3 s decoding 2.58M postings). Search reads the
*whole* list of a query's words, so for each term with at least ``MIN_POSTINGS`` postings in a
segment this sidecar holds its documents (segment-relative; a packed bitmap when dense, else
uint32) and its term frequencies (uint8/uint16 when integral and small enough, else float32:
exactly the float32 weights Whoosh's reader gives). Reading such a term is then a slice of a
mapped file and one numpy call.

One file per segment, ``MAIN_<segid>.dense.dps``: Whoosh's ``TOC._clean_files`` deletes every
``MAIN_<segid>.*`` with its segment, so a merged-away segment takes its sidecar with it; a new
generation hard-links every file of the old one (``indexer.generations.copy_generation``), this
one included. Deletions are *not* in the file: they change per generation while the segment's
files are shared, so the reader applies them. A segment without a sidecar, or with a damaged or
mismatched one, is read from Whoosh's own blocks (``open_segment`` returns None).

Layout (little-endian): a 40-byte header (magic, version, segment doc count, term count, key
width, data start, file size), the keys (``field \\x1f term`` as UTF-8, fixed width, sorted
bytewise, so a lookup is one ``np.searchsorted`` with nothing parsed at open), one ``ENTRY``
row per key, then the arrays, each 8-byte aligned.

Written by ``indexer.segment_writer.SegmentBuilder.finish`` (``write_builder``) and, for an
index built before, by ``python -m indexer.dense_postings DIR`` (``backfill``).
"""

from __future__ import annotations

import argparse
import logging
import mmap
import os
import struct
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.schema import TEXT_EXACT, TEXT_FOLD, TITLE_FOLD

log = logging.getLogger(__name__)

# The file of segment ``MAIN_<segid>``: ``MAIN_<segid>.`` + SUFFIX (matched by Whoosh's segment
# file pattern ``MAIN_<segid>[.][A-Za-z0-9_.]+``, so it is cleaned with its segment).
SUFFIX = "dense.dps"
MAGIC = b"DPS1"
VERSION = 1
# magic, version, doc count, term count, key width, data start, file size
HEADER = struct.Struct("<4sIQQIQQ")
ENTRY = np.dtype(
    [("docs", "<u8"), ("weights", "<u8"), ("count", "<u4"), ("dkind", "u1"), ("wkind", "u1")],
    align=True,
)
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


def _pad(out: bytearray) -> None:
    out += b"\0" * (-len(out) % ALIGN)


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
    keys: list[bytes] = []
    rows: list[tuple[int, int, int, int, int]] = []
    data = bytearray()
    bitmap_bytes = (doc_count + 7) // 8
    held = sorted(
        ((_key(field, term), docs, weights) for field, term, docs, weights in terms
         if len(docs) >= MIN_POSTINGS),
        key=lambda item: item[0],
    )  # fmt: skip
    for key, docs, weights in held:  # in key order: the same terms give the same bytes
        local = np.asarray(docs, dtype=np.int64)
        if len(local) * 4 > bitmap_bytes:  # a bitmap is smaller than the list
            bits = np.zeros(doc_count, dtype=bool)
            bits[local] = True
            dkind, dbytes = DOCS_BITMAP, np.packbits(bits).tobytes()
        else:
            dkind, dbytes = DOCS_LIST, local.astype("<u4").tobytes()
        wkind, wbytes = _weights_of(weights)
        _pad(data)
        doff = len(data)
        data += dbytes
        _pad(data)
        woff = len(data)
        data += wbytes
        keys.append(key)
        rows.append((doff, woff, len(local), dkind, wkind))
    width = max((len(k) for k in keys), default=1)
    key_array = np.array(keys, dtype=f"S{width}")
    order = np.argsort(key_array, kind="stable")
    keys_end = HEADER.size + len(keys) * width
    table = keys_end + (-keys_end % ALIGN)
    table_end = table + len(keys) * ENTRY.itemsize
    start = table_end + (-table_end % ALIGN)
    entries = np.zeros(len(rows), dtype=ENTRY)
    if rows:
        columns = np.array(rows, dtype=np.int64)[order]
        entries["docs"] = columns[:, 0] + start  # offsets are absolute in the file
        entries["weights"] = columns[:, 1] + start
        entries["count"], entries["dkind"], entries["wkind"] = columns[:, 2:].T
    body = bytearray(key_array[order].tobytes())
    body += b"\0" * (table - keys_end)
    body += entries.tobytes()
    body += b"\0" * (start - table_end)
    size = start + len(data)
    head = HEADER.pack(MAGIC, VERSION, doc_count, len(keys), width, start, size)
    return head + bytes(body) + bytes(data)


@dataclass(frozen=True)
class DenseSegment:
    """One segment's sidecar, read through ``buffer`` (a mapped file or bytes)."""

    doc_count: int
    keys: np.ndarray  # sorted fixed-width keys
    entries: np.ndarray  # ENTRY rows, one per key
    buffer: Any  # mmap or bytes

    @classmethod
    def parse(cls, buffer: Any, doc_count: int) -> DenseSegment:
        """Check and wrap a sidecar; ``DenseError`` when it is damaged or of another segment."""
        if len(buffer) < HEADER.size:
            raise DenseError("shorter than its header")
        magic, version, docs, count, width, start, size = HEADER.unpack_from(buffer, 0)
        if magic != MAGIC or version != VERSION:
            raise DenseError(f"not a dense postings file (magic {magic!r}, version {version})")
        if docs != doc_count:
            raise DenseError(f"written for {docs} documents, the segment has {doc_count}")
        if size != len(buffer):
            raise DenseError(f"{len(buffer)} bytes, the header says {size}")
        keys_end = HEADER.size + count * width
        table = keys_end + (-keys_end % ALIGN)
        if table + count * ENTRY.itemsize > start or start > size:
            raise DenseError("the header's sizes do not fit the file")
        keys = np.frombuffer(buffer, dtype=f"S{width}", count=count, offset=HEADER.size)
        entries = np.frombuffer(buffer, dtype=ENTRY, count=count, offset=table)
        counts = entries["count"].astype(np.int64)
        dsize = np.where(entries["dkind"] == DOCS_BITMAP, (doc_count + 7) // 8, 4 * counts)
        itemsize = np.select(
            [entries["wkind"] == k for k in (WEIGHTS_U8, WEIGHTS_U16, WEIGHTS_F32)], [1, 2, 4], 0
        )
        if count and (
            (entries["docs"] < start).any()
            or (entries["docs"].astype(np.int64) + dsize > size).any()
            or (entries["weights"].astype(np.int64) + itemsize * counts > size).any()
            or (entries["dkind"] > DOCS_BITMAP).any()
            or (entries["wkind"] > WEIGHTS_F32).any()
        ):
            raise DenseError("an entry points outside the file")
        return cls(doc_count, keys, entries, buffer)

    def __len__(self) -> int:
        return len(self.keys)

    def lookup(self, field: str, term: str | bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(segment-relative documents as int64, float32 weights) of a held term, else None
        (the term has fewer than ``MIN_POSTINGS`` postings here, or none)."""
        key = _key(field, term)
        if not len(self.keys) or len(key) > self.keys.dtype.itemsize:
            return None
        i = int(np.searchsorted(self.keys, key))
        if i >= len(self.keys) or self.keys[i] != key:
            return None
        doff, woff, count, dkind, wkind = self.entries[i].item()
        if dkind == DOCS_BITMAP:
            bits = np.frombuffer(self.buffer, np.uint8, (self.doc_count + 7) // 8, doff)
            docs = np.flatnonzero(np.unpackbits(bits, count=self.doc_count))
        else:
            docs = np.frombuffer(self.buffer, "<u4", count, doff).astype(np.int64)
        if wkind == WEIGHTS_ONES:
            weights = np.ones(count, dtype=np.float32)
        else:
            raw = np.frombuffer(self.buffer, _WEIGHT_TYPES[wkind], count, woff)
            weights = raw.astype(np.float32)
        if len(docs) != count:
            raise DenseError(f"a bitmap holds {len(docs)} documents, its entry says {count}")
        return docs, weights


def open_segment(folder: str | Path | None, segment_id: str, doc_count: int) -> DenseSegment | None:
    """The sidecar of a segment in an index folder, mapped; None when there is none or it is
    damaged or mismatched (logged: the reader then uses Whoosh's blocks)."""
    if folder is None:
        return None
    path = Path(folder) / file_name(segment_id)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            buffer: Any = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("dense postings %s unreadable (%s): reading Whoosh's blocks", path, exc)
        return None
    try:
        return DenseSegment.parse(buffer, doc_count)
    except DenseError as exc:
        log.warning("dense postings %s ignored (%s): reading Whoosh's blocks", path, exc)
        return None


def write_file(path: Path, content: bytes) -> None:
    """Write a sidecar under a temporary name in the same folder, fsync, rename: a reader sees
    the whole file or none. The temporary name matches the segment's pattern too, so a crash
    leaves nothing that outlives the segment."""
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temp, path)


def write_builder(
    storage: Any,
    segment: Any,
    postings: Mapping[str, Mapping[bytes, Sequence[Any]]],
    doc_count: int,
) -> None:
    """The build's hook (``SegmentBuilder.finish``): the sidecar of a segment from its gathered
    postings, ``field -> term -> [docnum, weight, value, docnum, ...]`` (ascending)."""

    def terms() -> Iterator[tuple[str, bytes, np.ndarray, np.ndarray]]:
        for field in FIELDS:
            for term, flat in postings.get(field, {}).items():
                if len(flat) >= 3 * MIN_POSTINGS:
                    yield field, term, np.array(flat[0::3]), np.array(flat[1::3], np.float32)

    content = encode(doc_count, terms())
    out = segment.create_file(storage, "." + SUFFIX)
    out.write(content)
    out.close()


def leaf_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of each block of a Whoosh 2.7.4 leaf posting reader (``W3LeafMatcher``'s
    block fields; the exact ``whoosh==2.7.4`` pin protects them, tests/test_postings.py checks
    the reads against Whoosh's public API)."""
    while matcher.is_active():
        matcher.id()  # loads the block's ids
        if matcher._weights is None:
            matcher._read_weights()
        yield matcher._ids, matcher._weights
        if matcher._lastblock:
            return
        matcher._next_block()


def segment_terms(reader: Any) -> Iterator[tuple[str, bytes, np.ndarray, np.ndarray]]:
    """Every term of ``FIELDS`` with at least ``MIN_POSTINGS`` postings in one Whoosh segment
    reader, with all its postings (deleted documents included: deletions are per generation)."""
    fieldnames = set(reader.schema.names())
    for field in FIELDS:
        if field not in fieldnames:
            continue
        for term, info in reader.iter_field(field):
            if info.doc_frequency() < MIN_POSTINGS:
                continue
            btext = term if isinstance(term, bytes) else term.encode("utf-8")
            matcher = reader.postings(field, term)
            matcher = getattr(matcher, "child", matcher)  # without the deletion filter
            ids: list[int] = []
            weights: list[float] = []
            for block_ids, block_weights in leaf_blocks(matcher):
                ids.extend(block_ids)
                weights.extend(block_weights)
            yield field, btext, np.array(ids, np.int64), np.array(weights, np.float32)


def backfill(folder: Path, *, replace: bool = False) -> tuple[int, int]:
    """Write the sidecar of every segment of the Whoosh index in ``folder`` that has none (or
    every one, with ``replace``); (segments written, bytes written)."""
    from whoosh.index import open_dir

    written = size = 0
    index = open_dir(str(folder))
    with index.reader() as top:
        for leaf, _ in top.leaf_readers():
            segment_id = leaf.segment().segment_id()
            path = folder / file_name(segment_id)
            present = path.exists() and not replace
            if present and open_segment(folder, segment_id, leaf.doc_count_all()) is not None:
                continue
            content = encode(leaf.doc_count_all(), segment_terms(leaf))
            write_file(path, content)
            written, size = written + 1, size + len(content)
            log.info("%s: %d bytes", path.name, len(content))
    return written, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m indexer.dense_postings",
        description="Write the dense postings sidecar of every segment of an index folder "
        "(a Whoosh index directory, such as var/index/current) that has none.",
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--replace", action="store_true", help="rewrite existing sidecars too")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 1
    written, size = backfill(args.folder, replace=args.replace)
    print(f"{written} segments, {size} bytes of dense postings written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
