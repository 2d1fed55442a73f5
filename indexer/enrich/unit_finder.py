"""Reading education unit names in one text: the patterns compiled from the data, and the matcher.

``UnitFinder`` folds the text with a map back to the original offsets, finds each unit head
(``Bộ``, ``Sở``, ``Phòng``, ``Trung tâm GDTX``) with the patterns of ``data/unit_patterns.json``
and reads the place after it: a province, a list of provinces after a plural head, or a district
name (``indexer.enrich.placenames``). The decisions on canonical names are written in
``indexer.enrich.units``, which is the public entry point.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from indexer.enrich.placenames import district_key_name, known_prefix, unknown_name
from indexer.enrich.provinces import (
    ZERO_WIDTH,
    fold_with_map,
    load_data,
    province_key,
    province_pattern,
    province_tables,
)
from indexer.text.analysis import canonical_syllable, strip_tone

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


def original_span(text: str, index: list[int], start: int, end: int) -> tuple[int, int]:
    """Original offsets of folded ``[start, end)``, trailing combining marks included."""
    o_end = index[end - 1] + 1
    while o_end < len(text) and (unicodedata.combining(text[o_end]) or text[o_end] in ZERO_WIDTH):
        o_end += 1
    return index[start], o_end


@cache
def district_levels() -> tuple[tuple[str, str], ...]:
    """(canonical level word, folded pattern) of district levels, in data order."""
    levels = load_data("unit_patterns.json")["district_levels"]
    return tuple((k, v) for k, v in levels.items() if not k.startswith("_"))


@cache
def unit_patterns() -> dict[str, re.Pattern[str]]:
    """All regexes, compiled once (they run on every article at index time)."""
    r = load_data("unit_patterns.json")
    edu = f"(?:{r['edu']['full']}|{r['edu']['abbrev']})(?![a-z0-9])"
    edu_or_old = f"(?:{edu}|{r['edu']['old_name']}(?![a-z0-9]))"
    paren = r["abbrev_in_parentheses"]["pattern"]
    not_so = "".join(f"(?<!{w} )" for w in r["not_after"]["so"])
    not_bo = "".join(f"(?<!{w} )" for w in r["not_after"]["bo"])
    levels = "|".join(f"(?P<L{i}>{p})" for i, (_, p) in enumerate(district_levels()))
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


class UnitFinder:
    """One text's matching state: the text, its folded form and the offset map."""

    def __init__(self, text: str) -> None:
        self.text = text  # not normalised: offsets must point into the text given
        self.folded, self.index = fold_with_map(self.text)
        self.p = unit_patterns()
        self.by_key, self.cities, _ = province_tables()
        rules = load_data("unit_patterns.json")
        self.heads = rules["head_spellings"]
        self.plural_after = f" {rules['lists']['plural_after']} "
        self.found: list[UnitMention] = []

    def original(self, start: int, end: int) -> str:
        s, e = original_span(self.text, self.index, start, end)
        return self.text[s:e]

    def add(self, canonical: str, kind: str, start: int, end: int) -> None:
        s, e = original_span(self.text, self.index, start, end)
        self.found.append(UnitMention(canonical, kind, s, e))

    def head_ok(self, m: re.Match[str], kind: str) -> bool:
        """``Sở`` and plain ``So`` pass; ``số`` (number) does not: the vowel is checked."""
        return strip_tone(self.original(*m.span("head"))).lower() in self.heads[kind]

    def province(self, m: re.Match[str]) -> str:
        return self.by_key[province_key(m.group("prov"))]

    def level(self, m: re.Match[str]) -> str | None:
        return next((w for i, (w, _) in enumerate(district_levels()) if m.group(f"L{i}")), None)

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
