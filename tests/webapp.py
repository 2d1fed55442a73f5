"""Helpers shared by the web tests: a fresh app over a built index, and the one error check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from searchsvc import create_app
from searchsvc.web.index_holder import EXTENSION_KEY

# Settings every web test starts from: no rate limit (tests make many requests), no access log
# noise, and a reopen check on every request so swapping an index is seen at once.
TEST_SETTINGS = {
    "RATE_LIMIT_PER_MINUTE": 0,
    "RATE_LIMIT_STORAGE_URI": "memory://",
    "ACCESS_LOG": False,
    "REOPEN_CHECK_SECONDS": 0,
}


# Apps made by make_app; conftest closes their open index after every test. A server process
# keeps its index open for its lifetime, but a test that drops an app would otherwise leave the
# index files' handles to the garbage collector (ResourceWarning, an error under -W error).
OPEN_APPS: list[Flask] = []


def make_app(index_root: Path, tmp_path: Path, **overrides: Any) -> Flask:
    """An app over ``index_root`` with an empty instance folder under ``tmp_path``."""
    config = {**TEST_SETTINGS, "INDEX_DIR": str(index_root), "TESTING": True, **overrides}
    app = create_app(config, instance_path=str(tmp_path / "instance"))
    OPEN_APPS.append(app)
    return app


def close_apps() -> None:
    """Close the index each app made by ``make_app`` holds open (reopened on its next request)."""
    for app in OPEN_APPS:
        app.extensions[EXTENSION_KEY].close()


def assert_error(response: TestResponse, status: int, code: str | None = None) -> dict:
    """The documented error contract: status, JSON, exactly {"error": {"code", "message"}}, CORS."""
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert response.headers.get("Access-Control-Allow-Origin") == "*"
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]
