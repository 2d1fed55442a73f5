"""Atom feed of a search and the OpenSearch description."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from searchsvc.engine.request import SearchRequest
from searchsvc.engine.result import Hit, SearchResult
from searchsvc.web.feeds import atom_document
from tests.webapp import assert_error, make_app

ATOM = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"


@pytest.fixture(scope="module")
def client(built_index, tmp_path_factory):
    return make_app(built_index, tmp_path_factory.mktemp("feeds")).test_client()


def atom(client, query: str) -> ET.Element:
    response = client.get(f"/search.atom?{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return ET.fromstring(response.data)


@pytest.mark.parametrize("query", ["q=thi+dua", "q=thi+dua&sort=oldest", "", "year=unknown"])
def test_feed_is_newest_first_and_matches_the_api(client, query):
    feed = atom(client, query)
    entries = feed.findall(f"{ATOM}entry")
    api = client.get(f"/api/search?{query.replace('sort=oldest', '')}&sort=newest").get_json()
    links = [e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in entries]
    assert [link.rsplit("/", 1)[1] for link in links] == [hit["id"] for hit in api["hits"]]
    dates = [e.findtext(f"{ATOM}published") for e in entries]
    known = [d for d in dates if d is not None]
    assert known == sorted(known, reverse=True)
    assert dates == known + [None] * (len(dates) - len(known))  # undated articles last
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}title")
        assert entry.findtext(f"{ATOM}updated")
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").startswith("http://")


def test_feed_title_and_summary_keep_vietnamese_and_marks(client):
    feed = atom(client, "q=thai+nguyen")
    assert feed.findtext(f"{ATOM}title").endswith("thai nguyen")
    summary = feed.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<mark>" in summary.text and "Thái Nguyên" in summary.text


def test_feed_bad_parameter_is_a_json_400(client):
    assert_error(client.get("/search.atom?page=zero"), 400, "invalid_parameter")


def test_feed_etag(client):
    etag = client.get("/search.atom?q=thi+dua").headers["ETag"]
    again = client.get("/search.atom?q=thi+dua", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    doc = ET.fromstring(response.data)
    assert doc.findtext(f"{OS}ShortName")
    assert doc.findtext(f"{OS}InputEncoding") == "UTF-8"
    templates = {u.get("type"): u.get("template") for u in doc.findall(f"{OS}Url")}
    assert templates["text/html"] == "http://localhost/?q={searchTerms}"
    assert templates["application/atom+xml"].endswith("/search.atom?q={searchTerms}")
    assert templates["application/json"].endswith("/api/search?q={searchTerms}")


def test_search_page_links_its_feed(client):
    soup = BeautifulSoup(client.get("/?q=thi+dua&year=unknown").data, "lxml")
    alternate = soup.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert alternate["href"] == "/search.atom?q=thi+dua&year=unknown"
    assert atom(client, alternate["href"].split("?", 1)[1]) is not None


@pytest.mark.parametrize("q", ["\ufffe", "thi\ufffeđua", "\ud800", "a\x0bb", "\uffff"])
def test_feed_is_well_formed_whatever_the_query_holds(client, q):
    feed = atom(client, urlencode({"q": q}, encoding="utf-8", errors="surrogatepass"))
    assert feed.findtext(f"{ATOM}title").startswith("Tin giáo dục")


def fake_hit(title: str, url: str | None) -> Hit:
    return Hit(
        id="0123456789abcdef",
        title=title,
        title_html=title,
        path="txt/x.txt",
        url=url,
        published="2020-06-15",
        year=2020,
        units=("Sở GD&ĐT Điện Biên\x1b",),
        snippet="a\x00b <mark>c</mark>",
    )


@pytest.mark.parametrize(
    ("title", "url", "related"),
    [
        ("Tin\x0b mới\x1f", "javascript:alert(1)", None),
        ("Bài \ufffe viết", " JavaScript:alert(1)", None),
        ("Trường \x7f học", "data:text/html,<script>x</script>", None),
        ("Tin thường", "https://gd.example.vn/a?b=1", "https://gd.example.vn/a?b=1"),
        ("Tin \U0001f4da", "HTTP://gd.example.vn/", "HTTP://gd.example.vn/"),
    ],
)
def test_feed_of_archived_hits_is_xml_and_links_only_the_web(client, title, url, related):
    req = SearchRequest(q="tin\ufffe")
    result = SearchResult(request=req, total=1, took_ms=1.0, hits=(fake_hit(title, url),))
    with client.application.test_request_context():
        feed = ET.fromstring(atom_document(result, "http://x/search.atom", "http://x/"))
    entry = feed.find(f"{ATOM}entry")
    links = entry.findall(f"{ATOM}link[@rel='related']")
    assert [link.get("href") for link in links] == ([related] if related else [])
    assert entry.findtext(f"{ATOM}title") == "".join(ch for ch in title if xml_char(ch))


def xml_char(ch: str) -> bool:
    """XML 1.0's Char production, written out independently of the code under test."""
    code = ord(ch)
    return ch in "\t\n\r" or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000
