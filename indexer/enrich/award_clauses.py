"""The grammar of one award sentence: its clauses, and the voice that links an award to a name.

A ``Clause`` is a sentence ready for linking (parentheses blanked). This module answers the
questions ``indexer.enrich.award_recipients`` and ``award_subjects`` ask of it: where the clause of
an award starts, whether a gift verb is active (said by the presenter) or governed by a receiving
cue ("được ... trao tặng"), whether a cue takes the award as its object, whether the award is
conferred here at all, handed on right after it ("... cho"), or the next item of a list of awards.
The word lists are data in ``indexer.enrich.award_lexicon``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich.award_text import Sent, Span

# Text between two awards of one list (folded): separators, years, "và", "danh hiệu".
AWARD_LIST_GAP_F = re.compile(r"^(?:[\s,;:.()\-–]|va\b|cung\b|danh hieu\b|nam hoc\b|nam\b|\d{4})*$")
# A receiving cue governs a gift verb at most this far after it ("được Tổng lãnh sự quán Pháp
# tại TP HCM trao": 38 characters in awards-dev).
PASSIVE_MAX_GAP = 60
# A receiving cue with a comma between it and its award governs it only this close (seed 001:
# "được đón nhận nhiều phần thưởng cao quý như: " is 44 characters, with no comma).
CUE_MAX_GAP = 40


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


def given_on(c: Clause, ext: int) -> bool:
    """Is the award handed on right after it ("... cho", "... khen tặng", "... là")?"""
    link_m = L.FORWARD_LINK_RE.match(c.blank, ext)
    return bool(link_m and link_m.end() - ext <= R.CHO_MAX_GAP)


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
