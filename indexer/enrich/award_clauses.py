"""Who receives an award in one sentence: the names a clause links to it, never its presenter.

Real sentences link recipients to an award in a few shapes, tried in this order:
1. a list after the award: "trao Huân chương ... cho X, Y và Z", "khen tặng X", "là X, Y";
2. a title next to a person: "Anh hùng Lao động X", "ông X, Anh hùng Lao động,";
3. the active voice: "Phó Thủ tướng A trao tặng X Huân chương ..." (X between verb and award;
   A is the presenter and never a recipient; without X nobody named receives it);
4. the passive or receiving voice: "X, Y và Z (đã) được (B trao tặng) ...", "X đón nhận ...";
5. a word that refers back to the article's own subject ("Nhà trường", "ông", "đơn vị").
An award listed right after another ("Huân chương ... (2016); Cờ thi đua ...; Bằng khen ...")
goes to the same recipients. The word lists are data in ``indexer.enrich.award_lexicon``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich.award_text import Sent, Span

# Award types that are titles a named person carries ("Anh hùng Lao động X").
TITLE_TYPES = frozenset(
    {"anh_hung_lao_dong", "anh_hung_llvt", "nha_giao", "danh_hieu_other", "chien_si_thi_dua"}
)
# Text between two awards of one list (folded): separators, years, "và", "danh hiệu".
AWARD_LIST_GAP_F = re.compile(r"^(?:[\s,;:.()\-–]|va\b|cung\b|danh hieu\b|nam hoc\b|nam\b|\d{4})*$")
# A receiving cue governs a gift verb at most this far after it ("được Tổng lãnh sự quán Pháp
# tại TP HCM trao": 38 characters in awards-dev).
PASSIVE_MAX_GAP = 60
# A receiving cue with a comma between it and its award governs it only this close (seed 001:
# "được đón nhận nhiều phần thưởng cao quý như: " is 44 characters, with no comma).
CUE_MAX_GAP = 40
# Text between a title and the person it is written before: "(NSƯT)", "thời kỳ đổi mới".
TITLE_PERSON_GAP_F = re.compile(r"^\s*(?:thoi ky doi moi\s*)?$")


@dataclass(frozen=True)
class Clause:
    """One sentence ready for linking: parentheses blanked in the lowercase form."""

    s: Sent
    blank: str  # lowercase text with "( ... )" replaced by spaces (same length)
    orig: str  # the original text, parentheses blanked the same way (capitals kept)
    names: list[Span]  # recipient candidates, in text order
    appositions: list[Span]  # names after a position word ("Giám đốc Sở X"): a person is meant
    award_starts: tuple[int, ...] = ()  # where the sentence's awards begin


def make_clause(s: Sent, names: list[Span], appositions: list[Span], awards: list[Span]) -> Clause:
    def blanked(text: str) -> str:
        return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text)

    starts = tuple(a.start for a in awards)
    return Clause(s, blanked(s.low), blanked(s.text), names, appositions, starts)


def _forward(c: Clause, pos: int, limit: int) -> list[Span]:
    """Names listed from ``pos``: the first right there, the rest joined by separators."""
    items: list[Span] = []
    for n in c.names:
        if n.start < pos or n.end > limit:
            continue
        gap = c.blank[(items[-1].end if items else pos) : n.start]
        if not items and gap.strip(" ,:") and not _office_of(n, c.orig[pos : n.start]):
            break
        if items and not _joins(items[-1], gap, c.orig[items[-1].end : n.start], n):
            if _inside_office(items[-1], c.orig[items[-1].end : n.end]):
                continue  # "thượng tá A, Chánh văn phòng Cơ quan X, thiếu tá B": A's office
            break
        items.append(n)
    return items


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


def _backward(c: Clause, pos: int, floor: int) -> list[Span]:
    """Names ending right before ``pos`` (the receiving cue), the list they close included."""
    before = [n for n in c.names if floor <= n.start and n.end <= pos]
    items: list[Span] = []
    end = pos
    for n in reversed(before):
        gap = c.blank[n.end : end]
        if not items:
            ok = bool(L.SUBJECT_GAP_RE.match(gap)) or (
                n.kind == "person" and _apposition_then_cue(c.orig[n.end : end])
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


def _title_holder(c: Clause, award: Span, ext: int) -> list[Span]:
    """ "Anh hùng Lao động X" / "ông X, Anh hùng Lao động,": the person holding a title."""
    after = [n for n in c.names if n.kind == "person" and n.start >= ext]
    if after and TITLE_PERSON_GAP_F.match(c.s.fold[ext : after[0].start].replace(" ", " ")):
        gap = c.blank[ext : after[0].start]
        if not gap.strip():
            return [after[0]]
    before = [n for n in c.names if n.kind == "person" and n.end <= award.start]
    closes = ext >= len(c.s.low) or c.blank[ext:].lstrip()[:1] in (",", ";", ".", "")
    if (
        before
        and closes
        and re.match(r"^\s*,\s*(?:nữ\s+)?$", c.blank[before[-1].end : award.start])
    ):
        return [before[-1]]
    return []


def link(
    c: Clause, award: Span, ext: int, key: str, prev: Span | None, nxt: int
) -> list[Span] | None:
    """Recipients of ``award`` (``ext``: where it ends with its giver; ``nxt``: where the next
    award starts), or None when the sentence leaves them to the article ("Nhà trường đã ...",
    or no subject at all)."""
    opened = c.s.low.rfind("(", 0, award.start)
    if opened > c.s.low.rfind(")", 0, award.start):  # the award inside parentheses
        return _bracketed_holder(c, opened, award)
    link_m = L.FORWARD_LINK_RE.match(c.blank, ext)
    if link_m and link_m.end() - ext <= R.CHO_MAX_GAP:
        intro = L.LIST_INTRO_RE.match(c.blank, link_m.end())
        start = intro.end() if intro else link_m.end()
        if not R.CHO_REASON_L.match(c.s.low[start:]):
            items = _forward(c, start, nxt)
            if link_m.group("of"):  # "danh hiệu ... của cô giáo X": only a person holds it so
                items = [i for i in items if i.kind == "person"]
            if items:
                return items
    if key in TITLE_TYPES and (holder := _title_holder(c, award, ext)):
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
    cues = [q for q in cues if governs(c, q, award)]
    anchor = cues[-1].start() if cues else award.start
    items = _backward(c, anchor, floor)
    if not items and cues and R.UNNAMED_CUES_F.search(c.s.fold[floor : cues[-1].start()]):
        # "Các tập thể, cá nhân nhận bằng khen: Hội A, GS B, ...": the names follow the award
        return _forward(c, ext + len(c.blank[ext:]) - len(c.blank[ext:].lstrip(" :")), nxt)
    if items and L.CONTEST_F.search(c.s.fold) and contest_result(c, award, cues):
        return []  # "đoàn học sinh ... giành 1 huy chương bạc và 1 bằng khen": contestants
    return items or None


def is_active(c: Clause, verb: re.Match[str], cues: list[re.Match[str]]) -> bool:
    """Is ``verb`` said by its subject (the presenter), not governed by a receiving cue right
    before it ("được Nhà nước trao tặng")? A cue counts when at most a giver's name stands
    between it and the verb: no clause, no award, at most ``PASSIVE_MAX_GAP`` characters."""
    before = [q for q in cues if q.start() < verb.start()]
    if before and re.search(r"(?<!\w)và\s+$", c.blank[: verb.start()]):
        return False  # "được Bộ ghi nhận ... và tặng thưởng": the second verb shares the voice
    for cue in reversed(before):
        gap = c.blank[cue.end() : verb.start()]
        return not (  # "được UBND huyện X, tỉnh Y tặng": a giver's name, commas and all
            len(gap) <= PASSIVE_MAX_GAP
            and not re.search(r"[;.:]", gap)
            and not L.CLAUSE_WORDS_RE.search(re.sub(r"(?<!\w)(?:đã|vừa)(?!\w)", " ", gap))
            and not any(cue.end() <= a < verb.start() for a in c.award_starts)
        )
    return True


def conferred(c: Clause, award: Span) -> bool:
    """Is the award given in this sentence (a gift verb right before it, or a receiving cue that
    governs it), rather than a title someone is said to hold ("NSƯT X phát biểu")?"""
    start = clause_start(c, award)
    verbs = list(R.GIFT_VERB_RE.finditer(c.blank, start, award.start))
    if verbs and re.fullmatch(r"\s*(?:danh hiệu\s*)?", c.blank[verbs[-1].end() : award.start]):
        return True
    return any(governs(c, q, award) for q in L.RECEIVE_RE.finditer(c.blank, start, award.start))


def governs(c: Clause, cue: re.Match[str], award: Span) -> bool:
    """Does the receiving ``cue`` take ``award`` as its object? Not across another award, nor
    across a clause ("Diễn viên được yêu thích nhất, giải ... và ... danh hiệu X"): between
    them at most a short phrase with a comma ("được đón nhận nhiều phần thưởng như: ...")."""
    gap = c.blank[cue.end() : award.start]
    if any(cue.end() <= a < award.start for a in c.award_starts):
        return False
    verbs = list(R.GIFT_VERB_RE.finditer(c.blank, cue.end(), award.start))
    if verbs and not c.blank[verbs[-1].end() : award.start].strip():
        return not is_active(c, verbs[-1], [cue])  # "được UBND huyện X, tỉnh Y tặng ..."
    return len(gap) <= CUE_MAX_GAP or not re.search(r"[,;]", gap)


def contest_result(c: Clause, award: Span, cues: list[re.Match[str]]) -> bool:
    """In a sentence about a contest: is the award won ("giành", "đạt") or counted ("1 bằng
    khen") like a prize, rather than conferred?"""
    won = bool(cues) and cues[-1].group() in ("giành", "đạt")
    counted = bool(re.search(r"\d+\s*$", c.blank[: award.start]))
    return won or counted


def _bracketed_holder(c: Clause, opened: int, award: Span) -> list[Span]:
    """ "Vương Linh (NSƯT, ...)", "thầy Tám Danh (Nghệ sĩ nhân dân ...)": a parenthesis that
    opens with a title gives it to the person named right before it; any other, to nobody."""
    if c.s.low[opened + 1 : award.start].strip():
        return []
    before = [n for n in c.names if n.kind == "person" and n.end <= opened]
    if before and not c.s.text[before[-1].end : opened].strip():
        return [before[-1]]
    return []


def given_on(c: Clause, ext: int) -> bool:
    """Is the award handed on right after it ("... cho", "... khen tặng", "... là")?"""
    link_m = L.FORWARD_LINK_RE.match(c.blank, ext)
    return bool(link_m and link_m.end() - ext <= R.CHO_MAX_GAP)


def named_after(c: Clause, award: Span, ext: int, nxt: int) -> bool:
    """Does a list after the award name who receives it ("3 Huân chương ... khen tặng X, Y")?"""
    link_m = L.FORWARD_LINK_RE.match(c.blank, ext)
    if not link_m or link_m.end() - ext > R.CHO_MAX_GAP:
        return False
    intro = L.LIST_INTRO_RE.match(c.blank, link_m.end())
    return bool(_forward(c, intro.end() if intro else link_m.end(), nxt))


# An HTML entity left as text ends with ";" ("&amp;", "&#39;"): the text before such a ";".
ENTITY_END_RE = re.compile(r"&(?:[a-z]{2,6}|#\d{1,5})$")


def clause_start(c: Clause, award: Span) -> int:
    """Where the clause of ``award`` starts: after the last ";" before it, else the sentence."""
    end = award.start
    while (semi := c.s.low.rfind(";", 0, end)) >= 0 and ENTITY_END_RE.search(c.s.low, 0, semi):
        end = semi  # "Sở Nông nghiệp &amp; phát triển nông thôn": an entity, not a clause break
    return semi + 1


def in_award_list(fold: str, prev_ext: int, start: int) -> bool:
    """Is the award at ``start`` the next item of a list that began with an earlier award?"""
    return bool(AWARD_LIST_GAP_F.match(fold[prev_ext:start]))
