"""Facet counts over every match, computed from per-document value columns read once per index.

Whoosh's ``groupedby`` walks each matching document through Python objects and dominated query
time on broad queries (pitfalls.md). Here each facet's values are read once, when an index is
opened (from each segment's facet sidecar, or its own postings: ``whoosh_columns``), into two
arrays (document, value), grouped by value; a
query counts its matching documents' values with one ``np.add.reduceat`` over those groups, so
the cost per query is a few vectorised passes however many documents match.

Selections combine as OR within a facet and AND across facets, and each facet's counts ignore
its own selection, so selecting one unit still shows the others with their counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from searchsvc.engine.postings import mask_of
from searchsvc.engine.reader import IndexReader
from searchsvc.engine.result import FacetBucket

MAX_BUCKETS = 40  # per facet in one answer; selected values are always included on top


@dataclass(frozen=True)
class FacetColumn:
    """One facet: its value names (sorted: the index lexicon's order, so a value id is also its
    rank by name), and every (document number, value id) assignment as two parallel arrays (a
    document has any number of values: several units, no award)."""

    names: tuple[str, ...]
    doc_of: np.ndarray
    value_of: np.ndarray
    index: dict[str, int] = field(init=False, repr=False, compare=False)
    # Where each value's assignments start, when they are grouped by value id (as read from an
    # index: a value's postings at a time) and no value is empty; else None (``np.bincount``).
    starts: np.ndarray | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {name: i for i, name in enumerate(self.names)})
        ids = np.arange(len(self.names))
        # Grouped with no value empty: from 0 to the last id in steps of 0 or 1 (one pass; a
        # np.unique of 2.3M unit assignments was a sort at each 1M-article open).
        steps = np.diff(self.value_of)
        grouped = (
            len(ids) > 0
            and len(self.value_of) > 0
            and int(self.value_of[0]) == 0
            and int(self.value_of[-1]) == len(ids) - 1
            and bool(np.all((steps == 0) | (steps == 1)))
        )
        starts = np.searchsorted(self.value_of, ids) if grouped else None
        object.__setattr__(self, "starts", starts)

    @classmethod
    def from_reader(cls, reader: IndexReader, fieldname: str) -> FacetColumn:
        names: list[str] = []
        docs: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for value_id, (name, found) in enumerate(reader.facet_values(fieldname)):
            names.append(name)
            docs.append(found)
            values.append(np.full(len(found), value_id, dtype=np.int64))
        if not names:
            empty = np.zeros(0, dtype=np.int64)
            return cls((), empty, empty)
        return cls(tuple(names), np.concatenate(docs), np.concatenate(values))

    def having(self, values: Sequence[str], doc_count: int) -> np.ndarray:
        """The mask of documents with any of ``values``."""
        wanted = [self.index[v] for v in values if v in self.index]
        return mask_of(doc_count, self.doc_of[np.isin(self.value_of, wanted)])

    def counts(self, docs: np.ndarray) -> np.ndarray:
        """How many documents of mask ``docs`` have each value, by value id."""
        if self.starts is None:
            return np.bincount(self.value_of[docs[self.doc_of]], minlength=len(self.names))
        # Grouped by value: one sum per group of the held flags, no index array of the
        # matching assignments built (the facets.count stage went from 247 to 123 us of CPU a
        # query: `bench/query_stages.py bench/out/gen-20000-s1`; bench/README.md, "Query
        # latency").
        held = docs[self.doc_of].view(np.uint8)
        counts: np.ndarray = np.add.reduceat(held, self.starts, dtype=np.int64)
        return counts

    def count_of(self, per_value: np.ndarray, value: str) -> int:
        return int(per_value[self.index[value]]) if value in self.index else 0


@dataclass(frozen=True)
class FacetOutcome:
    allowed: np.ndarray  # mask: matching documents that pass every selection
    counts: dict[str, np.ndarray]  # per facet, documents by value id


def count(
    columns: Mapping[str, FacetColumn],
    matched: np.ndarray,
    selections: Mapping[str, Sequence[str]],
) -> FacetOutcome:
    """Counts per facet (ignoring that facet's own selection) and the documents passing all,
    for the mask of ``matched`` documents."""
    passes = {
        name: columns[name].having(values, len(matched))
        for name, values in selections.items()
        if values
    }
    counts = {}
    for name, column in columns.items():
        others = [passes[other] for other in passes if other != name]
        counts[name] = column.counts(np.logical_and.reduce([matched, *others]))
    allowed = np.logical_and.reduce([matched, *passes.values()])
    return FacetOutcome(allowed, counts)


def _newest_first(value: str) -> tuple[bool, int]:
    return (not value.isdigit(), -int(value) if value.isdigit() else 0)


def buckets(
    column: FacetColumn, per_value: np.ndarray, selected: Sequence[str], *, order: str = "count"
) -> tuple[FacetBucket, ...]:
    """Buckets for display: by count (units, awards; equal counts by name) or by value
    descending (years, newest first, ``unknown`` last); selected values always present, even
    with no match. Only the values shown become Python objects: a facet may have thousands."""
    present = np.flatnonzero(per_value)
    if order == "value":
        names = column.names
        top = sorted(present.tolist(), key=lambda i: _newest_first(names[i]))[:MAX_BUCKETS]
    else:
        top = present[np.lexsort((present, -per_value[present]))][:MAX_BUCKETS].tolist()
    ranked = [column.names[i] for i in top]
    # The counts of the values shown, read in one step (not a numpy scalar per bucket).
    shown = list(zip(ranked, per_value[top].tolist(), strict=True))
    shown += [(v, column.count_of(per_value, v)) for v in selected if v not in ranked]
    return tuple(FacetBucket(v, count, v in selected) for v, count in shown)
