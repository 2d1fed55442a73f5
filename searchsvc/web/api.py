"""The JSON API for other sites: search, one article, the OpenAPI document, and ``/healthz``.

Search runs through the same ``search()`` call and ``SearchResult`` as the HTML page; this module
only renders it (``result_to_json``) and adds HTTP caching: a weak ETag from the served index
(generation, build time, real path) plus the canonical request, so an unchanged answer is a 304
without running the search again. CORS headers go on every machine response, errors included,
or a browser reports a CORS failure instead of our 400.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for

from searchsvc.engine.request import parse_request
from searchsvc.engine.result import hit_to_json, result_to_json
from searchsvc.web import index_holder, urls
from searchsvc.web.errors import error_response, is_machine_path
from searchsvc.web.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")
ops = Blueprint("ops", __name__)

# Article ids are 16 hex digits (indexer.schema.doc_id); anything else is unknown without lookup.
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
# How long a browser may reuse a CORS preflight answer.
PREFLIGHT_MAX_AGE = 600


def request_args() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


def index_etag(kind: str, canonical: str) -> str:
    """Weak ETag of ``canonical`` (a request) against the index this request is served from."""
    served = index_holder.served()
    meta = served.backend.meta
    basis = "|".join(
        (kind, str(meta.get("generation")), str(meta.get("built_at")), served.realpath, canonical)
    )
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def cached(kind: str, canonical: str) -> tuple[str, Response | None]:
    """The ETag for this answer, and a ready 304 when the caller already has it."""
    etag = index_etag(kind, canonical)
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        return etag, finish_cacheable(response, etag)
    return etag, None


def finish_cacheable(response: Response, etag: str) -> Response:
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = f"public, max-age={current_app.config['CACHE_MAX_AGE']}"
    return response


@bp.get("/search")
def api_search() -> Response:
    req = parse_request(request_args())
    etag, not_modified = cached("search", urls.with_query("", req))
    if not_modified is not None:
        return not_modified
    result = index_holder.get_backend().search(req)
    following = urls.next_url(url_for("api.api_search", _external=True), result)
    return finish_cacheable(jsonify(result_to_json(result, following)), etag)


def article_to_json(detail: Any) -> dict[str, Any]:
    """The documented shape of ``GET /api/articles/<id>``."""
    published = detail.published
    return {
        "id": detail.id,
        "title": detail.title,
        "paragraphs": list(detail.paragraphs),
        "published": published.isoformat() if hasattr(published, "isoformat") else published,
        "year": detail.year,
        "units": list(detail.units),
        "author": detail.author,
        "source": detail.source,
        "url": detail.url,
        "path": detail.path,
        "copies": list(detail.copies),
        "awards": list(detail.awards),
        "related": [hit_to_json(hit) for hit in detail.related],
    }


@bp.get("/articles/<article_id>")
def api_article(article_id: str) -> Response:
    if not ARTICLE_ID.match(article_id):
        return error_response(404, "not_found", f"No article with id '{article_id[:40]}'.")
    etag, not_modified = cached("article", article_id)
    if not_modified is not None:
        return not_modified
    detail = index_holder.get_backend().article(article_id)
    if detail is None:
        return error_response(404, "not_found", f"No article with id '{article_id}'.")
    return finish_cacheable(jsonify(article_to_json(detail)), etag)


@bp.get("/openapi.json")
def api_openapi() -> Response:
    return jsonify(openapi_document(request.host_url.rstrip("/")))


@ops.get("/healthz")
def healthz() -> Response:
    """Which index this worker serves: generation, article count, build time."""
    meta = index_holder.get_backend().meta
    response = jsonify(
        {
            "status": "ok",
            "generation": meta.get("generation"),
            "articles": meta.get("articles"),
            "built_at": meta.get("built_at"),
            "analysis_version": meta.get("analysis_version"),
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def add_cors(response: Response) -> Response:
    """CORS for GET on every machine path, on successes and errors alike."""
    if not is_machine_path(request.path):
        return response
    origins = current_app.config["CORS_ORIGINS"]
    origin = request.headers.get("Origin")
    if "*" in origins:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin and origin in origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        response.vary.add("Origin")
        return response
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(ops)
    app.after_request(add_cors)
