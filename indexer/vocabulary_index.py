"""The vocabulary's deletion index as one memory-mapped file, so that opening an index costs
nothing and did-you-mean still finds a typo's neighbours with a few binary searches.

Did-you-mean looks a mistyped syllable's neighbours up in a deletion index (each syllable filed
under every string one deletion away, two for long syllables, as SymSpell does). Built as a
Python dict when an index opened, it cost 10 s at 1M articles (117,359 syllables, 3.1M keys;
measured under load 2.5): most of the 3 s budget of opening an index. The build now writes it
once, beside ``vocabulary.tsv``, as sorted arrays the service maps with ``mmap`` and searches
with ``numpy.searchsorted``:

* the syllables, sorted, as one UTF-8 blob with their offsets, and their document frequencies;
* for every (key, syllable) pair a 32-bit hash of the key (``indexer.deletion_keys``), sorted,
  and the syllable's number beside it. Two keys may share a hash: that only adds candidates,
  and every candidate is checked by its edit distance anyway, so the neighbours found are
  exactly those of a dict of the keys.

The header names the ``vocabulary.tsv`` it was built from (size and CRC-32): an index built
before this file existed, or whose table was rewritten without it (a build by older code
hard-links the file of the previous generation), is not used, and the same arrays are then
computed in memory from the table (``build``, what a full build runs too), with identical
answers. An incremental build derives them from the previous generation's instead
(``indexer.vocabulary_update``).
"""

from __future__ import annotations

import mmap
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer import deletion_keys
from indexer.files import write_atomically

INDEX_FILE = "vocabulary.index"
MAGIC = int.from_bytes(b"VOCABIX1", "little")
# Bump when the layout or the keys change: an index of another version is rebuilt in memory.
VERSION = 2  # 2: keys hashed by indexer.deletion_keys (1 used CRC-32)
# Header: magic, version, syllables, blob bytes, keys, size and CRC-32 of vocabulary.tsv, and 1
# when every syllable is ASCII.
HEADER_FIELDS = 8
HEADER_BYTES = HEADER_FIELDS * 8
# Bytes of the longest UTF-8 letter: one edit changes a syllable's UTF-8 length by at most this.
MAX_UTF8 = 4


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance of ``a`` and ``b`` (``limit + 1`` when greater)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class DeletionIndex:
    """Sorted syllables with their document frequencies, and the deletion index over them
    (arrays in memory or mapped from ``INDEX_FILE``)."""

    blob: np.ndarray  # uint8: the syllables' UTF-8, one after another, sorted
    offsets: np.ndarray  # uint32, syllables + 1: where each starts in the blob
    counts: np.ndarray  # uint32: documents holding each syllable
    key_hashes: np.ndarray  # uint32, sorted: the hash of each (key, syllable) pair's key
    key_ids: np.ndarray  # uint32: the syllable number of each pair
    ascii: bool  # every syllable is ASCII (one byte a letter)

    def __len__(self) -> int:
        return len(self.counts)

    def word(self, i: int) -> str:
        return bytes(self.blob[self.offsets[i] : self.offsets[i + 1]]).decode("utf-8")

    def _filed_under(self, strings: Iterable[str]) -> np.ndarray:
        """Numbers of the syllables filed under any of ``strings`` (a few more on a hash clash)."""
        wanted = deletion_keys.hashes(strings)
        starts = np.searchsorted(self.key_hashes, wanted, side="left")
        ends = np.searchsorted(self.key_hashes, wanted, side="right")
        found_none = np.empty(0, dtype=np.uint32)
        found = [self.key_ids[s:e] for s, e in zip(starts, ends, strict=True) if e > s]
        return deletion_keys.distinct(np.concatenate(found)) if found else found_none

    def frequency(self, term: str) -> int:
        """Documents holding the syllable ``term`` (0 when it is not in the vocabulary)."""
        for i in self._filed_under([term]):
            if self.word(int(i)) == term:
                return int(self.counts[i])
        return 0

    def similar(self, term: str, maxdist: int, prefix: int) -> Iterator[str]:
        """Syllables within ``maxdist`` edits of ``term`` sharing its first ``prefix`` letters,
        most frequent first (then alphabetically)."""
        ids = self._plausible(
            self._filed_under(deletion_keys.probes(term, maxdist)), term, maxdist, prefix
        )
        near = []
        for i in ids:
            word = self.word(int(i))
            exact = word[:prefix] == term[:prefix] and word != term  # arrays test a superset
            if exact and distance(word, term, maxdist) <= maxdist:
                near.append((-int(self.counts[i]), word))
        yield from (word for _, word in sorted(near))

    def _plausible(self, ids: np.ndarray, term: str, maxdist: int, prefix: int) -> np.ndarray:
        """``ids`` of about ``term``'s length that start with its first ``prefix`` letters,
        tested on the arrays before any syllable is decoded (a two-edit probe files a few
        hundred candidates). Lengths are in bytes: equal to letters in an ASCII vocabulary (all
        folded Vietnamese), else an edit may change the length by up to ``MAX_UTF8`` bytes."""
        head = term[:prefix].encode("utf-8")
        length = len(term.encode("utf-8"))
        starts = self.offsets[ids].astype(np.int64)
        lengths = self.offsets[ids + 1].astype(np.int64) - starts
        slack = maxdist if self.ascii and term.isascii() else maxdist * MAX_UTF8
        keep = (np.abs(lengths - length) <= slack) & (lengths >= len(head))
        for k, byte in enumerate(head):
            keep &= self.blob[np.minimum(starts + k, len(self.blob) - 1)] == byte
        return ids[keep]


def build(words: Sequence[str], counts: Sequence[int]) -> DeletionIndex:
    """The index of ``words`` (sorted, distinct) with their ``counts``."""
    return assembled(words, counts, *deletion_keys.filed_pairs(words))


def assembled(
    words: Sequence[str], counts: Sequence[int], key_hashes: np.ndarray, key_ids: np.ndarray
) -> DeletionIndex:
    """The index of ``words`` (sorted, distinct) with their ``counts`` and the pairs of their
    keys (``deletion_keys.filed_pairs``)."""
    text = "".join(words)
    if text.isascii():  # one byte a letter
        lengths = np.fromiter(map(len, words), dtype=np.uint32, count=len(words))
    else:
        encoded = map(str.encode, words)
        lengths = np.fromiter(map(len, encoded), dtype=np.uint32, count=len(words))
    offsets = np.zeros(len(words) + 1, dtype=np.uint32)
    np.cumsum(lengths, out=offsets[1:])
    return DeletionIndex(
        blob=np.frombuffer(text.encode("utf-8"), dtype=np.uint8),
        offsets=offsets,
        counts=np.asarray(counts, dtype=np.uint32),
        key_hashes=key_hashes,
        key_ids=key_ids,
        ascii=text.isascii(),
    )


def _sections(index: DeletionIndex) -> list[np.ndarray]:
    return [index.blob, index.offsets, index.counts, index.key_hashes, index.key_ids]


def _padded(nbytes: int) -> int:
    """Sections start on 8-byte boundaries."""
    return -(-nbytes // 8) * 8


def write(directory: Path, index: DeletionIndex, table: bytes) -> None:
    """``INDEX_FILE`` in ``directory``, naming ``table`` (the bytes of vocabulary.tsv) as its
    source. Written under a temporary name and renamed: the file of the previous generation may
    be a hard link to the same name, and is never opened for writing."""
    header = np.array(
        [
            MAGIC,
            VERSION,
            len(index),
            len(index.blob),
            len(index.key_hashes),
            len(table),
            zlib.crc32(table),
            int(index.ascii),
        ],
        dtype=np.uint64,
    )
    write_atomically(Path(directory) / INDEX_FILE, _chunks([header, *_sections(index)]))


def _chunks(sections: list[np.ndarray]) -> Iterator[bytes]:
    """Each section's bytes, then its padding (apart: the pairs are 25 MB at 117k syllables,
    copied once more when joined to their padding)."""
    for section in sections:
        data = np.ascontiguousarray(section).tobytes()
        yield data
        yield b"\0" * (_padded(len(data)) - len(data))


def open_mapped(directory: Path, table: bytes) -> DeletionIndex | None:
    """The index written for ``table`` (the bytes of vocabulary.tsv), mapped, or None when it
    is missing, damaged, of another version, or built from another table."""
    path = Path(directory) / INDEX_FILE
    try:
        with open(path, "rb") as fh:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty (mmap refuses length 0)
        return None
    if len(mapped) < HEADER_BYTES:
        return None
    header = [int(v) for v in np.frombuffer(mapped, dtype=np.uint64, count=HEADER_FIELDS)]
    magic, version, words, blob, pairs, table_size, table_crc, ascii = header
    if (magic, version, table_size) != (MAGIC, VERSION, len(table)):
        return None
    if table_crc != zlib.crc32(table):
        return None
    shapes = [(np.uint8, blob), (np.uint32, words + 1), (np.uint32, words)]
    shapes += [(np.uint32, pairs), (np.uint32, pairs)]
    at = HEADER_BYTES
    sections = []
    for dtype, count in shapes:
        nbytes = count * np.dtype(dtype).itemsize
        if at + nbytes > len(mapped):
            return None
        sections.append(np.frombuffer(mapped, dtype=dtype, count=count, offset=at))
        at += _padded(nbytes)
    if at != len(mapped) or int(sections[1][-1]) != blob:
        return None
    blob_, offsets, counts, key_hashes, key_ids = sections
    return DeletionIndex(blob_, offsets, counts, key_hashes, key_ids, ascii=bool(ascii))
