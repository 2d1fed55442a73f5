"""The award record: one fact (who was given which award, by whom, for which period) and its
evidence, its JSON form, and the merging of mentions that say the same fact."""

from __future__ import annotations

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


def dedupe_awards(records: list[Award]) -> list[Award]:
    """One record per fact, recipients compared by their key (``award_identity``). A mention
    that repeats another with less said is dropped: undated beside a dated one, or without a
    conferring body beside one that names it."""
    seen: dict[tuple[Any, ...], Award] = {}
    for a in records:
        who = recipient_key(a.recipient)
        key = (a.award, a.conferred_by, who, a.year_from, a.year_to)
        if key not in seen or len(a.recipient) > len(seen[key].recipient):
            seen[key] = a  # the fullest spelling ("Bệnh viện X" over a headline's "BV X")
    dated = {(a.award, recipient_key(a.recipient)) for a in seen.values() if a.year_from}
    given = {
        (a.award, recipient_key(a.recipient), a.year_from, a.year_to)
        for a in seen.values()
        if a.conferred_by
    }
    # "Huân chương Độc lập" in a headline, "... hạng Ba" in the body: one award, with its class.
    classed = {
        (a.award.split(" hạng ")[0], recipient_key(a.recipient))
        for a in seen.values()
        if " hạng " in a.award
    }
    return [
        a
        for a in seen.values()
        if (a.award, recipient_key(a.recipient)) not in classed
        and (a.year_from is not None or (a.award, recipient_key(a.recipient)) not in dated)
        and (
            a.conferred_by
            or (a.award, recipient_key(a.recipient), a.year_from, a.year_to) not in given
        )
    ]
