"""The name reader's linear-time scans give what the regular expressions and full loops they
replaced gave: the capitals word before a run (``_capitals_before``, formerly a search of
``(?<![\\w.])([A-ZĐ]{2,})[ \\t]+$`` over the whole text before it), the heads near a run
(``_NearSpans``, formerly every head of the article), the end of a name without its trailing
dash (``_stripped_end``) and a name's lowercase phrase (``_name_phrase``)."""

from __future__ import annotations

import random
import re

import pytest

from indexer.enrich.award_name_reader import _name_phrase, _stripped_end
from indexer.enrich.award_names import _capitals_before, _NearSpans, name_spans
from indexer.enrich.award_text import Span, aligned

OLD_CAPITALS = re.compile(r"(?<![\w.])([A-ZĐ]{2,})[ \t]+$")


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("Hãng LG ", "LG"),  # "LG Electronics": a brand's capitals
        ("NSND\t", "NSND"),
        ("ĐHQG  ", "ĐHQG"),
        ("UBND \n", "UBND"),  # "$" matched before one last newline
        ("UBND\n", None),  # no space or tab
        ("A ", None),  # one capital is no word of capitals
        ("iPHONE ", None),  # the capitals end a longer word
        ("v.KHÁC ", None),  # "Á" is no capital of [A-ZĐ]: "C" alone
        ("tỉnh.HN ", None),  # after a dot
        ("HN, ", None),  # a comma between
        ("", None),
    ],
)
def test_capitals_before(before: str, expected: str | None) -> None:
    assert _capitals_before(before + "Nguyễn Văn A", len(before)) == expected


def test_capitals_before_equals_the_old_expression_on_random_text() -> None:
    rnd = random.Random(20261201)
    alphabet = list("AB ĐĐ\t\n.x_1é ÂN")
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        old = OLD_CAPITALS.search(text)
        assert _capitals_before(text + "Zz", len(text)) == (old.group(1) if old else None), text


def test_near_spans_hold_every_overlapping_span_in_list_order() -> None:
    """Ranges as runs of words come (disjoint, left to right): each answer is exactly the spans
    overlapping the range, in the list's order."""
    rnd = random.Random(7)
    for _ in range(500):
        spans = []
        for _ in range(rnd.randint(0, 12)):
            start = rnd.randint(0, 80)
            spans.append(Span(start, start + rnd.randint(1, 25), "x", "unit"))
        near = _NearSpans(spans)
        cursor = 0
        for _ in range(rnd.randint(1, 10)):
            start = cursor + rnd.randint(1, 15)
            cursor = end = start + rnd.randint(0, 20)
            got = near.overlapping(start, end)
            wanted = [s for s in spans if s.start <= end and (s.end > start or s.start >= start)]
            assert got == wanted


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [("Sở A - ", 7, 6), ("Sở A", 4, 4), ("   ", 3, 0), ("Sở A\u00a0\n", 6, 4), ("", 0, 0)],
)
def test_stripped_end(text: str, end: int, expected: int) -> None:
    assert _stripped_end(text, end) == expected == len(text[:end].rstrip())


@pytest.mark.parametrize(
    ("low", "pos", "expected"),
    [
        ("báo nông thôn ngày nay", 14, "ngày nay"),
        ("báo nông thôn ngày nayx", 14, ""),  # a longer word
        ("đội thanh niên xung phong, nay", 15, "xung phong"),
        ("ngày nay_", 0, ""),  # "_" is a word character for "\w"
        ("ngày", 0, ""),
    ],
)
def test_name_phrase(low: str, pos: int, expected: str) -> None:
    assert _name_phrase(low, pos) == expected


def test_a_brand_and_a_unit_head_before_capitalised_runs() -> None:
    """End to end: the brand's words are no person; the person after the unit's name is."""
    text = (
        "Hãng LG Electronics Vietnam tài trợ. Báo Thanh Niên Nguyễn Công Khế nhận Bằng khen, "
        "cùng ông Trần Văn Bình."
    )
    names = [(s.name, s.kind) for s in name_spans(text, aligned(text)[0])]
    assert ("LG Electronics Vietnam", "person") not in names
    assert any(name.endswith("Trần Văn Bình") for name, _ in names)
