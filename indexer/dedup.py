"""Near-duplicate articles: the same article archived twice becomes one document with copies.

Archives hold the same article saved from two sites, in another encoding (cp1258, TCVN3, NFD) or
with different page furniture left around it. After decoding and extraction these copies have
almost the same *folded* syllables, so:

1. **Shingles**: every run of ``SHINGLE_SIZE`` consecutive folded terms of title + body, hashed
   to 64 bits (a polynomial over per-syllable CRC-32s: stable across runs, cheap in Python).
   Folding makes tone placement, case and encoding leftovers irrelevant.
2. **Fingerprint** (stored in the build manifest): for each of ``SALTS`` the minimum of the
   salted shingle hashes (min-hash). Two texts share a given minimum with probability equal to
   their Jaccard similarity, so articles sharing any minimum are *candidates*.
3. **Verification**: candidates are compared by the exact Jaccard similarity of their shingle
   sets, recomputed from the text (candidates are rare, so this is cheap), against
   ``JACCARD_THRESHOLD``. Verified pairs are joined (union-find) into groups.
4. **Canonical copy** of a group: utf-8 (any UTF) first, as its text needed no conversion; then
   the shortest path, then the lexicographically first path. The others are listed as its copies.

Everything here is pure: the build passes records and fingerprints in and gets groups back.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import combinations

from indexer.article import Article
from indexer.text.analysis import folded_terms

# Four syllables are about two Vietnamese words: long enough that two different articles on the
# same topic share few shingles (set phrases like "giáo dục và đào tạo" are 5 syllables and form
# only a couple of them), short enough that a stray furniture line disturbs few shingles.
SHINGLE_SIZE = 4
# Six salted minimums: a pair at the threshold (J = 0.7) shares at least one with probability
# 1 - 0.3**6 > 0.999, while each article costs only 6 integer keys in the manifest.
SALTS: tuple[int, ...] = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
    0xC4CEB9FE1A85EC53,
)
# Jaccard similarity of the shingle sets at or above which two articles are one. Copies in other
# encodings fold to identical terms (J = 1.0). A copy saved from another site may keep furniture
# the extractor missed: a contiguous extra block of a fraction f of the text gives J ~ 1/(1+f), so
# a related-titles list of 30-40 % of a short article still gives J >= 0.7. Measured on synthetic
# texts (tests/test_dedup.py): furniture 0.91, an added signature 0.99; distinct articles sharing
# half their text 0.34, a quarter of the words replaced 0.19, a tenth replaced 0.54 (a
# scattered edit breaks SHINGLE_SIZE shingles). 0.7 keeps margin on both sides.
JACCARD_THRESHOLD = 0.7
# Encodings whose text needed no conversion ("utf-8", "utf-8-sig", "utf-16"): a copy read this way
# is the one to show, since legacy conversions (TCVN3, VNI, cp1258) can leave a stray character.
UNICODE_ENCODING_PREFIX = "utf"
_MASK64 = (1 << 64) - 1
# An odd 64-bit multiplier (from splitmix64) to spread the XOR-salted hashes before the minimum.
_MIX = 0xBF58476D1CE4E5B9
# Odd 64-bit multiplier combining a shingle's syllable hashes in order (polynomial hashing): the
# same syllables in another order give another shingle.
_ROLL = 0x9E3779B97F4A7C15


def shingles(title: str, body: str) -> frozenset[int]:
    """64-bit hashes of every ``SHINGLE_SIZE``-term run of the folded title + body.

    A text shorter than one shingle is a single shingle; an empty text has none.
    """
    terms = [_term_hash(t) for t in folded_terms(f"{title}\n{body}")]
    if not terms:
        return frozenset()
    width = min(SHINGLE_SIZE, len(terms))
    out = set()
    for i in range(len(terms) - width + 1):
        value = 0
        for h in terms[i : i + width]:
            value = (value * _ROLL + h) & _MASK64
        out.add(value)
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def _term_hash(term: str) -> int:
    """A stable 32-bit hash of one folded syllable (Python's hash() changes between runs, and
    fingerprints are stored in the manifest)."""
    return zlib.crc32(term.encode("utf-8")) + 1


def minhash(hashes: Iterable[int]) -> list[int] | None:
    """The salted minimums of a shingle set (None for an empty set: it is never grouped)."""
    values = list(hashes)
    if not values:
        return None
    return [min(((h ^ salt) * _MIX) & _MASK64 for h in values) for salt in SALTS]


def fingerprint(article: Article) -> list[int] | None:
    """What the manifest stores for ``article``: its min-hash signature."""
    return minhash(shingles(article.title, article.body))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b| (0.0 for two empty sets: nothing to call a duplicate)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def canonical_key(article: Article) -> tuple[bool, int, str]:
    """Sort key choosing a group's canonical copy: utf-8, then shortest path, then path."""
    unicode = article.encoding.lower().startswith(UNICODE_ENCODING_PREFIX)
    return (not unicode, len(article.path), article.path)


def candidate_pairs(fingerprints: Mapping[str, Sequence[int] | None]) -> set[tuple[str, str]]:
    """Pairs of paths (sorted) that share two salted minimums in the same two slots.

    One shared minimum was too weak: a shingle common to many articles (a set phrase) wins a
    slot for all of them, and the candidate pairs grew with the square of the archive (measured
    on the generated corpus: 14.4k pairs at 1,000 articles, 136k at 3,000). Requiring a pair of
    slots (15 bands of 2 out of 6) keeps a pair at J = 0.7 with probability
    1 - (1 - 0.7**2)**15 > 0.9999, and one at J = 0.1 with about 0.14.
    """
    buckets: dict[tuple[int, int, int, int], list[str]] = defaultdict(list)
    for path in sorted(fingerprints):
        signature = fingerprints[path]
        if signature and len(signature) == len(SALTS):
            for (i, a), (j, b) in combinations(enumerate(signature), 2):
                buckets[(i, j, a, b)].append(path)
    pairs: set[tuple[str, str]] = set()
    for members in buckets.values():
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                pairs.add((first, second))
    return pairs


def group_duplicates(
    articles: Mapping[str, Article], fingerprints: Mapping[str, Sequence[int] | None]
) -> dict[str, tuple[str, ...]]:
    """Map every article's path to ``copies`` if it is canonical; copies are absent as keys.

    ``fingerprints`` holds the stored signatures (``fingerprint(article)``), keyed by path, for
    the same paths as ``articles``. The result covers every article exactly once: either as a
    key (a document to index, with the sorted paths of its copies) or inside one key's copies.
    """
    parent = {path: path for path in articles}

    def find(path: str) -> str:
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    shingle_cache: dict[str, frozenset[int]] = {}

    def shingles_of(path: str) -> frozenset[int]:
        if path not in shingle_cache:
            shingle_cache[path] = shingles(articles[path].title, articles[path].body)
        return shingle_cache[path]

    known = {path: fp for path, fp in fingerprints.items() if path in articles}
    for first, second in sorted(candidate_pairs(known)):
        if find(first) == find(second):
            continue
        if jaccard(shingles_of(first), shingles_of(second)) >= JACCARD_THRESHOLD:
            parent[find(second)] = find(first)

    members: dict[str, list[str]] = defaultdict(list)
    for path in articles:
        members[find(path)].append(path)
    groups: dict[str, tuple[str, ...]] = {}
    for paths in members.values():
        ordered = sorted(paths, key=lambda p: canonical_key(articles[p]))
        groups[ordered[0]] = tuple(sorted(ordered[1:]))
    return groups
