"""Every value of one facet for a search, not only the first ``facets.MAX_BUCKETS``.

A search answer lists a facet's biggest values; a department looking for its own unit among
hundreds needs the rest, found by name. Counts are the search's own (``facets.count``: the
facet's own selection ignored, the other facets' applied), and a name filter is matched on
folded text, so ``thai nguyen`` finds ``Sở GD&ĐT Thái Nguyên``.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from indexer.text.analysis import fold_text
from searchsvc.engine import facets, relax
from searchsvc.engine.budget import Budget
from searchsvc.engine.querylang import parse_query
from searchsvc.engine.request import SearchRequest
from searchsvc.engine.result import FacetBucket
from searchsvc.engine.terms import plan_query

if TYPE_CHECKING:
    from searchsvc.engine.service import IndexView

# Folded names of the facet columns seen lately (one per facet per open index is enough).
FOLDED_COLUMNS = 8


@lru_cache(maxsize=FOLDED_COLUMNS)
def _folded_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """Folded, space-normalised names (keyed by the names tuple: columns hold unhashable arrays)."""
    return tuple(" ".join(fold_text(name).split()) for name in names)


def matched_docs(view: IndexView, req: SearchRequest) -> np.ndarray:
    """The mask of documents matching ``req.q``, exactly as a search finds them (soft AND
    included: ``relax.match_query``). Call with ``view.lock`` held."""
    node, _ = parse_query(req.q)
    budget = Budget(time.thread_time)
    live = view.doc_columns.live
    return relax.match_query(view.postings, live, req.q, plan_query(node), budget).docs


def all_values(
    view: IndexView, req: SearchRequest, facet: str, find: str = ""
) -> list[FacetBucket]:
    """Every value of ``facet`` with documents for ``req`` (selected ones even without), whose
    folded name contains the folded ``find``; selected first, then by count, then by name."""
    selections = {"unit": req.units, "year": req.years, "award": req.awards}
    column = view.facet_columns[facet]
    with view.lock:
        outcome = facets.count(view.facet_columns, matched_docs(view, req), selections)
    per_value = outcome.counts[facet]
    chosen = set(selections[facet])
    wanted = " ".join(fold_text(find).split())
    folded = _folded_names(column.names) if wanted else ()
    present = [int(i) for i in np.flatnonzero(per_value)]
    present += [
        column.index[v] for v in chosen if v in column.index and not per_value[column.index[v]]
    ]
    shown = [i for i in present if not wanted or wanted in folded[i]]
    shown.sort(key=lambda i: (column.names[i] not in chosen, -int(per_value[i]), column.names[i]))
    buckets = [
        FacetBucket(column.names[i], int(per_value[i]), column.names[i] in chosen) for i in shown
    ]
    unknown = [v for v in selections[facet] if v not in column.index]
    return [FacetBucket(v, 0, True) for v in unknown] + buckets
