"""Award mentions in an article: who was given which award, by whom, and for which year.

A journalist asks what a department has been awarded; the archive answers it in sentences like
"Phòng GD&ĐT ... đã được Chính phủ tặng thưởng Huân chương Lao động hạng Ba (năm 1997)". Each
sentence is read three ways, aligned character by character: as written (names), lowercased
(verbs, whose folding is ambiguous) and folded (award spellings, years). Precision over recall:
a sentence that plans or proposes, an award to students or unnamed groups, an active-voice gift
without a named recipient, all yield nothing. The rules are data in ``indexer.enrich.award_rules``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from typing import Any

from indexer.article import Article
from indexer.enrich import award_rules as R
from indexer.enrich.award_text import (
    Sent,
    Span,
    aligned,
    masked,
    names_after,
    names_someone,
    periods,
    province_after,
    split_sentences,
)
from indexer.enrich.units import canonical_province, find_unit_mentions
from indexer.text.analysis import fold_text

# ``split_sentences`` lives in ``indexer.enrich.award_text`` and is re-exported for callers of this
# module.
__all__ = ["Award", "award_to_json", "find_awards", "split_sentences"]

log = logging.getLogger(__name__)


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


def _compile_awards() -> re.Pattern[str]:
    spellings = sorted(
        ((fold_text(sp), i) for i, rule in enumerate(R.AWARDS) for sp in rule.spellings),
        key=lambda p: -len(p[0]),
    )
    alts = "|".join(rf"(?P<a{i}_{n}>{re.escape(sp)})" for n, (sp, i) in enumerate(spellings))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


_AWARD_RE = _compile_awards()
_BODY_RES = [
    (label, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold_text(s)) for s in sp) + r")(?!\w)"))
    for label, sp in R.BODIES
]


def _award_spans(text: str, low: str, fold: str) -> list[tuple[Span, R.AwardRule]]:
    spans = []
    for m in _AWARD_RE.finditer(fold):
        rule = R.AWARDS[int(m.lastgroup.split("_")[0][1:])]  # type: ignore[union-attr]
        if any(low.startswith(ff, m.start()) for ff in R.FALSE_FRIENDS):
            continue
        label, end = rule.label, m.end()
        rank = R.RANK_RE.match(fold, end) if rule.ranked else None
        if rank:
            label, end = f"{label} hạng {R.RANK_LABELS[rank.group(1)]}", rank.end()
        spans.append((Span(m.start(), end, label, rule.key), rule))
    return spans


def _province_bodies(text: str, fold: str, default: str | None) -> list[Span]:
    """People's committees: "UBND tỉnh Thái Nguyên", "UBND Tỉnh" (province from context), ...."""
    spans = []
    for m in R.PROVINCE_BODY_RE.finditer(fold):
        level = R.LEVEL_LABELS[m.group(1)]
        name, end = province_after(text, m.end()) if level in ("tỉnh", "TP") else (None, m.end())
        if name and level == "TP" and name not in R.CENTRAL_CITIES:
            name = None  # "UBND thành phố Thái Nguyên": a city inside a province
        if not name and (local := names_after(text, m.end() + 1, 1)):
            name, end = local
        elif not name and level == "tỉnh":
            name = default
        label = f"UBND {level} {name}" if name else f"UBND {level}"
        spans.append(Span(m.start(), end, label, "body"))
    return spans


def _bare_refs(text: str, low: str, fold: str, units: tuple[str, ...]) -> list[Span]:
    spans = []
    for word, prefix in R.BARE_REFS:
        for m in re.finditer(rf"(?<!\w){word}(?!\w)", low):
            if word != "ngành" and not text[m.start()].isupper():
                continue
            end = R.BARE_REF_SUFFIX_F.match(fold, m.end()).end()  # type: ignore[union-attr]
            if names_after(text, end, 1):  # "Sở Nội vụ", "Phòng Tổ chức": another body
                continue
            unit = next((u for u in units if u.startswith(prefix)), None)
            if unit:
                spans.append(Span(m.start(), end, unit, "unit"))
    return spans


def _mentions(text: str, low: str, fold: str, ctx: _Context) -> tuple[list[Span], ...]:
    """(recipient candidates, givers, units after a position word) of one sentence."""
    bodies = [
        Span(m.start(), m.end(), lab, "body") for lab, r in _BODY_RES for m in r.finditer(fold)
    ]
    bodies += _province_bodies(text, fold, ctx.province)
    named = [Span(u.start, u.end, u.canonical, "unit") for u in find_unit_mentions(text)]
    named += _bare_refs(text, low, fold, ctx.units)
    for regex, kind, min_words in ((R.SCHOOL_RE, "school", 1), (R.PERSON_RE, "person", 2)):
        for m in regex.finditer(low):
            if found := names_after(text, m.end(), min_words):
                head = text[m.start() : m.end()].strip() if kind == "school" else ""
                name = f"{head[:1].upper()}{head[1:]} {found[0]}".strip()
                named.append(Span(m.start(), found[1], name, kind))
    named = [s for s in named if not any(b.start <= s.start < b.end for b in bodies)]
    candidates: list[Span] = []
    appositions: list[Span] = []
    for s in sorted(named, key=lambda s: (s.start, -s.end)):
        if candidates and s.start < candidates[-1].end:
            continue  # overlapping readings: keep the first, longest
        before = low[max(0, s.start - 20) : s.start]
        giver_position = before.endswith(("được ", "của ")) or _followed_by_verb(low, s.end)
        if s.kind == "unit" and giver_position:
            bodies.append(s)  # a unit that gives ("được Sở GD&ĐT suy tôn"): a giver
        elif R.POSITION_CUES_F.search(fold[max(0, s.start - 25) : s.start]):
            appositions.append(s)  # "Giám đốc Sở GD&ĐT X": the person is meant
        elif not R.NOT_SUBJECT_BEFORE_L.search(before):
            candidates.append(s)
    return candidates, bodies, appositions


def _followed_by_verb(low: str, pos: int) -> bool:
    verb = R.GIFT_VERB_RE.search(low, pos)
    return bool(verb and R.BODY_VERB_GAP_RE.match(low[pos : verb.start()]))


@dataclass(frozen=True)
class _Context:
    """What a sentence needs from its article: the units (main first) and the province."""

    path: str
    units: tuple[str, ...]
    province: str | None


def _giver_after(award: Span, bodies: list[Span], low: str) -> tuple[str | None, int]:
    """ "Cờ thi đua của Bộ GD&ĐT": the giver and where the award phrase ends."""
    for b in sorted(bodies, key=lambda b: b.start):
        if b.start >= award.end and R.OF_RE.match(low[award.end : b.start]):
            return b.name, b.end
    return None, award.end


def _giver_before(award: Span, recipient: Span, bodies: list[Span], low: str) -> str | None:
    """ "được Chính phủ tặng thưởng": the nearest body followed by its verb, after the subject."""
    floor = recipient.end if recipient.end <= award.start else 0
    for b in sorted(bodies, key=lambda b: -b.end):
        if floor <= b.start and b.end <= award.start and _followed_by_verb(low, b.end):
            return b.name
    return None


def _recipient(
    award: Span, ext: int, found: tuple[list[Span], ...], s: Sent, ctx: _Context
) -> Span | None:
    """Who got ``award``: "cho X" after it, else the subject before it, else the main unit."""
    cands, bodies, appositions, awards = found
    nxt = min([a.start for a in awards if a.start >= ext] + [len(s.low)])
    cho = R.CHO_RE.search(s.low, ext, min(ext + R.CHO_MAX_GAP, nxt))
    if cho and not R.CHO_REASON_L.match(s.low[cho.end() :]):
        named = [c for c in cands if 0 <= c.start - cho.end() <= R.RECIPIENT_MAX_OFFSET]
        return named[0] if named and R.GIFT_VERB_RE.search(s.low) else None
    head = s.low[: award.start]
    verbs = list(R.GIFT_VERB_RE.finditer(head))
    if verbs and not R.PASSIVE_RE.search(head[: verbs[-1].start()]):
        return None  # "Đồng chí X trao Bằng khen ...": the subject gives, the recipient is unsaid
    if not verbs and not R.PASSIVE_RE.search(head):
        return None  # a title in apposition ("ông X, Anh hùng Lao động, phát biểu")
    before = [c for c in cands if c.end <= award.start]
    subject = before[-1] if before else None
    start = subject.end if subject else 0
    # Givers' names ("Chủ tịch nước") describe the giver, not the subject: blanked out.
    window = masked(s.fold, start, award.start, bodies)
    if R.STUDENT_CUES_F.search(window) or R.UNNAMED_CUES_F.search(window):
        return None
    if subject or not ctx.units or any(a.end <= award.start for a in appositions):
        return subject
    if R.IMPLICIT_BLOCK_F.search(window) or names_someone(
        masked(s.text, start, award.start, bodies)
    ):
        return None
    return Span(0, 0, ctx.units[0], "unit")  # no subject: the article's own unit


def _recognised(low: str, start: int) -> bool:
    return bool(R.RECOGNITION_RE.search(low, max(0, start - R.RECOGNITION_MAX_GAP), start))


def _sentence_awards(text: str, ctx: _Context, forms: tuple[str, str] | None = None) -> list[Award]:
    low, fold = forms or aligned(text)
    s = Sent(text, low, fold)
    found = _award_spans(text, low, fold)
    if not found or R.PLANNING_CUES_F.search(fold) or R.PLANNING_CUES_L.search(low):
        return []
    cands, bodies, appositions = _mentions(text, low, fold, ctx)
    awards = [a for a, _ in found]
    first_named = min([c.start for c in cands] + [len(text)])  # where the subject begins
    out = []
    for award, rule in found:
        if rule.needs_recognition and not _recognised(low, award.start):
            continue
        giver, ext = _giver_after(award, bodies, low)
        recipient = _recipient(award, ext, (cands, bodies, appositions, awards), s, ctx)
        if recipient is None:
            continue
        giver = giver or _giver_before(award, recipient, bodies, low)
        if giver == recipient.name or (rule.persons_only and recipient.kind != "person"):
            continue
        for y1, y2 in periods(award, ext, awards, first_named, s) or [(None, None)]:
            period = None if y1 is None else str(y1) if y1 == y2 else f"{y1}-{y2}"
            kind = "unit" if recipient.kind == "unit" else recipient.kind
            out.append(
                Award(
                    award.name,
                    rule.key,
                    giver,
                    recipient.name,
                    kind,
                    y1,
                    y2,
                    period,
                    text,
                    ctx.path,
                )
            )
    return out


def _article_province(article: Article, fold_all: str, text: str) -> str | None:
    """The province "UBND tỉnh" alone refers to: the main unit's, else the first one named."""
    main = article.units[0] if article.units else ""
    for prefix in ("Sở GD&ĐT ", "Trung tâm GDTX "):
        if main.startswith(prefix) and canonical_province(main[len(prefix) :]):
            return canonical_province(main[len(prefix) :])
    for m in R.PROVINCE_BODY_RE.finditer(fold_all):
        name, _ = province_after(text, m.end())
        if name:
            return name
    return None


def _dedupe(records: list[Award]) -> list[Award]:
    """One record per fact. A mention that repeats another with less said is dropped: undated
    beside a dated one, or without a conferring body beside one that names it."""
    seen: dict[tuple[Any, ...], Award] = {}
    for a in records:
        seen.setdefault((a.award, a.conferred_by, a.recipient, a.year_from, a.year_to), a)
    dated = {(a.award, a.recipient) for a in seen.values() if a.year_from is not None}
    given = {
        (a.award, a.recipient, a.year_from, a.year_to) for a in seen.values() if a.conferred_by
    }
    return [
        a
        for a in seen.values()
        if (a.year_from is not None or (a.award, a.recipient) not in dated)
        and (a.conferred_by or (a.award, a.recipient, a.year_from, a.year_to) not in given)
    ]


def find_awards(article: Article) -> list[Award]:
    """Every award the article asserts, in reading order (title first), deduplicated."""
    text = f"{article.title}\n{article.body}"
    low_all, fold_all = aligned(text)
    if not _AWARD_RE.search(fold_all):
        return []  # most articles name no award: skip the sentence-level work
    ctx = _Context(article.path, article.units, _article_province(article, fold_all, text))
    records: list[Award] = []
    offset = 0
    for sentence in split_sentences(text):
        start = text.find(sentence, offset)
        if start >= 0:  # reuse the whole text's aligned forms instead of recomputing them
            offset = start + len(sentence)
            forms = (low_all[start:offset], fold_all[start:offset])
            if not _AWARD_RE.search(forms[1]):
                continue
        else:
            forms = None
        try:
            records.extend(_sentence_awards(sentence, ctx, forms))
        except (ValueError, IndexError, AttributeError):  # bad text: skip the sentence, say why
            log.warning(
                "award extraction failed in %s: %r", article.path, sentence[:80], exc_info=True
            )
    return _dedupe(records)
