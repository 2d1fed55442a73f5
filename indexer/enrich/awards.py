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
from dataclasses import asdict, dataclass
from typing import Any

from indexer.article import Article
from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich.award_clauses import (
    Clause,
    clause_start,
    conferred,
    given_on,
    in_award_list,
    make_clause,
)
from indexer.enrich.award_continued import continued_recipients, counted_gift
from indexer.enrich.award_identity import display_name, recipient_key
from indexer.enrich.award_mentions import Context, giver_after, giver_before, mentions
from indexer.enrich.award_names import article_subjects
from indexer.enrich.award_recipients import TITLE_TYPES, link, named_after
from indexer.enrich.award_spans import award_spans, names_award
from indexer.enrich.award_subjects import fallback, planned, recognised
from indexer.enrich.award_text import Sent, Span, aligned, periods, province_after, split_sentences
from indexer.enrich.units import canonical_province
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


Earlier = tuple[Span, R.AwardRule]


def _sentence_awards(
    text: str, ctx: Context, forms: tuple[str, str] | None = None, earlier: Earlier | None = None
) -> tuple[list[Award], list[Earlier]]:
    """The sentence's records and the awards it names; ``earlier`` is the title a sentence or
    two before named (what "danh hiệu nói trên" refers to)."""
    low, fold = forms or aligned(text)
    found = award_spans(text, low, fold, earlier)
    return _linked_awards(Sent(text, low, fold), ctx, found), found


def _continued(text: str, ctx: Context, forms: tuple[str, str], given: Earlier) -> list[Award]:
    """ "5 tập thể là: A; B; C" after an award given to "5 tập thể": one record per item."""
    cands, _, _ = mentions(text, forms[0], forms[1], ctx, [])
    award, rule = given
    return [
        Award(award.name, rule.key, None, display_name(r.name), r.kind, None, None, None, text,
              ctx.path)
        for r in continued_recipients(text, forms[0], cands)
        if not (rule.persons_only and r.kind != "person")
    ]  # fmt: skip


def _linked_awards(s: Sent, ctx: Context, found: list[Earlier]) -> list[Award]:
    text, low, fold = s.text, s.low, s.fold
    if not found:
        return []
    awards = [a for a, _ in found]
    cands, bodies, appositions = mentions(text, low, fold, ctx, awards)
    clause = make_clause(s, cands, appositions, awards)
    first_named = min([c.start for c in cands] + [len(text)])  # where the subject begins
    linked: list[tuple[Span, R.AwardRule, str | None, int, list[Span]]] = []
    prev: tuple[Span, int, list[Span]] | None = None
    for award, rule in found:
        if rule.needs_recognition and not recognised(low, award.start):
            continue
        if planned(clause, award):
            continue
        if rule.key in TITLE_TYPES and (
            R.COUNTED_AWARD_L.search(low[: award.start])
            or R.NICKNAME_BEFORE_L.search(low[: award.start])
        ):
            continue  # "tôn vinh các anh hùng lao động", "gọi đùa là ...": nobody holds it
        giver, ext = giver_after(award, bodies, low)
        nxt = min([a.start for a in awards if a.start > award.start] + [len(text)])
        recipients = _recipients(clause, award, rule, ext, nxt, prev, ctx)
        prev = (award, ext, recipients)
        linked.append((award, rule, giver, ext, recipients))
    # "Huân chương A, Huy chương B của anh X": the list's last award names who holds them all.
    for i in range(len(linked) - 2, -1, -1):
        award, rule, giver, ext, got = linked[i]
        later = linked[i + 1]
        if not got and later[4] and in_award_list(fold, ext, later[0].start):
            linked[i] = (award, rule, giver, ext, later[4])
    out: list[Award] = []
    for award, rule, giver, ext, recipients in linked:
        for recipient in recipients:
            if rule.persons_only and recipient.kind != "person":
                continue
            if recipient.kind != "person" and L.STUDENT_NAME_F.search(fold_text(recipient.name)):
                continue  # a students' team: contest results, not a state award to a body
            who = giver or giver_before(award, recipient, bodies, low)
            if who == recipient.name:
                continue
            name = display_name(recipient.name)  # canonical unit names pass unchanged
            title = rule.key in TITLE_TYPES and not conferred(clause, award)
            found_years = periods(award, ext, awards, first_named, s, title=title)
            for y1, y2 in found_years or [(None, None)]:
                period = None if y1 is None else str(y1) if y1 == y2 else f"{y1}-{y2}"
                out.append(
                    Award(
                        award.name,
                        rule.key,
                        who,
                        name,
                        recipient.kind,
                        y1,
                        y2,
                        period,
                        text,
                        ctx.path,
                    )
                )
    return out


def _recipients(
    clause: Clause,
    award: Span,
    rule: R.AwardRule,
    ext: int,
    nxt: int,
    prev: tuple[Span, int, list[Span]] | None,
    ctx: Context,
) -> list[Span]:
    """Who receives ``award``: the previous award's recipients when it continues its list,
    else the names its clause links to it (``award_recipients.link``), else the article's."""
    fold, low = clause.s.fold, clause.s.low
    # "142 huân chương ... cho các đơn vị": counted and given on to a group nobody names
    counted = R.COUNTED_AWARD_L.search(low[: award.start]) and given_on(clause, ext)
    if prev and prev[2] and not counted and in_award_list(fold, prev[1], award.start):
        return prev[2]
    got = link(clause, award, ext, rule.key, prev[0] if prev else None, nxt)
    coordinated = prev and L.COORDINATED_RE.search(clause.blank[prev[1] : award.start])
    if got is None and prev and prev[2] and coordinated:
        got = prev[2]  # "X được A tặng P1, được B tặng P2": one subject
    if got is None and not counted:
        one = fallback(clause, award, clause_start(clause, award), ctx)
        got = [one] if one else []
    if counted and not named_after(clause, award, ext, nxt):
        got = []
    return got or []


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


def find_awards(article: Article) -> list[Award]:
    """Every award the article asserts, in reading order (title first), deduplicated."""
    text = f"{article.title}\n{article.body}"
    low_all, fold_all = aligned(text)
    if not names_award(fold_all):
        return []  # most articles name no award: skip the sentence-level work
    ctx = Context(
        article.path,
        article.units,
        _article_province(article, fold_all, text),
        article_subjects(article.title, article.body, article.units),
    )
    records: list[Award] = []
    offset = 0
    earlier: Earlier | None = None  # the last title named, for "danh hiệu nói trên"
    age = 0  # sentences since it was named
    given: Earlier | None = None  # an award the last sentence gave to "5 tập thể" unnamed
    for sentence in split_sentences(text):
        age += 1
        if age > R.ANAPHOR_MAX_SENTENCES:
            earlier = None
        start = text.find(sentence, offset)
        if start >= 0:  # reuse the whole text's aligned forms instead of recomputing them
            offset = start + len(sentence)
            forms = (low_all[start:offset], fold_all[start:offset])
            if given and L.CONTINUED_LIST_RE.match(forms[0]):
                records.extend(_continued(sentence, ctx, forms, given))
            given = None
            if not names_award(forms[1]) and not (earlier and R.ANAPHOR_RE.search(forms[1])):
                continue
        else:
            forms, given = None, None
        try:
            got, found = _sentence_awards(sentence, ctx, forms, earlier)
            records.extend(got)
            if titled := [f for f in found if f[1].key in TITLE_TYPES]:
                earlier, age = titled[-1], 0
            unnamed = [f for f in found if not any(a.award == f[0].name for a in got)]
            low, fold = forms or aligned(sentence)
            if unnamed and counted_gift(low, fold, unnamed[-1][0]):
                given = unnamed[-1]
        except (ValueError, IndexError, AttributeError):  # bad text: skip the sentence, say why
            log.warning(
                "award extraction failed in %s: %r", article.path, sentence[:80], exc_info=True
            )
    return _dedupe(records)
