"""Known-item ranking shapes found on real news (bench/relevance.py, issue 12), each on small
articles written for this test: a pasted headline or a fragment finds the article it came from.
"""

from __future__ import annotations

import pytest

from indexer.article import Article
from searchsvc.engine.querylang import parse_query
from searchsvc.engine.request import SearchRequest
from searchsvc.engine.service import search
from searchsvc.engine.terms import plan_query
from tests.backends import art, make_view

FILLER = [
    art(f"f/{i:02d}.txt", f"Tin vắn số {i}", "Các em học sinh vui chơi ở sân trường sau giờ học.")
    for i in range(12)
]


def first(articles: list[Article], q: str) -> list[str]:
    view = make_view([*articles, *FILLER])
    return [hit.path for hit in search(view, SearchRequest(q=q, per_page=10)).hits]


# Each case: the articles, the query, the article that must rank first, the one it must beat.
CASES = [
    pytest.param(
        [
            art("a/whole.txt", "Khánh thành cầu treo bản Mường", "Cầu dài 80 mét, nối hai bản."),
            art(
                "a/quoted.txt",
                "Cuối năm nay, khánh thành cầu treo bản Mường",
                "Dự kiến khánh thành cầu treo bản Mường vào tháng 12. Cầu treo bản Mường "
                "thay cho bến đò. Người dân mong khánh thành cầu treo bản Mường sớm.",
            ),
        ],
        "Khanh thanh cau treo ban Muong",
        "a/whole.txt",
        "a/quoted.txt",
        id="a pasted headline finds the article whose whole title it is",
    ),
    pytest.param(
        [
            art(
                "a/last.txt",
                "Chuyện về loài chim di cư (phần cuối)",
                "Đàn chim bay về phương nam khi trời trở lạnh.",
            ),
            art(
                "a/part3.txt",
                "Chuyện về loài chim di cư (phần 3)",
                "Phần lớn đàn chim nghỉ ở đầm lầy. Cuối mùa, chúng bay tiếp. Phần này kể về "
                "chim di cư, phần sau kể cuối cùng về chim non.",
            ),
        ],
        "Chuyen ve loai chim di cu (phan cuoi)",
        "a/last.txt",
        "a/part3.txt",
        id="a bracketed part of a pasted headline is text in its place",
    ),
    pytest.param(
        [
            art(
                "a/holds.txt",
                "Tin trường",
                "Năm nay nhà trường mở thêm lớp học buổi chiều cho học sinh khối 5, các thầy "
                "cô giáo thay nhau đứng lớp, phụ huynh rất yên tâm về chuyện này.",
            ),
            art(
                "a/apart.txt",
                "Tin trường",
                "Lớp học buổi sáng. Buổi chiều cho con đi học. Lớp học vui. Buổi chiều cho "
                "em đi chơi.",
            ),
        ],
        "lop hoc buoi chieu cho",
        "a/holds.txt",
        "a/apart.txt",
        id="a fragment held as written beats its syllables apart, held twice",
    ),
]


@pytest.mark.parametrize(("articles", "q", "best", "beaten"), CASES)
def test_known_item_ranks_first(articles: list[Article], q: str, best: str, beaten: str) -> None:
    order = first(articles, q)
    assert order[0] == best
    assert beaten in order


def test_an_article_lacking_one_common_word_of_a_long_paste_is_not_buried() -> None:
    """46 words pasted; the article lacks ``tôi`` only, long digests hold every word apart."""
    question = (
        "Ngành thiết kế đồ họa khác ngành mỹ thuật công nghiệp thế nào? Tôi muốn thi khối H "
        "vào ngành thiết kế đồ họa hoặc mỹ thuật công nghiệp, xin cho biết hai ngành này học "
        "gì và ra trường làm gì? Trường nào ở phía nam có ngành thiết kế đồ họa?"
    )
    article = art(
        "a/answer.txt",
        "Ngành thiết kế đồ họa khác ngành mỹ thuật công nghiệp thế nào?",
        question.split("? ", 1)[1].replace("Tôi muốn", "Muốn")
        + "\n\nTrả lời: hai ngành gần nhau nhưng khác về chương trình học.",
    )
    words = question.replace("?", "").replace(",", "").split()
    digests = [
        art(
            f"a/digest{i}.txt",
            f"Tư vấn mùa thi số {i}",
            " ".join([*words[j:], ".", *words[:j]]) + " Hỏi đáp về tuyển sinh các trường.",
        )
        for i, j in enumerate((7, 19, 31))
    ]
    assert first([article, *digests], question)[0] == "a/answer.txt"


@pytest.mark.parametrize(
    ("q", "runs"),
    [
        ("bi an ve ao anh (phan cuoi)", [("bi", "an", "ve", "ao", "anh", "phan", "cuoi")]),
        ("thi dua (khen OR thuong) nam hoc", [("thi", "dua"), ("nam", "hoc")]),
        ("thi dua title:khen nam hoc", [("thi", "dua"), ("nam", "hoc")]),
        ('thi "dua khen" nam', [("thi", "dua", "khen", "nam")]),
    ],
)
def test_runs_read_on_through_groups_of_plain_words_only(
    q: str, runs: list[tuple[str, ...]]
) -> None:
    node, _ = parse_query(q)
    plan = plan_query(node)
    assert plan is not None and list(plan.runs) == runs
