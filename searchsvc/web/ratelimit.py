"""Per-client rate limit on every surface that runs a search, with Flask-Limiter.

One budget per client IP covers ``/``, ``/search.atom``, ``/api/*``, the article and the awards
pages: ``RATE_LIMIT_PER_MINUTE`` requests a minute, of which at most ``RATE_LIMIT_BURST`` within
the time one sustained request takes (``60 / RATE_LIMIT_PER_MINUTE`` seconds, at least one). The
counters live in ``RATE_LIMIT_STORAGE_URI``: ``memory://`` is per worker process (tests, one
worker); ``sqlite:///var/ratelimit.sqlite`` (``searchsvc.web.limit_store``) is shared by the
workers of one machine, ``redis://host:6379`` by several machines.
A refused request is a 429 in the error shape with ``Retry-After`` (``searchsvc.web.errors``).
"""

from __future__ import annotations

import math

from flask import Flask, request
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
    Limiter(
        get_remote_address,  # request.remote_addr: ProxyFix (PROXY_COUNT) makes it the client
        app=app,
        application_limits=[limits(per_minute, app.config["RATE_LIMIT_BURST"])],
        application_limits_exempt_when=_exempt,
        storage_uri=app.config["RATE_LIMIT_STORAGE_URI"],
        strategy=STRATEGY,
        headers_enabled=True,  # Retry-After (and X-RateLimit-*) on answers of limited paths
        key_prefix="searchsvc",
    )
