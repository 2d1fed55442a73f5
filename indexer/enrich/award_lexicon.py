"""Words that start, continue and stop a recipient's name in real news text, as data.

Used by ``indexer.enrich.award_names``. Calibrated on awards-dev (real VNTC articles: schools,
hospitals, police and army units, companies, newspapers, places, officials, athletes): the heads
below are the ones those recipients start with. All entries are lowercase original text (not
folded: folding merges "bà" with "ba", "cô" with "có", "Phòng" with "phong").
"""

from __future__ import annotations

import re

# Heads of a person's name: honorifics, ranks, academic and professional titles, offices.
PERSON_HEADS: tuple[str, ...] = (
    "ông", "bà", "anh", "chị", "cụ", "cố", "đồng chí", "thầy", "cô", "thầy giáo", "cô giáo",
    "nhà giáo", "nhà thơ", "nhà văn", "nhà báo", "nghệ sĩ", "giáo sư", "phó giáo sư", "tiến sĩ",
    "gs", "pgs", "ts", "ths", "bs", "ds", "gs.ts", "pgs.ts", "gs-ts", "gs.tskh", "tskh",
    "bác sĩ", "dược sĩ", "kỹ sư", "đại tá", "thượng tá", "trung tá", "thiếu tá", "đại úy",
    "thiếu tướng", "trung tướng", "thượng tướng", "đại tướng", "chánh án", "hiệu trưởng",
    "đại sứ", "tổng bí thư", "chủ tịch", "bộ trưởng", "thứ trưởng", "giám đốc", "tổng giám đốc",
    "trưởng đoàn", "hlv", "vđv", "huấn luyện viên", "vận động viên", "hòa thượng",
    "đức đại lão hòa thượng", "em",
)  # fmt: skip
# Heads of a school's name (before the level words of award_rules.SCHOOL_RE).
SCHOOL_HEADS: tuple[str, ...] = (
    "trường", "trường đh", "trường đại học", "đại học", "đh", "trường cđ", "trường cao đẳng",
    "học viện", "ptth", "thpt", "thcs",
)  # fmt: skip
# Heads of a unit's or an organisation's name (kind = "unit" for parts of the state, hospitals,
# police and army units; "organisation" for companies, newspapers, associations as a whole).
UNIT_HEADS: tuple[str, ...] = (
    "bệnh viện", "bv", "trung tâm", "viện", "sở", "phòng", "ban", "cục", "tổng cục", "vụ",
    "đội", "đội tuyển", "công an", "bộ chỉ huy", "bộ đội", "bộ tư lệnh", "sư đoàn", "trung đoàn",
    "lữ đoàn", "quân chủng", "quân khu", "binh chủng", "lực lượng", "tand", "tòa án", "vks",
    "viện kiểm sát", "thanh tra", "văn phòng", "cụm cảng", "cảng", "kho bạc", "chi cục",
    "tổ", "khoa", "cơ quan", "đoàn", "tập thể", "ủy ban", "uỷ ban", "ubnd", "hđnd",
)  # fmt: skip
ORGANISATION_HEADS: tuple[str, ...] = (
    "công ty", "tổng công ty", "tập đoàn", "báo", "tạp chí", "đài", "đài truyền hình",
    "thông tấn xã", "hội", "chi hội", "liên đoàn", "hiệp hội", "khách sạn", "ngân hàng",
    "bảo hiểm xã hội", "nhà xuất bản", "nhà văn hóa", "nhà văn hoá", "hợp tác xã", "xí nghiệp",
    "nhà máy", "ngành", "phụ nữ", "hãng", "nhà hát", "website",
)  # fmt: skip
PLACE_HEADS: tuple[str, ...] = (
    "huyện", "xã", "thành phố", "tp", "tỉnh", "quận", "phường", "thị xã", "thị trấn", "làng",
    # VNTC outside awards-dev: "chiến khu An Phú Đông", "Khu công nghiệp Quế Võ" read as persons
    "chiến khu", "khu công nghiệp", "khu chế xuất",
)  # fmt: skip

# Lowercase words that end a name: verbs, function words and the adverbs that follow a subject.
STOP_WORDS: frozenset[str] = frozenset((
    "đã", "được", "vừa", "mới", "cũng", "còn", "đều", "lại", "nhận", "đón", "là", "có", "và",
    "với", "cho", "của", "do", "vì", "về", "để", "tại", "trong", "trên", "từ", "khi", "sau",
    "trước", "theo", "như", "nhằm", "kèm", "thuộc", "tổ", "vinh",
    "tiếp", "tục", "trao", "tặng", "phong", "truy", "khen", "gắn", "thưởng", "sẽ", "đang", "nay",
    "này", "đó", "ấy", "thì", "mà", "nhưng", "hay", "hoặc", "rất", "đạt", "giành", "xuất", "sắc",
    "nhiều", "các", "những", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    "mười", "lễ", "buổi", "ngày", "sáng", "chiều", "tối", "hôm", "qua", "đến", "tôn",
    "vinh", "kỷ", "tròn", "tuổi", "người", "hạng", "lên", "vào", "tháng", "lúc", "hồi",
    "chúng",  # "tập thể CB-CNV Công ty X chúng tôi ...": the speaker's "we" ends the name
))  # fmt: skip
# A name may run through a few lowercase words ("Trung tâm Y tế dự phòng", "Sở Nông nghiệp &
# phát triển nông thôn", "đội bóng đá nữ"); longer lowercase runs are prose.
# "Tổng cục Tình báo công an nhân dân": "báo công an nhân dân"; "Công ty Đầu tư và phát triển
# công nghệ truyền hình Việt Nam": "phát triển công nghệ truyền hình" (VNTC, outside awards-dev).
MAX_LOWER_RUN = 6
MAX_NAME_WORDS = 12  # "Đội Quản lý ngành nghề đặc doanh PC 13 Công an TPHCM" is the longest seen
# A bare run of capitalised syllables is read as a person's name at 2-4 syllables (Vietnamese
# full names; "Nguyễn Thị Thanh Thảo" = 4) when no head precedes it.
BARE_PERSON_SYLLABLES = (2, 4)
# Capitalised words that are not names when they open a bare run (sentence adverbs, months).
NOT_NAME_STARTS: frozenset[str] = frozenset((
    "Sáng", "Chiều", "Tối", "Hôm", "Ngày", "Tháng", "Năm", "Dịp", "Nhân", "Trong", "Tại", "Theo",
    "Với", "Sau", "Trước", "Đây", "Đó", "Những", "Các", "Một", "Cũng", "Riêng", "Ngoài", "Thay",
    "Cùng", "Nhưng", "Khi", "Hiện", "Còn", "Được", "Đặc", "Ông", "Bà", "Phó", "Thủ", "Chủ",
    "Bộ", "Tổng", "Giám", "Thứ", "Đại", "Giáo", "Trung", "Thượng", "Thiếu"
))  # fmt: skip
# Short heads that name a body only when capitalised ("Vụ", "Ban", "Tổ", "Phụ nữ"): lowercase,
# they are ordinary words ("phục vụ", "một phụ nữ").
CAPITALISED_HEADS: frozenset[str] = frozenset(
    ("vụ", "ban", "tổ", "khoa", "đoàn", "cảng", "phụ nữ", "tp")
)
# Heads that, lowercase, need a capitalised word right after them ("báo Nông thôn ngày nay",
# "sở Y tế" but not "báo cáo", "phòng học").
NAMED_AFTER_HEADS: frozenset[str] = frozenset(
    ("sở", "phòng", "hội", "báo", "đài", "viện", "cục", "đội", "công an", "trung tâm")
)
# All-capital abbreviations that name a recipient on their own ("NVHTN", "PC14"), except
# these: places, levels and the sources written after a headline.
NOT_ACRONYM_NAMES: frozenset[str] = frozenset(
    ("UBND", "HĐND", "TP", "TPHCM", "HCM", "VN", "NLĐ", "TT", "TN", "THCS", "THPT", "PTTH",
     "ĐH", "CĐ", "GD", "ĐT", "GDĐT", "CNXH", "TW", "MTTQ", "HS", "SV", "HCV", "HCB", "HCĐ",
     "VĐV", "HLV", "LLVT", "AHLĐ", "NSƯT", "NSND", "NGƯT", "NGND", "QĐ", "CP", "TƯ", "USD")
)  # fmt: skip
# Common family names: a run of capitalised words starting with one of them, after a unit's
# name, is a person ("Báo Thanh Niên Nguyễn Công Khế" = the newspaper, then its editor).
SURNAMES: frozenset[str] = frozenset((
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đào", "Trương", "Lương", "Tạ", "Cao", "Mai", "Đoàn",
    "Lâm", "Tô", "Trịnh", "Châu", "Quách", "Thái", "Kiều", "Triệu", "Tăng", "Lưu"
))  # fmt: skip


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


HEAD_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("person", PERSON_HEADS),
    ("school", SCHOOL_HEADS),
    ("unit", UNIT_HEADS),
    ("organisation", ORGANISATION_HEADS),
    ("place", PLACE_HEADS),
)
# One pattern for every head, longest first; the group name says the kind.
HEAD_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(f"(?P<{kind}>{_alternation(words)})" for kind, words in HEAD_KINDS)
    + r")(?=[\s.(]|$)"
)

# --- How recipients are linked to an award in a clause (lowercase original text). -----------
# Between list items: separators, "và", a count ("2 HLV ..."), a parenthesis already blanked.
LIST_GAP_RE = re.compile(
    r"^[\s,;:]*(?:(?:và|cùng|cùng với)\s+)?(?:(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+)?"
    r"(?:(?:tập thể|cá nhân|đơn vị|người)\s*:?\s*)?$"
)
# After a person, an apposition up to the next item: ", Hiệu trưởng Trường X," or " - giáo viên".
APPOSITION_GAP_RE = re.compile(
    r"^\s*[,\-–]\s*(?P<body>[^,;:]{1,90}?)\s*(?:,|;|\s(?:và|cùng)\s)[\s,]*"
    r"(?:(?:và|cùng)\s+)?(?:(?:\d+|hai|ba|bốn)\s+)?$"
)
# Words that make an apposition a clause of its own: it then separates, it does not describe.
CLAUSE_WORDS_RE = re.compile(
    r"(?<!\w)(?:được|đã|nhận|trao|tặng|là|có|vì|do|cho|sẽ|đang|tổ chức)(?!\w)"
)
# Between the award (with its giver) and the list it is given to.
FORWARD_LINK_RE = re.compile(  # used with .match(text, pos): no "^"
    r"[\s,]*(?:(?:còn lại|đã|được|cũng|vừa)\s+)*"
    r"(?:(?:do|của)\s+[^,;:.]{1,60}?\s+)?"
    r"(?:(?:trao tặng|khen tặng|tặng thưởng|phong tặng|truy tặng|trao|tặng)\s+(?:cho\s+)?|"
    r"(?:,[^,;:]{1,60}?\s+|các loại\s+|kèm(?: theo)?\s[^,;:]{1,40}?\s+)?cho\s+|"
    r"(?:(?:đợt|lần|dịp)\s+(?:này|ấy|đó)\s+)?là\s+|"  # "... danh hiệu X đợt này là đại tá Y"
    r"gồm(?: có)?\s*:?\s+|"
    r"(?P<of>của)\s+)"
)
# "cho 3 đơn vị:", "cho sáu tập thể:", "4 VĐV môn điền kinh là", "cho 17 cá nhân - trong đó có":
# a count that introduces names (all of them, or the ones the article cares about).
LIST_INTRO_RE = re.compile(  # used with .match(text, pos): no "^"
    r"(?:(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|các)\s+[^\s:,.;]+(?:\s+[^\s:,.;]+){0,3}"
    r"\s*(?::|là|[,\-–]?\s*(?:trong đó(?: có)?|gồm(?: có)?))\s*"
    # "cho 8 nghệ sĩ đã đoạt Giải Mai Vàng từ 3 năm trở lên: A, B, ...": a longer description
    r"|(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+[^:;.()]{1,80}?:\s*)?(?:lãnh đạo\s+)?"
    # "cho tập thể cán bộ, phóng viên, công nhân viên Báo X", "cho 2 tập thể y, bác sĩ Bệnh viện
    # X, Bệnh viện Y": the staff of the bodies that receive
    r"(?:(?:\d+\s+)?tập thể\s+(?:(?:cán bộ|phóng viên|công nhân viên|nhân viên|giáo viên|"
    r"chiến sĩ|y|bác sĩ)\s*,?\s*(?:và\s+)?)+(?=\S))?"
)
# Between a subject and its receiving cue: adverbs, an age, an apposition already blanked.
SUBJECT_GAP_RE = re.compile(
    # "X (gọi tắt là Y) tại TPHCM đã vinh dự đón nhận": where X is, before its adverbs
    r"^[\s,]*(?:\d+\s+tuổi[\s,]*)?(?:tại\s+[^\s,;:]+(?:\s+[^\s,;:]+){0,2}?[\s,]+(?=đã|vừa))?"
    r"(?:(?:đã|vừa|cũng|còn|mới|đều|lại|từng|chính thức|chúng tôi|"
    r"rất|đỗi|tự hào|vinh dự|có thêm vinh dự khi|đã từng|tiếp tục|tổ chức lễ|long trọng|"
    r"trọng thể|trang trọng|được|nhận|đón)\s+)*"
    r"(?:(?:tổ chức|long trọng tổ chức|đã tổ chức)\s[^,;:]{0,100}?\svà\s+)?$"
)
# Receiving cues: the subject before one is the recipient.
RECEIVE_RE = re.compile(
    r"(?<!\w)(?:được|nhận được|đón nhận|(?<!ghi )(?<!công )nhận|vinh dự|giành|đạt)(?!\w)"
)
# Words that refer back to the article's own subject instead of naming it.
SELF_REFS: tuple[tuple[str, str], ...] = (
    ("nhà trường", "school"),
    ("ngôi trường", "school"),
    ("trường", "school"),
    ("đơn vị", "unit"),
    ("ông", "person"),
    ("bà", "person"),
)
SELF_REF_RE = re.compile(  # not "môi trường" (environment) nor "thị trường" (market)
    r"(?<!\w)(?<!môi )(?<!thị )("
    + "|".join(w for w, _ in SELF_REFS)
    + r")\s*(?:đã|vừa|cũng|còn|từng|vinh dự|được|\s)*$"
)
# Courtesy words before a person's name (lowercase): the same person with or without them.
COURTESY_RE = re.compile(
    r"^(?:(?:ông|bà|anh|chị|cụ|cố|đồng chí|em|thầy giáo|cô giáo|thầy|cô|tập thể)\s+)+"
)
# A second predicate of the same subject: ", được ...", "và được ...", "; nhận ...".
COORDINATED_RE = re.compile(
    r"[,;]\s*(?:và\s+)?(?:(?:đã|cũng|còn|lại|tiếp tục|liên tục)\s+)*(?:được|nhận|đón nhận)(?!\w)"
)
# An adverbial may open a sentence before its subject: "Dienbien.edu.vn: Trong 02 năm học 2018 -
# 2019 và năm học 2019 - 2020, Sở ..." (seed 004: 70 characters).
SUBJECT_MAX_LEAD = 100
# An apposition after a person starts with a capitalised title ("Phó trưởng phòng ...",
# "Hiệu trưởng ...") or one of these lowercase position words; anything else is prose.
POSITION_START_RE = re.compile(
    r"^(?:[A-ZÀ-ỸĐ]|(?:giáo viên|giám đốc|phó|trưởng|hiệu trưởng|chủ tịch|kỹ sư|bác sĩ|"
    r"thương binh|nguyên|cán bộ|chiến sĩ|kiểm sát viên|thẩm phán|chủ nhiệm)(?!\w))"
)
# A body named after its students is a contest team, not a recipient of state awards.
# Matched on the lowercase name, not folded: folding makes "khoa học Viện Lúa" read "hoc vien".
STUDENT_NAME_L = re.compile(r"(?<!\w)(?:học sinh|sinh viên|thí sinh|học viên)(?!\w)")
# A profile's list of honours ("Thành tích: ...", "Khen thưởng: ..."): the article's subject
# holds them (its person, else its school, else its unit).
PROFILE_RE = re.compile(r"^\W*(?:thành tích|khen thưởng|danh hiệu|phần thưởng)[^:]{0,30}:")
PROFILE_KINDS = ("person", "school", "unit", "organisation")
# Offices before a name ("Hiệu trưởng Tạ Văn A"): without a family name after them the words
# describe someone already named ("ông A, Hiệu trưởng Trường B") and are no name of their own.
# An office's words before its holder's family name: "Bộ trưởng Giáo dục và Đào tạo " is 31.
OFFICE_MAX_CHARS = 60
OFFICE_HEADS: frozenset[str] = frozenset(
    ("hiệu trưởng", "giám đốc", "tổng giám đốc", "chủ tịch", "bộ trưởng", "thứ trưởng",
     "chánh án", "trưởng đoàn", "đại sứ", "tổng bí thư")
)  # fmt: skip
# Countries and old city names that a run of capitalised syllables may be (not persons).
COUNTRIES: frozenset[str] = frozenset(
    ("Việt Nam", "Trung Quốc", "Hoa Kỳ", "Sài Gòn", "Hàn Quốc", "Nhật Bản", "Thái Lan",
     "Đài Loan", "Campuchia", "Lào", "Gia Định", "Chợ Lớn")
)  # fmt: skip
# A sentence about a contest (folded): a name found only before its award is a contestant.
CONTEST_F = re.compile(
    r"\b(?:olympic|ky thi|cuoc thi|hoi thi|sea games|huy chuong (?:vang|bac|dong)|"
    r"hc (?:vang|bac|dong)|hcv|hcb|hcd|dat giai|giai (?:nhat|nhi|ba))\b"
)
# A word referring to the article's subject that opens the sentence, after at most short
# adverbials: "Dẫu vậy, năm học vừa qua, trường có ... và được ...", "Ông không ..., được tặng".
# A presenter visits the recipients and gives there: "lãnh đạo TP đã trực tiếp đến các đơn vị như
# Công an TP, Sở Y tế… trao tiền và bằng khen" (awards-dev: a city thanking units after a storm).
# The group word is required: "đến TP HCM, đoàn ... trao" names a place visited, not a recipient.
VISIT_RE = re.compile(
    r"(?<!\w)(?:đến|tới)(?:\s+thăm)?\s+(?:các|những)\s+(?:đơn vị|cơ quan)\s+(?:như\s+|là\s+)?"
)
# A sentence that opens with its passive verb ("Được Nhà nước tặng ..., người chiến sĩ ấy ...")
# names no subject before it: the one the article is about (obituaries and profiles).
OPENING_PASSIVE_RE = re.compile(r"^\W*(?:(?:đã|từng|vừa|cũng)\s+)*được(?!\w)")
SELF_SUBJECT_RE = re.compile(
    r"^\W*(?:[^,;:]{1,30},\s*){0,2}(nhà trường|ngôi trường|trường|đơn vị|ông|bà)(?!\w)"
)

# Capital abbreviations of a recipient's head, as written in headlines and leads ("BV Nhi Trung
# ương" = "Bệnh viện Nhi Trung ương", "Báo CA TP.HCM" = "Báo Công an TP.HCM"): one recipient.
# Matched case-sensitively, so the words "ca" (shift, song) and "bv" in prose are left alone.
HEAD_ABBREVIATIONS: dict[str, str] = {
    "BV": "bệnh viện", "CA": "công an", "VKS": "viện kiểm sát", "TAND": "tòa án nhân dân",
    "UBND": "ủy ban nhân dân", "HĐND": "hội đồng nhân dân",
}  # fmt: skip
HEAD_ABBREVIATION_RE = re.compile(r"(?<!\w)(" + "|".join(HEAD_ABBREVIATIONS) + r")(?:\.|(?=\s|$))")

# A list continued in the next sentence (``award_continued``): the award goes to a counted group
# ("... cho 5 tập thể và 1 cá nhân"), the next sentence opens by naming it ("5 tập thể là:").
_COUNT = r"(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
_GROUP = r"(?:tập thể|đơn vị|cá nhân|người)"
COUNTED_GIFT_RE = re.compile(  # used with .match(low, award_end)
    rf"[^.;:]{{0,80}}?(?<!\w)cho\s+{_COUNT}\s+{_GROUP}(?!\w)(?:\s+và\s+{_COUNT}\s+{_GROUP})?"
)
CONTINUED_LIST_RE = re.compile(rf"^\W*{_COUNT}\s+{_GROUP}\s+(?:đó\s+|này\s+)?(?:là|gồm)\s*:\s*")
