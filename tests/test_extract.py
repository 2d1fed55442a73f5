"""Extraction over every file of archive/, against tests/data/expected_articles.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from indexer.article import Article, Skipped
from indexer.ingest.archive import RawDocument
from indexer.ingest.extract import clean_lines, drop_repeats, extract, html_main_text
from indexer.ingest.pipeline import load

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "archive"
EXPECTED = json.loads((ROOT / "tests/data/expected_articles.json").read_text(encoding="utf-8"))
FILES = EXPECTED["files"]
FURNITURE = EXPECTED["furniture"]
ARTICLES = sorted(p for p, e in FILES.items() if "skipped" not in e)


@cache
def _load(rel: str) -> Article | Skipped:
    return load(ARCHIVE, ARCHIVE / rel)


def test_every_archive_file_has_expectations() -> None:
    on_disk = {
        p.relative_to(ARCHIVE).as_posix()
        for p in ARCHIVE.rglob("*")
        if p.suffix.lower() in {".txt", ".html", ".htm"}
    }
    assert on_disk == set(FILES)


@pytest.mark.parametrize("rel", ARTICLES)
@pytest.mark.parametrize("field", ["title", "published", "year", "author", "source"])
def test_metadata(rel: str, field: str) -> None:
    record = _load(rel)
    assert isinstance(record, Article), record
    assert record.to_json()[field] == FILES[rel][field]


@pytest.mark.parametrize("rel", [r for r in ARTICLES if "url" in FILES[r]])
def test_url(rel: str) -> None:
    assert _load(rel).url == FILES[rel]["url"]


@pytest.mark.parametrize("rel", ARTICLES)
def test_body_snippets(rel: str) -> None:
    body = _load(rel).body
    for snippet in FILES[rel]["contains"]:
        assert snippet in body
    for snippet in FILES[rel]["not_contains"]:
        assert snippet not in body, snippet
    for snippet in FILES[rel].get("once", []):
        assert body.count(snippet) == 1, snippet


@pytest.mark.parametrize("rel", ARTICLES)
@pytest.mark.parametrize("furniture", FURNITURE)
def test_no_furniture_in_body(rel: str, furniture: str) -> None:
    assert furniture not in _load(rel).body


@pytest.mark.parametrize("rel", [r for r in ARTICLES if "foreign" in FILES[r]])
def test_related_lists_do_not_leak_into_title(rel: str) -> None:
    title = _load(rel).title
    for other in FILES[rel]["foreign"]:
        assert other not in title


@pytest.mark.parametrize("rel", sorted(p for p, e in FILES.items() if "skipped" in e))
def test_skipped(rel: str) -> None:
    record = _load(rel)
    assert isinstance(record, Skipped)
    assert record.reason == FILES[rel]["skipped"]


@pytest.mark.parametrize("encoding", ["cp1258", "nfd", "tcvn3"])
def test_encoded_twins_extract_like_utf8(encoding: str) -> None:
    base = "html/portal-twins/phong-gddt-phu-luong-don-nhan-co-thi-dua-{}.html"
    twin, utf8 = _load(base.format(encoding)), _load(base.format("utf8"))
    assert (twin.title, twin.body, twin.published) == (utf8.title, utf8.body, utf8.published)


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        (
            ["a long caption repeated here once more", "a long caption repeated here once more"],
            ["a long caption repeated here once more"],
        ),
        (
            [
                "First sentence of the lead paragraph. Second sentence.",
                "First sentence of the lead paragraph.",
                "Second sentence.",
            ],
            ["First sentence of the lead paragraph.", "Second sentence."],
        ),
        (["Q?", "answer one", "x", "y", "z", "Q?"], ["Q?", "answer one", "x", "y", "z", "Q?"]),
        (["short", "short text here"], ["short", "short text here"]),
    ],
)
def test_drop_repeats(paragraphs: list[str], kept: list[str]) -> None:
    assert drop_repeats(paragraphs) == kept


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("banner\nTitle\n0:00 / 0:00\n0:00\nBody.", ["Title", "Body."]),
        ("Body.\nvp1\nMore body.\nIMG_0012.jpg", ["Body.", "More body."]),
        ("A.\nB.\nC.\nÝ kiến bạn đọc\nTin X (12/03/2019)\n• Đang truy cập136", ["A.", "B.", "C."]),
        ("Tổng số điểm của bài viết là: 0 trong 0 đánh giá\nText.", ["Text."]),
    ],
)
def test_clean_lines(text: str, lines: list[str]) -> None:
    assert clean_lines(text) == lines


def test_text_document_without_content_is_skipped() -> None:
    doc = RawDocument(path="x.txt", kind="text", text="banner\n0:00\n", encoding="utf-8")
    assert isinstance(extract(doc), Skipped)


def test_pruning_guard_keeps_main_column_with_furniture_class() -> None:
    """A theme that puts a furniture class on the main column must not lose the article."""
    body = " ".join(f"Câu thứ {i} của bài viết về Sở GD&ĐT Lạng Sơn." for i in range(60))
    page = (
        f"<html><body><div class='related'><h1>Tiêu đề</h1><p>{body}</p><p>{body}</p></div>"
        "<div><p>Liên hệ</p></div></body></html>"
    )
    assert "Câu thứ 59" in html_main_text(page)
