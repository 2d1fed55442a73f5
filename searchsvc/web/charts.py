"""Geometry of the two server-rendered SVG charts: a search's year histogram and a unit's awards
on a time axis.

Pure functions from data the pages already hold (the year facet's links, a unit's timeline
groups) to boxes in SVG user units; the templates (``_year_histogram.html``,
``_award_chart.html``) only loop over them. Drawing on the server keeps the pages free of
script and of any chart library or CDN, and the numbers come with a text alternative.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from searchsvc.awards.query import TYPE_LABELS

# Histogram canvas (SVG user units; the SVG scales to its box's width, height follows).
HIST_WIDTH = 320
HIST_HEIGHT = 120
HIST_AXIS = 20  # room under the bars for the year labels
# Bars shorter than this would vanish: a year with a single article must still be clickable.
MIN_BAR_HEIGHT = 3
# Label every n-th year so that labels never overlap: 4 digits at ~7 units a digit (12-unit
# text) in the histogram, at ~8.5 (14-unit text) on the award chart, plus a space.
LABEL_MIN_GAP = 40
AWARD_LABEL_MIN_GAP = 44
# A histogram needs at least two known years to say anything about time.
MIN_YEARS = 2

# Award chart canvas: one lane per award type (its name above it), years along x. Narrow, so a
# phone (328 px of width) shows its 15-unit labels at about 10 px.
AWARD_WIDTH = 480
AWARD_LANE = 44  # height of one lane: its name, then its dots
AWARD_LABEL_DROP = 26  # from a lane's top to its centre line (the name sits above)
AWARD_AXIS = 26  # room under the lanes for the year labels
AWARD_PAD = 24  # space at both ends of the axis, so end dots and year labels are not cut
AWARD_DOT = 6  # radius of a dot for one award; two or more in one year show their count


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float
    url: str | None  # None for a year without articles: nothing to filter by
    selected: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    first: int
    last: int
    peak: Bar
    unknown: int  # articles without a known year, not drawn


def _tick_step(span: int, width: float, gap: float = LABEL_MIN_GAP) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50 years whose labels stay ``gap`` apart."""
    for step in (1, 2, 5, 10, 20, 50):
        if width / span * step >= gap:
            return step
    return 100


def year_histogram(links: Sequence[Any]) -> Histogram | None:
    """Bars for the year facet's links (``value``, ``count``, ``selected``, ``toggle_url``), every
    year from the first to the last present (gaps drawn as empty), or None with fewer than
    ``MIN_YEARS`` known years."""
    known = {int(link.value): link for link in links if link.value.isdigit() and link.count}
    unknown = sum(link.count for link in links if not link.value.isdigit())
    if len(known) < MIN_YEARS:
        return None
    first, last = min(known), max(known)
    span = last - first + 1
    slot = HIST_WIDTH / span
    gap = min(2.0, slot * 0.2)
    plot = HIST_HEIGHT - HIST_AXIS
    peak_count = max(link.count for link in known.values())
    bars = []
    for i, year in enumerate(range(first, last + 1)):
        link = known.get(year)
        count = link.count if link else 0
        height = max(MIN_BAR_HEIGHT, plot * count / peak_count) if count else 0.0
        bars.append(
            Bar(
                year=year,
                count=count,
                x=round(i * slot + gap / 2, 2),
                y=round(plot - height, 2),
                width=round(slot - gap, 2),
                height=round(height, 2),
                url=link.toggle_url if link else None,
                selected=bool(link and link.selected),
            )
        )
    step = _tick_step(span, HIST_WIDTH)
    ticks = tuple(
        Tick(round(b.x + b.width / 2, 2), str(b.year))
        for b in bars
        if b.year % step == 0 or (step > 1 and b.year in (first, last) and span < step)
    ) or (Tick(round(bars[0].x + bars[0].width / 2, 2), str(first)),)
    peak = max(bars, key=lambda b: (b.count, -b.year))
    return Histogram(HIST_WIDTH, HIST_HEIGHT, plot, tuple(bars), ticks, first, last, peak, unknown)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    count: int
    year: int


@dataclass(frozen=True)
class Lane:
    label: str
    y: float  # centre line; the name is drawn above it
    dots: tuple[Dot, ...]


@dataclass(frozen=True)
class AwardChart:
    width: int
    height: int
    left: int
    right: int
    axis_y: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    first: int
    last: int
    dated: int  # awards drawn (those with a year)
    undated: int  # awards without a year, listed in the timeline only


def award_chart(groups: Iterable[Any]) -> AwardChart | None:
    """A unit's awards from its timeline groups (rows with ``award``, ``award_type``,
    ``year_from``): one lane per award type (in order of first appearance), one dot per year
    with its count; None when no award has a year."""
    rows = [row for group in groups for row in group.rows]
    dated = [row for row in rows if row.year_from is not None]
    if not dated:
        return None
    first = min(row.year_from for row in dated)
    last = max(row.year_from for row in dated)
    span = max(1, last - first)
    left, right = AWARD_PAD, AWARD_WIDTH - AWARD_PAD

    def x_of(year: int) -> float:
        if last == first:  # one year: its dots in the middle
            return round((left + right) / 2, 2)
        return round(left + (right - left) * (year - first) / span, 2)

    labels: dict[str, str] = {}
    for row in dated:
        # One lane per award type, every class of it together (TYPE_LABELS has no "hạng").
        labels.setdefault(row.award_type, TYPE_LABELS.get(row.award_type, row.award))
    per_lane = Counter((row.award_type, row.year_from) for row in dated)
    lanes = []
    for i, (key, label) in enumerate(labels.items()):
        y = i * AWARD_LANE + AWARD_LABEL_DROP
        dots = tuple(
            Dot(x_of(year), y, AWARD_DOT if count == 1 else AWARD_DOT * 1.5, count, year)
            for (lane, year), count in sorted(per_lane.items(), key=lambda item: item[0][1])
            if lane == key
        )
        lanes.append(Lane(label, y, dots))
    axis_y = len(lanes) * AWARD_LANE + AWARD_PAD / 2
    step = _tick_step(span + 1, right - left, AWARD_LABEL_MIN_GAP)
    years = [y for y in range(first, last + 1) if (y - first) % step == 0]
    if last not in years and (x_of(last) - x_of(years[-1])) >= AWARD_LABEL_MIN_GAP:
        years.append(last)
    return AwardChart(
        width=AWARD_WIDTH,
        height=int(axis_y + AWARD_AXIS),
        left=left,
        right=right,
        axis_y=axis_y,
        lanes=tuple(lanes),
        ticks=tuple(Tick(x_of(y), str(y)) for y in years),
        first=first,
        last=last,
        dated=len(dated),
        undated=len(rows) - len(dated),
    )
