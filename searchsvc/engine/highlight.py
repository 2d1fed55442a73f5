"""Snippets: the best passage of an article with the matched syllables marked, HTML-escaped.

Whoosh's highlighter marks only terms of the field it re-analyses, so a folded match (``thai
nguyen`` finding ``Thái Nguyên``) would go unmarked. Here every syllable of the stored original
text is folded with the same analysis code and compared with the query's folded syllables, so
marks land on the accented original whichever way the query was typed.

Speed matters (ten snippets per page, bodies of several thousand characters): the query's folded
syllables become one compiled regex whose letters are classes of all their accented variants
(``indexer.text.analysis.accent_pattern``), run over the original text as it is stored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from html import escape
from typing import Any

from indexer.text.analysis import accent_pattern, fold_syllable, normalize

SNIPPET_CHARS = 260  # about two lines of a result list on a desktop, four on a phone
CONTEXT_BEFORE = 60  # characters shown before the first mark of the chosen passage
# Above this many distinct query syllables, compiling their alternation of accent classes costs
# more than folding every syllable of the text (each fold is a cached lookup): on ten VNTC
# bodies, for a query not seen before, the two cost the same at 4 syllables and the pattern
# twice as much at 8 and 16. A query seen before finds its pattern compiled (LRU) and scans
# faster than folding; bench/search.py repeats queries of up to 7 syllables, pasted headlines
# and questions are longer: 8 keeps the first on the pattern and sends the second to folding.
MAX_PATTERN_TERMS = 8
_SYLLABLE = re.compile(r"\w+")


@lru_cache(maxsize=256)
def _pattern(terms: frozenset[str]) -> re.Pattern[str]:
    """Whole syllables equal to one of ``terms`` (longest first, so alternation is greedy)."""
    alternatives = "|".join(accent_pattern(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _matches(text: str, folded_query: Collection[str]) -> list[tuple[int, int, str]]:
    """``(start, end, folded syllable)`` of each query syllable in ``text``."""
    if not folded_query:
        return []
    if len(folded_query) > MAX_PATTERN_TERMS:  # a pasted headline or question
        wanted = set(folded_query)
        found = ((m, fold_syllable(m.group())) for m in _SYLLABLE.finditer(text))
        return [(m.start(), m.end(), folded) for m, folded in found if folded in wanted]
    pattern = _pattern(frozenset(folded_query))
    return [(m.start(), m.end(), fold_syllable(m.group())) for m in pattern.finditer(text)]


def mark(
    text: str, spans: Sequence[tuple[Any, ...]], *, offset: int = 0, merge: bool = True
) -> str:
    """Escape ``text`` and wrap the spans (``(start, end, ...)`` relative to ``offset``, in
    order) in <mark>; with ``merge``, neighbours separated only by spaces become one mark, so
    ``Thái Nguyên`` is one mark."""
    merged: list[list[int]] = []
    for span in spans:
        start, end = span[0] - offset, span[1] - offset
        if merge and merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = end
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def highlight_all(text: str, folded_query: Collection[str]) -> str:
    """The whole (short) text escaped, matches marked: for titles."""
    text = normalize(text)
    return mark(text, _matches(text, folded_query))


def snippet(text: str, folded_query: Collection[str], size: int = SNIPPET_CHARS) -> str:
    """The passage of about ``size`` characters with the most distinct query syllables, marked.

    Without matches (a filter-only search), the article's opening is shown.
    """
    text = normalize(text)
    spans = _matches(text, folded_query)
    if not spans:
        return _clip(text, 0, size, [])
    # Slide a window over the matches (two pointers): most distinct syllables, then most matches.
    # A plain dict of counts: Counter's own methods cost more than the loop's other steps.
    best_start, best_score = 0, (-1, -1)
    in_window: dict[str, int] = {}
    j, n = 0, len(spans)
    for i, (start, _, term) in enumerate(spans):
        reach = start + size - CONTEXT_BEFORE
        while j < n and (j <= i or spans[j][1] <= reach):  # a match longer than the reach counts
            entering = spans[j][2]
            in_window[entering] = in_window.get(entering, 0) + 1
            j += 1
        score = (len(in_window), j - i)
        if score > best_score:
            best_start, best_score = start, score
        left = in_window[term] - 1
        if left:
            in_window[term] = left
        else:
            del in_window[term]
    return _clip(text, max(0, best_start - CONTEXT_BEFORE), size, spans)


def _clip(text: str, start: int, size: int, spans: list[tuple[int, int, str]]) -> str:
    """Cut ``text[start:start+size]`` at word boundaries, add ellipses, escape and mark."""
    end = min(len(text), start + size)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < end else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    inside = [s for s in spans if s[0] >= start and s[1] <= end]
    # Paragraph breaks read as spaces in a snippet; one character for one keeps the offsets.
    body = mark(re.sub(r"\s", " ", text[start:end]), inside, offset=start)
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
