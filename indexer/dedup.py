"""Near-duplicate articles: the same article archived twice becomes one document with copies.

Every article's min-hash signature (``indexer.dedup_signature``, stored in the manifest) is
banded here, and the candidates verified and grouped:

1. **Candidates by LSH banding**: the signature is cut into ``BANDS`` bands of ``ROWS`` values;
   articles whose band is equal land in one bucket. Within a bucket each member is verified
   against the bucket's representatives (its first member, then any member that was a copy of
   none of them; at most ``MAX_REPRESENTATIVES``): a star when the bucket is one article, so
   candidates grow linearly with the archive. The old scheme (pairs of 6 salted minimums, every
   pair of a bucket) grew as N^1.9-2.1.
2. **Verification** (``indexer.dedup_verify``): a candidate pair is one article only when the
   folded titles agree (one a prefix of the other) and the aligned folded term sequences differ
   by nothing but whole short lines (at most 3 words, numbers not counted; furniture; repeated
   lines), a title's tail after a `` - `` separator, or lines moved. Verified pairs are joined
   (union-find) into groups.

   Why not a similarity threshold: VNTC holds many stories republished by another paper with
   edits (a lead paragraph, a caption or credit line, a few words changed). Measured on the 84k
   VNTC articles: the old test, Jaccard of 4-syllable shingles >= 0.7, joined 711 pairs of
   distinct texts (676 groups) at Jaccard 0.70-1.00 (median 0.89), and containment of the
   shorter text in the longer was >= 0.99 for 237 of them, = 1 for 110; 600 planted copies
   (cp1258/TCVN3/NFD portal pages, extracted by the real pipeline) reach Jaccard 0.77-1.00. No
   threshold on either separates them. What does: extraction leaves a copy with *the same
   words*; 584 of 598 planted copies are word-identical to their original after extraction, the
   others lack score-table cells, a repeated heading, a title tail cut at " - ", or took another
   line for the title. ``bench/dedup_recall.py --manifest`` on all 82,577 VNTC articles with a
   body and 1,000 planted copies: recall 0.991 (the 9 misses are TCVN3 pages whose extraction
   took the site name for the title and lost the article's first line, and one cp1258 page with
   a line reordered); 0 groups join texts whose words differ; 7 groups join texts with the same
   words (one paper's copy of another's article, differing in line breaks and quotes only); all
   VNTC exact repeats are grouped.
3. **Canonical copy** of a group: utf-8 (any UTF) first, as its text needed no conversion; then
   the shortest path, then the lexicographically first path.

Incremental builds start from the stored groups, dissolve those touching a changed or removed
file, and verify only pairs with a new, changed or dissolved article at one end
(``indexer.regroup``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from indexer.article import Article
from indexer.dedup_signature import PERMUTATIONS, ROLL, SIGNATURE_DTYPE
from indexer.dedup_verify import TextView, same_article, text_view

# LSH: 16 bands of 4 rows. A pair at J = 0.7 meets in some band with probability
# 1 - (1 - 0.7**4)**16 = 0.988, at J = 0.8 with 0.9998, at J = 0.9 with > 0.99999; a pair at
# J = 0.3 with 0.12 and at J = 0.1 with 0.0016 (those are then rejected by verification).
BANDS = 16
ROWS = PERMUTATIONS // BANDS
# Distinct articles of one bucket a member is compared with, at most: keeps verification linear
# in the bucket's size (at 84k VNTC articles: 4,687 buckets, the largest of 6 members).
MAX_REPRESENTATIVES = 8
# Bytes of a text digest (``text_digest``): 128 bits, no collision among any archive's texts.
TEXT_DIGEST_BYTES = 16
# Bits of the table that picks the rows whose band key may be a focus row's (``_rows_in``):
# 2^18 flags (256 KB, cache-sized); a few thousand focus keys flag about 1 % of the rows.
FILTER_BITS = 18
# Encodings whose text needed no conversion: a copy read this way is the one to show.
UNICODE_ENCODING_PREFIX = "utf"


def canonical_key(article: Article) -> tuple[bool, int, str]:
    """Sort key choosing a group's canonical copy: utf-8, then shortest path, then path."""
    unicode = article.encoding.lower().startswith(UNICODE_ENCODING_PREFIX)
    return (not unicode, len(article.path), article.path)


def candidate_buckets(
    keys: Sequence[str], signatures: Sequence[bytes | None], focus: set[str] | None = None
) -> list[tuple[str, ...]]:
    """Every LSH bucket of two or more keys (members in the given key order), each member set
    once however many bands produce it. With ``focus`` (an incremental build), only buckets
    holding a focus key: per band, only the rows whose band key equals a focus row's are
    grouped, so the work beyond banding follows the change, not the archive."""
    valid = [i for i, s in enumerate(signatures) if s is not None and len(s) == 4 * PERMUTATIONS]
    if not valid:
        return []
    matrix = np.frombuffer(b"".join(signatures[i] for i in valid), dtype=SIGNATURE_DTYPE)  # type: ignore[misc]
    matrix = matrix.reshape(len(valid), PERMUTATIONS)  # widened a column at a time below
    rows = np.asarray(valid)
    is_focus = None
    if focus is not None:
        is_focus = np.fromiter((keys[i] in focus for i in valid), dtype=bool, count=len(valid))
        if not is_focus.any():
            return []
    buckets: set[tuple[str, ...]] = set()
    for band in range(BANDS):
        part = matrix[:, band * ROWS : (band + 1) * ROWS]
        with np.errstate(over="ignore"):
            key = np.zeros(len(valid), dtype=np.uint64)
            for column in range(ROWS):
                key = key * ROLL + part[:, column].astype(np.uint64)
        if is_focus is None:
            order = np.argsort(key, kind="stable")
        else:
            near = _rows_in(key, key[is_focus])  # ascending: key order kept
            order = near[np.argsort(key[near], kind="stable")]
        sorted_keys = key[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], len(order)]
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            buckets.add(tuple(keys[rows[i]] for i in order[start:end]))  # stable: key order
    return sorted(buckets)


def _rows_in(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Ascending indexes of the ``values`` (band keys) found in ``wanted``: ``np.isin``'s
    answer. ``np.isin`` sorts both arrays together, 16 times per incremental build (79k rows
    at 84k: 6 ms a band); here a table of the wanted keys' top ``FILTER_BITS`` bits, looked up
    by every value, leaves the few rows that may match, and ``np.isin`` checks those exactly
    (1.6 ms a band, 1,600 wanted among 79k random keys)."""
    table = np.zeros(1 << FILTER_BITS, dtype=bool)
    shift = np.uint64(64 - FILTER_BITS)
    table[wanted >> shift] = True
    maybe = np.flatnonzero(table[values >> shift])
    return maybe[np.isin(values[maybe], wanted)]


class Groups:
    """Union-find over keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        root = parent.setdefault(key, key)
        while parent[root] != root:
            parent[root] = parent[parent[root]]
            root = parent[root]
        return root

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(b)] = self.find(a)


def group_duplicates(
    keys: Sequence[str],
    signatures: Sequence[bytes | None],
    article_of: Callable[[str], Article],
    previous: Mapping[str, Sequence[str]] | None = None,
    changed: Iterable[str] = (),
) -> dict[str, tuple[str, ...]]:
    """Map every article key to its copies if it is canonical; copies are absent as keys.

    ``keys``/``signatures`` list every article of the archive now; ``article_of`` reads one (only
    candidates and group members are read). With ``previous`` (the last build's groups), groups
    touching ``changed`` keys or keys no longer present are dissolved and only pairs with one of
    their members or a changed key at one end are verified; the rest is kept as it was.
    """
    present = set(keys)
    groups = Groups()
    focus: set[str] | None = None
    if previous is not None:
        changed_set = set(changed)
        focus = set(changed_set) | (present - {k for c, cs in previous.items() for k in (c, *cs)})
        for canonical, copies in previous.items():
            members = [canonical, *copies]
            if any(m in changed_set or m not in present for m in members):
                focus.update(m for m in members if m in present)
            else:
                for member in copies:
                    groups.union(canonical, member)
    join_copies(candidate_buckets(keys, signatures, focus), groups, article_of, focus)
    return canonical_groups(keys, groups, article_of)


def canonical_groups(
    keys: Iterable[str], groups: Groups, article_of: Callable[[str], Article]
) -> dict[str, tuple[str, ...]]:
    """The groups of ``keys`` as canonical copy -> its other copies (sorted; () when alone);
    the canonical copy by ``canonical_key``."""
    members_of: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        members_of[groups.find(key)].append(key)
    result: dict[str, tuple[str, ...]] = {}
    for members in members_of.values():
        if len(members) == 1:
            result[members[0]] = ()
            continue
        ordered = sorted(members, key=lambda k: canonical_key(article_of(k)))
        result[ordered[0]] = tuple(sorted(ordered[1:]))
    return result


def text_digest(title: str, body: str) -> bytes:
    """A digest of an article's title and body: equal digests, equal texts, and so equal views
    (``text_view`` is a function of the two), built once. A view costs about 0.5 ms, a digest
    about 10 us. Exact repeats share one: VNTC holds 3,420 (a full build verifies them all);
    an incremental build whose changed texts were edited shares few (one 1 % change at 84k
    asked for 206 views and built 196), one that re-verifies unchanged repeats more (63 of 104
    pairs when the changed files' texts stayed the same). 128 bits, as the manifest trusts a
    file's sha256 to say its bytes did not change."""
    digest = hashlib.blake2b(digest_size=TEXT_DIGEST_BYTES)
    for part in (title, body):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))  # the split between title and body
        digest.update(data)
    return digest.digest()


def join_copies(
    buckets: Iterable[tuple[str, ...]],
    groups: Groups,
    article_of: Callable[[str], Article],
    focus: set[str] | None = None,
) -> None:
    """Join the copies within each bucket into ``groups``. Each member is compared with the
    bucket's representatives (its first member, then each member that was a copy of none of
    them) until one is its copy: a star when the bucket is one article, and a republication
    that shares the bucket cannot keep two copies apart. With ``focus`` (an incremental build),
    only pairs with a focus key at one end are verified."""
    views: dict[str, TextView] = {}
    by_text: dict[bytes, TextView] = {}  # a view per distinct text: exact repeats share one

    def view_of(key: str) -> TextView:
        if key not in views:
            article = article_of(key)
            digest = text_digest(article.title, article.body)
            if digest not in by_text:
                by_text[digest] = text_view(article.title, article.body)
            views[key] = by_text[digest]
        return views[key]

    verified: dict[tuple[str, str], bool] = {}

    def is_copy(a: str, b: str) -> bool:
        pair = (a, b) if a < b else (b, a)
        if pair not in verified:
            verified[pair] = same_article(view_of(a), view_of(b))
        return verified[pair]

    for bucket in buckets:
        representatives: list[str] = []
        for member in bucket:
            for other in representatives:
                if focus is not None and member not in focus and other not in focus:
                    continue  # an incremental build compares only pairs with a focus key
                if groups.find(other) == groups.find(member) or is_copy(other, member):
                    groups.union(other, member)
                    break
            else:
                if len(representatives) < MAX_REPRESENTATIVES:
                    representatives.append(member)
