"""One error shape everywhere: ``{"error": {"code", "message"}}`` for machines, a page for people.

Machine endpoints (``/api/*``, feeds, ``/healthz``) always answer errors as JSON; the HTML pages
answer with a Vietnamese error page of the same status. Bad input is a 4xx, never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Flask, Response, jsonify, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from searchsvc.engine.request import RequestError
from searchsvc.web import ratelimit

log = logging.getLogger(__name__)

# Paths whose callers are programs: their errors are JSON even when a browser asks.
MACHINE_PREFIXES = ("/api/", "/search.atom", "/opensearch.xml", "/healthz")

# Stable error codes per HTTP status (the ``code`` field of the error shape).
STATUS_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    414: "uri_too_long",
    429: "rate_limited",
    431: "headers_too_large",
    500: "internal_error",
    503: "index_unavailable",
}

# Vietnamese headings of the HTML error page, per status.
PAGE_TITLES = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy trang",
    405: "Phương thức không được hỗ trợ",
    429: "Quá nhiều yêu cầu",
    503: "Chỉ mục chưa sẵn sàng",
}


UNAVAILABLE_MESSAGE = "No search index is available yet. Build one with `python -m indexer build`."


class IndexUnavailable(Exception):
    """No index can be served yet (never built, or built by another analysis version)."""


def is_machine_path(path: str) -> bool:
    return path.startswith(MACHINE_PREFIXES)


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The JSON error shape with ``status``; extra ``headers`` (Retry-After, Allow) kept."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _respond(status: int, code: str, message: str, headers: Mapping[str, str]) -> Response:
    # No URL adapter: the request's Host could not be read (a label over 63 characters), so
    # the page, whose links are built with url_for, cannot be drawn; the JSON shape can.
    if is_machine_path(request.path) or request_ctx.url_adapter is None:
        return error_response(status, code, message, headers)
    body = render_template(
        "error.html",
        status=status,
        title=PAGE_TITLES.get(status, "Đã có lỗi"),
        code=code,
        message=message,
    )
    response = Response(body, status=status, mimetype="text/html")
    for name, value in headers.items():
        response.headers[name] = value
    return response


def _on_request_error(exc: RequestError) -> Response:
    return _respond(400, exc.code, exc.message, {})


def _on_unavailable(exc: IndexUnavailable) -> Response:
    # Why (with the index's path) goes to the log for the operator, never to the caller.
    log.warning("no index to serve: %s", exc)
    return _respond(503, "index_unavailable", UNAVAILABLE_MESSAGE, {"Retry-After": "30"})


def _on_http(exc: HTTPException) -> Response:
    status = exc.code or 500
    # Keep protocol headers the exception carries (Allow on 405, Retry-After on 429).
    keep = {
        name: value for name, value in exc.get_headers() if name.lower() in {"allow", "retry-after"}
    }
    code = STATUS_CODES.get(status, "http_error")
    message = exc.description or exc.name
    if status == 429:  # Flask-Limiter names the limit; the caller needs to know when
        keep["Retry-After"] = str(ratelimit.retry_after())
        message = f"Too many requests from this address; retry after {keep['Retry-After']} s."
    return _respond(status, code, message, keep)


def _on_crash(exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return _respond(500, "internal_error", "Internal error.", {})


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(RequestError, _on_request_error)
    app.register_error_handler(IndexUnavailable, _on_unavailable)
    app.register_error_handler(HTTPException, _on_http)
    app.register_error_handler(Exception, _on_crash)
