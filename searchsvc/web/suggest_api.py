"""``GET /api/suggest?q=``: completions as you type, for the search box's listbox (site.js)
and any other client.

The engine side is ``searchsvc.engine.complete``; this module validates the one parameter,
turns each completion into a link (a search for a word, a unit filter, an article) and adds the
API's caching (the same weak ETag as search answers: the index served plus the query).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify, request, url_for

from searchsvc.engine.complete import Suggestion
from searchsvc.engine.request import SearchRequest
from searchsvc.web import index_holder, urls
from searchsvc.web.caching import cached, finish_cacheable
from searchsvc.web.schemas import dump
from searchsvc.web.suggest_schemas import Suggestion as SuggestionModel
from searchsvc.web.suggest_schemas import SuggestParams, SuggestResponse

bp = Blueprint("suggest_api", __name__, url_prefix="/api")


def suggestion_url(item: Suggestion) -> str:
    """Where choosing ``item`` leads: the search for it, its unit's articles, or the article."""
    if item.kind == "title" and item.article_id:
        return url_for("views.article_page", article_id=item.article_id)
    here = url_for("views.search_page")
    if item.kind == "unit":
        return urls.unit_url(here, item.text)
    return urls.with_query(here, SearchRequest(q=item.value))


@bp.get("/suggest")
def api_suggest() -> Response:
    params = SuggestParams.parse(request.args.to_dict(flat=False))
    etag, not_modified = cached("suggest", params.q, absolute_urls=False)
    if not_modified is not None:
        return not_modified
    found = index_holder.get_backend().complete(params.q) if params.q.strip() else []
    answer = SuggestResponse(
        query=params.q,
        suggestions=[
            SuggestionModel(text=s.text, value=s.value, kind=s.kind, url=suggestion_url(s))
            for s in found
        ],
    )
    return finish_cacheable(jsonify(dump(answer)), etag, absolute_urls=False)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
