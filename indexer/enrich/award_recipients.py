"""Who receives an award in one sentence: the names a clause links to it, never its presenter.

Real sentences link recipients to an award in a few shapes, tried in this order:
1. a list after the award: "trao Huân chương ... cho X, Y và Z", "khen tặng X", "là X, Y";
2. a title next to a person: "Anh hùng Lao động X", "ông X, Anh hùng Lao động,";
3. the active voice: "Phó Thủ tướng A trao tặng X Huân chương ..." (X between verb and award;
   A is the presenter and never a recipient; without X nobody named receives it);
4. the passive or receiving voice: "X, Y và Z (đã) được (B trao tặng) ...", "X đón nhận ...";
5. a word that refers back to the article's own subject ("Nhà trường", "ông", "đơn vị").
An award listed right after another ("Huân chương ... (2016); Cờ thi đua ...; Bằng khen ...")
goes to the same recipients. The word lists are data in ``indexer.enrich.award_lexicon``; the
clause grammar (voice, governance, where a clause starts) is in ``indexer.enrich.award_clauses``.
"""

from __future__ import annotations

import re

from indexer.enrich import award_cues as C
from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich.award_clauses import Clause, clause_start, contest_result, governs, is_active
from indexer.enrich.award_holders import bracketed_holder, self_object, title_holder
from indexer.enrich.award_text import Span

# Award types that are titles a named person carries ("Anh hùng Lao động X").
TITLE_TYPES = frozenset(
    {"anh_hung_lao_dong", "anh_hung_llvt", "nha_giao", "danh_hieu_other", "chien_si_thi_dua"}
)


def _forward(c: Clause, pos: int, limit: int) -> list[Span]:
    """Names listed from ``pos``: the first right there, the rest joined by separators."""
    items: list[Span] = []
    for n in c.names:
        if n.start < pos or n.end > limit:
            continue
        gap = c.blank[(items[-1].end if items else pos) : n.start]
        if n.kind == "person" and (prefix := C.PERSON_PREFIX_L.search(gap)):
            gap = gap[: prefix.start()]  # "..., NSƯT B, ca sĩ C": a title or trade before B, C
        if not items and gap.strip(" ,:") and not _office_of(n, c.orig[pos : n.start]):
            break
        if items and items[-1].kind == "person" and _office_only(c, n):
            continue  # "ông X, Tổng giám đốc Công ty Y": X's office, not a second recipient
        if items and not _joins(items[-1], gap, c.orig[items[-1].end : n.start], n):
            if _inside_office(items[-1], c.orig[items[-1].end : n.end]):
                continue  # "thượng tá A, Chánh văn phòng Cơ quan X, thiếu tá B": A's office
            break
        items.append(n)
    return items


def _office_only(c: Clause, n: Span) -> bool:
    """Is ``n`` an office with no holder's name ("Tổng giám đốc LG Electronics Vietnam")?"""
    head = L.HEAD_RE.match(c.s.low, n.start)
    office = head is not None and head.group() in L.OFFICE_HEADS
    return n.kind == "person" and office and not any(w in L.SURNAMES for w in n.name.split())


def _joins(prev: Span, gap: str, orig: str, nxt: Span | None = None) -> bool:
    """May ``gap`` (lowercase; ``orig`` as written) separate two items of one list? Also
    "và Phó giám đốc trung tâm X" before a person: the next item's office."""
    if L.LIST_GAP_RE.match(gap):
        return True
    office = re.match(r"^[\s,;]*(?:và|cùng)\s+(.{1,60}?)\s*$", orig)
    if nxt is not None and nxt.kind == "person" and office and _is_apposition(office.group(1)):
        return True
    m = L.APPOSITION_GAP_RE.match(orig)
    return bool(m and prev.kind == "person" and _is_apposition(m.group("body")))


def _office_of(person: Span, gap: str) -> bool:
    """Is ``gap`` (as written) only the office of the person right after it ("trao tặng Đại sứ
    X", "cho Phó thủ tướng Y")? Then the person is the first item, not the office's body."""
    body = gap.strip(" ,:")
    return (
        person.kind == "person"
        and body[:1].isupper()
        and len(body) <= APPOSITION_MAX_CHARS
        and not re.search(r"[;:.\d]", body)
        and _is_apposition(body)
    )


def _inside_office(person: Span, upto: str) -> bool:
    """Does the text after ``person`` up to the end of the next name hold only the person's office
    ("…, Chánh văn phòng Cơ quan CSĐT"): that name is part of the office, not a list item."""
    m = re.match(r"^\s*[,\-–]\s*(.+)$", upto)
    return person.kind == "person" and m is not None and _is_apposition(m.group(1))


def _is_apposition(body: str) -> bool:
    return bool(L.POSITION_START_RE.match(body)) and not L.CLAUSE_WORDS_RE.search(body)


def _backward(c: Clause, pos: int, floor: int, cued: bool = True) -> list[Span]:
    """Names ending right before ``pos`` (the receiving cue), the list they close included. A
    person's office may stand between them only before a cue (``cued``): "X - Phó Giám đốc Sở Y
    nói về NSƯT ..." says nothing of X."""
    before = [n for n in c.names if floor <= n.start and n.end <= pos]
    items: list[Span] = []
    end = pos
    for n in reversed(before):
        gap = c.blank[n.end : end]
        if not items:
            ok = bool(L.SUBJECT_GAP_RE.match(gap)) or (
                n.kind == "person" and cued and _apposition_then_cue(c.orig[n.end : end])
            )
        else:
            ok = _joins(n, gap, c.orig[n.end : end], items[0])
        if not ok:
            break
        items.insert(0, n)
        end = n.start
    return items


# The longest office between a person and the verb ("X - Phó trưởng phòng Cảnh sát điều tra chuyên
# phụ trách mảng trọng án cũng được nhận"): 65 characters in awards-dev, with some room.
APPOSITION_MAX_CHARS = 90


def _apposition_then_cue(gap: str) -> bool:
    m = re.match(
        rf"^\s*[,\-–]\s*([^,;:]{{1,{APPOSITION_MAX_CHARS}}}?)\s*,?\s*"
        r"(?:(?:đã|vừa|cũng|còn|vinh dự|được|nhận)\s+)*$",
        gap,
    )
    return bool(m and _is_apposition(m.group(1)))


def link(
    c: Clause, award: Span, ext: int, key: str, prev: Span | None, nxt: int
) -> list[Span] | None:
    """Recipients of ``award`` (``ext``: where it ends with its giver; ``nxt``: where the next
    award starts), or None when the sentence leaves them to the article ("Nhà trường đã ...",
    or no subject at all)."""
    opened = c.s.low.rfind("(", 0, award.start)
    if opened > c.s.low.rfind(")", 0, award.start):  # the award inside parentheses
        return bracketed_holder(c, opened, award)
    if holders := _holders_after_of(c, ext, key, nxt):
        return holders
    link_m = L.FORWARD_LINK_RE.match(c.blank, ext)
    if link_m and re.fullmatch(r"\s*,[\s,]*là\s+", c.blank[ext : link_m.end()]):
        link_m = None  # "..., được trao tặng Huân chương X, là Trưởng đoàn Y": a new predicate
    if link_m and link_m.end() - ext <= R.CHO_MAX_GAP:
        intro = L.LIST_INTRO_RE.match(c.blank, link_m.end())
        start = intro.end() if intro else link_m.end()
        if not R.CHO_REASON_L.match(c.s.low[start:]):
            items = _forward(c, start, nxt)
            if link_m.group("of"):  # "danh hiệu ... của cô giáo X": only a person holds it so
                items = [i for i in items if _holder_of(c, i, key)]
            if items:
                return items
    flag = C.FLAG_OF_L.match(c.blank, ext)  # "gắn Huân chương ... lên lá cờ của X"
    if flag and (items := _forward(c, flag.end(), nxt)):
        return items
    if self_object(c, ext):
        return None  # "trao ... cho thành phố": the article's own subject (``fallback``)
    if key in TITLE_TYPES and (holder := title_holder(c, award, ext)):
        return holder
    clause = clause_start(c, award)
    floor = max(prev.end if prev else 0, clause)
    verbs = list(R.GIFT_VERB_RE.finditer(c.blank, floor, award.start))
    cues = list(L.RECEIVE_RE.finditer(c.blank, clause, award.start))
    if verbs and is_active(c, verbs[-1], cues):
        got = _forward(c, verbs[-1].end() + 1, award.start)  # active: the presenter is not it
        visit = L.VISIT_RE.search(c.blank, floor, verbs[-1].start())
        if not got and visit:  # "lãnh đạo TP đến các đơn vị như A, B… trao bằng khen"
            got = _forward(c, visit.end(), verbs[-1].start())
        return got
    if not cues and not verbs and key not in TITLE_TYPES:
        return None  # "Giải thưởng A ... Địa đạo Bến Dược, Giải thưởng B": a list, no subject
    cues = [q for q in cues if governs(c, q, award)]
    anchor = cues[-1].start() if cues else award.start
    items = _backward(c, anchor, floor, bool(cues))
    if not items and cues and R.UNNAMED_CUES_F.search(c.s.fold[floor : cues[-1].start()]):
        # "Các tập thể, cá nhân nhận bằng khen: Hội A, GS B, ...": the names follow the award
        return _forward(c, ext + len(c.blank[ext:]) - len(c.blank[ext:].lstrip(" :")), nxt)
    if items and L.CONTEST_F.search(c.s.fold) and contest_result(c, award, cues):
        return []  # "đoàn học sinh ... giành 1 huy chương bạc và 1 bằng khen": contestants
    return items or None


def _holders_after_of(c: Clause, ext: int, key: str, nxt: int) -> list[Span]:
    """ "Huy chương X của anh Tới", "Huân chương ... hạng 3 của Công ty Y": who holds the award
    named right after it and "của". A person named by an office ("của Bộ trưởng Z") gives it;
    a company or school holds only a state order (a unit after "của" is read as a giver)."""
    of = re.match(r"\s*của\s+", c.blank[ext:])
    if not of:
        return []
    kinds = C.HOLDER_AFTER_OF_KINDS if key in C.STATE_ORDER_KEYS else frozenset()
    items = _forward(c, ext + of.end(), nxt)[:1]
    return [i for i in items if i.kind in kinds or (i.kind == "person" and _courtesy(c, i))]


def _holder_of(c: Clause, person: Span, key: str) -> bool:
    """May the person named after "của" hold the award: with a courtesy head, or bare after a
    title ("danh hiệu NGƯT của Trần Văn A"); a bare run after another award may be a body
    ("Bằng khen của Bộ Kế Hoạch Đầu Tư")."""
    bare_ok = key in TITLE_TYPES and not _office(c, person)
    return person.kind == "person" and (bare_ok or _courtesy(c, person))


def _courtesy(c: Clause, person: Span) -> bool:
    """Is the person named with a courtesy or rank head ("anh Tới", "đại tá X"), not by an office
    (the giver: "Bộ trưởng X") nor bare (a capitalised run may be a body: "Bộ Kế Hoạch Đầu Tư")?"""
    head = L.HEAD_RE.match(c.s.low, person.start)
    return bool(head and head.lastgroup == "person") and not _office(c, person)


def _office(c: Clause, person: Span) -> bool:
    """Is the person named by an office ("Bộ trưởng X"): after "của", the one who gives."""
    before = c.s.low[max(0, person.start - C.OFFICE_MAX_CHARS) : person.start]
    return bool(C.OFFICE_BEFORE_L.match(c.s.low, person.start) or C.OFFICE_END_L.search(before))


def named_after(c: Clause, award: Span, ext: int, nxt: int) -> bool:
    """Does a list after the award name who receives it ("3 Huân chương ... khen tặng X, Y")?"""
    link_m = L.FORWARD_LINK_RE.match(c.blank, ext)
    if not link_m or link_m.end() - ext > R.CHO_MAX_GAP:
        return False
    intro = L.LIST_INTRO_RE.match(c.blank, link_m.end())
    return bool(_forward(c, intro.end() if intro else link_m.end(), nxt))
