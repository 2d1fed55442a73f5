"""Did-you-mean is bounded: unknown syllables corrected, neighbours compared, and time.

A fake reader counts what the suggestion asks of the index: a 16-syllable misspelled query
must not walk the vocabulary 16 times, a syllable with many neighbours must not have all of
them looked up, and once the suggestion's time budget is spent (a fake clock) the rest of the
query is kept as typed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from searchsvc.engine import suggest

KNOWN = {"giao": 50, "duc": 40, "truong": 30, "hoc": 60, "thi": 20, "dua": 10}


class FakeReader:
    """``doc_frequency`` and ``syllable_frequency`` from KNOWN; ``similar_terms`` yields
    ``fanout`` neighbours (the real correction first) and counts how many were taken."""

    def __init__(self, fanout: int = 3) -> None:
        self.fanout = fanout
        self.walks = 0
        self.taken = 0
        self.lookups = 0

    def doc_frequency(self, field: str, term: str) -> int:
        self.lookups += 1
        return KNOWN.get(term, 1 if term.startswith("zz") else 0)

    def syllable_frequency(self, term: str) -> int:
        return self.doc_frequency("text_fold", term)

    def similar_terms(self, field: str, term: str, maxdist: int, prefix: int) -> Iterator[str]:
        self.walks += 1
        fixes = [k for k in KNOWN if k[0] == term[0] and abs(len(k) - len(term)) <= 1]
        for word in fixes + [f"zz{i:04d}" for i in range(self.fanout)]:
            self.taken += 1
            yield word


class Clock:
    """Advances ``step`` seconds on every reading."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (["giaoo", "duc"], ["giao", "duc"]),
        (["truongg", "hocc"], ["truong", "hoc"]),
        (["giao", "duc"], None),  # nothing to correct
        (["2019", "ab"], None),  # digits and 1-2 letter syllables are left alone
    ],
)
def test_corrections_within_bounds(query, expected):
    assert suggest.correct(FakeReader(), query, Clock(0.0)) == expected


def test_a_long_misspelled_query_corrects_at_most_max_corrected_syllables():
    reader = FakeReader()
    query = ["giaoo", "ducc", "truongg", "hocc", "thii", "duaa"] * 3  # 18 unknown syllables
    corrected = suggest.correct(reader, query, Clock(0.0))
    assert reader.walks == suggest.MAX_CORRECTED
    assert corrected is not None
    assert (
        corrected[: suggest.MAX_CORRECTED]
        == ["giao", "duc", "truong", "hoc"][: suggest.MAX_CORRECTED]
    )
    assert corrected[suggest.MAX_CORRECTED :] == query[suggest.MAX_CORRECTED :]


@pytest.mark.parametrize("fanout", [10, 1000, 100_000])
def test_neighbours_compared_are_bounded(fanout):
    reader = FakeReader(fanout)
    assert suggest.correct(reader, ["giaoo"], Clock(0.0)) == ["giao"]
    assert reader.taken <= suggest.MAX_CANDIDATES
    assert reader.lookups <= 1 + suggest.MAX_CANDIDATES


@pytest.mark.parametrize(
    ("step", "corrected"),
    [
        (0.0, 3),  # no time passes: all three are corrected
        (suggest.BUDGET_S * 0.6, 1),  # the budget runs out after the first syllable
        (suggest.BUDGET_S * 2, 0),  # spent before anything: nothing suggested
    ],
)
def test_time_budget_keeps_the_rest_as_typed(step, corrected):
    reader = FakeReader()
    query = ["giaoo", "ducc", "truongg"]
    result = suggest.correct(reader, query, Clock(step))
    assert reader.walks == corrected
    if corrected == 0:
        assert result is None
    else:
        assert result is not None and result[corrected:] == query[corrected:]


class CommonWords(FakeReader):
    """Every term is in more documents than an accent lookup may read."""

    def doc_frequency(self, field: str, term: str) -> int:
        return suggest.MAX_ACCENT_POSTINGS + 1

    def postings(self, field: str, term: str):  # type: ignore[no-untyped-def]
        raise AssertionError(f"read the postings of {term!r}")


@pytest.mark.parametrize("folded", [["truong"], ["giao", "duc"]])
def test_long_posting_lists_are_not_read_for_accents(folded):
    assert suggest.accented(CommonWords(), folded) == " ".join(folded)
