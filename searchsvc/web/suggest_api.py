"""``GET /api/suggest?q=``: completions as you type, for the search box's listbox (site.js)
and any other client.

The engine side is ``searchsvc.engine.complete``; this module validates the one parameter,
turns each completion into a link (a search for a word, a unit filter, an article) and adds the
API's caching (the same weak ETag as search answers: the index served plus the query).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify, request, url_for

from searchsvc.engine.complete import Suggestion
from searchsvc.engine.request import MAX_QUERY_CHARS, RequestError, SearchRequest, reject_unknown
from searchsvc.web import index_holder, urls
from searchsvc.web.api import cached, finish_cacheable

bp = Blueprint("suggest_api", __name__, url_prefix="/api")

PARAMETERS = ("q",)


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
    args = request.args.to_dict(flat=False)
    reject_unknown(args, PARAMETERS)
    values = args.get("q") or [""]
    if len(values) > 1:
        raise RequestError("invalid_parameter", "'q' may be given only once.", "q")
    query = values[0]
    if len(query) > MAX_QUERY_CHARS:
        raise RequestError(
            "query_too_long", f"The query is longer than {MAX_QUERY_CHARS} characters.", "q"
        )
    etag, not_modified = cached("suggest", query)
    if not_modified is not None:
        return not_modified
    found = index_holder.get_backend().complete(query) if query.strip() else []
    body = {
        "query": query,
        "suggestions": [
            {"text": s.text, "value": s.value, "kind": s.kind, "url": suggestion_url(s)}
            for s in found
        ],
    }
    return finish_cacheable(jsonify(body), etag)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
