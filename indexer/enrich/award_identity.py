"""One name per recipient: the key that groups spellings of the same recipient, and the record key.

Real articles name one recipient several ways in a few lines ("trường PTTH chuyên Lê Hồng Phong"
in the lead, "Trường PTTH chuyên Lê Hồng Phong" in the body; "TAND TP HCM", "TAND TP.HCM";
"ông Lê Thanh Hải", "Lê Thanh Hải"). Education units already come canonical from
``indexer.enrich.units``; every other name is keyed by a normalised form: NFC, case folded,
parentheses and courtesy titles dropped, punctuation inside abbreviations ignored. Diacritics are
kept in the key (``Lê Hồng Phong`` and ``Lê Hông Phòng`` are different people); the awards filter
additionally folds them, as search does.
"""

from __future__ import annotations

import re

from indexer.text.analysis import normalize

# Courtesy words before a person's name: the same person with or without them.
_COURTESY = re.compile(r"^(?:(?:ông|bà|anh|chị|cụ|cố|đồng chí|em|thầy|cô|tập thể)\s+)+")


def recipient_key(name: str) -> str:
    """The grouping key of a recipient's name (not for display)."""
    text = normalize(name).replace("&amp;", "&")
    text = re.sub(r"\([^()]*\)", " ", text)
    words = text.split()
    # "TP.HCM", "TP. HCM", "TP HCM", "TPHCM" are one city: the dots, dashes and spaces between
    # all-capital runs are dropped (decided on the written case, before folding it).
    caps = " ".join(words)
    caps = re.sub(
        r"\b([A-ZĐ]{2,})[.\s-]+(?=[A-ZĐ]{2,}\b)", lambda m: m.group(1), caps
    )  # "TP. HCM" -> "TPHCM"
    caps = re.sub(r"\b([A-ZĐ]{2,})\.(?=[A-ZĐ])", r"\1", caps)  # "TP.HCM" -> "TPHCM"
    key = " ".join(caps.casefold().replace("–", "-").split())
    return _COURTESY.sub("", key).strip(" ,.;:-")


def display_name(name: str) -> str:
    """The name as shown: parentheses and courtesy titles kept out, first letter capitalised
    ("trường PTTH X" -> "Trường PTTH X")."""
    text = " ".join(re.sub(r"\([^()]*\)", " ", normalize(name).replace("&amp;", "&")).split())
    text = text.strip(" ,.;:-")
    return text[:1].upper() + text[1:] if text else text
