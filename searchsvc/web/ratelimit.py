"""Per-client rate limit on ``/api/*``: a token bucket per client IP, in memory, per worker.

Each client may make ``RATE_LIMIT_BURST`` requests at once and then ``RATE_LIMIT_PER_MINUTE``
requests a minute. A refused request gets 429 in the API's error shape with ``Retry-After``.
The buckets live in the worker process: with N workers a client gets up to N times the rate,
which is the documented price of needing no shared store.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, request

from searchsvc.web.errors import error_response

EXTENSION_KEY = "searchsvc.web.ratelimit"
LIMITED_PREFIX = "/api/"
# Bound on remembered clients so a scan from many addresses cannot grow memory without limit;
# when reached, buckets that have refilled completely (idle clients) are forgotten first.
MAX_CLIENTS = 10_000


class TokenBucketLimiter:
    """Token buckets keyed by client; ``clock`` is injectable so tests need no sleeping."""

    def __init__(
        self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(max(burst, 1))
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, updated)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Spend one token for ``key``: 0.0 if allowed, else seconds until a token is back."""
        now = self.clock()
        with self._lock:
            tokens, updated = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - updated) * self.rate)
            if tokens >= 1.0:
                self._remember(key, tokens - 1.0, now)
                return 0.0
            self._remember(key, tokens, now)
            return (1.0 - tokens) / self.rate if self.rate > 0 else math.inf

    def _remember(self, key: str, tokens: float, now: float) -> None:
        if key not in self._buckets and len(self._buckets) >= MAX_CLIENTS:
            self._forget_idle(now)
        self._buckets[key] = (tokens, now)

    def _forget_idle(self, now: float) -> None:
        idle = [
            key
            for key, (tokens, updated) in self._buckets.items()
            if tokens + (now - updated) * self.rate >= self.capacity
        ]
        for key in idle or list(self._buckets)[: MAX_CLIENTS // 10]:
            del self._buckets[key]


def _check() -> Response | None:
    limiter: TokenBucketLimiter | None = current_app.extensions.get(EXTENSION_KEY)
    if (
        limiter is None
        or not request.path.startswith(LIMITED_PREFIX)
        or request.method == "OPTIONS"
    ):
        return None
    wait = limiter.take(request.remote_addr or "unknown")
    if wait <= 0:
        return None
    retry_after = str(max(1, math.ceil(wait))) if math.isfinite(wait) else "3600"
    return error_response(
        429,
        "rate_limited",
        f"Too many requests from this address; retry after {retry_after} s.",
        {"Retry-After": retry_after},
    )


def init_app(app: Flask) -> None:
    per_minute = app.config["RATE_LIMIT_PER_MINUTE"]
    if per_minute <= 0:
        return
    app.extensions[EXTENSION_KEY] = TokenBucketLimiter(per_minute, app.config["RATE_LIMIT_BURST"])
    app.before_request(_check)
