"""Vietnamese provinces: the data file, one canonical name per spelling, and their history.

Split from ``indexer.enrich.units``, which finds units in text and asks this module what a province
is.
``data/provinces.json`` holds the 34 provinces after the 2025 merger (with what each merged from),
the 63 before it, historical names (``Bắc Thái``) with what they became, and spelling aliases.
Names are looked up by a key (folded, no spaces, hyphens or dots) so ``Thừa Thiên - Huế``,
``THỪA THIÊN HUẾ`` and ``Thua Thien Hue`` are one province.

The folding with an offset map lives here, not in ``units``: province keys and the regex
alternation of all names must be built in exactly the folded space the unit finder matches in,
and ``units`` imports it from here (the other way round would be an import cycle).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from indexer.text.analysis import INVISIBLE_CHARS, fold_char

__all__ = [
    "DATA_DIR",
    "ZERO_WIDTH",
    "canonical_province",
    "district_names",
    "fold_with_map",
    "load_data",
    "province_key",
    "province_links",
    "province_pattern",
    "province_tables",
]

DATA_DIR = Path(__file__).parents[1] / "data"
# Invisible characters fold to nothing, so a name with one inside still matches.
ZERO_WIDTH = INVISIBLE_CHARS
_NAME_SEP = "[ \\-–—]*"
_SPACE_RUN = re.compile("  +")


@cache
def _fold_char(ch: str) -> str:
    """Fold one character; zero-width characters vanish and other spaces become ' '."""
    if ch.isspace() and ch not in ZERO_WIDTH:
        return "\n" if ch == "\n" else " "
    return fold_char(ch)


def fold_with_map(text: str) -> tuple[str, list[int]]:
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


@cache
def load_data(name: str) -> dict[str, Any]:
    """A JSON file of ``indexer/data``, read once (units and provinces ask for it per article)."""
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def province_key(name: str) -> str:
    """Lookup key of a place name: folded, without spaces, hyphens or dots."""
    return re.sub(r"[\s\-–—.]+", "", fold_with_map(name)[0])


@cache
def province_tables() -> tuple[dict[str, str], frozenset[str], str]:
    """(key -> canonical province, centrally governed cities, regex alternation of all names)."""
    data = load_data("provinces.json")
    names = [p["name"] for p in data["provinces_2025"]] + data["provinces_pre_2025"]
    names += [h["name"] for h in data["historical"]]
    spellings = {n: n for n in names}
    for canonical, aliases in data["aliases"].items():
        spellings.update(dict.fromkeys(aliases, canonical))
    by_key: dict[str, str] = {}
    for spelling, canonical in spellings.items():
        if by_key.setdefault(province_key(spelling), canonical) != canonical:
            raise ValueError(f"province spelling {spelling!r} is ambiguous")
    folded = {fold_with_map(s)[0].replace(".", "") for s in spellings}
    parts = sorted((re.split(r"[\s\-–—]+", f) for f in folded), key=lambda p: -len("".join(p)))
    alternation = "|".join(_NAME_SEP.join(map(re.escape, p)) for p in parts)
    cities = frozenset(p["name"] for p in data["provinces_2025"] if p.get("city"))
    return by_key, cities, alternation


@cache
def district_names() -> dict[str, str]:
    """Key -> name of every district-level unit (``data/districts.json``: the 2024 list and
    older names), all levels together: the level word of a name changed over time
    (Hà Đông: thị xã, then quận; Thủ Đức: quận, then TP)."""
    data = load_data("districts.json")
    names = [n for group in ("levels", "historical") for ns in data[group].values() for n in ns]
    return {province_key(n): n for n in names}


@cache
def province_pattern() -> str:
    """Regex source of a province in folded text (group ``prov``), ``tỉnh``/``TP`` prefix optional.

    The prefix spellings are unit-pattern data (``unit_patterns.json``), shared with the finder.
    """
    prefix = load_data("unit_patterns.json")["province_prefix"]["pattern"]
    return f"(?:{prefix} ?)?(?P<prov>{province_tables()[2]})(?![a-z0-9])"


@cache
def _province_re() -> re.Pattern[str]:
    return re.compile(f" ?{province_pattern()}")


def canonical_province(name: str) -> str | None:
    """Canonical province (``Thái Nguyên``) for any spelling, with or without ``tỉnh``/``TP``;
    historical names stay themselves (``Bắc Thái``); None when not a province."""
    if not isinstance(name, str):
        return None
    folded = fold_with_map(name)[0].strip()
    m = _province_re().fullmatch(folded)
    return province_tables()[0][province_key(m.group("prov"))] if m else None


@cache
def _links() -> dict[str, tuple[str, ...]]:
    """Name -> related names: what it became first, then what it came from or merged with."""
    data = load_data("provinces.json")
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
