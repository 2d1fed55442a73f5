"""What the engine reads from an index: the storage seam.

The engine (matching, scoring, facets, rerank, suggestions, the awards table) needs a handful of
things from a built index: a term's postings and positions as arrays, per-document columns,
stored fields, the vocabulary. ``IndexReader`` names exactly those, so every engine module is
written against this protocol and not against Whoosh; the one implementation today,
``searchsvc.engine.whoosh_reader.WhooshReader``, holds every Whoosh detail (private block reads
included) in one place. A second storage (another engine, a remote shard) implements this
protocol, and tests/test_backend_contract.py runs the same properties over it.

Document numbers are dense integers ``0 .. doc_count - 1`` (deleted documents included, and
reported by ``live_docs``), the index every per-document array is laid out by.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np


@dataclass(frozen=True)
class Postings:
    """One term's documents (ascending, deleted ones removed) and term frequencies.

    Plain numpy arrays, read-only: documents as int64, the type numpy indexes with (any other
    integer type is converted on every fancy-indexing use, a copy per use), so the scorer uses
    them as they are; weights as float32, the type Whoosh's reader gives.
    """

    docs: np.ndarray
    weights: np.ndarray

    def __post_init__(self) -> None:
        for name, dtype in (("docs", np.int64), ("weights", np.float32)):
            value = np.ascontiguousarray(getattr(self, name), dtype=dtype)
            value.flags.writeable = False
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def nbytes(self) -> int:
        return int(self.docs.nbytes + self.weights.nbytes)

    @property
    def doc_array(self) -> np.ndarray:
        """The document numbers (int64, read-only; no copy)."""
        return self.docs

    @property
    def weight_array(self) -> np.ndarray:
        """The term frequencies (float32, read-only; no copy)."""
        return self.weights


EMPTY = Postings(np.zeros(0, np.int64), np.zeros(0, np.float32))


class IndexReader(Protocol):
    """Read access to one open, unchanging index generation. Not thread-safe: callers
    serialise (the engine holds one lock per open index)."""

    @property
    def doc_count(self) -> int:
        """Document numbers in use, deleted ones included."""
        ...

    def live_docs(self) -> np.ndarray:
        """The numbers of the documents not deleted, ascending."""
        ...

    def postings(self, field: str, term: str) -> Postings:
        """Every live posting of ``term`` in ``field``; ``EMPTY`` for an unknown term."""
        ...

    def positions(self, field: str, term: str, docnums: Sequence[int]) -> dict[int, list[int]]:
        """Token positions of ``term`` in each of ``docnums`` (ascending, live) that holds it."""
        ...

    def doc_frequency(self, field: str, term: str) -> int:
        """How many documents hold ``term`` (0 when unknown)."""
        ...

    def syllable_frequency(self, term: str) -> int:
        """How many live documents hold the folded syllable ``term`` (did-you-mean): exact,
        deleted documents not counted, where the index has a vocabulary."""
        ...

    def similar_terms(self, field: str, term: str, maxdist: int, prefix: int) -> Iterable[str]:
        """Vocabulary terms within ``maxdist`` edits of ``term`` sharing its first ``prefix``
        characters (did-you-mean)."""
        ...

    def prefix_terms(
        self, field: str, prefix: str, limit: int | None
    ) -> tuple[dict[str, int], bool]:
        """Terms of ``field`` starting with ``prefix`` with their document frequency (at most
        about ``limit`` read; None for all), and whether the limit cut the walk short
        (suggestions as you type)."""
        ...

    def field_lengths(self, field: str) -> np.ndarray:
        """Tokens of ``field`` per document number (floats; 0 for an empty or deleted one)."""
        ...

    def column(self, field: str) -> Sequence[Any]:
        """The per-document value of a column field, indexed by document number."""
        ...

    def facet_values(self, field: str) -> Iterator[tuple[str, np.ndarray]]:
        """Each value of a keyword field in sorted order with its documents (deleted included)."""
        ...

    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of one document."""
        ...

    def docnum_of(self, doc_id: str) -> int | None:
        """The document number of the live document with this id, or None."""
        ...

    def related(self, docnum: int, field: str, text: str, top: int) -> list[int]:
        """Documents most like ``docnum`` by the terms of ``text`` in ``field``, best first."""
        ...

    def close(self) -> None: ...
