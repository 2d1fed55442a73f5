"""Names a sentence gives to who may receive an award: schools, units, organisations, places,
persons, read from their head word ("Bệnh viện", "Công ty", "huyện", "ông", "Đại tá") or, for a
person named without one, from a run of capitalised syllables ("Phạm Thị Thu Thanh").

Real news names recipients in many more ways than the education units of
``indexer.enrich.units`` (which stay the canonical reading for those): this module only finds
where a name begins and ends, by the word lists of ``indexer.enrich.award_lexicon``. Names
inside parentheses are someone's apposition ("BS A (giám đốc Trung tâm B)") and are skipped.
"""

from __future__ import annotations

import re
from itertools import takewhile

from indexer.enrich import award_lexicon as L
from indexer.enrich import award_rules as R
from indexer.enrich.award_name_reader import TRAILING, is_upper, read_name
from indexer.enrich.award_text import Span, aligned
from indexer.enrich.units import canonical_province

# Heads whose names may be wholly lowercase ("đội bóng đá nữ", "ngành thể dục thể thao") ...
_LOWER_OK_HEADS = frozenset({"ngành", "đội", "đội tuyển", "lực lượng", "quân chủng", "tập thể"})
# ... with at least this many words ("đội bóng" alone is any team; "ngành toà án" is a sector).
MIN_LOWER_NAME_WORDS = 3


def _office_holder(text: str, pos: int) -> int | None:
    """Where the name of an office's holder ends, when a family name follows the office's
    words closely, with no punctuation between ("Bộ trưởng Giáo dục và Đào tạo Nguyễn Minh")."""
    window = text[pos : pos + L.OFFICE_MAX_CHARS]
    for m in re.finditer(r"[^\s,;:.()]+", window):
        if m.group() in L.SURNAMES:
            run = re.match(r"\S+(?:\s+[^\W\d_][\w'’-]*){1,3}", text[pos + m.start() :])
            words = list(takewhile(lambda w: w[:1].isupper(), run.group().split() if run else []))
            if re.search(r"[,;:.()]", window[: m.start()]):
                return None
            if len(words) >= 2:  # "Đào tạo" is no name: a family name needs a given name
                return pos + m.start() + len(" ".join(words))
    return None


def _paren_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text)]


def name_spans(text: str, low: str, awards: list[Span] = ()) -> list[Span]:  # type: ignore[assignment]
    """Every recipient-like name in the sentence, in text order, overlaps resolved (first and
    longest wins); a name stops where an award's name starts and none lies inside one."""
    found: list[Span] = []
    for m in L.HEAD_RE.finditer(low):
        kind = m.lastgroup or "unit"
        head = m.group()
        named_school = m.end() < len(text) - 1 and text[m.end() + 1].isupper()
        if head == "trường" and not R.SCHOOL_RE.match(low, m.start()) and not named_school:
            continue  # "trường" alone is the word "school", not a school's name
        lowercase = not text[m.start()].isupper()
        if (
            head in ("anh", "chị", "em")
            and not lowercase
            and text[: m.start()].rstrip()[-1:]
            not in (
                "",
                ".",
                ":",
                "-",
                "–",
                '"',
                "“",
                "(",
            )
        ):
            continue  # "NSƯT Anh Tú": a given name, not "anh" (brother) before one
        if lowercase and head in L.CAPITALISED_HEADS:
            continue
        unnamed = not text[m.end() + 1 : m.end() + 2].isupper()
        if lowercase and unnamed and head in L.NAMED_AFTER_HEADS - _LOWER_OK_HEADS:
            continue  # "báo cáo", "phòng học": a word, not a name
        end, upper = read_name(
            text,
            low,
            m.end() + 1,
            allow_lower=kind != "person",
            stop_at_person=kind in ("unit", "organisation"),
        )
        upper += text[m.start() : m.end()].isupper()  # "VKS phúc thẩm", "TAND thành phố"
        if kind == "person" and (upper == 0 or not is_upper(text[m.end() + 1 : end] or "x")):
            continue
        if upper == 0 and not (head in _LOWER_OK_HEADS and end > m.end() + 1):
            continue
        words = low[m.start() : end].removeprefix("tập thể ").split()
        if upper == 0 and len(words) < MIN_LOWER_NAME_WORDS:
            continue  # "tập thể đội bóng": a common noun, no team's name
        if head in L.OFFICE_HEADS and L.HEAD_RE.match(low, m.end() + 1):
            continue  # "Hiệu trưởng Trường B" after a name: an apposition, not a person
        if head in L.OFFICE_HEADS and (holder := _office_holder(text, m.end())):
            end = holder  # "Bộ trưởng Giáo dục và Đào tạo Nguyễn Minh Hiển": office, then name
        if head == "tp" and end <= m.end() + 1:
            continue  # "TP" alone ("TP đã khen thưởng ..."): which city is not said
        found.append(Span(m.start(), end, _clean(text[m.start() : end], kind), kind))
    # A head inside an award's name ("Anh hùng Lực lượng vũ trang X") starts no name: it would
    # hide the person written right after the title from the bare-name reading.
    found = [n for n in found if not any(a.start <= n.start < a.end for a in awards)]
    found += _bare_persons(text, found)
    found += _acronyms(text, found)
    cut = []
    for n in found:
        stop = min([a.start for a in awards if n.start < a.start < n.end] + [n.end])
        if stop < n.end:
            stop = len(text[:stop].rstrip(" ,;:-–"))
            n = Span(n.start, stop, _clean(text[n.start : stop], n.kind), n.kind)
            if len(n.name.split()) < 2:
                continue  # "Là | Anh hùng ...": what is left before the award is no name
        if n.end > n.start and not any(a.start <= n.start < a.end for a in awards):
            cut.append(n)
    found = cut
    parens = _paren_ranges(text)
    found = [s for s in found if not any(a < s.start and s.end <= b for a, b in parens)]
    out: list[Span] = []
    for s in sorted(found, key=lambda s: (s.start, -s.end)):
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


# Capitals written before a person's name ("NSND Lê Khanh", "HLV Lê Công"), unlike a brand's.
_CAPITAL_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
_TITLE_CAPS = L.NOT_ACRONYM_NAMES | {h.upper() for h in L.PERSON_HEADS} | {"NGƯT", "NGND", "AHLLVT"}


def _bare_persons(text: str, heads: list[Span]) -> list[Span]:
    """Runs of 2-4 capitalised syllables outside any head's name: persons named bare."""
    low_n, high_n = L.BARE_PERSON_SYLLABLES
    runs: list[list[re.Match[str]]] = [[]]
    for m in re.finditer(r"\S+", text):
        bare = m.group().rstrip(TRAILING).rstrip("0123456789")  # "Thủy29.": a list number
        ok = bare[:1].isupper() and bare.isalpha() and not bare.isupper()
        prev = runs[-1]
        joined = prev and "\n" not in text[prev[-1].end() : m.start()]
        if ok and joined and prev[-1].group() == prev[-1].group().rstrip(TRAILING):
            prev.append(m)
        elif ok:
            runs.append([m])
        else:
            runs.append([])
    out = []
    near = _NearSpans(heads)
    for run in runs:
        if not run:
            continue
        caps = _capitals_before(text, run[0].start())
        if caps and caps not in _TITLE_CAPS:
            continue  # "LG Electronics Vietnam": the words after a brand's capitals are its name
        # Only heads overlapping the run can cut it or veto it (``near``): testing every head
        # of the article for every run made a long article's name reading quadratic.
        nearby = near.overlapping(run[0].start(), run[-1].end())
        for h in nearby:  # "Báo Thanh Niên | Nguyễn Công Khế": the part after a unit's name
            if run and h.start <= run[0].start() < h.end < run[-1].end():
                run = [w for w in run if w.start() >= h.end]
        while run and run[0].group() in L.NOT_NAME_STARTS:
            run = run[1:]
        if not low_n <= len(run) <= high_n:
            continue
        start = run[0].start()
        end = run[-1].start() + len(run[-1].group().rstrip(TRAILING).rstrip("0123456789"))
        if any(h.start <= start < h.end or start <= h.start < end for h in nearby):
            continue
        if canonical_province(text[start:end]) or text[start:end] in L.COUNTRIES:
            continue  # "Hà Nội", "Việt Nam" named bare: a place, never a recipient by itself
        out.append(Span(start, end, _once(text[start:end]), "person"))
    return out


class _NearSpans:
    """For disjoint ranges given left to right (runs of words), the spans of a list that overlap
    ``[start, end]``, in the list's order. A span ending at or before a range's start (and
    starting before it) can meet no later range, so each span enters and leaves the window once."""

    def __init__(self, spans: list[Span]) -> None:
        self.by_start = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self.spans = spans
        self.next = 0
        self.window: list[int] = []

    def overlapping(self, start: int, end: int) -> list[Span]:
        spans, by_start = self.spans, self.by_start
        while self.next < len(by_start) and spans[by_start[self.next]].start <= end:
            self.window.append(by_start[self.next])
            self.next += 1
        self.window = [i for i in self.window if spans[i].end > start or spans[i].start >= start]
        return [spans[i] for i in sorted(self.window)]


def _capitals_before(text: str, pos: int) -> str | None:
    """The all-capital word ([A-ZĐ]{2,}, a whole word) that ``text`` has right before ``pos``
    with only spaces or tabs between, else None. Read backwards from ``pos``: a regular
    expression over ``text[:pos]`` rescanned the whole prefix for every capitalised run, which
    made an article's name reading quadratic in its length."""
    end = pos - 1 if pos and text[pos - 1] == "\n" else pos  # as "$" matches before a last "\n"
    gap = end
    while gap > 0 and text[gap - 1] in " \t":
        gap -= 1
    start = gap
    while start > 0 and text[start - 1] in _CAPITAL_LETTERS:
        start -= 1
    if gap == end or gap - start < 2:
        return None
    before = text[start - 1] if start else ""
    if before == "." or before.isalnum() or before == "_":
        return None  # inside a longer word ("iPHONE", "v.KHÁC"): not a word of capitals
    return text[start:gap]


def _acronyms(text: str, taken: list[Span]) -> list[Span]:
    """All-capital abbreviations standing alone as a name ("NVHTN", "PC14"): organisations."""
    out = []
    for m in re.finditer(r"(?<![\w&.-])[A-ZĐ][A-ZĐ0-9]{2,7}(?![\w&.-])", text):
        if m.group() in L.NOT_ACRONYM_NAMES or not re.search(r"[A-ZĐ]{2}", m.group()):
            continue
        if any(t.start <= m.start() < t.end for t in taken):
            continue
        out.append(Span(m.start(), m.end(), m.group(), "organisation"))
    return out


def _once(name: str) -> str:
    """A name written twice in a row once ("Lê Khanh Lê Khanh": a headline run into its lead)."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half >= 2 and words[:half] == words[half:] else name


def _clean(name: str, kind: str) -> str:
    name = _once(" ".join(re.sub(r"\([^()]*\)", " ", name.replace("&amp;", "&")).split()))
    if kind == "person":
        courtesy = L.COURTESY_RE.match(aligned(name)[0])
        stripped = name[courtesy.end() :] if courtesy else name
        name = stripped if stripped and stripped[0].isupper() else name
    return name
