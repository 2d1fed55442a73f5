"""UTF-8 that was decoded as windows-1252 and saved again ("GiÃ¡o dá»¥c"): undone or refused.

Such a file is valid UTF-8, so no decoder complains, and every Vietnamese letter in it is two or
three wrong characters. ftfy (a well-kept library for exactly this) scores the tell-tale sequences
(``badness``) and reverses the double decoding (``fix_encoding``). Its score alone is not enough on
Vietnamese: it flags 47 of the 84,132 clean VNTC articles (a lone ``Â`` before a no-break space)
and would "fix" them, so the rule needs both a count and a density of bad sequences; after the
repair none may remain, or the file is refused rather than indexed half-repaired.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import badness

# Bad sequences per non-ASCII character (bench/decoding.py, real VNTC articles): clean text at
# most 0.0083 (all 84,132 articles); double-encoded text at least 0.17 (median 0.34) on 3,000.
# 0.05 is 6x the clean maximum and 3x under the double-encoded minimum.
MIN_BAD_DENSITY = 0.05
# Bad sequences in one clean VNTC article: at most 2 (all 84,132); double-encoded articles have
# 20 or more except two one-line ones with 2. A short clean line ("châu Â" + no-break space) has
# a high density from a single hit, so at least 3 hits are needed too.
MIN_BAD_SEQUENCES = 3
# What Vietnamese UTF-8 looks like read as windows-1252, and never is in Vietnamese: the lead
# bytes of U+1Exx letters (E1 BA/BB -> "áº"/"á»"), ư/ơ (C6 B0/A1 -> "Æ°"/"Æ¡"), đ/Đ (C4 91/90 ->
# "Ä‘"/"Ä"; Vietnamese has no "Ä") and Ã before a continuation byte. ftfy's score misses some
# of them once a repair is partial, so a repaired text must hold none.
_SIGNATURE = re.compile("á[º»]|Æ[°¡¯]|Ä|Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u2013-\u203a]")


def bad_density(text: str) -> float:
    """ftfy's bad sequences per non-ASCII character (0.0 for ASCII text)."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return badness(text) / non_ascii if non_ascii else 0.0


def undo(text: str) -> tuple[str, str] | None:
    """(repaired text, what was done) for double-decoded text, ``text`` unchanged with "" when it
    is clean, or None when it is mojibake that could not be undone (the file is skipped)."""
    if badness(text) < MIN_BAD_SEQUENCES or bad_density(text) < MIN_BAD_DENSITY:
        return text, ""
    fixed = unicodedata.normalize("NFC", ftfy.fix_encoding(text))
    if badness(fixed) or _SIGNATURE.search(fixed):
        return None
    return fixed, "double-decoded UTF-8 undone"
