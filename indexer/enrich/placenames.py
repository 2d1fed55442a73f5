"""Where a place name after a level word ends (`huyện Phú Lương` | `Nguyễn Văn A`).

Why: names ran on into the next words and were shown as facts (`Phòng GD&ĐT TP Thái Nguyên Đào`,
`Phòng GD&ĐT TP Thái Nguyên Trưởng Phòng`, `UBND huyện Phú`). A complete district
(``data/districts.json``) or province name closes the name; a name the data does not know keeps
at most ``UNKNOWN_DISTRICT_MAX_SYLLABLES`` and stops before a role word or a family name
(``data/unit_patterns.json``: ``name_stops``). Used by ``indexer.enrich.units``.
"""

from __future__ import annotations

from functools import cache

from indexer.enrich.provinces import district_names, load_data, province_key, province_tables
from indexer.text.analysis import strip_tone

__all__ = ["Word", "district_key_name", "known_prefix", "unknown_name"]

# A district name the data file does not know keeps at most this many syllables: 622 of the
# 696 names of 2024 have two, 16 one (all of them in the data).
UNKNOWN_DISTRICT_MAX_SYLLABLES = 2


def district_key_name(name: str) -> str | None:
    """The district's own spelling of ``name`` (any case, tone placement or spacing)."""
    return district_names().get(province_key(name))


Word = tuple[str, bool, int]  # (original word, after a hyphen, folded end)


def known_prefix(words: list[Word]) -> list[Word] | None:
    """The longest leading run of ``words`` that names a known district or province."""
    for n in range(len(words), 0, -1):
        key = province_key(" ".join(w for w, _, _ in words[:n]))
        if key in district_names() or key in province_tables()[0]:
            return words[:n]
    return None


def unknown_name(words: list[Word]) -> list[Word] | None:
    """An unknown district name: up to a role word or family name, at most
    ``UNKNOWN_DISTRICT_MAX_SYLLABLES`` syllables. One syllable is not a name (every
    one-syllable district, `Vinh`, `Pleiku`, `Quận 1`, is in the data): ``None``."""
    stops = _name_stops()
    kept = [words[0]]
    for word in words[1:UNKNOWN_DISTRICT_MAX_SYLLABLES]:
        if strip_tone(word[0]).casefold() in stops:
            break
        kept.append(word)
    return kept if len(kept) > 1 or kept[0][0].isdigit() else None


@cache
def _name_stops() -> frozenset[str]:
    """Role words and family names that start something after a name (folded-tone, case-folded)."""
    data = load_data("unit_patterns.json")["name_stops"]
    words = [w for key, ws in data.items() if not key.startswith("_") for w in ws]
    return frozenset(strip_tone(w).casefold() for w in words)
