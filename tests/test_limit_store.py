"""The SQLite storage of rate-limit counters: fixed windows, shared by every app on one file."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchsvc.web import limit_store
from searchsvc.web.limit_store import SQLiteStorage, path_of
from tests.webapp import assert_error, make_app


@pytest.fixture()
def now(monkeypatch) -> list[float]:
    """The storage's clock, moved by the test."""
    moment = [1_000_000.0]
    monkeypatch.setattr(limit_store, "clock", lambda: moment[0])
    return moment


@pytest.mark.parametrize(
    ("uri", "path"),
    [
        ("sqlite:///var/rl.sqlite", Path("var/rl.sqlite")),
        ("sqlite:////srv/rl.sqlite", Path("/srv/rl.sqlite")),
    ],
)
def test_uri_paths_follow_sqlalchemys_convention(uri, path):
    assert path_of(uri) == path


@pytest.mark.parametrize("uri", ["sqlite://", "sqlite:///"])
def test_uri_without_a_path_is_refused(uri):
    with pytest.raises(ValueError, match="sqlite"):
        path_of(uri)


def test_counters_count_within_a_window_and_restart_after(tmp_path, now):
    store = SQLiteStorage(f"sqlite:///{tmp_path}/c.sqlite")
    assert [store.incr("k", 10) for _ in range(3)] == [1, 2, 3]
    assert store.get("k") == 3 and store.get_expiry("k") == now[0] + 10
    assert store.get("other") == 0
    now[0] += 9.9
    assert store.incr("k", 10) == 4
    now[0] += 0.1  # the window has passed
    assert store.get("k") == 0
    assert store.incr("k", 10, amount=2) == 2
    store.clear("k")
    assert store.get("k") == 0 and store.check()


def test_two_stores_on_one_file_share_counters(tmp_path, now):
    uri = f"sqlite:///{tmp_path}/shared.sqlite"
    first, second = SQLiteStorage(uri), SQLiteStorage(uri)
    first.incr("k", 60)
    assert second.incr("k", 60) == 2
    assert first.reset() == 1 and second.get("k") == 0


def test_workers_on_one_file_share_one_budget(built_index, tmp_path):
    """Two apps stand for two gunicorn workers: the client's budget is spent across both."""
    settings = {
        "RATE_LIMIT_PER_MINUTE": 6,
        "RATE_LIMIT_BURST": 2,
        "RATE_LIMIT_STORAGE_URI": f"sqlite:///{tmp_path}/rl.sqlite",
    }
    workers = [make_app(built_index, tmp_path / name, **settings) for name in ("a", "b")]
    one, two = (app.test_client() for app in workers)
    assert one.get("/api/search?q=x").status_code == 200
    assert two.get("/api/search?q=x").status_code == 200
    refused = one.get("/api/search?q=x")
    assert_error(refused, 429, "rate_limited")
    assert 1 <= int(refused.headers["Retry-After"]) <= 10


def test_a_broken_counter_store_fails_open(built_index, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the store's folder should be", encoding="utf-8")
    app = make_app(
        built_index,
        tmp_path,
        RATE_LIMIT_PER_MINUTE=6,
        RATE_LIMIT_STORAGE_URI=f"sqlite:///{blocker}/rl.sqlite",
    )
    assert app.test_client().get("/api/search?q=x").status_code == 200
