"""A segment's three text fields, analysed once per document and kept as columns of term ids.

Whoosh analyses each field separately (``text_fold``, ``title_fold``, ``text_exact``), one Python
generator step per token and field, and its writer then moves every posting as a tuple. Here a
document's title and body are split into syllables once (the same ``TOKEN_RE`` over the same
``normalize``\\d text as ``indexer.text.tokenizers``), each syllable's folded and exact forms come
from the same cached functions, and the document adds term ids to arrays through C-level ``map``
and ``fromlist``: no Python step per token. The pair terms and the sorting of terms are computed
once per segment when it is written (``FoldedColumns.occurrences``), the postings themselves by
``indexer.posting_kernels``.

The terms, positions and frequencies are exactly those of the Whoosh analyzers in
``indexer.text.tokenizers`` (tests/test_segment_writer.py compares every posting of a segment
with Whoosh's own writer's): folded syllables, the pair of each syllable with the one after it
(at the first one's position), and concept terms of known names (at the name's first position);
the exact field counts canonical syllables.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass
from itertools import compress, count
from operator import methodcaller

import numpy as np

from indexer.text.analysis import canonical_syllable, fold_syllable
from indexer.text.concepts import concept_table
from indexer.vocabulary import is_syllable

_ENCODE = methodcaller("encode", "utf-8")


@dataclass(frozen=True)
class Occurrences:
    """One field's terms in a segment, ready for ``indexer.posting_kernels``: the distinct terms
    as sorted UTF-8 bytes, and for every occurrence its term's rank in that order, document and
    position. A term's occurrences come in document order and, within a document, in position
    order. ``plain`` holds the ranks of plain folded syllables (``vocabulary.is_syllable``)
    and ``plain_terms`` their text, for the vocabulary's document frequencies."""

    terms: list[bytes]
    ranks: np.ndarray
    docs: np.ndarray
    positions: np.ndarray
    plain: np.ndarray
    plain_terms: list[str]


def _ranked(terms: list[str]) -> tuple[list[bytes], np.ndarray]:
    """``terms`` sorted as UTF-8 bytes (code point order is byte order), and each one's rank."""
    order = sorted(range(len(terms)), key=terms.__getitem__)
    ranks = np.empty(len(terms), np.int32)
    ranks[order] = np.arange(len(terms), dtype=np.int32)
    return list(map(_ENCODE, map(terms.__getitem__, order))), ranks


class FoldedColumns:
    """A ``Positions`` field of folded terms (``text_fold`` or ``title_fold``) for one segment."""

    def __init__(self) -> None:
        # Ids in order of first appearance (a defaultdict whose factory is a counter: the lookup
        # and the insertion both stay in C when called through ``map``).
        self.fold_ids: defaultdict[str, int] = defaultdict(count().__next__)
        self.folds = array("i")  # each document's syllables' ids, one document after another
        self.counts = array("i")  # syllables per document, by document number
        self.concept_ids: defaultdict[str, int] = defaultdict(count().__next__)
        self.concepts = array("i")  # (document, position, concept id) of each concept term

    def add(self, tokens: list[str]) -> int:
        """Add the next document's syllables; the field's length (its number of terms)."""
        folds = list(map(fold_syllable, tokens))
        self.folds.fromlist(list(map(self.fold_ids.__getitem__, folds)))
        n = len(folds)
        self.counts.append(n)
        table, lengths, last_syllables = concept_table()
        found = []
        for end in compress(range(n), map(last_syllables.__contains__, folds)):
            for length in lengths:
                if length <= end + 1:
                    key = table.get(tuple(folds[end + 1 - length : end + 1]))
                    if key is not None:
                        found.append((end + 1 - length, key))
        docnum = len(self.counts) - 1
        for start, key in sorted(found):
            self.concepts.extend((docnum, start, self.concept_ids[key]))
        return n + max(n - 1, 0) + len(found)

    def occurrences(self) -> Occurrences:
        """Every term of the field, pairs included, and their occurrences."""
        fold_terms, concept_terms = list(self.fold_ids), list(self.concept_ids)
        nfolds = max(len(fold_terms), 1)
        folds = np.frombuffer(self.folds, dtype=np.int32).astype(np.int64)
        counts = np.frombuffer(self.counts, dtype=np.int32)
        docs = np.repeat(np.arange(counts.size, dtype=np.int32), counts)
        starts = np.cumsum(counts) - counts  # each document's first syllable
        positions = (np.arange(folds.size) - np.repeat(starts, counts)).astype(np.int32)
        paired = np.flatnonzero(docs[:-1] == docs[1:])  # a syllable followed in its document
        keys, pair_ids = np.unique(folds[paired] * nfolds + folds[paired + 1], return_inverse=True)
        firsts, seconds = np.divmod(keys, nfolds)
        pair_terms = [
            f"{fold_terms[a]} {fold_terms[b]}"
            for a, b in zip(firsts.tolist(), seconds.tolist(), strict=True)
        ]
        terms, ranks = _ranked(fold_terms + pair_terms + concept_terms)
        concepts = np.frombuffer(self.concepts, dtype=np.int32).reshape(-1, 3)
        offset = len(fold_terms) + len(pair_terms)
        plain = [i for i, term in enumerate(fold_terms) if is_syllable(term)]
        return Occurrences(
            terms,
            np.concatenate(
                (
                    ranks[folds],
                    ranks[len(fold_terms) + pair_ids.ravel()],
                    ranks[offset + concepts[:, 2]],
                )
            ),
            np.concatenate((docs, docs[paired], concepts[:, 0])),
            np.concatenate((positions, positions[paired], concepts[:, 1])),
            ranks[plain],
            [fold_terms[i] for i in plain],
        )


class ExactColumns:
    """The ``Frequency`` field of canonical syllables (``text_exact``) for one segment."""

    def __init__(self) -> None:
        self.ids: defaultdict[str, int] = defaultdict(count().__next__)
        self.terms = array("i")
        self.counts = array("i")

    def add(self, tokens: list[str]) -> int:
        """Add the next document's syllables; the field's length."""
        self.terms.fromlist(list(map(self.ids.__getitem__, map(canonical_syllable, tokens))))
        self.counts.append(len(tokens))
        return len(tokens)

    def occurrences(self) -> Occurrences:
        """Every term of the field and its occurrences (positions are not kept: all 0)."""
        terms, ranks = _ranked(list(self.ids))
        counts = np.frombuffer(self.counts, dtype=np.int32)
        docs = np.repeat(np.arange(counts.size, dtype=np.int32), counts)
        ids = np.frombuffer(self.terms, dtype=np.int32)
        empty = np.empty(0, np.int32)
        return Occurrences(terms, ranks[ids], docs, np.zeros(ids.size, np.int32), empty, [])
