"""Finding the education units an article names, and giving each one canonical name.

Why: the ``unit`` facet must show one name per unit, however the article spelt it
(``Sở Giáo dục và Đào tạo tỉnh Thái Nguyên``, ``Sở GDĐT Thái Nguyên``, ``SỞ GD-ĐT THÁI NGUYÊN``).

How: the text is folded (lowercase, marks removed, đ -> d) with a map back to the original
offsets, precompiled patterns from ``data/unit_patterns.json`` find a unit head, and a place must
follow it. Provinces come from ``indexer.enrich.provinces`` (``data/provinces.json``: 63 before
2025,
34 after, historical names); a Sở or provincial centre counts only when a known province follows,
which is what keeps ``Sở Y tế`` and a bare ``Sở GD&ĐT`` out. A district name ends where the
name ends: the longest run of capitalised syllables after the level word that is a district
(``data/districts.json``) or a province; capitalised words after it (``Phòng GD&ĐT TP Thái
Nguyên Đào Thị Hà``, ``... Trưởng phòng``) are not part of it. A name the data does not know
(renamed, misspelt) keeps two syllables at most and stops before a role word or a family name
(``indexer.enrich.placenames``).

Canonical names (decisions):
- ``Bộ GD&ĐT``; ``Sở GD&ĐT <Tỉnh>`` without ``tỉnh``/``TP`` (``Sở GD&ĐT Cần Thơ``), except
  ``Sở GD&ĐT TP Hồ Chí Minh``: bare ``Hồ Chí Minh`` names the person, the city is always ``TP``.
- ``Phòng GD&ĐT <TP|huyện|quận|thị xã> <Tên>``; without a level word it is skipped (the level
  cannot be guessed).
- ``Trung tâm GDTX <Tỉnh>``; district-level centres ``Trung tâm GDTX huyện X``; GDNN-GDTX centres
  are their own units, ``Trung tâm GDNN-GDTX huyện X`` (a different institution with a wider remit).
- A historical name keeps the name used at the time: ``Trung tâm Giáo dục thường xuyên tỉnh Bắc
  Thái`` is ``Trung tâm GDTX Bắc Thái``; ``province_links`` connects it to Thái Nguyên and Bắc Kạn.
- Items of a list after a plural head (``các Sở GD&ĐT ... gồm: A, B và C``) are mentions whose
  offsets cover the province name.
"""

from __future__ import annotations

import bisect
import logging
from collections import Counter

# Province data and the offset-mapped folding live in ``indexer.enrich.provinces``; ``DATA_DIR``,
# ``canonical_province`` and ``province_links`` are re-exported so callers keep working.
from indexer.enrich.provinces import DATA_DIR, canonical_province, province_links
from indexer.enrich.unit_finder import UnitFinder, UnitMention, original_span

# ``fold`` is re-exported: the project's one folding (NFC, lowercase, đ -> d, marks removed).
from indexer.text.analysis import fold_text as fold

__all__ = [
    "DATA_DIR",
    "UnitMention",
    "canonical_province",
    "district_after",
    "find_unit_mentions",
    "find_units",
    "fold",
    "province_links",
]

logger = logging.getLogger(__name__)


def find_unit_mentions(text: str) -> list[UnitMention]:
    """Every education unit named in ``text``, in text order, list items expanded."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return UnitFinder(text).run() if text else []


def district_after(text: str, pos: int) -> tuple[str, int] | None:
    """The district name that starts at ``text[pos:]`` (after a level word: `huyện Phú Lương
    Nguyễn Văn A` -> `Phú Lương`) and its end offset in ``text``; ``None`` when the words there
    are not a well-formed name. For other finders of names after a level word (awards' UBND)."""
    finder = UnitFinder(text)
    start = bisect.bisect_left(finder.index, pos)
    found = finder.district(start)
    if found is None:
        return None
    name, end = found
    return name, original_span(text, finder.index, start, end)[1]


def find_units(title: str, body: str) -> list[str]:
    """Distinct canonical units, most central first: those in the title (in title order), then
    by number of body mentions, then by first position."""
    in_title = find_unit_mentions(title or "")
    in_body = find_unit_mentions(body or "")
    counts = Counter(u.canonical for u in in_body)
    first: dict[str, int] = {}
    for u in in_title:
        first.setdefault(u.canonical, u.start)
    for u in in_body:
        first.setdefault(u.canonical, len(title or "") + 1 + u.start)
    titled = {u.canonical for u in in_title}
    # Title units keep title order (the title's subject comes first, as in "Sở X ... được Bộ
    # GD&ĐT tặng"); the others go by how often the body names them.
    return sorted(
        first, key=lambda c: (0, 0, first[c]) if c in titled else (1, -counts[c], first[c])
    )
