"""Dates, titles and bylines: the rules of indexer.ingest.metadata, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from indexer.ingest import metadata


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("15/06/2020 - 06:20", dt.date(2020, 6, 15)),
        ("Thứ sáu - 18/12/2020 02:09", dt.date(2020, 12, 18)),
        ("Thứ Hai, 15/6/2020, 08:00 (GMT+7)", dt.date(2020, 6, 15)),
        ("Cập nhật: 05-03-2021", dt.date(2021, 3, 5)),
        ("31/02/2020", None),  # not a date
        ("ngày 25 tháng 11 năm 1992 theo Quyết định", None),  # prose, not a date line
        ("Hội thi giáo viên giỏi (15/10/2019)", None),  # a related-list item
        ("Năm học 2014 - 2015", None),
    ],
)
def test_parse_date_line(line: str, date: dt.date | None) -> None:
    assert metadata.parse_date_line(line) == date


@pytest.mark.parametrize(
    ("lead", "context", "date"),
    [
        ("Chiều 21/3, Cụm thi đua", "học kỳ II năm học 2022-2023", dt.date(2023, 3, 21)),
        ("Sáng 5/9, khai giảng", "năm học 2022 - 2023", dt.date(2022, 9, 5)),
        ("Sáng 14/8, tập huấn", "năm học 2021-2022", dt.date(2021, 8, 14)),
        ("Chiều 21/3, hội nghị", "không có năm học", None),
        ("Chiều 21/3, hội nghị", "năm học 2022-2025", None),  # not a school year
        ("Hội nghị ngày 21/3", "năm học 2022-2023", None),  # not at the start of the lead
    ],
)
def test_bare_date_takes_year_from_school_year(
    lead: str, context: str, date: dt.date | None
) -> None:
    assert metadata.bare_date(lead, context) == date


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
    assert metadata.take_bylines(lines) == (author, source, rest)


@pytest.mark.parametrize(
    ("lead", "source", "rest"),
    [
        ("GD&TĐ - Chiều 21/3, hội nghị.", "GD&TĐ", "Chiều 21/3, hội nghị."),
        ("Dienbien.edu.vn: Trong 02 năm học", None, "Trong 02 năm học"),
        ("Sở GD&ĐT - đơn vị dẫn đầu", None, "Sở GD&ĐT - đơn vị dẫn đầu"),
    ],
)
def test_take_lead_prefix(lead: str, source: str | None, rest: str) -> None:
    assert metadata.take_lead_prefix(lead) == (source, rest)


@pytest.mark.parametrize(
    ("page", "date"),
    [
        (
            '<meta property="article:published_time" content="2021-06-15T06:20:00+07:00">'
            "<body><p>x</p></body>",
            dt.date(2021, 6, 15),
        ),
        ('<body><time datetime="2019-01-02">2 tháng 1</time></body>', dt.date(2019, 1, 2)),
        (
            "<body><header><span>Thứ Tư, 16/06/2021</span></header><span>15/06/2021 - 06:20</span>"
            "</body>",
            dt.date(2021, 6, 15),
        ),
        ("<body><ul><li><a>Tin khác</a> <em>(12/03/2019)</em> thêm chữ</li></ul></body>", None),
    ],
)
def test_page_date(page: str, date: dt.date | None) -> None:
    tree = html.document_fromstring(page)
    assert metadata.page_date(tree, metadata.meta_tags(tree)) == date


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
    ],
)
def test_page_title(page: str, title: str) -> None:
    tree = html.document_fromstring(page)
    assert metadata.page_title(tree, metadata.meta_tags(tree)) == title
