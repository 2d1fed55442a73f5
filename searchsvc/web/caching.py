"""HTTP caching for every machine endpoint: a weak ETag, 304 answers, and ``Cache-Control``.

The ETag is the served index (generation, build time, and its identity: real path plus the meta
file's inode, size, time and checksum, as ``index_holder`` compares them, so an index rebuilt at
the same path within one second is another index) plus the canonical request, so an unchanged
answer is a 304 without running the search again. An answer holding absolute URLs
is only ``public`` when those URLs come from the configured ``BASE_URL``: built from the request's
Host header instead, a shared cache would hand one caller's (possibly forged) host to everyone.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request

from searchsvc.web import index_holder


def index_etag(kind: str, canonical: str) -> str:
    """Weak ETag of ``canonical`` (a request) against the index this request is served from."""
    served = index_holder.served()
    meta = served.backend.meta
    basis = "|".join(
        (kind, str(meta.get("generation")), str(meta.get("built_at")), served.identity, canonical)
    )
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def cached(kind: str, canonical: str, *, absolute_urls: bool = True) -> tuple[str, Response | None]:
    """The ETag for this answer, and a ready 304 when the caller already has it."""
    etag = index_etag(kind, canonical)
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        return etag, finish_cacheable(response, etag, absolute_urls=absolute_urls)
    return etag, None


def cache_control(*, absolute_urls: bool = True) -> str:
    """``public`` unless the answer holds URLs built from an untrusted Host header."""
    scope = "public" if current_app.config["BASE_URL"] or not absolute_urls else "private"
    return f"{scope}, max-age={current_app.config['CACHE_MAX_AGE']}"


def finish_cacheable(response: Response, etag: str, *, absolute_urls: bool = True) -> Response:
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = cache_control(absolute_urls=absolute_urls)
    return response
