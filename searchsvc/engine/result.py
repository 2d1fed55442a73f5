"""The one result structure of a search, rendered twice: as JSON for the API, as HTML context.

Nothing here knows about Flask or JSON: the web layer adds URLs (``next``, facet toggles) and
builds the API's answers from these (``searchsvc.web.schemas``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from searchsvc.engine.request import SearchRequest

FACET_NAMES = ("unit", "year", "award")


@dataclass(frozen=True)
class Hit:
    """One article on a result page. ``snippet`` and ``title_html`` are escaped HTML with <mark>."""

    id: str
    title: str
    title_html: str
    path: str
    url: str | None
    published: str | None
    year: int | None
    units: tuple[str, ...]
    snippet: str
    score: float | None = None
    # Archive paths of the same article archived again (another site, another encoding).
    copies: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetBucket:
    value: str
    count: int
    selected: bool


class Paged:
    """Page arithmetic of a result with ``total`` and a ``request`` holding ``page``/``per_page``
    (searches and award lists alike)."""

    total: int
    request: Any

    @property
    def pages(self) -> int:
        per_page: int = self.request.per_page
        return max(1, -(-self.total // per_page))

    @property
    def has_next(self) -> bool:
        page: int = self.request.page
        return page < self.pages


@dataclass(frozen=True)
class SearchResult(Paged):
    request: SearchRequest
    total: int
    took_ms: float
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetBucket, ...]] = field(default_factory=dict)
    # An accented, corrected query when the given one finds nothing or little.
    suggestion: str | None = None
    # Words of the query (as typed) that a result may lack: soft AND found too few articles
    # with all of them, or no article holds them (searchsvc.engine.relax).
    not_required: tuple[str, ...] = ()
    # The time budget ran out: the answer is what was found until then (searchsvc.engine.budget).
    partial: bool = False
    # Per facet: True when more values matched than its buckets list (facets.MAX_BUCKETS).
    facets_truncated: dict[str, bool] = field(default_factory=dict)
