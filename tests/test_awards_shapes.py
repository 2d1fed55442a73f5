"""The award extractor on the sentence shapes of real news (issue 11), in sentences written here.

Each case mirrors a shape measured on ../shared/awards-dev (real VNTC articles, never copied):
a school's or a person's record of honours, the presenter named first, lists after "cho",
recipients of every kind, foreign orders, and the hard negatives (plans, unnamed groups,
contest medals, a presenter with nobody named). An article is a title and a body; the expected
set is every (type, recipient, recipient kind, period) it must yield and nothing else.
"""

from __future__ import annotations

import pytest

from indexer.article import Article
from indexer.enrich.award_identity import display_name, recipient_key
from indexer.enrich.awards import find_awards
from indexer.enrich.units import find_units

SCHOOL = "Trường THPT Hòa Bình"

CASES: list[tuple[str, str, str, set[tuple[str, str, str, str | None]]]] = [
    (
        "school record: 'Nhà trường' refers to the article's school, one record per award",
        f"{SCHOOL} kỷ niệm 40 năm thành lập",
        f"Sáng nay, {SCHOOL} tổ chức lễ kỷ niệm. Nhà trường đã vinh dự đón nhận Huân chương Lao "
        "động hạng Ba (2016); Cờ thi đua của Chính phủ năm học 2015-2016; Bằng khen của UBND "
        "tỉnh (2019).",
        {
            ("huan_chuong_lao_dong", SCHOOL, "school", "2016"),
            ("co_thi_dua", SCHOOL, "school", "2015-2016"),
            ("bang_khen", SCHOOL, "school", "2019"),
        },
    ),
    (
        "profile: 'Thành tích:' lists the honours of the person the title names",
        "Nhà giáo Đặng Thị Hạnh Nguyên: bốn mươi năm đứng lớp",
        "Cô Đặng Thị Hạnh Nguyên dạy Văn ở vùng cao từ năm 1983.\n"
        "Thành tích: Huân chương Lao động hạng Ba năm 2012; Nhà giáo Ưu tú năm 2017.",
        {
            ("huan_chuong_lao_dong", "Đặng Thị Hạnh Nguyên", "person", "2012"),
            ("nha_giao", "Đặng Thị Hạnh Nguyên", "person", "2017"),
        },
    ),
    (
        "presenter first, recipient after 'cho': a province",
        "Hà Giang đón nhận Huân chương Độc lập",
        "Phó Thủ tướng Lê Văn Hùng trao Huân chương Độc lập hạng Ba cho tỉnh Hà Giang.",
        {("huan_chuong_doc_lap", "Tỉnh Hà Giang", "place", None)},
    ),
    (
        "presenter first, recipient between the verb and the award",
        "Lễ kỷ niệm",
        "Thừa ủy quyền của Chủ tịch nước, ông Nguyễn Văn Bình trao tặng Trường Đại học Sư phạm "
        "Quy Nhơn Huân chương Lao động hạng Nhì.",
        {("huan_chuong_lao_dong", "Trường Đại học Sư phạm Quy Nhơn", "school", None)},
    ),
    (
        "a chairman hands a Giấy khen to a citizen: the citizen receives it",
        "Khen thưởng người cứu người",
        "Chủ tịch UBND huyện Yên Thế Hoàng Văn Minh đã trao Giấy khen cho anh Lò Văn Páo vì đã "
        "dũng cảm cứu hai em nhỏ.",
        {("giay_khen", "Lò Văn Páo", "person", None)},
    ),
    (
        "a director receives for his company: the company is the recipient",
        "Công ty sách đón nhận huân chương",
        "Giám đốc Nguyễn Hữu Tài thay mặt Công ty Cổ phần Sách Giáo dục Miền Trung nhận "
        "Huân chương Lao động hạng Nhì.",
        {
            (
                "huan_chuong_lao_dong",
                "Công ty Cổ phần Sách Giáo dục Miền Trung",
                "organisation",
                None,
            )
        },
    ),
    (
        "a sector receives a first-class order",
        "Ngành giáo dục Lào Cai",
        "Ngành Giáo dục tỉnh Lào Cai vinh dự đón nhận Huân chương Lao động hạng Nhất.",
        {("huan_chuong_lao_dong", "Ngành Giáo dục tỉnh Lào Cai", "organisation", None)},
    ),
    (
        "a title conferred on a named teacher, with its year",
        "Nhà giáo tiêu biểu",
        "Thầy Đặng Văn Khoa được phong tặng danh hiệu Nhà giáo Ưu tú năm 2017.",
        {("nha_giao", "Đặng Văn Khoa", "person", "2017")},
    ),
    (
        "a foreign order after 'cho', the presenter an ambassador",
        "Huân chương của Pháp",
        "Đại sứ Pháp đã trao Huân chương Cành cọ Hàn lâm hạng Nhì cho PGS.TS Lê Minh Châu, "
        "Hiệu trưởng Trường Đại học Ngoại ngữ, và bà Vũ Thị Thanh Hương.",
        {
            ("huan_chuong_other", "PGS.TS Lê Minh Châu", "person", None),
            ("huan_chuong_other", "Vũ Thị Thanh Hương", "person", None),
        },
    ),
    (
        "a list after 'cho' with a count that introduces it",
        "Khen thưởng ngành y",
        "Bộ trưởng đã trao Bằng khen cho ba đơn vị: Bệnh viện Đa khoa Sơn La, Trung tâm Y tế "
        "huyện Mộc Châu và Bệnh viện Lao Sơn La.",
        {
            ("bang_khen", "Bệnh viện Đa khoa Sơn La", "unit", None),
            ("bang_khen", "Trung tâm Y tế huyện Mộc Châu", "unit", None),
            ("bang_khen", "Bệnh viện Lao Sơn La", "unit", None),
        },
    ),
    (
        "hero titles written before a name",
        "Gặp mặt các anh hùng",
        "Anh hùng Lao động Vũ Thị Kim Oanh chia sẻ kinh nghiệm với các em học sinh.",
        {("anh_hung_lao_dong", "Vũ Thị Kim Oanh", "person", None)},
    ),
    (
        "a passive list of named persons",
        "Khen thưởng vận động viên",
        "Dịp này, hai VĐV Trịnh Văn Quyết, Lê Thị Mỹ Duyên đã được trao tặng Huân chương Lao động "
        "hạng Ba.",
        {
            ("huan_chuong_lao_dong", "VĐV Trịnh Văn Quyết", "person", None),
            ("huan_chuong_lao_dong", "Lê Thị Mỹ Duyên", "person", None),
        },
    ),
    (
        "a period named before the award, in a sentence about the article's school",
        f"{SCHOOL} đón nhận huân chương",
        f"{SCHOOL} tròn 40 tuổi. Trong giai đoạn từ năm 2011 đến 2015, nhà trường đã được Nhà "
        "nước tặng Huân chương Lao động hạng Nhì.",
        {("huan_chuong_lao_dong", SCHOOL, "school", "2011-2015")},
    ),
    (
        "the year of a dated ceremony; a date of birth is never one",
        "Lễ đón nhận",
        "Ngày 20-11-2019, Trường THCS Nguyễn Du đón nhận Huân chương Lao động hạng Ba.\n"
        "Ông Trần Văn Tâm (sinh ngày 3/5/1950) được tặng Huân chương Kháng chiến hạng Nhì.",
        {
            ("huan_chuong_lao_dong", "Trường THCS Nguyễn Du", "school", "2019"),
            ("huan_chuong_other", "Trần Văn Tâm", "person", None),
        },
    ),
    (
        "classes listed after one award: one record per class",
        "Nhà giáo Lương Thị Bích Hạnh về hưu",
        "Cô Lương Thị Bích Hạnh nghỉ hưu sau 35 năm.\nThành tích: Huân chương Lao động hạng "
        "Nhất, Nhì, Ba; Bằng khen của Thủ tướng Chính phủ.",
        {
            ("huan_chuong_lao_dong", "Lương Thị Bích Hạnh", "person", None),
            ("bang_khen", "Lương Thị Bích Hạnh", "person", None),
        },
    ),
    (
        "a list introduced by 'gồm', appositions in parentheses",
        "Vinh danh",
        "Chương trình tôn vinh ba cá nhân Anh hùng Lao động gồm ông Phan Văn Khuê (kỹ sư cầu "
        "đường), bà Lê Thị Tuyết (nông dân) và bác sĩ (BS) Hoàng Minh Đức.",
        {
            ("anh_hung_lao_dong", "Phan Văn Khuê", "person", None),
            ("anh_hung_lao_dong", "Lê Thị Tuyết", "person", None),
            ("anh_hung_lao_dong", "Bác sĩ Hoàng Minh Đức", "person", None),
        },
    ),
    (
        "an office before its holder's name, the presenter first; a school as the sentence's "
        "subject ('trường có ... và được')",
        "Trường Tiểu học Hòa Phú đón khách",
        "Ngày 2/9, Đại sứ Pháp tại Việt Nam đã trao tặng Huân chương Cành cọ Hàn lâm cho Bộ "
        "trưởng Giáo dục và Đào tạo Lê Quang Vinh.\nNăm học vừa qua, trường có tỷ lệ học "
        "sinh lên lớp gần 100% và được Sở GD&ĐT tặng Cờ thi đua. Trường Tiểu học Hòa Phú có "
        "24 lớp.",
        {
            ("huan_chuong_other", "Bộ trưởng Giáo dục và Đào tạo Lê Quang Vinh", "person", None),
            ("co_thi_dua", "Trường Tiểu học Hòa Phú", "school", None),
        },
    ),
    (
        "a conferring body written with its province: the school receives, the body gives",
        "Khen thưởng",
        "Trường Mầm non Hoa Sen được UBND huyện Phú Lương, tỉnh Thái Nguyên tặng Giấy khen.",
        {("giay_khen", "Trường Mầm non Hoa Sen", "school", None)},
    ),
    (
        "a title someone holds takes no year from the sentence; a career date is no award's year",
        "Chân dung",
        "Năm 1995, NSƯT Lê Thu Trang được mời biểu diễn tại Pháp.\nÔng Hà Văn Sơn sinh năm "
        "1950, từ tháng 6/1990 công tác tại Bộ Y tế, được tặng Huân chương Kháng chiến hạng Nhì.",
        {
            ("danh_hieu_other", "Lê Thu Trang", "person", None),
            ("huan_chuong_other", "Hà Văn Sơn", "person", None),
        },
    ),
    (
        "'Anh' inside a name is a given name, not a courtesy word",
        "Sân khấu",
        "Còn với sân khấu, NSƯT Anh Thư như một người chị truyền nghề cho lớp trẻ.",
        {("danh_hieu_other", "Anh Thư", "person", None)},
    ),
    (
        "negative: a proposal",
        "Đề nghị khen thưởng",
        "Sở GD&ĐT Hòa Bình đã đề nghị Chính phủ tặng Cờ thi đua cho Trường THCS Kim Bôi.",
        set(),
    ),
    (
        "negative: awards to an unnamed group, the presenter is never the recipient",
        "Tổng kết năm học",
        "Chủ tịch UBND tỉnh Nguyễn Văn Sơn trao Bằng khen cho 15 tập thể có thành tích xuất sắc.",
        set(),
    ),
    (
        "negative: a presenter with nobody named",
        "Tổng kết năm học",
        "Phó Chủ tịch UBND tỉnh Trần Quốc Hưng trao Bằng khen tại buổi lễ.",
        set(),
    ),
    (
        "negative: a contest medal",
        "Olympic",
        "Em Lê Thu Hà giành Huy chương Vàng Olympic Vật lý châu Á.",
        set(),
    ),
    (
        "active double object: an office before the recipient's name; an order known by name only",
        "Hữu nghị",
        "Tối 5/4 tại Hà Nội, Tổng thống Bolivia Evo Ramos đã trao tặng Thủ tướng Trần Văn Lâm "
        "Huân chương Mặt Trời, huân chương cao quý nhất của Bolivia.",
        {("huan_chuong_other", "Trần Văn Lâm", "person", None)},
    ),
    (
        "a commemorative medal by name only, given to an ambassador (no known spelling in it)",
        "Hữu nghị",
        "Sáng cùng ngày, Chủ tịch Hội Hữu nghị Lê Văn An đã trao tặng Đại sứ Hà Minh Sơn kỷ niệm "
        "chương “Vì tình hữu nghị giữa hai nước”.",
        {("other", "Đại sứ Hà Minh Sơn", "person", None)},
    ),
    (
        "negative: 'một' + a role and a country names nobody ('Một kỹ sư Nhật được tặng')",
        "Một kỹ sư Nhật được tặng Huân chương Hữu nghị",
        "Lễ trao tặng diễn ra chiều qua tại Hà Nội.",
        set(),
    ),
    (
        "a headline's district with its province after a dash: the district is the recipient",
        "Huyện Bình Chánh- TP.HCM: Đón nhận danh hiệu Anh hùng Lao động",
        "Sáng qua, huyện Bình Chánh tổ chức lễ mít tinh.",
        {("anh_hung_lao_dong", "Huyện Bình Chánh", "place", None)},
    ),
    (
        "negative: a title as a nickname ('gọi đùa tôi là \"Anh hùng lao động X\"')",
        "Trò chuyện",
        'Thấy tôi bỏ nghề đi hát, bạn bè gọi đùa tôi là "Anh hùng lao động Mỹ Linh".',
        set(),
    ),
    (
        "a field's abbreviation is no recipient: the body it qualifies is ('đào tạo CNTT được')",
        "Tin học",
        "Trung tâm Tin học Sao Mai là một trong 2 hệ thống đào tạo CNTT được UBND TP Đà Nẵng tặng "
        "bằng khen.",
        {("bang_khen", "Trung tâm Tin học Sao Mai", "unit", None)},
    ),
    (
        "a hero title in the Southern spelling 'lực lượng võ trang', held by a named person",
        "Nhân chứng",
        "Ông Trần Văn Tư, Anh hùng Lực lượng võ trang nhân dân, kể lại trận đánh năm ấy.",
        {("anh_hung_llvt", "Trần Văn Tư", "person", None)},
    ),
    (
        "'không những ... mà còn tặng' (not only ... but also) denies nothing",
        "Cứu nạn trên biển",
        "Chủ tịch UBND tỉnh Lê Văn Hòa cho biết: UBND tỉnh không những thưởng 10 triệu đồng cho "
        "ngư dân Trần Văn Mười, mà còn tặng giấy khen cho ông Trần Văn Mười vì đã cứu người.",
        {("giay_khen", "Trần Văn Mười", "person", None)},
    ),
    (
        "negative: a candidate for an order ('ứng viên') has not received it",
        "Bóng đá",
        "Thủ môn Đặng Văn Lực - ứng viên số 2 nhận huân chương Vì thể thao của liên đoàn châu Á.",
        set(),
    ),
    (
        "negative: a year of birth is not the award's year; a title in apposition is a record",
        "Chân dung",
        "Anh hùng Lao động Đỗ Văn Thành (sinh năm 1950) kể về những năm tháng gian khó.",
        {("anh_hung_lao_dong", "Đỗ Văn Thành", "person", None)},
    ),
]


def article(title: str, body: str) -> Article:
    return Article(path="x.txt", title=title, body=body, units=tuple(find_units(title, body)))


@pytest.mark.parametrize(
    ("title", "body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_real_shapes(title: str, body: str, expected: set) -> None:
    got = {
        (a.award_type, a.recipient, a.recipient_kind, a.period)
        for a in find_awards(article(title, body))
    }
    assert got == expected


def test_one_record_per_recipient_spelled_two_ways_in_an_article() -> None:
    body = (
        "trường THPT chuyên Lam Sơn đón nhận danh hiệu Anh hùng Lao động.\n"
        "Sáng nay, Trường THPT chuyên Lam Sơn (Thanh Hóa) vinh dự đón nhận danh hiệu Anh hùng Lao "
        "động do Chủ tịch nước trao tặng."
    )
    got = find_awards(article("Lễ đón nhận", body))
    assert [(a.recipient, a.conferred_by) for a in got] == [
        ("Trường THPT chuyên Lam Sơn", "Chủ tịch nước")
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("TAND TP.HCM", "TAND TP HCM", True),
        ("Báo CA TP. HCM", "báo CA TPHCM", True),
        ("ông Lê Thanh Hải", "Lê Thanh Hải", True),
        ("cô giáo Nguyễn Thị Hoa", "Nguyễn Thị Hoa", True),
        ("Thượng tướng Bùi Văn Tám", "đồng chí Bùi Văn Tám", True),
        ("Trường Tiểu học Kim Đồng (Q.6, TP.HCM)", "trường tiểu học Kim Đồng", True),
        ("Lê Hồng Phong", "Lê Hông Phòng", False),  # diacritics make different people
        ("Phòng GD&ĐT TP Thái Nguyên", "Phòng GD&ĐT Thái Nguyên", False),
    ],
)
def test_recipient_key(a: str, b: str, same: bool) -> None:
    assert (recipient_key(a) == recipient_key(b)) is same


@pytest.mark.parametrize(
    ("name", "shown"),
    [("trường PTTH chuyên Lê Hồng Phong", "Trường PTTH chuyên Lê Hồng Phong"),
     ("Bệnh viện (BV) Nhi Trung ương", "Bệnh viện Nhi Trung ương"),
     ("Sở Nông nghiệp &amp; phát triển nông thôn", "Sở Nông nghiệp & phát triển nông thôn"),
     ("tập thể Phòng GD&ĐT huyện Đại Từ", "Phòng GD&ĐT huyện Đại Từ"),
     ("Phòng GD&ĐT TP Thái Nguyên", "Phòng GD&ĐT TP Thái Nguyên")],
)  # fmt: skip
def test_display_name(name: str, shown: str) -> None:
    assert display_name(name) == shown


def test_names_listed_after_an_award_that_unnamed_groups_receive() -> None:
    body = (
        "Các tập thể, cá nhân nhận bằng khen: Hội Cựu giáo chức tỉnh Bến Tre, "
        "GS.TS Hồ Văn Lâm, bà Trịnh Thị Ngọc Bích."
    )
    got = {(a.award_type, a.recipient) for a in find_awards(article("Khen thưởng", body))}
    assert got == {
        ("bang_khen", "Hội Cựu giáo chức tỉnh Bến Tre"),
        ("bang_khen", "GS.TS Hồ Văn Lâm"),
        ("bang_khen", "Trịnh Thị Ngọc Bích"),
    }


def test_one_record_per_listed_class() -> None:
    body = "Ông Vũ Đức Long được tặng Huân chương Lao động hạng Nhất, Nhì và Ba."
    got = sorted(a.award for a in find_awards(article("Chân dung", body)))
    assert got == [f"Huân chương Lao động hạng {c}" for c in ("Ba", "Nhì", "Nhất")]


def test_the_body_is_the_whole_name_before_its_province() -> None:
    body = "Trường Mầm non Hoa Sen được UBND huyện Phú Lương, tỉnh Thái Nguyên tặng Giấy khen."
    (award,) = find_awards(article("Khen thưởng", body))
    assert award.conferred_by == "UBND huyện Phú Lương"


# --- Information beyond the sentence (issue 11, second pass) ------------------------------------


def test_obituary_subject_named_with_a_two_syllable_name() -> None:
    """The title names the person by a head and two syllables; a sentence opening with "Được"
    names nobody before its verb: the article's subject holds the award."""
    body = (
        "Ông Đỗ Lâm, nguyên cán bộ ngoại giao, đã từ trần sáng qua.\n"
        "Được Nhà nước trao tặng Huân chương Kháng chiến hạng Nhất, người cán bộ ấy sống giản dị."
    )
    got = {(a.award_type, a.recipient) for a in find_awards(article("Ông Đỗ Lâm qua đời", body))}
    assert got == {("huan_chuong_other", "Đỗ Lâm")}


def test_opening_passive_names_its_subject_after_the_comma() -> None:
    body = "Được Chủ tịch nước tặng Huân chương Lao động hạng Nhì, bà Phạm Thị Thu vẫn đi dạy."
    got = {(a.award_type, a.recipient) for a in find_awards(article("Chân dung", body))}
    assert got == {("huan_chuong_lao_dong", "Phạm Thị Thu")}


def test_title_referred_back_to_in_the_next_sentences() -> None:
    """A decree names the title and a unit; the next sentences add a person by "danh hiệu cao
    quý nói trên" and by "danh hiệu Anh hùng đợt này là ..."."""
    body = (
        "Trên cơ sở đề nghị của Bộ Quốc phòng, Chủ tịch nước đã ký quyết định phong tặng danh "
        "hiệu Anh hùng Lực lượng vũ trang nhân dân cho Bộ đội biên phòng tỉnh Lào Cai. "
        "Ngoài ra thiếu tá Hoàng Văn Sơn - Phó trưởng phòng trinh sát đặc nhiệm chuyên phụ trách "
        "tuyến biên giới phía Bắc cũng vinh dự được nhận danh hiệu cao quý nói trên. "
        "Người thứ hai được phong danh hiệu Anh hùng đợt này là trung tá Vàng A Dình."
    )
    got = {(a.award_type, a.recipient) for a in find_awards(article("Tuyên dương", body))}
    assert got == {
        ("anh_hung_llvt", "Bộ đội biên phòng tỉnh Lào Cai"),
        ("anh_hung_llvt", "Thiếu tá Hoàng Văn Sơn"),
        ("anh_hung_llvt", "Trung tá Vàng A Dình"),
    }


@pytest.mark.parametrize(
    "body",
    [
        # a bare "danh hiệu" with no earlier title is no reference
        "Thiếu tá Hoàng Văn Sơn cũng vinh dự được nhận danh hiệu cao quý nói trên.",
        # a medal named before is no title: "danh hiệu nói trên" cannot refer to it
        "Công an tỉnh Lào Cai được tặng Huân chương Chiến công hạng Ba. Thiếu tá Hoàng Văn Sơn "
        "cũng được nhận danh hiệu nói trên.",
        # too far back: four sentences later the reference is to something else
        "Bộ đội biên phòng tỉnh Lào Cai được phong tặng danh hiệu Anh hùng Lực lượng vũ trang "
        "nhân dân. Đơn vị đóng quân ở vùng cao. Chiến sĩ ở đây rất trẻ. Họ luyện tập mỗi ngày. "
        "Thiếu tá Hoàng Văn Sơn được nhận danh hiệu nói trên của Hội Cựu chiến binh.",
    ],
    ids=["no-earlier-title", "earlier-medal", "too-far"],
)
def test_no_reference_back_without_a_recent_title(body: str) -> None:
    got = {a.recipient for a in find_awards(article("Tin", body))}
    assert "Thiếu tá Hoàng Văn Sơn" not in got


def test_counted_group_then_the_names_the_article_cares_about() -> None:
    body = (
        "Sở Y tế tặng bằng khen của Bộ Y tế cho 12 cá nhân - trong đó có ông Trần Văn Lộc (giám "
        "đốc Sở Tài chính), ông Phạm Minh Hải (phó chủ tịch UBND tỉnh) và ba phóng viên."
    )
    got = {(a.award_type, a.recipient) for a in find_awards(article("Tổng kết ngành", body))}
    assert got == {("bang_khen", "Trần Văn Lộc"), ("bang_khen", "Phạm Minh Hải")}


def test_an_office_naming_a_unit_inside_a_list_of_persons() -> None:
    body = (
        "2 Huân chương Chiến công hạng Ba tặng thượng tá Lê Văn Hòa, Chánh văn phòng Cơ quan "
        "CSĐT, thiếu tá Đỗ Minh Quân, thiếu tá Vũ Văn Tuấn (trinh sát viên)."
    )
    got = {(a.recipient, a.recipient_kind) for a in find_awards(article("Khen thưởng", body))}
    assert got == {
        ("Thượng tá Lê Văn Hòa", "person"),
        ("Thiếu tá Đỗ Minh Quân", "person"),
        ("Thiếu tá Vũ Văn Tuấn", "person"),
    }


def test_headline_abbreviation_and_body_name_are_one_recipient() -> None:
    """The headline writes "BV", the body "Bệnh viện": one record, under the fuller name."""
    body = "Sáng nay, Bệnh viện Đa khoa Bình Định đã vinh dự đón nhận Huân chương Độc lập hạng Ba."
    got = find_awards(article("BV Đa khoa Bình Định đón nhận Huân chương Độc lập", body))
    assert [a.recipient for a in got] == ["Bệnh viện Đa khoa Bình Định"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("BV Đa khoa Bình Định", "Bệnh viện Đa khoa Bình Định", True),
        ("Báo CA.TPHCM", "Báo Công an TP. HCM", True),
        ("Đoàn ca múa Bông Sen", "Đoàn công an múa Bông Sen", False),  # only capitals expand
    ],
)
def test_recipient_key_writes_out_head_abbreviations(a: str, b: str, same: bool) -> None:
    assert (recipient_key(a) == recipient_key(b)) is same


def test_counted_group_named_in_the_next_sentence() -> None:
    body = (
        "Chủ tịch nước vừa ký quyết định phong tặng danh hiệu Anh hùng Lực lượng vũ trang nhân dân "
        "cho 3 tập thể. 3 tập thể là: Sư đoàn 320 bộ binh (nay là Đoàn kinh tế 320), Quân khu 5; "
        "Công ty Vận tải biển Sài Gòn, Bộ Giao thông; Bệnh viện Đa khoa tỉnh Quảng Trị."
    )
    got = {(a.recipient, a.recipient_kind) for a in find_awards(article("Tuyên dương", body))}
    assert got == {
        ("Sư đoàn 320 bộ binh", "unit"),
        ("Công ty Vận tải biển Sài Gòn", "organisation"),
        ("Bệnh viện Đa khoa tỉnh Quảng Trị", "unit"),
    }


@pytest.mark.parametrize(
    "body",
    [
        # the list does not follow an award given to a counted group
        "Quân khu 5 tổ chức hội thao. 3 đơn vị là: Sư đoàn 320 bộ binh; Công ty Vận tải biển Sài "
        "Gòn; Bệnh viện Đa khoa tỉnh Quảng Trị.",
        # the award is only proposed: nothing is given, so nothing is continued
        "Bộ đề nghị tặng Huân chương Lao động hạng Ba cho 3 đơn vị. 3 đơn vị là: Sư đoàn 320 bộ "
        "binh; Công ty Vận tải biển Sài Gòn; Bệnh viện Đa khoa tỉnh Quảng Trị.",
    ],
    ids=["no-award-before", "proposal-before"],
)
def test_no_continued_list_without_a_counted_gift(body: str) -> None:
    assert find_awards(article("Tin", body)) == []


def test_the_staff_collective_of_a_body_is_the_body() -> None:
    body = (
        "Ông Trần Văn Hải đã trao Huân chương Lao động hạng Nhì tặng cho tập thể cán bộ, phóng "
        "viên, nhân viên Báo Người Cao Tuổi - cơ quan ngôn luận của Hội Người cao tuổi."
    )
    got = {(a.recipient, a.recipient_kind) for a in find_awards(article("Kỷ niệm", body))}
    assert got == {("Báo Người Cao Tuổi", "organisation")}


def test_presenter_visits_the_units_it_gives_to() -> None:
    """The units are named before the active verb, after "đến các đơn vị như"; an entity left as
    text ("&amp;") splits neither the clause nor a name, and "hàng không" denies nothing."""
    body = (
        "Chiều qua, lãnh đạo UBND TP đã đến các đơn vị như Công an TP, Sở Tài nguyên &amp; môi "
        "trường, Sở Y tế… trao bằng khen, động viên cán bộ trực bão ở Cảng hàng không Cát Bi."
    )
    got = {(a.recipient, a.conferred_by) for a in find_awards(article("Sau cơn bão", body))}
    # the item the list trails off on ("Sở Y tế…") is one of them, not the giver
    assert got == {("Công an TP", None), ("Sở Tài nguyên & môi trường", None), ("Sở Y tế", None)}


def test_a_place_visited_is_no_recipient() -> None:
    body = "Trong lần đến Đà Nẵng, đoàn của Bộ Giáo dục Úc đã trao bằng khen cho một số trung tâm."
    assert find_awards(article("Du học", body)) == []


# --- Shapes of the awards-dev misses and false hits worked in the awards4 round (issue 11). ---
# Each row: id, title, body, every (type, recipient, period) the article must yield.
ROUND4: list[tuple[str, str, str, set[tuple[str, str, str | None]]]] = [
    (
        "held-title-in-a-proposal",
        "Kiến nghị",
        "Đó là kiến nghị của Nhà giáo Ưu tú Trần Văn Bảo, nguyên hiệu trưởng Trường THPT Hòa Lạc, "
        "tại hội thảo đề xuất giải pháp phát triển trường tư thục.",
        {("nha_giao", "Trần Văn Bảo", None)},
    ),
    (
        "two-held-titles-beside-a-denial",
        "Phim mới",
        "Chưa từng đóng phim, song nữ Anh hùng Lao động, Thầy thuốc Ưu tú Lê Thị Mai Hoa đã nhận "
        "vai bà mẹ.",
        {
            ("anh_hung_lao_dong", "Lê Thị Mai Hoa", None),
            ("danh_hieu_other", "Lê Thị Mai Hoa", None),
        },
    ),
    (
        "glued-sentences-a-later-plan-vetoes-nothing",
        "Tin ngắn",
        "Tối 5-1, Công ty May Hồng Hà đã tổ chức lễ đón nhận Huân chương Lao động hạng Ba do Nhà "
        "nước trao tặng.Theo giám đốc công ty, năm tới công ty sẽ mở rộng sản xuất.",
        {("huan_chuong_lao_dong", "Công ty May Hồng Hà", None)},
    ),
    (
        "a-state-order-of-a-company-dated-by-its-ceremony",
        "Lãng phí",
        "Dự toán kinh phí đón Huân chương Lao động hạng Ba của Công ty Sứ Thanh Trì vào ngày "
        "12-3-2005 là 500 triệu đồng.",
        {("huan_chuong_lao_dong", "Công ty Sứ Thanh Trì", "2005")},
    ),
    (
        "medals-of-a-person-named-after-cua",
        "Người lính cũ",
        "Trên vách nhà treo giấy chứng nhận Huân chương Chiến công hạng Ba, Huy chương Chiến sĩ "
        "vẻ vang của anh Lò Văn Sáu.",
        {("huan_chuong_other", "Lò Văn Sáu", None), ("other", "Lò Văn Sáu", None)},
    ),
    (
        "negative-an-office-after-cua-gives",
        "Tin ngắn",
        "Buổi lễ trao Bằng khen của Bộ trưởng Nguyễn Văn Minh diễn ra sáng nay.",
        set(),
    ),
    (
        "obituary-headline-names-the-subject-once",
        "Vĩnh biệt nhà thơ Hồng Lam Nhà thơ sinh năm 1930 tại Huế.",
        "Ông đã được khen thưởng: Huân chương Kháng chiến hạng Nhì, Huân chương Độc lập hạng Ba.",
        {("huan_chuong_other", "Hồng Lam", None), ("huan_chuong_doc_lap", "Hồng Lam", None)},
    ),
    (
        "a-title-inside-a-list-of-people",
        "Trăm năm một ngôi trường",
        "Trường có nhiều học trò nổi tiếng như: giáo sư Trần Văn Khê, Anh hùng Lực lượng vũ trang "
        "Phạm Văn Đông, nhạc sĩ Lê Văn Hai.",
        {("anh_hung_llvt", "Phạm Văn Đông", None)},
    ),
    (
        "the-speakers-we-ends-the-name",
        "Đón xuân",
        "Tập thể cán bộ công nhân viên Công ty Cổ phần Dệt Hưng Yên chúng tôi rất tự hào được Nhà "
        "nước trao tặng Huân chương Lao động hạng Ba.",
        {("huan_chuong_lao_dong", "Công ty Cổ phần Dệt Hưng Yên", None)},
    ),
    (
        "a-bodys-name-goes-on-past-va",
        "Tin",
        "Sáng nay, Cục Tin học và Thống kê tài chính đã được Chủ tịch nước trao tặng Huân chương "
        "Lao động hạng Ba.",
        {("huan_chuong_lao_dong", "Cục Tin học và Thống kê tài chính", None)},
    ),
    (
        "va-before-a-head-or-an-award-joins-two",
        "Tin",
        "Sở Y tế và Bệnh viện Đa khoa tỉnh Lào Cai đã được tặng Bằng khen. Đại tá Lê Văn Tâm được "
        "tặng Huy chương Vì sự nghiệp thể thao và Huy chương Vì thế hệ trẻ.",
        {
            ("bang_khen", "Sở Y tế", None),
            ("bang_khen", "Bệnh viện Đa khoa tỉnh Lào Cai", None),
            ("other", "Đại tá Lê Văn Tâm", None),
        },
    ),
    (
        "a-persons-short-name-is-the-full-one",
        "Tin",
        "Chiều qua, Chủ tịch nước trao tặng Đại sứ Cu Ba Hô-xê Lam-ba Huân chương Hữu nghị. Đại sứ "
        "Hô-xê Lam-ba bày tỏ vinh dự được nhận Huân chương Hữu nghị.",
        {("huan_chuong_other", "Đại sứ Cu Ba Hô-xê Lam-ba", None)},
    ),
    (
        "a-headline-order-without-its-class",
        "TAND TP Cần Thơ nhận Huân chương lao động",
        "Hôm qua, TAND TP Cần Thơ đón nhận Huân chương lao động hạng 3 do Chủ tịch nước trao tặng "
        "tập thể TAND thành phố và Chánh án Lê Văn Tám.",
        {
            ("huan_chuong_lao_dong", "TAND thành phố", None),
            ("huan_chuong_lao_dong", "Chánh án Lê Văn Tám", None),
        },
    ),
    (
        "negative-numbered-awards-to-one-body-go-to-its-members",
        "Tin",
        "Bộ Công an vừa tặng thưởng 5 Huân chương Chiến công, 12 bằng khen cho Công an tỉnh Yên "
        "Bái.",
        set(),
    ),
    (
        "negative-a-list-of-prizes-names-no-holder",
        "Tin",
        "Giải thưởng Văn học Đồng bằng, Giải thưởng Văn bia Khu di tích Đồi Dương Bến Lức, Giải "
        "thưởng Nhà nước về văn học.",
        set(),
    ),
    (
        "negative-a-ministry-in-title-case-after-cua-gives",
        "Tin",
        "Năm 2005, công ty đã nhận được Bằng khen của Bộ Kế Hoạch Đầu Tư.",
        set(),
    ),
    (
        "the-air-of-spring-denies-nothing",
        "Đón xuân",
        "Trong không khí vào xuân rộn rã, Công ty Cổ phần Dệt Hưng Yên vinh dự được Nhà nước trao "
        "tặng Huân chương Lao động hạng Ba.",
        {("huan_chuong_lao_dong", "Công ty Cổ phần Dệt Hưng Yên", None)},
    ),
    (
        "a-speakers-office-before-a-title-she-talks-about",
        "Sân khấu",
        '"Đúng là cô ấy rồi" - bà Lê Thu Hà - Phó Giám đốc Sở Văn hóa tỉnh nói về NSƯT cải lương '
        "Thanh Mai.",
        {("danh_hieu_other", "Thanh Mai", None)},
    ),
    (
        "a-newspaper-named-with-ngay-nay",
        "Kỷ niệm",
        "Sáng 22/6, báo Khoa học ngày nay tổ chức kỷ niệm 15 năm ra số đầu tiên và đón nhận Huân "
        "chương Lao động hạng Nhì.",
        {("huan_chuong_lao_dong", "Báo Khoa học ngày nay", None)},
    ),
    (
        "a-year-said-for-the-group-then-its-names",
        "Khen thưởng",
        "Sáng nay, 3 học sinh đoạt giải trong kỳ thi Olympic Vật lý quốc tế năm 2004 đã được nhận "
        "bằng khen của Thủ tướng Chính phủ. Ba học sinh được nhận bằng khen của Thủ tướng là Trần "
        "Minh Đức, Lê Thu Trang và Phạm Quốc Bảo.",
        {
            ("bang_khen", "Trần Minh Đức", "2004"),
            ("bang_khen", "Lê Thu Trang", "2004"),
            ("bang_khen", "Phạm Quốc Bảo", "2004"),
        },
    ),
    (
        "a-year-for-the-group-does-not-reach-three-sentences-on",
        "Khen thưởng",
        "Năm 2004, 3 đơn vị đã được nhận bằng khen của Thủ tướng Chính phủ. Buổi lễ diễn ra tại "
        "Hà Nội. Các đại biểu dự lễ đông đủ. Trường THPT Lam Sơn được nhận bằng khen của Thủ "
        "tướng.",
        {("bang_khen", "Trường THPT Lam Sơn", None)},
    ),
    (
        "a-profile-opening-with-born-lists-the-persons-orders",
        "Thiếu tướng Trần Văn Lâm từ trần",
        "Thiếu tướng Trần Văn Lâm sinh ngày 2/5/1930, quê xã Yên Hòa, huyện Yên Mô; ủy viên Ban "
        "chấp hành các khóa VI, VII; Huân chương Quân công hạng Nhì, Huân chương Chiến công hạng "
        "Nhất; Huy hiệu 50 năm tuổi Đảng.",
        {
            ("huan_chuong_other", "Thiếu tướng Trần Văn Lâm", None),
            ("other", "Thiếu tướng Trần Văn Lâm", None),
        },
    ),
    (
        "achievements-before-the-subject-many-classes-many-givers",
        "Hồ Minh mong muốn mở lò võ",
        "Hồ Minh giải nghệ năm ngoái. Hồ Minh nay làm huấn luyện viên. Với 4 ngôi vô địch châu Á, "
        "Huân chương Lao động hạng Nhì, Ba, nhiều bằng khen của Thủ tướng, Ủy ban TDTT và UBND "
        "tỉnh..., võ sĩ họ Hồ được xem là một tượng đài.",
        {
            ("huan_chuong_lao_dong", "Hồ Minh", None),
            ("bang_khen", "Hồ Minh", None),
        },
    ),
    (
        "negative-a-two-syllable-name-said-once-is-no-subject",
        "Hồ Minh và bạn bè",
        "Với 4 ngôi vô địch châu Á, Huân chương Lao động hạng Nhì, võ sĩ được xem là một tượng "
        "đài.",
        set(),
    ),
    # Shapes read in the outside samples (bench/awards.py --sample-outside 50 --seed 21/22).
    (
        "a-name-run-twice-into-the-lead-is-one-name",
        "Tin",
        "Hôm qua, NSND Lê Hoa Lê Hoa phát biểu tại buổi lễ.",
        {("danh_hieu_other", "Lê Hoa", None)},
    ),
    (
        "a-long-body-name-past-va",
        "Tin",
        "Công ty Đầu tư và phát triển công nghệ truyền hình Việt Nam (VTC) vừa được trao tặng danh "
        "hiệu Anh hùng Lao động thời kỳ đổi mới.",
        {
            (
                "anh_hung_lao_dong",
                "Công ty Đầu tư và phát triển công nghệ truyền hình Việt Nam",
                None,
            )
        },
    ),
    (
        "negative-a-brands-words-are-no-person",
        "Tin",
        "Trong 8 năm, cá nhân ông và LG Electronics Vietnam đã nhận được nhiều bằng khen.",
        set(),
    ),
    (
        "negative-the-subject-reads-the-budget-of-a-ceremony",
        "Tin",
        "Ông Trần Văn Mạnh xem bản dự toán kinh phí lễ đón nhận Huân chương Lao động hạng Ba rồi "
        "nói không duyệt.",
        set(),
    ),
    (
        "negative-the-prime-minister-after-a-title-gives-it",
        "Tin",
        "Ông chỉ nhận duy nhất bằng khen nghệ sĩ ưu tú của thủ tướng Phạm Văn Đồng, năm 1970.",
        set(),
    ),
    (
        "negative-tp-alone-names-no-city",
        "Tin",
        "Theo báo cáo, TP đã được đón nhận danh hiệu Anh hùng Lao động.",
        set(),
    ),
    (
        "an-acronym-defined-in-parentheses-is-the-same-recipient",
        "Kỷ niệm 25 năm",
        "Tròn 25 tuổi, Lực lượng Thanh niên xung phong (TNXP) tỉnh Bình Dương được Nhà nước phong "
        "tặng danh hiệu Anh hùng Lao động. Lực lượng TNXP tỉnh Bình Dương vinh dự đón nhận danh "
        "hiệu Anh hùng Lao động.",
        {("anh_hung_lao_dong", "Lực lượng Thanh niên xung phong tỉnh Bình Dương", None)},
    ),
    (
        "a-name-gọi-tắt-in-the-headline-is-the-full-name",
        "VKS Phúc thẩm Đà Nẵng nhận Huân chương Lao động hạng Nhì",
        "Ngày 17-2, Viện Thực hành quyền công tố và kiểm sát xét xử phúc thẩm (gọi tắt là VKS "
        "Phúc thẩm Đà Nẵng) tại Đà Nẵng đã vinh dự đón nhận Huân chương Lao động hạng Nhì.",
        {
            (
                "huan_chuong_lao_dong",
                "Viện Thực hành quyền công tố và kiểm sát xét xử phúc thẩm",
                None,
            )
        },
    ),
    (
        "an-order-pinned-to-the-flag-of-the-articles-unit",
        "Bệnh viện Chợ Rẫy đón nhận Huân chương Hồ Chí Minh",
        "Bệnh viện Chợ Rẫy kỷ niệm 100 năm thành lập. Phó Chủ tịch nước đã trao và gắn Huân chương "
        "Hồ Chí Minh lên lá cờ truyền thống của đơn vị.",
        {("huan_chuong_other", "Bệnh viện Chợ Rẫy", None)},
    ),
    (
        "given-to-the-city-the-article-is-about",
        "TP Cần Thơ mít tinh kỷ niệm ngày giải phóng",
        "Sáng nay, TP Cần Thơ tổ chức mít tinh. Chủ tịch nước trực tiếp trao tặng danh hiệu Anh "
        "hùng Lao động thời kỳ đổi mới cho thành phố.",
        {("anh_hung_lao_dong", "TP Cần Thơ", None)},
    ),
    (
        "a-science-staff-collective-is-no-students-team",
        "Tôn vinh",
        "Chương trình tôn vinh anh hùng lao động gồm ông Trần Văn Phú và tập thể cán bộ khoa học "
        "Viện Cây ăn quả miền Nam.",
        {
            ("anh_hung_lao_dong", "Trần Văn Phú", None),
            ("anh_hung_lao_dong", "Viện Cây ăn quả miền Nam", None),
        },
    ),
    (
        "counted-staff-collectives-of-two-hospitals",
        "An toàn giao thông",
        "Bộ trưởng Lê Văn Hải đã trao tặng bằng khen cho 2 tập thể y, bác sĩ Bệnh viện Đa khoa "
        "Quảng Nam, Bệnh viện Đa khoa Quảng Ngãi.",
        {
            ("bang_khen", "Bệnh viện Đa khoa Quảng Nam", None),
            ("bang_khen", "Bệnh viện Đa khoa Quảng Ngãi", None),
        },
    ),
    (
        "a-part-of-a-body-named-with-cua",
        "Kỷ niệm",
        "Phòng Tổ chức - Hành chính của Trung tâm cũng được tặng Huân chương Lao động hạng Ba.",
        {("huan_chuong_lao_dong", "Phòng Tổ chức - Hành chính của Trung tâm", None)},
    ),
    (
        "an-office-after-a-person-is-the-persons",
        "Tin",
        "Sáng nay, Thứ trưởng Lê Văn Nam trao tặng Huy chương Vì sự nghiệp giáo dục cho ông Kim "
        "Dae Ho, Tổng giám đốc Samsung Vina.",
        {("other", "Kim Dae Ho", None)},
    ),
    (
        "a-title-in-parentheses-before-a-name-is-that-names",
        "Tin",
        "Ông ta về quê thăm người yêu cũ là bà Mơ (NSƯT Kim Loan).",
        set(),
    ),
    (
        "the-giver-written-right-after-the-award-then-cho",
        "Tin",
        "Tổng cục Cảnh sát đã đón nhận Huân chương Hồ Chí Minh Nhà nước tặng cho lực lượng Cảnh "
        "sát giao thông.",
        {("huan_chuong_other", "Lực lượng Cảnh sát giao thông", None)},
    ),
    (
        "a-family-name-without-a-given-name-continues-the-body",
        "Tin",
        "Tối qua, nhà hát Giao hưởng và Vũ kịch Huế đã đón nhận Huân chương Lao động hạng Ba.",
        {("huan_chuong_lao_dong", "Nhà hát Giao hưởng và Vũ kịch Huế", None)},
    ),
    (
        "a-family-name-with-a-given-name-after-va-is-a-person",
        "Tin",
        "Sở Y tế và Vũ Văn An được tặng Bằng khen.",
        {("bang_khen", "Sở Y tế", None), ("bang_khen", "Vũ Văn An", None)},
    ),
    (
        "negative-chang-denies",
        "Bà Hà Thị Mơ: một đời ca trù",
        "Bà chẳng thể dưỡng già được với danh hiệu nghệ nhân hay nghệ sĩ ưu tú.",
        set(),
    ),
    (
        "negative-comma-la-starts-a-new-predicate",
        "Tin",
        "35 năm trong nghề, được trao tặng Huân chương Lao động hạng Nhất, là Trưởng đoàn Chèo Hải "
        "Dương, với chị, niềm vui lớn nhất là được hát.",
        set(),
    ),
    (
        "a-denial-in-another-comma-segment-denies-nothing",
        "Người thầy tí hon",
        "Trần Văn Lũy không mặc cảm với dáng vẻ của mình, được tặng bằng khen vì tham gia dạy bổ "
        "túc văn hoá.",
        {("bang_khen", "Trần Văn Lũy", None)},
    ),
    (
        "negative-a-denial-in-the-awards-own-segment",
        "Người thầy tí hon",
        "Ông Trần Văn Lũy sống ở xã Yên Lạc. Ông Lũy dạy chữ cho trẻ em trong xóm. Người ta gọi "
        "ông Lũy là thầy giáo tí hon. Ông dạy nhiều năm, không được tặng bằng khen nào.",
        set(),
    ),
    (
        "con-opens-a-clause-it-is-no-name",
        "Tin",
        "Còn David Hackworth, không bị một xây xát nào, được trao Huân chương Sao Bạc.",
        {("huan_chuong_other", "David Hackworth", None)},
    ),
    (
        "a-headline-award-takes-no-date-from-the-merged-lead",
        "Báo Lao Động đón nhận Huân chương Lao động hạng Nhất (NLĐ)- Chiều 5-2, tại Hà Nội, Báo "
        "Lao Động đã tổ chức kỷ niệm 25 năm ra số đầu tiên (5.2.1981 - 5.2.2006).",
        "Phó Thủ tướng Lê Văn An đã trao Huân chương Lao động hạng Nhất cho Báo Lao Động.",
        {("huan_chuong_lao_dong", "Báo Lao Động", None)},
    ),
    (
        "a-lead-that-names-the-award-after-the-date-dates-it",
        "Báo Lao Động đón nhận Huân chương Sao Vàng (NLĐ)- Sáng 5-2, tại Hà Nội, Báo Lao Động đã "
        "tổ chức mít tinh kỷ niệm 60 năm (5.2.1946 - 5.2.2006) và đón nhận Huân chương Sao Vàng.",
        "Đông đảo bạn đọc đến dự.",
        {("huan_chuong_other", "Báo Lao Động", "2006")},
    ),
    (
        "a-described-group-then-its-names-each-with-a-title",
        "Tin",
        "Chủ tịch UBND tỉnh đã trao tặng bằng khen của UBND tỉnh cho 3 nghệ sĩ đã đoạt giải Cánh "
        "Diều từ 3 năm trở lên: NSƯT Hồng Đào, ca sĩ Minh Thư, Lê Văn Tâm.",
        {
            ("bang_khen", "Hồng Đào", None),
            ("bang_khen", "Minh Thư", None),
            ("bang_khen", "Lê Văn Tâm", None),
            ("danh_hieu_other", "Hồng Đào", None),
        },
    ),
    (
        "a-title-list-after-a-title-stays-cut-at-the-held-title",
        "Xét phong danh hiệu",
        "Nhà hát đã lên danh sách những nghệ sĩ đủ tiêu chuẩn xét phong danh hiệu lần này; lên "
        "NSND gồm có: NSƯT Lê Minh, Thu Hà, Duy Khánh.",
        {("danh_hieu_other", "Lê Minh", None)},
    ),
    (
        "negative-a-team-named-by-a-common-noun",
        "Tin",
        "Chiều qua, tập thể đội bóng đã được Sở TDTT tỉnh trao tặng bằng khen.",
        set(),
    ),
]


@pytest.mark.parametrize(
    ("title", "body", "expected"), [r[1:] for r in ROUND4], ids=[r[0] for r in ROUND4]
)
def test_round4_shapes(title: str, body: str, expected: set) -> None:
    got = {(a.award_type, a.recipient, a.period) for a in find_awards(article(title, body))}
    assert got == expected


def test_one_bang_khen_from_each_giver_listed() -> None:
    body = (
        "Hồ Minh giải nghệ năm ngoái. Hồ Minh nay làm huấn luyện viên. Với 4 ngôi vô địch châu Á, "
        "nhiều bằng khen của Thủ tướng, Ủy ban TDTT và UBND tỉnh..., võ sĩ họ Hồ được xem là một "
        "tượng đài."
    )
    got = {(a.award, a.conferred_by) for a in find_awards(article("Hồ Minh mở lò võ", body))}
    assert got == {
        ("Bằng khen", "Thủ tướng Chính phủ"),
        ("Bằng khen", "Ủy ban TDTT"),
        ("Bằng khen", "UBND tỉnh"),
    }


@pytest.mark.parametrize(
    ("body", "recipient"),
    [
        (
            "Năm 1996, chiến khu Bời Lời vinh dự được Nhà nước trao tặng danh hiệu Anh hùng Lực "
            "lượng vũ trang nhân dân.",
            "Chiến khu Bời Lời",
        ),
        ("Khu công nghiệp Tiên Sơn được Thủ tướng tặng cờ thi đua.", "Khu công nghiệp Tiên Sơn"),
    ],
)
def test_a_zone_is_a_place_not_a_person(body: str, recipient: str) -> None:
    got = {(a.recipient, a.recipient_kind) for a in find_awards(article("Tin", body))}
    assert got == {(recipient, "place")}


def test_a_title_said_in_passing_takes_no_giver_of_the_sentence() -> None:
    body = (
        "Chủ tịch UBND tỉnh đã trao tặng bằng khen của UBND tỉnh cho 3 nghệ sĩ: NSƯT Hồng Đào, ca "
        "sĩ Minh Thư, Lê Văn Tâm."
    )
    got = {(a.award_type, a.conferred_by) for a in find_awards(article("Tin", body))}
    assert got == {("bang_khen", "UBND tỉnh"), ("danh_hieu_other", None)}
