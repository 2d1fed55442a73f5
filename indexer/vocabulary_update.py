"""The deletion index of an incremental build's vocabulary, derived from the previous
generation's rather than built again.

An incremental build changes a few hundred of VNTC's 117k syllables (a 1 % change of its files:
hundreds added and removed, thousands of counts changed), yet ``vocabulary_index.build`` hashed
every key of every syllable again, 3.1M pairs sorted: 0.40 s of the 0.42-0.58 s of the build's
vocabulary step (main 9b82118). The new generation starts with the previous one's files
hard-linked, and a syllable's keys do not depend on its number, so ``updated`` keeps the pairs
of the syllables kept, renumbered (the new numbers increase with the old, so the pairs stay
sorted), hashes only the new syllables' keys and inserts their pairs where they sort: the same
arrays, so the same file, as ``build`` (tests/test_vocabulary_update.py compares the bytes).
With it the step took 0.12-0.35 s (median 0.20 s) in nine 1 % changes of VNTC 84k where main
took 0.29-0.55 s (median 0.42 s), alternating, load 0.6-3.3 (bench/README.md).

Which syllables came and went is found by walking both sorted lists in runs compared whole
(``_differences``): 6-10 ms for 1 to 700 changes, 21 ms for 5,000, where two sets of 117k
strings and their differences took 55-69 ms (measured on VNTC's vocabulary, load 2.2).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from indexer import deletion_keys, vocabulary_index
from indexer.vocabulary_index import DeletionIndex

# Runs of syllables compared at once by ``_differences``: from 8 after a difference (so that
# many differences close together cost little each), doubling while equal, up to 4,096 (117k
# equal syllables then take 30-odd comparisons of whole runs).
FIRST_RUN = 8
LONGEST_RUN = 4096
# Beyond this share of the vocabulary added or removed (and at least ``FEW_CHANGES``), the
# derived path saves nothing: it builds from scratch. 30,000 changes cost 70 ms to find, a
# whole build 0.2 s; walking two vocabularies with nothing in common would cost about 0.3 s.
MOST_CHANGED = 0.25
FEW_CHANGES = 1000  # a small vocabulary (a test's) always takes the derived path
# The new number of a syllable no longer in the vocabulary: no syllable has it.
GONE = 0xFFFFFFFF


def updated(
    previous: DeletionIndex, old_words: Sequence[str], words: Sequence[str], counts: Sequence[int]
) -> DeletionIndex:
    """``vocabulary_index.build(words, counts)``, derived from ``previous``, the index of
    ``old_words`` (both lists sorted). When no syllable came or went, its key arrays are used
    as they are."""
    if len(old_words) != len(previous):
        raise ValueError(f"{len(old_words)} syllables for an index of {len(previous)}")
    most = max(FEW_CHANGES, int(len(words) * MOST_CHANGED))
    changes = _differences(old_words, words, most)
    if changes is None:
        return vocabulary_index.build(words, counts)
    removed, added = changes
    if not removed and not added:
        return vocabulary_index.assembled(words, counts, previous.key_hashes, previous.key_ids)
    kept = np.ones(len(old_words), dtype=bool)
    kept[removed] = False
    taken = np.zeros(len(words), dtype=bool)
    taken[added] = True
    renumbered = np.full(len(old_words), GONE, dtype=np.uint32)
    renumbered[kept] = np.flatnonzero(~taken)  # the kept syllables, in order
    added_ids = np.array(added, dtype=np.int64)
    pairs = _pairs(previous, renumbered, [words[i] for i in added], added_ids)
    return vocabulary_index.assembled(words, counts, *pairs)


def _differences(
    old: Sequence[str], new: Sequence[str], most: int
) -> tuple[list[int], list[int]] | None:
    """(numbers in ``old`` of the syllables not in ``new``, numbers in ``new`` of those not in
    ``old``), or None beyond ``most`` of them. Both are sorted and distinct: a merge, whose
    equal runs are compared as whole slices (in C) and a difference found by halving a run."""
    removed: list[int] = []
    added: list[int] = []
    i = j = 0
    run = FIRST_RUN
    while i < len(old) and j < len(new):
        n = min(run, len(old) - i, len(new) - j)
        if old[i : i + n] == new[j : j + n]:
            i, j, run = i + n, j + n, min(2 * run, LONGEST_RUN)
            continue
        same, differs = 0, n  # the first `same` are equal; the first `differs` are not
        while differs - same > 1:
            half = (same + differs) // 2
            if old[i + same : i + half] == new[j + same : j + half]:
                same = half
            else:
                differs = half
        i, j, run = i + same, j + same, FIRST_RUN
        if old[i] < new[j]:  # every syllable of new before j is placed: old[i] is in none
            removed.append(i)
            i += 1
        else:
            added.append(j)
            j += 1
        if len(removed) + len(added) > most:
            return None
    removed.extend(range(i, len(old)))
    added.extend(range(j, len(new)))
    return (removed, added) if len(removed) + len(added) <= most else None


def _pairs(
    previous: DeletionIndex,
    renumbered: np.ndarray,
    added_words: Sequence[str],
    added_ids: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (hash, number) of the new vocabulary: ``previous``'s, renumbered
    (``renumbered`` maps each old number to the new one, ``GONE`` for a syllable removed), and
    those of ``added_words`` (numbered ``added_ids``) inserted where they sort."""
    numbers = renumbered[previous.key_ids]
    hashes = previous.key_hashes
    kept = numbers != GONE
    if not kept.all():
        hashes, numbers = hashes[kept], numbers[kept]
    fresh_hashes, fresh = deletion_keys.filed_pairs(added_words)
    # Numbered in sorted order, as their new numbers are: still sorted once renumbered.
    fresh_ids = added_ids[fresh].astype(np.uint32)
    at = _insertion_points(hashes, numbers, fresh_hashes, fresh_ids)
    return np.insert(hashes, at, fresh_hashes), np.insert(numbers, at, fresh_ids)


def _insertion_points(
    hashes: np.ndarray, ids: np.ndarray, new_hashes: np.ndarray, new_ids: np.ndarray
) -> np.ndarray:
    """Where each new pair goes among the sorted pairs (``hashes``, ``ids``): after the pairs
    of a smaller hash and, among those of its hash (a key other syllables are filed under too),
    after those of a smaller number. Those runs are short (400 syllables made by adding a vowel
    to VNTC ones: 3,782 of their 13,552 pairs land in one, 12,732 pairs in all, 92 at most), so
    they are compared one by one, unless that costs more than one pass over every pair."""
    at = np.searchsorted(hashes, new_hashes, side="left")
    sizes = np.searchsorted(hashes, new_hashes, side="right") - at
    if int(sizes.sum()) > len(hashes):  # every key clashing (a test's hash): one pass
        packed = deletion_keys.packed
        return np.searchsorted(packed(hashes, ids), packed(new_hashes, new_ids))
    hit = np.flatnonzero(sizes)
    if len(hit):
        sizes = sizes[hit]
        firsts = np.cumsum(sizes) - sizes  # where each run starts among the runs compared
        positions = np.arange(int(sizes.sum())) + np.repeat(at[hit] - firsts, sizes)
        smaller = ids[positions] < np.repeat(new_ids[hit], sizes)
        at[hit] += np.add.reduceat(smaller, firsts)
    return at
