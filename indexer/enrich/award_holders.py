"""Who holds a title or an award by where the text puts them: the person written right after a
title ("Anh hùng Lao động X", "NSƯT cải lương Y") or before it ("ông X, Anh hùng Lao động,"),
the person before a parenthesis that opens with a title ("Vương Linh (NSƯT, ...)"), and the
article's own subject named by a word after the award ("... cho thành phố", "... lên lá cờ
truyền thống của đơn vị").

Split from ``indexer.enrich.award_recipients`` (which links the names of a clause to an award).
"""

from __future__ import annotations

import re

from indexer.enrich import award_cues as C
from indexer.enrich.award_clauses import Clause
from indexer.enrich.award_text import Span
from indexer.text.analysis import fold_text

# Text between a title and the person it is written before: "(NSƯT)", "thời kỳ đổi mới".
# Also a performing art ("NSƯT cải lương X", "NSND chèo Y"): the title's field (VNTC culture).
TITLE_PERSON_GAP_F = re.compile(
    r"^\s*(?:thoi ky doi moi\s*|(?:cai luong|cheo|tuong|mua|xiec|kich|hat boi)\s+)?$"
)


def title_holder(c: Clause, award: Span, ext: int) -> list[Span]:
    """ "Anh hùng Lao động X" / "ông X, Anh hùng Lao động,": the person holding a title."""
    # "NSƯT của thủ tướng X": the name after the title's giver is the giver's, never the holder
    given = re.search(r"(?<!\w)(?:của|do)(?!\w)", c.blank[award.end : ext])
    after = [n for n in c.names if n.kind == "person" and n.start >= ext and not given]
    if after and TITLE_PERSON_GAP_F.match(fold_text(c.blank[ext : after[0].start])):
        return [after[0]]  # a parenthesis between them is blanked: "Vương Linh (NSƯT)" reads so
    before = [n for n in c.names if n.kind == "person" and n.end <= award.start]
    closes = ext >= len(c.s.low) or c.blank[ext:].lstrip()[:1] in (",", ";", ".", "")
    if (
        before
        and closes
        and re.match(r"^\s*,\s*(?:nữ\s+)?$", c.blank[before[-1].end : award.start])
    ):
        return [before[-1]]
    return []


def self_object(c: Clause, ext: int) -> str | None:
    """The kind of the article's own subject an award is given to right after it ("... cho
    thành phố", "... lên lá cờ truyền thống của đơn vị"), a word and not a name."""
    m = C.SELF_OBJECT_L.match(c.blank, ext)
    if not m or re.match(r"\s+[A-ZĐÀ-Ỹ]", c.s.text[m.end() :]):
        return None  # "cho thành phố Huế": a name, read as one
    return C.SELF_OBJECT_KINDS[m.group(1)]


def bracketed_holder(c: Clause, opened: int, award: Span) -> list[Span]:
    """ "Vương Linh (NSƯT, ...)", "thầy Tám Danh (Nghệ sĩ nhân dân ...)": a parenthesis that
    opens with a title gives it to the person named right before it; any other, to nobody."""
    if c.s.low[opened + 1 : award.start].strip():
        return []
    if re.match(r"\s+[A-ZĐÀ-Ỹ]", c.s.text[award.end :]):
        return []  # "bà Tím (NSƯT Kim Xuân)": the title is the name inside's, not the role's
    before = [n for n in c.names if n.kind == "person" and n.end <= opened]
    if before and not c.s.text[before[-1].end : opened].strip():
        return [before[-1]]
    return []
