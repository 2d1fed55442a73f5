"""Does a text read as Vietnamese? The share of its non-ASCII words that are valid syllables.

A Vietnamese syllable is an optional onset, a nucleus and an optional coda with at most one tone
mark; the three inventories are data (``indexer/data/legacy_syllables.json``). Text in the wrong
8-bit table (``Së Gi¸o dôc``) scores low, the right conversion scores near 1: this is the evidence
``indexer.ingest.legacy`` decides by.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from indexer.text.analysis import TONE_MARKS, strip_tone

SYLLABLES = Path(__file__).parents[1] / "data" / "legacy_syllables.json"
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def is_well_formed_syllable(word: str) -> bool:
    """Whether ``word`` is spelt as one Vietnamese syllable can be: an onset, nucleus and coda
    of the inventories and at most one tone mark. A test of spelling, for telling a right
    legacy conversion from a wrong one (not ``indexer.vocabulary.is_syllable``, which tells an
    index term of one syllable from a pair or concept term)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    if sum(ch in TONE_MARKS for ch in nfd) > 1:
        return False
    bare = strip_tone(nfd)
    return _syllable_re().fullmatch(bare) is not None


@cache
def _syllable_re() -> re.Pattern[str]:
    data = json.loads(SYLLABLES.read_text(encoding="utf-8"))
    alt = lambda items: "|".join(sorted(items, key=len, reverse=True))  # noqa: E731
    return re.compile(
        f"(?:{alt(data['onsets'])})?(?:{alt(data['nuclei'])})(?:{alt(data['codas'])})?"
    )


def syllable_score(text: str) -> tuple[float, int]:
    """(share of valid syllables, count) over the words that contain a non-ASCII letter."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0, 0
    return sum(map(is_well_formed_syllable, words)) / len(words), len(words)
