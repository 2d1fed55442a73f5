"""Text cleaning shared by every decoded file: entities, zero-width characters, spaces, lines.

Kept apart from decoding (``indexer.ingest.archive``) so that both stay one job each.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# C0/C1 control characters other than tab, newline and carriage return: never text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
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
    text = CONTROL.sub("", text)
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return unicodedata.normalize("NFC", re.sub(" {2,}", " ", text))
