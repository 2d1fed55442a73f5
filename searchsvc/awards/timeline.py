"""An awards timeline for people: rows grouped by year or school year, award words marked.

Framework-free presentation helpers shared by the unit page and the overview: the period labels
(Vietnamese), the grouping (unknown years last), and the source sentence as escaped HTML with
the award's words in ``<mark>``, found with the award spellings of ``indexer.enrich.award_rules``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from indexer.enrich import award_rules
from indexer.text.analysis import aligned_forms, fold_text
from searchsvc.awards.table import AwardRow
from searchsvc.engine.highlight import mark

UNKNOWN_YEAR_LABEL = "Không rõ năm"


@dataclass(frozen=True)
class TimelineGroup:
    """One step of a timeline: a year, a school year, a longer period, or "year unknown"."""

    label: str
    period: str | None
    rows: tuple[AwardRow, ...]


def period_label(row: AwardRow) -> str:
    if row.year_from is None:
        return UNKNOWN_YEAR_LABEL
    if row.year_to is None or row.year_to == row.year_from:
        return f"Năm {row.year_from}"
    if row.year_to == row.year_from + 1:
        return f"Năm học {row.year_from}-{row.year_to}"
    return f"Giai đoạn {row.year_from}-{row.year_to}"


def timeline(
    rows: tuple[AwardRow, ...] | list[AwardRow], *, newest_first: bool = False
) -> list[TimelineGroup]:
    """Rows grouped by their period, oldest first (a unit's history) or newest first (the
    overview); unknown years come last either way."""
    groups: list[TimelineGroup] = []
    order = (lambda r: r.newest_key) if newest_first else (lambda r: r.sort_key)
    for row in sorted(rows, key=order):
        label = period_label(row)
        if groups and groups[-1].label == label:
            last = groups[-1]
            groups[-1] = TimelineGroup(last.label, last.period, (*last.rows, row))
        else:
            groups.append(TimelineGroup(label, row.period, (row,)))
    return groups


def _type_patterns() -> dict[str, re.Pattern[str]]:
    """Per award type, its written spellings (folded, as ``indexer.enrich.awards`` matches them)
    and an
    optional class ("hạng Ba"): what the timeline marks in the source sentence."""
    spellings: dict[str, set[str]] = {}
    for rule in award_rules.AWARDS:
        spellings.setdefault(rule.key, set()).update(fold_text(s) for s in rule.spellings)
    rank = award_rules.RANK_RE.pattern
    return {
        key: re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(s) for s in sorted(found, key=len, reverse=True))
            + rf")(?:{rank})?(?!\w)"
        )
        for key, found in spellings.items()
    }


_TYPE_PATTERNS = _type_patterns()


def marked_sentence(row: AwardRow) -> str:
    """The sentence as escaped HTML with its award words in ``<mark>`` (found in the folded
    form, which has the sentence's length, so offsets map back to the original text)."""
    text = row.sentence
    pattern = _TYPE_PATTERNS.get(row.award_type)
    if pattern is None:
        return html.escape(text)
    _, folded = aligned_forms(text)
    found = list(pattern.finditer(folded))
    # The record's own award ("hạng Ba", not the "hạng Nhì" of the same sentence) when it is
    # written as labelled; otherwise every mention of its type ("HCLĐ hạng 3").
    label = fold_text(row.award)
    found = [m for m in found if m.group() == label] or found
    return mark(text, [m.span() for m in found], merge=False)
