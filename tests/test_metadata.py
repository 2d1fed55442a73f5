"""Dates, titles and bylines: the rules of indexer.ingest.metadata, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from indexer.ingest import bylines, metadata


@pytest.mark.parametrize(
    ("lines", "title", "date", "body"),
    [
        (
            ["15/06/2020 - 06:20", "Kicker", "Headline", "Para."],
            "Headline",
            dt.date(2020, 6, 15),
            ["Kicker", "Para."],
        ),
        (
            ["Title", "Thứ sáu - 18/12/2020 02:09", "Para."],
            "Title",
            dt.date(2020, 12, 18),
            ["Para."],
        ),
        (["Title", "Para one.", "Para two."], "Title", None, ["Para one.", "Para two."]),
        (["Para only."], "Para only.", None, []),
        # A long paragraph without a final full stop is body, not a title (VNTC shape).
        (
            ["Sự nghiệp của ca sĩ", "Nếu có thiện ý thì hãy phân biệt lời nói. Cho nên mới có"],
            "Sự nghiệp của ca sĩ",
            None,
            ["Nếu có thiện ý thì hãy phân biệt lời nói. Cho nên mới có"],
        ),
        # Title and text typed as one line (1,550 VNTC texts): the first sentence titles it.
        (
            ["Khối A thi được mấy trường? " + "Thí sinh hỏi về hồ sơ đăng ký dự thi. " * 9],
            "Khối A thi được mấy trường?",
            None,
            [("Thí sinh hỏi về hồ sơ đăng ký dự thi. " * 9).strip()],
        ),
        ([], "", None, []),
        # A first line that is a paragraph, then a short one (NLĐ briefs): split, both kept.
        (
            [
                "Dành tiền cho bệnh nhân nghèo (NLĐ) - Thực hiện nguyện vọng. Bà cho biết thêm",
                "Theo TTXVN, bà cho biết như vậy.",
            ],
            "Dành tiền cho bệnh nhân nghèo (NLĐ) - Thực hiện nguyện vọng.",
            None,
            ["Bà cho biết thêm", "Theo TTXVN, bà cho biết như vậy."],
        ),
        # No sentence break within a title's length: the first 20 words.
        (
            [" ".join(["chữ"] * 200)],
            " ".join(["chữ"] * 20),
            None,
            [" ".join(["chữ"] * 180)],
        ),
    ],
)
def test_split_text_header(
    lines: list[str], title: str, date: dt.date | None, body: list[str]
) -> None:
    assert metadata.split_text_header(lines) == (title, date, body)


@pytest.mark.parametrize(
    ("lines", "author", "source", "rest"),
    [
        (["Body.", "B.Ngọc"], "B.Ngọc", None, ["Body."]),
        (
            ["Body.", "Tác giả: Mai Hương", "Nguồn tin: Trường CĐSP"],
            "Mai Hương",
            "Trường CĐSP",
            ["Body."],
        ),
        (
            ["Body.", "Ban Giám đốc Trung tâm GDTX tỉnh Thái Nguyên"],
            None,
            None,
            ["Body.", "Ban Giám đốc Trung tâm GDTX tỉnh Thái Nguyên"],
        ),
        (["Body ends with a sentence."], None, None, ["Body ends with a sentence."]),
    ],
)
def test_take_bylines(
    lines: list[str], author: str | None, source: str | None, rest: list[str]
) -> None:
    assert bylines.take_bylines(lines) == (author, source, rest)


@pytest.mark.parametrize(
    ("page", "author", "source"),
    [
        ("<p>Tác giả: Mai Hương Nguồn tin: Trường CĐSP</p>", "Mai Hương", "Trường CĐSP"),
        # A byline that also carries the date (`| Ngày đăng:`): the date is not the author.
        ("<p>Tác giả: Lan Anh | Ngày đăng: 23/09/2021 | Lượt xem: 120</p>", "Lan Anh", None),
    ],
)
def test_page_bylines(page: str, author: str | None, source: str | None) -> None:
    assert bylines.page_bylines(html.document_fromstring(page)) == (author, source)


@pytest.mark.parametrize(
    ("lead", "source", "rest"),
    [
        ("GD&TĐ - Chiều 21/3, hội nghị.", "GD&TĐ", "Chiều 21/3, hội nghị."),
        ("Dienbien.edu.vn: Trong 02 năm học", None, "Trong 02 năm học"),
        ("Sở GD&ĐT - đơn vị dẫn đầu", None, "Sở GD&ĐT - đơn vị dẫn đầu"),
    ],
)
def test_take_lead_prefix(lead: str, source: str | None, rest: str) -> None:
    assert bylines.take_lead_prefix(lead) == (source, rest)


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (
            '<head><meta property="og:title" content="OG"><title>T | Site</title></head><h1>H</h1>',
            "OG",
        ),
        ("<head><title>T | Site</title></head><body><h1> H  1 </h1></body>", "H 1"),
        (
            "<head><title>Tiêu đề bài - Sở GD&amp;ĐT</title></head><body><p>x</p></body>",
            "Tiêu đề bài",
        ),
        # A zero-width space the CMS left at the end of og:title (vi-pages-dev shape).
        (
            '<head><meta property="og:title" content="Giao lưu an toàn giao thông \u200b">'
            "</head><body><div class='ArticleHeader'>Giao lưu an toàn giao thông\u200b</div>"
            "</body>",
            "Giao lưu an toàn giao thông",
        ),
        # og:title cut short with an ellipsis: the heading holds the whole title.
        (
            '<head><meta property="og:title" content="Tổng kết Hội thi giáo viên dạy giỏi…">'
            "</head><body><h1>Tổng kết Hội thi giáo viên dạy giỏi THCS cấp tỉnh</h1></body>",
            "Tổng kết Hội thi giáo viên dạy giỏi THCS cấp tỉnh",
        ),
        # A site-logo <h1> that nothing confirms loses to og:title.
        (
            '<head><meta property="og:title" content="Khai giảng năm học mới tại Hà Giang">'
            "</head><body><h1>Sở GD&amp;ĐT Hà Giang</h1></body>",
            "Khai giảng năm học mới tại Hà Giang",
        ),
        # A dash inside the title is not a site-name separator: the tail has digits.
        (
            "<head><title>Tổng kết Hội thi năm học 2020 - 2021</title></head><body></body>",
            "Tổng kết Hội thi năm học 2020 - 2021",
        ),
        (
            "<head><title>Tổng kết Hội thi năm học 2020 - 2021 | Sở GD&amp;ĐT Hà Giang</title>"
            "</head><body></body>",
            "Tổng kết Hội thi năm học 2020 - 2021",
        ),
        # The CMS's title class without og:title (VNPT portal shape), <title> is the site name.
        (
            "<head><title>Cổng thông tin điện tử</title></head><body><h1>Cổng thông tin</h1>"
            "<div class='ArticleHeader'>Lễ khởi công xây nhà công vụ trường THPT</div></body>",
            "Lễ khởi công xây nhà công vụ trường THPT",
        ),
    ],
)
def test_page_title(page: str, title: str) -> None:
    tree = html.document_fromstring(page)
    assert metadata.page_title(tree, metadata.meta_tags(tree))[0] == title
