"""The one place where Vietnamese text becomes index terms, for indexing and querying alike.

Two forms of every syllable are indexed:

* **exact**: NFC, lowercase, tone mark moved to one canonical position, so the old and new
  placements (``hoà``/``hòa``, ``thuỷ``/``thủy``, ``uỷ``/``ủy``) are one term;
* **folded**: every mark removed and ``đ``/``Đ``/``Ð`` folded to ``d`` (``đường`` -> ``duong``),
  so queries typed without diacritics still find the article.

A query is analysed by the same functions, so ``Thái Nguyên``, ``THÁI NGUYÊN``, NFD input and
``thai nguyen`` meet the index on the same terms. ``indexer.text.tokenizers`` runs these functions
inside Whoosh; ``ANALYSIS_VERSION`` must change whenever the terms they produce change (a build
on an index of another version rebuilds it from scratch).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

from unidecode import unidecode

# Bump when the terms produced for some text change: old indexes are then rebuilt, not misread.
ANALYSIS_VERSION = 7

# Syllable tokens: letters and digits. Vietnamese needs no word segmenter for retrieval; phrase
# scoring over adjacent syllables does the work of words. One-letter syllables are kept.
TOKEN_RE = re.compile(r"\w+")

# Old pages type the Icelandic eth (U+00D0/U+00F0) for Đ/đ: read it as what it means.
_ETH_TO_D = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
# Zero-width characters and BOMs inside words would split or hide them from the tokenizer.
INVISIBLE_CHARS = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARS))
# Cheap test (one C-level scan) for whether the two translations above have anything to do.
_NEEDS_REPAIR = re.compile("[\u00d0\u00f0" + "".join(sorted(INVISIBLE_CHARS)) + "]")

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aăâeêioôơuưy")
# Vowels that carry their own mark (breve, circumflex, horn) take the tone when present.
_MARKED_VOWELS = frozenset("ăâêôơư")
# Cache sizes: a Vietnamese corpus has a few thousand distinct syllables (times case and tone
# variants), so these caches turn per-token work into a dict lookup on the indexing hot path.
_TOKEN_CACHE_SIZE = 1 << 17


def normalize(text: str) -> str:
    """NFC plus the character repairs every consumer of text needs (eth for đ, invisibles).

    NFC comes first and always: on decomposed text ``\\w+`` splits ``hòa`` into ``ho`` + ``a``.
    Stored article text is already clean, so both steps first check, in C, whether they have
    anything to do: highlighting calls this on whole bodies at query time.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _NEEDS_REPAIR.search(text):
        text = text.translate(_ETH_TO_D).translate(_INVISIBLE)
    return text


@lru_cache(maxsize=_TOKEN_CACHE_SIZE)
def canonical_syllable(token: str) -> str:
    """Lowercase ``token`` and put its tone mark where the modern convention puts it.

    The tone is stripped and placed again by rule, so every placement of the same syllable
    (``hoà``, ``hòa``; ``uỷ``, ``ủy``; ``quý``) yields one string. Tokens that are not a single
    Vietnamese syllable with a tone (English words, numbers) come back only lowercased.
    """
    token = token.lower()
    if token.isascii():
        return token
    tones = [c for c in unicodedata.normalize("NFD", token) if c in TONE_MARKS]
    if len(tones) != 1:
        return token
    base = strip_tone(token)
    position = _tone_position(base)
    if position is None:
        return token
    placed = base[: position + 1] + tones[0] + base[position + 1 :]
    return unicodedata.normalize("NFC", placed)


def strip_tone(text: str) -> str:
    """``text`` without its tone marks, other marks kept, NFC: ``Sở`` -> ``Sơ``."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def _tone_position(base: str) -> int | None:
    """Index in ``base`` (an untoned NFC syllable) of the vowel that carries the tone, or None."""
    start = 0
    # Skip leading consonants; "qu" and "gi" before another vowel are consonants too.
    while start < len(base) and base[start] not in _VOWELS:
        start += 1
    onset_glide = base[start - 1 : start + 1] in ("qu", "gi")
    if onset_glide and start + 1 < len(base) and base[start + 1] in _VOWELS:
        start += 1
    end = start
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    nucleus, coda = base[start:end], base[end:]
    if not nucleus or any(c in _VOWELS for c in coda) or not base.isalpha():
        return None
    marked = [i for i, c in enumerate(nucleus) if c in _MARKED_VOWELS]
    if marked:
        offset = marked[-1]  # ươ -> ơ, uô -> ô, iê -> ê
    elif coda:
        offset = len(nucleus) - 1  # toán, hoàng, tuyển
    elif len(nucleus) == 3:
        offset = 1  # ngoài, khuỷu
    else:
        offset = 0  # hòa, thủy, khỏe, mùa, hái
    return start + offset


@lru_cache(maxsize=_TOKEN_CACHE_SIZE)
def fold_syllable(token: str) -> str:
    """Folded form of one token: no marks, ``đ`` -> ``d``, lowercase (``Đường`` -> ``duong``)."""
    if token.isascii():
        return token.lower()
    return unidecode(token).lower().replace(" ", "")


@lru_cache(maxsize=_TOKEN_CACHE_SIZE)
def fold_char(ch: str) -> str:
    """The folded form of one character: ``Đ`` -> ``d``, ``ạ`` -> ``a``; invisibles -> ``""``;
    punctuation and spaces unchanged; a lone combining mark (NFD text) -> ``""``. Some letters
    fold to several (``Æ`` -> ``ae``)."""
    if ch in INVISIBLE_CHARS or unicodedata.combining(ch):
        return ""
    return fold_syllable(ch) if ch.isalnum() else ch


def _aligned_fold(ch: str) -> str:
    folded = fold_char(ch)
    return folded if len(folded) == 1 else ch.lower() if len(ch.lower()) == 1 else ch


class _CharTable(dict):  # type: ignore[type-arg]
    """A ``str.translate`` table filled on first sight of each character: translating a whole
    text in C is about ten times faster than a Python call per character."""

    def __init__(self, mapping) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.mapping = mapping

    def __missing__(self, code: int) -> str:
        value = self[code] = self.mapping(chr(code))
        return value


_LOWER_TABLE = _CharTable(lambda c: c.lower() if len(c.lower()) == 1 else c)
_FOLD_TABLE = _CharTable(_aligned_fold)


def aligned_forms(text: str) -> tuple[str, str]:
    """(lowercase, folded) forms of ``text`` with exactly its length, so one offset serves all
    three: find a pattern in the folded form, show the original at the same place. Characters
    that do not fold to exactly one character stay as they are (lowercased)."""
    return text.translate(_LOWER_TABLE), text.translate(_FOLD_TABLE)


# Where accented Latin letters live: Latin-1, Latin Extended-A/B (đ, ơ, ư) and the Vietnamese
# block of Latin Extended Additional (ạ ... ỹ).
_ACCENTED_RANGES = ((0x00C0, 0x0250), (0x1EA0, 0x1F00))


@cache
def _letter_classes() -> dict[str, str]:
    """For each folded letter, a regex class of every lowercase letter that folds to it."""
    variants: dict[str, set[str]] = {}
    for low, high in _ACCENTED_RANGES:
        for code in range(low, high):
            ch = chr(code).lower()
            if len(ch) != 1:  # İ lowercases to two characters
                continue
            folded = fold_char(ch)
            if len(folded) == 1 and folded.isascii() and folded != ch:
                variants.setdefault(folded, {folded}).add(ch)
    return {letter: "[" + "".join(sorted(chars)) + "]" for letter, chars in variants.items()}


def accent_pattern(folded: str) -> str:
    """Regex source (use with re.IGNORECASE) matching every accented spelling of the folded
    syllable ``folded``: ``duong`` matches ``đường``, ``Dương``, ``DUONG``.

    Lets highlighting find folded matches in the original text directly, without folding a
    whole article body first (a per-character translation costs ~0.1 µs a character).
    """
    classes = _letter_classes()
    return "".join(classes.get(c, re.escape(c)) for c in folded)


def iter_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """``(token, start, end)`` for each syllable of ``normalize(text)``, offsets into that text."""
    for match in TOKEN_RE.finditer(normalize(text)):
        yield match.group(), match.start(), match.end()


def syllables(text: str) -> list[str]:
    """The syllables (tokens) of ``normalize(text)``, as every text field and signature splits
    it. ``findall``, not ``iter_tokens``: no match objects (half the cost of a dedup signature's
    terms)."""
    return TOKEN_RE.findall(normalize(text))


def exact_terms(text: str) -> list[str]:
    """The exact-field terms of ``text``, as the index holds them."""
    return [canonical_syllable(token) for token in syllables(text)]


def folded_terms(text: str) -> list[str]:
    """The folded-field terms of ``text``, as the index holds them."""
    return [fold_syllable(token) for token in syllables(text)]


def fold_text(text: str) -> str:
    """Fold a whole string, keeping non-word characters: for matching names and patterns.

    ``Sở GD&ĐT Thái Nguyên`` -> ``so gd&dt thai nguyen``. Length may differ from the input, so
    use it for comparing, not for offsets.
    """
    return "".join(
        fold_syllable(piece) if piece[0].isalnum() else piece
        for piece in re.findall(r"\w+|\W+", normalize(text))
    )
