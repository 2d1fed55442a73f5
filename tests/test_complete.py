"""Suggestions as you type: the engine (searchsvc.engine.complete) over the sample archive's
index, and its HTTP side (GET /api/suggest)."""

from __future__ import annotations

import pytest

from searchsvc.engine import complete
from searchsvc.engine.request import MAX_QUERY_CHARS
from searchsvc.engine.service import IndexView
from tests.webapp import assert_error


@pytest.fixture(scope="module")
def view(opened_index):
    built = IndexView(opened_index)
    yield built
    built.close()


def texts(view, query: str, kind: str | None = None) -> list[str]:
    return [s.text for s in complete.complete(view, query) if kind is None or s.kind == kind]


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        # Unaccented input, accented display, as the archive writes it (capitals kept).
        ("thai ng", "word", "Thái Nguyên"),
        ("thai ng", "unit", "Phòng GD&ĐT TP Thái Nguyên"),
        ("thai ng", "unit", "Sở GD&ĐT Thái Nguyên"),
        ("huan ch", "word", "Huân chương"),
        ("hu", "word", "huân"),
        # A unit is found from any of its words.
        ("phu lu", "unit", "Phòng GD&ĐT huyện Phú Lương"),
        # Earlier words stay as typed; only the last pair is completed.
        ("co thi d", "word", "co thi đua"),
        # Query syntax before the plain words is kept in the value.
        ('"thi dua" OR huan ch', "word", '"thi dua" OR Huân chương'),
    ],
)
def test_completions_are_accented_from_the_archive(view, query, kind, expected):
    assert expected in texts(view, query, kind)


@pytest.mark.parametrize("variant", ["thai ng", "THAI NG", "Thái ng", "thái ng", "Tha\u0301i ng"])
def test_diacritic_and_case_variants_complete_alike(view, variant):
    assert texts(view, variant) == texts(view, "thai ng")


@pytest.mark.parametrize("query", ["t", "th", "thai", "thai ", "g", "huyen d", "truong thcs"])
def test_at_most_ten_and_never_twice(view, query):
    found = complete.complete(view, query)
    assert len(found) <= complete.MAX_SUGGESTIONS
    keys = [(s.kind, s.text.lower()) for s in found]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "query", ["", "   ", '"', "((", "thi dua OR", "-", "zzzzqx", "title:", "\u200b", "2019 2020"]
)
def test_nothing_to_complete_is_an_empty_list_not_an_error(view, query):
    found = complete.complete(view, query)
    assert all(s.text for s in found)


def test_words_across_punctuation_are_not_offered(view):
    for query in ("thai ", "thai"):
        assert all("." not in s.text and "," not in s.text for s in complete.complete(view, query))


def test_title_suggestions_name_their_article(view):
    titles = [s for s in complete.complete(view, "thai ng") if s.kind == "title"]
    assert titles and all(s.article_id and len(s.article_id) == 16 for s in titles)
    assert len(titles) <= complete.MAX_TITLES


def test_api_suggest_shape_and_links(client):
    body = client.get("/api/suggest?q=thai+ng").get_json()
    assert body["query"] == "thai ng"
    assert 1 <= len(body["suggestions"]) <= 10
    by_kind = {s["kind"]: s for s in reversed(body["suggestions"])}
    assert by_kind["word"]["url"] == "/?q=Th%C3%A1i+Nguy%C3%AAn"
    assert by_kind["unit"]["url"].startswith("/?unit=")
    assert by_kind["title"]["url"].startswith("/articles/")
    for item in body["suggestions"]:
        assert set(item) == {"text", "value", "kind", "url"}


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/suggest?q=" + "a" * (MAX_QUERY_CHARS + 1), 400, "query_too_long"),
        ("/api/suggest?q=a&q=b", 400, "invalid_parameter"),
        ("/api/suggest?x=1", 400, "unknown_parameter"),
    ],
)
def test_api_suggest_rejects_bad_requests(client, url, status, code):
    assert_error(client.get(url), status, code)


def test_api_suggest_empty_query_and_etag(client):
    assert client.get("/api/suggest").get_json() == {"query": "", "suggestions": []}
    first = client.get("/api/suggest?q=thi")
    again = client.get("/api/suggest?q=thi", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("field", "prefix"), [("text_fold", "thai "), ("text_fold", "thi d"), ("text_exact", "ng")]
)
def test_prefix_terms_match_whooshs_own_counts(view, opened_index, field, prefix):
    """The segment-by-segment walk gives what Whoosh's merged reader gives, only faster."""
    found, capped = view.reader.prefix_terms(field, prefix, None)
    with opened_index.index.reader() as reader:
        expected = {
            term.decode("utf-8"): info.doc_frequency()
            for term, info in reader.iter_prefix(field, prefix)
        }
    assert found == expected and found and not capped
    some, capped = view.reader.prefix_terms(field, prefix, 1)
    assert len(some) >= 1 and capped == (len(expected) > 1)
