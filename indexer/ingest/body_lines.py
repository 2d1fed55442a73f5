"""Step 4 of extraction, for HTML pages and text files alike: the body's lines cleaned up.

Furniture lines out (``rules.FURNITURE_LINES`` and ``FURNITURE_LINE_PATTERNS``, and everything
after a furniture heading in the second half of the text), byline, source, date and title lines
out, the lead's source prefix off, and repeated paragraphs and captions dropped once.
"""

from __future__ import annotations

import re

from indexer.ingest import bylines, dates, metadata, rules

# Paragraphs shorter than this are dropped only when repeated exactly, never by containment
# (a short line like `Ảnh: Sở GD&ĐT` is contained in prose by chance).
MIN_CONTAINED_CHARS = 40
# How many following paragraphs a repeated caption or lead is looked for in (captions repeat on
# the next line; a lead repeats as the next two paragraphs).
REPEAT_WINDOW = 3


def norm(text: str) -> str:
    """Whitespace-normalised text without invisible characters (`U+200B` in a heading)."""
    return metadata.clean(text)


def line_key(text: str) -> str:
    """Comparison key of a heading or furniture line: case-folded, no trailing colon."""
    return norm(text).rstrip(" :").casefold()


HEADING_KEYS = frozenset(line_key(h) for h in rules.FURNITURE_HEADINGS)

# The furniture line patterns as one alternation: one regex call a line instead of one per rule.
FURNITURE_LINE_RE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in rules.FURNITURE_LINE_PATTERNS), re.IGNORECASE
)


def is_furniture_line(line: str) -> bool:
    return line_key(line) in rules.FURNITURE_LINES or FURNITURE_LINE_RE.match(line) is not None


def clean_lines(text: str) -> list[str]:
    """Non-empty, whitespace-normalised lines without furniture.

    Everything after a furniture heading (`Ý kiến bạn đọc`, `Những tin cũ hơn`, ...) in the
    second half of the text is furniture too: related lists, comments, counters (seed 004).
    """
    lines = [norm(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines):
        if i >= len(lines) // 2 and line_key(line) in HEADING_KEYS:
            lines = lines[:i]
            break
    return [line for line in lines if not is_furniture_line(line)]


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Each paragraph once: drop one repeated verbatim or contained in the next few paragraphs.

    Seed 003 repeats each caption on the next line; seed 000's lead equals its next two
    paragraphs joined. The earlier copy goes, so captions stay next to the text they follow.
    Only the next ``REPEAT_WINDOW`` paragraphs are compared: interviews legitimately repeat a
    question pages apart (measured on extraction-dev: a whole-body rule lost 4 % recall there).
    """
    kept = list(paragraphs)
    i = 0
    while i < len(kept):
        para = kept[i]
        ahead = kept[i + 1 : i + 1 + REPEAT_WINDOW]
        if para in ahead or (
            len(para) >= MIN_CONTAINED_CHARS and para.casefold() in " ".join(ahead).casefold()
        ):
            del kept[i]
        else:
            i += 1
    return kept


def finish_body(lines: list[str], title: str) -> tuple[list[str], str | None, str | None]:
    """Byline, source, date and title lines out of the body; repeats dropped."""
    author, source, lines = bylines.take_bylines(lines)
    lines = [ln for ln in lines if ln != title and dates.parse_date_line(ln) is None]
    if lines:
        prefix_source, lead = bylines.take_lead_prefix(lines[0])
        source = source or prefix_source
        lines[0] = lead
    return drop_repeats([ln for ln in lines if ln]), author, source
