"""More award knowledge as data, measured on real news text (awards-dev, VNTC; issue 11).

Split from ``award_rules`` and ``award_lexicon`` (both at their size limit): the cues below name
the shapes they serve. Entries are lowercase original text unless a name ends in ``_F`` (folded).
"""

from __future__ import annotations

import re

# Orders and state titles only the state confers (Luật Thi đua, Khen thưởng arts. 33-36, 60-61):
# "Huân chương Lao động hạng 3 của Công ty X" names its holder after "của", never its giver.
STATE_ORDER_KEYS: frozenset[str] = frozenset(
    {
        "huan_chuong_lao_dong",
        "huan_chuong_doc_lap",
        "huan_chuong_other",
        "anh_hung_lao_dong",
        "anh_hung_llvt",
    }
)
# Kinds that may hold a state order named after "của" (a unit there is read as a giver: "Cờ thi
# đua của Bộ GD&ĐT"; a person is read by the existing "của cô giáo X" rule).
HOLDER_AFTER_OF_KINDS: frozenset[str] = frozenset({"organisation", "school"})
# An office opening a person's name after "của", or written right before it: the giver ("Bằng
# khen của Bộ trưởng X", "bằng khen nghệ sĩ ưu tú của thủ tướng Y"), not the holder (lowercase
# original text; the office's words are at most OFFICE_MAX_CHARS before the name).
_OFFICES = (
    r"(?:phó\s+)?(?:thủ tướng|chủ tịch|bộ trưởng|thứ trưởng|giám đốc|tổng giám đốc|"
    r"bí thư|tổng bí thư|đại sứ|tư lệnh|chánh án|viện trưởng|cục trưởng|hiệu trưởng)(?!\w)"
)
OFFICE_BEFORE_L = re.compile(_OFFICES)
OFFICE_END_L = re.compile(rf"(?<!\w){_OFFICES}[^,;:.()]{{0,40}}?\s+$")
OFFICE_MAX_CHARS = 60
# A number of the same award ("14 bằng khen", "7 Huân chương") given to one body goes to its
# members, whom the sentence does not name (lowercase original text, right before the award).
NUMBERED_AWARD_L = re.compile(r"(?<!\w)(?:[2-9]|\d{2,}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+$")
# Stop words that a body's name may hold ("báo Nông thôn ngày nay", "tạp chí Khoa học ngày nay"):
# read as part of the name when the name has begun (lowercase original text).
# "Lực lượng Thanh niên xung phong": "phong" alone ends a name before "phong tặng".
NAME_PHRASES_L: tuple[str, ...] = ("ngày nay", "xung phong")
# A profile's opening: a person, then when they were born ("X sinh ngày 3/10/1936, quê ...",
# "X (sinh năm 1927)"): the sentence's bare list items are that person's (lowercase original).
BORN_AFTER_NAME_L = re.compile(r"\s*[,(]?\s*sinh\s+(?:ngày|năm|\d)")
# A sentence that opens by listing achievements before its subject: "Với 5 ngôi vô địch ..., Huân
# chương ..., X được xem là ..." (a sports profile in awards-dev; lowercase original text).
ACHIEVEMENTS_OPENING_L = re.compile(r"^\W*với\s+(?:\d+|những|các|nhiều|hai|ba|bốn|năm)\s")
# A receiving cue written as the name of a ceremony ("xem bản dự toán lễ đón nhận Huân chương"):
# no predicate of the sentence's subject (lowercase, right before the cue).
CEREMONY_BEFORE_L = re.compile(r"(?<!\w)(?:lễ|buổi lễ|kinh phí|dự toán)\s*$")
# An award pinned to a body's flag: "gắn Huân chương Hồ Chí Minh lên lá cờ truyền thống của X"
# (X holds it; lowercase original text, matched right after the award and its giver).
FLAG_OF_L = re.compile(r"\s*lên\s+(?:lá\s+)?cờ(?:\s+truyền\s+thống)?\s+của\s+")
# ... given to a word for the article's own subject, not a name: "trao danh hiệu Anh hùng ...
# cho thành phố", "lên lá cờ truyền thống của đơn vị" (awards-dev: a city, a hospital).
SELF_OBJECT_KINDS: dict[str, str] = {
    "nhà trường": "school", "trường": "school", "đơn vị": "unit", "thành phố": "place",
    "tỉnh": "place",
}  # fmt: skip
SELF_OBJECT_L = re.compile(
    r"[^.;:]{0,60}?(?:(?<!\w)cho|lên\s+(?:lá\s+)?cờ(?:\s+truyền\s+thống)?\s+của)\s+"
    r"(nhà trường|trường|đơn vị|thành phố|tỉnh)(?!\w)"
)
# Denials among the planning cues (award_rules.PLANNING_CUES_L): they deny the award only in their
# own comma segment, or after it ("Trường chưa được tặng ...", "không được nhận ..."), not from
# another predicate of the sentence ("Ông không mặc cảm ..., được tặng bằng khen").
DENIALS_L: frozenset[str] = frozenset({"không", "chưa", "chẳng"})
# Words that turn to a new subject before it, with no comma ("Còn Hackworth, ..., được trao ..."):
# the subject still opens the sentence (lowercase original text).
SUBJECT_LEAD_L = re.compile(r"\W*(?:còn|riêng|trong khi đó)\s+")
# A title or a trade written before each person of a list ("cho 4 nghệ sĩ ...: NSƯT A, NSƯT B, ca
# sĩ C"): not a separator, and no name (lowercase original text, right before the person).
PERSON_PREFIX_L = re.compile(
    r"(?<!\w)(?:nsưt|nsnd|ngưt|ngnd|nghệ sĩ ưu tú|nghệ sĩ nhân dân|nhà giáo ưu tú|"
    r"nhà giáo nhân dân|thầy thuốc ưu tú|thầy thuốc nhân dân|ca sĩ|nghệ sĩ|diễn viên|đạo diễn|"
    r"nhạc sĩ|họa sĩ|nhà văn|nhà thơ|vđv|hlv)\s*$"
)
