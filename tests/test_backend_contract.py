"""The search contract, run over every backend of tests/backends.py (``BACKENDS``).

Diacritic variants, ranking, boolean operators, facet counts, highlighting and paging, asked
through ``SearchBackend`` only, on small hand-made articles: what any backend must hold to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import unicodedata
from collections import Counter
from collections.abc import Callable

import pytest

from indexer.article import Article
from searchsvc.backend import SearchBackend
from searchsvc.engine.request import SearchRequest
from tests.backends import ARTICLES, BACKENDS, BO, CT, DB, TN, art


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def make_backend(request: pytest.FixtureRequest) -> Callable[[list[Article]], SearchBackend]:
    """The factory of one backend: every test runs once per backend."""
    return BACKENDS[request.param]


@pytest.fixture(scope="module")
def backend(make_backend) -> SearchBackend:  # type: ignore[no-untyped-def]
    return make_backend(ARTICLES)


def paths(backend: SearchBackend, q: str, **kw) -> set[str]:
    result = backend.search(SearchRequest(q=q, per_page=50, **kw))
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
def test_diacritic_variants_give_identical_results(
    backend: SearchBackend, variants: list[str]
) -> None:
    results = [paths(backend, q) for q in variants]
    assert results[0], "the query must find something"
    assert all(r == results[0] for r in results)


def test_adjacent_syllables_rank_above_scattered(make_backend) -> None:  # type: ignore[no-untyped-def]
    scattered = art("s.txt", "Tin ngắn", "Tỉnh Thái Bình và tỉnh Nguyên Bình họp. Thái độ tốt.")
    together = art("t.txt", "Tin ngắn", "Sở ở Thái Nguyên họp. Bình thường. Tỉnh Bình Định.")
    v = make_backend([scattered, together])
    assert [h.path for h in v.search(SearchRequest(q="thai nguyen")).hits] == ["t.txt", "s.txt"]


def test_a_quoted_phrase_needs_its_syllables_in_one_run(make_backend) -> None:  # type: ignore[no-untyped-def]
    apart = art("a.txt", "Tin", "Chất lượng tốt. Lượng giáo viên đủ. Giáo dục phát triển.")
    together = art("t.txt", "Tin", "Nâng cao chất lượng giáo dục toàn diện.")
    v = make_backend([apart, together])
    assert paths(v, '"chất lượng giáo dục"') == {"t.txt"}
    assert paths(v, '"chat luong giao duc"') == {"t.txt"}
    assert paths(v, "chất lượng giáo dục") == {"a.txt", "t.txt"}


def test_exact_diacritics_rank_above_folded(backend: SearchBackend) -> None:
    hits = backend.search(SearchRequest(q="đường")).hits
    order = [h.path for h in hits]
    assert order.index("a/duong.txt") < order.index("a/dương.txt")
    assert {"a/duong.txt", "a/dương.txt"} <= paths(backend, "duong")


@pytest.mark.parametrize(("q", "found"), [("2019", {"a/n2019.txt"}), ("2018", {"a/n2018.txt"})])
def test_years_match_exactly(backend: SearchBackend, q: str, found: set[str]) -> None:
    assert paths(backend, q) == found


def test_abbreviation_spellings_give_the_same_results(backend: SearchBackend) -> None:
    spellings = ["GD&ĐT", "GD-ĐT", "GDĐT", "giáo dục và đào tạo", "GD và ĐT"]
    results = [paths(backend, q) for q in spellings]
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
def test_operators(backend: SearchBackend, q: str, must: set[str], must_not: set[str]) -> None:
    found = paths(backend, q)
    assert must <= found
    assert not must_not & found


@pytest.mark.parametrize(
    "q", [" NOT  NOT ", '"thi đua', "(thi đua", "thi đua)", "OR", "thi OR", "AND", "- -", "*", "a*"]
)
def test_malformed_queries_fall_back(backend: SearchBackend, q: str) -> None:
    result = backend.search(SearchRequest(q=q))
    assert result.total >= 0


@pytest.mark.parametrize(
    "q", ["thi OR hoà", "(hoà OR đường) -nhập", '"thi đua" OR dương', "title:khen OR GDĐT"]
)
def test_every_match_is_ranked_onto_a_page(backend: SearchBackend, q: str) -> None:
    result = backend.search(SearchRequest(q=q, per_page=50))
    assert result.total == len(result.hits) > 0


def test_unbalanced_quote_reads_words(backend: SearchBackend) -> None:
    assert paths(backend, '"thi đua') == paths(backend, "thi đua")


def test_highlight_marks_accented_original(backend: SearchBackend) -> None:
    hit = backend.search(SearchRequest(q="thai nguyen")).hits[0]
    assert "<mark>Thái Nguyên</mark>" in hit.snippet + hit.title_html


def test_snippets_are_escaped(make_backend) -> None:  # type: ignore[no-untyped-def]
    v = make_backend([art("x.txt", "<b>Thi</b>", "<script>alert(1)</script> thi đua", 2020)])
    hit = v.search(SearchRequest(q="thi")).hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert hit.title_html == "&lt;b&gt;<mark>Thi</mark>&lt;/b&gt;"


def test_did_you_mean_accented(backend: SearchBackend) -> None:
    result = backend.search(SearchRequest(q="huan chuong lao dongg"))
    assert result.not_required == ("dongg",)  # no article holds it: the others still find
    assert [h.path for h in result.hits] == ["a/hcld.txt"]
    assert result.suggestion == "huân chương lao động"


def test_no_suggestion_when_found(backend: SearchBackend) -> None:
    assert backend.search(SearchRequest(q="thi đua")).suggestion is None


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_paging_is_stable_and_complete(backend: SearchBackend, sort: str) -> None:
    seen: list[str] = []
    for page in range(1, 20):
        result = backend.search(SearchRequest(q="", page=page, per_page=3, sort=sort))
        seen += [h.id for h in result.hits]
        if not result.has_next:
            break
    assert len(seen) == len(set(seen)) == len(ARTICLES)


def test_sort_newest_and_oldest(backend: SearchBackend) -> None:
    newest = backend.search(SearchRequest(q="", sort="newest", per_page=50)).hits
    years = [h.year for h in newest]
    known = [y for y in years if y]
    assert known == sorted(known, reverse=True)
    assert years[-1] is None  # unknown dates last
    oldest = [h.year for h in backend.search(SearchRequest(q="", sort="oldest", per_page=50)).hits]
    assert [y for y in oldest if y] == sorted(y for y in oldest if y)
    assert oldest[-1] is None


def test_page_beyond_results_is_empty(backend: SearchBackend) -> None:
    result = backend.search(SearchRequest(q="thi", page=999))
    assert result.hits == () and result.total > 0


def test_article_detail(backend: SearchBackend) -> None:
    hit = backend.search(SearchRequest(q="huân chương")).hits[0]
    detail = backend.article(hit.id)
    assert detail is not None and detail.title.startswith("Đón nhận")
    assert backend.article("nope") is None


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
def random_backend(make_backend) -> tuple[SearchBackend, list[Article]]:  # type: ignore[no-untyped-def]
    corpus = random_corpus(7, 300)
    return make_backend(corpus), corpus


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
def test_facet_counts_equal_brute_force(random_backend, seed: int) -> None:
    backend, corpus = random_backend
    rnd = random.Random(seed)
    q = " ".join(rnd.sample(WORDS, rnd.randint(0, 2)))
    units_sel = tuple(rnd.sample(UNITS, rnd.randint(0, 2)))
    years_sel = tuple(rnd.sample(["2018", "2019", "2020", "2021", "unknown"], rnd.randint(0, 2)))
    unfiltered = backend.search(SearchRequest(q=q, per_page=50, page=1))
    matched = set()
    for page in range(1, unfiltered.pages + 1):
        matched |= {h.path for h in backend.search(SearchRequest(q=q, per_page=50, page=page)).hits}
    result = backend.search(SearchRequest(q=q, units=units_sel, years=years_sel))
    units, years, total = brute_counts(corpus, matched, units_sel, years_sel)
    assert result.total == total
    got_units = {b.value: b.count for b in result.facets["unit"] if b.count}
    got_years = {b.value: b.count for b in result.facets["year"] if b.count}
    assert got_units == dict(units)
    assert got_years == dict(years)
    assert all(b.selected == (b.value in units_sel) for b in result.facets["unit"])


def test_capture_date_is_kept_beside_the_publication_date(make_backend) -> None:  # type: ignore[no-untyped-def]
    page = art("w.warc#http://so.example/tin", "Tin", "Khai giảng năm học mới.", 2021)
    captured = dataclasses.replace(page, captured=dt.date(2024, 5, 2))
    backend = make_backend([captured])
    hit = backend.search(SearchRequest(q="khai giang")).hits[0]
    detail = backend.article(hit.id)
    assert detail is not None
    assert (detail.published, detail.captured) == ("2021-06-15", "2024-05-02")
