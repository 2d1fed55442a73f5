"""Where a name ends: reading a recipient's name word by word from its head ("Bệnh viện Nhi Trung
ương", "Cục Tin học và Thống kê tài chính", "báo Nông thôn ngày nay"), stepping over a short
capitalised parenthesis and stopping at a stop word, a second name or a merged lead's next subject.

Split from ``indexer.enrich.award_names`` (which finds where names begin and resolves overlaps);
the word lists are data in ``award_lexicon`` and ``award_cues``.
"""

from __future__ import annotations

import re

from indexer.enrich import award_cues as C
from indexer.enrich import award_lexicon as L

TRAILING = ',.;:!?"”»'
_WORD_RE = re.compile(r"[ \t]*(\S+)")  # the next word, after spaces or tabs only
_NEXT_WORD_RE = re.compile(r"\s+(\S)")  # the first character of the next word

# Awards named after "và" start a second award, never the rest of a name ("Huy chương A và Huy
# chương B"): lowercase original text.
AWARD_HEADS = (
    "huân chương", "huy chương", "huy hiệu", "kỷ niệm chương", "bằng khen", "giấy khen",
    "cờ thi đua", "danh hiệu", "giải thưởng",
)  # fmt: skip


def is_upper(word: str) -> bool:
    w = word.lstrip('("“')
    return bool(w) and (w[0].isupper() or w[0].isdigit())


def _next_upper(text: str, pos: int) -> bool:
    nxt = _NEXT_WORD_RE.match(text, pos)  # at pos, without copying the rest of the text
    return bool(nxt and nxt.group(1).isupper())


def _stripped_end(text: str, end: int) -> int:
    """``len(text[:end].rstrip())`` without copying ``text[:end]`` (read per name: a copy made
    reading names quadratic in an article's length)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def read_name(
    text: str, low: str, pos: int, *, allow_lower: bool, stop_at_person: bool = False
) -> tuple[int, int]:
    """(end, capitalised words) of the name running from ``pos``. A short capitalised
    parenthesis inside it ("Bệnh viện (BV) Nhi") is stepped over; ``stop_at_person`` ends a
    unit's name before a person's ("Báo Thanh Niên | Nguyễn Công Khế")."""
    end = cursor = pos
    upper = lower_run = words = 0
    while True:
        m = _WORD_RE.match(text, cursor)
        if not m or (cursor > pos and m.start(1) == cursor):
            break
        word, start = m.group(1), m.start(1)
        if word.startswith("("):
            close = text.find(")", start)
            inner = text[start + 1 : close] if close > 0 else ""
            if not is_upper(inner) or len(inner.split()) > 3 or "," in inner:
                break
            if not upper and not inner.isupper():
                break  # right after the head only an abbreviation: "bác sĩ (BS) Jacqueline"
            cursor = close + 1
            continue
        bare = "&amp;" if word == "&amp;" else word.rstrip(TRAILING)  # an entity left as text
        if "(" in bare:
            bare = bare[: bare.index("(")]
        if (
            stop_at_person
            and upper >= 2
            and bare in L.SURNAMES
            and _next_upper(text, start + len(bare))
        ):
            break
        if not allow_lower and upper and _person_head_of_two(low, start):
            break  # "nhà thơ Viễn Phương | Nhà thơ tên thật ...": a merged lead's next subject
        if not allow_lower and _body_head_of_two(low, start):
            break  # "y, bác sĩ | Bệnh viện Trung ương Huế": a body's name, not the person's
        if bare in ("-", "–") and not _next_upper(text, start + len(bare)):
            break  # "Báo Thanh Niên - cơ quan ngôn luận của ...": an apposition follows
        if allow_lower and upper and (phrase := _name_phrase(low, start)):
            upper += is_upper(bare)  # "báo Nông thôn ngày nay", "Thanh niên Xung phong"
            end = cursor = start + len(phrase)
            words += 1
            continue
        if is_upper(bare) or (allow_lower and bare in ("&", "-", "–", "&amp;")):
            upper += is_upper(bare)
            lower_run = 0
        elif stop_at_person and bare == "của" and upper and _parent_body(text, low, start):
            lower_run = 0  # "Phòng Tổ chức - Hành chính của Trung tâm": a part of a body
        elif allow_lower and bare == "và" and upper and word == bare and _goes_on(text, low, start):
            lower_run = 0  # "Cục Tin học và Thống kê tài chính": one body's name, read on
        elif allow_lower and bare and bare not in L.STOP_WORDS and lower_run < L.MAX_LOWER_RUN:
            lower_run += 1
        else:
            break
        end = cursor = start + len(bare)
        words += 1
        if bare != word or words >= L.MAX_NAME_WORDS:
            break
    # A name ends on a capitalised word or a kept lowercase word, never on a dash.
    while end > pos and (last := _stripped_end(text, end)) and text[last - 1] in "-–&":
        end = _stripped_end(text, last - 1)
    return end, upper


def _name_phrase(low: str, pos: int) -> str:
    """The words at ``pos`` that end other names but belong to this one ("ngày nay")."""
    for phrase in C.NAME_PHRASES_L:
        after = pos + len(phrase)
        if low.startswith(phrase, pos) and not (after < len(low) and _is_word_char(low[after])):
            return phrase
    return ""


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a str pattern."""
    return char.isalnum() or char == "_"


def _goes_on(text: str, low: str, pos: int) -> bool:
    """Does the body's name go on past the "và" at ``pos`` ("Viện Thực hành quyền công tố và
    kiểm sát xét xử", "Công ty Đầu tư và phát triển X")? Not when another name's head, a family
    name or a function word follows: then "và" joins two names ("Sở Y tế và Bệnh viện X")."""
    nxt = re.compile(r"và\s+(\S+)").match(text, pos)
    if not nxt or L.HEAD_RE.match(low, nxt.start(1)) or low.startswith(AWARD_HEADS, nxt.start(1)):
        return False
    word = nxt.group(1).rstrip(TRAILING)
    if word[:1].isupper():  # a family name then a capitalised word: a person ("và Vũ Văn A")
        person = word in L.SURNAMES and _next_upper(text, nxt.end(1))
        return not person and word.isalpha()
    return bool(word) and word not in L.STOP_WORDS and word.isalpha()


def _parent_body(text: str, low: str, pos: int) -> bool:
    """Does a capitalised body's head follow the "của" at ``pos`` ("của Trung tâm", "của Bệnh
    viện X")? Then the name is a part of that body, and goes on."""
    nxt = re.compile(r"của\s+").match(low, pos)
    head = L.HEAD_RE.match(low, nxt.end()) if nxt else None
    return bool(
        nxt and head and head.lastgroup in ("unit", "organisation") and text[nxt.end()].isupper()
    )


def _body_head_of_two(low: str, pos: int) -> bool:
    """Does a body's head of two or more words start at ``pos`` ("Bệnh viện", "Công ty")? One
    word ("Đoàn", "Khoa") may be a family or given name."""
    head = L.HEAD_RE.match(low, pos)
    return bool(
        head and head.lastgroup in ("unit", "organisation", "school") and " " in head.group()
    )


def _person_head_of_two(low: str, pos: int) -> bool:
    """Does a person's head of two or more words start at ``pos`` ("Nhà thơ", "Bác sĩ")? One
    word ("Anh", "Bà") may be a given name inside a name ("Mã Tố Anh")."""
    head = L.HEAD_RE.match(low, pos)
    return bool(head and head.lastgroup == "person" and " " in head.group())
