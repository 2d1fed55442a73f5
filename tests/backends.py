"""The backends the contract suite runs over, and the small hand-made corpus it searches.

A backend is built from a list of ``Article`` records; ``BACKENDS`` names every implementation of
``searchsvc.backend.SearchBackend`` that tests/test_backend_contract.py must hold to. A second
backend (another storage, a distributed one) is added here and runs the same properties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from whoosh.filedb.filestore import RamStorage

from indexer.article import Article
from indexer.generations import OpenedIndex
from indexer.schema import document_fields, make_schema
from searchsvc.backend import LocalBackend, SearchBackend
from searchsvc.engine.service import IndexView

TN = "Sở GD&ĐT Thái Nguyên"
CT = "Sở GD&ĐT Cần Thơ"
DB = "Sở GD&ĐT Điện Biên"
BO = "Bộ GD&ĐT"


def art(path: str, title: str, body: str, year: int | None = None, units=(), month: int = 6):
    published = dt.date(year, month, 15) if year else None
    return Article(path, title, body, published, year, units=tuple(units))


ARTICLES = [
    art("a/thidua.txt", "Phong trào thi đua dạy tốt", "Sở phát động thi đua năm học.", 2020, [TN]),
    art("a/thidua2.txt", "Tổng kết", "Trao Cờ THI ĐUA cho các trường.", 2021, [CT, BO]),
    art("a/duong.txt", "Sửa đường đến trường", "Con đường mới đến điểm trường.", 2019, [DB]),
    art("a/dương.txt", "Cô giáo Dương", "Cô Dương được khen thưởng nhiều lần.", 2019, [DB]),
    art("a/hoa.txt", "Hoà nhập", "Giáo dục hoà nhập cho trẻ khuyết tật.", None, [TN]),
    art("a/n2018.txt", "Báo cáo", "Số liệu năm 2018 và năm 2009 đã tổng hợp.", 2018, [CT]),
    art("a/n2019.txt", "Kết quả", "Kết quả năm 2019 rất tốt.", None, [CT]),
    art("a/gd1.txt", "Sở GD&ĐT họp", "Hội nghị của ngành.", 2020, [TN]),
    art("a/gd2.txt", "Sở Giáo dục và Đào tạo họp", "Hội nghị tổng kết.", 2020, [CT]),
    art("a/gd3.txt", "Công văn", "Theo văn bản của Sở GDĐT về tuyển sinh.", 2021, [DB]),
    art("a/gd4.txt", "Thông báo", "Sở GD-ĐT thông báo lịch thi.", 2022, [TN, BO]),
    art("a/gd5.txt", "Khen thưởng", "Ngành GD và ĐT tỉnh nhà được khen.", 2022, [BO]),
    art(
        "a/hcld.txt",
        "Đón nhận Huân chương Lao động hạng Ba",
        "Trường được Chủ tịch nước tặng Huân chương Lao động hạng Ba năm 2003.",
        2003,
        [TN],
    ),
    art("a/tn.txt", "Giáo dục Thái Nguyên", "Tỉnh Thái Nguyên phát triển giáo dục.", 2023, [TN]),
]


def make_view(articles: list[Article]) -> IndexView:
    index = RamStorage().create_index(make_schema())
    with index.writer() as writer:
        for article in articles:
            writer.add_document(**document_fields(article))
    return IndexView(OpenedIndex(index, "ram", {"articles": len(articles)}))


def local_whoosh(articles: list[Article]) -> SearchBackend:
    """The engine over a Whoosh index in memory, as served in production (``LocalBackend``)."""
    return LocalBackend(make_view(articles))


BACKENDS: dict[str, Callable[[list[Article]], SearchBackend]] = {"local-whoosh": local_whoosh}
