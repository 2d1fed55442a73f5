"""The award record: one fact (who was given which award, by whom, for which period) and its
evidence, its JSON form, and the merging of mentions that say the same fact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from indexer.enrich.award_identity import recipient_key


@dataclass(frozen=True)
class Award:
    """One award mention; ``sentence`` is the evidence, shown next to the record."""

    award: str
    award_type: str
    conferred_by: str | None
    recipient: str
    recipient_kind: str  # "unit" | "school" | "person"
    year_from: int | None
    year_to: int | None
    period: str | None
    sentence: str
    article_path: str


def award_to_json(a: Award) -> dict[str, Any]:
    """The JSON record of an award (API, CSV, build manifest)."""
    return asdict(a)


def dedupe_awards(
    records: list[Award],
    headline: str | None = None,
    key: Callable[[str], str] = recipient_key,
) -> list[Award]:
    """One record per fact, recipients compared by their key (``award_identity``). A mention
    that repeats another with less said is dropped: undated beside a dated one, or without a
    conferring body beside one that names it; a person's short name beside the full one; an
    order without its class in the ``headline`` when the article gives one its class. ``key``
    groups recipients (the article's short forms written out: ``award_aliases``)."""
    records = _without_short_names(records, key)
    if headline is not None:
        bases = {a.award.split(" hạng ")[0] for a in records if " hạng " in a.award}
        records = [a for a in records if a.sentence != headline or a.award not in bases]
    seen: dict[tuple[Any, ...], Award] = {}
    for a in records:
        fact = (a.award, a.conferred_by, key(a.recipient), a.year_from, a.year_to)
        if fact not in seen or len(a.recipient) > len(seen[fact].recipient):
            seen[fact] = a  # the fullest spelling ("Bệnh viện X" over a headline's "BV X")
    dated = {(a.award, key(a.recipient)) for a in seen.values() if a.year_from}
    given = {
        (a.award, key(a.recipient), a.year_from, a.year_to) for a in seen.values() if a.conferred_by
    }
    # "Huân chương Độc lập" in a headline, "... hạng Ba" in the body: one award, with its class.
    classed = {
        (a.award.split(" hạng ")[0], key(a.recipient)) for a in seen.values() if " hạng " in a.award
    }
    return [
        a
        for a in seen.values()
        if (a.award, key(a.recipient)) not in classed
        and (a.year_from is not None or (a.award, key(a.recipient)) not in dated)
        and (a.conferred_by or (a.award, key(a.recipient), a.year_from, a.year_to) not in given)
    ]


# A person's short name ("Tề Kiến Quốc") is the full one ("Đại sứ Trung Quốc Tề Kiến Quốc") when
# the full key ends with it and it keeps at least this many syllables (a given name alone may be
# anyone's).
MIN_SHORT_NAME_SYLLABLES = 2


def _without_short_names(records: list[Award], key: Callable[[str], str]) -> list[Award]:
    """Drop a person's record that another record of the same award repeats under a fuller name,
    unless it says more (a year or a giver the fuller one lacks)."""
    keys = [key(a.recipient) for a in records]

    def repeated(i: int) -> bool:
        a, short = records[i], keys[i]
        if a.recipient_kind != "person" or len(short.split()) < MIN_SHORT_NAME_SYLLABLES:
            return False
        return any(
            b.award == a.award
            and b.recipient_kind == "person"
            and keys[j].endswith(" " + short)
            and a.period in (None, b.period)
            and a.conferred_by in (None, b.conferred_by)
            for j, b in enumerate(records)
            if j != i
        )

    return [a for i, a in enumerate(records) if not repeated(i)]
