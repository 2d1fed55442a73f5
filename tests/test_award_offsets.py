"""The awards extractor reads a sentence and its lowercase form at shared offsets
(``indexer.text.analysis.aligned_forms``). ``str.lower`` makes "İ" (U+0130, Turkish names in
sports news: "İstanbul", "İlhan") two characters, so a ``.lower()`` form ran past the original
text's end (an IndexError that lost the article's awards) or cut names at shifted places. With
the aligned form, a text holding "İ" gives the records the same text with "I" gives."""

from __future__ import annotations

from dataclasses import astuple

import pytest

from indexer.article import Article
from indexer.enrich.awards import find_awards

DOTTED = "\u0130"  # İ: lowercases to "i" + U+0307, two characters

# (title, body): the same article with "I" where the dotted capital will be.
ARTICLES = {
    "before a name the article is about": (
        "Đón nhận Huân chương Lao động",
        "Izmir Ilhan Ipek. Bệnh viện Đa khoa tỉnh Lào Cai tổ chức lễ kỷ niệm 50 năm. Đơn vị vinh "
        "dự được Chủ tịch nước tặng Huân chương Lao động hạng Ba.",
    ),  # was "H viện Đa khoa tỉnh Lào Cai": the name read one character late
    "three before a head ending the body": (
        "Bệnh viện Nhi Trung ương đón nhận Huân chương Lao động",
        "Izmir Ilhan Ipek. Bệnh viện Nhi Trung ương được Chủ tịch nước tặng Huân chương Lao động "
        "hạng Nhì. Bài: ông",
    ),  # was an IndexError: the lowercase form is three characters longer
    "in the title": (
        "Ilhan và Trường THPT Chu Văn An nhận Bằng khen",
        "Ngày 20/11/2009, Trường THPT Chu Văn An được Thủ tướng Chính phủ tặng Bằng khen.",
    ),
}


def _records(title: str, body: str) -> list[tuple[object, ...]]:
    found = find_awards(Article(path="a/1.txt", title=title, body=body))
    return [astuple(a) for a in found]


@pytest.mark.parametrize("case", list(ARTICLES))
def test_a_dotted_capital_i_changes_no_award(case: str) -> None:
    title, body = ARTICLES[case]
    plain = _records(title, body)
    assert plain  # the article has awards to lose
    dotted = _records(title.replace("I", DOTTED), body.replace("I", DOTTED))
    undotted = [tuple(str(v).replace(DOTTED, "I") if v else v for v in r) for r in dotted]
    assert undotted == [tuple(str(v) if v else v for v in r) for r in plain]
