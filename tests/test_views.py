"""The HTML pages, asserted through BeautifulSoup selectors; and HTML == JSON for one search."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from searchsvc.engine.request import SORTS, SearchRequest
from searchsvc.engine.result import SearchResult
from searchsvc.web import urls
from searchsvc.web.params import parse_request
from searchsvc.web.views import (
    DESCRIPTION_CHARS,
    SORT_LABELS,
    http_url,
    is_cut,
    vn_date,
    vn_number,
)
from tests.webapp import make_app


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.data, "lxml")


def html_ids(soup: BeautifulSoup) -> list[str]:
    return [li["data-id"] for li in soup.select("ol.results > li.hit")]


def facet_link(soup: BeautifulSoup, facet: str, value: str):
    links = soup.select(f'a.facet-link[data-facet="{facet}"][data-value="{value}"]')
    assert len(links) == 1, f"no single {facet}={value} link"
    return links[0]


@pytest.mark.parametrize(
    "query",
    [
        "q=thai+nguyen",
        "q=thi+dua&sort=newest",
        "q=thi+dua&sort=oldest&per_page=2&page=2",
        "q=gi%C3%A1o+d%E1%BB%A5c&per_page=3",
        "",
        "year=unknown",
        "q=thi+dua&unit=B%E1%BB%99+GD%26%C4%90T",
    ],
)
def test_html_and_json_show_the_same_result(client, query):
    soup = page(client, f"/?{query}")
    api = client.get(f"/api/search?{query}").get_json()
    assert html_ids(soup) == [hit["id"] for hit in api["hits"]]
    assert soup.select_one("#result-status strong") is None or soup.select_one(
        "#result-status strong"
    ).get_text() == vn_number(api["total"])
    for name in ("unit", "year"):
        shown = [(a["data-value"], "is-selected" in a["class"]) for a in facet_links(soup, name)]
        # JSON years are numbers (null: unknown); the page links carry the parameter's text.
        buckets = [
            ("unknown" if b["value"] is None else str(b["value"]), b["selected"])
            for b in api["facets"][name]
        ]
        # The page pins selected values at the top; otherwise the API's order.
        assert shown == [b for b in buckets if b[1]] + [b for b in buckets if not b[1]]


def facet_links(soup: BeautifulSoup, name: str):
    return soup.select(f'a.facet-link[data-facet="{name}"]')


def test_search_page_structure_and_accessibility(client):
    soup = page(client, "/?q=thai+nguyen")
    assert soup.html["lang"] == "vi"
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.select_one("main#main") is not None
    assert soup.select_one("header nav[aria-label]") is not None
    assert soup.select_one('form[role="search"]') is not None
    query_box = soup.select_one("input#q")
    assert query_box["value"] == "thai nguyen"
    assert soup.select_one('label[for="q"]').get_text(strip=True)
    assert soup.select_one('label[for="sort"]') is not None
    status = soup.select_one("#result-status")
    assert status["aria-live"] == "polite" and status["role"] == "status"
    assert "giây" in status.get_text()
    assert soup.select_one("aside[aria-labelledby]") is not None
    assert soup.select_one('link[rel="search"][type="application/opensearchdescription+xml"]')


def test_folded_query_highlights_accented_words(client):
    soup = page(client, "/?q=thai+nguyen")
    marks = {m.get_text() for m in soup.select("ol.results mark")}
    assert "Thái Nguyên" in marks  # adjacent matched syllables share one <mark>
    first = soup.select_one("ol.results li.hit")
    assert first.select_one("h3 a")["href"].startswith("/articles/")
    assert first.select_one("time") is not None or "Không rõ ngày" in first.get_text()


def test_facet_toggle_selects_and_unselects(client):
    soup = page(client, "/?q=thi+dua")
    unit = soup.select('a.facet-link[data-facet="unit"]')[0]
    value = unit["data-value"]
    selected = page(client, unit["href"])
    link = facet_link(selected, "unit", value)
    assert "is-selected" in link["class"]
    assert "đang chọn" in link.get_text()
    assert selected.select_one("input#q")["value"] == "thi dua"  # state kept in the URL
    chips = [chip.get_text(" ", strip=True) for chip in selected.select(".chips a.chip")]
    assert any(value in chip for chip in chips)
    back = page(client, link["href"])
    assert "is-selected" not in facet_link(back, "unit", value)["class"]
    assert html_ids(back) == html_ids(soup)


def test_year_facet_shows_unknown_in_vietnamese(client):
    soup = page(client, "/")
    unknown = facet_link(soup, "year", "unknown")
    assert "Không rõ năm" in unknown.get_text()


def test_sort_select_and_hidden_filters_carry_state(client):
    soup = page(client, "/?q=thi+dua&sort=oldest&year=unknown&per_page=2")
    options = soup.select("select#sort option")
    assert [o["value"] for o in options] == list(SORTS)
    assert soup.select_one("select#sort option[selected]")["value"] == "oldest"
    inputs = soup.select('form[role="search"] input[type=hidden]')
    hidden = {(i["name"], i["value"]) for i in inputs}
    assert hidden == {("year", "unknown"), ("per_page", "2")}


def test_pagination_links_and_current_page(client):
    soup = page(client, "/?q=thi+dua&per_page=2&page=2")
    nav = soup.select_one('nav.pagination[aria-label="Phân trang"]')
    assert nav.select_one('a[aria-current="page"]').get_text(strip=True).endswith("2")
    assert "page=3" in nav.select_one('a[rel="next"]')["href"]
    previous = parse_qs(urlsplit(nav.select_one('a[rel="prev"]')["href"]).query)
    assert "page" not in previous and previous["per_page"] == ["2"]  # page 1 is the default
    following = page(client, nav.select_one('a[rel="next"]')["href"])
    assert not set(html_ids(following)) & set(html_ids(soup))


def test_did_you_mean_links_to_the_suggestion(client):
    soup = page(client, "/?q=huan+chuong+lao+dongg")
    link = soup.select_one(".suggestion a.suggestion-link")
    assert link is not None
    assert link.get_text(strip=True) == "huân chương lao động"
    fixed = page(client, link["href"])
    assert html_ids(fixed)


def test_empty_state_helps(client):
    soup = page(client, "/?q=zzzzqqqq&year=2020")
    assert html_ids(soup) == []
    assert "Không tìm thấy" in soup.select_one("#result-status").get_text()
    tips = soup.select(".empty li")
    assert len(tips) >= 3
    assert any(a.get_text() == "Bỏ các bộ lọc" for a in soup.select(".empty a"))


def test_page_beyond_results_says_so(client):
    soup = page(client, "/?q=thi+dua&page=500")
    assert html_ids(soup) == [] and "không có kết quả" in soup.select_one(".empty").get_text()


def test_article_page(client):
    first = client.get("/api/search?q=thai+nguyen").get_json()["hits"][0]
    soup = page(client, f"/articles/{first['id']}")
    assert soup.select_one("article h1").get_text(strip=True) == first["title"]
    assert len(soup.select(".article-body p")) >= 2
    for link in soup.select(".unit-links a"):
        unit = link.get_text()
        filtered = client.get(link["href"])
        assert filtered.status_code == 200
        assert unit in [u for hit in client.get("/api" + "/search?" + link["href"].split("?")[1])
                        .get_json()["hits"] for u in hit["units"]]  # fmt: skip
    for related in soup.select(".related li"):
        assert related["data-id"] != first["id"]
    assert soup.select_one('link[rel="search"]') is not None


def test_article_page_lists_awards(client):
    hits = client.get("/api/search?q=hu%C3%A2n+ch%C6%B0%C6%A1ng+lao+%C4%91%E1%BB%99ng").get_json()
    with_awards = next(
        h for h in hits["hits"] if client.get(f"/api/articles/{h['id']}").get_json()["awards"]
    )
    soup = page(client, f"/articles/{with_awards['id']}")
    assert soup.select(".awards li blockquote")


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/articles/0123456789abcdef", 404, "Không tìm thấy trang"),
        ("/articles/<script>", 404, "Không tìm thấy trang"),
        ("/?page=0", 400, "Yêu cầu không hợp lệ"),
        ("/?bogus=1", 400, "Yêu cầu không hợp lệ"),
        ("/no/such/page", 404, "Không tìm thấy trang"),
    ],
)
def test_error_pages_are_html_in_vietnamese(client, url, status, heading):
    soup = page(client, url, status)
    assert soup.select_one("main h1").get_text(strip=True) == heading
    assert soup.select_one('form[role="search"]') is not None


def test_no_index_page_is_503(tmp_path):
    client = make_app(tmp_path / "none", tmp_path).test_client()
    soup = page(client, "/?q=x", 503)
    assert soup.select_one("main h1").get_text(strip=True) == "Chỉ mục chưa sẵn sàng"
    assert "python -m indexer build" in soup.select_one("main").get_text()


# --- issue 15: state kept, phone panel, pictures, page metadata ----------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "q=thai+nguyen",
        "q=thi+dua&sort=newest&per_page=2&page=2",
        "q=thai+nguyen&unit=S%E1%BB%9F+GD%26%C4%90T+Th%C3%A1i+Nguy%C3%AAn&year=unknown",
        "unit=B%E1%BB%99+GD%26%C4%90T",
    ],
)
def test_article_back_link_returns_to_the_exact_search(client, query):
    search = page(client, f"/?{query}")
    link = search.select_one("ol.results li.hit h3 a")["href"]
    assert parse_qs(urlsplit(link).query) == parse_qs(query)
    article = page(client, link)
    back = article.select_one("p.back a")["href"]
    assert urlsplit(back).path == "/"
    assert parse_qs(urlsplit(back).query) == parse_qs(query)
    # The article itself has one canonical address, without the search.
    assert article.select_one('link[rel="canonical"]')["href"].endswith(urlsplit(link).path)
    for related in article.select(".related li a"):
        assert parse_qs(urlsplit(related["href"]).query) == parse_qs(query)


@pytest.mark.parametrize("state", ["", "?page=0", "?bogus=1", "?sort=worst"])
def test_article_without_a_valid_search_goes_back_to_the_search_page(client, state):
    first = client.get("/api/search?q=thai+nguyen").get_json()["hits"][0]
    soup = page(client, f"/articles/{first['id']}{state}")
    assert soup.select_one("p.back a")["href"] == "/"


@pytest.mark.parametrize(
    ("query", "lacking"), [("thai nguyen zzzqqq", "zzzqqq"), ("huan chuong xyzzyq", "xyzzyq")]
)
def test_words_that_match_nothing_are_named_and_the_rest_answer(client, query, lacking):
    """Soft AND (searchsvc.engine.relax): results for the words that match, saying so."""
    soup = page(client, "/?" + urls.with_query("", SearchRequest(q=query))[1:])
    assert html_ids(soup)
    note = soup.select_one("#relaxed-note")
    assert lacking in [s.get_text() for s in note.select("s")]


def test_sort_applies_on_submit_only(client):
    soup = page(client, "/?q=thi+dua")
    select = soup.select_one("select#sort")
    assert not any(name.startswith(("data-autosubmit", "onchange")) for name in select.attrs)
    assert select.find_parent("form").select_one('button[type="submit"].secondary')


@pytest.mark.parametrize(
    ("query", "label"),
    [("q=thai+nguyen", "Bộ lọc"), ("q=thai+nguyen&year=unknown", "Bộ lọc (1)"),
     ("q=thai+nguyen&year=unknown&year=2020", "Bộ lọc (2)")],
)  # fmt: skip
def test_filter_toggle_counts_filters_and_panel_shows_the_total(client, query, label):
    soup = page(client, f"/?{query}")
    toggle = soup.select_one("a.filter-toggle")
    assert toggle.get_text(strip=True) == label and toggle["href"] == "#filters"
    total = client.get(f"/api/search?{query}").get_json()["total"]
    assert soup.select_one("#filters a.panel-done").get_text(strip=True) == (
        f"Xem {vn_number(total)} kết quả"
    )
    # Results come before the filters in the document (reading and Tab order).
    html = str(soup)
    assert html.index('id="results"') < html.index('id="filters"')
    for facet_link in soup.select("#filters a.facet-link"):
        assert facet_link["href"].endswith("#filters")  # the phone panel stays open


def test_selected_values_are_pinned_first(client):
    api = client.get("/api/search?q=thai+nguyen").get_json()
    last = api["facets"]["unit"][-1]["value"]
    soup = page(
        client, "/?" + urls.with_query("", SearchRequest(q="thai nguyen", units=(last,)))[1:]
    )
    first = soup.select('a.facet-link[data-facet="unit"]')[0]
    assert first["data-value"] == last and "is-selected" in first["class"]


@pytest.mark.parametrize(
    ("counted", "empty_selected", "cut"),
    [(40, 0, True), (39, 0, False), (39, 1, False), (40, 2, True), (5, 5, False)],
)
def test_a_facet_at_the_engine_limit_is_cut(counted, empty_selected, cut):
    """Values with articles up to the engine's limit, plus selected values without any."""
    links = [urls.FacetLink(f"v{i}", 3, False, "") for i in range(counted)]
    links += [urls.FacetLink(f"s{i}", 0, True, "") for i in range(empty_selected)]
    assert is_cut(links) == cut


@pytest.mark.parametrize(
    ("find", "must", "must_not"),
    [("thai nguyen", "Sở GD&ĐT Thái Nguyên", "Bộ GD&ĐT"),
     ("THÁI", "Sở GD&ĐT Thái Nguyên", "Bộ GD&ĐT"),
     ("", "Bộ GD&ĐT", None), ("zzz", None, "Bộ GD&ĐT")],
)  # fmt: skip
def test_every_unit_page_finds_by_folded_name(client, find, must, must_not):
    soup = page(client, f"/filters/unit?q=thai+nguyen&find={find}")
    values = [a["data-value"] for a in soup.select("a.facet-link")]
    if must:
        assert must in values
    if must_not:
        assert must_not not in values
    for a in soup.select("a.facet-link"):  # each toggles the filter on the search
        assert parse_qs(urlsplit(a["href"]).query)["q"] == ["thai nguyen"]


@pytest.mark.parametrize("url", ["/filters/nope", "/filters/unit?page=0"])
def test_every_unit_page_rejects_bad_requests(client, url):
    assert client.get(url).status_code in (400, 404)


def test_year_histogram_bars_filter_by_year(client):
    soup = page(client, "/")
    figure = soup.select_one("#filters figure.histogram")
    bars = figure.select("a.hist-bar")
    assert len(bars) >= 2 and figure.select_one("svg")["aria-hidden"] == "true"
    assert "Số bài theo năm" in figure.figcaption.get_text()
    years = [a["data-value"] for a in soup.select('a.facet-link[data-facet="year"]')]
    for bar in bars:
        assert bar["data-year"] in years  # the year list is the bars' text alternative
        assert parse_qs(urlsplit(bar["href"]).query)["year"] == [bar["data-year"]]


def test_unit_page_draws_its_awards_on_a_time_axis(client):
    soup = page(client, "/units/Ph%C3%B2ng%20GD%26%C4%90T%20TP%20Th%C3%A1i%20Nguy%C3%AAn")
    svg = soup.select_one("figure.award-chart svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "award-chart-caption"
    caption = soup.select_one("#award-chart-caption").get_text(" ", strip=True)
    assert "1997" in caption and "Huân chương Lao động" in caption
    assert svg.select("circle")


@pytest.mark.parametrize("url", ["/", "/?q=thai+nguyen", "/awards", "/docs/api", "FIRST_ARTICLE"])
def test_every_page_has_a_description_and_an_icon(client, url):
    if url == "FIRST_ARTICLE":
        url = "/articles/" + client.get("/api/search?q=thai+nguyen").get_json()["hits"][0]["id"]
    soup = page(client, url)
    assert len(soup.select_one('meta[name="description"]')["content"]) > 20
    assert soup.select_one('link[rel="icon"]')["href"] == "/favicon.ico"


def test_article_page_has_open_graph_tags(client):
    hit = client.get("/api/search?q=thai+nguyen").get_json()["hits"][0]
    soup = page(client, f"/articles/{hit['id']}")
    og = {m["property"]: m["content"] for m in soup.select('meta[property^="og:"]')}
    assert og["og:type"] == "article" and og["og:title"] == hit["title"]
    assert og["og:url"].endswith(f"/articles/{hit['id']}") and og["og:url"].startswith("http")
    assert 20 < len(og["og:description"]) <= DESCRIPTION_CHARS + 1


def test_favicon_is_an_icon(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"


def test_api_page_documents_every_operation(client):
    spec = client.get("/api/openapi.json").get_json()
    soup = page(client, "/docs/api")
    shown = [h.get_text(strip=True) for h in soup.select("section.api-op h2")]
    assert shown == [f"GET {path}" for path in spec["paths"]]
    search = soup.select_one("section#op-search")
    names = [row.th.code.get_text() for row in search.select("table tbody tr")]
    assert names == [p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]]
    for example in soup.select("section.api-op p a code"):  # every worked example answers
        assert client.get(example.get_text()).status_code == 200
    # Everything the page loads is ours: no other host.
    for tag in soup.select("script[src], link[href], img[src]"):
        assert (tag.get("src") or tag.get("href")).startswith("/")


@pytest.mark.parametrize(
    ("query", "location"),
    [("op=search&q=thi+dua&page=", "/api/search?q=thi+dua"),
     ("op=getArticle&article_id=abc", "/api/articles/abc"),
     ("op=health", "/healthz")],
)  # fmt: skip
def test_api_try_it_redirects_to_the_documented_path(client, query, location):
    response = client.get(f"/docs/api/try?{query}")
    assert response.status_code == 303 and response.headers["Location"] == location


def test_api_page_links_within_a_base_url_prefix(built_index, tmp_path):
    app = make_app(built_index, tmp_path, BASE_URL="http://gd.example.vn/kho")
    soup = BeautifulSoup(app.test_client().get("/kho/docs/api").data, "lxml")
    examples = [a["href"] for a in soup.select("section.api-op p a")]
    assert examples and all(
        href.startswith("/kho/api/") or href == "/kho/healthz" for href in examples
    )
    moved = app.test_client().get("/kho/docs/api/try?op=search&q=thi")
    assert moved.headers["Location"] == "/kho/api/search?q=thi"


@pytest.mark.parametrize("query", ["op=nope", "op=getArticle", ""])
def test_api_try_it_refuses_unknown_operations(client, query):
    assert client.get(f"/docs/api/try?{query}").status_code in (400, 404)


# --- pure helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "facet", "value", "expected"),
    [
        (SearchRequest(q="a", page=3), "unit", "X", SearchRequest(q="a", units=("X",))),
        (SearchRequest(units=("X", "Y"), page=2), "unit", "X", SearchRequest(units=("Y",))),
        (SearchRequest(years=("2020",)), "year", "2021", SearchRequest(years=("2020", "2021"))),
        (SearchRequest(awards=("A",)), "award", "A", SearchRequest()),
    ],
)
def test_toggle(start, facet, value, expected):
    assert urls.toggle(start, facet, value) == expected


def test_toggle_urls_round_trip_through_parse_request():
    req = SearchRequest(q="thi đua", units=("Sở GD&ĐT Cần Thơ",), sort="newest", per_page=2)
    url = urls.with_query("/", urls.toggle(req, "year", "2020"))
    parsed = parse_request(parse_qs(urlsplit(url).query))
    assert parsed == SearchRequest("thi đua", ("Sở GD&ĐT Cần Thơ",), ("2020",), (), 1, 2, "newest")


@pytest.mark.parametrize(
    ("current", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (12, 10, [1, None, 10]),
    ],
)
def test_page_links(current, pages, expected):
    result = SearchResult(SearchRequest(page=current, per_page=1), pages, 0.0, ())
    assert [link.number for link in urls.page_links("/", result)] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://gd.example/a", "https://gd.example/a"),
        ("HTTP://x", "HTTP://x"),
        ("javascript:alert(1)", None),
        ("/relative", None),
        (None, None),
    ],
)
def test_http_url_keeps_only_web_addresses(value, expected):
    assert http_url(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(1234567, "1.234.567"), (0.0123, "0,01"), (5, "5")]
)
def test_vn_number(value, expected):
    assert vn_number(value) == expected


@pytest.mark.parametrize(("value", "expected"), [("2020-06-15", "15/06/2020"), (None, "")])
def test_vn_date(value, expected):
    assert vn_date(value) == expected


def test_every_sort_has_a_label():
    assert set(SORT_LABELS) == set(SORTS)
