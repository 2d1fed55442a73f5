"""A list of recipients continued in the next sentence: "Chủ tịch nước phong tặng danh hiệu X cho 5
tập thể và 1 cá nhân. 5 tập thể là: A (nay là ...), Bộ B; C, Bộ D; E." The first sentence gives
the award to a counted group nobody names; the next one names the group, one item per ";" (each
item a recipient, then the ministry or province it belongs to).

Split from ``indexer.enrich.awards``: this module finds the recipients; that one makes records.
"""

from __future__ import annotations

from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich.award_text import Span


def counted_gift(low: str, fold: str, award: Span) -> bool:
    """Is ``award`` given right after it to a counted group ("... cho 5 tập thể"), in a sentence
    that neither plans nor proposes it (conservative: any planning cue in the sentence vetoes)?"""
    planned = R.PLANNING_CUES_L.search(low) or R.PLANNING_CUES_F.search(fold)
    return not planned and bool(L.COUNTED_GIFT_RE.match(low, award.end))


def continued_recipients(text: str, low: str, names: list[Span]) -> list[Span]:
    """The recipients a sentence opening "5 tập thể là:" lists: the name opening each item."""
    intro = L.CONTINUED_LIST_RE.match(low)
    if not intro:
        return []
    out: list[Span] = []
    start = intro.end()
    while start < len(text):
        end = text.find(";", start)
        end = len(text) if end < 0 else end
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        first = next((n for n in names if n.start == start + lead and n.end <= end), None)
        if first is None or first.kind == "body":
            return []  # an item that opens with no recipient: not such a list, say nothing
        out.append(first)
        start = end + 1
    return out
