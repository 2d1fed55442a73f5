"""Search, framework-free: a validated request in, one ``SearchResult`` out (JSON and HTML alike).

Per query: parse (``querylang``), build the Whoosh query (``querybuild``), collect the matching
document numbers once, count facets over them in Python (``facets``), then score only the page
asked for, restricted to the documents passing the facet selections.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh import sorting

from indexer import schema as f
from indexer.analysis import fold_syllable
from indexer.store import OpenedIndex
from searchsvc import facets, highlight, proximity, suggest
from searchsvc.querybuild import adjacency_sequence, to_whoosh
from searchsvc.querylang import parse_query, positive_tokens
from searchsvc.request import SearchRequest
from searchsvc.result import Hit, SearchResult

FACET_FIELDS = {"unit": f.UNITS, "year": f.YEAR, "award": f.AWARD_TYPES}
RELATED_ARTICLES = 5
# Candidates reranked by adjacency: more than any page a person reads (10 pages of 10), few
# enough that reading their positions stays cheap. Beyond it, order is by term scores alone.
RERANK_DEPTH = 100
# An article holding every neighbouring pair of the query side by side gets its term score
# multiplied by 1.5: enough to lift "Thái Nguyên" written together above scattered mentions
# of similar term weight, not enough to bury a much better term match.
ADJACENCY_WEIGHT = 0.5


@dataclass(frozen=True)
class ArticleDetail:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    published: str | None
    year: int | None
    units: tuple[str, ...]
    author: str | None
    source: str | None
    url: str | None
    path: str
    copies: tuple[str, ...]
    awards: tuple[dict[str, Any], ...]
    related: tuple[Hit, ...] = field(default=())


class IndexView:
    """One open index generation, its searcher and the per-index facet columns.

    Whoosh searchers are not safe to share between threads, so searches on one view are
    serialised; a multi-process server (gunicorn workers) still searches in parallel.
    """

    def __init__(self, opened: OpenedIndex) -> None:
        self.opened = opened
        self.meta: dict[str, Any] = opened.meta
        self.searcher = opened.index.searcher()
        self.lock = threading.Lock()
        reader = self.searcher.reader()
        self.columns = {
            name: facets.FacetColumn.from_reader(reader, fieldname)
            for name, fieldname in FACET_FIELDS.items()
        }

    @property
    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def close(self) -> None:
        self.searcher.close()


def _year(stored: dict[str, Any]) -> int | None:
    value = stored.get(f.YEAR)
    return int(value) if value and value.isdigit() else None


def _hit(stored: dict[str, Any], folded_query: set[str], score: float | None) -> Hit:
    return Hit(
        id=stored[f.ID_FIELD],
        title=stored[f.TITLE],
        title_html=highlight.highlight_all(stored[f.TITLE], folded_query),
        path=stored[f.PATH],
        url=stored.get(f.URL),
        published=stored.get(f.PUBLISHED_ISO),
        year=_year(stored),
        units=tuple(u for u in (stored.get(f.UNITS) or "").split(",") if u),
        snippet=highlight.snippet(stored[f.BODY], folded_query),
        score=score,
        copies=tuple(stored.get(f.COPIES) or ()),
    )


def _by_order(view: IndexView, query: wq.Query, req: SearchRequest, allowed, limit: int):  # type: ignore[no-untyped-def]
    """First ``limit`` documents by publication date (newest or oldest), ties by id."""
    key = f.OLDEST_KEY if req.sort == "oldest" else f.PUBLISHED
    order = sorting.MultiFacet(
        [sorting.FieldFacet(key, reverse=req.sort != "oldest"), sorting.FieldFacet(f.ID_FIELD)]
    )
    results = view.searcher.search(query, limit=limit, filter=allowed, sortedby=order)
    return [(hit.docnum, None) for hit in results]


def _by_relevance(view: IndexView, query: wq.Query, sequence, allowed, limit: int):  # type: ignore[no-untyped-def]
    """First ``limit`` documents by relevance: term scores, then the best ``RERANK_DEPTH`` of
    them reranked by adjacency of the query's syllables. Equal scores go by document id, so
    pages neither overlap nor skip between requests."""
    searcher = view.searcher
    cut = max(limit, RERANK_DEPTH)
    fetch = cut + 1
    while True:
        scored = [(h.docnum, h.score) for h in searcher.search(query, limit=fetch, filter=allowed)]
        # Widen until the cut does not fall inside a run of equal scores.
        if len(scored) < fetch or scored[cut - 1][1] != scored[-1][1]:
            break
        fetch *= 2
    ids = {d: searcher.stored_fields(d)[f.ID_FIELD] for d, _ in scored}
    scored.sort(key=lambda item: (-item[1], ids[item[0]]))
    head, tail = scored[:RERANK_DEPTH], scored[RERANK_DEPTH:cut]
    if sequence and len(sequence) > 1 and head:
        docnums = [d for d, _ in head]
        title = proximity.adjacent_pairs(searcher, f.TITLE_FOLD, sequence, docnums)
        body = proximity.adjacent_pairs(searcher, f.BODY_FOLD, sequence, docnums)
        pairs = len(sequence) - 1
        head = [(d, s * (1 + ADJACENCY_WEIGHT * max(title[d], body[d]) / pairs)) for d, s in head]
        head.sort(key=lambda item: (-item[1], ids[item[0]]))
    return (head + tail)[:limit]


def search(view: IndexView, req: SearchRequest) -> SearchResult:
    """Run ``req`` against ``view``."""
    started = time.perf_counter()
    node, _ = parse_query(req.q)
    matching = to_whoosh(node) if node is not None else wq.Every()
    sequence = adjacency_sequence(node) if node is not None else None
    positive = positive_tokens(node)
    folded_query = {fold_syllable(t) for t in positive}
    selections = {"unit": req.units, "year": req.years, "award": req.awards}
    with view.lock:
        if node is None and req.q:
            matched: list[int] = []  # only punctuation: nothing to look for
        else:
            matched = list(view.searcher.docs_for_query(matching))
        outcome = facets.count(view.columns, matched, selections)
        total = len(outcome.allowed)
        offset = (req.page - 1) * req.per_page
        hits: list[Hit] = []
        if offset < total:
            allowed = set(outcome.allowed) if any(selections.values()) else None
            limit = offset + req.per_page
            if req.sort != "relevance" or node is None:
                ranked = _by_order(view, matching, req, allowed, limit)
            else:
                ranked = _by_relevance(view, matching, sequence, allowed, limit)
            for docnum, score in ranked[offset:]:
                hits.append(_hit(view.searcher.stored_fields(docnum), folded_query, score))
        suggestion = None
        if positive and total < suggest.SUGGEST_BELOW:
            suggestion = suggest.suggest(view.searcher, positive)
    facet_buckets = {
        name: facets.buckets(
            outcome.counts[name], selections[name], order="value" if name == "year" else "count"
        )
        for name in FACET_FIELDS
    }
    return SearchResult(
        request=req,
        total=total,
        took_ms=(time.perf_counter() - started) * 1000,
        hits=tuple(hits),
        facets=facet_buckets,
        suggestion=suggestion,
    )


def get_article(view: IndexView, article_id: str) -> ArticleDetail | None:
    """The stored article with this id, with related articles, or None."""
    with view.lock:
        docnum = view.searcher.document_number(**{f.ID_FIELD: article_id})
        if docnum is None:
            return None
        stored = view.searcher.stored_fields(docnum)
        related = view.searcher.more_like(
            docnum, f.BODY_FOLD, text=stored[f.BODY], top=RELATED_ARTICLES
        )
        related_hits = tuple(_hit(hit.fields(), set(), None) for hit in related)
    return ArticleDetail(
        id=stored[f.ID_FIELD],
        title=stored[f.TITLE],
        paragraphs=tuple(p.strip() for p in stored[f.BODY].split("\n") if p.strip()),
        published=stored.get(f.PUBLISHED_ISO),
        year=_year(stored),
        units=tuple(u for u in (stored.get(f.UNITS) or "").split(",") if u),
        author=stored.get(f.AUTHOR),
        source=stored.get(f.SOURCE),
        url=stored.get(f.URL),
        path=stored[f.PATH],
        copies=tuple(stored.get(f.COPIES) or ()),
        awards=tuple(json.loads(stored.get(f.AWARDS_JSON) or "[]")),
        related=related_hits,
    )
