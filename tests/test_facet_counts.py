"""Facet counting (searchsvc.engine.facets): the grouped sum and the bucket listing give what a
plain count over (document, value) assignments gives, whatever the assignments' order."""

from __future__ import annotations

import numpy as np
import pytest

from searchsvc.engine.facets import MAX_BUCKETS, FacetColumn, buckets

# (names, document of each assignment, value id of each assignment)
COLUMNS = {
    "grouped": (("a", "b", "c"), [0, 2, 5, 1, 2, 3, 4, 5], [0, 0, 0, 1, 1, 2, 2, 2]),
    "one value": (("a",), [0, 1, 2, 3, 4, 5], [0, 0, 0, 0, 0, 0]),
    "unsorted": (("a", "b", "c"), [3, 4, 0, 2, 1], [2, 2, 0, 0, 1]),
    "a value without documents": (("a", "b", "c"), [0, 1, 5], [0, 0, 2]),
    "no values": ((), [], []),
}
MASKS = {
    "all": [True] * 6,
    "none": [False] * 6,
    "some": [True, False, True, False, False, True],
}


def _column(name: str) -> FacetColumn:
    names, docs, values = COLUMNS[name]
    return FacetColumn(names, np.array(docs, dtype=np.int64), np.array(values, dtype=np.int64))


def _expected(name: str, mask: list[bool]) -> list[int]:
    names, docs, values = COLUMNS[name]
    return [
        sum(1 for d, v in zip(docs, values, strict=True) if v == i and mask[d])
        for i in range(len(names))
    ]


@pytest.mark.parametrize("column", list(COLUMNS))
@pytest.mark.parametrize("mask", list(MASKS))
def test_counts_equal_a_plain_count(column: str, mask: str) -> None:
    counts = _column(column).counts(np.array(MASKS[mask]))
    assert counts.tolist() == _expected(column, MASKS[mask])
    assert counts.dtype == np.int64


@pytest.mark.parametrize(
    ("column", "grouped"),
    [("grouped", True), ("one value", True), ("unsorted", False),
     ("a value without documents", False), ("no values", False)],
)  # fmt: skip
def test_grouped_sum_only_where_every_value_is_one_group(column: str, grouped: bool) -> None:
    assert (_column(column).starts is not None) == grouped


@pytest.mark.parametrize(
    ("order", "selected", "expected"),
    [
        ("count", (), [("2020", 3, False), ("2019", 2, False), ("unknown", 2, False)]),
        ("value", (), [("2020", 3, False), ("2019", 2, False), ("unknown", 2, False)]),
        ("count", ("2018",), [("2020", 3, False), ("2019", 2, False), ("unknown", 2, False),
                              ("2018", 0, True)]),
        ("value", ("2019", "1999"), [("2020", 3, False), ("2019", 2, True), ("unknown", 2, False),
                                     ("1999", 0, True)]),
    ],
)  # fmt: skip
def test_buckets_list_counts_by_count_or_value_and_keep_selected_ones(
    order: str, selected: tuple[str, ...], expected: list[tuple[str, int, bool]]
) -> None:
    column = FacetColumn(
        ("2018", "2019", "2020", "unknown"),
        np.array([0, 1, 2, 3, 4, 5, 6], dtype=np.int64),
        np.array([1, 1, 2, 2, 2, 3, 3], dtype=np.int64),
    )
    per_value = column.counts(np.ones(7, dtype=bool))
    got = buckets(column, per_value, selected, order=order)
    assert [(b.value, b.count, b.selected) for b in got] == expected


def test_buckets_are_cut_at_the_maximum_by_count_then_name() -> None:
    names = tuple(f"v{i:03}" for i in range(MAX_BUCKETS + 5))
    docs = np.arange(len(names), dtype=np.int64)
    column = FacetColumn(names, docs, docs.copy())
    per_value = np.array([1] * len(names), dtype=np.int64)
    per_value[-1] = 2  # the last name has the most documents: listed first
    got = buckets(column, per_value, ())
    assert [b.value for b in got] == [names[-1], *names[: MAX_BUCKETS - 1]]
