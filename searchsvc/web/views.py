"""The HTML pages: search and article, server-rendered in Vietnamese, working without JavaScript.

The search page is a view of the API: the same ``parse_request`` -> ``search`` -> ``SearchResult``
path, rendered through templates instead of ``result_to_json``. All URLs a page shows are built
in ``searchsvc.web.urls``; templates only loop and branch.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Blueprint, Flask, abort, render_template, request, url_for

from searchsvc.web import index_holder, urls
from searchsvc.web.params import parse_request
from searchsvc.web.schemas import http_url

bp = Blueprint("views", __name__)

# Article ids are 16 hex digits (indexer.schema.doc_id); anything else is a 404 without lookup.
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")

FACET_LABELS = {"unit": "Đơn vị", "year": "Năm", "award": "Khen thưởng"}
SORT_LABELS = {"relevance": "Liên quan nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
UNKNOWN_YEAR_LABEL = "Không rõ năm"


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


@bp.get("/")
def search_page() -> str:
    req = parse_request(request.args.to_dict(flat=False))
    result = index_holder.get_backend().search(req)
    here = url_for("views.search_page")
    pages = urls.page_links(here, result)
    return render_template(
        "search.html",
        req=req,
        result=result,
        facets=urls.facet_links(here, result),
        selected=urls.selected_filters(here, req),
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


@bp.get("/articles/<article_id>")
def article_page(article_id: str) -> str:
    if not ARTICLE_ID.match(article_id):
        abort(404, description="Không có bài viết này.")
    article = index_holder.get_backend().article(article_id)
    if article is None:
        abort(404, description="Không có bài viết này.")
    here = url_for("views.search_page")
    return render_template(
        "article.html",
        article=article,
        unit_links=[(unit, urls.unit_url(here, unit)) for unit in article.units],
        year_url=(
            urls.with_query(here, urls.toggle(parse_request({}), "year", str(article.year)))
            if article.year
            else None
        ),
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_filter(vn_number, "vn_number")
    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(http_url, "http_url")
    app.jinja_env.globals["FACET_LABELS"] = FACET_LABELS
    app.add_template_global(facet_value_label, "facet_value_label")
