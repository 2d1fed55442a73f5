"""Award extraction: the seeds' must-hold records, and a scored sentence set (precision first)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.article import Article
from indexer.enrich.award_records import Award, award_to_json
from indexer.enrich.awards import find_awards, split_sentences
from indexer.enrich.units import find_units

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "archive" / "txt"
SENTENCES = Path(__file__).parent / "data" / "award_sentences.json"
# Recall floor on the sentence set: every listed award must be found today (measured 1.0); the
# floor leaves room for hard new cases, added as they are met, without lowering precision.
MIN_RECALL = 0.9

PHONG_TN = "Phòng GD&ĐT TP Thái Nguyên"
TT_TN = "Trung tâm GDTX Thái Nguyên"
SO_DB = "Sở GD&ĐT Điện Biên"
LEAD = "Đơn vị dẫn đầu phong trào thi đua"

# (award, conferred_by, recipient, recipient_kind, period): the whole set each seed must yield.
SEED_EXPECTED: dict[str, set[tuple[str, str | None, str, str, str | None]]] = {
    "000": {
        ("Huân chương Lao động hạng Ba", "Chính phủ", PHONG_TN, "unit", "1997"),
        ("Huân chương Lao động hạng Nhì", "Chính phủ", PHONG_TN, "unit", "2003"),
        (LEAD, "Sở GD&ĐT Thái Nguyên", PHONG_TN, "unit", "2014-2015"),
        ("Cờ thi đua xuất sắc", "UBND tỉnh Thái Nguyên", PHONG_TN, "unit", "2014-2015"),
        ("Cờ thi đua xuất sắc", "Bộ GD&ĐT", PHONG_TN, "unit", "2015-2016"),
        (LEAD, None, PHONG_TN, "unit", "2015"),
        (LEAD, None, PHONG_TN, "unit", "2016"),
        ("Bằng khen", "UBND tỉnh Thái Nguyên", PHONG_TN, "unit", "2016"),
        ("Bằng khen", "Bộ GD&ĐT", PHONG_TN, "unit", "2016-2017"),
    },
    "001": {
        ("Bằng khen", "UBND tỉnh Thái Nguyên", TT_TN, "unit", None),
        ("Bằng khen", "Bộ GD&ĐT", TT_TN, "unit", None),
        ("Bằng khen", "Chính phủ", TT_TN, "unit", None),
        ("Huân chương Lao động hạng Ba", None, TT_TN, "unit", None),
    },
    "002": {
        ("Cờ thi đua", "Bộ GD&ĐT", "Sở GD&ĐT Cần Thơ", "unit", period)
        for period in ("2014-2015", "2016-2017", "2017-2018", "2018-2019")
    },
    "003": set(),
    "004": {
        ("Cờ thi đua", "Bộ GD&ĐT", SO_DB, "unit", "2018-2019"),
        ("Cờ thi đua", "Bộ GD&ĐT", SO_DB, "unit", "2019-2020"),
        (LEAD, "Bộ GD&ĐT", SO_DB, "unit", "2018-2019"),
        (LEAD, "Bộ GD&ĐT", SO_DB, "unit", "2019-2020"),
        ("Anh hùng Lao động", "Chủ tịch nước", "Trường THPT chuyên Lê Quý Đôn", "school", None),
    },
}


def seed_article(prefix: str) -> Article:
    """A minimal Article from a seed: first line is the title, the rest the body."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return Article(path=path.name, title=title, body=body, units=tuple(find_units(title, body)))


def key(a: Award) -> tuple[str, str | None, str, str, str | None]:
    return (a.award, a.conferred_by, a.recipient, a.recipient_kind, a.period)


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_awards(prefix: str) -> None:
    got = find_awards(seed_article(prefix))
    assert {key(a) for a in got} == SEED_EXPECTED[prefix]
    assert len(got) == len(SEED_EXPECTED[prefix])  # no duplicates
    for a in got:
        assert a.article_path.startswith(prefix) and a.sentence.strip() == a.sentence


def test_seed_years_are_parsed_as_numbers() -> None:
    (a,) = [a for a in find_awards(seed_article("000")) if a.award.endswith("hạng Ba")]
    assert (a.year_from, a.year_to) == (1997, 1997)
    flags = [a for a in find_awards(seed_article("000")) if a.award == "Cờ thi đua xuất sắc"]
    (b,) = [a for a in flags if a.year_from == 2014]
    assert b.sentence.startswith("Năm học 2014 - 2015 Phòng")


def test_seed_004_school_award_not_given_to_the_department() -> None:
    awards = find_awards(seed_article("004"))
    assert not [a for a in awards if a.award_type == "anh_hung_lao_dong" and a.recipient == SO_DB]
    assert not [a for a in awards if a.conferred_by == "Thủ tướng Chính phủ"]


def _sentence_cases() -> list[dict]:
    return json.loads(SENTENCES.read_text(encoding="utf-8"))["cases"]


def _case_keys(case: dict, index: int) -> tuple[set, set]:
    article = Article(
        path=f"case{index}", title="", body=case["sentence"], units=tuple(case["units"])
    )
    got = {(a.award, a.award_type, a.conferred_by, a.recipient, a.recipient_kind, a.period)
           for a in find_awards(article)}  # fmt: skip
    fields = ("award", "award_type", "conferred_by", "recipient", "recipient_kind", "period")
    want = {tuple(e[f] for f in fields) for e in case["expected"]}
    return got, want


def test_sentence_set_precision_and_recall() -> None:
    """Scores the whole set plus the seeds; prints the figures and every miss or false hit."""
    tp = fp = fn = 0
    for i, case in enumerate(_sentence_cases()):
        got, want = _case_keys(case, i)
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        for wrong in got - want:
            print(f"FALSE HIT {wrong} <- {case['sentence']}")
        for missed in want - got:
            print(f"MISSED {missed} <- {case['sentence']}")
    for prefix, want_seed in SEED_EXPECTED.items():
        got_seed = {key(a) for a in find_awards(seed_article(prefix))}
        tp += len(got_seed & want_seed)
        fp, fn = fp + len(got_seed - want_seed), fn + len(want_seed - got_seed)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"award set: tp={tp} fp={fp} fn={fn} precision={precision:.3f} recall={recall:.3f}")
    assert precision == 1.0
    assert recall >= MIN_RECALL


@pytest.mark.parametrize("index", [i for i, c in enumerate(_sentence_cases()) if not c["expected"]])
def test_negative_sentences_yield_nothing(index: int) -> None:
    got, _ = _case_keys(_sentence_cases()[index], index)
    assert got == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ông A phát biểu. Bà B lắng nghe.", ["Ông A phát biểu.", "Bà B lắng nghe."]),
        ("Lễ diễn ra tại TP. Hồ Chí Minh.", ["Lễ diễn ra tại TP. Hồ Chí Minh."]),
        ("TS. Nguyễn Văn A và ThS. Trần B dự.", ["TS. Nguyễn Văn A và ThS. Trần B dự."]),
        ("Cờ của Bộ GD&ĐT. Năm 2019 được tặng.", ["Cờ của Bộ GD&ĐT.", "Năm 2019 được tặng."]),
        (
            "Quy mô 67.026 học sinh. Dòng hai\nDòng ba",
            ["Quy mô 67.026 học sinh.", "Dòng hai", "Dòng ba"],
        ),
        ("Nguồn: Dienbien.edu.vn: tin", ["Nguồn: Dienbien.edu.vn: tin"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_award_to_json_has_the_record_fields() -> None:
    (a, *_) = find_awards(seed_article("002"))
    data = award_to_json(a)
    assert (
        data["award_type"] == "co_thi_dua" and data["year_from"] == 2014 and data["year_to"] == 2015
    )
    assert set(data) == set(Award.__dataclass_fields__)
    json.dumps(data, ensure_ascii=False)


def test_bad_article_text_is_skipped_not_fatal() -> None:
    article = Article(path="x", title="", body="Bằng khen\x00 được tặng (năm 99999) cho", units=())
    assert find_awards(article) == []


def test_a_repeat_without_the_conferring_body_is_dropped() -> None:
    text = (
        "Trường THPT chuyên Bắc Giang vinh dự đón nhận Huân chương Lao động hạng Nhì.\n"
        "Trường THPT chuyên Bắc Giang được Chủ tịch nước tặng Huân chương Lao động"
        " hạng Nhì."
    )
    article = Article("x.txt", "Lễ kỷ niệm", text)
    found = [(a.award, a.conferred_by) for a in find_awards(article)]
    assert found == [("Huân chương Lao động hạng Nhì", "Chủ tịch nước")]
