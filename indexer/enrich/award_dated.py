"""A year said once for a group and its names: "4 học sinh đoạt giải năm 2003 đã được nhận bằng
khen của Thủ tướng. Bốn học sinh được nhận bằng khen của Thủ tướng là A, B, C và D." The first
sentence gives the award, with its year, to a group nobody names; a sentence shortly after names
the group and gives the same award by the same giver without a year: its records take that year.

Split from ``indexer.enrich.awards``, which walks the sentences and keeps what they left unnamed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from indexer.enrich.award_mentions import Context, giver_after, giver_before, mentions
from indexer.enrich.award_records import Award
from indexer.enrich.award_text import Sent, Span, periods

# How many sentences after the unnamed gift its names may follow: two in awards-dev (a sentence
# on another award comes between), one more would reach into the next story of a digest.
DATED_MAX_SENTENCES = 3


@dataclass(frozen=True)
class Dated:
    """An award given, with one year or period, to a group the sentence does not name."""

    award: str
    giver: str | None
    years: tuple[int, int]
    age: int = 0  # sentences since


def unnamed_dated(s: Sent, ctx: Context, found: list[Span], unnamed: list[Span]) -> list[Dated]:
    """The awards of ``unnamed`` the sentence dates (one year or period each) with their giver."""
    if not unnamed:
        return []
    cands, bodies, _ = mentions(s.text, s.low, s.fold, ctx, found)
    first_named = min([c.start for c in cands] + [len(s.text)])
    out = []
    for award in unnamed:
        giver, ext = giver_after(award, bodies, s.low)
        giver = giver or giver_before(award, Span(0, 0, "", ""), bodies, s.low)
        years = periods(award, ext, found, first_named, s)
        if len(years) == 1:
            out.append(Dated(award.name, giver, years[0]))
    return out


def date_named(records: list[Award], dated: list[Dated]) -> list[Award]:
    """``records`` with the year of an earlier unnamed gift of the same award by the same giver,
    where they have none."""
    out = []
    for a in records:
        same = [d for d in dated if d.award == a.award and d.giver == a.conferred_by]
        if a.period is None and a.conferred_by and len(same) == 1:
            y1, y2 = same[0].years
            a = replace(a, year_from=y1, year_to=y2, period=str(y1) if y1 == y2 else f"{y1}-{y2}")
        out.append(a)
    return out


def aged(dated: list[Dated]) -> list[Dated]:
    """The gifts still in reach one sentence later (any sentence, with award words or not)."""
    return [replace(d, age=d.age + 1) for d in dated if d.age + 1 < DATED_MAX_SENTENCES]
