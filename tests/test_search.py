"""The search core on an in-memory index of small hand-made articles (issue 3's must-holds)."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import Counter

import pytest
from whoosh.filedb.filestore import RamStorage

from indexer.article import Article
from indexer.generations import OpenedIndex
from indexer.schema import document_fields, make_schema
from searchsvc.engine.request import SearchRequest
from searchsvc.engine.service import IndexView, get_article, search

TN = "Sở GD&ĐT Thái Nguyên"
CT = "Sở GD&ĐT Cần Thơ"
DB = "Sở GD&ĐT Điện Biên"
BO = "Bộ GD&ĐT"


def art(path: str, title: str, body: str, year: int | None = None, units=(), month: int = 6):
    published = dt.date(year, month, 15) if year else None
    return Article(path, title, body, published, year, units=tuple(units))


ARTICLES = [
    art("a/thidua.txt", "Phong trào thi đua dạy tốt", "Sở phát động thi đua năm học.", 2020, [TN]),
    art("a/thidua2.txt", "Tổng kết", "Trao Cờ THI ĐUA cho các trường.", 2021, [CT, BO]),
    art("a/duong.txt", "Sửa đường đến trường", "Con đường mới đến điểm trường.", 2019, [DB]),
    art("a/dương.txt", "Cô giáo Dương", "Cô Dương được khen thưởng nhiều lần.", 2019, [DB]),
    art("a/hoa.txt", "Hoà nhập", "Giáo dục hoà nhập cho trẻ khuyết tật.", None, [TN]),
    art("a/n2018.txt", "Báo cáo", "Số liệu năm 2018 và năm 2009 đã tổng hợp.", 2018, [CT]),
    art("a/n2019.txt", "Kết quả", "Kết quả năm 2019 rất tốt.", None, [CT]),
    art("a/gd1.txt", "Sở GD&ĐT họp", "Hội nghị của ngành.", 2020, [TN]),
    art("a/gd2.txt", "Sở Giáo dục và Đào tạo họp", "Hội nghị tổng kết.", 2020, [CT]),
    art("a/gd3.txt", "Công văn", "Theo văn bản của Sở GDĐT về tuyển sinh.", 2021, [DB]),
    art("a/gd4.txt", "Thông báo", "Sở GD-ĐT thông báo lịch thi.", 2022, [TN, BO]),
    art("a/gd5.txt", "Khen thưởng", "Ngành GD và ĐT tỉnh nhà được khen.", 2022, [BO]),
    art(
        "a/hcld.txt",
        "Đón nhận Huân chương Lao động hạng Ba",
        "Trường được Chủ tịch nước tặng Huân chương Lao động hạng Ba năm 2003.",
        2003,
        [TN],
    ),
    art("a/tn.txt", "Giáo dục Thái Nguyên", "Tỉnh Thái Nguyên phát triển giáo dục.", 2023, [TN]),
]


def make_view(articles: list[Article]) -> IndexView:
    index = RamStorage().create_index(make_schema())
    with index.writer() as writer:
        for article in articles:
            writer.add_document(**document_fields(article))
    return IndexView(OpenedIndex(index, "ram", {"articles": len(articles)}))


@pytest.fixture(scope="module")
def view() -> IndexView:
    return make_view(ARTICLES)


def paths(view: IndexView, q: str, **kw) -> set[str]:
    result = search(view, SearchRequest(q=q, per_page=50, **kw))
    assert result.total == len(result.hits)
    return {hit.path for hit in result.hits}


NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


@pytest.mark.parametrize(
    "variants",
    [
        ["thi dua", "thi đua", "THI ĐUA", "Thi Đua", NFD("thi đua"), "thi Ðua"],
        ["hoà", "hòa", "HOÀ", "hoa nhap"[:3]],
        ["Thái Nguyên", "thai nguyen", "THÁI NGUYÊN", NFD("Thái Nguyên")],
    ],
)
def test_diacritic_variants_give_identical_results(view: IndexView, variants: list[str]) -> None:
    results = [paths(view, q) for q in variants]
    assert results[0], "the query must find something"
    assert all(r == results[0] for r in results)


def test_adjacent_syllables_rank_above_scattered() -> None:
    scattered = art("s.txt", "Tin ngắn", "Tỉnh Thái Bình và tỉnh Nguyên Bình họp. Thái độ tốt.")
    together = art("t.txt", "Tin ngắn", "Sở ở Thái Nguyên họp. Bình thường. Tỉnh Bình Định.")
    v = make_view([scattered, together])
    assert [h.path for h in search(v, SearchRequest(q="thai nguyen")).hits] == ["t.txt", "s.txt"]


def test_a_quoted_phrase_needs_its_syllables_in_one_run() -> None:
    apart = art("a.txt", "Tin", "Chất lượng tốt. Lượng giáo viên đủ. Giáo dục phát triển.")
    together = art("t.txt", "Tin", "Nâng cao chất lượng giáo dục toàn diện.")
    v = make_view([apart, together])
    assert paths(v, '"chất lượng giáo dục"') == {"t.txt"}
    assert paths(v, '"chat luong giao duc"') == {"t.txt"}
    assert paths(v, "chất lượng giáo dục") == {"a.txt", "t.txt"}


def test_exact_diacritics_rank_above_folded(view: IndexView) -> None:
    hits = search(view, SearchRequest(q="đường")).hits
    order = [h.path for h in hits]
    assert order.index("a/duong.txt") < order.index("a/dương.txt")
    assert {"a/duong.txt", "a/dương.txt"} <= paths(view, "duong")


@pytest.mark.parametrize(("q", "found"), [("2019", {"a/n2019.txt"}), ("2018", {"a/n2018.txt"})])
def test_years_match_exactly(view: IndexView, q: str, found: set[str]) -> None:
    assert paths(view, q) == found


def test_abbreviation_spellings_give_the_same_results(view: IndexView) -> None:
    spellings = ["GD&ĐT", "GD-ĐT", "GDĐT", "giáo dục và đào tạo", "GD và ĐT"]
    results = [paths(view, q) for q in spellings]
    assert {"a/gd1.txt", "a/gd2.txt", "a/gd3.txt", "a/gd4.txt"} <= results[0]
    assert all(r == results[0] for r in results)


@pytest.mark.parametrize(
    ("q", "must", "must_not"),
    [
        ('"thi đua"', {"a/thidua.txt"}, set()),
        ("thi NOT cờ", {"a/thidua.txt"}, {"a/thidua2.txt"}),
        ("thi -cờ", {"a/thidua.txt"}, {"a/thidua2.txt"}),
        ("đường OR hoà", {"a/duong.txt", "a/hoa.txt"}, set()),
        ("title:dương", {"a/dương.txt", "a/duong.txt"}, set()),
        ("title:khen", {"a/gd5.txt"}, {"a/dương.txt"}),
        ("(hoà OR đường) nhập", {"a/hoa.txt"}, {"a/duong.txt"}),
    ],
)
def test_operators(view: IndexView, q: str, must: set[str], must_not: set[str]) -> None:
    found = paths(view, q)
    assert must <= found
    assert not must_not & found


@pytest.mark.parametrize(
    "q", [" NOT  NOT ", '"thi đua', "(thi đua", "thi đua)", "OR", "thi OR", "AND", "- -", "*", "a*"]
)
def test_malformed_queries_fall_back(view: IndexView, q: str) -> None:
    result = search(view, SearchRequest(q=q))
    assert result.total >= 0


@pytest.mark.parametrize(
    "q", ["thi OR hoà", "(hoà OR đường) -nhập", '"thi đua" OR dương', "title:khen OR GDĐT"]
)
def test_every_match_is_ranked_onto_a_page(view: IndexView, q: str) -> None:
    result = search(view, SearchRequest(q=q, per_page=50))
    assert result.total == len(result.hits) > 0


def test_unbalanced_quote_reads_words(view: IndexView) -> None:
    assert paths(view, '"thi đua') == paths(view, "thi đua")


def test_highlight_marks_accented_original(view: IndexView) -> None:
    hit = search(view, SearchRequest(q="thai nguyen")).hits[0]
    assert "<mark>Thái Nguyên</mark>" in hit.snippet + hit.title_html


def test_snippets_are_escaped() -> None:
    v = make_view([art("x.txt", "<b>Thi</b>", "<script>alert(1)</script> thi đua", 2020)])
    hit = search(v, SearchRequest(q="thi")).hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert hit.title_html == "&lt;b&gt;<mark>Thi</mark>&lt;/b&gt;"


def test_did_you_mean_accented(view: IndexView) -> None:
    result = search(view, SearchRequest(q="huan chuong lao dongg"))
    assert result.not_required == ("dongg",)  # no article holds it: the others still find
    assert [h.path for h in result.hits] == ["a/hcld.txt"]
    assert result.suggestion == "huân chương lao động"


def test_no_suggestion_when_found(view: IndexView) -> None:
    assert search(view, SearchRequest(q="thi đua")).suggestion is None


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_paging_is_stable_and_complete(view: IndexView, sort: str) -> None:
    seen: list[str] = []
    for page in range(1, 20):
        result = search(view, SearchRequest(q="", page=page, per_page=3, sort=sort))
        seen += [h.id for h in result.hits]
        if not result.has_next:
            break
    assert len(seen) == len(set(seen)) == len(ARTICLES)


def test_sort_newest_and_oldest(view: IndexView) -> None:
    newest = search(view, SearchRequest(q="", sort="newest", per_page=50)).hits
    years = [h.year for h in newest]
    known = [y for y in years if y]
    assert known == sorted(known, reverse=True)
    assert years[-1] is None  # unknown dates last
    oldest = [h.year for h in search(view, SearchRequest(q="", sort="oldest", per_page=50)).hits]
    assert [y for y in oldest if y] == sorted(y for y in oldest if y)
    assert oldest[-1] is None


def test_page_beyond_results_is_empty(view: IndexView) -> None:
    result = search(view, SearchRequest(q="thi", page=999))
    assert result.hits == () and result.total > 0


def test_article_detail(view: IndexView) -> None:
    hit = search(view, SearchRequest(q="huân chương")).hits[0]
    detail = get_article(view, hit.id)
    assert detail is not None and detail.title.startswith("Đón nhận")
    assert get_article(view, "nope") is None


# --- Facets: counts must equal a brute-force count over the matching articles. ---

UNITS = [TN, CT, DB, BO, "Phòng GD&ĐT TP Thái Nguyên"]
WORDS = [
    "giáo",
    "dục",
    "thi",
    "đua",
    "khen",
    "thưởng",
    "trường",
    "học",
    "sinh",
    "Thái",
    "Nguyên",
    "năm",
    "học",
    "hội",
    "nghị",
]


def random_corpus(seed: int, n: int) -> list[Article]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        year = rnd.choice([None, 2018, 2019, 2020, 2021])
        units = rnd.sample(UNITS, rnd.randint(0, 3))
        body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 12)))
        out.append(art(f"r/{i:04d}.txt", f"Tin {i}", body, year, units))
    return out


@pytest.fixture(scope="module")
def random_view() -> tuple[IndexView, list[Article]]:
    corpus = random_corpus(7, 300)
    return make_view(corpus), corpus


def brute_counts(corpus, matched_paths, units_sel, years_sel):
    def unit_ok(a):
        return not units_sel or bool(set(a.units) & set(units_sel))

    def year_ok(a):
        return not years_sel or (str(a.year) if a.year else "unknown") in years_sel

    docs = [a for a in corpus if a.path in matched_paths]
    units = Counter(u for a in docs if year_ok(a) for u in a.units)
    years = Counter(str(a.year) if a.year else "unknown" for a in docs if unit_ok(a))
    total = sum(1 for a in docs if unit_ok(a) and year_ok(a))
    return units, years, total


@pytest.mark.parametrize("seed", range(12))
def test_facet_counts_equal_brute_force(random_view, seed: int) -> None:
    view, corpus = random_view
    rnd = random.Random(seed)
    q = " ".join(rnd.sample(WORDS, rnd.randint(0, 2)))
    units_sel = tuple(rnd.sample(UNITS, rnd.randint(0, 2)))
    years_sel = tuple(rnd.sample(["2018", "2019", "2020", "2021", "unknown"], rnd.randint(0, 2)))
    unfiltered = search(view, SearchRequest(q=q, per_page=50, page=1))
    matched = set()
    for page in range(1, unfiltered.pages + 1):
        matched |= {h.path for h in search(view, SearchRequest(q=q, per_page=50, page=page)).hits}
    result = search(view, SearchRequest(q=q, units=units_sel, years=years_sel))
    units, years, total = brute_counts(corpus, matched, units_sel, years_sel)
    assert result.total == total
    got_units = {b.value: b.count for b in result.facets["unit"] if b.count}
    got_years = {b.value: b.count for b in result.facets["year"] if b.count}
    assert got_units == dict(units)
    assert got_years == dict(years)
    assert all(b.selected == (b.value in units_sel) for b in result.facets["unit"])
