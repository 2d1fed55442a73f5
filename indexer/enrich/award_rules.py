"""Award knowledge as data: award spellings, conferring bodies, verbs and the cue words that veto.

Used by ``indexer.enrich.awards``. Spellings are written as Vietnamese text and folded
(``fold_text``)
when compiled, so tone placement, case and diacritics do not matter. Sources: Luật Thi đua,
Khen thưởng (2022) for the award names and who confers them; the seed articles (archive/txt) and
department portals (NukeViet "thành tích" pages) for the ways journalists write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class AwardRule:
    """One award as written: ``label`` is shown, ``key`` is the stable filter value."""

    key: str
    label: str
    spellings: tuple[str, ...]
    # Orders and medals come in classes ("hạng Ba"); the class is read after the spelling.
    ranked: bool = False
    # Awards that are only asserted by a recognition ("được suy tôn là ..."), not by a gift verb.
    needs_recognition: bool = False
    # Titles only a person can hold (Luật Thi đua, Khen thưởng arts. 23, 64): never a unit's award.
    persons_only: bool = False


_PERSON = {"persons_only": True}

# --- Award types (Luật Thi đua, Khen thưởng, arts. 33-75), most specific spelling first. ----------
AWARDS: tuple[AwardRule, ...] = (
    AwardRule(
        "huan_chuong_lao_dong", "Huân chương Lao động", ("Huân chương Lao động", "HCLĐ"), True
    ),
    AwardRule("huan_chuong_doc_lap", "Huân chương Độc lập", ("Huân chương Độc lập", "HCĐL"), True),
    AwardRule(
        "anh_hung_lao_dong", "Anh hùng Lao động", ("Anh hùng Lao động", "AHLĐ", "Anh hùng LĐ")
    ),
    AwardRule(
        "anh_hung_llvt",
        "Anh hùng Lực lượng vũ trang nhân dân",
        (
            "Đơn vị anh hùng lực lượng vũ trang nhân dân",
            "Anh hùng Lực lượng vũ trang nhân dân",
            "Anh hùng Lực lượng vũ trang",
            # the Southern spelling "võ trang" (VNTC, TN: "anh hùng lực lượng võ trang")
            "Anh hùng Lực lượng võ trang nhân dân",
            "Anh hùng Lực lượng võ trang",
            "Anh hùng LLVTND",
            "Anh hùng LLVT",
            "AHLLVTND",
            "AHLLVT",
        ),
    ),
    # Other Vietnamese orders (Luật Thi đua, Khen thưởng art. 33) and foreign orders seen given to
    # Vietnamese; any other "Huân chương" + a capitalised name is read by ORDER_NAME_RE below.
    AwardRule("huan_chuong_other", "Huân chương Sao Vàng", ("Huân chương Sao Vàng",), True),
    AwardRule("huan_chuong_other", "Huân chương Hồ Chí Minh", ("Huân chương Hồ Chí Minh",), True),
    AwardRule("huan_chuong_other", "Huân chương Quân công", ("Huân chương Quân công",), True),
    AwardRule(
        "huan_chuong_other",
        "Huân chương Bảo vệ Tổ quốc",
        ("Huân chương Bảo vệ Tổ quốc",),
        True,
    ),
    AwardRule("huan_chuong_other", "Huân chương Chiến công", ("Huân chương Chiến công",), True),
    AwardRule(
        "huan_chuong_other",
        "Huân chương Kháng chiến chống Mỹ cứu nước",
        ("Huân chương Kháng chiến chống Mỹ cứu nước", "Huân chương Chống Mỹ cứu nước"),
        True,
    ),
    AwardRule("huan_chuong_other", "Huân chương Kháng chiến", ("Huân chương Kháng chiến",), True),
    AwardRule("huan_chuong_other", "Huân chương Quyết thắng", ("Huân chương Quyết thắng",), True),
    AwardRule("huan_chuong_other", "Huân chương Dũng cảm", ("Huân chương Dũng cảm",)),
    AwardRule(
        "huan_chuong_other",
        "Huân chương Đại đoàn kết dân tộc",
        ("Huân chương Đại đoàn kết toàn dân tộc", "Huân chương Đại đoàn kết dân tộc"),
    ),
    AwardRule("huan_chuong_other", "Huân chương Hữu nghị", ("Huân chương Hữu nghị",)),
    AwardRule(
        "huan_chuong_other",
        "Huân chương Cành cọ Hàn lâm",
        ("Huân chương Cành cọ Hàn lâm", 'Huân chương "Cành cọ Hàn lâm"', "Huân chương Hàn lâm"),
        True,
    ),
    AwardRule("huan_chuong_other", "Bắc đẩu bội tinh", ("Huân chương Bắc đẩu bội tinh",), True),
    # The education sector's own medal (a "kỷ niệm chương" in law): not a state order.
    AwardRule(
        "other", "Kỷ niệm chương Vì sự nghiệp giáo dục", ("Huân chương vì sự nghiệp giáo dục",)
    ),
    AwardRule("other", "Giải thưởng Hồ Chí Minh", ("Giải thưởng Hồ Chí Minh",)),
    AwardRule("other", "Giải thưởng Nhà nước", ("Giải thưởng Nhà nước",)),
    AwardRule("co_thi_dua", "Cờ thi đua xuất sắc", ("Cờ thi đua xuất sắc",)),
    AwardRule("co_thi_dua", "Cờ thi đua", ("Cờ thi đua",)),
    AwardRule("bang_khen", "Bằng khen", ("Bằng khen",)),
    AwardRule("giay_khen", "Giấy khen", ("Giấy khen",)),
    AwardRule(
        "chien_si_thi_dua", "Chiến sĩ thi đua toàn quốc", ("Chiến sĩ thi đua toàn quốc",), **_PERSON
    ),
    AwardRule(
        "chien_si_thi_dua", "Chiến sĩ thi đua cấp Bộ", ("Chiến sĩ thi đua cấp Bộ",), **_PERSON
    ),
    AwardRule(
        "chien_si_thi_dua", "Chiến sĩ thi đua cấp tỉnh", ("Chiến sĩ thi đua cấp tỉnh",), **_PERSON
    ),
    AwardRule("chien_si_thi_dua", "Chiến sĩ thi đua cơ sở", ("Chiến sĩ thi đua cơ sở",), **_PERSON),
    AwardRule("chien_si_thi_dua", "Chiến sĩ thi đua", ("Chiến sĩ thi đua", "CSTĐ"), **_PERSON),
    AwardRule("nha_giao", "Nhà giáo Nhân dân", ("Nhà giáo Nhân dân", "NGND"), **_PERSON),
    AwardRule("nha_giao", "Nhà giáo Ưu tú", ("Nhà giáo Ưu tú", "NGƯT"), **_PERSON),
    AwardRule("danh_hieu_other", "Nghệ sĩ Nhân dân", ("Nghệ sĩ Nhân dân", "NSND"), **_PERSON),
    AwardRule("danh_hieu_other", "Nghệ sĩ Ưu tú", ("Nghệ sĩ Ưu tú", "NSƯT"), **_PERSON),
    AwardRule("danh_hieu_other", "Thầy thuốc Nhân dân", ("Thầy thuốc Nhân dân",), **_PERSON),
    AwardRule("danh_hieu_other", "Thầy thuốc Ưu tú", ("Thầy thuốc Ưu tú",), **_PERSON),
    AwardRule("danh_hieu_other", "Nghệ nhân Nhân dân", ("Nghệ nhân Nhân dân",), **_PERSON),
    AwardRule("danh_hieu_other", "Nghệ nhân Ưu tú", ("Nghệ nhân Ưu tú",), **_PERSON),
    AwardRule(
        "dan_dau_thi_dua",
        "Đơn vị dẫn đầu phong trào thi đua",
        ("đơn vị dẫn đầu phong trào thi đua", "đơn vị dẫn đầu", "dẫn đầu phong trào thi đua"),
        needs_recognition=True,
    ),
)

# Any other order, medal or badge: the head (folded) and the capitalised name after it
# ("Huân chương Jose Marti", "Huy chương Chiến sĩ vẻ vang", "Kỷ niệm chương “Vì ...”",
# "Huy hiệu 50 năm tuổi Đảng"). Contest medals ("Huy chương vàng") are not awards.
GENERIC_AWARDS: tuple[tuple[str, str], ...] = (
    ("huan chuong", "huan_chuong_other"),
    ("huy chuong", "other"),
    ("ky niem chuong", "other"),
    ("huy hieu", "other"),
)
GENERIC_HEAD_RE = re.compile(
    r"(?<!\w)(" + "|".join(h for h, _ in GENERIC_AWARDS) + r")(?:\s+cao quy)?\s+"
)
GENERIC_TYPES = dict(GENERIC_AWARDS)
# Colours and contest words after "Huy chương" (folded): a contest medal, never an award.
CONTEST_MEDAL_F = re.compile(r"^(?:vang|bac|dong|hcv|hcb|hcd)\b")
MAX_GENERIC_NAME_WORDS = 6  # "Huy hiệu 50 năm tuổi Đảng", "Vì hòa bình hữu nghị giữa các dân tộc"

# "hạng Nhất/Nhì/Ba" in words, Roman or Arabic numerals (folded) -> the written class.
RANK_RE = re.compile(r"\s+hang\s+(nhat|nhi|ba|iii|ii|i|1|2|3)\b")
# More classes listed after the first: "hạng nhất, nhì, ba" = three awards (folded).
MORE_RANK_RE = re.compile(r"\s*(?:,|va)\s*(?:hang\s+)?(nhat|nhi|ba|iii|ii|i|1|2|3)\b")
# Folding merges "bà" (Mrs) with "ba" (third): "hạng Nhì, bà Phạm Thị Thu" lists no third class.
RANK_FALSE_FRIENDS_L: frozenset[str] = frozenset({"bà"})
RANK_LABELS = {"nhat": "Nhất", "i": "Nhất", "1": "Nhất", "nhi": "Nhì", "ii": "Nhì", "2": "Nhì"}
RANK_LABELS |= {"ba": "Ba", "iii": "Ba", "3": "Ba"}

# A title named again without its name, in a sentence after the one that names it ("... cũng
# vinh dự được nhận danh hiệu cao quý nói trên", "Cá nhân duy nhất được phong danh hiệu Anh hùng
# đợt này là ..."): the same title (folded text). Bare "danh hiệu" is no reference: a demonstrative
# or a bare "anh hùng" must follow. Seen in awards-dev lists of heroes continued after the decree.
ANAPHOR_RE = re.compile(
    r"(?<!\w)danh hieu (?:cao quy )?(?:anh hung(?! lao| luc| ll)(?:\w*)|(?:noi tren|nay|do|ay))"
    r"(?!\w)"
)
# How many sentences back such a reference may reach: the decree, then its list, then the rest.
ANAPHOR_MAX_SENTENCES = 2

# Folding merges "cờ" with "có" ("các đơn vị có thi đua"): spans whose original (lowercase) text
# starts like this are not awards.
FALSE_FRIENDS: tuple[str, ...] = ("có thi đua",)

# --- Conferring bodies: canonical label -> spellings (longest wins). ---------------------------
# Education units (Bộ/Sở/Phòng) also confer; they come from indexer.enrich.units. "UBND tỉnh" alone
# gets
# its province from context (see indexer.enrich.awards). The Minister's Bằng khen is the Ministry's
# award.
BODIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Chủ tịch nước", ("Chủ tịch nước",)),
    ("Thủ tướng Chính phủ", ("Thủ tướng Chính phủ", "Thủ tướng")),
    ("Chính phủ", ("Chính phủ",)),
    ("Nhà nước", ("Nhà nước",)),  # "được Nhà nước phong tặng danh hiệu Anh hùng"
    (
        "Bộ GD&ĐT",
        (
            "Bộ trưởng Bộ Giáo dục và Đào tạo",
            "Bộ trưởng Bộ GD&ĐT",
            "Bộ Giáo dục và Đào tạo",
            "Bộ Giáo dục - Đào tạo",
            "Bộ GD&ĐT",
            "Bộ GD-ĐT",
            "Bộ GDĐT",
            "Bộ GD và ĐT",
        ),
    ),
    ("Tổng Liên đoàn Lao động Việt Nam", ("Tổng Liên đoàn Lao động Việt Nam",)),
    ("Công đoàn Giáo dục Việt Nam", ("Công đoàn Giáo dục Việt Nam",)),
)
# "(Chủ tịch) UBND tỉnh/thành phố/huyện" + an optional name (folded); a province name is resolved
# by canonical_province, a district or city name is taken as written.
PROVINCE_BODY_RE = re.compile(
    r"\b(?:chu tich\s+)?(?:ubnd|uy ban nhan dan)\s+(tinh|thanh pho|tp\.?|huyen|quan|thi xa)(?=\W|$)"
)
LEVEL_LABELS = {"tinh": "tỉnh", "thanh pho": "TP", "tp": "TP", "tp.": "TP", "huyen": "huyện"}
LEVEL_LABELS |= {"quan": "quận", "thi xa": "thị xã"}
# Province-level cities: only for these is "UBND thành phố X" a province's people's committee.
CENTRAL_CITIES: frozenset[str] = frozenset(
    {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
)
# Syllables after "UBND tỉnh" tried as a province name, longest first ("Bà Rịa - Vũng Tàu" = 5).
MAX_PROVINCE_SYLLABLES = 5

# --- Verbs, matched on the LOWERCASE ORIGINAL text: folding would merge "tặng" with "tăng"/"tầng",
# "phong" with "Phòng", "cho" with "chờ". None of these verbs has a tone-placement variant. -------
# A gift verb has the giver before it; a recognition verb also asserts the "dẫn đầu" title.
GIFT_VERB_RE = re.compile(
    r"(?<!\w)(?:tặng thưởng|trao tặng|phong tặng|truy tặng|khen thưởng|tặng|trao|"
    r"phong danh hiệu|suy tôn|công nhận|ghi nhận|bình chọn)(?!\w)"
)
RECOGNITION_RE = re.compile(r"(?<!\w)(?:suy tôn|công nhận|ghi nhận|bình chọn)(?!\w)")
# Passive or receiving cues: with one of these the sentence subject is the recipient.
PASSIVE_RE = re.compile(r"(?<!\w)(?:được|nhận|vinh dự|đạt|giành)(?!\w)")
# Words allowed between a body and its verb: "được UBND tỉnh Thái Nguyên đã tặng".
BODY_VERB_GAP_RE = re.compile(  # also "UBND huyện X, tỉnh Y tặng": the body's province
    r"^[^\w,;.:]*(?:,\s*(?:tỉnh|thành phố|tp\.?)\s+[^,;.:]{1,30}?\s+)?"
    r"(?:(?:đã|vừa|vinh dự|chính thức)\s+)*$"
)
# "Cờ thi đua của Bộ GD&ĐT": the giver named right after the award.
OF_RE = re.compile(r"^\s*(?:của|do)\s+$")  # "do Chủ tịch nước trao tặng" names it too

# --- Vetoes: a sentence that plans, proposes or denies an award yields none. -------------------
# Folded patterns (unambiguous after folding).
# "theo / trên cơ sở đề nghị của X, Chủ tịch nước đã ký quyết định": the proposal was granted.
PLANNING_CUES_F = re.compile(
    r"\b(?:(?<!theo )(?<!tren co so )de nghi|de xuat|"
    r"trinh (?:thu tuong|chu tich|bo|cap tren|hoi dong)|phan dau|du kien|"
    r"xet tang|xet khen|xet trao|xet phong|du dinh|ho so|dang ky (?:thi dua|danh hieu)|hy vong|"
    r"mong muon|ung (?:cu )?vien)\b"
)
# Short words that folding would confuse ("sẽ" vs "chia sẻ", "chưa" vs "chùa", "nếu" vs "nêu"):
# matched on the lowercase original text.
# "hàng không" (aviation: "Cụm cảng hàng không miền Nam") denies nothing, nor does "không những
# ... mà còn tặng" (not only ... but also: awards-dev, a province thanking a boat owner), nor
# "không khí" (the air, the mood: "trong không khí vào xuân, công ty được tặng ..."); "chẳng"
# denies as "không" does ("Bà chẳng thể dưỡng già với danh hiệu ...": VNTC, outside awards-dev).
PLANNING_CUES_L = re.compile(
    r"(?<!\w)(?:sẽ|chưa|chẳng|(?<!hàng )không(?! những| chỉ| khí)|chờ|nếu|đang được xem xét)(?!\w)"
)

# Recipients that are not units (folded): students (Olympic medals, prizes), unnamed groups.
STUDENT_CUES_F = re.compile(
    r"\b(?:hoc sinh|sinh vien|thi sinh|hoc vien|doi tuyen|cac em|hcv|hcb|hcd|"
    r"huy chuong (?:vang|bac|dong)|hc (?:vang|bac|dong)|hs|olympic|dat giai|"
    r"giai (?:nhat|nhi|ba|khuyen khich))\b"
)
UNNAMED_CUES_F = re.compile(
    r"\b(?:cac tap the|tap the,? ca nhan|ca nhan|(?:\d+|cac|nhieu) (?:tap the|don vi|giao vien|"
    r"can bo|nha giao|doan vien|dang vien|nhan vien|truong))\b"
)
# A position before a unit ("Giám đốc Sở GD&ĐT X", "Hiệu trưởng Trường Y") makes the sentence
# about a person: without that person's name there is no recipient (folded).
POSITION_CUES_F = re.compile(
    r"\b(?:giam doc|pho giam doc|hieu truong|pho hieu truong|truong phong|pho truong phong|"
    r"giao vien|chu tich|bi thu|can bo|pho truong|vien truong|tong bien tap|truong)\s*$"
)

# --- Recipients other than units (lowercase original text). --------------------------------
# "Trường" + a level, then the capitalised name ("Trường THPT chuyên Lê Quý Đôn").
SCHOOL_RE = re.compile(
    r"(?<!\w)trường\s+(?:thpt|thcs|th&thcs|thcs&thpt|th|ptdtnt|ptdtbt|pt|tiểu học|"
    r"trung học cơ sở|trung học phổ thông|mầm non|mn|mẫu giáo|cao đẳng|đại học|phổ thông)"
    r"(?:\s+chuyên)?(?!\w)"
)
# Honorifics before a person's name ("cô giáo Nguyễn Thị Hoa", "NGƯT Trần Văn A").
PERSON_RE = re.compile(
    r"(?<!\w)(?:nhà giáo ưu tú|nhà giáo nhân dân|thầy giáo|cô giáo|thầy|cô|ông|bà|đồng chí|"
    r"nhà giáo|ngưt|ngnd|ts\.|ths\.|"
    r"pgs\.\s*ts\.)\s*(?=\w)"
)
# Lowercase words allowed inside a name ("Trường Tiểu học số 1 Nam Lý").
NAME_LINKERS: frozenset[str] = frozenset({"số"})
MAX_NAME_SYLLABLES = 6  # "Trường THPT chuyên Hùng Vương Phú Thọ" is the longest seen

# Bare references to the article's own unit ("Sở ... được", "Trung tâm đã", "Ngành ...").
# (lowercase word, prefix the referenced canonical unit must have)
BARE_REFS: tuple[tuple[str, str], ...] = (
    ("sở", "Sở "),
    ("phòng", "Phòng "),
    ("trung tâm", "Trung tâm "),
    ("ngành", ""),  # "Ngành" is the main unit's whole sector: any kind matches
)
# The education words that may follow a bare reference (folded): "Sở Giáo dục và Đào tạo được".
BARE_REF_SUFFIX_F = re.compile(
    r"(?:\s+(?:giao duc va dao tao|giao duc - dao tao|giao duc|gd&dt|gd-dt|gddt|gd va dt|"
    r"gdtx|gdnn-gdtx))?"
)
# Words before a unit that make it a group or an object, never the award's subject (lowercase).
NOT_SUBJECT_BEFORE_L = re.compile(
    r"(?<!\w)(?:các|những|\d{1,3}|của|với|thuộc|tại|cùng|khối|cơ|lớp|từ|theo)\s+$"  # a count
)
# Abbreviations of a field or of the country, never a recipient alone: "hệ thống đào tạo CNTT được
# ... tặng bằng khen" (the system is meant), "bằng khen Vì ... trẻ em VN" (VNTC).
NOT_A_NAME_ACRONYMS = frozenset({"CNTT", "VN", "KHCN", "KH-CN", "TDTT", "GD", "XH"})
# "người ta gọi đùa tôi là "Anh hùng lao động X"": a title as a nickname, never held
# (a VNTC culture interview in awards-dev's negatives' shape; lowercase original text).
NICKNAME_BEFORE_L = re.compile(r"(?<!\w)gọi(?:\s+đùa)?(?:\s+\S+){0,3}\s+là\s*[\"“']?\s*$")
# "Một bác sĩ Mỹ được tặng ...": a person counted as "one", by role and country, is unnamed
# (a VNTC headline outside awards-dev; the name follows in the body).
UNNAMED_ONE_BEFORE_L = re.compile(r"(?<!\w)một\s+$")

# With no named subject the article's own unit is meant, unless the text before the award names
# someone we could not read: a lowercase "trường" (a school) or two capitalised words in a row
# (a person: "Nhà giáo Ưu tú Phạm Văn Nam được ...").
IMPLICIT_BLOCK_F = re.compile(r"\b(?:truong|nha truong|em)\b")
CAPITALISED_PAIR_RE = re.compile(r"(?<=\S)\s+([^\W\d_][\w&-]*)\s+([^\W\d_][\w&-]*)")

# --- "cho" introduces the recipient in the active voice ("trao Cờ thi đua ... cho X"). -------
CHO_RE = re.compile(r"(?<!\w)cho\s+(?:(?:tập thể|lãnh đạo)\s+)*", re.I)
CHO_MAX_GAP = 80  # chars from award to "cho": the body and year fit, a new clause does not
RECIPIENT_MAX_OFFSET = 3  # chars allowed between "cho ..." and the recipient name
# "cho" that introduces a reason, not a recipient: "Bằng khen cho thành tích xuất sắc".
CHO_REASON_L = re.compile(r"^(?:thành tích|những thành tích|việc|sự|công tác)(?!\w)")
# "dẫn đầu" is a title only when a recognition verb precedes it this closely (seed 004: 62 chars).
RECOGNITION_MAX_GAP = 120
# A count before an award ("142 huân chương", "nhiều bằng khen") gives it to a group: a record
# only for the names listed after it (lowercase original text).
COUNTED_AWARD_L = re.compile(r"(?<!\w)(?:[2-9]|\d{2,}|hai|ba|bốn|năm|nhiều|các|những)\s+$")
# Education units in a name (folded): such names must be canonical units (indexer.enrich.units).
EDUCATION_NAME_F = re.compile(r"\b(?:gd ?& ?dt|gddt|gd-dt|gdtx|giao duc)\b")
# The heads of the canonical education units' shapes (indexer.enrich.units).
EDUCATION_UNIT_HEADS = ("Sở ", "Phòng ", "Trung tâm ", "Bộ ", "tập thể ", "Tập thể ")
# Level words a unit's name may leave out ("Phòng GD&ĐT Phú Lương" = "... huyện Phú Lương").
UNIT_LEVEL_WORDS_F = frozenset(
    {"tinh", "huyen", "quan", "thi", "xa", "tp", "thanh", "pho", "va", "tap", "the"}
)
