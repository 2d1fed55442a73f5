"""Property: no query text, however hostile, makes the search core raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchsvc.engine.querylang import parse_query
from searchsvc.engine.request import RequestError
from searchsvc.engine.service import IndexView, search
from searchsvc.web.params import parse_request
from tests.backends import ARTICLES, make_view

PIECES = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "-",
        "NOT",
        "OR",
        "AND",
        "title:",
        "*",
        "?",
        "~",
        "[",
        "]",
        "TO",
        "^2",
        ":",
        "thi",
        "đua",
        "Thái",
        "Nguyên",
        "GD&ĐT",
        "hoà",
        "2019",
        "\x00",
        "\u0301",
        "\u200b",
        " ",
        "  ",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=80),
    st.lists(PIECES, max_size=20).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=12).map(" ".join),
)

VIEW: IndexView = make_view(ARTICLES)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_random_queries_never_raise(q: str) -> None:
    parse_query(q)
    try:
        req = parse_request({"q": [q]})
    except RequestError:
        return
    result = search(VIEW, req)
    assert result.total >= len(result.hits)


LONG_QUERIES = st.lists(st.one_of(PIECES, st.text(max_size=6)), min_size=16, max_size=150).map(
    " ".join
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LONG_QUERIES)
def test_long_queries_never_raise_and_count_what_they_show(q: str) -> None:
    """Pasted text and questions (soft AND, up to the request limits) answer, never raise."""
    try:
        req = parse_request({"q": [q], "per_page": ["50"]})
    except RequestError:
        return
    result = search(VIEW, req)
    assert result.total >= len(result.hits)
    assert len(result.hits) == min(result.total, 50)
