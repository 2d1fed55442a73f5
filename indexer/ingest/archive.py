"""The only code that walks ``archive/`` and turns a file's bytes into NFC text.

Decoding order: BOM (UTF-8/UTF-16) -> for HTML a declared ``<meta charset>`` / http-equiv
Content-Type -> strict UTF-8 -> cp1258 -> cp1252 (last resort, logged). Then legacy Vietnamese
font encodings (TCVN3, VNI, VISCII) are detected by syllable statistics (``indexer.ingest.legacy``)
and converted, because no charset label ever names them. A bad file becomes ``Skipped`` with a
reason; nothing here raises for bad input.
"""

from __future__ import annotations

import codecs
import html
import html.entities
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Skipped
from indexer.ingest import legacy

log = logging.getLogger(__name__)

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
# Larger than any saved article page (the biggest portal pages are ~1 MB); guards memory.
MAX_FILE_BYTES = 20_000_000
# Browsers look for <meta charset> in the first 1024 bytes; saved pages with long <head>
# comments put it later, so we look further.
PRESCAN_BYTES = 4096
# Share of control characters above which decoded "text" is not text. Real pages hold a few
# stray controls (form feeds, VISCII's six C0 letters); random bytes give ~25 %.
MAX_CONTROL_SHARE = 0.05
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")
# WHATWG: these labels all mean windows-1252 in a browser, so they do here.
CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "windows-1258": "cp1258",
    "utf8": "utf-8",
    "utf-16": "utf-8",  # a page that could be read as ASCII to find the label is not UTF-16
}
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Fonts that name a legacy encoding in CSS or <font face>: a hint for detection, never proof.
_FONT_HINTS = (
    (re.compile(r"""\.Vn[A-Z][A-Za-z0-9]*""", re.I), "tcvn3"),
    (re.compile(r"""VNI[- ][A-Z][A-Za-z]+""", re.I), "vni"),
)
# .VnTimeH and friends draw TCVN3's lower-case bytes as capitals: innermost runs only.
_UPPER_FONT_RUN = re.compile(
    r"""(<(font|span)\b[^>]*?\.Vn[A-Za-z0-9]*H\b[^>]*>)([^<]*)(</\2>)""", re.I
)
_TAG_OR_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]+>", re.I | re.S)
# 0x80-0x9F as cp1252 shows them (typographic quotes, dashes in legacy pages typed in Word).
_C1_AS_CP1252 = {b: bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x80, 0xA0)}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class RawDocument:
    """One archive file decoded to NFC text, before any extraction."""

    path: str  # archive-relative, '/' separators
    kind: str  # "html" or "text"
    text: str  # html: the whole page source, decoded; text: clean_text() of the file
    encoding: str  # "utf-8", "utf-16", "cp1258", "cp1252", "tcvn3", "vni", "viscii"


def iter_archive(root: Path) -> Iterator[Path]:
    """Every .txt/.html/.htm file under ``root`` at any depth, sorted, hidden folders skipped."""
    found = [
        path
        for path in root.rglob("*")
        if path.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and path.is_file()
    ]
    yield from sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_document(root: Path, path: Path) -> RawDocument | Skipped:
    """Read and decode one archive file; a file that is not readable text becomes ``Skipped``."""
    # ``path`` as iter_archive gives it (under root) or relative to root.
    under_root = path.is_absolute() or path.parts[: len(root.parts)] == root.parts
    full = path if under_root else root / path
    try:
        rel = full.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = full.as_posix()
    kind = SUFFIXES.get(full.suffix.lower())
    if kind is None:
        return Skipped(rel, "unsupported", full.suffix)
    try:
        size = full.stat().st_size
        if size > MAX_FILE_BYTES:
            return Skipped(rel, "too-large", f"{size} bytes")
        data = full.read_bytes()
    except OSError as exc:
        return Skipped(rel, "unreadable", str(exc))
    return decode_document(rel, kind, data)


def decode_document(rel: str, kind: str, data: bytes) -> RawDocument | Skipped:
    """Bytes -> ``RawDocument`` (the pure part of :func:`read_document`)."""
    if not data.strip(b" \t\r\n\x0c") or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE):
        return Skipped(rel, "empty")
    bom = _bom(data)
    if bom is None and (data.startswith(BINARY_MAGIC) or b"\x00" in data[:PRESCAN_BYTES]):
        return Skipped(rel, "binary", "NUL bytes or a binary file signature")
    try:
        text, encoding = _decode(data, kind, bom)
    except UnicodeDecodeError as exc:
        return Skipped(rel, "undecodable", str(exc))
    if len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        return Skipped(rel, "undecodable", f"too many control characters as {encoding}")
    text, encoding = _repair_legacy(data, text, encoding, kind)
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    if kind == "text":
        text = clean_text(text)
    if not text.strip():
        return Skipped(rel, "empty", "no text after decoding")
    return RawDocument(path=rel, kind=kind, text=text, encoding=encoding)


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _declared_charset(data: bytes) -> str | None:
    """The codec a page's <meta> declares, if Python knows it."""
    match = _META_CHARSET.search(data[:PRESCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.info("unknown declared charset %r", label)
        return None


def _decode(data: bytes, kind: str, bom: str | None) -> tuple[str, str]:
    """(text, encoding name) by the module's decoding order; raises only for a broken BOM file."""
    if bom:
        return data.decode(bom), bom.removesuffix("-sig")
    declared = _declared_charset(data) if kind == "html" else None
    for codec in dict.fromkeys(c for c in (declared, "utf-8", "cp1258") if c):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "cp1258" and data.decode("cp1252", errors="replace") == text:
            codec = "cp1252"  # no byte where the two differ: call it by the commoner name
        return text, codecs.lookup(codec).name.replace("_", "-")
    log.warning("not UTF-8 nor cp1258, read as cp1252 with Latin-1 for undefined bytes")
    return "".join(_cp1252_or_latin1(b) for b in data), "cp1252"


def _cp1252_or_latin1(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _repair_legacy(data: bytes, text: str, encoding: str, kind: str) -> tuple[str, str]:
    """Convert a TCVN3/VNI/VISCII body to Unicode when the statistics say it is one."""
    single_byte = encoding not in ("utf-8", "utf-16")
    # The surface the legacy tables are keyed on: each byte as its Latin-1 character.
    surface = data.decode("latin-1").translate(_C1_AS_CP1252) if single_byte else text
    if not re.search("[\x80-\xff\u0152-\u2122]", surface):
        return text, encoding  # pure ASCII (or Unicode beyond Latin-1): nothing to repair
    hint = font_hint(surface) if kind == "html" else None
    visible = _TAG_OR_SCRIPT.sub(" ", surface) if kind == "html" else surface
    current = _TAG_OR_SCRIPT.sub(" ", text) if kind == "html" else text
    found = legacy.detect(visible, hint=hint, current=current)
    if found is None:
        if hint:
            log.info("page names a %s font but its text does not look like %s", hint, hint)
        return text, encoding
    converted = legacy.convert(surface, found.encoding)
    if kind == "html" and found.encoding == "tcvn3":
        converted = _UPPER_FONT_RUN.sub(_upper_run, converted)
    return converted, found.encoding


def font_hint(source: str) -> str | None:
    """The legacy encoding the page's fonts suggest: ``.VnTime`` -> tcvn3, ``VNI-Times`` -> vni."""
    for pattern, encoding in _FONT_HINTS:
        if pattern.search(source):
            return encoding
    return None


def _upper_run(match: re.Match[str]) -> str:
    """Capitalise an innermost .VnTimeH run, leaving entity names alone."""
    inner = re.sub(r"&[#\w]+;|[^&]+", _upper_unless_entity, match.group(3))
    return match.group(1) + inner + match.group(4)


def _upper_unless_entity(match: re.Match[str]) -> str:
    return match.group() if match.group().startswith("&") else match.group().upper()


# --- text cleaning ---------------------------------------------------------------------------

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Texts escaped twice or three times over (`GD&amp;amp;ĐT`) are seen; more is not.
MAX_UNESCAPE_PASSES = 3
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b]+")
# Characters that only unconverted TCVN3 shows (á ạ à ả ã Đ đ ơ ă): with two of them present a
# soft hyphen is TCVN3's ư, not a hyphenation point, and must survive for conversion.
TCVN3_SIGNS = frozenset("¸¹µ¶·§®¬¨")
MIN_TCVN3_SIGNS = 2


def _unescape_one(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] == "#":
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        ok = 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        return chr(code) if ok else match.group()
    return html.entities.html5.get(name + ";", match.group())


def unescape_entities(text: str) -> str:
    """Named and numeric entities with a semicolon only; `Sở TN&MT;` stays as it is."""
    for _ in range(MAX_UNESCAPE_PASSES):
        new = _ENTITY.sub(_unescape_one, text)
        if new == text:
            break
        text = new
    return text


def clean_text(text: str) -> str:
    """NFC, entities unescaped, zero-width characters dropped, spaces normalised, lines stripped,
    at most one blank line in a row. Idempotent."""
    text = unescape_entities(unicodedata.normalize("NFC", text)).translate(ZERO_WIDTH)
    if len(TCVN3_SIGNS.intersection(text)) < MIN_TCVN3_SIGNS:
        text = text.replace("\u00ad", "")
    text = re.sub("\r\n?|[\u2028\u2029\x0c]", "\n", text)
    text = _CONTROL.sub("", text)
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return unicodedata.normalize("NFC", re.sub(" {2,}", " ", text))
