"""Which extracted pairs are one article: copies differ by extraction leftovers, not by edits.

The texts are our own, in the shapes measured on VNTC republications and on planted copies
(``bench/dedup_recall.py``): a copy keeps every word and may lack whole short lines or a title's
site name; a republished story has a paragraph, a credit line, a caption or a word changed.
"""

from __future__ import annotations

import unicodedata

import pytest

from indexer.dedup_verify import FURNITURE_WORDS, SUFFIX_TERMS, same_article, text_view

TITLE = "Trường THCS Hòa Bình tổng kết năm học 2008 - 2009"
LEAD = (
    "Sáng 28/5, Trường THCS Hòa Bình tổ chức lễ tổng kết năm học, khen thưởng 120 học sinh giỏi "
    "và 15 giáo viên dạy giỏi cấp huyện."
)
MIDDLE = (
    "Năm học qua, nhà trường có 98% học sinh lên lớp thẳng, tỷ lệ tốt nghiệp THCS đạt 100%. "
    "Thầy hiệu trưởng cho biết trường sẽ tiếp tục đổi mới phương pháp dạy học & kiểm tra."
)
TABLE = "Khối\n6\n7\n8\n9\nHọc sinh giỏi\n31 28 35 26"
END = "Dịp này, Phòng GD&ĐT huyện trao tặng nhà trường Giấy khen vì thành tích xuất sắc."
BODY = "\n\n".join([LEAD, MIDDLE, TABLE, END])
BODY_WITHOUT_TABLE = "\n\n".join([LEAD, MIDDLE, END])


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (TITLE, BODY),
        (TITLE.upper(), unicodedata.normalize("NFD", BODY)),
        (TITLE.replace("Hòa", "Hoà"), BODY.replace("Hòa", "Hoà")),  # old tone placement
        (TITLE, BODY.replace("&", "&amp;")),  # an entity left as text
        (TITLE, BODY.replace(". ", ".\n\n")),  # paragraphs split otherwise
        (f"{TITLE} {LEAD}", BODY.replace(LEAD, "", 1)),  # title merged with the lead
        (TITLE, BODY_WITHOUT_TABLE),  # score-table cells dropped by one extraction
        (TITLE, f"Thứ năm - 28/05/2009 10:15\n\n{BODY}\n\nTác giả: Minh"),  # date, byline
        (f"{TITLE} - Phòng GD&ĐT Phú Lương", BODY),  # the site name after a separator
        (TITLE, f"{LEAD} | Trang chủ Tin tức\n\n{MIDDLE}\n\n{TABLE}\n\n{END}"),
        (LEAD, f"{TITLE}\n\n{MIDDLE}\n\n{TABLE}\n\n{END}"),  # the lead taken for the title
        (TITLE, f"{BODY}\n\nChia sẻ bài viết\n\nTổng số điểm của bài viết là: 0 trong 0 đánh giá"),
    ],
    ids=[
        "identical",
        "case-nfd",
        "tone-placement",
        "html-entity",
        "line-breaks",
        "title-merged-with-lead",
        "table-cells-dropped",
        "date-and-byline-lines",
        "title-site-name",
        "line-tail-after-separator",
        "title-and-lead-swapped",
        "furniture-lines-of-the-extraction-rules",
    ],
)
def test_copies(title, body):
    assert same_article(text_view(TITLE, BODY), text_view(title, body))
    assert same_article(text_view(title, body), text_view(TITLE, BODY))


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (TITLE, f"{BODY}\n\nTheo báo Giáo dục và Thời đại"),  # a credit line of 6 words
        (TITLE, f"{BODY}\n\nCa sĩ Thanh Lam"),  # a caption of 4 words
        (TITLE, BODY.replace(LEAD, LEAD + " Ảnh minh họa")),  # a caption inside a line
        (TITLE, BODY.replace(LEAD, "", 1)),  # the lead paragraph left out
        (TITLE, BODY.replace("120 học sinh giỏi", "125 học sinh giỏi")),  # a figure corrected
        (TITLE, BODY.replace("dạy giỏi", "giỏi")),  # a word removed
        (LEAD, BODY.replace(LEAD, "", 1)),  # no title: the lead taken for one
        ("Lễ tổng kết năm học ở Hòa Bình", BODY),  # another headline
        (TITLE, BODY.replace(END, "")),  # the last paragraph left out
        (TITLE, BODY.replace(END, MIDDLE)),  # a paragraph replaced by a repeat of another
    ],
    ids=[
        "credit-line",
        "caption-line",
        "inline-caption",
        "lead-removed",
        "figure-changed",
        "word-removed",
        "title-missing",
        "other-headline",
        "paragraph-removed",
        "paragraph-repeated",
    ],
)
def test_republished_with_edits_is_not_a_copy(title, body):
    assert not same_article(text_view(TITLE, BODY), text_view(title, body))
    assert not same_article(text_view(title, body), text_view(TITLE, BODY))


@pytest.mark.parametrize(
    ("words", "copy"),
    [(FURNITURE_WORDS, True), (FURNITURE_WORDS + 1, False)],
)
def test_short_line_bar(words, copy):
    line = " ".join(["Ngọc"] * words) + " 2009 15"  # numbers do not count as words
    other = text_view(TITLE, f"{BODY}\n\n{line}")
    assert same_article(text_view(TITLE, BODY), other) is copy


@pytest.mark.parametrize(
    ("terms", "copy"),
    [(SUFFIX_TERMS, True), (SUFFIX_TERMS + 1, False)],
)
def test_separator_tail_bar(terms, copy):
    tail = " ".join(["Sở"] * terms)
    assert same_article(text_view(TITLE, BODY), text_view(f"{TITLE} - {tail}", BODY)) is copy


def test_view_counts_words_per_line_without_numbers():
    view = text_view("Tin tức", "Khối 6 7\n\nĐà Nẵng 13 5 3")
    assert view.line_words == (2, 1, 0, 2)
    assert view.terms == ("tin", "tuc", "khoi", "6", "7", "da", "nang", "13", "5", "3")


def test_texts_sharing_few_terms_are_rejected_before_alignment(monkeypatch):
    """Half the terms in common at most: no alignment is run (it is quadratic at worst)."""
    import indexer.dedup_verify as verify

    aligned: list[int] = []
    real = verify.SequenceMatcher.get_opcodes
    monkeypatch.setattr(
        verify.SequenceMatcher, "get_opcodes", lambda self: aligned.append(1) or real(self)
    )
    other = " ".join(f"từ{i}" for i in range(400))
    assert not same_article(text_view(TITLE, BODY), text_view(TITLE, f"{LEAD}\n\n{other}"))
    assert aligned == []
    assert not same_article(text_view(TITLE, BODY), text_view(TITLE, BODY.replace(MIDDLE, "")))
    assert aligned == [1]


@pytest.mark.parametrize(
    "added",
    [
        "\n\nTác giả: Minh",  # a short line: removable
        "\n\nCập nhật lần 1764633600.",  # an update note: three words and a number
        f"\n\n{MIDDLE}",  # a paragraph: an edit
        f"\n\n{MIDDLE}\n\n{MIDDLE}\n\n{MIDDLE}\n\n{MIDDLE}",  # more than the text: few shared
        " - Phòng GD&ĐT Phú Lương",  # the last line's tail after a separator
        " và nhiều phần thưởng khác",  # the last line continued: an edit
        "\n\n1 2 3",  # numbers only
    ],
)
@pytest.mark.parametrize("body", [BODY, LEAD, ""])
def test_a_text_extended_at_its_end_is_judged_as_the_alignment_judges_it(
    body: str, added: str
) -> None:
    """The shortcut for one term sequence being a prefix of the other gives the answer of the
    alignment (``_aligned``, the general path), in both orders."""
    import indexer.dedup_verify as verify

    short, long = text_view(TITLE, body), text_view(TITLE, body + added)
    assert long.terms[: len(short.terms)] == short.terms != long.terms
    for a, b in ((short, long), (long, short)):
        assert same_article(a, b) == verify._aligned(a, b)
