"""Awards pages and API (issue 5 points 2-3) on the real archive, plus their pure helpers."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from indexer.enrich import award_rules
from searchsvc.awards.query import (
    MAX_PER_PAGE,
    TYPE_LABELS,
    AwardsRequest,
)
from searchsvc.awards.table import (
    AWARD_FIELDS,
    AwardRow,
    AwardsTable,
    Evidence,
    match_key,
    merge_rows,
    table_for,
)
from searchsvc.awards.timeline import marked_sentence, period_label, timeline
from searchsvc.engine.request import RequestError
from searchsvc.engine.whoosh_reader import WhooshReader
from searchsvc.web import index_holder
from searchsvc.web.award_params import parse_awards_request
from searchsvc.web.awards_api import CSV_COLUMNS, csv_cell, csv_filename, csv_value
from searchsvc.web.awards_views import page_links, reversed_range_message
from tests.webapp import assert_error, make_app

TN = "Phòng GD&ĐT TP Thái Nguyên"
DIEN_BIEN = "Sở GD&ĐT Điện Biên"
GDTX = "Trung tâm GDTX Thái Nguyên"  # seed 001: awards without a year


def awards(client, **params) -> list[dict]:
    response = client.get("/api/awards", query_string={"per_page": MAX_PER_PAGE, **params})
    assert response.status_code == 200, response.data[:300]
    body = response.get_json()
    assert body["total"] == len(body["awards"])  # one page holds the whole archive's awards
    return body["awards"]


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return BeautifulSoup(response.data, "lxml")


def unit_url(name: str) -> str:
    return "/units/" + quote(name, safe="")


def order_key(a: dict) -> tuple:
    return (a["year_from"] is None, a["year_from"] or 0, a["year_to"] or 0)


# --- must-holds from the seeds --------------------------------------------------------------------

SEED_000 = [
    ("Huân chương Lao động hạng Ba", "1997"),
    ("Huân chương Lao động hạng Nhì", "2003"),
    ("Cờ thi đua xuất sắc", "2014-2015"),
    ("Cờ thi đua xuất sắc", "2015-2016"),
    ("Bằng khen", "2016"),
    ("Bằng khen", "2016-2017"),
]


def test_seed_000_awards_in_the_api_in_year_order(client):
    found = awards(client, unit=TN)
    pairs = [(a["award"], a["period"]) for a in found]
    assert set(SEED_000) <= set(pairs)
    assert [pairs.index(p) for p in SEED_000] == sorted(pairs.index(p) for p in SEED_000)
    assert found == sorted(found, key=order_key)
    bodies = {(a["award"], a["period"]): a["conferred_by"] for a in found}
    assert bodies[("Cờ thi đua xuất sắc", "2014-2015")] == "UBND tỉnh Thái Nguyên"
    assert bodies[("Cờ thi đua xuất sắc", "2015-2016")] == "Bộ GD&ĐT"
    assert {a["recipient"] for a in found} == {TN}


def test_seed_000_unit_page_timeline_in_year_order(client):
    soup = soup_of(client, unit_url(TN))
    assert soup.select_one("h1").get_text(strip=True) == TN
    steps = soup.select("ol.timeline > li.timeline-step")
    periods = [step["data-period"] for step in steps]
    wanted = [p for _, p in SEED_000]
    assert [p for p in periods if p in wanted] == sorted(set(wanted), key=periods.index)
    assert [periods.index(p) for p in wanted] == sorted(periods.index(p) for p in wanted)
    shown = {
        (entry.select_one(".award-label").get_text(strip=True), step["data-period"])
        for step in steps
        for entry in step.select("li.award-entry")
    }
    assert set(SEED_000) <= shown
    first = steps[0]
    assert first.select_one(".timeline-period").get_text(strip=True) == "Năm 1997"
    entry = first.select_one("li.award-entry")
    assert entry.select_one(".conferred-by").get_text(strip=True) == "Chính phủ"
    assert [m.get_text() for m in entry.select("blockquote mark")] == [
        "Huân chương Lao động hạng Ba"
    ]
    source = entry.select_one(".award-source a")["href"]
    article = client.get(source)
    assert article.status_code == 200
    assert "1997" in BeautifulSoup(article.data, "lxml").select_one(".article-body").get_text()
    search = soup.select_one("a.unit-search")["href"]
    assert client.get("/api/search?" + search.split("?", 1)[1]).get_json()["total"] >= 1


def test_seed_004_ministry_flags_for_dien_bien(client):
    found = awards(client, unit=DIEN_BIEN, type="co_thi_dua")
    assert [(a["period"], a["conferred_by"]) for a in found] == [
        ("2018-2019", "Bộ GD&ĐT"),
        ("2019-2020", "Bộ GD&ĐT"),
    ]
    soup = soup_of(client, unit_url(DIEN_BIEN))
    flags = [
        step["data-period"]
        for step in soup.select("li.timeline-step")
        if step.select('li.award-entry[data-award-type="co_thi_dua"]')
    ]
    assert flags == ["2018-2019", "2019-2020"]


def test_seed_001_yearless_awards_are_listed_under_year_unknown(client):
    found = awards(client, unit=GDTX)
    assert found and all(a["year_from"] is None for a in found)
    soup = soup_of(client, unit_url(GDTX))
    last = soup.select("li.timeline-step")[-1]
    assert last.select_one(".timeline-period").get_text(strip=True) == "Không rõ năm"
    assert len(last.select("li.award-entry")) == len(found)
    everything = awards(client)
    unknown = [i for i, a in enumerate(everything) if a["year_from"] is None]
    assert unknown == list(range(len(everything) - len(unknown), len(everything)))  # last


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{}, {"unit": TN}, {"type": "bang_khen", "from": "2016"}])
def test_csv_has_bom_and_parses_back_to_the_json_rows(client, params):
    response = client.get("/api/awards.csv", query_string=params)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="khen-thuong')
    assert response.headers["Access-Control-Allow-Origin"] == "*" and response.headers["ETag"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    expected = [{k: csv_value(a, k) for k in CSV_COLUMNS} for a in awards(client, **params)]
    assert rows == expected and rows


# --- filters against a brute-force filter of the whole list --------------------------------------


def brute(rows: list[dict], unit=None, type=None, body=None, low=None, high=None) -> list[dict]:
    def keep(a: dict) -> bool:
        if unit and a["recipient"].casefold() != unit.casefold():
            return False
        if type and a["award_type"] != type:
            return False
        if body and (a["conferred_by"] or "").casefold() != body.casefold():
            return False
        if low is None and high is None:
            return True
        if a["year_from"] is None:
            return False
        last = a["year_to"] or a["year_from"]
        return (high is None or a["year_from"] <= high) and (low is None or last >= low)

    return [a for a in rows if keep(a)]


@pytest.mark.parametrize(
    "flt",
    [
        {"type": "co_thi_dua"},
        {"type": "huan_chuong_lao_dong"},
        {"type": "giay_khen"},
        {"body": "Bộ GD&ĐT"},
        {"body": "ubnd tỉnh thái nguyên"},  # case does not matter
        {"low": 2016},
        {"high": 2003},
        {"low": 2015, "high": 2016},
        {"low": 2019, "high": 2019},  # inside the school year 2018-2019 and at 2019-2020's start
        {"type": "bang_khen", "body": "Bộ GD&ĐT", "low": 2016},
        {"unit": "phòng gd&đt tp thái nguyên", "high": 2015},
    ],
)
def test_filters_match_a_brute_force_filter(client, flt):
    everything = awards(client)
    params = {"unit": flt.get("unit"), "type": flt.get("type"), "body": flt.get("body")}
    params |= {"from": flt.get("low"), "to": flt.get("high")}
    got = awards(client, **{k: v for k, v in params.items() if v is not None})
    expected = brute(everything, **flt)
    assert got == expected
    assert len(expected) < len(everything)
    assert expected or flt == {"type": "giay_khen"}  # the archive names no Giấy khen


def test_paging_walks_every_award_once(client):
    everything = awards(client)
    seen, url = [], "/api/awards?per_page=4"
    while url:
        body = client.get(url).get_json()
        seen += body["awards"]
        url = body["next"]
    assert seen == everything
    assert sum(r["count"] for r in body["recipients"]) == len(everything)


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("year=2003", "unknown_parameter", "Unknown parameter 'year'. Allowed: unit, type, body, "
         "from, to, page, per_page."),
        ("from=97", "invalid_parameter", "'from' must be a year from 1800 to 2999."),
        ("to=abcd", "invalid_parameter", "'to' must be a year from 1800 to 2999."),
        ("from=2010&to=2000", "invalid_parameter", "'from' must not be after 'to'."),
        ("type=huan_chuong", "invalid_parameter", "'type' must be one of: anh_hung_lao_dong, "
         "anh_hung_llvt, bang_khen, chien_si_thi_dua, co_thi_dua, dan_dau_thi_dua, "
         "danh_hieu_other, giay_khen, huan_chuong_doc_lap, huan_chuong_lao_dong, "
         "huan_chuong_other, nha_giao, other."),
        ("unit=a&unit=b", "invalid_parameter", "'unit' may be given only once."),
        ("unit=" + "x" * 121, "invalid_parameter",
         "'unit' must be at most 120 printable characters."),
        ("body=%01", "invalid_parameter", "'body' must be at most 120 printable characters."),
        ("per_page=201", "invalid_parameter", "'per_page' must be a whole number from 1 to 200."),
        ("page=0", "invalid_parameter", "'page' must be a whole number from 1 to 1000."),
    ],
)  # fmt: skip
def test_bad_parameters_are_400_with_the_error_shape(client, query, code, message):
    error = assert_error(client.get(f"/api/awards?{query}"), 400, code)
    assert error["message"] == message
    if "page" not in query:
        assert_error(client.get(f"/api/awards.csv?{query}"), 400, code)


def test_csv_refuses_paging_parameters(client):
    error = assert_error(client.get("/api/awards.csv?page=2"), 400, "unknown_parameter")
    assert error["message"] == "Unknown parameter 'page'. Allowed: unit, type, body, from, to."


@pytest.mark.parametrize("path", ["/api/awards?unit=S%E1%BB%9F+GD", "/api/awards.csv"])
def test_etag_gives_304_and_cors_is_set(client, path):
    first = client.get(path)
    assert first.status_code == 200 and first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_empty_answer_for_an_unknown_recipient(client):
    body = client.get("/api/awards?unit=Không+có").get_json()
    assert body["total"] == 0 and body["awards"] == [] and body["next"] is None


def test_record_keys_match_the_openapi_document_and_csv(client):
    assert tuple(awards(client)[0]) == CSV_COLUMNS == AWARD_FIELDS
    doc = client.get("/api/openapi.json").get_json()
    names = [p["name"] for p in doc["paths"]["/api/awards"]["get"]["parameters"]]
    assert names == ["unit", "type", "body", "from", "to", "page", "per_page"]


# --- the table: lazy, from the award postings only ------------------------------------------------


class CountingReader(WhooshReader):
    """The real reader, counting the stored documents read."""

    def __init__(self, searcher) -> None:
        super().__init__(searcher)
        self.read: list[int] = []

    def stored(self, docnum):
        self.read.append(docnum)
        return super().stored(docnum)


def test_table_reads_only_documents_with_awards(opened_index):
    reader = CountingReader(opened_index.index.searcher())
    table = AwardsTable.from_reader(reader)
    with_awards = {
        d for d in reader.live_docs().tolist() if reader.searcher.stored_fields(d)["award"]
    }
    assert sorted(reader.read) == sorted(with_awards)
    assert len(with_awards) < len(reader.live_docs())
    assert {r.article_id for r in table.rows} and table.rows == tuple(
        sorted(table.rows, key=lambda r: r.sort_key)
    )
    reader.close()


def test_table_is_loaded_once_per_index_view(app):
    with app.app_context():
        view = index_holder.get_backend().view
        assert table_for(view) is table_for(view)


# --- HTML -----------------------------------------------------------------------------------------


def test_overview_filters_and_recipient_links(client):
    soup = soup_of(client, "/awards?type=co_thi_dua&from=2015")
    assert soup.select_one("nav a[aria-current=page]").get_text(strip=True) == "Khen thưởng"
    assert soup.select_one("#f-type option[selected]")["value"] == "co_thi_dua"
    assert soup.select_one("#f-from")["value"] == "2015"
    for field in ("f-type", "f-body", "f-from", "f-to"):
        assert soup.select_one(f"label[for={field}]") is not None
    expected = awards(client, type="co_thi_dua", **{"from": 2015})
    counts = {}
    for a in expected:
        counts[a["recipient"]] = counts.get(a["recipient"], 0) + 1
    shown = {
        li.select_one("a.recipient-link").get_text(strip=True): li.select_one(
            ".recipient-count"
        ).get_text(" ", strip=True)
        for li in soup.select(".recipient-list li")
    }
    assert {k: int(v.split()[0]) for k, v in shown.items()} == counts
    for link in soup.select("a.recipient-link"):
        assert client.get(link["href"]).status_code == 200
    entries = soup.select("li.award-entry")
    assert len(entries) == len(expected)
    assert all(e["data-award-type"] == "co_thi_dua" for e in entries)


def test_overview_bad_year_is_a_vietnamese_400_page(client):
    response = client.get("/awards?from=abc")
    assert response.status_code == 400 and response.mimetype == "text/html"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (unit_url("Sở GD&ĐT Không Có"), 404),
        (unit_url(TN.lower()), 301),  # other spellings redirect to the canonical URL
    ],
)
def test_unit_page_unknown_and_other_spellings(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    if status == 301:
        assert response.headers["Location"].endswith(unit_url(TN).replace("%26", "&"))


def test_unit_without_awards_says_so(client, app):
    with app.app_context():
        backend = index_holder.get_backend()
        awarded = {match_key(r.recipient) for r in backend.award_rows(AwardsRequest())}
        quiet = next(u for u in backend.unit_names() if match_key(u) not in awarded)
    soup = soup_of(client, unit_url(quiet))
    assert "Chưa ghi nhận khen thưởng" in soup.select_one(".unit-summary").get_text()
    assert soup.select_one("a.unit-search") is not None


def test_units_in_results_and_articles_link_to_unit_pages(client):
    soup = soup_of(client, "/?q=thai+nguyen")
    tags = soup.select("a.unit-tag")
    assert tags and all(client.get(t["href"]).status_code == 200 for t in tags)
    article = awards(client, unit=TN)[0]["article_url"].split("localhost", 1)[1]
    links = soup_of(client, article).select(".awards a.award-recipient")
    assert links and client.get(links[0]["href"]).status_code == 200
    chosen = soup_of(client, "/?unit=" + quote(TN))
    assert chosen.select_one(".unit-profile a")["href"] == unit_url(TN).replace("%26", "&")


# --- pure helpers ---------------------------------------------------------------------------------


def test_every_award_type_has_a_label():
    assert set(TYPE_LABELS) == {rule.key for rule in award_rules.AWARDS}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, AwardsRequest()),
        ({"unit": ["  Sở GD&ĐT Điện Biên "], "type": [""]}, AwardsRequest(unit=DIEN_BIEN)),
        ({"from": ["2015"], "to": ["2015"]}, AwardsRequest(year_from=2015, year_to=2015)),
        ({"body": ["Bo\u0323\u0302 GD&ĐT"]}, AwardsRequest(body="Bộ GD&ĐT")),  # NFC
        ({"page": ["3"], "per_page": ["10"]}, AwardsRequest(page=3, per_page=10)),
    ],
)
def test_parse_awards_request(args, expected):
    assert parse_awards_request(args) == expected


def test_parse_awards_request_round_trips_through_params():
    req = AwardsRequest(unit=TN, type="bang_khen", body="Bộ GD&ĐT", year_from=2016, page=2)
    params: dict[str, list[str]] = {}
    for name, value in req.to_params():
        params.setdefault(name, []).append(value)
    assert parse_awards_request(params) == req
    with pytest.raises(RequestError):
        parse_awards_request({"page": ["2"]}, paging=False)


def row(award: str, award_type: str, sentence: str, y1=None, y2=None) -> AwardRow:
    period = None if y1 is None else str(y1) if y1 == y2 else f"{y1}-{y2}"
    return AwardRow(
        "X", "unit", award, award_type, None, period, y1, y2, (Evidence("id", "t", sentence),)
    )


@pytest.mark.parametrize(
    ("r", "expected"),
    [
        (
            row("Huân chương Lao động hạng Nhì", "huan_chuong_lao_dong",
                "Được tặng Huân chương Lao động hạng Ba và Huân chương Lao động hạng Nhì."),
            "Được tặng Huân chương Lao động hạng Ba và <mark>Huân chương Lao động hạng Nhì</mark>.",
        ),
        (  # written otherwise than the label: every mention of the type is marked
            row("Huân chương Lao động hạng Ba", "huan_chuong_lao_dong", "Nhận HCLĐ hạng 3 & <b>"),
            "Nhận <mark>HCLĐ hạng 3</mark> &amp; &lt;b&gt;",
        ),
        (
            row("Cờ thi đua xuất sắc", "co_thi_dua", "được tặng cờ thi đua xuất sắc của Bộ"),
            "được tặng <mark>cờ thi đua xuất sắc</mark> của Bộ",
        ),
        (row("Bằng khen", "bang_khen", "Không nhắc tên <i>"), "Không nhắc tên &lt;i&gt;"),
    ],
)  # fmt: skip
def test_marked_sentence(r, expected):
    assert marked_sentence(r) == expected


@pytest.mark.parametrize(
    ("y1", "y2", "label"),
    [
        (None, None, "Không rõ năm"),
        (2003, 2003, "Năm 2003"),
        (2015, 2016, "Năm học 2015-2016"),
        (2016, 2020, "Giai đoạn 2016-2020"),
    ],
)
def test_period_label(y1, y2, label):
    assert period_label(row("Bằng khen", "bang_khen", "", y1, y2)) == label


def test_timeline_groups_by_period_unknown_last():
    rows = [
        row("Bằng khen", "bang_khen", "", None, None),
        row("Bằng khen", "bang_khen", "", 2016, 2017),
        row("Giấy khen", "giay_khen", "", 2016, 2016),
        row("Cờ thi đua", "co_thi_dua", "", 2016, 2017),
    ]
    groups = timeline(rows)
    assert [(g.label, len(g.rows)) for g in groups] == [
        ("Năm 2016", 1),
        ("Năm học 2016-2017", 2),
        ("Không rõ năm", 1),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), (2003, "2003"), ("Bộ GD&ĐT", "Bộ GD&ĐT"), ("=1+1", "'=1+1"), ("@A", "'@A")],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


@pytest.mark.parametrize(
    ("unit", "name"),
    [
        (None, "khen-thuong.csv"),
        (TN, "khen-thuong-phong-gd-dt-tp-thai-nguyen.csv"),
        ("Đắk Lắk", "khen-thuong-dak-lak.csv"),
        ("***", "khen-thuong.csv"),
    ],
)
def test_csv_filename(unit, name):
    assert csv_filename(AwardsRequest(unit=unit)) == name


@pytest.mark.parametrize(
    ("path", "machine"),
    [("/api/awards", True), ("/api/awards.csv", True), ("/awards", False), ("/units/X", False)],
)
def test_no_index_yet_is_503(tmp_path, path, machine):
    response = make_app(tmp_path / "none", tmp_path).test_client().get(path)
    if machine:
        assert_error(response, 503, "index_unavailable")
    else:
        assert response.status_code == 503 and response.mimetype == "text/html"


# --- issue 11: one row per record, newest first, page numbers, unaccented filters ---------------


def identity(a: dict) -> tuple:
    return (
        a["recipient"].casefold(),
        a["award"],
        (a["conferred_by"] or "").casefold(),
        a["period"],
    )


def test_no_two_rows_share_recipient_award_body_and_period(client):
    found = awards(client)
    assert len({identity(a) for a in found}) == len(found)
    assert all(a["evidence"][0]["sentence"] == a["sentence"] for a in found)


def test_overview_lists_awards_newest_first_before_the_recipients(client):
    soup = soup_of(client, "/awards")
    periods = [step["data-period"] for step in soup.select("li.timeline-step")]
    years = [int(p.split("-")[-1]) for p in periods if p != "unknown"]
    assert years == sorted(years, reverse=True) and len(years) > 1
    assert "unknown" not in periods or periods[-1] == "unknown"
    sections = [s["class"][0] for s in soup.select("main section")]
    assert sections.index("awards-timeline") < sections.index("recipients")


def test_overview_page_numbers_walk_every_award(client):
    total = len(awards(client))
    soup = soup_of(client, "/awards?per_page=3")
    bar = soup.select_one("nav.pagination")
    assert bar.select_one("[aria-current=page]").get_text(strip=True) == "1"
    numbers = [a.get_text(strip=True) for a in bar.select("a.page-number")]
    last = -(-total // 3)
    assert numbers[-1] == str(last) and "2" in numbers
    page2 = soup_of(client, bar.select_one('a.page-number[aria-label="Trang 2"]')["href"])
    assert page2.select_one("nav.pagination [aria-current=page]").get_text(strip=True) == "2"
    shown = len(page2.select("li.award-entry")) + len(soup.select("li.award-entry"))
    assert shown == min(6, total)


@pytest.mark.parametrize(
    "spelling",
    [
        "phong gd&dt tp thai nguyen",  # no diacritics, as typed in search
        "PHÒNG GD&ĐT TP THÁI NGUYÊN",
        "Phòng Giáo dục và Đào tạo thành phố Thái Nguyên",  # the full form: the canonical unit
    ],
)
def test_unit_filter_takes_unaccented_and_full_names(client, spelling):
    assert awards(client, unit=spelling) == awards(client, unit=TN) != []
    response = client.get(unit_url(spelling))
    assert response.status_code == 301
    assert response.headers["Location"].endswith(unit_url(TN).replace("%26", "&"))


def test_reversed_year_range_is_a_message_on_the_form(client):
    response = client.get("/awards?from=2019&to=2015")
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "lxml")
    message = soup.select_one("#year-message[role=alert]").get_text(strip=True)
    assert "2019" in message and "2015" in message and "Năm bắt đầu" in message
    assert (
        soup.select_one("#f-from")["value"] == "2019"
        and soup.select_one("#f-to")["value"] == "2015"
    )
    assert soup.select_one("#f-from")["aria-describedby"] == "year-message"
    assert len(soup.select("li.award-entry")) == min(len(awards(client)), 50)  # years not applied
    assert client.get("/api/awards?from=2019&to=2015").status_code == 400  # the API still refuses


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"from": ["2019"], "to": ["2015"]}, True),
        ({"from": ["2015"], "to": ["2019"]}, False),
        ({"from": ["abc"], "to": ["2015"]}, False),  # a bad value stays an error page
        ({"from": ["2019"]}, False),
    ],
)
def test_reversed_range_message(args, message):
    assert (reversed_range_message(args) is not None) is message


@pytest.mark.parametrize(
    ("page", "pages", "labels"),
    [
        (1, 1, []),
        (1, 3, ["[1]", "2", "3"]),
        (5, 10, ["1", "…", "3", "4", "[5]", "6", "7", "…", "10"]),
        (10, 10, ["1", "…", "8", "9", "[10]"]),
    ],
)
def test_page_links(page, pages, labels):
    links = page_links(page, pages, lambda n: f"?page={n}")
    assert [f"[{p.label}]" if p.current else p.label for p in links] == labels
    assert all((p.url is None) == (p.current or p.label == "…") for p in links)


def test_merge_rows_keeps_one_row_with_all_evidence():
    def award_row(recipient: str, body: str | None, article: str, sentence: str) -> AwardRow:
        return AwardRow(
            recipient, "school", "Huân chương Lao động hạng Ba", "huan_chuong_lao_dong", body,
            "2016", 2016, 2016, (Evidence(article, "t", sentence),),
        )  # fmt: skip

    rows = [
        award_row("Trường THPT Hòa Bình", "Chủ tịch nước", "a", "câu một"),
        award_row("trường THPT Hòa Bình", "chủ tịch nước", "b", "câu hai"),
        award_row("Trường THPT Hòa Bình", "Chủ tịch nước", "a", "câu một"),  # the same evidence
        award_row("Trường THPT Hòa Bình", None, "c", "câu ba"),  # another body: another record
    ]
    merged = merge_rows(rows)
    assert [(r.recipient, r.conferred_by, [e.article_id for e in r.evidence]) for r in merged] == [
        ("Trường THPT Hòa Bình", "Chủ tịch nước", ["a", "b"]),
        ("Trường THPT Hòa Bình", None, ["c"]),
    ]
