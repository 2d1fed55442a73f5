"""Turning one archive file's bytes into NFC text (walking is ``indexer.ingest.walk``).

Decoding order: BOM (UTF-8/UTF-16) -> valid UTF-8 (whatever a page declares: real pages lie in
their meta charset, a valid multi-byte UTF-8 rendering of Vietnamese is never legacy text, see
bench/decoding.py) -> "almost UTF-8" repaired (a few damaged bytes dropped, never the whole page
read as cp1258 mojibake) -> a charset declared by the HTTP header or the page's ``<meta>`` ->
cp1258 -> cp1252 (last resort, logged). Then legacy Vietnamese font encodings (TCVN3, VNI,
VISCII) are detected by syllable statistics (``indexer.ingest.legacy``) and converted, because no
charset label ever names them. A bad file becomes ``Skipped`` with a reason; nothing here raises
for bad input.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Skipped
from indexer.ingest import legacy, limits, mirrors, mojibake
from indexer.ingest.cleaning import CONTROL, clean_text
from indexer.ingest.walk import (
    DOCUMENT_SUFFIXES,
    FileRefused,
    archive_key,
    read_capped,
    walk_archive,
)

log = logging.getLogger(__name__)

SUFFIXES = DOCUMENT_SUFFIXES
# Browsers look for <meta charset> in the first 1024 bytes; saved pages with long <head>
# comments put it later, so we look further.
PRESCAN_BYTES = 4096
# Share of control characters above which decoded "text" is not text. Real pages hold a few
# stray controls (form feeds, VISCII's six C0 letters); random bytes give ~25 %.
MAX_CONTROL_SHARE = 0.05
# Share of a file's non-ASCII bytes that may be invalid UTF-8 for it to be repaired as UTF-8.
# Measured by bench/decoding.py on 3,000 real VNTC articles: every legacy rendering has at least
# 0.74 of its non-ASCII bytes invalid (VISCII's minimum; cp1258, TCVN3, VNI >= 0.99), while the
# median UTF-8 article with 10 damaged bytes has 0.018. 0.3 sits well clear of the legacy side.
MAX_INVALID_SHARE = 0.3
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
_NON_ASCII = re.compile(rb"[\x80-\xff]")
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


@dataclass(frozen=True)
class RawDocument:
    """One archive file (or web-archive record) decoded to NFC text, before any extraction."""

    path: str  # archive-relative, '/' separators; a web-archive record adds '#' + its URI
    kind: str  # "html" or "text"
    text: str  # html: the whole page source, decoded; text: clean_text() of the file
    encoding: str  # "utf-8", "utf-16", "cp1258", "cp1252", "tcvn3", "vni", "viscii"
    # Where and when the copy was captured (WARC target URI and date, HTTrack/wget mirror):
    # the article's source link, and a date that is a fallback, never the publication date.
    url: str | None = None
    captured: dt.date | None = None
    repaired: str = ""  # what the decoder had to repair, for the build report ("" = nothing)


def iter_archive(root: Path) -> Iterator[Path]:
    """Every readable loose .txt/.html/.htm file under ``root`` at any depth, sorted by key;
    hidden files and folders, web-archive containers and refused files left out (the build
    walks with ``indexer.ingest.walk.walk_archive``, which reports the refused ones)."""
    for item in walk_archive(Path(root)):
        if isinstance(item, Path) and item.suffix.lower() in SUFFIXES:
            yield item


def read_document(root: Path, path: Path) -> RawDocument | Skipped:
    """Read and decode one archive file; a file that is not readable text becomes ``Skipped``."""
    # ``path`` as the walk gives it (under root) or relative to root.
    under_root = path.is_absolute() or path.parts[: len(root.parts)] == root.parts
    full = path if under_root else root / path
    rel = archive_key(root, full) if under_root else archive_key(root, root / path)
    kind = SUFFIXES.get(full.suffix.lower())
    if kind is None:
        return Skipped(rel, "unsupported", full.suffix)
    try:
        data = read_capped(full, limits.MAX_DOCUMENT_BYTES)
    except FileRefused as exc:
        return Skipped(rel, exc.reason, exc.detail)
    doc = decode_document(rel, kind, data)
    if isinstance(doc, RawDocument):
        url, captured = mirrors.origin(rel, doc.text if kind == "html" else "")
        doc = RawDocument(doc.path, kind, doc.text, doc.encoding, url, captured, doc.repaired)
    return doc


def decode_document(
    rel: str, kind: str, data: bytes, http_charset: str | None = None
) -> RawDocument | Skipped:
    """Bytes -> ``RawDocument`` (the pure part of :func:`read_document`); ``http_charset`` is
    the charset an HTTP response header declared (web archives)."""
    if not data.strip(b" \t\r\n\x0c") or data in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE):
        return Skipped(rel, "empty")
    bom = _bom(data)
    if bom is None and (data.startswith(BINARY_MAGIC) or b"\x00" in data[:PRESCAN_BYTES]):
        return Skipped(rel, "binary", "NUL bytes or a binary file signature")
    try:
        text, encoding, repaired = _decode(data, kind, bom, http_charset)
    except UnicodeDecodeError as exc:
        return Skipped(rel, "undecodable", str(exc))
    if len(CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        return Skipped(rel, "undecodable", f"too many control characters as {encoding}")
    text, encoding = _repair_legacy(data, text, encoding, kind)
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    if encoding in ("utf-8", "utf-16"):
        undone = mojibake.undo(text)
        if undone is None:
            return Skipped(rel, "mojibake", "double-decoded text that could not be undone")
        text, repaired = undone[0], "; ".join(filter(None, (repaired, undone[1])))
    if kind == "text":
        text = clean_text(text)
    if not text.strip():
        return Skipped(rel, "empty", "no text after decoding")
    return RawDocument(path=rel, kind=kind, text=text, encoding=encoding, repaired=repaired)


def utf8_damage(data: bytes) -> float:
    """Share of the non-ASCII bytes of ``data`` that are not part of valid UTF-8 (0.0 for ASCII)."""
    non_ascii = len(_NON_ASCII.findall(data))
    if not non_ascii:
        return 0.0
    text = data.decode("utf-8", "surrogateescape")
    invalid = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    return invalid / non_ascii


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _declared_charset(data: bytes) -> str | None:
    """The codec a page's <meta> declares, if Python knows it."""
    match = _META_CHARSET.search(data[:PRESCAN_BYTES])
    return _lookup(match.group(1).decode("ascii")) if match else None


def _lookup(label: str) -> str | None:
    """Python's codec name for a charset label, None when Python has no such codec."""
    label = label.strip().strip("\"'").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.info("unknown declared charset %r", label)
        return None


def _decode(
    data: bytes, kind: str, bom: str | None, http_charset: str | None
) -> tuple[str, str, str]:
    """(text, encoding name, what was repaired) by the module's decoding order; raises only for
    a broken BOM file."""
    if bom:
        return data.decode(bom), bom.removesuffix("-sig"), ""
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    damage = utf8_damage(data)
    if damage <= MAX_INVALID_SHARE:
        text = data.decode("utf-8", "replace").replace("\ufffd", "")
        bad = data.decode("utf-8", "surrogateescape")
        dropped = sum(1 for ch in bad if "\udc80" <= ch <= "\udcff")
        return text, "utf-8", f"{dropped} invalid UTF-8 bytes dropped"
    declared = _lookup(http_charset) if http_charset else None
    declared = declared or (_declared_charset(data) if kind == "html" else None)
    for codec in dict.fromkeys(c for c in (declared, "cp1258") if c and c != "utf-8"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "cp1258" and data.decode("cp1252", errors="replace") == text:
            codec = "cp1252"  # no byte where the two differ: call it by the commoner name
        return text, codecs.lookup(codec).name.replace("_", "-"), ""
    log.warning("not UTF-8 nor cp1258, read as cp1252 with Latin-1 for undefined bytes")
    return "".join(_cp1252_or_latin1(b) for b in data), "cp1252", ""


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
