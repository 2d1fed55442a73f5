"""One award record of the awards table: its evidence, its identity, and how names compare.

A row is one (recipient, award with its class, conferring body, period); the same award
reported by several articles, or twice in one, is one row holding every sentence as evidence.
Names compare by ``indexer.enrich.award_identity.recipient_key``, folded as search folds them,
so a filter finds ``Phòng GD&ĐT TP Thái Nguyên`` from ``phong gd&dt tp thai nguyen``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from indexer.enrich.award_identity import recipient_key
from indexer.enrich.units import find_unit_mentions
from indexer.text.analysis import fold_text, normalize


@dataclass(frozen=True)
class Evidence:
    """One sentence of one article that asserts an award."""

    article_id: str
    article_title: str
    sentence: str


@dataclass(frozen=True)
class AwardRow:
    """One award record: (recipient, award and class, conferring body, period), with every
    sentence and article that asserts it (the same award reported by several articles, or twice
    in one, is one row)."""

    recipient: str
    recipient_kind: str
    award: str
    award_type: str
    conferred_by: str | None
    period: str | None
    year_from: int | None
    year_to: int | None
    evidence: tuple[Evidence, ...]

    @property
    def article_id(self) -> str:
        """The first article that reports the award (the API's ``article_*`` fields)."""
        return self.evidence[0].article_id

    @property
    def article_title(self) -> str:
        return self.evidence[0].article_title

    @property
    def sentence(self) -> str:
        return self.evidence[0].sentence

    @property
    def identity(self) -> tuple[Any, ...]:
        """What makes two rows one record: recipient (by its key), award with its class, body
        (case and spacing ignored) and period."""
        body = match_key(self.conferred_by) if self.conferred_by else None
        return (recipient_key(self.recipient), self.award, body, self.period)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Timeline order: by year (a school year after the calendar year it starts in), unknown
        years last, then recipient and award so equal years list in a stable order."""
        return (
            self.year_from is None,
            self.year_from or 0,
            self.year_to or 0,
            match_key(self.recipient),
            self.award,
            self.conferred_by or "",
            self.article_id,
        )

    @property
    def newest_key(self) -> tuple[Any, ...]:
        """Newest first (the overview): latest year first, unknown years last."""
        return (
            self.year_from is None,
            -(self.year_to or self.year_from or 0),
            -(self.year_from or 0),
            match_key(self.recipient),
            self.award,
            self.conferred_by or "",
        )


def match_key(value: str) -> str:
    """How names are compared in filters: NFC, case, spacing and diacritics ignored, as search
    compares words (``phong gd&dt tp thai nguyen`` finds ``Phòng GD&ĐT TP Thái Nguyên``)."""
    return fold_text(" ".join(normalize(value).casefold().split()))


def filter_key(value: str) -> str:
    """The key a unit filter is compared with: the canonical education unit when the value
    names exactly one (``Sở Giáo dục và Đào tạo tỉnh Thái Nguyên`` = ``Sở GD&ĐT Thái
    Nguyên``), else the recipient key of the value; both folded (``match_key``)."""
    mentions = find_unit_mentions(value)
    if len(mentions) == 1 and len(value.strip()) - (mentions[0].end - mentions[0].start) <= 1:
        return match_key(recipient_key(mentions[0].canonical))
    return match_key(recipient_key(value))


def merge_rows(rows: list[AwardRow]) -> list[AwardRow]:
    """One row per identity, in first-seen order, holding every distinct piece of evidence."""
    merged: dict[tuple[Any, ...], AwardRow] = {}
    for row in rows:
        first = merged.get(row.identity)
        if first is None:
            merged[row.identity] = row
            continue
        extra = tuple(e for e in row.evidence if e not in first.evidence)
        merged[row.identity] = replace(first, evidence=first.evidence + extra)
    return list(merged.values())


def row_from_record(record: dict[str, Any], article_id: str, title: str) -> AwardRow:
    """An ``AwardRow`` from one stored record; ``KeyError``/``TypeError``/``ValueError`` if bad."""

    def year(value: Any) -> int | None:
        return None if value is None else int(value)

    return AwardRow(
        recipient=str(record["recipient"]),
        recipient_kind=str(record["recipient_kind"]),
        award=str(record["award"]),
        award_type=str(record["award_type"]),
        conferred_by=record.get("conferred_by"),
        period=record.get("period"),
        year_from=year(record.get("year_from")),
        year_to=year(record.get("year_to")),
        evidence=(Evidence(article_id, title, str(record.get("sentence") or "")),),
    )
