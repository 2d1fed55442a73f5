"""The shortcuts of near-duplicate grouping give the answers of the long ways: band membership
through a table of top bits (``dedup._rows_in``) is ``np.isin``'s; exact repeats share one text
view (``dedup.text_digest``) and are grouped as before."""

from __future__ import annotations

import numpy as np
import pytest

from indexer import dedup, dedup_signature
from indexer.article import Article

SHIFT = 64 - dedup.FILTER_BITS


def _keys(seed: int, count: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 2**64 - 1, size=count, dtype=np.uint64)


def _same_top_bits(count: int) -> np.ndarray:
    """Keys whose top FILTER_BITS bits are all equal: every row passes the table, and only
    the exact check tells them apart."""
    return (np.uint64(7) << np.uint64(SHIFT)) + np.arange(count, dtype=np.uint64)


@pytest.mark.parametrize(
    ("values", "wanted_rows"),
    [
        (_keys(1, 5000), [0, 17, 4999]),
        (_keys(2, 5000), list(range(0, 5000, 3))),  # many wanted
        (_keys(3, 10), []),  # nothing wanted
        (np.concatenate([_keys(4, 100), _keys(4, 100)]), [5, 150]),  # repeated keys
        (_same_top_bits(300), [0, 299]),  # the table flags every row
        (np.array([0, 2**64 - 1, 2**63], dtype=np.uint64), [1]),  # extremes
    ],
)
def test_rows_in_is_isin(values: np.ndarray, wanted_rows: list[int]) -> None:
    wanted = values[np.asarray(wanted_rows, dtype=np.intp)]
    expected = np.flatnonzero(np.isin(values, wanted))
    assert dedup._rows_in(values, wanted).tolist() == expected.tolist()


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (("Tiêu đề", "Nội dung bài."), ("Tiêu đề", "Nội dung bài."), True),
        (("Tiêu đề", "Nội dung bài."), ("Tiêu đề", "Nội dung bài"), False),
        (("ab", "c"), ("a", "bc"), False),  # the same characters split otherwise
        (("", ""), ("", ""), True),
        (("Hòa", ""), ("Hoà", ""), False),  # another spelling is another text
    ],
)
def test_text_digest_tells_texts_apart(a: tuple[str, str], b: tuple[str, str], equal: bool) -> None:
    assert (dedup.text_digest(*a) == dedup.text_digest(*b)) == equal


SENTENCE = "Sở giáo dục tổ chức hội nghị tổng kết năm học với các trường trong tỉnh {}."


def _article(path: str, seed: int) -> Article:
    body = "\n".join(SENTENCE.format(seed * 10 + line) for line in range(8))
    return Article(path, f"Hội nghị tổng kết {seed}", body, encoding="utf-8")


@pytest.mark.parametrize(
    ("seeds", "views", "groups"),
    [
        ([1, 1, 1], 1, 1),  # three exact repeats: one view
        ([1, 1, 2, 2], 2, 2),
        ([1, 2, 3], 3, 3),  # distinct texts: a view each
    ],
)
def test_exact_repeats_share_a_view_and_are_grouped(
    monkeypatch: pytest.MonkeyPatch, seeds: list[int], views: int, groups: int
) -> None:
    articles = {f"a{i}.html": _article(f"a{i}.html", seed) for i, seed in enumerate(seeds)}
    keys = sorted(articles)
    signature = dedup_signature.fingerprint(articles[keys[0]])
    built: list[str] = []
    real = dedup.text_view
    monkeypatch.setattr(dedup, "text_view", lambda t, b: built.append(t) or real(t, b))
    found = dedup.group_duplicates(keys, [signature] * len(keys), articles.__getitem__)
    assert len(built) == views
    assert len(found) == groups
