"""The one interface the web layer talks to: search, articles, awards of one served index.

``searchsvc.web`` never sees an index, a reader or a searcher: it asks a ``SearchBackend``.
``LocalBackend`` answers from one open index generation in this process (the engine over an
``IndexReader``, the awards table over the same reader). A second backend (a distributed one,
say) implements the same protocol, and tests/test_backend_contract.py runs the same properties
over every backend listed there.
"""

from __future__ import annotations

from typing import Any, Protocol

from indexer.generations import OpenedIndex
from searchsvc.awards.query import AwardsRequest
from searchsvc.awards.table import AwardRow, AwardsResult, query_awards, table_for
from searchsvc.engine.complete import Suggestion, complete
from searchsvc.engine.facet_values import all_values
from searchsvc.engine.request import SearchRequest
from searchsvc.engine.result import FacetBucket, SearchResult
from searchsvc.engine.service import ArticleDetail, IndexView, get_article, search


class SearchBackend(Protocol):
    """What the web layer may ask of the index it serves."""

    @property
    def meta(self) -> dict[str, Any]:
        """The served build's metadata (generation, article count, build time)."""
        ...

    def search(self, req: SearchRequest) -> SearchResult: ...

    def article(self, article_id: str) -> ArticleDetail | None:
        """One article with its related articles, or None when no article has this id."""
        ...

    def awards(self, req: AwardsRequest) -> AwardsResult:
        """One page of the award rows passing ``req``'s filters, with recipient counts."""
        ...

    def award_rows(self, req: AwardsRequest) -> list[AwardRow]:
        """Every award row passing ``req``'s filters (CSV export), in timeline order."""
        ...

    def canonical_recipient(self, name: str) -> str | None:
        """The recipient as the awards table spells it, or None when nobody of that name."""
        ...

    def award_bodies(self) -> tuple[str, ...]:
        """Every conferring body of the awards table, sorted (the overview's body filter)."""
        ...

    def unit_names(self) -> tuple[str, ...]:
        """Every canonical unit of the index (the unit facet's values), sorted."""
        ...

    def facet_values(self, req: SearchRequest, facet: str, find: str) -> list[FacetBucket]:
        """Every value of ``facet`` for ``req`` whose name holds ``find`` (folded), not only
        the first ``facets.MAX_BUCKETS`` of a search answer."""
        ...

    def complete(self, query: str) -> list[Suggestion]:
        """At most ten completions of the words ending ``query`` (suggestions as you type)."""
        ...

    def close(self) -> None: ...


class LocalBackend:
    """``SearchBackend`` over one index generation opened in this process."""

    def __init__(self, view: IndexView) -> None:
        self.view = view

    @classmethod
    def open(cls, opened: OpenedIndex) -> LocalBackend:
        return cls(IndexView(opened))

    @property
    def meta(self) -> dict[str, Any]:
        return self.view.meta

    def search(self, req: SearchRequest) -> SearchResult:
        return search(self.view, req)

    def article(self, article_id: str) -> ArticleDetail | None:
        return get_article(self.view, article_id)

    def awards(self, req: AwardsRequest) -> AwardsResult:
        return query_awards(table_for(self.view), req)

    def award_rows(self, req: AwardsRequest) -> list[AwardRow]:
        return table_for(self.view).select(req)

    def canonical_recipient(self, name: str) -> str | None:
        return table_for(self.view).canonical(name)

    def award_bodies(self) -> tuple[str, ...]:
        return table_for(self.view).bodies

    def unit_names(self) -> tuple[str, ...]:
        return self.view.facet_columns["unit"].names

    def facet_values(self, req: SearchRequest, facet: str, find: str) -> list[FacetBucket]:
        return all_values(self.view, req, facet, find)

    def complete(self, query: str) -> list[Suggestion]:
        return complete(self.view, query)

    def close(self) -> None:
        self.view.close()
