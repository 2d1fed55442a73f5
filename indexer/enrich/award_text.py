"""The text of one sentence as the award reader sees it: sentences, aligned forms, names, years.

Split from ``indexer.enrich.awards`` so that module keeps only the award logic (who was given what,
by
whom). Everything here reads text and knows no award rule beyond the cue patterns of
``indexer.enrich.award_rules``: where a sentence ends, the lowercase and folded forms aligned
character
by character with the original (so one offset serves all three), runs of capitalised syllables
(names), province names, the years or school years a sentence gives, and which of them belong
to an award found at a given offset (decided by position and the year cue patterns alone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from indexer.enrich import award_rules as R
from indexer.enrich import award_year_rules as Y
from indexer.enrich.units import canonical_province
from indexer.text.analysis import aligned_forms


@dataclass(frozen=True)
class Span:
    """A named thing in a sentence: a recipient candidate, a giver ("body") or an award."""

    start: int
    end: int
    name: str
    kind: str  # unit | school | person | body, or the award type key for awards


@dataclass(frozen=True)
class Sent:
    """One sentence in its three aligned forms."""

    text: str
    low: str
    fold: str


def aligned(text: str) -> tuple[str, str]:
    """(lowercase, folded) forms of ``text`` with the same length, so offsets are shared."""
    return aligned_forms(text)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``: lines, then ``. ! ?`` before a capital, except after ``TP.`` etc."""
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for m in Y.SENTENCE_END_RE.finditer(line):
            word = re.search(r"(\S+)[.!?…][\"”»)]*$", line[start : m.start()])
            if word and word.group(1).split(".")[-1] in Y.NO_SPLIT_ABBREVIATIONS:
                continue
            out.append(line[start : m.start()].strip())
            start = m.end()
        out.append(line[start:].strip())
    return [s for s in out if s]


def names_after(text: str, pos: int, min_words: int) -> tuple[str, int] | None:
    """Capitalised syllables from ``pos`` ("Lê Quý Đôn"), with the end offset."""
    words, end = [], pos
    for m in re.finditer(r"\S+", text[pos:]):
        w = m.group().rstrip(',.;:)”"')
        if not (w[:1].isupper() or w.isdigit() or w in R.NAME_LINKERS) or m.start() > end - pos + 1:
            break
        words.append(w)
        end = pos + m.start() + len(w)
        if len(words) == R.MAX_NAME_SYLLABLES or w != m.group():
            break
    return (" ".join(words), end) if len(words) >= min_words else None


def masked(text: str, start: int, end: int, spans: list[Span]) -> str:
    """``text[start:end]`` with every span in ``spans`` replaced by spaces."""
    chars = list(text[start:end])
    for sp in spans:
        lo, hi = max(sp.start - start, 0), max(min(sp.end, end) - start, 0)
        chars[lo:hi] = " " * max(hi - lo, 0)
    return "".join(chars)


def names_someone(text: str) -> bool:
    """Two capitalised words in a row after the first word: a name we could not classify."""
    return any(a[:1].isupper() and b[:1].isupper() for a, b in R.CAPITALISED_PAIR_RE.findall(text))


def province_after(text: str, pos: int) -> tuple[str | None, int]:
    """The province named from ``pos`` ("Thái Nguyên, ..." -> "Thái Nguyên") and where it ends."""
    words = list(re.finditer(r"[^\s,.;:()]+", text[pos : pos + 60]))[: R.MAX_PROVINCE_SYLLABLES]
    for n in range(len(words), 0, -1):
        if all(w.group()[:1].isupper() or w.group() == "-" for w in words[:n]):
            name = canonical_province(text[pos + words[0].start() : pos + words[n - 1].end()])
            if name:
                return name, pos + words[n - 1].end()
    return None, pos


def year_groups(fold: str) -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
    """(start, end, periods) for each year or list of years/school years in the sentence."""
    groups: list[list[Any]] = []
    for m in Y.YEAR_ITEM_RE.finditer(fold):
        y1, y2 = int(m.group(1)), int(m.group(2) or m.group(1))
        if not 0 <= y2 - y1 <= Y.MAX_RANGE or Y.BIRTH_YEAR_F.search(fold[: m.start()]):
            continue
        if groups and Y.YEAR_LIST_GAP_RE.match(fold[groups[-1][1] : m.start()]):
            groups[-1][1] = m.end()
            groups[-1][2].append((y1, y2))
        elif (
            m.group(2)
            or Y.YEAR_PREFIX_RE.search(fold[: m.start()])
            or (fold[m.start() - 1 : m.start()] == "(" and fold[m.end() : m.end() + 1] == ")")
        ):  # "năm 2003", "2015-2016", "(2016)" right after an award
            groups.append([m.start(), m.end(), [(y1, y2)]])
    return [(s, e, tuple(p)) for s, e, p in groups]


def periods(
    award: Span, ext: int, awards: list[Span], first_named: int, s: Sent, *, title: bool = False
) -> tuple[tuple[int, int], ...]:
    """Years of ``award``: right after it, else opening the sentence, else shortly after. A
    title a person is said to hold ("NSƯT X") takes only a year written right after it: the
    sentence's other years are about something else ("Năm 1992, NSƯT X được mời biểu diễn")."""
    groups = year_groups(s.fold)
    adjacent = [
        g for g in groups if g[0] >= ext and Y.ADJACENT_YEAR_GAP_RE.match(s.fold[ext : g[0]])
    ]
    if adjacent:
        return adjacent[0][2]
    if title:
        return ()
    for g in reversed([g for g in groups if g[1] <= award.start]):
        if Y.PERIOD_CUE_F.search(s.fold[: g[0]]) and not any(
            g[1] <= a.start < award.start for a in awards
        ):
            return g[2]  # "trong giai đoạn từ năm 2000 đến 2005, ... được tặng": its period
        claimed = any(
            a.end <= g[0] and Y.ADJACENT_YEAR_GAP_RE.match(s.fold[a.end : g[0]]) for a in awards
        )
        opening = g[0] <= min(Y.LEADING_YEAR_MAX_PREFIX, first_named)
        opening = opening and not R.PASSIVE_RE.search(s.low[: g[0]])
        opening = opening or (g[1] <= first_named and not s.fold[g[1] : first_named].strip(" ,"))
        if not claimed and (opening or Y.YEAR_THEN_PASSIVE_L.match(s.low[g[1] :])):
            return g[2]
        break
    nxt = min([a.start for a in awards if a.start >= ext] + [len(s.fold)])
    for g in groups:  # "..., giai đoạn 2000-2004": the period the award is for, however far
        if ext <= g[0] <= nxt and Y.PERIOD_CUE_F.search(s.fold[: g[0]]):
            return g[2]
    for g in groups:
        if ext <= g[0] <= min(ext + Y.TRAILING_YEAR_GAP, nxt) and not re.search(
            r"[.;]", s.fold[ext : g[0]]
        ):
            return g[2]
    return ceremony_year(s.fold, award.start, [a.start for a in awards])


def ceremony_year(
    fold: str, award_start: int, award_starts: list[int] | None = None
) -> tuple[tuple[int, int], ...]:
    """The year of the ceremony when the sentence dates it ("vào ngày 28-1-2005", "(2.9.1945-
    2.9.2005)", "tháng 3-1986"): the last date written after the award or in the sentence's
    dateline (a date in an earlier clause dates something else: "Tháng 7/1998: Phó chủ
    nhiệm ..."), never a date of birth. A headline's award does not take a date from the lead
    merged after it ("X đón nhận Huân chương ... (NLĐ)- Chiều 3-1, ... (3.1.1986 - 3.1.2006).")
    unless the lead names an award again after the date ("... và đón nhận Huân chương ...")."""
    later = award_starts or []
    dates = [
        m
        for m in Y.DATE_YEAR_RE.finditer(fold)
        if not Y.BIRTH_DATE_F.search(fold[: m.start()])
        and (m.start() >= award_start or Y.DATELINE_RE.match(fold[: m.start()]))
        and not (
            Y.SOURCE_MARK_F.search(fold, award_start, m.start())
            and not any(a > m.end() for a in later)
        )
    ]
    if not dates:
        return ()
    year = int(dates[-1].group(1))
    return ((year, year),)
