"""Vietnamese legacy 8-bit font encodings (TCVN3, VNI, VISCII): detection and conversion.

Pages typed with the ABC (``.VnTime``) or VNI (``VNI-Times``) fonts carry font-private bytes that
any decoder shows as Latin-1/cp1252 letters (``Së Gi¸o dôc``, ``Sôû Giaùo duïc``). Charset
detectors do not know these encodings, so we decide by *Vietnamese syllable statistics*: convert
the text with each candidate table and keep the one whose non-ASCII words are valid Vietnamese
syllables, if it clearly beats the text as it is. Tables are data (``indexer/data/legacy_*.json``,
built from the published standard charts); this module is the mechanics.

TCVN3 has no distinct upper-case toned vowels: an upper-case heading was typed with the
lower-case bytes in a ``.VnTimeH`` font. ``encode`` writes them that way; ``convert`` restores
capitals only for words that are visibly all-caps (no ASCII lower-case letter and a capital after
the first letter: ``GI¸O`` -> ``GIÁO``). A capitalised toned initial (``¸nh`` for ``Ánh``) comes
back lower-case unless the HTML font hint (``indexer.ingest.archive``) says ``.VnTimeH``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indexer.ingest.syllables import syllable_score

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parents[1] / "data"
LEGACY_ENCODINGS = ("tcvn3", "vni", "viscii")

# Detection thresholds, calibrated on the seeds of archive/txt encoded into each table (scores
# 0.97-1.0 for the right table, <= 0.35 for wrong ones) and on real Unicode Vietnamese (baseline
# 0.95-1.0, so a conversion can never beat it by MIN_MARGIN).
MIN_WORDS = 5  # fewer non-ASCII words than this is too little evidence to rewrite text
MIN_SCORE = 0.75  # share of non-ASCII words that must be valid syllables after conversion
MIN_MARGIN = 0.25  # ... and by how much the conversion must beat the text as it is
# With a legacy font named in the page (.VnTime, VNI-Times) a short page is enough.
HINTED_MIN_WORDS = 2
HINTED_MIN_SCORE = 0.5
# Statistics settle long before the end of a page; bounded so huge files cost the same.
MAX_SAMPLE_CHARS = 200_000

# Characters only genuine Unicode Vietnamese has (ă đ ơ ư, the U+1EA0 block, combining tones):
# a line holding one is Unicode already and is never "converted" again.
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def _load(name: str) -> dict:
    return json.loads((DATA_DIR / f"legacy_{name}.json").read_text(encoding="utf-8"))


def _surfaces(byte: int) -> list[str]:
    """How one byte shows after a Latin-1 or a cp1252 decode (they differ in 0x80-0x9F)."""
    out = [chr(byte)]
    if 0x80 <= byte <= 0x9F:
        # Undefined in cp1252 (0x81, 0x8D, ...): only the Latin-1 C1 control can show.
        with contextlib.suppress(UnicodeDecodeError):
            out.append(bytes([byte]).decode("cp1252"))
    return out


@cache
def byte_table(name: str) -> dict[str, str]:
    """Single-byte table (tcvn3, viscii): surface character -> Unicode character."""
    table: dict[str, str] = {}
    for key, value in _load(name)["bytes"].items():
        for surface in _surfaces(int(key, 16)):
            table[surface] = value
    return table


@cache
def vni_table() -> tuple[dict[str, str], dict[str, str]]:
    """VNI: (two-character sequences -> letter, single characters -> letter), NFC."""
    data = _load("vni")
    letters = {k: v for k, v in data["letters"].items() if not k.startswith("_")}
    pairs: dict[str, str] = {}
    for marks_key, bases_key in (
        ("tone_marks", "tone_bases"),
        ("circumflex_marks", "circumflex_bases"),
        ("breve_marks", "breve_bases"),
    ):
        for mark, combining in data[marks_key].items():
            if mark.startswith("_"):
                continue
            for base in data[bases_key]:
                seq = base + mark
                assert seq not in pairs, f"ambiguous VNI sequence {seq!r}"
                pairs[seq] = unicodedata.normalize("NFC", letters.get(base, base) + combining)
    return pairs, letters


def _convert_tcvn3_line(line: str) -> str:
    table = byte_table("tcvn3")
    converted = "".join(table.get(ch, ch) for ch in line)  # one char per char: spans align
    out = list(converted)
    for m in re.finditer(r"\w+", converted):
        surface = line[m.start() : m.end()]
        word = m.group()
        if any("a" <= ch <= "z" for ch in surface):
            continue  # a lower-case ASCII letter: the word is not set in capitals
        if any(ch.isupper() for ch in word[1:]):
            out[m.start() : m.end()] = word.upper()
    return "".join(out)


def _convert_vni_line(line: str) -> str:
    pairs, letters = vni_table()
    out: list[str] = []
    i = 0
    while i < len(line):
        pair = line[i : i + 2]
        if pair in pairs:
            out.append(pairs[pair])
            i += 2
        else:
            out.append(letters.get(line[i], line[i]))
            i += 1
    return "".join(out)


def _convert_line(line: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return _convert_tcvn3_line(line)
    if encoding == "vni":
        return _convert_vni_line(line)
    table = byte_table(encoding)
    return "".join(table.get(ch, ch) for ch in line)


def convert(text: str, encoding: str) -> str:
    """Legacy surface text (bytes shown as Latin-1/cp1252) -> NFC Unicode.

    Line by line, and a line that already holds Unicode-only Vietnamese letters is kept as it
    is: migrated sites mix converted menus with legacy bodies.
    """
    if encoding not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    lines = text.split("\n")
    done = [
        line if _UNICODE_VIETNAMESE.search(line) else _convert_line(line, encoding)
        for line in lines
    ]
    return unicodedata.normalize("NFC", "\n".join(done))


@cache
def _reverse(encoding: str) -> dict[str, str]:
    """Unicode letter -> surface sequence, the way the legacy keyboards typed it."""
    if encoding == "vni":
        pairs, letters = vni_table()
        rev: dict[str, str] = {v: k for k, v in letters.items()}
        for seq, letter in pairs.items():
            if seq[0].isupper() == seq[1].isupper():  # case of the mark follows the base
                rev.setdefault(letter, seq)
        return rev
    rev = {}
    for key, value in _load(encoding)["bytes"].items():
        if encoding == "tcvn3" and (value.isupper() and value not in "ĂÂÊÔƠƯĐ"):
            continue  # VN1-only capitals: ABC (VN3) fonts type capitals via .VnTimeH instead
        if unicodedata.combining(value):
            continue
        rev.setdefault(value, chr(int(key, 16)))
    return rev


def encode(text: str, encoding: str) -> str:
    """NFC text -> legacy surface (what the bytes look like as Latin-1). For tests and fixtures.

    TCVN3 writes an upper-case toned vowel as its lower-case byte (the ``.VnTimeH`` way).
    Raises ValueError for a character the encoding cannot carry unambiguously.
    """
    rev = _reverse(encoding)
    keys = _vni_marks() | set(vni_table()[1]) if encoding == "vni" else set(byte_table(encoding))
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in rev:
            out.append(rev[ch])
        elif encoding == "tcvn3" and ch.lower() in rev and not ch.islower():
            out.append(rev[ch.lower()])
        elif ch < "\x80" or (ch not in keys and _is_single_byte(ch)):
            out.append(ch)
        else:
            raise ValueError(f"{encoding} cannot carry {ch!r} (U+{ord(ch):04X})")
    return "".join(out)


@cache
def _vni_marks() -> set[str]:
    """Every character VNI uses as a mark (after a base letter it would join it)."""
    return {seq[1] for seq in vni_table()[0]}


def _is_single_byte(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return "\x80" <= ch <= "\xff"
    return True


@dataclass(frozen=True)
class Detection:
    """A legacy encoding found in a text, with the evidence (for logs and reports)."""

    encoding: str
    score: float  # share of valid syllables after conversion
    baseline: float  # the same share for the text as it was
    words: int  # non-ASCII words the score is over


def detect(text: str, hint: str | None = None, current: str | None = None) -> Detection | None:
    """The legacy encoding ``text`` (a Latin-1/cp1252 surface) is in, or None for none.

    ``hint`` is an encoding named by the page's fonts; it lowers the evidence needed, never
    decides alone. ``current`` is the text as the caller decoded it (cp1258, say) when that
    differs from the Latin-1 surface: a conversion must beat it, not the surface.
    """
    sample = text[:MAX_SAMPLE_CHARS]
    baseline, _ = syllable_score((text if current is None else current)[:MAX_SAMPLE_CHARS])
    if baseline > 1 - MIN_MARGIN:
        return None  # already good Vietnamese: no conversion can beat it by the margin
    best: Detection | None = None
    for encoding in LEGACY_ENCODINGS:
        score, words = syllable_score(convert(sample, encoding))
        hinted = encoding == hint
        if words < (HINTED_MIN_WORDS if hinted else MIN_WORDS):
            continue
        if score < (HINTED_MIN_SCORE if hinted else MIN_SCORE) or score < baseline + MIN_MARGIN:
            continue
        if best is None or score > best.score:
            best = Detection(encoding, score, baseline, words)
    if best:
        log.debug("legacy encoding %s (score %.2f vs %.2f)", best.encoding, best.score, baseline)
    return best
