"""Facet counts over every match, computed from per-document value columns read once per index.

Whoosh's ``groupedby`` walks each matching document through Python objects and dominated query
time on broad queries (pitfalls.md: 257 ms of 275 ms at 20k articles). Here each facet's values
are read once, when an index is opened, from the facet field's postings into a list indexed by
document number; a query then counts with ``Counter`` over that list for its matching documents.

Selections combine as OR within a facet and AND across facets, and each facet's counts ignore
its own selection, so selecting one unit still shows the others with their counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from searchsvc.result import FacetBucket

MAX_BUCKETS = 40  # per facet in one answer; selected values are always included on top


@dataclass(frozen=True)
class FacetColumn:
    """One facet: its value names, and for each document number the ids of its values."""

    names: tuple[str, ...]
    per_doc: tuple[tuple[int, ...], ...]

    @classmethod
    def from_reader(cls, reader, field: str) -> FacetColumn:  # type: ignore[no-untyped-def]
        per_doc: list[tuple[int, ...]] = [()] * reader.doc_count_all()
        names = []
        for value_id, term in enumerate(reader.lexicon(field)):
            names.append(term.decode("utf-8"))
            for docnum in reader.postings(field, term).all_ids():
                per_doc[docnum] = (*per_doc[docnum], value_id)
        return cls(tuple(names), tuple(per_doc))

    def ids_of(self, values: Sequence[str]) -> frozenset[int]:
        wanted = set(values)
        return frozenset(i for i, name in enumerate(self.names) if name in wanted)


@dataclass(frozen=True)
class FacetOutcome:
    allowed: list[int]  # matching documents that pass every selection
    counts: dict[str, Counter[str]]


def count(
    columns: Mapping[str, FacetColumn],
    matched: Sequence[int],
    selections: Mapping[str, Sequence[str]],
) -> FacetOutcome:
    """Counts per facet (ignoring that facet's own selection) and the documents passing all."""
    active = {name: columns[name].ids_of(values) for name, values in selections.items() if values}
    passes = {
        name: [not ids.isdisjoint(columns[name].per_doc[d]) for d in matched]
        for name, ids in active.items()
    }
    counts: dict[str, Counter[str]] = {}
    for name, column in columns.items():
        others = [passes[other] for other in passes if other != name]
        docs = matched
        if others:
            docs = [d for d, *oks in zip(matched, *others, strict=True) if all(oks)]
        ids = Counter(chain.from_iterable(map(column.per_doc.__getitem__, docs)))
        counts[name] = Counter({column.names[i]: n for i, n in ids.items()})
    if passes:
        allowed = [d for d, *oks in zip(matched, *passes.values(), strict=True) if all(oks)]
    else:
        allowed = list(matched)
    return FacetOutcome(allowed, counts)


def buckets(
    counts: Counter[str], selected: Sequence[str], *, order: str = "count"
) -> tuple[FacetBucket, ...]:
    """Buckets for display: by count (units, awards) or by value descending (years, newest
    first, ``unknown`` last); selected values always present, even with no match."""
    if order == "value":
        ranked = sorted(counts, key=lambda v: (not v.isdigit(), -int(v) if v.isdigit() else 0))
    else:
        ranked = sorted(counts, key=lambda v: (-counts[v], v))
    shown = ranked[:MAX_BUCKETS]
    shown += [v for v in selected if v not in shown]
    return tuple(FacetBucket(v, counts.get(v, 0), v in selected) for v in shown)
