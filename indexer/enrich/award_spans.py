"""Where a sentence names an award: the spellings of ``award_rules``, classes ("hạng Nhất, Nhì,
Ba" = one span per class), and any other order, medal or badge by its head and capitalised name.

Split from ``indexer.enrich.awards``: this module finds awards; that one decides who got them.
"""

from __future__ import annotations

import re

from indexer.enrich import award_rules as R
from indexer.enrich.award_name_reader import read_name
from indexer.enrich.award_text import Span, aligned
from indexer.text.analysis import fold_text

__all__ = ["AWARD_RE", "award_spans", "names_award"]


def _compile_awards() -> re.Pattern[str]:
    spellings = sorted(
        ((fold_text(sp), i) for i, rule in enumerate(R.AWARDS) for sp in rule.spellings),
        key=lambda p: -len(p[0]),
    )
    alts = "|".join(rf"(?P<a{i}_{n}>{re.escape(sp)})" for n, (sp, i) in enumerate(spellings))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


AWARD_RE = _compile_awards()
# Every folded spelling: ``AWARD_RE`` can match only a text holding one of them, and 61 substring
# tests cost far less than the alternation's search tried at each position of a sentence.
_FOLDED_SPELLINGS = tuple(sorted({fold_text(sp) for rule in R.AWARDS for sp in rule.spellings}))


def names_award(fold: str) -> bool:
    """May the (folded) text name an award: a known spelling, or an order, medal or badge by its
    head ("Huân chương Jose Marti", "kỷ niệm chương ...") that ``award_spans`` reads by name?"""
    known = any(sp in fold for sp in _FOLDED_SPELLINGS) and AWARD_RE.search(fold)
    return bool(known or R.GENERIC_HEAD_RE.search(fold))


def award_spans(
    text: str, low: str, fold: str, earlier: tuple[Span, R.AwardRule] | None = None
) -> list[tuple[Span, R.AwardRule]]:
    """Every award the sentence names; with ``earlier`` (a title named a sentence or two
    before), also every reference back to it ("danh hiệu cao quý nói trên")."""
    spans = []
    if earlier:
        for m in R.ANAPHOR_RE.finditer(fold):
            if "anh hung" in m.group() and not earlier[1].key.startswith("anh_hung"):
                continue  # "danh hiệu Anh hùng" refers back to a hero title only
            spans.append((Span(m.start(), m.end(), earlier[0].name, earlier[0].kind), earlier[1]))
    for m in AWARD_RE.finditer(fold):
        rule = R.AWARDS[int(m.lastgroup.split("_")[0][1:])]  # type: ignore[union-attr]
        if any(low.startswith(ff, m.start()) for ff in R.FALSE_FRIENDS):
            continue
        label, end = rule.label, m.end()
        rank = R.RANK_RE.match(fold, end) if rule.ranked else None
        if rank:
            label, end = f"{label} hạng {R.RANK_LABELS[rank.group(1)]}", rank.end()
        spans.append((Span(m.start(), end, label, rule.key), rule))
        while (
            rank
            and (more := R.MORE_RANK_RE.match(fold, end))  # "hạng nhất, nhì, ba"
            and low[more.start(1) : more.end(1)] not in R.RANK_FALSE_FRIENDS_L
        ):
            end = more.end()
            extra = f"{rule.label} hạng {R.RANK_LABELS[more.group(1)]}"
            spans.append((Span(more.start(1), end, extra, rule.key), rule))
    for m in R.GENERIC_HEAD_RE.finditer(fold):
        if any(sp.start <= m.start() < sp.end for sp, _ in spans):
            continue
        if found := _generic_award(text, fold, m):
            spans.append(found)
    return sorted(spans, key=lambda p: p[0].start)


def _generic_award(text: str, fold: str, m: re.Match[str]) -> tuple[Span, R.AwardRule] | None:
    """ "Huân chương Jose Marti", "Huy chương Chiến sĩ vẻ vang", "Huy hiệu 50 năm tuổi Đảng"."""
    if R.CONTEST_MEDAL_F.match(fold, m.end()):
        return None
    quoted = re.match(r"[\"“]([^\"”]{2,60})[\"”]", text[m.end() :])
    if quoted:
        name, end = quoted.group(1), m.end() + quoted.end()
    elif re.match(r"\d+\s+năm\s+tuổi\s+Đảng", text[m.end() :]):
        name = re.match(r"\d+\s+năm\s+tuổi\s+Đảng", text[m.end() :]).group()  # type: ignore[union-attr]
        end = m.end() + len(name)
    else:
        end, upper = read_name(text, aligned(text)[0], m.end(), allow_lower=True)
        if not upper or not text[m.end() : m.end() + 1].isupper():
            return None
        name = text[m.end() : end]
    rank = R.RANK_RE.match(fold, end)
    key = R.GENERIC_TYPES[m.group(1)]
    head = text[m.start() : m.start() + len(m.group(1))]
    label = f"{head[:1].upper()}{head[1:]} {name}"
    if rank:
        label, end = f"{label} hạng {R.RANK_LABELS[rank.group(1)]}", rank.end()
    return Span(m.start(), end, label, key), R.AwardRule(key, label, (), bool(rank))
