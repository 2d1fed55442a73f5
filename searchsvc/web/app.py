"""The application factory and its settings.

Settings come, later ones winning, from the defaults in ``SETTINGS``, the instance config file
(``instance/searchsvc.cfg``, Python syntax), ``SEARCHSVC_*`` environment variables, and the mapping
given to ``create_app`` (tests). Every setting is documented here and in the README; a test fails
when one is not. Creating the app opens nothing: the index is opened lazily by
``searchsvc.web.index_holder``
on the first request of each worker process.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from searchsvc.web import (
    api,
    apidocs,
    awards_api,
    awards_views,
    commons,
    feeds,
    index_holder,
    ratelimit,
    suggest_api,
    views,
)
from searchsvc.web.errors import register_error_handlers
from searchsvc.web.hosts import BaseUrlMiddleware, parse_base_url

log = logging.getLogger(__name__)
access_log = logging.getLogger("searchsvc.access")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = TEMPLATE_DIR / "static"
INSTANCE_FILE = "searchsvc.cfg"
ENV_PREFIX = "SEARCHSVC"
# Every endpoint is a GET: a request body is never needed, so anything beyond a few KiB is refused
# (413) before it is read. Query strings are bounded by the WSGI server's request-line limit.
MAX_BODY_BYTES = 16 * 1024


def _text(value: Any) -> str:
    return str(value)


def _positive_float(value: Any) -> float:
    number = float(value)
    if number < 0:
        raise ValueError("must not be negative")
    return number


def _count(value: Any) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must not be negative")
    return number


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _origins(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(item.strip() for item in items if item.strip())


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[Any], Any]
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting("INDEX_DIR", "var/index", _text, "Index root written by `python -m indexer build`."),
    Setting(
        "REOPEN_CHECK_SECONDS",
        1.0,
        _positive_float,
        "How often (at most) a worker checks whether a new index was swapped in.",
    ),
    Setting(
        "RATE_LIMIT_PER_MINUTE",
        120,
        _count,
        "Requests per minute per client IP on every search surface (/, /search.atom, /api/*, "
        "article and awards pages), counted in RATE_LIMIT_STORAGE_URI; 0 disables.",
    ),
    Setting(
        "RATE_LIMIT_BURST",
        30,
        _count,
        "Requests a client may make within 60/RATE_LIMIT_PER_MINUTE seconds (at least 1 s).",
    ),
    Setting(
        "RATE_LIMIT_STORAGE_URI",
        "sqlite:///var/ratelimit.sqlite",
        _text,
        "Where Flask-Limiter keeps the counters: sqlite:///PATH is one file shared by the "
        "workers of one machine, redis://host:6379 by several machines, memory:// is per "
        "worker process (tests).",
    ),
    Setting(
        "CORS_ORIGINS",
        ("*",),
        _origins,
        "Origins allowed to call the API from a browser (comma-separated, `*` for any).",
    ),
    Setting(
        "CACHE_MAX_AGE",
        60,
        _count,
        "Seconds callers and proxies may cache search, article and feed responses.",
    ),
    Setting(
        "PROXY_COUNT",
        0,
        _count,
        "Reverse proxies in front of the service whose X-Forwarded-For is trusted (client IP).",
    ),
    Setting("ACCESS_LOG", True, _flag, "Write one JSON line per request to the log."),
    Setting(
        "BASE_URL",
        "",
        parse_base_url,
        "Public address (https://host[/prefix]) of absolute URLs; unset: the request's Host, and "
        "answers holding absolute URLs are cacheable privately only.",
    ),
)


def _load_settings(app: Flask, config: Mapping[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults < instance file < environment < ``config``."""
    for setting in SETTINGS:
        app.config[setting.name] = setting.default
    app.config.from_pyfile(INSTANCE_FILE, silent=True)
    app.config.from_prefixed_env(ENV_PREFIX)
    if config:
        app.config.update(config)
    for setting in SETTINGS:
        try:
            app.config[setting.name] = setting.parse(app.config[setting.name])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"setting {setting.name}: {exc}") from exc


def _start_timer() -> None:
    g.started = time.perf_counter()


def _log_request(response: Any) -> Any:
    """One JSON line per request: what was asked, what it got, how long it took."""
    started = g.get("started")
    elapsed_ms = (time.perf_counter() - started) * 1000 if started is not None else None
    access_log.info(
        json.dumps(
            {
                "method": request.method,
                "path": request.path,
                "query": request.query_string.decode("latin-1"),
                "status": response.status_code,
                "ms": round(elapsed_ms, 2) if elapsed_ms is not None else None,
                "ip": request.remote_addr,
            },
            ensure_ascii=False,
        )
    )
    return response


def _ensure_access_handler() -> None:
    """Access lines go to stderr even when nobody configured logging (gunicorn, waitress)."""
    if not access_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)


def create_app(
    config: Mapping[str, Any] | None = None, *, instance_path: str | None = None
) -> Flask:
    """Build the web app; ``config`` overrides every other source of settings.

    ``instance_path`` (default: ``instance/`` in the project) is where ``searchsvc.cfg`` is read.
    """
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(TEMPLATE_DIR),
        static_folder=str(STATIC_DIR),
        static_url_path="/static",
    )
    _load_settings(app, config)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    # Vietnamese must come out as text, not \\u escapes.
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    # Keys in the documented order (query, total, ..., next), not alphabetical.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if app.config["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"])  # type: ignore[method-assign]
    if app.config["BASE_URL"]:
        app.wsgi_app = BaseUrlMiddleware(app.wsgi_app, app.config["BASE_URL"])  # type: ignore[method-assign]
    if app.config["ACCESS_LOG"]:
        # First before_request, so even requests refused by the rate limit are timed.
        _ensure_access_handler()
        app.before_request(_start_timer)
        app.after_request(_log_request)
    index_holder.init_app(app)
    commons.init_app(app)
    ratelimit.init_app(app)
    api.init_app(app)
    feeds.init_app(app)
    views.init_app(app)
    awards_api.init_app(app)
    awards_views.init_app(app)
    suggest_api.init_app(app)
    apidocs.init_app(app)
    register_error_handlers(app)
    return app
