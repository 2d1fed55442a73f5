"""The JSON API, settings, the index holder and operations, through the Flask test client."""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import urlsplit

import pytest
from limits import parse_many

from indexer.build import build_index
from searchsvc.engine.request import MAX_QUERY_CHARS, MAX_QUERY_TERMS
from searchsvc.web.app import SETTINGS
from searchsvc.web.errors import IndexUnavailable
from searchsvc.web.index_holder import IndexHolder
from searchsvc.web.ratelimit import is_limited, limits
from tests.conftest import ARCHIVE, PROJECT_ROOT
from tests.webapp import assert_error, make_app


def ids(response) -> list[str]:
    return [hit["id"] for hit in response.get_json()["hits"]]


# --- search --------------------------------------------------------------------------------------


def test_search_shape_and_unescaped_vietnamese(client):
    response = client.get("/api/search", query_string={"q": "thái nguyên"})
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == [
        "query", "total", "page", "per_page", "sort", "took_ms", "hits", "facets",
        "suggestion", "next", "prev", "pages", "facets_truncated", "not_required", "partial",
    ]  # fmt: skip
    assert body["total"] >= 2 and body["hits"]
    assert set(body["facets"]) == {"unit", "year", "award"}
    assert b"\\u" not in response.data
    assert "Thái Nguyên".encode() in response.data
    hit = body["hits"][0]
    assert {"id", "title", "url", "published", "year", "units", "snippet"} <= set(hit)
    assert "<mark>" in hit["title_html"]
    assert isinstance(body["not_required"], list) and body["partial"] is False


def test_soft_and_says_which_words_were_not_required(client):
    body = client.get("/api/search", query_string={"q": "thái nguyên zzzqqq"}).get_json()
    assert body["total"] >= 1 and "zzzqqq" in body["not_required"]


@pytest.mark.parametrize("variant", ["thai nguyen", "THÁI NGUYÊN", "Tha\u0301i Nguye\u0302n"])
def test_diacritic_variants_give_same_ids(client, variant):
    expected = ids(client.get("/api/search", query_string={"q": "Thái Nguyên"}))
    assert ids(client.get("/api/search", query_string={"q": variant})) == expected


def test_next_links_walk_every_page_once(client):
    url = "/api/search?q=thi+%C4%91ua&per_page=2"
    seen: list[str] = []
    total = None
    for _ in range(50):
        body = client.get(url).get_json()
        total = body["total"]
        seen += [hit["id"] for hit in body["hits"]]
        if body["next"] is None:
            break
        parts = urlsplit(body["next"])
        assert parts.scheme == "http" and parts.path == "/api/search"
        url = f"{parts.path}?{parts.query}"
    assert total is not None and total > 2
    assert len(seen) == total == len(set(seen))


def test_page_beyond_results_is_empty_not_an_error(client):
    total = client.get("/api/search?q=thi+dua").get_json()["total"]
    body = client.get("/api/search?q=thi+dua&page=999").get_json()
    assert body["hits"] == [] and body["total"] == total and body["next"] is None


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("foo=1", "unknown_parameter"),
        ("page=0", "invalid_parameter"),
        ("page=abc", "invalid_parameter"),
        ("page=100000", "invalid_parameter"),
        ("page=" + "1" * 5000, "invalid_parameter"),  # int() refuses over 4300 digits
        ("per_page=%C2%B2", "invalid_parameter"),  # '²': a digit to str.isdigit, not to int
        ("page=1&page=2", "invalid_parameter"),
        ("per_page=51", "invalid_parameter"),
        ("per_page=-1", "invalid_parameter"),
        ("sort=random", "invalid_parameter"),
        ("year=19", "invalid_parameter"),
        ("unit=%01x", "invalid_parameter"),
        ("q=" + "a" * (MAX_QUERY_CHARS + 1), "query_too_long"),
        ("q=" + "+".join(["x"] * (MAX_QUERY_TERMS + 1)), "query_too_long"),
    ],
)
def test_bad_parameters_are_400(client, query, code):
    assert_error(client.get(f"/api/search?{query}"), 400, code)


@pytest.mark.parametrize("q", ['" NOT  NOT "', "((", '"', "-", "title:", "OR OR", "\x00\x07"])
def test_malformed_queries_are_answered(client, q):
    assert client.get("/api/search", query_string={"q": q}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"), [("post", "/api/search"), ("delete", "/api/articles/0123456789abcdef")]
)
def test_wrong_method_is_405_with_allow(client, method, path):
    response = getattr(client, method)(path)
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    "path", ["/api/articles/0123456789abcdef", "/api/articles/not-an-id", "/api/nothing-here"]
)
def test_unknown_is_404(client, path):
    assert_error(client.get(path), 404, "not_found")


def test_article_by_id(client):
    first = client.get("/api/search?q=thai+nguyen").get_json()["hits"][0]
    response = client.get(f"/api/articles/{first['id']}")
    assert response.status_code == 200
    article = response.get_json()
    assert article["id"] == first["id"] and article["title"] == first["title"]
    assert article["paragraphs"] and all(isinstance(p, str) for p in article["paragraphs"])
    assert all(hit["id"] != first["id"] for hit in article["related"])


def test_loose_files_have_no_capture_date(client):
    first = client.get("/api/search?q=thai+nguyen").get_json()["hits"][0]
    assert client.get(f"/api/articles/{first['id']}").get_json()["captured"] is None


# --- caching and CORS ----------------------------------------------------------------------------


def test_etag_gives_304_and_depends_on_request(client):
    first = client.get("/api/search?q=thi+dua")
    etag = first.headers["ETag"]
    assert "max-age=" in first.headers["Cache-Control"]
    again = client.get("/api/search?q=thi+dua", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    # Same canonical request spelled differently: same ETag; another request: another one.
    assert client.get("/api/search?q=thi+dua&page=1").headers["ETag"] == etag
    assert client.get("/api/search?q=thi+dua&page=2").headers["ETag"] != etag


def test_cors_limited_to_configured_origins(built_index, tmp_path):
    app = make_app(built_index, tmp_path, CORS_ORIGINS="https://a.example, https://b.example")
    client = app.test_client()
    allowed = client.get("/api/search?q=x", headers={"Origin": "https://b.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://b.example"
    assert "Origin" in allowed.headers["Vary"]
    other = client.get("/api/search?bad=1", headers={"Origin": "https://evil.example"})
    assert other.status_code == 400 and "Access-Control-Allow-Origin" not in other.headers


def test_preflight_allows_get_with_if_none_match(client):
    preflight = {
        "Origin": "https://x.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match",
    }
    response = client.options("/api/search", headers=preflight)
    assert response.status_code == 200
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


# --- rate limit ----------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after(built_index, tmp_path):
    app = make_app(built_index, tmp_path, RATE_LIMIT_PER_MINUTE=6, RATE_LIMIT_BURST=2)
    client = app.test_client()
    assert [client.get("/api/search?q=x").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/search?q=x")
    assert_error(refused, 429, "rate_limited")
    assert 1 <= int(refused.headers["Retry-After"]) <= 10
    # One budget per client over every search surface (issue 9 point 5): the page is refused too,
    # in the page's own shape; what runs no search is never limited.
    page = client.get("/?q=x")
    assert page.status_code == 429 and page.mimetype == "text/html"
    for free in ("/healthz", "/api/openapi.json", "/static/site.css", "/opensearch.xml"):
        with client.get(free) as response:
            assert response.status_code == 200, free
    assert client.options("/api/search").status_code == 200  # CORS preflights are free
    other_ip = client.get("/api/search?q=x", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_ip.status_code == 200


@pytest.mark.parametrize(
    ("path", "limited"),
    [
        ("/", True),
        ("/search.atom", True),
        ("/api/search", True),
        ("/api/awards.csv", True),
        ("/api/articles/0123456789abcdef", True),
        ("/articles/0123456789abcdef", True),
        ("/awards", True),
        ("/units/Sở GD&ĐT Điện Biên", True),
        ("/api/openapi.json", False),
        ("/healthz", False),
        ("/opensearch.xml", False),
        ("/static/site.css", False),
    ],
)
def test_rate_limit_covers_every_search_surface(path, limited):
    assert is_limited(path) is limited


@pytest.mark.parametrize(
    ("per_minute", "burst", "expected"),
    [
        (6, 2, [(6, 60), (2, 10)]),  # a burst of 2, then one request every 10 s
        (120, 30, [(120, 60), (30, 1)]),  # the defaults: 30 within a second, 120 a minute
        (1, 1, [(1, 60), (1, 60)]),
        (600, 0, [(600, 60), (1, 1)]),  # a burst of 0 still lets one request through
    ],
)
def test_limits_are_the_sustained_rate_and_the_burst(per_minute, burst, expected):
    parsed = parse_many(limits(per_minute, burst))
    assert [(item.amount, item.get_expiry()) for item in parsed] == expected


# --- no index, health, reopen --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/search?q=x", "/healthz", "/api/articles/0123456789abcdef"])
def test_no_index_is_503_json(tmp_path, path):
    client = make_app(tmp_path / "empty", tmp_path).test_client()
    response = client.get(path)
    assert_error(response, 503, "index_unavailable")
    assert response.headers["Retry-After"]


def test_healthz_reports_the_served_index(client, built_index):
    meta = json.loads((built_index / "current" / "meta.json").read_text(encoding="utf-8"))
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert (body["generation"], body["articles"], body["built_at"]) == (
        meta["generation"],
        meta["articles"],
        meta["built_at"],
    )


def test_new_index_is_served_after_swap(tmp_path):
    root = tmp_path / "index"
    build_index(ARCHIVE, root)
    client = make_app(root, tmp_path).test_client()
    before = client.get("/healthz").get_json()
    etag = client.get("/api/search?q=thi+dua").headers["ETag"]
    build_index(ARCHIVE, root, full=True)
    after = client.get("/healthz").get_json()
    assert after["generation"] != before["generation"]
    assert after["built_at"] >= before["built_at"]
    response = client.get("/api/search?q=thi+dua", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


class FakeView:
    def __init__(self, opened: str) -> None:
        self.name = opened
        self.closed = False

    def close(self) -> None:
        self.closed = True


class FakeOpened:
    def __init__(self, realpath: str) -> None:
        self.realpath = realpath


def fake_holder(paths: list[str | None], now: list[float], check: float = 1.0) -> IndexHolder:
    return IndexHolder(
        "root",
        check,
        clock=lambda: now[0],
        locate=lambda _root: paths[0],
        open_index=lambda _root: FakeOpened(paths[0]),
        open_backend=lambda opened: FakeView(opened.realpath),
    )


def test_holder_reopens_on_new_realpath_at_most_once_per_interval():
    paths, now = ["/gen-1"], [0.0]
    holder = fake_holder(paths, now)
    first = holder.acquire()
    holder.release(first)
    paths[0] = "/gen-2"
    now[0] = 0.5  # within the check interval: keeps the old view
    assert holder.acquire() is first
    holder.release(first)
    now[0] = 1.5
    second = holder.acquire()
    assert second.backend.name == "/gen-2" and first.backend.closed
    holder.release(second)


def test_holder_closes_old_view_only_when_unused():
    paths, now = ["/gen-1"], [0.0]
    holder = fake_holder(paths, now, check=0)
    in_use = holder.acquire()
    paths[0] = "/gen-2"
    newer = holder.acquire()
    assert newer.backend.name == "/gen-2" and not in_use.backend.closed
    holder.release(in_use)
    assert in_use.backend.closed and not newer.backend.closed


def test_holder_without_index_raises_then_keeps_serving_when_link_vanishes():
    paths, now = [None], [0.0]
    holder = fake_holder(paths, now, check=0)
    with pytest.raises(IndexUnavailable):
        holder.acquire()
    paths[0] = "/gen-1"
    served = holder.acquire()
    holder.release(served)
    paths[0] = None
    assert holder.acquire() is served


# --- settings and logs ---------------------------------------------------------------------------


def test_settings_precedence_file_env_mapping(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "searchsvc.cfg").write_text(
        "RATE_LIMIT_BURST = 7\nCACHE_MAX_AGE = 11\nPROXY_COUNT = 1\n", encoding="utf-8"
    )
    monkeypatch.setenv("SEARCHSVC_CACHE_MAX_AGE", "22")
    monkeypatch.setenv("SEARCHSVC_CORS_ORIGINS", "https://a.example,https://b.example")
    app = make_app(tmp_path, tmp_path, PROXY_COUNT=0)
    assert app.config["RATE_LIMIT_BURST"] == 7  # file
    assert app.config["CACHE_MAX_AGE"] == 22  # env over file
    assert app.config["PROXY_COUNT"] == 0  # mapping over file
    assert app.config["CORS_ORIGINS"] == ("https://a.example", "https://b.example")


def test_env_sets_index_dir(tmp_path, monkeypatch):
    from searchsvc import create_app

    monkeypatch.setenv("SEARCHSVC_INDEX_DIR", "/srv/index")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["INDEX_DIR"] == "/srv/index"


@pytest.mark.parametrize(
    ("name", "value"), [("REOPEN_CHECK_SECONDS", "-1"), ("RATE_LIMIT_BURST", "many")]
)
def test_bad_setting_fails_at_startup(tmp_path, name, value):
    with pytest.raises(ValueError, match=name):
        make_app(tmp_path, tmp_path, **{name: value})


def test_every_setting_is_documented_in_readme():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"SEARCHSVC_{s.name}" not in readme]
    assert not missing, f"README does not document: {missing}"
    assert all(s.doc for s in SETTINGS)


def test_access_log_is_one_json_line_per_request(built_index, tmp_path, caplog):
    client = make_app(built_index, tmp_path, ACCESS_LOG=True).test_client()
    with caplog.at_level(logging.INFO, logger="searchsvc.access"):
        client.get("/api/search?q=thi+dua")
        client.get("/api/search?bad=1")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "searchsvc.access"]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/api/search", 200),
        ("GET", "/api/search", 400),
    ]
    assert all(isinstance(line["ms"], float) and line["ms"] >= 0 for line in lines)


def test_openapi_lists_the_endpoints(client):
    doc = client.get("/api/openapi.json").get_json()
    assert set(doc["paths"]) == {
        "/api/search", "/api/articles/{article_id}", "/api/awards", "/api/awards.csv",
        "/api/suggest", "/healthz",
    }  # fmt: skip
    names = [p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]]
    assert names == ["q", "unit", "year", "award", "page", "per_page", "sort"]
    assert re.match(r"^https?://", doc["servers"][0]["url"])


def test_only_the_refusal_carries_retry_after(built_index, tmp_path):
    """Per-client limit headers on a 200 would be kept by shared caches and misread."""
    client = make_app(
        built_index, tmp_path, RATE_LIMIT_PER_MINUTE=6, RATE_LIMIT_BURST=1
    ).test_client()
    allowed = client.get("/api/search?q=x")
    assert allowed.status_code == 200
    assert not [
        name
        for name, _ in allowed.headers.items()
        if name.lower().startswith(("retry-after", "x-ratelimit"))
    ]
    assert client.get("/api/search?q=x").headers["Retry-After"]
