"""Article or not (indexer.ingest.pagekind): each piece of evidence, table-driven, on pages
written here in the shapes of real portal pages (teasers, related lists, documents tables)."""

from __future__ import annotations

import pytest
from lxml import html

from indexer.ingest import metadata, pagekind

PROSE = (
    "Sáng nay, Sở GD&ĐT tổ chức hội nghị tổng kết năm học với sự tham dự của lãnh đạo các"
    " phòng, ban và hiệu trưởng các trường trung học phổ thông trong toàn tỉnh."
)


def teasers(n: int, summary: bool = True) -> str:
    text = f"<p>{PROSE}</p>" if summary else ""
    return "".join(
        f"<div class='item'><a href='/t/{i}.html'>Tin số {i} về hoạt động của ngành giáo dục"
        f"</a>{text}</div>"
        for i in range(n)
    )


def links(n: int) -> str:
    return (
        "<ul>"
        + "".join(
            f"<li><a href='/r/{i}'>Bài liên quan số {i} về kỳ thi tốt nghiệp</a></li>"
            for i in range(n)
        )
        + "</ul>"
    )


def kind(body: str, url: str | None = None, head: str = "") -> pagekind.PageKind:
    tree = html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return pagekind.classify(tree, pagekind.article_metadata(tree, metadata.meta_tags(tree)), url)


@pytest.mark.parametrize(
    ("body", "url", "head", "is_article"),
    [
        # Few title links: never a listing, whatever else.
        (teasers(7), None, "", True),
        # Teasers are not the page's own prose: a category page.
        (teasers(12), None, "", False),
        # The same page claiming to be an article is still a listing: metadata is evidence.
        (teasers(12), None, '<meta property="og:type" content="article">', False),
        # An article (own prose) with a long related list and no metadata.
        ("".join(f"<p>{PROSE}</p>" for _ in range(4)) + links(30), None, "", True),
        # A short article (two paragraphs) with related links: metadata and URL lower the bar.
        (
            f"<p>{PROSE}</p>" + links(10),
            "https://so.edu.vn/tin-tuc/hoi-nghi-tong-ket-nam-hoc-2021-123456.html",
            '<meta property="og:type" content="article">',
            True,
        ),
        # The same short page without evidence: too little prose for 10 title links.
        (f"<p>{PROSE}</p>" + links(10), None, "", False),
        # A listing URL raises the bar: four paragraphs next to 12 title links are not enough.
        (
            "".join(f"<p>{PROSE}</p>" for _ in range(4)) + links(12),
            "https://so.edu.vn/tin-tuc/index.html",
            "",
            False,
        ),
        # Many title links need more own prose (6 characters a link): a home page with a
        # 476-character welcome text and 90 title links.
        (f"<p>{PROSE} {PROSE} {PROSE}</p>" + teasers(90, summary=False), None, "", False),
        # A short article whose block holds a title-like link is not a teaser.
        (
            "<div><p><a href='/full'>Xem toàn bộ kết quả kỳ thi học sinh giỏi</a></p>"
            + "".join(f"<p>{PROSE}</p>" for _ in range(3))
            + "</div>"
            + links(9),
            None,
            "",
            True,
        ),
    ],
)
def test_classify(body: str, url: str | None, head: str, is_article: bool) -> None:
    assert kind(body, url, head).is_article == is_article


@pytest.mark.parametrize(
    ("url", "evidence"),
    [
        ("https://so.edu.vn/", "listing-shaped URL"),
        ("https://so.edu.vn/tin-tuc/index.html", "listing-shaped URL"),
        ("https://so.edu.vn/chuyen-muc/tin-tuc", "listing-shaped URL"),
        ("https://so.edu.vn/tin-tuc?page=3", "listing-shaped URL"),
        (
            "https://so.edu.vn/tin-tuc/khai-giang-nam-hoc-moi-tai-ha-giang.html",
            "article-shaped URL",
        ),
        ("https://so.edu.vn/news/1234567.html", "article-shaped URL"),
        ("https://so.edu.vn/gioi-thieu", None),
    ],
)
def test_url_shape(url: str, evidence: str | None) -> None:
    found = [e for e in kind("<p>x</p>", url).evidence if e.endswith("URL")]
    assert found == ([evidence] if evidence else [])


@pytest.mark.parametrize(
    ("head", "evidence"),
    [
        ('<meta property="og:type" content="article">', ("og:type=article",)),
        ('<meta property="og:type" content="website">', ()),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle"}</script>',
            ("JSON-LD Article",),
        ),
        ('<script type="application/ld+json">{"@type": "WebSite"}</script>', ()),
        ('<script type="application/ld+json">{broken</script>', ()),
        (
            '<meta property="article:published_time" content="2021-09-23">',
            ("article:published_time",),
        ),
    ],
)
def test_article_metadata(head: str, evidence: tuple[str, ...]) -> None:
    tree = html.document_fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert pagekind.article_metadata(tree, metadata.meta_tags(tree)) == evidence


def test_skip_detail_names_the_evidence() -> None:
    detail = kind(teasers(12), "https://so.edu.vn/").detail()
    assert detail.startswith("12 title links, 0 chars of own prose")
    assert "listing-shaped URL" in detail
