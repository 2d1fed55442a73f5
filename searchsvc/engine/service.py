"""Search, framework-free: a validated request in, one ``SearchResult`` out (JSON and HTML alike).

Per query: parse (``querylang``), turn it into (field, term) lookups (``terms``: the one place),
match strict clauses by set algebra over cached document masks and plain words by soft AND
(``matching``, ``relax``, ``postings``), count facets over every match (``facets``), score the
documents passing the facet selections (BM25 plus proximity over all of them: ``proximity``),
rerank the first hundred (``rerank``), and highlight only the page asked for. A time budget
(``budget``) lets a long query answer with what it has. Whoosh stores, analyses and serves the
posting lists and stored fields.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from indexer import schema as f
from indexer.generations import OpenedIndex
from searchsvc.engine import facets, highlight, matching, proximity, relax, rerank, suggest
from searchsvc.engine.budget import Budget, Clock
from searchsvc.engine.postings import PostingCache
from searchsvc.engine.querylang import parse_query, positive_tokens
from searchsvc.engine.reader import IndexReader
from searchsvc.engine.request import SearchRequest
from searchsvc.engine.result import Hit, SearchResult
from searchsvc.engine.terms import QueryPlan, plan_query
from searchsvc.engine.whoosh_reader import WhooshReader

FACET_FIELDS = {"unit": f.UNITS, "year": f.YEAR, "award": f.AWARD_TYPES}
RELATED_ARTICLES = 5
# Candidates reranked (searchsvc.engine.rerank): more than any page a person reads (10 pages of 10),
# few enough that reading their postings stays cheap. Beyond it, stage-one order alone.
RERANK_DEPTH = 100


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
    # When a web archive or mirror captured the page (ISO date): shown beside, never as, the
    # publication date.
    captured: str | None = None


class IndexView:
    """One open index generation: its reader and the per-document and facet columns.

    Index readers are not safe to share between threads, so searches on one view are
    serialised; a multi-process server (gunicorn workers) still searches in parallel.
    ``reader`` defaults to the Whoosh adapter over a searcher of ``opened.index``; any
    ``IndexReader`` serves.
    """

    def __init__(self, opened: OpenedIndex, reader: IndexReader | None = None) -> None:
        self.meta: dict[str, Any] = opened.meta
        self.reader: IndexReader = (
            reader if reader is not None else WhooshReader(opened.index.searcher())
        )
        self.lock = threading.Lock()
        # Document ids by document number, read once from the id column (in bulk: a numpy
        # array from the Whoosh reader): tie-breaking reads many per query (stored fields
        # would unpickle whole articles).
        self.ids: Sequence[str] = self.reader.column(f.ID_FIELD)
        self.postings = PostingCache(self.reader)
        self.doc_columns = matching.Columns(self.reader, self.ids)
        self.facet_columns = {
            name: facets.FacetColumn.from_reader(self.reader, fieldname)
            for name, fieldname in FACET_FIELDS.items()
        }

    def close(self) -> None:
        self.reader.close()


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


def _ranked(  # type: ignore[no-untyped-def]
    view: IndexView,
    plan: QueryPlan | None,
    matched: relax.Matched,
    req: SearchRequest,
    docs,
    limit: int,
    budget: Budget,
):
    """(document, score) of the first ``limit`` of mask ``docs`` in the requested order.

    Relevance: soft AND's coverage level first (``searchsvc.engine.relax``), then BM25 of the
    plan's terms plus its proximity pairs over every candidate, the best ``RERANK_DEPTH``
    reranked (``searchsvc.engine.rerank``), the rest in that order; equal scores go by
    document id, so pages neither overlap nor skip.
    """
    if req.sort != "relevance" or plan is None:
        ranked = matching.top_by_date(view.doc_columns, docs, limit, oldest=req.sort == "oldest")
        return [(d, None) for d in ranked]
    scores = matching.bm25(view.postings, view.doc_columns, plan.scoring(), budget)
    likely = proximity.add_proximity(view.postings, view.doc_columns, plan, budget, scores)
    level = matched.level
    scored = matching.top_by_score(scores, view.doc_columns, docs, max(limit, RERANK_DEPTH), level)
    head, tail = scored[:RERANK_DEPTH], scored[RERANK_DEPTH:]
    if budget.allows():
        titles = view.doc_columns.title_syllables
        new = rerank.rerank(
            view.postings, head, plan.folded(), plan.exact(), plan.pairs(), titles, likely
        )
        head = _by_level_score_id(view.doc_columns, new, level)
    return (head + tail)[:limit]


def _by_level_score_id(
    columns: matching.Columns, scored: dict[int, float], level: np.ndarray | None
) -> list[tuple[int, float]]:
    """``scored`` (document: score) ordered by coverage level, then score (both descending),
    then document id: one ``np.lexsort`` (the id's rank stands for the id: live ids are
    distinct) instead of a Python key per candidate."""
    docs = np.fromiter(scored, dtype=np.int64, count=len(scored))
    scores = np.fromiter(scored.values(), dtype=np.float64, count=len(scored))
    keys = [columns.id_rank[docs], -scores]
    if level is not None:
        keys.append(-level[docs])
    order = np.lexsort(keys)
    return list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))


def search(view: IndexView, req: SearchRequest, clock: Clock = time.thread_time) -> SearchResult:
    """Run ``req`` against ``view``; ``clock`` times its budget (tests inject one)."""
    started = time.perf_counter()
    budget = Budget(clock)
    node, _ = parse_query(req.q)
    plan = plan_query(node)
    positive = positive_tokens(node)
    folded_query = set(plan.folded()) if plan else set()
    selections = {"unit": req.units, "year": req.years, "award": req.awards}
    with view.lock:
        live = view.doc_columns.live
        matched = relax.match_query(view.postings, live, req.q, plan, budget)
        outcome = facets.count(view.facet_columns, matched.docs, selections)
        total = int(np.count_nonzero(outcome.allowed))
        offset = (req.page - 1) * req.per_page
        hits: list[Hit] = []
        if offset < total:
            limit = offset + req.per_page
            ranked = _ranked(view, plan, matched, req, outcome.allowed, limit, budget)
            for docnum, score in ranked[offset:]:
                hits.append(_hit(view.reader.stored(docnum), folded_query, score))
        suggestion = None
        wanted = total < suggest.SUGGEST_BELOW or matched.not_required
        if positive and wanted and budget.allows():
            # On the search's clock (CPU time in service): a wall-clock 20 ms ran out at
            # load 10 on the shared machine and left the suggestion unaccented at random.
            suggestion = suggest.suggest(view.reader, positive, clock)
    facet_buckets = {
        name: facets.buckets(
            view.facet_columns[name],
            outcome.counts[name],
            selections[name],
            order="value" if name == "year" else "count",
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
        not_required=matched.not_required,
        partial=budget.spent,
        facets_truncated={
            name: int(np.count_nonzero(outcome.counts[name])) > facets.MAX_BUCKETS
            for name in FACET_FIELDS
        },
    )


def get_article(view: IndexView, article_id: str) -> ArticleDetail | None:
    """The stored article with this id, with related articles, or None."""
    with view.lock:
        docnum = view.reader.docnum_of(article_id)
        if docnum is None:
            return None
        stored = view.reader.stored(docnum)
        text = f"{stored[f.TITLE]}\n{stored[f.BODY]}"
        related = view.reader.related(docnum, f.TEXT_FOLD, text, RELATED_ARTICLES)
        related_hits = tuple(_hit(view.reader.stored(d), set(), None) for d in related)
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
        captured=stored.get(f.CAPTURED),
    )
