"""Extraction over every file of archive/, against tests/data/expected_articles.json."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest

from indexer.article import Article, Skipped
from indexer.ingest.archive import RawDocument
from indexer.ingest.body_lines import clean_lines, drop_repeats
from indexer.ingest.extract import extract, html_main_text
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
        ("Text.\n[Quay lại]\n[ Về đầu trang ]", ["Text."]),
        ("Mục lục [Hiển thị]\nText.\n[Ẩn]", ["Text."]),
        ("Text.\n(6816 bình chọn, 9/10 điểm)\n(12 lượt bình chọn; 8,5/10 điểm)", ["Text."]),
        (">> Hà Giang công bố điểm chuẩn\nText.\n» Xem thêm tin khác", ["Text."]),
        # Prose that merely mentions votes, brackets or arrows stays.
        (
            "Có 6816 bình chọn cho tiết mục này.\n[1] Chú thích.",
            ["Có 6816 bình chọn cho tiết mục này.", "[1] Chú thích."],
        ),
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


# --- failure shapes of real pages, on pages written here -----------------------------------------

TODAY = dt.date(2026, 12, 1)
PARAS = (
    "Sáng 20/9, Sở GD&ĐT tỉnh Hà Giang tổ chức hội nghị tổng kết năm học với sự tham dự của"
    " lãnh đạo các phòng, ban và hiệu trưởng các trường trung học phổ thông trong tỉnh.",
    "Năm học vừa qua, toàn ngành đã hoàn thành các chỉ tiêu đề ra, tỷ lệ học sinh tốt nghiệp"
    " đạt trên 95 %, nhiều trường được công nhận đạt chuẩn quốc gia về cơ sở vật chất.",
    "Phát biểu tại hội nghị, Giám đốc Sở đề nghị các đơn vị tiếp tục đổi mới phương pháp dạy"
    " học, quan tâm tới học sinh vùng khó khăn và đẩy mạnh chuyển đổi số trong quản lý.",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAS)
TITLE = "Hà Giang tổng kết năm học và triển khai nhiệm vụ năm học mới"
RELATED = "".join(
    f"<li><a href='/tin/{i}.html'>Trường học vùng cao số {i} đón học sinh trở lại lớp</a>"
    f" ({i % 28 + 1:02d}/08/2021)</li>"
    for i in range(14)
)
MOST_READ = "".join(
    f"<li><a href='/doc/{i}.html'>Thông báo tuyển sinh lớp mười trường chuyên năm {2000 + i}</a>"
    "</li>"
    for i in range(12)
)
TEASERS = "".join(
    f"<div class='item'><h3><a href='/tin/{i}.html'>Trường học vùng cao số {i} đón học sinh"
    f" trở lại lớp học</a></h3><p>Sau kỳ nghỉ dài, học sinh trường số {i} đã trở lại lớp trong"
    " niềm vui của thầy cô, nhà trường đã chuẩn bị đầy đủ cơ sở vật chất cho năm học mới.</p>"
    "</div>"
    for i in range(20)
)


def _page(body: str, head: str = "", title: str = TITLE) -> RawDocument:
    html = f"<html><head><title>{title} | Báo Giáo dục</title>{head}</head><body>{body}</body>"
    return RawDocument(path="page.html", kind="html", text=html + "</html>", encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "kept", "dropped"),
    [
        # Word paste: paragraphs after `<!--StartFragment-->` must stay.
        (
            f"<h1>{TITLE}</h1><div class='content'><p>{PARAS[0]}</p><!--StartFragment-->"
            f"<p>{PARAS[1]}</p><!--EndFragment--><p>{PARAS[2]}</p></div>",
            PARAS,
            ("StartFragment",),
        ),
        # A lead set in <h2> under the title (Dân trí, Zing, Soha) is kept.
        (
            f"<h1>{TITLE}</h1><h2>Ngành giáo dục Hà Giang bước vào năm học mới với nhiều kết"
            f" quả nổi bật, tỷ lệ tốt nghiệp tăng so với năm trước.</h2>"
            f"<div class='content'>{BODY}</div>",
            ("Ngành giáo dục Hà Giang bước vào năm học mới", *PARAS),
            (),
        ),
        # Furniture: a back button, a rating line, inline `>>` related links, a contents toggle.
        (
            f"<h1>{TITLE}</h1><div class='toc'>Mục lục [Hiển thị]</div><div class='content'>"
            f"<p>{PARAS[0]}</p><p>&gt;&gt; <a href='/x.html'>Hà Giang công bố điểm chuẩn vào lớp"
            f" mười năm nay</a></p><p>{PARAS[1]} &gt;&gt; <a href='/y.html'>Học sinh Hà Giang"
            f" đoạt giải quốc gia</a></p><p>{PARAS[2]}</p></div>"
            "<p>(6816 bình chọn, 9/10 điểm)</p><p><a href='javascript:history.back()'>"
            "[Quay lại]</a></p>",
            PARAS,
            ("Quay lại", "bình chọn", "Hiển thị", "điểm chuẩn vào lớp", "đoạt giải quốc gia", ">>"),
        ),
    ],
)
def test_real_page_shapes_text(body: str, kept: tuple[str, ...], dropped: tuple[str, ...]) -> None:
    article = extract(_page(body), TODAY)
    assert isinstance(article, Article), article
    for snippet in kept:
        assert snippet in article.body
    for snippet in dropped:
        assert snippet not in article.body


@pytest.mark.parametrize(
    ("body", "head", "is_article"),
    [
        # A real article page: no og:type, long related and most-read lists.
        (
            f"<h1>{TITLE}</h1><p>Thứ Năm, 23/09/2021 14:30 (GMT+7)</p><div>{BODY}</div>"
            f"<h3>Bài cùng chủ đề</h3><ul>{RELATED}</ul><h3>Đọc nhiều</h3><ul>{MOST_READ}</ul>",
            "",
            True,
        ),
        # A news home page that declares og:type=article: teasers only.
        (
            f"<h1>Báo Giáo dục</h1>{TEASERS}<ul>{MOST_READ}</ul>",
            '<meta property="og:type" content="article">',
            False,
        ),
        # A category listing: teasers under a section title.
        (f"<h1>Tin tức sự kiện</h1>{TEASERS}", "", False),
        # A documents page: a table of document links.
        (
            "<h1>Văn bản ban hành</h1><table>"
            + "".join(
                f"<tr><td>{i}/QĐ-SGDĐT</td><td><a href='/vb/{i}'>Quyết định về việc công nhận"
                f" trường đạt chuẩn quốc gia số {i}</a></td><td>0{i % 9 + 1}/03/2021</td></tr>"
                for i in range(15)
            )
            + "</table>",
            "",
            False,
        ),
    ],
)
def test_article_or_not(body: str, head: str, is_article: bool) -> None:
    result = extract(_page(body, head), TODAY)
    assert isinstance(result, Article) == is_article, result
    if not is_article:
        assert result.reason == "not an article"
        assert "title links" in result.detail  # the evidence goes into the build report
