"""Who a sentence names and who gives: recipient candidates (education units through the unit
canonicaliser, every other name through ``award_names``), conferring bodies, and the giver an
award is "của"/"do" or "được X tặng".

Split from ``indexer.enrich.awards``; the rules are data in ``award_rules``/``award_lexicon``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.enrich import award_cues as C
from indexer.enrich import award_rules as R
from indexer.enrich.award_names import name_spans
from indexer.enrich.award_text import Span, names_after, province_after
from indexer.enrich.units import find_unit_mentions
from indexer.text.analysis import fold_text

_BODY_RES = [
    (label, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold_text(s)) for s in sp) + r")(?!\w)"))
    for label, sp in R.BODIES
]


@dataclass(frozen=True)
class Context:
    """What a sentence needs from its article: the units (main first) and the province."""

    path: str
    units: tuple[str, ...]
    province: str | None
    # The article's own school, person, unit: what "Nhà trường", "ông", "đơn vị" refer to.
    subjects: dict[str, Span] = field(default_factory=dict)


def _province_bodies(text: str, fold: str, default: str | None) -> list[Span]:
    """People's committees: "UBND tỉnh Thái Nguyên", "UBND Tỉnh" (province from context), ...."""
    spans = []
    for m in R.PROVINCE_BODY_RE.finditer(fold):
        level = R.LEVEL_LABELS[m.group(1)]
        name, end = province_after(text, m.end()) if level in ("tỉnh", "TP") else (None, m.end())
        if name and level == "TP" and name not in R.CENTRAL_CITIES:
            name = None  # "UBND thành phố Thái Nguyên": a city inside a province
        if not name and (local := names_after(text, m.end() + 1, 1)):
            name, end = local
        elif not name and level == "tỉnh":
            name = default
        label = f"UBND {level} {name}" if name else f"UBND {level}"
        spans.append(Span(m.start(), end, label, "body"))
    return spans


def _bare_refs(text: str, low: str, fold: str, units: tuple[str, ...]) -> list[Span]:
    spans = []
    for word, prefix in R.BARE_REFS:
        for m in re.finditer(rf"(?<!\w){word}(?!\w)", low):
            if word != "ngành" and not text[m.start()].isupper():
                continue
            end = R.BARE_REF_SUFFIX_F.match(fold, m.end()).end()  # type: ignore[union-attr]
            if names_after(text, end, 1):  # "Sở Nội vụ", "Phòng Tổ chức": another body
                continue
            unit = next((u for u in units if u.startswith(prefix)), None)
            if unit:
                spans.append(Span(m.start(), end, unit, "unit"))
    return spans


def mentions(
    text: str, low: str, fold: str, ctx: Context, awards: list[Span]
) -> tuple[list[Span], ...]:
    """(recipient candidates, givers, units after a position word) of one sentence."""
    bodies = [
        Span(m.start(), m.end(), lab, "body") for lab, r in _BODY_RES for m in r.finditer(fold)
    ]
    bodies += _province_bodies(text, fold, ctx.province)
    named = [Span(u.start, u.end, u.canonical, "unit") for u in find_unit_mentions(text)]
    named += _bare_refs(text, low, fold, ctx.units)
    named += [
        known
        for n in name_spans(text, low, awards)
        if not any(u.start < n.end and n.start < u.end for u in named)
        if (known := _education_unit(n, ctx.units)) is not None
    ]
    named = [
        s
        for s in named
        if not any(b.start <= s.start < b.end for b in bodies)
        and s.name not in R.NOT_A_NAME_ACRONYMS
    ]
    candidates: list[Span] = []
    appositions: list[Span] = []
    for s in sorted(named, key=lambda s: (s.start, -s.end)):
        if candidates and s.start < candidates[-1].end:
            continue  # overlapping readings: keep the first, longest
        before = low[max(0, s.start - 20) : s.start]
        trails = s.name.endswith(("…", "..."))  # "Sở Y tế, Cụm cảng X… trao": a list's last item
        giver_position = before.endswith(("được ", "của ")) or (
            _followed_by_verb(low, s.end) and not trails
        )
        after_body = any(0 <= s.start - b.end <= 2 and low[b.end : s.start].strip() in (",", "")
                         for b in bodies)  # fmt: skip
        if s.kind == "place" and after_body:
            continue  # "UBND huyện Phú Lương, tỉnh Thái Nguyên": where the giver is
        if s.kind == "unit" and giver_position:
            bodies.append(s)  # a unit that gives ("được Sở GD&ĐT suy tôn"): a giver
        elif R.POSITION_CUES_F.search(fold[max(0, s.start - 25) : s.start]):
            appositions.append(s)  # "Giám đốc Sở GD&ĐT X": the person is meant
        elif s.kind == "person" and R.UNNAMED_ONE_BEFORE_L.search(before):
            continue
        elif (
            s.kind == "person"
            or not R.NOT_SUBJECT_BEFORE_L.search(before)
            or _holder_after_of(s, low, awards)
        ):
            candidates.append(s)
    return candidates, bodies, appositions


def _holder_after_of(s: Span, low: str, awards: list[Span]) -> bool:
    """ "Huân chương Lao động hạng 3 của Công ty X": a company or school right after a state
    order and "của" holds it (only the state confers an order)."""
    return s.kind in C.HOLDER_AFTER_OF_KINDS and any(
        a.kind in C.STATE_ORDER_KEYS and low[a.end : s.start].strip() == "của" for a in awards
    )


def _education_unit(name: Span, units: tuple[str, ...]) -> Span | None:
    """An education unit named outside the unit canonicaliser's shapes ("Phòng GD&ĐT Phú
    Lương" without "huyện") is one of the article's units when it names it but for the level
    word; otherwise it is dropped, so no non-canonical spelling of a unit becomes a recipient or
    a giver. Names of other sectors pass unchanged."""
    shaped = name.kind == "unit" and name.name.startswith(R.EDUCATION_UNIT_HEADS)
    if not shaped or not R.EDUCATION_NAME_F.search(fold_text(name.name)):
        return name  # a company, a sector, a person: not one of the canonical unit shapes
    key = _unit_key(name.name)
    found = next((u for u in units if _unit_key(u) == key), None)
    return Span(name.start, name.end, found, "unit") if found else None


def _unit_key(name: str) -> str:
    words = fold_text(name).replace("&", " ").split()
    return " ".join(w for w in words if w not in R.UNIT_LEVEL_WORDS_F)


def _followed_by_verb(low: str, pos: int) -> bool:
    verb = R.GIFT_VERB_RE.search(low, pos)
    return bool(verb and R.BODY_VERB_GAP_RE.match(low[pos : verb.start()]))


def giver_after(award: Span, bodies: list[Span], low: str) -> tuple[str | None, int]:
    """ "Cờ thi đua của Bộ GD&ĐT": the giver and where the award phrase ends."""
    for b in sorted(bodies, key=lambda b: b.start):
        gap = low[award.end : b.start]
        if b.start >= award.end and (
            R.OF_RE.match(gap) or (not gap.strip() and _followed_by_verb(low, b.end))
        ):  # "... Huân chương Hồ Chí Minh Nhà nước tặng cho X": the giver, then its verb
            return b.name, b.end
    return None, award.end


def giver_before(award: Span, recipient: Span, bodies: list[Span], low: str) -> str | None:
    """ "được Chính phủ tặng thưởng": the nearest body followed by its verb, after the subject."""
    floor = recipient.end if recipient.end <= award.start else 0
    for b in sorted(bodies, key=lambda b: -b.end):
        if b.name.endswith(("…", "...")):
            continue  # "Sở Y tế, Cụm cảng X… trao": a list that goes on, not who gives
        if floor <= b.start and b.end <= award.start and _followed_by_verb(low, b.end):
            return b.name
    return None


def more_givers(ext: int, spans: list[Span], low: str) -> list[str]:
    """ "bằng khen của Thủ tướng, Ủy ban TDTT và UBND TPHCM": the givers listed after the first
    (which ends at ``ext``), bodies or units joined by "," or "và"; one award from each."""
    out: list[str] = []
    pos = ext
    while sep := re.match(r"\s*(?:,|và)\s*", low[pos:]):
        start = pos + sep.end()
        nxt = next((s for s in spans if s.start == start and s.kind != "person"), None)
        if nxt is None:
            break
        out.append(nxt.name)
        pos = nxt.end
    return out
