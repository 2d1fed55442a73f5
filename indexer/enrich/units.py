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
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

# Province data and the offset-mapped folding live in ``indexer.enrich.provinces``; ``DATA_DIR``,
# ``canonical_province`` and ``province_links`` are re-exported so callers keep working.
from indexer.enrich.placenames import district_key_name, known_prefix, unknown_name
from indexer.enrich.provinces import (
    DATA_DIR,
    ZERO_WIDTH,
    canonical_province,
    fold_with_map,
    load_data,
    province_key,
    province_links,
    province_pattern,
    province_tables,
)

# ``fold`` is re-exported: the project's one folding (NFC, lowercase, đ -> d, marks removed).
from indexer.text.analysis import canonical_syllable, strip_tone
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

# A list intro ("trong Cụm thi đua số 5 gồm:") is a short phrase; a colon further away in the
# sentence belongs to something else. The seed's intro is 24 characters.
LIST_INTRO_MAX_CHARS = 60
# Longest district names have four syllables ("Phan Rang - Tháp Chàm").
DISTRICT_MAX_SYLLABLES = 4
# In ALL-CAPS text the end of a district name cannot be seen; most names have two syllables.
DISTRICT_MAX_SYLLABLES_CAPS = 2


@dataclass(frozen=True)
class UnitMention:
    """One unit named in a text: canonical name, kind, and its char offsets in that text."""

    canonical: str  # e.g. "Sở GD&ĐT Thái Nguyên"
    kind: str  # "bo" | "so" | "phong" | "gdtx"
    start: int
    end: int


def _orig_span(text: str, index: list[int], start: int, end: int) -> tuple[int, int]:
    """Original offsets of folded ``[start, end)``, trailing combining marks included."""
    o_end = index[end - 1] + 1
    while o_end < len(text) and (unicodedata.combining(text[o_end]) or text[o_end] in ZERO_WIDTH):
        o_end += 1
    return index[start], o_end


@cache
def _levels() -> tuple[tuple[str, str], ...]:
    """(canonical level word, folded pattern) of district levels, in data order."""
    levels = load_data("unit_patterns.json")["district_levels"]
    return tuple((k, v) for k, v in levels.items() if not k.startswith("_"))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """All regexes, compiled once (they run on every article at index time)."""
    r = load_data("unit_patterns.json")
    edu = f"(?:{r['edu']['full']}|{r['edu']['abbrev']})(?![a-z0-9])"
    edu_or_old = f"(?:{edu}|{r['edu']['old_name']}(?![a-z0-9]))"
    paren = r["abbrev_in_parentheses"]["pattern"]
    not_so = "".join(f"(?<!{w} )" for w in r["not_after"]["so"])
    not_bo = "".join(f"(?<!{w} )" for w in r["not_after"]["bo"])
    levels = "|".join(f"(?P<L{i}>{p})" for i, (_, p) in enumerate(_levels()))
    alternation = province_tables()[2]
    prov = province_pattern()
    lists = r["lists"]
    return {
        "bo": re.compile(f"(?<![a-z0-9]){not_bo}(?P<head>bo) {edu}"),
        "so": re.compile(
            f"(?<![a-z0-9]){not_so}(?P<plural>(?:{lists['plural']}) )?(?P<head>so) "
            f"{edu_or_old}{paren}"
        ),
        "phong": re.compile(f"(?<![a-z0-9])phong {edu_or_old}{paren} (?:{levels})(?![a-z0-9]) ?"),
        "gdtx": re.compile(
            f"(?<![a-z0-9])trung tam (?:(?P<nn>{r['gdtx']['gdnn_gdtx']})|{r['gdtx']['gdtx']})"
            f"(?![a-z0-9]){paren} ?(?:(?:{levels})(?![a-z0-9]) ?)?"
        ),
        "prov": re.compile(f" ?{prov}"),
        "prov_only": re.compile(f"(?P<prov>{alternation})(?![a-z0-9])"),
        "intro": re.compile(f" ?[^.;:\\n]{{0,{LIST_INTRO_MAX_CHARS}}}?(?:{lists['intro']}) ?"),
        "item": re.compile(f"{lists['separator']}{prov}"),
        "syllable": re.compile(r"(?: ?[-–—] ?| )?([a-z]+|[0-9]+)(?![a-z0-9])"),
    }


class _Finder:
    """One text's matching state: the text, its folded form and the offset map."""

    def __init__(self, text: str) -> None:
        self.text = text  # not normalised: offsets must point into the text given
        self.folded, self.index = fold_with_map(self.text)
        self.p = _patterns()
        self.by_key, self.cities, _ = province_tables()
        rules = load_data("unit_patterns.json")
        self.heads = rules["head_spellings"]
        self.plural_after = f" {rules['lists']['plural_after']} "
        self.found: list[UnitMention] = []

    def original(self, start: int, end: int) -> str:
        s, e = _orig_span(self.text, self.index, start, end)
        return self.text[s:e]

    def add(self, canonical: str, kind: str, start: int, end: int) -> None:
        s, e = _orig_span(self.text, self.index, start, end)
        self.found.append(UnitMention(canonical, kind, s, e))

    def head_ok(self, m: re.Match[str], kind: str) -> bool:
        """``Sở`` and plain ``So`` pass; ``số`` (number) does not: the vowel is checked."""
        return strip_tone(self.original(*m.span("head"))).lower() in self.heads[kind]

    def province(self, m: re.Match[str]) -> str:
        return self.by_key[province_key(m.group("prov"))]

    def level(self, m: re.Match[str]) -> str | None:
        return next((w for i, (w, _) in enumerate(_levels()) if m.group(f"L{i}")), None)

    def run(self) -> list[UnitMention]:
        for m in self.p["bo"].finditer(self.folded):
            if self.head_ok(m, "bo"):
                self.add("Bộ GD&ĐT", "bo", m.start("head"), m.end())
        for m in self.p["so"].finditer(self.folded):
            if self.head_ok(m, "so"):
                self.so(m)
        for m in self.p["phong"].finditer(self.folded):
            name = self.district(m.end())
            if name:
                self.add(f"Phòng GD&ĐT {self.level(m)} {name[0]}", "phong", m.start(), name[1])
        for m in self.p["gdtx"].finditer(self.folded):
            self.gdtx(m)
        return sorted(self.found, key=lambda u: (u.start, u.end))

    def so(self, m: re.Match[str]) -> None:
        """A Sở with its province, and after a plural head every province of the list."""
        pos = m.end()
        plural = bool(m.group("plural")) or self.folded.startswith(self.plural_after, pos)
        first = self.p["prov"].match(self.folded, pos)
        if first:
            self.add(f"Sở GD&ĐT {self.province(first)}", "so", m.start("head"), first.end())
            pos = first.end()
        elif plural and (intro := self.p["intro"].match(self.folded, pos)):
            first = self.p["prov"].match(self.folded, intro.end())
            if not first:
                return
            self.add(f"Sở GD&ĐT {self.province(first)}", "so", *first.span("prov"))
            pos = first.end()
        if not (first and plural):
            return
        while item := self.p["item"].match(self.folded, pos):
            self.add(f"Sở GD&ĐT {self.province(item)}", "so", *item.span("prov"))
            pos = item.end()

    def gdtx(self, m: re.Match[str]) -> None:
        """Provincial centre (``tỉnh X``, ``TP <city>``) or district-level centre."""
        family = "Trung tâm GDNN-GDTX" if m.group("nn") else "Trung tâm GDTX"
        level, pos = self.level(m), m.end()
        prov = self.p["prov_only" if level else "prov"].match(self.folded, pos)
        if prov and (level is None or (level == "TP" and self.province(prov) in self.cities)):
            self.add(f"{family} {self.province(prov)}", "gdtx", m.start(), prov.end())
        elif level and (name := self.district(pos)):
            self.add(f"{family} {level} {name[0]}", "gdtx", m.start(), name[1])

    def district(self, pos: int) -> tuple[str, int] | None:
        """The capitalised syllables at ``pos`` (a district name) and their folded end."""
        words: list[tuple[str, bool, int]] = []  # (original word, after a hyphen, folded end)
        while len(words) < DISTRICT_MAX_SYLLABLES:
            m = self.p["syllable"].match(self.folded, pos)
            if not m or (words and words[-1][0].isdigit()):
                break
            word = unicodedata.normalize("NFC", self.original(*m.span(1)))
            if not (word[:1].isupper() or (word.isdigit() and not words)):
                break
            words.append((word, "-" in m.group(0) or "–" in m.group(0), m.end()))
            pos = m.end()
        if not words:
            return None
        if all(w.isupper() or w.isdigit() for w, _, _ in words):
            prov = self.p["prov_only"].match(self.folded, self.index_of(words))
            if prov:
                return self.province(prov).removeprefix("TP "), prov.end()
            words = words[:DISTRICT_MAX_SYLLABLES_CAPS]
        named = known_prefix(words) or unknown_name(words)
        if named is None:
            return None
        words = named
        name = (
            "".join(
                (" - " if hyph else " ") + canonical_syllable(w).capitalize()
                for w, hyph, _ in words
            )
            .removeprefix(" ")
            .removeprefix("- ")
        )
        known = self.by_key.get(province_key(name)) or district_key_name(name)
        return (known.removeprefix("TP ") if known else name), words[-1][2]

    def index_of(self, words: list[tuple[str, bool, int]]) -> int:
        """Folded start of the first word (its end minus its folded length)."""
        return words[0][2] - len(fold_with_map(words[0][0])[0])


def find_unit_mentions(text: str) -> list[UnitMention]:
    """Every education unit named in ``text``, in text order, list items expanded."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _Finder(text).run() if text else []


def district_after(text: str, pos: int) -> tuple[str, int] | None:
    """The district name that starts at ``text[pos:]`` (after a level word: `huyện Phú Lương
    Nguyễn Văn A` -> `Phú Lương`) and its end offset in ``text``; ``None`` when the words there
    are not a well-formed name. For other finders of names after a level word (awards' UBND)."""
    finder = _Finder(text)
    start = bisect.bisect_left(finder.index, pos)
    found = finder.district(start)
    if found is None:
        return None
    name, end = found
    return name, _orig_span(text, finder.index, start, end)[1]


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
