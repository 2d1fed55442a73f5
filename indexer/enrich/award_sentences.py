"""The awards of one sentence: the award spans it names, linked to their recipients and givers,
with their periods, as records; and the list items a sentence hands an earlier award on to.

Split from ``indexer.enrich.awards``, which walks an article sentence by sentence.
"""

from __future__ import annotations

from itertools import product

from indexer.enrich import award_cues as C
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
from indexer.enrich.award_continued import continued_recipients
from indexer.enrich.award_holders import title_holder
from indexer.enrich.award_identity import display_name
from indexer.enrich.award_mentions import Context, giver_after, giver_before, mentions, more_givers
from indexer.enrich.award_recipients import TITLE_TYPES, link, named_after
from indexer.enrich.award_records import Award
from indexer.enrich.award_spans import award_spans
from indexer.enrich.award_subjects import fallback, planned, recognised
from indexer.enrich.award_text import Sent, Span, aligned, periods

Earlier = tuple[Span, R.AwardRule]


def sentence_awards(
    text: str, ctx: Context, forms: tuple[str, str] | None = None, earlier: Earlier | None = None
) -> tuple[list[Award], list[Earlier]]:
    """The sentence's records and the awards it names; ``earlier`` is the title a sentence or
    two before named (what "danh hiệu nói trên" refers to)."""
    low, fold = forms or aligned(text)
    found = award_spans(text, low, fold, earlier)
    return _linked_awards(Sent(text, low, fold), ctx, found), found


def continued_awards(
    text: str, ctx: Context, forms: tuple[str, str], given: Earlier
) -> list[Award]:
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
    linked: list[tuple[Span, R.AwardRule, tuple[str | None, ...], int, list[Span]]] = []
    prev: tuple[Span, int, list[Span]] | None = None
    held = _held_titles(clause, found, bodies)
    for award, rule in found:
        if rule.needs_recognition and not recognised(low, award.start):
            continue
        if planned(clause, award) and award not in held:
            continue
        if rule.key in TITLE_TYPES and (
            R.COUNTED_AWARD_L.search(low[: award.start])
            or R.NICKNAME_BEFORE_L.search(low[: award.start])
        ):
            continue  # "tôn vinh các anh hùng lao động", "gọi đùa là ...": nobody holds it
        giver, ext = giver_after(award, bodies, low)
        others = more_givers(ext, bodies + cands, low) if giver else []
        # a title held by a person listed after an award given ("bằng khen ... cho ...: NSƯT A,
        # NSƯT B") ends no list; after a title ("lên NSND gồm có: NSƯT A, B") it still does
        passing = held if rule.key not in TITLE_TYPES else set()
        nxt = min(
            [a.start for a in awards if a.start > award.start and a not in passing] + [len(text)]
        )
        recipients = _recipients(clause, award, rule, ext, nxt, prev, ctx)
        prev = (award, ext, recipients)
        linked.append((award, rule, (giver, *others), ext, recipients))
    # "Huân chương A, Huy chương B của anh X": the list's last award names who holds them all.
    for i in range(len(linked) - 2, -1, -1):
        award, rule, named_by, ext, got = linked[i]
        later = linked[i + 1]
        if not got and later[4] and in_award_list(fold, ext, later[0].start):
            linked[i] = (award, rule, named_by, ext, later[4])
    out: list[Award] = []
    for award, rule, givers, ext, recipients in linked:
        for giver, recipient in product(givers, recipients):
            if rule.persons_only and recipient.kind != "person":
                continue
            if recipient.kind != "person" and L.STUDENT_NAME_L.search(recipient.name.lower()):
                continue  # a students' team: contest results, not a state award to a body
            held_title = (
                award in held
            )  # "NSƯT X" said in passing: not given by this sentence's giver
            who = giver or (None if held_title else giver_before(award, recipient, bodies, low))
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


def _held_titles(c: Clause, found: list[Earlier], bodies: list[Span]) -> set[Span]:
    """Titles the sentence says a named person holds, not confers ("kiến nghị của Nhà giáo Ưu
    tú X", "nữ Anh hùng Lao động, Thầy thuốc Ưu tú Y"): a plan or a denial elsewhere in the
    clause ("đề xuất giải pháp", "chưa từng đóng phim") is about something else. A title
    listed right before a held one is held by the same person."""
    held: set[Span] = set()
    later: Span | None = None
    for award, rule in reversed(found):
        ext = giver_after(award, bodies, c.s.low)[1]
        chained = later in held and later is not None and in_award_list(c.s.fold, ext, later.start)
        title = rule.key in TITLE_TYPES and not conferred(c, award)
        if title and (chained or title_holder(c, award, ext)):
            held.add(award)
        later = award
    return held


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
    if (
        got
        and len(got) == 1
        and got[0].kind != "person"
        and C.NUMBERED_AWARD_L.search(low[: award.start])
    ):
        got = []  # "14 bằng khen cho Công an tỉnh X": its members, one award each, unnamed
    return got or []
