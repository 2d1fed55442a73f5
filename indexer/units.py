"""Finding the education units an article names, and giving each one canonical name.

Why: the ``unit`` facet must show one name per unit, however the article spelt it
(``Sở Giáo dục và Đào tạo tỉnh Thái Nguyên``, ``Sở GDĐT Thái Nguyên``, ``SỞ GD-ĐT THÁI NGUYÊN``).

How: the text is folded (lowercase, marks removed, đ -> d) with a map back to the original
offsets, precompiled patterns from ``data/unit_patterns.json`` find a unit head, and a place must
follow it. Provinces come from ``data/provinces.json`` (63 before 2025, 34 after, historical
names); a Sở or provincial centre counts only when a known province follows, which is what keeps
``Sở Y tế`` and a bare ``Sở GD&ĐT`` out. District names have no data file: the capitalised
syllables after the level word are taken.

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

import json
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# ``fold`` is re-exported: the project's one folding (NFC, lowercase, đ -> d, marks removed).
from indexer.analysis import canonical_syllable
from indexer.analysis import fold_text as fold

__all__ = [
    "UnitMention",
    "canonical_province",
    "find_unit_mentions",
    "find_units",
    "fold",
    "province_links",
]

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).with_name("data")
# A list intro ("trong Cụm thi đua số 5 gồm:") is a short phrase; a colon further away in the
# sentence belongs to something else. The seed's intro is 24 characters.
LIST_INTRO_MAX_CHARS = 60
# Longest district names have four syllables ("Phan Rang - Tháp Chàm").
DISTRICT_MAX_SYLLABLES = 4
# In ALL-CAPS text the end of a district name cannot be seen; most names have two syllables.
DISTRICT_MAX_SYLLABLES_CAPS = 2
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_NAME_SEP = "[ \\-–—]*"
_SPACE_RUN = re.compile("  +")


@dataclass(frozen=True)
class UnitMention:
    """One unit named in a text: canonical name, kind, and its char offsets in that text."""

    canonical: str  # e.g. "Sở GD&ĐT Thái Nguyên"
    kind: str  # "bo" | "so" | "phong" | "gdtx"
    start: int
    end: int


@cache
def _fold_char(ch: str) -> str:
    """Fold one character; zero-width characters vanish and other spaces become ' '."""
    if ch in _ZERO_WIDTH:
        return ""
    if ch in "đĐÐð":
        return "d"
    if ch.isspace():
        return "\n" if ch == "\n" else " "
    return "".join(
        c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
    ).lower()


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text``, collapsing space runs; also return each folded char's original index.

    Hot path (every article at index time): characters are folded through a cache and, when
    each folds to exactly one character (NFC text without invisibles), the map is the identity;
    only space runs are then cut out, slice by slice.
    """
    pieces = list(map(_fold_char, text))
    folded = "".join(pieces)
    index: list[int] | range
    if len(folded) == len(text):
        index = range(len(text))
    else:
        index = [i for i, piece in enumerate(pieces) for _ in piece]
    if "  " not in folded:
        return folded, list(index)
    chunks: list[str] = []
    kept: list[int] = []
    prev = 0
    for run in _SPACE_RUN.finditer(folded):
        chunks.append(folded[prev : run.start() + 1])
        kept.extend(index[prev : run.start() + 1])
        prev = run.end()
    chunks.append(folded[prev:])
    kept.extend(index[prev:])
    return "".join(chunks), kept


def _orig_span(text: str, index: list[int], start: int, end: int) -> tuple[int, int]:
    """Original offsets of folded ``[start, end)``, trailing combining marks included."""
    o_end = index[end - 1] + 1
    while o_end < len(text) and (unicodedata.combining(text[o_end]) or text[o_end] in _ZERO_WIDTH):
        o_end += 1
    return index[start], o_end


@cache
def _load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _key(name: str) -> str:
    """Lookup key of a place name: folded, without spaces, hyphens or dots."""
    return re.sub(r"[\s\-–—.]+", "", _fold_with_map(name)[0])


@cache
def _provinces() -> tuple[dict[str, str], frozenset[str], str]:
    """(key -> canonical province, centrally governed cities, regex alternation of all names)."""
    data = _load("provinces.json")
    names = [p["name"] for p in data["provinces_2025"]] + data["provinces_pre_2025"]
    names += [h["name"] for h in data["historical"]]
    spellings = {n: n for n in names}
    for canonical, aliases in data["aliases"].items():
        spellings.update(dict.fromkeys(aliases, canonical))
    by_key: dict[str, str] = {}
    for spelling, canonical in spellings.items():
        if by_key.setdefault(_key(spelling), canonical) != canonical:
            raise ValueError(f"province spelling {spelling!r} is ambiguous")
    folded = {_fold_with_map(s)[0].replace(".", "") for s in spellings}
    parts = sorted((re.split(r"[\s\-–—]+", f) for f in folded), key=lambda p: -len("".join(p)))
    alternation = "|".join(_NAME_SEP.join(map(re.escape, p)) for p in parts)
    cities = frozenset(p["name"] for p in data["provinces_2025"] if p.get("city"))
    return by_key, cities, alternation


@cache
def _levels() -> tuple[tuple[str, str], ...]:
    """(canonical level word, folded pattern) of district levels, in data order."""
    levels = _load("unit_patterns.json")["district_levels"]
    return tuple((k, v) for k, v in levels.items() if not k.startswith("_"))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """All regexes, compiled once (they run on every article at index time)."""
    r = _load("unit_patterns.json")
    edu = f"(?:{r['edu']['full']}|{r['edu']['abbrev']})(?![a-z0-9])"
    edu_or_old = f"(?:{edu}|{r['edu']['old_name']}(?![a-z0-9]))"
    paren = r["abbrev_in_parentheses"]["pattern"]
    not_so = "".join(f"(?<!{w} )" for w in r["not_after"]["so"])
    not_bo = "".join(f"(?<!{w} )" for w in r["not_after"]["bo"])
    levels = "|".join(f"(?P<L{i}>{p})" for i, (_, p) in enumerate(_levels()))
    alternation = _provinces()[2]
    prov = f"(?:{r['province_prefix']['pattern']} ?)?(?P<prov>{alternation})(?![a-z0-9])"
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
        self.folded, self.index = _fold_with_map(self.text)
        self.p = _patterns()
        self.by_key, self.cities, _ = _provinces()
        rules = _load("unit_patterns.json")
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
        word = unicodedata.normalize("NFD", self.original(*m.span("head")))
        bare = unicodedata.normalize("NFC", "".join(c for c in word if c not in _TONE_MARKS))
        return bare.lower() in self.heads[kind]

    def province(self, m: re.Match[str]) -> str:
        return self.by_key[_key(m.group("prov"))]

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
        name = (
            "".join(
                (" - " if hyph else " ") + canonical_syllable(w).capitalize()
                for w, hyph, _ in words
            )
            .removeprefix(" ")
            .removeprefix("- ")
        )
        known = self.by_key.get(_key(name))
        return (known.removeprefix("TP ") if known else name), words[-1][2]

    def index_of(self, words: list[tuple[str, bool, int]]) -> int:
        """Folded start of the first word (its end minus its folded length)."""
        return words[0][2] - len(_fold_with_map(words[0][0])[0])


def find_unit_mentions(text: str) -> list[UnitMention]:
    """Every education unit named in ``text``, in text order, list items expanded."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _Finder(text).run() if text else []


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


def canonical_province(name: str) -> str | None:
    """Canonical province (``Thái Nguyên``) for any spelling, with or without ``tỉnh``/``TP``;
    historical names stay themselves (``Bắc Thái``); None when not a province."""
    if not isinstance(name, str):
        return None
    folded = _fold_with_map(name)[0].strip()
    m = _patterns()["prov"].fullmatch(folded)
    return _provinces()[0][_key(m.group("prov"))] if m else None


@cache
def _links() -> dict[str, tuple[str, ...]]:
    """Name -> related names: what it became first, then what it came from or merged with."""
    data = _load("provinces.json")
    after: dict[str, list[str]] = {}
    before: dict[str, list[str]] = {}
    # A unit's own split or renaming says most about it, then the 2025 merger, then formations.
    events = [([h["name"]], h["to"]) for h in data["historical"] + data["splits_same_name"]]
    events += [(p["from"], [p["name"]]) for p in data["provinces_2025"]]
    events += [(h["from"], [h["name"]]) for h in data["historical"]]
    for sources, targets in events:
        for s in sources:
            after.setdefault(s, []).extend(targets)
            before.setdefault(s, []).extend(x for x in sources if x != s)
        for t in targets:
            before.setdefault(t, []).extend(sources)
    names = after.keys() | before.keys()
    return {
        n: tuple(x for x in dict.fromkeys(after.get(n, []) + before.get(n, [])) if x != n)
        for n in names
    }


def province_links(name: str) -> list[str]:
    """Historical and merged relations of a province: ``Bắc Thái`` -> Thái Nguyên, Bắc Kạn."""
    canonical = canonical_province(name)
    return list(_links().get(canonical, ())) if canonical else []
