"""The index's syllable vocabulary, for did-you-mean: written by the build, read by the service.

Did-you-mean needs the indexed syllables within one or two edits of a mistyped one. Whoosh finds
them by walking each segment's term index with a Levenshtein automaton: measured 40-80 ms per
syllable on a 1,000-article index of two segments (every step a binary search with file reads,
and the folded field also holds a pair term for every two neighbouring syllables), growing with
segments. The build knows every folded syllable as it writes the segments, so it writes them with
their document frequencies to ``vocabulary.tsv`` in the generation; the service loads the file
once per generation and looks neighbours up in a deletion index (each syllable filed under every
string one deletion away, so a lookup is a few dict probes, as SymSpell does).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

VOCABULARY_FILE = "vocabulary.tsv"
# Syllables at least this long are also filed under their two-deletion strings, so a query
# syllable of LONG letters finds neighbours two edits away (searchsvc.engine.suggest allows two
# edits from 7 letters; this covers insertions into a 6-letter syllable too).
LONG = 6


def is_syllable(term: str) -> bool:
    """A plain folded syllable (not a pair term ``thai nguyen`` or a concept term ``§...``)."""
    return term.isalnum()


def write(directory: Path, counts: Counter[str]) -> None:
    """``vocabulary.tsv``: one ``syllable<TAB>document frequency`` per line, sorted."""
    path = Path(directory) / VOCABULARY_FILE
    path.unlink(missing_ok=True)  # may be a hard link into the previous generation: never truncate
    with open(path, "w", encoding="utf-8") as fh:
        for term in sorted(counts):
            fh.write(f"{term}\t{counts[term]}\n")
        fh.flush()
        os.fsync(fh.fileno())


def read(directory: Path) -> Counter[str] | None:
    """The counts written by ``write``; None when the file is missing (an index built before
    it existed: its vocabulary is unknown, not empty)."""
    path = Path(directory) / VOCABULARY_FILE
    if not path.is_file():
        return None
    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            term, _, count = line.rstrip("\n").partition("\t")
            counts[term] = int(count)
    return counts


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _keys(word: str) -> set[str]:
    keys = {word} | _deletions(word)
    if len(word) >= LONG:
        keys |= {d2 for d in _deletions(word) for d2 in _deletions(d)}
    return keys


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


class Vocabulary:
    """Syllables and their document frequencies, with a deletion index for neighbours."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self.index: defaultdict[str, list[str]] = defaultdict(list)
        for word in counts:
            for key in _keys(word):
                self.index[key].append(word)

    def similar(self, term: str, maxdist: int, prefix: int) -> Iterator[str]:
        """Syllables within ``maxdist`` edits of ``term`` sharing its first ``prefix`` letters,
        most frequent first."""
        probes = {term} | _deletions(term)
        if maxdist >= 2:
            probes |= {d2 for d in _deletions(term) for d2 in _deletions(d)}
        found = {w for key in probes for w in self.index.get(key, ())}
        near = [
            w
            for w in found
            if w[:prefix] == term[:prefix] and w != term and distance(w, term, maxdist) <= maxdist
        ]
        yield from sorted(near, key=lambda w: (-self.counts[w], w))


@lru_cache(maxsize=4)
def load(directory: str) -> Vocabulary | None:
    """The vocabulary of a generation directory (cached: a generation never changes), or None
    when it has none (built before this file existed)."""
    counts = read(Path(directory))
    return None if counts is None else Vocabulary(counts)
