"""Publication dates (indexer.ingest.dates), table-driven, on pages written in the shapes seen
on real Vietnamese portals: date lines in every form, labelled dates, sidebars full of dates."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from indexer.ingest import dates, metadata
from indexer.ingest.prune import prune

TODAY = dt.date(2026, 12, 1)
SIDEBAR = (
    "<div class='sidebar'><h3>Tin mới</h3>"
    "<div class='item'><a href='/a'>Hội nghị tổng kết năm học của ngành giáo dục</a>"
    "<span>12/03/2019</span></div>"
    "<div class='item'><a href='/b'>Trao thưởng học sinh giỏi cấp tỉnh năm nay</a>"
    "<span class='date'>Ngày đăng: 02/01/2020</span></div></div>"
)


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("15/06/2020 - 06:20", dt.date(2020, 6, 15)),
        ("Thứ sáu - 18/12/2020 02:09", dt.date(2020, 12, 18)),
        ("Thứ Hai, 15/6/2020, 08:00 (GMT+7)", dt.date(2020, 6, 15)),
        ("Thứ Năm, 23/09/2021 14:30 (GMT+7)", dt.date(2021, 9, 23)),
        ("23 Tháng 9, 2021", dt.date(2021, 9, 23)),
        ("23 tháng 09 năm 2021", dt.date(2021, 9, 23)),
        ("Ngày 23 tháng 9 năm 2021", dt.date(2021, 9, 23)),
        ("23-09-2021", dt.date(2021, 9, 23)),
        ("23.09.2021 | 14:30", dt.date(2021, 9, 23)),
        ("2021-09-23 14:30", dt.date(2021, 9, 23)),
        ("Cập nhật: 05-03-2021", dt.date(2021, 3, 5)),
        ("Cập nhật lúc 08:15 ngày 05/03/2021", dt.date(2021, 3, 5)),
        ("Ngày đăng: 23/09/2021", dt.date(2021, 9, 23)),
        ("T5, 23/09/2021 - 14:30", dt.date(2021, 9, 23)),
        ("31/02/2020", None),  # not a date
        ("12/05/1930", None),  # before 1945: not a publication date
        ("01/09/2031", None),  # in the future: an announced event
        ("ngày 25 tháng 11 năm 1992 theo Quyết định", None),  # prose, not a date line
        ("Hội thi giáo viên giỏi (15/10/2019)", None),  # a related-list item
        ("Năm học 2014 - 2015", None),
    ],
)
def test_parse_date_line(line: str, date: dt.date | None) -> None:
    assert dates.parse_date_line(line, TODAY) == date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Tác giả: Lan Anh | Ngày đăng: 23/09/2021 | Lượt xem: 120", dt.date(2021, 9, 23)),
        ("Người viết: Hà Vy - Cập nhật: Thứ Năm, 23/09/2021", dt.date(2021, 9, 23)),
        ("Ngày đăng: 23 Tháng 9, 2021 lúc 10:00", dt.date(2021, 9, 23)),
        ("Hội nghị ngày 23/09/2021 tại Hà Giang", None),  # no label: prose
        ("Ngày đăng: 23/09/2045", None),  # future
    ],
)
def test_labelled_date(text: str, date: dt.date | None) -> None:
    assert dates.labelled_date(text, TODAY) == date


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
    assert dates.bare_date(lead, context) == date


ARTICLE = "<p>Sáng nay, Sở GD&amp;ĐT tổ chức hội nghị tổng kết năm học với các trường.</p>"


@pytest.mark.parametrize(
    ("page", "date"),
    [
        (
            '<meta property="article:published_time" content="2021-06-15T06:20:00+07:00">'
            "<body><p>x</p></body>",
            dt.date(2021, 6, 15),
        ),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebPage", '
            '"datePublished": "2010-01-01"}, {"@type": "NewsArticle", '
            '"datePublished": "2021-09-23T14:30:00+07:00"}]}</script><body><p>x</p></body>',
            dt.date(2021, 9, 23),
        ),
        ('<body><time datetime="2019-01-02">2 tháng 1</time></body>', dt.date(2019, 1, 2)),
        (
            "<body><header><span>Thứ Tư, 16/06/2021</span></header><span>15/06/2021 - 06:20</span>"
            "</body>",
            dt.date(2021, 6, 15),
        ),
        ("<body><ul><li><a>Tin khác</a> <em>(12/03/2019)</em> thêm chữ</li></ul></body>", None),
        # School site: a sidebar of dated items BEFORE the article; the article's own date is
        # the one by its title, in the month-as-word form.
        (
            f"<body>{SIDEBAR}<div class='main'><h1>Khai giảng năm học mới tại trường</h1>"
            f"<div class='meta'>23 Tháng 9, 2021</div>{ARTICLE}</div></body>",
            dt.date(2021, 9, 23),
        ),
        # Date line above the title (VNPT portal: `.PostDate` then `.ArticleHeader`).
        (
            f"<body>{SIDEBAR}<div><div class='PostDate'>07/04/2021 14:45:00</div>"
            f"<div class='ArticleHeader'>Tổng kết Hội thi giáo viên dạy giỏi</div>{ARTICLE}"
            "</div></body>",
            dt.date(2021, 4, 7),
        ),
        # A labelled byline with author and date.
        (
            "<body><h1>Trao học bổng cho học sinh nghèo vượt khó</h1>"
            "<p class='byline'>Tác giả: Lan Anh | Ngày đăng: Thứ Năm, 23/09/2021 14:30 (GMT+7)</p>"
            f"{ARTICLE}{SIDEBAR}</body>",
            dt.date(2021, 9, 23),
        ),
        # A future meta date is not a publication date: the date line by the title is.
        (
            '<meta property="article:published_time" content="2031-01-01">'
            "<body><h1>Trao học bổng cho học sinh nghèo vượt khó</h1>"
            f"<p>Cập nhật: 23-09-2021</p>{ARTICLE}</body>",
            dt.date(2021, 9, 23),
        ),
        # og:title names the headline, shown in a <div> (no <h1>): the date by that element,
        # not the sidebar's first item.
        (
            '<meta property="og:title" content="Trao học bổng cho học sinh nghèo vượt khó">'
            f"<body>{SIDEBAR}<div class='lich'><h3>Lịch công tác</h3><p>Thứ Hai, 20/09/2021</p>"
            "</div><div class='tieude'>Trao học bổng cho học sinh nghèo vượt khó</div>"
            f"<div>Ngày đăng: 23/09/2021</div>{ARTICLE}</body>",
            dt.date(2021, 9, 23),
        ),
        # Only a sidebar has dates: the article's date is unknown, not the sidebar's.
        (
            f"<body><h1>Trao học bổng cho học sinh nghèo vượt khó</h1>{ARTICLE}{SIDEBAR}</body>",
            None,
        ),
    ],
)
def test_page_date(page: str, date: dt.date | None) -> None:
    tree = html.document_fromstring(page)
    meta = metadata.meta_tags(tree)
    pruned = prune(tree)
    _, title_el = metadata.page_title(pruned, meta)
    assert dates.page_date(tree, pruned, meta, title_el, TODAY) == date
