"""The JSON API for other sites: search, one article, the OpenAPI document, and ``/healthz``.

Search runs through the same ``search()`` call and ``SearchResult`` as the HTML page; this module
only renders it (``searchsvc.web.schemas``) and adds HTTP caching (``searchsvc.web.caching``).
CORS, compression and limits are HTTP commons (``commons``, ``ratelimit``).
"""

from __future__ import annotations

import re

from flask import Blueprint, Flask, Response, jsonify, request, url_for

from searchsvc.web import index_holder, urls
from searchsvc.web.caching import cache_control, cached, finish_cacheable
from searchsvc.web.errors import error_response
from searchsvc.web.openapi import openapi_document
from searchsvc.web.params import parse_request
from searchsvc.web.schemas import Article, Health, SearchResponse, dump

bp = Blueprint("api", __name__, url_prefix="/api")
ops = Blueprint("ops", __name__)

# Article ids are 16 hex digits (indexer.schema.doc_id); anything else is unknown without lookup.
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


def request_args() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


@bp.get("/search")
def api_search() -> Response:
    req = parse_request(request_args())
    etag, not_modified = cached("search", urls.with_query("", req))
    if not_modified is not None:
        return not_modified
    result = index_holder.get_backend().search(req)
    here = url_for("api.api_search", _external=True)
    answer = SearchResponse.of(result, urls.next_url(here, result), urls.prev_url(here, result))
    return finish_cacheable(jsonify(dump(answer)), etag)


@bp.get("/articles/<article_id>")
def api_article(article_id: str) -> Response:
    if not ARTICLE_ID.match(article_id):
        return error_response(404, "not_found", f"No article with id '{article_id[:40]}'.")
    etag, not_modified = cached("article", article_id, absolute_urls=False)
    if not_modified is not None:
        return not_modified
    detail = index_holder.get_backend().article(article_id)
    if detail is None:
        return error_response(404, "not_found", f"No article with id '{article_id}'.")
    return finish_cacheable(
        jsonify(dump(Article.model_validate(detail))), etag, absolute_urls=False
    )


@bp.get("/openapi.json")
def api_openapi() -> Response:
    response = jsonify(openapi_document(request.url_root.rstrip("/")))
    response.headers["Cache-Control"] = cache_control()
    return response


@ops.get("/healthz")
def healthz() -> Response:
    """Which index this worker serves: generation, article count, build time."""
    meta = index_holder.get_backend().meta
    fields = {name: meta.get(name) for name in Health.model_fields if name != "status"}
    response = jsonify(dump(Health(status="ok", **fields)))
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(ops)
