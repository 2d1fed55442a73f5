"""An article's near-duplicate signature: min-hashes of its folded shingles (``indexer.dedup``).

Archives hold the same article saved from two sites, in another encoding (cp1258, TCVN3, NFD) or
with different page furniture left around it. After decoding and extraction these copies have
almost the same *folded* syllables, so:

1. **Shingles**: every run of ``SHINGLE_SIZE`` consecutive folded terms of title + body, hashed
   to 64 bits (a polynomial over per-syllable CRC-32s, computed with numpy). Folding makes tone
   placement, case and encoding leftovers irrelevant.
2. **Signature** (stored in the build manifest, computed in the extraction workers):
   ``PERMUTATIONS`` min-hashes of the shingle set, which ``indexer.dedup`` cuts into LSH bands.

The seed, salts and multipliers are fixed: signatures stored by one build are compared with
those of the next.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np

from indexer.article import Article
from indexer.text.analysis import fold_syllable, syllables

# Four syllables are about two Vietnamese words: long enough that two different articles on the
# same topic share few shingles, short enough that a stray furniture line disturbs few.
SHINGLE_SIZE = 4
# 64 min-hashes: ``indexer.dedup`` cuts them into 16 LSH bands of 4 rows (its docstring says why).
PERMUTATIONS = 64
# Distinct tokens as written (case and tone variants of a few thousand syllables, names, numbers)
# whose hash is cached: as ``indexer.text.analysis``'s token caches.
_TOKEN_CACHE_SIZE = 1 << 17
_SEED = 20240615  # fixed: signatures are stored in the manifest and compared across builds
_RNG = np.random.default_rng(_SEED)
# Odd multipliers and XOR salts of the 64 hash permutations (h ^ salt) * mult mod 2^64.
_MULTS = _RNG.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_SALTS = _RNG.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
# Odd 64-bit multiplier combining hashes in order (polynomial hashing): a shingle's syllables
# here, a band's rows in ``indexer.dedup``.
ROLL = np.uint64(0x9E3779B97F4A7C15)
SIGNATURE_DTYPE = np.dtype("<u4")
# The same salts and multipliers as columns: one row of the mixing matrix per permutation.
_SALT_COLUMN = np.ascontiguousarray(_SALTS[:, None])
_MULT_COLUMN = np.ascontiguousarray(_MULTS[:, None])


@lru_cache(maxsize=_TOKEN_CACHE_SIZE)
def _token_hash(token: str) -> int:
    """A stable 32-bit hash of one token's folded syllable (Python's hash() changes between
    runs), cached by the token as written: one C-level cache lookup per token instead of folding
    and then hashing through two caches and a generator. Same signatures; the min-hash stage of
    ``bench/build_stages.py --limit 3000``, before and after alternated at load 7.5: 0.58 and
    0.81 against 0.54 and 0.66 ms an article."""
    return zlib.crc32(fold_syllable(token).encode("utf-8")) + 1


def shingle_array(title: str, body: str) -> np.ndarray:
    """64-bit hashes of every ``SHINGLE_SIZE``-term run of the folded title + body (unique);
    the terms are ``indexer.text.analysis.folded_terms`` of the text."""
    return np.unique(_shingles(title, body))


def _shingles(title: str, body: str) -> np.ndarray:
    """``shingle_array`` with repeats: a minimum needs no sorted, unique set (``np.unique``
    sorted every article's shingles only for ``signature_of`` to take minimums)."""
    tokens = syllables(f"{title}\n{body}")
    terms = np.fromiter(map(_token_hash, tokens), dtype=np.uint64, count=len(tokens))
    if not len(terms):
        return terms
    width = min(SHINGLE_SIZE, len(terms))
    count = len(terms) - width + 1
    with np.errstate(over="ignore"):
        values = terms[:count].copy()
        for offset in range(1, width):  # in place: no new array per syllable of the shingle
            values *= ROLL
            values += terms[offset : offset + count]
    return values


def signature_of(hashes: np.ndarray) -> bytes | None:
    """The min-hash signature of a shingle array (None when empty: never grouped).

    The permutations run along the rows of a (permutations x shingles) matrix, mixed in place,
    so each minimum is a reduction over contiguous memory (the transposed layout reduced across
    rows): with ``_shingles`` instead of ``shingle_array``, 0.225 -> 0.157 ms an article on
    2,000 VNTC records (``fingerprint`` alone, load 7)."""
    if not len(hashes):
        return None
    with np.errstate(over="ignore"):
        mixed = _SALT_COLUMN ^ hashes[None, :]
        mixed *= _MULT_COLUMN
    return (mixed.min(axis=1) >> np.uint64(32)).astype(SIGNATURE_DTYPE).tobytes()


def fingerprint(article: Article) -> bytes | None:
    """What the manifest stores for ``article``: its min-hash signature."""
    return signature_of(_shingles(article.title, article.body))
