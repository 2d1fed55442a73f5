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
from dataclasses import asdict, dataclass, field
from typing import Any

from indexer.article import Article
from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich.award_clauses import (
    TITLE_TYPES,
    Clause,
    clause_start,
    given_on,
    in_award_list,
    is_active,
    link,
    make_clause,
    named_after,
)
from indexer.enrich.award_identity import display_name, recipient_key
from indexer.enrich.award_names import article_subjects, name_spans, read_name
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
        while rank and (more := R.MORE_RANK_RE.match(fold, end)):  # "hạng nhất, nhì, ba"
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
        end, upper = read_name(text, text.lower(), m.end(), allow_lower=True)
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


def _mentions(
    text: str, low: str, fold: str, ctx: _Context, awards: list[Span]
) -> tuple[list[Span], ...]:
    """(recipient candidates, givers, units after a position word) of one sentence."""
    bodies = [
        Span(m.start(), m.end(), lab, "body") for lab, r in _BODY_RES for m in r.finditer(fold)
    ]
    bodies += _province_bodies(text, fold, ctx.province)
    named = [Span(u.start, u.end, u.canonical, "unit") for u in find_unit_mentions(text)]
    named += _bare_refs(text, low, fold, ctx.units)
    named += [
        n
        for n in name_spans(text, low, awards)
        if not any(u.start < n.end and n.start < u.end for u in named)
    ]
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
        elif s.kind == "person" or not R.NOT_SUBJECT_BEFORE_L.search(before):
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
    # The article's own school, person, unit: what "Nhà trường", "ông", "đơn vị" refer to.
    subjects: dict[str, Span] = field(default_factory=dict)


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


def _fallback(c: Clause, award: Span, floor: int, ctx: _Context) -> Span | None:
    """No name linked: a word referring to the article's subject, else the article's own unit
    when nothing in the clause names anyone else."""
    window = c.blank[floor : award.start]
    cue = list(L.RECEIVE_RE.finditer(window))
    head = window[: cue[-1].start()] if cue else window
    ref = L.SELF_REF_RE.search(head)
    if ref:
        kind = dict(L.SELF_REFS)[ref.group(1)]
        return ctx.subjects.get(kind)
    if L.PROFILE_RE.match(c.s.low):
        return next((ctx.subjects[k] for k in L.PROFILE_KINDS if k in ctx.subjects), None)
    verbs = list(R.GIFT_VERB_RE.finditer(c.blank, floor, award.start))
    cues = list(L.RECEIVE_RE.finditer(c.blank, floor, award.start))
    if verbs and is_active(c, verbs[-1], cues):
        return None  # "X trao Bằng khen ...": the subject gives, the recipient is unsaid
    if cue and (subject := _sentence_subject(c)) and subject.end <= floor + cue[-1].start():
        return subject
    if R.STUDENT_CUES_F.search(c.s.fold[floor : award.start]) or R.UNNAMED_CUES_F.search(
        c.s.fold[floor : award.start]
    ):
        return None
    if not ctx.units or any(n.end <= award.start for n in c.names + c.appositions):
        return None
    if not cue and not verbs:
        return None  # a title in apposition ("ông X, Anh hùng Lao động, phát biểu")
    if R.IMPLICIT_BLOCK_F.search(c.s.fold[floor : award.start]) or names_someone(
        masked(c.s.text, floor, award.start, [])
    ):
        return None
    return Span(0, 0, ctx.units[0], "unit")


def _sentence_subject(c: Clause) -> Span | None:
    """The first name of the sentence when it opens it, after at most an adverbial ("Năm học
    2014 - 2015 Phòng ...", "Trong năm học ..., Sở ..."): the subject of every predicate."""
    if not c.names:
        return None
    first = c.names[0]
    lead = c.blank[: first.start]
    if (
        not lead.strip()
        or (
            first.start <= L.SUBJECT_MAX_LEAD
            and (lead.rstrip().endswith(",") or R.YEAR_ITEM_RE.search(c.s.fold[: first.start]))
        )
    ) and not L.CLAUSE_WORDS_RE.search(lead):
        return first
    return None


def _planned(c: Clause, award: Span) -> bool:
    """Does the award's clause plan, propose or deny it ("đề nghị", "sẽ trao", "chưa")? The
    clause runs from the last ";" before the award to the next one; parentheses do not count
    ("(trong đó có 2 người chưa qua khỏi)" says nothing about the award)."""
    start = clause_start(c, award)
    end = c.blank.find(";", award.end)
    window = c.blank[start : end if end >= 0 else len(c.blank)]
    return bool(R.PLANNING_CUES_L.search(window) or R.PLANNING_CUES_F.search(aligned(window)[1]))


def _recognised(low: str, start: int) -> bool:
    return bool(R.RECOGNITION_RE.search(low, max(0, start - R.RECOGNITION_MAX_GAP), start))


def _sentence_awards(text: str, ctx: _Context, forms: tuple[str, str] | None = None) -> list[Award]:
    low, fold = forms or aligned(text)
    s = Sent(text, low, fold)
    found = _award_spans(text, low, fold)
    if not found:
        return []
    awards = [a for a, _ in found]
    cands, bodies, appositions = _mentions(text, low, fold, ctx, awards)
    clause = make_clause(s, cands, appositions, awards)
    first_named = min([c.start for c in cands] + [len(text)])  # where the subject begins
    out: list[Award] = []
    prev: tuple[Span, int, list[Span]] | None = None
    for award, rule in found:
        if rule.needs_recognition and not _recognised(low, award.start):
            continue
        if _planned(clause, award):
            continue
        if rule.key in TITLE_TYPES and R.COUNTED_AWARD_L.search(low[: award.start]):
            continue  # "tôn vinh các anh hùng lao động": a category of people, nobody named
        giver, ext = _giver_after(award, bodies, low)
        nxt = min([a.start for a in awards if a.start > award.start] + [len(text)])
        # "142 huân chương ... cho các đơn vị": counted and given on to a group nobody names
        counted = R.COUNTED_AWARD_L.search(low[: award.start]) and given_on(clause, ext)
        if prev and prev[2] and not counted and in_award_list(fold, prev[1], award.start):
            recipients = prev[2]
        else:
            got = link(clause, award, ext, rule.key, prev[0] if prev else None, nxt)
            if (
                got is None
                and prev
                and prev[2]
                and L.COORDINATED_RE.search(clause.blank[prev[1] : award.start])
            ):
                got = prev[2]  # "X được A tặng P1, được B tặng P2": one subject
            if got is None and not counted:
                one = _fallback(clause, award, clause_start(clause, award), ctx)
                got = [one] if one else []
            if counted and not named_after(clause, award, ext, nxt):
                got = []
            recipients = got
        prev = (award, ext, recipients)
        for recipient in recipients:
            if rule.persons_only and recipient.kind != "person":
                continue
            if recipient.kind != "person" and L.STUDENT_NAME_F.search(fold_text(recipient.name)):
                continue  # a students' team: contest results, not a state award to a body
            who = giver or _giver_before(award, recipient, bodies, low)
            if who == recipient.name:
                continue
            for y1, y2 in periods(award, ext, awards, first_named, s) or [(None, None)]:
                period = None if y1 is None else str(y1) if y1 == y2 else f"{y1}-{y2}"
                out.append(
                    Award(
                        award.name,
                        rule.key,
                        who,
                        recipient.name
                        if recipient.kind == "unit"
                        else display_name(recipient.name),
                        recipient.kind,
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
    """One record per fact, recipients compared by their key (``award_identity``). A mention
    that repeats another with less said is dropped: undated beside a dated one, or without a
    conferring body beside one that names it."""
    seen: dict[tuple[Any, ...], Award] = {}
    for a in records:
        who = recipient_key(a.recipient)
        seen.setdefault((a.award, a.conferred_by, who, a.year_from, a.year_to), a)
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


def find_awards(article: Article) -> list[Award]:
    """Every award the article asserts, in reading order (title first), deduplicated."""
    text = f"{article.title}\n{article.body}"
    low_all, fold_all = aligned(text)
    if not _AWARD_RE.search(fold_all):
        return []  # most articles name no award: skip the sentence-level work
    ctx = _Context(
        article.path,
        article.units,
        _article_province(article, fold_all, text),
        article_subjects(article.title, article.body, article.units),
    )
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
