"""One name per recipient: the key that groups spellings of the same recipient, and the record key.

Real articles name one recipient several ways in a few lines ("trường PTTH chuyên Lê Hồng Phong"
in the lead, "Trường PTTH chuyên Lê Hồng Phong" in the body; "TAND TP HCM", "TAND TP.HCM";
"ông Lê Thanh Hải", "Lê Thanh Hải"). Education units already come canonical from
``indexer.enrich.units``; every other name is keyed by a normalised form: NFC, case folded,
parentheses, courtesy words and a person's titles dropped, "TP.HCM" = "TPHCM". Diacritics are
kept in the key (``Lê Hồng Phong`` and ``Lê Hông Phòng`` are different people); the awards filter
additionally folds them, as search does.
"""

from __future__ import annotations

import re

from indexer.enrich.award_lexicon import (
    COURTESY_RE,
    HEAD_ABBREVIATION_RE,
    HEAD_ABBREVIATIONS,
    HEAD_RE,
)
from indexer.enrich.units import canonical_province
from indexer.text.analysis import normalize

# "Huyện Cần Giờ- TPHCM: Đón nhận ...": a headline writes a district, town or commune with its
# province after a dash; the place is the district (awards-dev, an NLĐ headline).
PLACE_IN_PROVINCE_RE = re.compile(
    r"^((?:huyện|quận|thị xã|thị trấn|xã|phường)\s+\S.*?)\s*[-–]\s*(\S.*)$", re.IGNORECASE
)

# "tập thể", with the staff it is made of, before the body's name: the body receives.
STAFF_RE = re.compile(
    r"^tập thể\s+(?:(?:cán bộ khoa học|cán bộ|công nhân viên|cb-cnv|phóng viên|nhân viên|"
    r"giáo viên|chiến sĩ|y|bác sĩ)"
    r"[\s,]*(?:và\s+)?)*(?=\S)",
    re.IGNORECASE,
)


def recipient_key(name: str) -> str:
    """The grouping key of a recipient's name (not for display)."""
    text = normalize(name).replace("&amp;", "&")
    text = re.sub(r"\([^()]*\)", " ", text)
    words = text.split()
    # "TP.HCM", "TP. HCM", "TP HCM", "TPHCM" are one city: the dot or space after "TP" before
    # an all-capital city abbreviation is dropped (decided on the written case).
    caps = re.sub(r"\bTP[.\s]*(?=[A-ZĐ]{2,4}\b)", "TP", " ".join(words))
    # "BV X" = "Bệnh viện X", "Báo CA.TPHCM" = "Báo Công an TPHCM": heads written out.
    caps = HEAD_ABBREVIATION_RE.sub(lambda m: HEAD_ABBREVIATIONS[m.group(1)] + " ", caps)
    key = " ".join(caps.casefold().replace("–", "-").split())
    key = COURTESY_RE.sub("", key).strip(" ,.;:-")
    # "Thượng tướng X", "đồng chí X", "GS.TS X": one person, whatever title the text gives him.
    while (head := HEAD_RE.match(key)) and head.lastgroup == "person" and head.end() < len(key):
        key = key[head.end() :].lstrip()
    return key.removeprefix("tỉnh ")  # "tỉnh Hà Giang" = "Hà Giang"


def display_name(name: str) -> str:
    """The name as shown: parentheses and courtesy titles kept out, first letter capitalised
    ("trường PTTH X" -> "Trường PTTH X")."""
    text = " ".join(re.sub(r"\([^()]*\)", " ", normalize(name).replace("&amp;", "&")).split())
    text = text.strip(" ,.;:-…")
    if (m := PLACE_IN_PROVINCE_RE.match(text)) and canonical_province(m.group(2)):
        text = m.group(1)
    text = STAFF_RE.sub("", text)  # "tập thể (cán bộ ...) Phòng X" = "Phòng X"
    return text[:1].upper() + text[1:] if text else text
