"""Issue 12 on small hand-made articles: the query plan, soft AND, proximity, the time budget."""

from __future__ import annotations

import itertools

import pytest

from indexer.text.analysis import fold_syllable
from searchsvc.engine import highlight, relax
from searchsvc.engine.budget import Budget
from searchsvc.engine.querylang import parse_query
from searchsvc.engine.request import MAX_QUERY_CHARS, RequestError, SearchRequest
from searchsvc.engine.service import IndexView, search
from searchsvc.engine.terms import AnyOf, Leaf, Without, plan_query
from searchsvc.web.params import parse_request
from tests.backends import art, make_view


def plan(q: str):
    node, _ = parse_query(q)
    return plan_query(node)


@pytest.mark.parametrize(
    ("q", "soft", "strict"),
    [
        ("thi đua", ["thi", "đua"], []),
        ('"thi đua" khen', ["khen"], ["Leaf"]),
        ("giáo dục và đào tạo", ["giáo dục và đào tạo"], []),
        ("GD&ĐT Thái Nguyên", ["GD ĐT", "Thái", "Nguyên"], []),
        ("thi -cờ", ["thi"], ["Without"]),
        ("thi OR đua", [], ["AnyOf"]),
        ("title:khen thưởng", ["thưởng"], ["Leaf"]),
        ("năm học 2018-2019", ["năm", "học", "2018 2019"], []),
        ("(thi đua) khen", ["khen"], ["AllOf"]),
    ],
)
def test_plan_splits_plain_words_from_typed_operators(q: str, soft, strict) -> None:
    p = plan(q)
    assert [leaf.label for leaf in p.soft] == soft
    assert [type(c).__name__ for c in p.strict] == strict


@pytest.mark.parametrize(
    ("q", "scoring", "pairs"),
    [
        ("thi đua", [("thi",), ("dua",)], ["thi dua"]),
        ('"chất lượng giáo dục"', [("chat luong",), ("luong giao",), ("giao duc",)], []),
        ("GD&ĐT", [("§giaoducvadaotao",)], []),
        ("thi -cờ đua", [("thi",), ("dua",)], ["thi dua"]),
        ("title:thi đua", [("dua",), ("thi",)], []),
    ],
)
def test_matching_and_scoring_read_the_same_lookups(q: str, scoring, pairs) -> None:
    p = plan(q)
    assert [(term,) for _, term in p.scoring()] == scoring
    leaves = [lk for leaf in p.leaves() for lk in leaf.lookups]
    assert set(p.scoring()) == set(leaves)  # every term that matches also scores
    assert [term for _, term in p.proximity()] == pairs


def test_negated_and_or_clauses_compile_to_their_shapes() -> None:
    p = plan("(thi OR khen) -cờ đua")
    assert isinstance(p.strict[0], AnyOf) and isinstance(p.strict[1], Without)
    assert all(isinstance(c, Leaf) for c in p.strict[0].children)
    assert p.folded() == ["dua", "thi", "khen"]  # the NOT's word is not wanted


FILLER = "Các em vui chơi ngày hè ở sân trường cùng thầy cô."
QA = [
    art(
        "q/hocphi.txt",
        "Học phí đại học năm nay",
        "Học phí đại học công lập là 1,5 triệu mỗi tháng.",
    ),
    art("q/tuyensinh.txt", "Tuyển sinh đại học", "Đại học công lập tuyển sinh theo điểm thi."),
    art("q/congtu.txt", "Học phí trường tư", "Trường tư thu học phí cao hơn trường công lập."),
    *(art(f"q/f{i}.txt", f"Tin số {i}", FILLER) for i in range(12)),
]


@pytest.fixture(scope="module")
def qa() -> IndexView:
    return make_view(QA)


def test_a_question_finds_its_article_and_names_the_words_it_lacks(qa: IndexView) -> None:
    q = "Học phí đại học công lập bao nhiêu một tháng?"
    result = search(qa, parse_request({"q": [q]}))
    assert result.hits[0].path == "q/hocphi.txt"
    assert {"bao", "nhiêu", "một", "tháng"} <= set(result.not_required)  # some result lacks them
    assert "học" not in result.not_required  # every result holds it
    assert result.total == 3  # the filler holds none of the words


def _holds(text: str, words: str) -> bool:
    return f" {words.lower()} " in " " + " ".join(text.lower().replace(".", " ").split()) + " "


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"công lập" học phí bao nhiêu', lambda a: _holds(f"{a.title} {a.body}", "công lập")),
        ("học phí đại học -tư bao nhiêu", lambda a: not _holds(f"{a.title} {a.body}", "tư")),
        ("title:tuyển đại học công lập bao nhiêu", lambda a: _holds(a.title, "tuyển")),
    ],
)
def test_typed_operators_keep_their_strict_meaning(qa: IndexView, q: str, expected) -> None:
    result = search(qa, SearchRequest(q=q, per_page=50))
    assert result.hits and result.not_required  # the plain words were relaxed, ...
    by_path = {a.path: a for a in QA}
    assert all(expected(by_path[h.path]) for h in result.hits)  # ... the operator was not
    assert {a.path for a in QA if expected(a)} & {"q/hocphi.txt", "q/tuyensinh.txt"} <= {
        h.path for h in result.hits
    }


def test_all_words_stay_required_while_they_find_enough() -> None:
    full = [art(f"e/{i}.txt", "Tin", "Lễ trao cờ thi đua khen thưởng.") for i in range(12)]
    part = [art(f"p/{i}.txt", "Tin", "Phong trào thi đua sôi nổi.") for i in range(3)]
    result = search(make_view(full + part), SearchRequest(q="thi đua khen thưởng", per_page=50))
    assert result.total == 12 and result.not_required == ()
    few = make_view(full[:4] + part)
    result = search(few, SearchRequest(q="thi đua khen thưởng", per_page=50))
    paths = [h.path for h in result.hits]
    assert set(paths[:4]) == {f"e/{i}.txt" for i in range(4)}  # every word first
    assert set(paths[4:]) == {f"p/{i}.txt" for i in range(3)}  # partial matches below
    assert set(result.not_required) == {"khen", "thưởng"}


def test_sixty_four_words_are_a_query() -> None:
    words = " ".join(itertools.islice(itertools.cycle(FILLER.rstrip(".").split()), 64))
    req = parse_request({"q": [words]})
    result = search(make_view(QA), req)
    assert result.total > 0
    with pytest.raises(RequestError):
        parse_request({"q": ["a" * (MAX_QUERY_CHARS + 1)]})


def test_adjacent_syllables_win_beyond_the_rerank_depth() -> None:
    # 150 short articles hold both syllables apart, twice; one long article holds them side by
    # side once: its BM25 on the syllables alone ranks it last, far below the first hundred.
    scattered = [
        art(f"s/{i:03d}.txt", "Tin", "Thái Bình gặp Nguyên Bình; Thái Hà gặp Nguyên Hà.")
        for i in range(150)
    ]
    together = art("t.txt", "Tin", "Hội nghị ở Thái Nguyên. " + "Bình thường mọi việc. " * 60)
    result = search(make_view([*scattered, together]), SearchRequest(q="thai nguyen"))
    assert result.hits[0].path == "t.txt"


def test_only_the_rarest_words_drive_matching() -> None:
    common = [f"chung{i}" for i in range(relax.MAX_MATCHING_WORDS)]
    rare = ["hiem1", "hiem2"]
    articles = [art(f"c/{i}.txt", "Tin", " ".join(common)) for i in range(5)]
    articles += [art(f"x/{i}.txt", "Tin", "chung0 chung1") for i in range(3)]  # the commonest
    articles.append(art("r.txt", "Tin", " ".join(rare)))
    view = make_view(articles)
    p = plan(" ".join(common + rare))
    matched = relax.match_plan(view.postings, view.doc_columns.live, p, Budget(lambda: 0.0))
    assert {leaf.label for leaf in matched.score_only} == {"chung0", "chung1"}  # most common
    assert matched.docs.sum() == 6  # the five with 62 words and the one with the rare two


class Ticking:
    """A clock that moves ``step`` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_the_time_budget_answers_with_what_it_has() -> None:
    # "đậu" is in every article, "lúa" in one: words are read rarest first.
    crops = ["lúa", "ngô", "khoai", "sắn", "đậu"]
    view = make_view([art(f"c/{i}.txt", "Tin", " ".join(crops[i:])) for i in range(5)])
    q = " ".join(crops)
    unhurried = search(view, SearchRequest(q=q), clock=lambda: 0.0)
    assert not unhurried.partial and "đậu" not in unhurried.not_required
    # Each reading of this clock takes 0.6 s: the rarest three are read anyway, "sắn" in time,
    # "đậu" after the budget: it is left out, and the answer says so.
    hurried = search(view, SearchRequest(q=q), clock=Ticking(0.6))
    assert hurried.partial and "đậu" in hurried.not_required
    assert hurried.hits and {h.path for h in hurried.hits} <= {h.path for h in unhurried.hits}


@pytest.mark.parametrize(
    "text",
    [
        "Sở GD&ĐT Thái Nguyên trao Huân chương Lao động hạng Ba cho trường THPT Đường Lâm.",
        "Trường đạt chuẩn quốc gia; HỌC SINH giỏi cấp tỉnh: 12 em (năm học 2019-2020).",
    ],
)
def test_long_queries_are_marked_as_short_ones_are(text: str) -> None:
    terms = {"so", "thai", "nguyen", "duong", "hoc", "sinh", "2019", "truong", "lao"}
    assert len(terms) > highlight.MAX_PATTERN_TERMS  # the per-syllable path
    pattern = highlight._pattern(frozenset(terms))
    expected = [(m.start(), m.end(), fold_syllable(m.group())) for m in pattern.finditer(text)]
    assert highlight._matches(text, terms) == expected and expected


@pytest.mark.parametrize(
    ("q", "negated"),
    [
        ("thi -cờ", True),
        ("thi (-cờ)", True),
        ("(NLĐO)-Tại kinh đô thời trang", False),
        ('"thi đua"-cờ', False),
        ("năm 2006-2007", False),
    ],
)
def test_only_a_dash_that_starts_a_word_negates(q: str, negated: bool) -> None:
    p = plan(q)
    assert any(isinstance(c, Without) for c in p.strict) == negated
