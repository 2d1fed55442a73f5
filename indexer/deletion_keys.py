"""The keys of the vocabulary's deletion index and their 32-bit hashes, computed with numpy.

Each syllable is filed under itself and every string one deletion away (two from ``LONG``
letters), as SymSpell does; did-you-mean probes a typo's own deletions. Made one string at a time
in Python, the 3.1M (key, syllable) pairs of a 117,359-syllable vocabulary (VNTC's, and the 1M
bench's) took 2.5 s of CPU, on every build, incremental ones included. A deletion's hash is a
polynomial over the key's bytes, so it follows from prefix hashes of the syllable (the part
before the deleted letters, times a power of the base, plus the part after): numpy computes
every key of every syllable of one length at once. Syllables that are not ASCII (a letter is
then more than one byte; folded Vietnamese has none) take the per-string path, which gives the
same hashes by construction; the service hashes its probes that way. An incremental build
hashes only the syllables it adds (``indexer.vocabulary_update``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

# Syllables at least this long are also filed under their two-deletion strings, so a query
# syllable of LONG letters finds neighbours two edits away (searchsvc.engine.suggest allows two
# edits from 7 letters; this covers insertions into a 6-letter syllable too).
LONG = 6
MASK = (1 << 64) - 1
# The polynomial's base: FNV-1's 64-bit prime (odd, far above a byte's 256 values).
BASE = 0x100000001B3
# The 64-bit polynomial is mixed down to 32 bits by multiply-shift with the golden-ratio
# constant (Knuth): the high half depends on every bit of the sum.
MIX = 0x9E3779B97F4A7C15


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def keys(word: str) -> set[str]:
    """The strings a syllable is filed under: itself, and one (two from ``LONG``) deletions."""
    found = {word} | _deletions(word)
    if len(word) >= LONG:
        found |= {d2 for d in _deletions(word) for d2 in _deletions(d)}
    return found


def probes(term: str, maxdist: int) -> set[str]:
    """The keys to look up for neighbours of ``term`` within ``maxdist`` (1 or 2) edits."""
    found = {term} | _deletions(term)
    if maxdist >= 2:
        found |= {d2 for d in _deletions(term) for d2 in _deletions(d)}
    return found


def key_hash(key: str) -> int:
    """The 32-bit hash of one key (the per-string path; ``filed_pairs`` computes the same)."""
    h = 0
    for byte in key.encode("utf-8"):
        h = (h * BASE + byte) & MASK
    return ((h * MIX) & MASK) >> 32


def hashes(strings: Iterable[str]) -> np.ndarray:
    return np.fromiter((key_hash(s) for s in strings), dtype=np.uint32)


def _powers(n: int) -> np.ndarray:
    """BASE**k mod 2**64 for k < n (uint64 products wrap mod 2**64, as the sum does)."""
    out, p = [], 1
    for _ in range(n):
        out.append(p)
        p = (p * BASE) & MASK
    return np.array(out, dtype=np.uint64)


def _same_length(rows: np.ndarray) -> np.ndarray:
    """Unmixed hashes of every key of syllables of one length: ``rows`` is (syllables, length)
    of bytes; the result (syllables, keys) holds the syllable, each deletion, and from ``LONG``
    each deletion of two letters (duplicates included: ``aab`` loses either ``a``)."""
    count, length = rows.shape
    prefix = np.zeros((count, length + 1), dtype=np.uint64)
    base = np.uint64(BASE)
    for k in range(length):
        prefix[:, k + 1] = prefix[:, k] * base + rows[:, k]
    power = _powers(length + 1)

    def part(start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Hashes of the letters [start, end) of every syllable."""
        return prefix[:, end] - prefix[:, start] * power[end - start]  # type: ignore[no-any-return]

    at = np.arange(length)
    last = np.full_like(at, length)
    columns = [prefix[:, length:], prefix[:, at] * power[length - 1 - at] + part(at + 1, last)]
    if length >= LONG:
        i, j = np.triu_indices(length, k=1)
        end = np.full_like(i, length)
        columns.append(
            prefix[:, i] * power[length - 2 - i]
            + part(i + 1, j) * power[length - 1 - j]
            + part(j + 1, end)
        )
    return np.hstack(columns)


def distinct(values: np.ndarray) -> np.ndarray:
    """``values`` sorted, each once. ``np.unique`` hashes integers (numpy 2.3): 3.1 s on the
    1M bench's 5M pairs, where a sort takes 0.35 s."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def filed_pairs(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(hash, syllable number) of every key of ``words``, sorted by hash, then number; one pair
    per distinct hash of a syllable."""
    encoded = [w.encode("utf-8") for w in words]
    lengths = np.array([len(b) for b in encoded], dtype=np.int64)
    plain = np.array([w.isascii() for w in words], dtype=bool)
    found_hashes, found_ids = [], []
    for length in np.unique(lengths[plain]):
        ids = np.flatnonzero(plain & (lengths == length))
        rows = np.frombuffer(b"".join(encoded[i] for i in ids), dtype=np.uint8)
        raw = _same_length(rows.reshape(len(ids), int(length)).astype(np.uint64))
        found_hashes.append(((raw * np.uint64(MIX)) >> np.uint64(32)).ravel())
        found_ids.append(np.repeat(ids.astype(np.uint64), raw.shape[1]))
    for i in np.flatnonzero(~plain):
        filed = hashes(keys(words[int(i)]))
        found_hashes.append(filed.astype(np.uint64))
        found_ids.append(np.full(len(filed), i, dtype=np.uint64))
    if not found_hashes:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.uint32)
    pairs = distinct(packed(np.concatenate(found_hashes), np.concatenate(found_ids)))
    return (pairs >> np.uint64(32)).astype(np.uint32), (pairs & np.uint64(MASK >> 32)).astype(
        np.uint32
    )


def packed(hashes: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """(hash, number) pairs as one uint64 each, ordered as the pairs are."""
    return (hashes.astype(np.uint64, copy=False) << np.uint64(32)) | ids.astype(
        np.uint64, copy=False
    )
