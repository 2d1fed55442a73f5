"""Years and sentences as the award reader sees them, as data: how a year, a school year or a
period is written, which of them belong to an award, and where a sentence ends.

Used by ``indexer.enrich.award_text`` (split from ``award_rules``, which keeps the award types,
bodies, verbs and vetoes). Patterns run on folded text unless said otherwise; each threshold
says where its value was measured (the seeds in archive/txt, awards-dev).
"""

from __future__ import annotations

import re

# --- Years (folded text). ---------------------------------------------------------------------
YEAR_ITEM_RE = re.compile(
    r"(?<![\d/.])((?:19|20)\d\d)(?:(?:\s*[-–]\s*|\s+den\s+(?:nam\s+)?)((?:19|20)\d\d))?(?![\d/])"
)  # "2015-2016", "2015 - 2016", "(từ năm) 2000 đến (năm) 2005"
# Text allowed between items of one list: "năm 2015, 2016", "2018 - 2019 và năm học 2019 - 2020".
YEAR_LIST_GAP_RE = re.compile(r"^[\s,;:]*(?:va\s+)?(?:(?:cac\s+)?nam(?:\s+hoc)?\s*:?\s*)?$")
# A year of birth is never an award's year: "sinh năm 1919", "SN 1987" (folded).
BIRTH_YEAR_F = re.compile(r"\b(?:sinh|sn)\s*(?:nam\s*)?\(?\s*$")
# A dated ceremony (folded): "28-1-2005", "2.9.2005", "14/3/2006", "thang 3-1986".
DATE_YEAR_RE = re.compile(r"(?:\b\d{1,2}[-./]\d{1,2}|\bthang \d{1,2})[-./]((?:19|20)\d\d)\b")
# A sentence's dateline ("Ngày 20-11-2019, ...", "Sáng 9-4-2005, tại Hà Nội, ..."): the text
# before the date is at most 40 characters, without a comma (then it is a clause of its own).
DATELINE_RE = re.compile(r"^[^,;]{0,40}$")
# The source written between a merged headline and its lead ("... hạng nhất (NLĐ)- Chiều 3-1"):
# text after it is the lead's (folded).
SOURCE_MARK_F = re.compile(r"\((?:nld|nldo|tn|tt|tto|vne|ttxvn)\)\s*[-–]?")
BIRTH_DATE_F = re.compile(r"\b(?:sinh|sn)\s*(?:ngay|nam)?\s*$")
# A single year counts only after "năm" ("năm 2003", "(năm 1997)"); a range counts by itself.
YEAR_PREFIX_RE = re.compile(r"\bnam(?:\s+hoc)?\s*:?\s*\(?\s*$")
# "giai đoạn 2016 - 2020", "từ năm 1996 - 2005" (awards-dev: a Hero of Labour for ten years'
# work): longer ranges are eras ("1945-1975"), not what an award is for.
MAX_RANGE = 10
# "giai đoạn (từ) (năm) 2001-2005" names the period an award is for wherever it stands after it.
PERIOD_CUE_F = re.compile(r"\b(?:giai doan\s*(?:tu\s*)?(?:nam\s*)?|tu nam\s*)$")
TRAILING_YEAR_GAP = 60  # chars after the award where its year may still follow (seed 002: 36)
# Text between an award (with its giver) and a year that belongs to it: "(năm 1997)".
ADJACENT_YEAR_GAP_RE = re.compile(r"^[\s(,:]*(?:(?:cac\s+)?nam(?:\s+hoc)?\s*:?\s*)?\(?\s*$")
# A year before the award is its year when it opens the sentence, before the subject ("Trong 02 năm
# học 2018 - 2019, Sở ..."; seed 004 puts "Dienbien.edu.vn: " first, 34 chars in all)
LEADING_YEAR_MAX_PREFIX = 60
# ... or when a receiving verb follows it directly ("…, năm 2019 được tặng").
YEAR_THEN_PASSIVE_L = re.compile(r"^\W*(?:(?:đã|liên tục|tiếp tục|lại)\s+)*(?:được|nhận|vinh dự)")

# --- Sentences. --------------------------------------------------------------------------------
# A sentence ends at . ! ? … before an uppercase letter, digit or quote, unless the dot ends
# one of these abbreviations (original text, case-sensitive).
NO_SPLIT_ABBREVIATIONS: tuple[str, ...] = (
    "TP", "Tp", "TS", "ThS", "Th.S", "PGS", "GS", "NGƯT", "NGND", "Q", "P", "H", "TX", "TT", "St",
)  # fmt: skip
SENTENCE_END_RE = re.compile(
    r"(?<=[.!?…])[\"”»)]*\s+(?=[\"“«(]?[A-ZÀ-ỸĐ0-9])"
    # Real NLĐ leads glue sentences ("... do Nhà nước trao tặng.Theo Tổng Giám đốc ..."): a dot
    # after a lowercase word of 3+ letters (not "TP.", "Tp.") and before a capitalised word.
    r"|(?<=[a-zà-ỹđ]{3}[.!?])(?=[A-ZÀ-ỸĐ][a-zà-ỹđ])"
)
