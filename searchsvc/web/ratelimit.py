"""Per-client rate limit on every surface that runs a search, with Flask-Limiter.

One budget per client IP covers ``/``, ``/search.atom``, ``/api/*``, the article and the awards
pages: ``RATE_LIMIT_PER_MINUTE`` requests a minute, of which at most ``RATE_LIMIT_BURST`` within
the time one sustained request takes (``60 / RATE_LIMIT_PER_MINUTE`` seconds, at least one). The
counters live in ``RATE_LIMIT_STORAGE_URI``: by default ``sqlite:///var/ratelimit.sqlite``
(``searchsvc.web.limit_store``), one file shared by the workers of one machine;
``redis://host:6379`` for several machines; ``memory://`` per worker process (tests).
A refused request is a 429 in the error shape with ``Retry-After`` (``searchsvc.web.errors``).
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from searchsvc.web import limit_store  # noqa: F401 - registers the sqlite:// storage scheme

# Paths that run a search (or read the index per request); static files, /healthz,
# /opensearch.xml and /api/openapi.json cost nothing and stay unlimited.
LIMITED_PREFIXES = ("/api/", "/search.atom", "/articles/", "/awards", "/units/")
UNLIMITED_PATHS = ("/api/openapi.json",)
# Fixed windows: every storage supports them (the SQLite one only them), and one counter per
# window keeps each check to one write. A client may spend two windows' budget at an edge.
STRATEGY = "fixed-window"
EXTENSION_KEY = "searchsvc.web.ratelimit"
# Retry-After when the breached limit cannot be read back (its storage failed): one burst window.
FALLBACK_RETRY_SECONDS = 60


def retry_after() -> int:
    """Whole seconds until the breached limit of this request lets the client in again."""
    limiter: Limiter | None = current_app.extensions.get(EXTENSION_KEY)
    current = limiter.current_limit if limiter is not None else None
    if current is None:
        return FALLBACK_RETRY_SECONDS
    return max(1, math.ceil(current.window.reset_time - time.time()))


def is_limited(path: str) -> bool:
    return (path == "/" or path.startswith(LIMITED_PREFIXES)) and path not in UNLIMITED_PATHS


def _exempt() -> bool:
    return request.method == "OPTIONS" or not is_limited(request.path)


def limits(per_minute: int, burst: int) -> str:
    """Flask-Limiter's limit string for the sustained rate and the burst."""
    burst_seconds = max(1, math.ceil(60 / per_minute))
    return f"{per_minute} per minute; {max(burst, 1)} per {burst_seconds} seconds"


def init_app(app: Flask) -> None:
    per_minute = app.config["RATE_LIMIT_PER_MINUTE"]
    if per_minute <= 0:
        return
    app.extensions[EXTENSION_KEY] = Limiter(
        get_remote_address,  # request.remote_addr: ProxyFix (PROXY_COUNT) makes it the client
        app=app,
        application_limits=[limits(per_minute, app.config["RATE_LIMIT_BURST"])],
        application_limits_exempt_when=_exempt,
        storage_uri=app.config["RATE_LIMIT_STORAGE_URI"],
        strategy=STRATEGY,
        # A broken counter store (disk full, unreadable file, redis down) is logged and the
        # request served: the limit protects the search, it must not take it down.
        swallow_errors=True,
        # Off: Flask-Limiter would put Retry-After (and per-client X-RateLimit-*) on every answer,
        # 200s that shared caches keep included; errors.py sets Retry-After on the 429 alone.
        headers_enabled=False,
        key_prefix="searchsvc",
    )
