"""The term table of a segment (Whoosh's ``.trm`` file), written faster than
``whoosh.filedb.filetables.OrderedHashWriter`` writes it and byte for byte the same
(tests/test_segment_writer.py compares the files)."""

from __future__ import annotations

from array import array
from hashlib import md5
from operator import methodcaller

import numpy as np
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.filedb.filetables import _lengths as _LENGTHS

from indexer import posting_kernels

# Rows are buffered and written in chunks of about this size.
FLUSH_BYTES = 1 << 20


class TermTable(OrderedHashWriter):
    """Whoosh's term table writer, buffered: rows are appended to a bytearray and written in
    chunks, with the file offset counted here (the base class asks the file for its position and
    writes three times per term), and rows of a whole field can be added at once (``add_rows``).
    Keys must increase, as the base class requires; the table written is the same."""

    def __init__(self, dbfile) -> None:  # type: ignore[no-untyped-def]
        super().__init__(dbfile)
        self._buffer = bytearray()
        self._base = dbfile.tell()
        self.lastkey: bytes = b""
        self._hashes = array("I")  # each row's key hash and position, in the order added
        self._positions = array("q")

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{key!r}")
        buffer = self._buffer
        self._positions.append(self._base + len(buffer))
        buffer += _LENGTHS.pack(len(key), len(value))
        buffer += key
        buffer += value
        self._hashes.append(int.from_bytes(md5(key).digest()[-4:], "big"))  # filetables.md5_hash
        self.lastkey = key
        if len(buffer) >= FLUSH_BYTES:
            self.flush()

    def add_rows(self, prefix: bytes, terms: list[bytes], values: bytes, size: int) -> None:
        """Add the rows of one field: keys ``prefix + term`` for ``terms`` (sorted, above every
        key added before) and values of ``size`` bytes each, one after another in ``values``."""
        if not terms:
            return
        keys = list(map(prefix.__add__, terms))
        if keys[0] <= self.lastkey:
            raise ValueError(f"Keys must increase: {self.lastkey!r}..{keys[0]!r}")
        self.flush()
        key_ends = np.cumsum(np.fromiter(map(len, keys), np.int64, len(keys)))
        rows, starts = posting_kernels.term_rows(
            np.frombuffer(b"".join(keys), dtype=np.uint8),
            key_ends,
            np.frombuffer(values, dtype=np.uint8),
            size,
        )
        self._positions.extend((starts + self._base).tolist())
        digests = b"".join(map(methodcaller("digest"), map(md5, keys)))
        self._hashes.extend(np.frombuffer(digests, ">u4")[3::4].tolist())
        self.dbfile.write(rows.tobytes())
        self._base += rows.size
        self.lastkey = keys[-1]

    def flush(self) -> None:
        self.dbfile.write(bytes(self._buffer))
        self._base += len(self._buffer)
        self._buffer.clear()

    def _write_hashes(self) -> None:
        """The base class's 256 linear-probing hash tables, slot for slot, written at once
        (``posting_kernels.hash_tables``; the base class writes every slot separately), and the
        index of row positions it keeps in a ``GrowableArray``."""
        positions = np.frombuffer(self._positions, dtype=np.int64)
        self.index.array = array(_index_typecode(positions), self._positions)
        hashes, slots, sizes = posting_kernels.hash_tables(
            np.frombuffer(self._hashes, dtype=np.uint32), positions
        )
        table = np.empty(hashes.size, _SLOT)
        table["hash"], table["position"] = hashes, slots
        start = self.dbfile.tell()
        offsets = start + _SLOT.itemsize * (np.cumsum(sizes) - sizes)
        self.directory.extend(zip(offsets.tolist(), sizes.tolist(), strict=True))
        self.dbfile.write(table.tobytes())


# A hash-table slot as ``filetables._pointer`` ("!Iq") packs it.
_SLOT = np.dtype([("hash", ">u4"), ("position", ">i8")])


def _index_typecode(positions: np.ndarray) -> str:
    """The array type Whoosh's ``GrowableArray`` ends up with for these increasing values."""
    top = int(positions[-1]) if positions.size else 0
    return "H" if top < 1 << 16 else "i" if top < 1 << 31 else "I" if top < 1 << 32 else "q"
