"""Verification of near-duplicate candidates: are two extracted articles *the same article*?

A copy here is one article archived twice: saved from another site, in another encoding, with
other page furniture around it. Extraction removes the furniture, so what remains of two copies
is the same words in the same order; the differences extraction leaves are whole short lines
(table cells and captions one extraction kept and the other dropped, a date or byline line) and a
title cut at a `` - `` or `` | `` separator (a site name taken for the title's tail). A story
republished with edits differs by what an editor changes: a sentence or paragraph added or
removed, a word replaced, a credit or caption line of several words. So two texts are copies when

1. one folded title is a prefix of the other (a title cut short, never another title), or each
   title is a line of the other text (two extractions took different lines for the title), and
2. aligning their folded term sequences (title + body), every part that is not in both is, on
   each side, either whole lines of at most ``FURNITURE_WORDS`` words (numbers not counted:
   score tables are dropped line by line), that extraction's own rules call furniture
   (``Chia sẻ bài viết``, the rating sentence, a visitor counter row) or that repeat an earlier
   line (extraction drops repeated paragraphs), the rest of a line after
   a separator, at most ``SUFFIX_TERMS`` terms long, or whole lines found in the other text at
   another place (moved).

HTML entities left as text (``&amp;``) are decoded first: one copy may hold them escaped.
Measured on VNTC (84k real articles) and 600 planted copies (cp1258/TCVN3/NFD portal pages,
``bench/dedup_recall.py``): see ``indexer.dedup`` for the figures.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from indexer.ingest.body_lines import is_furniture_line
from indexer.text.analysis import folded_terms

# Lines of at most this many words (numbers not counted) may be missing from one copy: captions
# ("Ca sĩ Thanh Lam" is 4 and counts as an edit), table cells ("Đà Nẵng 13 5"), date lines.
# Calibrated on 598 planted copies vs 711 distinct VNTC pairs: 3 keeps every copy that differs
# by such lines and lets no distinct pair through that 2 would separate; 4 let one through.
FURNITURE_WORDS = 3
# The tail of a line after " - " / " | " may be missing from one copy when at most this long: a
# title's site name ("Tin tức - Sở GD&ĐT Thái Nguyên"), stripped by one extraction only. The
# longest such tail among the planted copies was 10 terms.
SUFFIX_TERMS = 12
# Below this share of terms in common (difflib's quick_ratio, an upper bound of the aligned
# share) two texts are not copies, and the alignment (quadratic at worst) is not run: the 1,000
# planted copies at 84k VNTC measured 0.68 at least (score tables dropped line by line).
MIN_QUICK_RATIO = 0.5
# Separators before a title's site name.
_SEPARATOR = re.compile(r"\s[-\u2013\u2014|]\s")


@dataclass(frozen=True)
class TextView:
    """The folded terms of an article (title line first) with their line structure."""

    title: tuple[str, ...]
    terms: tuple[str, ...]
    line_of: tuple[int, ...]  # line number of every term
    line_words: tuple[int, ...]  # words (not numbers) per line; 0: furniture or a repeat
    lines: frozenset[tuple[str, ...]]  # the terms of every line
    suffix_starts: frozenset[int]  # term positions right after a separator inside a line


def _terms(text: str) -> list[str]:
    return folded_terms(html.unescape(html.unescape(text)))  # double-escaped text exists


def text_view(title: str, body: str) -> TextView:
    """The view of ``title`` + ``body`` that ``same_article`` compares."""
    terms: list[str] = []
    line_of: list[int] = []
    line_words: list[int] = []
    lines: set[tuple[str, ...]] = set()
    suffix_starts: set[int] = set()
    for number, line in enumerate([title, *body.split("\n")]):
        count = 0
        for part, segment in enumerate(_SEPARATOR.split(line)):
            seg_terms = _terms(segment)
            if part and seg_terms:
                suffix_starts.add(len(terms))
            terms.extend(seg_terms)
            count += len(seg_terms)
        line_of.extend([number] * count)
        line_terms = tuple(terms[len(terms) - count :])
        # Extraction drops furniture lines and a paragraph repeated in the text (a caption or a
        # "Đội hình thi đấu:" heading seen twice): one copy may have them, the other not.
        removable = bool(line_terms) and (line_terms in lines or is_furniture_line(line))
        line_words.append(0 if removable else len(line_terms) - sum(map(str.isdigit, line_terms)))
        lines.add(line_terms)
    return TextView(
        tuple(_terms(title)), tuple(terms), tuple(line_of), tuple(line_words),
        frozenset(lines), frozenset(suffix_starts),
    )  # fmt: skip


def _whole_lines(view: TextView, start: int, end: int) -> bool:
    """Whether ``view.terms[start:end]`` (not empty) starts and ends at line boundaries."""
    first, last = view.line_of[start], view.line_of[end - 1]
    starts = start == 0 or view.line_of[start - 1] != first
    return starts and (end == len(view.terms) or view.line_of[end] != last)


def _removable(view: TextView, start: int, end: int) -> bool:
    """Whether ``view.terms[start:end]`` is something one copy may lack (see module doc)."""
    if start == end:
        return True
    first, last = view.line_of[start], view.line_of[end - 1]
    if end < len(view.terms) and view.line_of[end] == last:
        return False  # stops inside a line
    if _whole_lines(view, start, end):
        return all(view.line_words[n] <= FURNITURE_WORDS for n in range(first, last + 1))
    return start in view.suffix_starts and first == last and end - start <= SUFFIX_TERMS


def same_article(a: TextView, b: TextView) -> bool:
    """Whether ``a`` and ``b`` are copies of one article (module docstring)."""
    short, long = sorted((a.title, b.title), key=len)
    if long[: len(short)] != short and not (a.title in b.lines and b.title in a.lines):
        return False
    if a.terms == b.terms:
        return True
    short_view, long_view = (a, b) if len(a.terms) <= len(b.terms) else (b, a)
    if long_view.terms[: len(short_view.terms)] == short_view.terms:
        return _extended(short_view, long_view)
    return _aligned(a, b)  # in the order given: an alignment is not symmetric


def _extended(a: TextView, b: TextView) -> bool:
    """``_aligned``'s answer, in either order, when ``a.terms`` is a proper prefix of
    ``b.terms`` (lines added at the end of a copy: furniture, an update note), without running
    the alignment. There the one longest match is all of ``a`` at the start of ``b`` (the
    earliest of the longest; nothing is junk), so the opcodes are that match and ``b``'s rest
    inserted (or deleted, the other way round): a copy when the rest is removable. The quick
    ratio is the same expression. On a 1 % change of the 84k VNTC files (a line appended to
    each), most verified pairs are an edited article and an unchanged repeat of it."""
    if 2.0 * len(a.terms) / (len(a.terms) + len(b.terms)) < MIN_QUICK_RATIO:
        return False
    return _removable(b, len(a.terms), len(b.terms))


def _aligned(a: TextView, b: TextView) -> bool:
    """Whether the parts of the aligned terms of ``a`` and ``b`` that differ are removable
    or moved lines (``same_article`` once the titles agree)."""
    matcher = SequenceMatcher(None, a.terms, b.terms, autojunk=False)
    if matcher.quick_ratio() < MIN_QUICK_RATIO:  # an upper bound, in linear time
        return False
    gone: list[tuple[str, ...]] = []  # whole lines of a that b lacks here (maybe moved)
    came: list[tuple[str, ...]] = []  # whole lines of b that a lacks here
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (_removable(a, i1, i2) and _removable(b, j1, j2)):
            continue
        if j1 == j2 and _whole_lines(a, i1, i2):
            gone.append(a.terms[i1:i2])
        elif i1 == i2 and _whole_lines(b, j1, j2):
            came.append(b.terms[j1:j2])
        else:
            return False
    return sorted(gone) == sorted(came)  # nothing left but lines moved elsewhere
