"""The HTML pages: search and article, server-rendered in Vietnamese, working without JavaScript.

The search page is a view of the API: the same ``parse_request`` -> ``search`` -> ``SearchResult``
path, rendered through templates instead of ``result_to_json``. All URLs a page shows are built
in ``searchsvc.web.urls``; templates only loop and branch.

A search's whole state lives in its URL, and the article links of a result page carry it (the
same query parameters), so the article page's back link returns to the exact search: query,
filters, sort and page. Layout decisions (filter panel folded on phones, results before filters
in reading order) are made by HTML and CSS at first paint, never by script afterwards, so the
page does not shift.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from searchsvc.engine.facets import MAX_BUCKETS
from searchsvc.engine.request import RequestError, SearchRequest
from searchsvc.web import charts, index_holder, urls
from searchsvc.web.params import parse_request
from searchsvc.web.schemas import http_url

bp = Blueprint("views", __name__)

# Article ids are 16 hex digits (indexer.schema.doc_id); anything else is a 404 without lookup.
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")

FACET_LABELS = {"unit": "Đơn vị", "year": "Năm", "award": "Khen thưởng"}
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
UNKNOWN_YEAR_LABEL = "Không rõ năm"
# Meta descriptions: search engines show about 155 characters; cut at a word before that.
DESCRIPTION_CHARS = 155
# A name filter longer than any unit name is not a filter.
MAX_FIND_CHARS = 120
# The fragment that keeps the phone filter panel open across a filter click (``#filters`` is
# the panel; CSS opens it on :target, so it works without script).
PANEL_FRAGMENT = "#filters"


def vn_number(value: int | float) -> str:
    """Vietnamese number style: dot between thousands, comma before decimals (1.234 / 0,02)."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return f"{value:.2f}".replace(".", ",")


def vn_date(value: Any) -> str:
    """``15/06/2020`` from an ISO date string or a date; empty when unknown."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


def facet_value_label(facet: str, value: str) -> str:
    return UNKNOWN_YEAR_LABEL if facet == "year" and value == "unknown" else value


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, cut at the last word boundary within ``limit`` characters (+ "…")."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:–- ") + "…"


def article_url(article_id: str, req: SearchRequest | None = None) -> str:
    """An article's address; from a result page it carries the search (``req``), so the
    article's back link can return to it."""
    path = url_for("views.article_page", article_id=article_id)
    return urls.with_query(path, req) if req is not None else path


def pinned(links: list[urls.FacetLink]) -> list[urls.FacetLink]:
    """Selected values first (in the order they were chosen), then the rest as ranked: a chosen
    value never sinks out of sight into "more"."""
    chosen = [link for link in links if link.selected]
    return chosen + [link for link in links if not link.selected]


def panel_links(links: dict[str, list[urls.FacetLink]]) -> dict[str, list[urls.FacetLink]]:
    """The facet links as the filter panel shows them: pinned, each keeping the panel open."""
    return {
        name: [
            dataclasses.replace(link, toggle_url=link.toggle_url + PANEL_FRAGMENT)
            for link in pinned(items)
        ]
        for name, items in links.items()
    }


def is_cut(links: list[urls.FacetLink]) -> bool:
    """Whether the engine stopped listing this facet's values. It lists the ``MAX_BUCKETS``
    biggest values with articles, then any selected value it left out; so a facet is cut
    exactly when that many values with articles are listed."""
    return sum(1 for link in links if link.count) >= MAX_BUCKETS


def facet_cuts(result: Any, links: dict[str, list[urls.FacetLink]]) -> dict[str, bool]:
    """Per facet, whether it was cut: the result's own flags when it has them, else the rule."""
    flags = getattr(result, "facets_truncated", None)
    if isinstance(flags, dict) and flags:
        return {name: bool(flags.get(name)) for name in links}
    return {name: is_cut(items) for name, items in links.items()}


@bp.get("/")
def search_page() -> str:
    req = parse_request(request.args.to_dict(flat=False))
    result = index_holder.get_backend().search(req)
    here = url_for("views.search_page")
    pages = urls.page_links(here, result)
    facets = panel_links(urls.facet_links(here, result))
    selected = urls.selected_filters(here, req)
    if req.q:
        description = f"Kết quả tìm «{req.q}» trong kho tin giáo dục: {result.total} bài viết."
    else:
        description = "Tìm bài viết trong kho tin giáo dục, có dấu hoặc không dấu."
    return render_template(
        "search.html",
        req=req,
        result=result,
        facets=facets,
        cut=facet_cuts(result, facets),
        # Soft AND and the time budget (searchsvc.engine.relax, budget), when the engine has them.
        relaxed_words=tuple(getattr(result, "not_required", ())),
        result_partial=bool(getattr(result, "partial", False)),
        all_values_url={
            name: urls.with_query(url_for("views.facet_values_page", facet=name), req)
            for name in facets
        },
        histogram=charts.year_histogram(facets["year"]),
        state_fields=[(k, v) for k, v in req.to_params() if k != "page"],
        filter_count=len(selected),
        description=description,
        selected=selected,
        clear_url=urls.clear_filters_url(here, req),
        pages=pages if result.pages > 1 else [],
        prev_url=urls.page_url(here, req, req.page - 1) if req.page > 1 else None,
        next_url=urls.next_url(here, result),
        suggestion_url=(
            urls.suggestion_url(here, req, result.suggestion) if result.suggestion else None
        ),
        hidden=urls.hidden_fields(req),
        sorts=SORT_LABELS,
        feed_url=urls.with_query(url_for("feeds.atom"), req.with_page(1)),
        api_url=urls.with_query(url_for("api.api_search"), req),
        first_rank=(req.page - 1) * req.per_page + 1,
    )


def search_state() -> SearchRequest | None:
    """The search an article was opened from (its query parameters), or None when there was
    none or it is not a valid search (the back link then goes to the empty search page)."""
    if not request.args:
        return None
    try:
        return parse_request(request.args.to_dict(flat=False))
    except RequestError:
        return None


@bp.get("/articles/<article_id>")
def article_page(article_id: str) -> str:
    if not ARTICLE_ID.match(article_id):
        abort(404, description="Không có bài viết này.")
    article = index_holder.get_backend().article(article_id)
    if article is None:
        abort(404, description="Không có bài viết này.")
    here = url_for("views.search_page")
    state = search_state()
    return render_template(
        "article.html",
        article=article,
        state=state,
        back_url=urls.with_query(here, state) if state else here,
        canonical_url=url_for("views.article_page", article_id=article.id, _external=True),
        description=shorten(" ".join(article.paragraphs[:2]) or article.title),
        unit_links=[(unit, urls.unit_url(here, unit)) for unit in article.units],
        year_url=(
            urls.with_query(here, urls.toggle(parse_request({}), "year", str(article.year)))
            if article.year
            else None
        ),
    )


@bp.get("/filters/<facet>")
def facet_values_page(facet: str) -> str:
    """Every value of one facet for a search, with a name filter (``find``): the rest of a
    facet that the search page had to cut."""
    if facet not in FACET_LABELS:
        abort(404, description="Không có bộ lọc này.")
    args = request.args.to_dict(flat=False)
    find = " ".join((args.pop("find", None) or [""])[0].split())[:MAX_FIND_CHARS]
    req = parse_request(args)
    here = url_for("views.search_page")
    buckets = index_holder.get_backend().facet_values(req, facet, find)
    links = [
        urls.FacetLink(
            b.value, b.count, b.selected, urls.with_query(here, urls.toggle(req, facet, b.value))
        )
        for b in buckets
    ]
    return render_template(
        "facet_values.html",
        req=req,
        facet=facet,
        find=find,
        links=links,
        hidden=[(k, v) for k, v in req.to_params() if k != "page"],
        back_url=urls.with_query(here, req),
        description=f"{FACET_LABELS[facet]}: mọi giá trị của tìm kiếm này.",
    )


@bp.get("/favicon.ico")
def favicon():  # type: ignore[no-untyped-def]
    """Browsers ask for ``/favicon.ico`` whatever the page links: serve it, not a 404."""
    return send_from_directory(
        current_app.static_folder or "", "favicon.ico", mimetype="image/vnd.microsoft.icon"
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(article_url, "article_url")
    app.jinja_env.globals["MAX_FACET_VALUES"] = MAX_BUCKETS
    app.add_template_global(charts.award_chart, "award_chart")
    app.add_template_filter(vn_number, "vn_number")
    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(http_url, "http_url")
    app.jinja_env.globals["FACET_LABELS"] = FACET_LABELS
    app.add_template_global(facet_value_label, "facet_value_label")
