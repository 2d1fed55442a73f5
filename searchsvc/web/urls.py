"""Every URL the pages and the API hand out, built from ``SearchRequest.to_params``.

The full state of a search lives in its URL (shareable; the back button works). Facet buckets get
a ``toggle_url`` here, so templates hold no URL logic. Functions are pure: they take the path of
the endpoint (``url_for`` is called by the caller) and return path + query string.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from searchsvc.engine.request import SearchRequest
from searchsvc.engine.result import FACET_NAMES, SearchResult

# Facet name in URLs -> the SearchRequest attribute holding its selected values.
FACET_ATTRS = {"unit": "units", "year": "years", "award": "awards"}
# Pages linked on each side of the current page in the pagination bar.
PAGE_WINDOW = 2


@dataclass(frozen=True)
class FacetLink:
    """A facet bucket as the page shows it: value, count, selected state and its one-click link."""

    value: str
    count: int
    selected: bool
    toggle_url: str


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None marks a gap ("…")
    url: str | None
    current: bool = False


def with_query(path: str, req: SearchRequest) -> str:
    params = req.to_params()
    return f"{path}?{urlencode(params)}" if params else path


def page_url(path: str, req: SearchRequest, page: int) -> str:
    return with_query(path, req.with_page(page))


def toggle(req: SearchRequest, facet: str, value: str) -> SearchRequest:
    """``req`` with ``value`` added to or removed from facet ``facet``, back on page 1."""
    attr = FACET_ATTRS[facet]
    current: tuple[str, ...] = getattr(req, attr)
    chosen = tuple(v for v in current if v != value) if value in current else (*current, value)
    changes: dict[str, Any] = {attr: chosen, "page": 1}
    return dataclasses.replace(req, **changes)


def facet_links(path: str, result: SearchResult) -> dict[str, list[FacetLink]]:
    req = result.request
    return {
        name: [
            FacetLink(b.value, b.count, b.selected, with_query(path, toggle(req, name, b.value)))
            for b in result.facets.get(name, ())
        ]
        for name in FACET_NAMES
    }


def selected_filters(path: str, req: SearchRequest) -> list[tuple[str, str, str]]:
    """(facet, value, URL that removes it) for each active filter, for the "clear" chips."""
    return [
        (name, value, with_query(path, toggle(req, name, value)))
        for name, attr in FACET_ATTRS.items()
        for value in getattr(req, attr)
    ]


def clear_filters_url(path: str, req: SearchRequest) -> str:
    return with_query(path, SearchRequest(q=req.q, per_page=req.per_page, sort=req.sort))


def suggestion_url(path: str, req: SearchRequest, suggestion: str) -> str:
    return with_query(path, dataclasses.replace(req, q=suggestion, page=1))


def unit_url(path: str, unit: str) -> str:
    return with_query(path, SearchRequest(units=(unit,)))


def next_url(path: str, result: SearchResult) -> str | None:
    if not result.has_next:
        return None
    return page_url(path, result.request, result.request.page + 1)


def prev_url(path: str, result: SearchResult) -> str | None:
    """The page before this one (the last page with hits when this one is past the end)."""
    page = min(result.request.page - 1, result.pages)
    return page_url(path, result.request, page) if page >= 1 else None


def page_window(current: int, last: int) -> list[int | None]:
    """The page numbers a page-number bar shows: the first, the last and ``PAGE_WINDOW`` on each
    side of ``current``, with None for a gap between distant pages (search and awards alike)."""
    shown = {1, last} | set(
        range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)
    )
    window: list[int | None] = []
    for number in sorted(shown):
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window


def page_links(path: str, result: SearchResult) -> list[PageLink]:
    """First, last and a window around the current page, with gaps between."""
    current = result.request.page
    return [
        PageLink(n, page_url(path, result.request, n), n == current)
        if n is not None
        else PageLink(None, None)
        for n in page_window(current, result.pages)
    ]


def hidden_fields(req: SearchRequest) -> list[tuple[str, str]]:
    """The state a GET form must carry besides its own inputs (q, sort): filters, page size."""
    return [(k, v) for k, v in req.to_params() if k not in {"q", "sort", "page"}]
