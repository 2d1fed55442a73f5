"""HTTP commons and the defects of issue 9 point 7, each with its regression test.

Unicode digits, odd Host headers, the configured base URL and public caching, file paths in
error pages, security headers, compression and CORS on every machine answer.
"""

from __future__ import annotations

import gzip
import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from searchsvc.engine.result import Hit
from searchsvc.web import schemas
from searchsvc.web.commons import CONTENT_SECURITY_POLICY
from tests.webapp import assert_error, make_app

BASE = "https://tim.example.vn/kho"
# A DNS label may hold at most 63 characters; IDNA encoding of a longer one fails.
LONG_LABEL_HOST = "a" * 64 + ".example"

# Every endpoint that takes page/per_page, and whether its errors are JSON.
PAGED = [
    ("/api/search", True),
    ("/search.atom", True),
    ("/api/awards", True),
    ("/", False),
    ("/awards", False),
]
# Characters str.isdigit() accepts but int() or a person does not mean as a page number.
NOT_ASCII_DIGITS = ["²", "①", "١", "１", "𝟐"]


@pytest.fixture(scope="module")
def based(built_index, tmp_path_factory):
    """An app with BASE_URL configured (a path prefix included)."""
    return make_app(built_index, tmp_path_factory.mktemp("based"), BASE_URL=BASE + "/")


@pytest.mark.parametrize(("path", "machine"), PAGED)
@pytest.mark.parametrize("digit", NOT_ASCII_DIGITS)
@pytest.mark.parametrize("name", ["page", "per_page"])
def test_non_ascii_digits_are_400_everywhere(client, path, machine, digit, name):
    response = client.get(path, query_string={name: digit})
    if machine:
        assert_error(response, 400, "invalid_parameter")
    else:
        assert response.status_code == 400 and response.mimetype == "text/html"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=thi+dua",
        "/awards",
        "/units/Sở GD&ĐT Điện Biên",
        "/articles/0123456789abcdef",
        "/no-such-page",
        "/api/search?q=x",
        "/search.atom",
        "/opensearch.xml",
    ],
)
def test_an_unreadable_host_is_a_400_not_a_500(client, path):
    response = client.get(path, headers={"Host": LONG_LABEL_HOST})
    # Without a readable host no page link can be built: the error comes in the JSON shape.
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert response.get_json()["error"]["code"] == "bad_request"


def test_base_url_builds_every_absolute_url(based):
    client = based.test_client()
    forged = {"Host": "evil.example"}
    body = client.get("/kho/api/search?q=thi+dua&per_page=1", headers=forged).get_json()
    assert body["next"].startswith(f"{BASE}/api/search?")
    with_prev = client.get(urlsplit(body["next"]).path + "?" + urlsplit(body["next"]).query)
    assert with_prev.get_json()["prev"].startswith(f"{BASE}/api/search?")
    atom = client.get("/search.atom?q=thi+dua", headers=forged).data.decode()
    opensearch = client.get("/opensearch.xml", headers=forged).data.decode()
    servers = client.get("/api/openapi.json", headers=forged).get_json()["servers"]
    assert "evil.example" not in atom + opensearch + str(servers)
    assert f"{BASE}/articles/" in atom and f"{BASE}/search.atom?q=" in opensearch
    assert servers == [{"url": BASE}]


@pytest.mark.parametrize(
    ("path", "holds_urls"),
    [
        ("/api/search?q=thi+dua", True),
        ("/search.atom?q=thi+dua", True),
        ("/api/awards", True),
        ("/api/awards.csv", True),
        ("/opensearch.xml", True),
        ("/api/openapi.json", True),
    ],
)
def test_only_answers_from_the_base_url_are_publicly_cacheable(client, based, path, holds_urls):
    from_host = client.get(path).headers["Cache-Control"]
    from_config = based.test_client().get("/kho" + path).headers["Cache-Control"]
    assert from_host.startswith("private" if holds_urls else "public")
    assert from_config.startswith("public")


def test_article_json_holds_no_host_and_stays_public(client):
    first = client.get("/api/search?q=thai+nguyen").get_json()["hits"][0]
    response = client.get(f"/api/articles/{first['id']}")
    assert response.headers["Cache-Control"].startswith("public")
    again = client.get(
        f"/api/articles/{first['id']}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304 and again.headers["Cache-Control"].startswith("public")


@pytest.mark.parametrize("bad", ["ftp://x.example", "tim.example.vn", "https://x.example/?a=1"])
def test_a_bad_base_url_fails_at_startup(tmp_path, bad):
    with pytest.raises(ValueError, match="BASE_URL"):
        make_app(tmp_path, tmp_path, BASE_URL=bad)


@pytest.mark.parametrize("path", ["/", "/awards", "/api/search?q=x", "/healthz", "/search.atom"])
def test_unavailable_index_shows_no_file_path(tmp_path, path):
    missing = tmp_path / "nowhere" / "index-root"
    response = make_app(missing, tmp_path).test_client().get(path)
    assert response.status_code == 503
    assert str(tmp_path).encode() not in response.data and b"nowhere" not in response.data


def test_html_pages_carry_security_headers(client):
    page = client.get("/?q=thi+dua")
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert page.headers["X-Frame-Options"] == "DENY"
    error_page = client.get("/no-such-page")
    assert error_page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    api = client.get("/api/search?q=x")
    assert api.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in api.headers


def test_pages_need_nothing_the_policy_forbids(client):
    """The CSP allows our own files only: no inline script or style, no foreign source."""
    soup = BeautifulSoup(client.get("/?q=thi+dua").data, "lxml")
    assert soup.select("[style]") == [] and soup.select("style") == []
    assert all(s.get("src", "").startswith("/static/") for s in soup.select("script"))
    links = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert links and all(href.startswith("/static/") for href in links)


@pytest.mark.parametrize("path", ["/api/search?q=thi+dua", "/search.atom?q=thi", "/api/awards"])
def test_answers_are_compressed_when_asked(client, path):
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    unpacked = gzip.decompress(packed.data)
    assert len(packed.data) < len(plain.data)
    if plain.mimetype == "application/json":  # took_ms differs between two runs
        assert {**json.loads(unpacked), "took_ms": 0} == {**plain.get_json(), "took_ms": 0}
    else:
        assert unpacked == plain.data


def test_compressed_answers_keep_their_etag_and_304(client):
    first = client.get("/api/search?q=thi+dua", headers={"Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    again = client.get(
        "/api/search?q=thi+dua", headers={"Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path", ["/api/search?page=x", "/api/nothing", "/search.atom?bad=1", "/healthz"]
)
def test_cors_on_every_machine_answer_errors_included(built_index, tmp_path, path):
    app = make_app(built_index, tmp_path, CORS_ORIGINS="https://a.example")
    response = app.test_client().get(path, headers={"Origin": "https://a.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_pages_for_people_get_no_cors(client):
    assert "Access-Control-Allow-Origin" not in client.get("/?q=x").headers


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("javascript:alert(1)", None),
        (" JAVASCRIPT:alert(1)", None),
        ("data:text/html,x", None),
        ("//evil.example/x", None),
        ("https://gd.example.vn/a", "https://gd.example.vn/a"),
        ("http://gd.example.vn/", "http://gd.example.vn/"),
        (None, None),
    ],
)
def test_json_links_from_archived_pages_are_web_addresses_only(url, kept):
    hit = Hit("0123456789abcdef", "t", "t", "txt/a.txt", url, None, None, (), "s")
    assert schemas.Hit.model_validate(hit).url == kept


@pytest.mark.parametrize("host", ["a..b", ".", "bad host!", "[::1", "host:99999", "é" * 70 + ".vn"])
@pytest.mark.parametrize("path", ["/", "/awards", "/no-such-page", "/api/search", "/search.atom"])
def test_odd_hosts_never_give_a_500(client, host, path):
    response = client.get(path, headers={"Host": host})
    assert response.status_code < 500
    if not path.startswith(("/api/", "/search.atom")) and response.status_code == 200:
        assert response.headers["Content-Security-Policy"]


def test_pages_under_a_base_url_prefix_link_within_it(based):
    soup = BeautifulSoup(based.test_client().get("/kho/?q=thi+dua").data, "lxml")
    hrefs = [a["href"] for a in soup.select("a[href^='/']")]
    assert hrefs and all(href.startswith("/kho/") for href in hrefs)
    assert soup.select_one("link[rel=stylesheet]")["href"].startswith("/kho/static/")
