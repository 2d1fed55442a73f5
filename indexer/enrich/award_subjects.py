"""Recipients when no name is linked to an award: the article's own subject ("Nhà trường",
"đơn vị", "ông", a profile's "Thành tích:"), the sentence's opening subject, or the article's
main education unit; what those words refer to in an article (``article_subjects``); and the
vetoes of a clause that plans or proposes an award.

Split from ``indexer.enrich.awards``; the word lists are data in ``award_lexicon``/``award_rules``.
"""

from __future__ import annotations

import re
from collections import Counter

from indexer.enrich import award_cues as C
from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich import award_year_rules as Y
from indexer.enrich.award_clauses import Clause, clause_start, is_active
from indexer.enrich.award_holders import self_object
from indexer.enrich.award_mentions import Context
from indexer.enrich.award_names import name_spans
from indexer.enrich.award_text import Span, aligned, masked, names_someone

# A person is an article's subject only under a full name (family, middle, given name).
FULL_NAME_SYLLABLES = 3
# ... or under a two-syllable name the article repeats this often (awards-dev: a sports profile
# names "Lý Đức" 12 times; a passing mention is named once or twice).
REPEATED = 3


def fallback(c: Clause, award: Span, floor: int, ctx: Context) -> Span | None:
    """No name linked: a word referring to the article's subject, else the article's own unit
    when nothing in the clause names anyone else."""
    if kind := self_object(c, award.end):  # "trao ... cho thành phố": the article's subject
        return ctx.subjects.get(kind)
    window = c.blank[floor : award.start]
    cue = list(L.RECEIVE_RE.finditer(window))
    head = window[: cue[-1].start()] if cue else window
    ref = L.SELF_REF_RE.search(head)
    if ref:
        kind = dict(L.SELF_REFS)[ref.group(1)]
        return ctx.subjects.get(kind)
    opening = L.SELF_SUBJECT_RE.match(c.blank)
    if opening and any(n.start == opening.start(1) for n in c.names):
        opening = None  # "Ông Hà Văn Sơn ...": the word opens a name, it refers to nobody else
    if opening and cue and opening.end() <= floor + cue[-1].start():
        return ctx.subjects.get(dict(L.SELF_REFS)[opening.group(1)])  # "Ông ..., được tặng"
    if floor == 0 and L.OPENING_PASSIVE_RE.match(c.s.low):
        after = c.blank.find(",", award.end)
        named = [n for n in c.names if after >= 0 and not c.blank[after + 1 : n.start].strip()]
        return named[0] if named else ctx.subjects.get("person")
    if L.PROFILE_RE.match(c.s.low):
        return next((ctx.subjects[k] for k in L.PROFILE_KINDS if k in ctx.subjects), None)
    if (born := _born_profile(c)) and not list(L.RECEIVE_RE.finditer(window)):
        return born
    if _achievements_opening(c, award):
        return ctx.subjects.get("person")
    verbs = list(R.GIFT_VERB_RE.finditer(c.blank, floor, award.start))
    cues = list(L.RECEIVE_RE.finditer(c.blank, floor, award.start))
    if verbs and is_active(c, verbs[-1], cues):
        return None  # "X trao Bằng khen ...": the subject gives, the recipient is unsaid
    subject = _sentence_subject(c) if cue and not C.CEREMONY_BEFORE_L.search(head) else None
    if cue and subject and subject.end <= floor + cue[-1].start():
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


def _achievements_opening(c: Clause, award: Span) -> bool:
    """ "Với 5 ngôi vô địch ..., Huân chương Lao động hạng Nhất, nhiều bằng khen ..., lực sĩ họ
    Lý được xem là ...": an award among the achievements a sentence opens with ("Với ...") is
    held by its subject, the article's person, when no person is named after the award and no
    verb or cue governs it."""
    head = c.blank[: award.start]
    return (
        bool(C.ACHIEVEMENTS_OPENING_L.match(c.s.low))
        and not R.GIFT_VERB_RE.search(head)
        and not L.RECEIVE_RE.search(head)
        and not any(n.kind == "person" and n.start > award.start for n in c.names)
    )


def _born_profile(c: Clause) -> Span | None:
    """ "Thượng tướng X sinh ngày ...; ...; Huân chương A, Huân chương B; ...": a profile that
    opens with a person and "sinh" lists, item by item, what that person holds."""
    first = c.names[0] if c.names else None
    if first is None or first.kind != "person" or c.blank[: first.start].strip(' "“'):
        return None
    return first if C.BORN_AFTER_NAME_L.match(c.s.low, first.end) else None


def _sentence_subject(c: Clause) -> Span | None:
    """The first name of the sentence when it opens it, after at most an adverbial ("Năm học
    2014 - 2015 Phòng ...", "Trong năm học ..., Sở ..."): the subject of every predicate."""
    if not c.names:
        return None
    first = c.names[0]
    lead = c.blank[: first.start]
    if (
        not lead.strip()
        or C.SUBJECT_LEAD_L.fullmatch(lead)
        or (
            first.start <= L.SUBJECT_MAX_LEAD
            and (lead.rstrip().endswith(",") or Y.YEAR_ITEM_RE.search(c.s.fold[: first.start]))
        )
    ) and not L.CLAUSE_WORDS_RE.search(lead):
        return first
    return None


def planned(c: Clause, award: Span) -> bool:
    """Does the award's clause plan, propose or deny it ("đề nghị", "sẽ trao", "chưa")? The
    clause runs from the last ";" before the award to the next one; parentheses do not count
    ("(trong đó có 2 người chưa qua khỏi)" says nothing about the award)."""
    start = clause_start(c, award)
    end = c.blank.find(";", award.end)
    window = c.blank[start : end if end >= 0 else len(c.blank)]
    if R.PLANNING_CUES_F.search(aligned(window)[1]):
        return True
    for cue in R.PLANNING_CUES_L.finditer(window):
        if cue.group() not in C.DENIALS_L:
            return True
        # "Ông không mặc cảm ..., được tặng bằng khen": a denial speaks of its own comma segment
        if not re.search(r"[,.]", c.blank[start + cue.end() : award.start]):
            return True
    return False


def recognised(low: str, start: int) -> bool:
    return bool(R.RECOGNITION_RE.search(low, max(0, start - R.RECOGNITION_MAX_GAP), start))


def article_subjects(title: str, body: str, units: tuple[str, ...]) -> dict[str, Span]:
    """What "Nhà trường", "ông", "đơn vị" refer to in an article: its main education unit; the
    school, unit or organisation its body names most often (else its title's); and the person
    its title names, as far as the body repeats the name (real headlines run into their lead:
    "Vĩnh biệt nhà thơ Viễn Phương Nhà thơ tên thật ..."). Without one, nobody is meant."""
    subjects: dict[str, Span] = {}
    if units:
        subjects["unit"] = Span(0, 0, units[0], "unit")
    counts: Counter[tuple[str, str]] = Counter()
    spelled: dict[tuple[str, str], str] = {}
    for n in name_spans(body, aligned(body)[0]):
        if n.kind != "person":
            counts[(n.kind, n.name.casefold())] += 1
            spelled.setdefault((n.kind, n.name.casefold()), n.name)
    for (kind, key), _ in counts.most_common():
        subjects.setdefault(kind, Span(0, 0, spelled[(kind, key)], kind))
    folded_body = body.casefold()
    folded_all = f"{title}\n{body}".casefold()
    for i, n in enumerate(name_spans(title, aligned(title)[0])):
        if n.kind != "person":
            subjects.setdefault(n.kind, Span(0, 0, n.name, n.kind))
            continue
        words = _without_heads(n.name).split()
        # "nhà thơ Viễn Phương", "Ông Vũ Kỳ": a head (kept or stripped) says a short name will do
        headed = len(words) < len(title[n.start : n.end].split())
        # "Vĩnh biệt nhà thơ X": a headed person opening the title is its subject, said once
        needed = 1 if headed and i == 0 else 2
        for size in range(len(words), 1, -1):
            name = " ".join(words[:size]).casefold()
            if size < FULL_NAME_SYLLABLES and not headed and folded_all.count(name) < REPEATED:
                continue  # "Lý Đức" bare: the subject only when the article keeps naming him
            if name in folded_body or folded_all.count(name) >= needed:
                subjects.setdefault("person", Span(0, 0, " ".join(words[:size]), "person"))
                break
    return subjects


def _without_heads(name: str) -> str:
    """A person's name without the titles before it ("Nhà giáo Đặng Thị A" -> "Đặng Thị A")."""
    while m := L.HEAD_RE.match(aligned(name)[0]):
        if m.lastgroup != "person" or m.end() >= len(name):
            break
        name = name[m.end() :].lstrip()
    return name
