"""Geometry of the SVG charts (searchsvc.web.charts): pure functions, checked with tables."""

from __future__ import annotations

from itertools import pairwise
from types import SimpleNamespace as NS

import pytest

from searchsvc.web import charts


def link(value: str, count: int, selected: bool = False) -> NS:
    return NS(value=value, count=count, selected=selected, toggle_url=f"/?year={value}")


@pytest.mark.parametrize(
    ("links", "years", "counts"),
    [
        ([link("2020", 2), link("2023", 1)], [2020, 2021, 2022, 2023], [2, 0, 0, 1]),
        ([link("2001", 5), link("2000", 5), link("unknown", 9)], [2000, 2001], [5, 5]),
        ([link("1997", 1), link("1999", 3)], [1997, 1998, 1999], [1, 0, 3]),
    ],
)
def test_histogram_draws_every_year_between_first_and_last(links, years, counts):
    chart = charts.year_histogram(links)
    assert [b.year for b in chart.bars] == years
    assert [b.count for b in chart.bars] == counts
    # Empty years have no bar and no link; the rest link to their toggle URL.
    assert [b.url is None for b in chart.bars] == [c == 0 for c in counts]
    peak = max(counts)
    for bar in chart.bars:
        assert bar.y + bar.height == pytest.approx(chart.baseline)
        if bar.count:
            expected = max(charts.MIN_BAR_HEIGHT, chart.baseline * bar.count / peak)
            assert bar.height == pytest.approx(expected, abs=0.01)
        assert bar.x >= 0 and bar.x + bar.width <= chart.width + 0.01


@pytest.mark.parametrize(
    "links", [[], [link("2020", 3)], [link("unknown", 4), link("2020", 1)], [link("2020", 0)]]
)
def test_histogram_needs_two_known_years(links):
    assert charts.year_histogram(links) is None


def test_histogram_counts_unknown_years_aside_and_marks_selection():
    chart = charts.year_histogram([link("2010", 1, True), link("2012", 4), link("unknown", 7)])
    assert chart.unknown == 7
    assert [b.selected for b in chart.bars] == [True, False, False]
    assert chart.peak.year == 2012


@pytest.mark.parametrize("span", [2, 10, 31, 60])
def test_histogram_year_labels_never_overlap(span):
    chart = charts.year_histogram([link(str(2000 + i), 1) for i in range(span)])
    xs = [t.x for t in chart.ticks]
    assert xs == sorted(xs) and xs
    assert all(b - a >= charts.LABEL_MIN_GAP - 0.01 for a, b in pairwise(xs))


def row(award_type: str, award: str, year: int | None) -> NS:
    return NS(award_type=award_type, award=award, year_from=year)


def test_award_chart_one_lane_per_type_and_a_dot_per_year():
    groups = [
        NS(rows=(row("huan_chuong_lao_dong", "Huân chương Lao động hạng Ba", 1997),)),
        NS(rows=(row("co_thi_dua", "Cờ thi đua", 2003), row("co_thi_dua", "Cờ thi đua", 2003))),
        NS(rows=(row("co_thi_dua", "Cờ thi đua", 2010), row("bang_khen", "Bằng khen", None))),
    ]
    chart = charts.award_chart(groups)
    assert [lane.label for lane in chart.lanes] == ["Huân chương Lao động", "Cờ thi đua"]
    assert [(d.year, d.count) for d in chart.lanes[1].dots] == [(2003, 2), (2010, 1)]
    assert (chart.first, chart.last, chart.dated, chart.undated) == (1997, 2010, 4, 1)
    xs = [chart.lanes[0].dots[0].x, *(d.x for d in chart.lanes[1].dots)]
    assert xs[0] == chart.left and xs[-1] == chart.right and xs == sorted(xs)


@pytest.mark.parametrize(
    ("rows", "drawn"),
    [([], False), ([row("bang_khen", "Bằng khen", None)], False),
     ([row("bang_khen", "Bằng khen", 2005)], True)],
)  # fmt: skip
def test_award_chart_needs_a_dated_award(rows, drawn):
    chart = charts.award_chart([NS(rows=tuple(rows))])
    assert (chart is not None) == drawn
    if chart:  # a single year sits in the middle of the axis
        assert chart.lanes[0].dots[0].x == pytest.approx((chart.left + chart.right) / 2)
