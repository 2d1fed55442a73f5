"""Mirrored pages: the original URL and capture date from HTTrack, saved-from and host folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.article import Article
from indexer.ingest.mirrors import origin
from indexer.ingest.pipeline import load

HTTRACK = (
    "<!DOCTYPE html>\n<html>\n<!-- Mirrored from sgddt.example.edu.vn/tin-tuc/bai-1.html by "
    "HTTrack Website Copier/3.x [XR&CO'2014], Tue, 01 Dec 2020 10:00:00 GMT -->\n<head>"
)
SAVED = (
    "<!DOCTYPE html>\n<!-- saved from url=(0038)https://moet.example.gov.vn/a/b.html -->\n<html>"
)


@pytest.mark.parametrize(
    ("rel", "head", "url", "captured"),
    [
        ("mirror/x/bai-1.html", HTTRACK, "http://sgddt.example.edu.vn/tin-tuc/bai-1.html",
         dt.date(2020, 12, 1)),
        ("saved/b.html", SAVED, "https://moet.example.gov.vn/a/b.html", None),
        ("wget/www.sgd.example.vn/tin-tuc/a.html", "<html>", "http://www.sgd.example.vn/tin-tuc/a.html",
         None),
        ("wget/moet.example.gov.vn:8080/p.php?id=3", "", "http://moet.example.gov.vn:8080/p.php?id=3",
         None),
        ("html/news/gdtd-bac-giang.html", "<html>", None, None),
        ("2020.05/page.html", "<html>", None, None),
        ("folder/page.html", "<!-- saved from url=(0007)nothing -->", None, None),
    ],
)  # fmt: skip
def test_origin(rel: str, head: str, url: str | None, captured: dt.date | None) -> None:
    assert origin(rel, head) == (url, captured)


def test_the_original_url_is_the_articles_source_link(tmp_path: Path) -> None:
    folder = tmp_path / "www.sgd.example.vn" / "tin-tuc"
    folder.mkdir(parents=True)
    body = "".join(
        f"<p>Sở Giáo dục và Đào tạo tổ chức hội nghị tổng kết năm học lần thứ {i} với "
        f"{i * 7} trường tham dự.</p>"
        for i in range(1, 8)
    )
    page = f"{HTTRACK}<title>Hội nghị tổng kết</title></head><body><h1>Hội nghị tổng kết</h1>"
    (folder / "a.html").write_text(f"{page}{body}</body></html>", "utf-8")
    article = load(tmp_path, folder / "a.html")
    assert isinstance(article, Article)
    assert article.url == "http://sgddt.example.edu.vn/tin-tuc/bai-1.html"
    assert (article.captured, article.published) == (dt.date(2020, 12, 1), None)
