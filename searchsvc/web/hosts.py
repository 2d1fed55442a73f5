"""Which address the service answers as: the configured ``BASE_URL``, else the request's Host.

With ``BASE_URL`` set, every request is seen as addressed to it (scheme, host, path prefix)
before Flask reads it, so every absolute URL the service hands out (``next`` links, feed ids,
OpenSearch and OpenAPI servers) comes from configuration, never from a caller's Host header.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

WSGIApp = Any  # a WSGI callable; werkzeug's own type lives in a typing-only module


def parse_base_url(value: Any) -> str:
    """``https://host[:port][/prefix]`` without a trailing slash, or "" (not configured)."""
    text = str(value or "").strip().rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError("must be an http(s) URL such as https://tim.example.vn")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("must be scheme, host, port and path only")
    return text


class BaseUrlMiddleware:
    """WSGI middleware: rewrite scheme, Host and script root to those of ``base_url``."""

    def __init__(self, app: WSGIApp, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.app = app
        self.scheme = parts.scheme
        self.host = parts.netloc
        self.prefix = parts.path.rstrip("/")

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        environ.pop("HTTP_X_FORWARDED_HOST", None)
        if self.prefix:
            path = environ.get("PATH_INFO", "")
            if path.startswith(self.prefix + "/"):
                environ["PATH_INFO"] = path[len(self.prefix) :]
            environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)  # type: ignore[no-any-return]
