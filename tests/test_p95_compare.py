"""bench/p95_compare.py: the figures it prints from two sides' query-ours results.

Made-up runs with known timings: the percentiles are bench/search.py's, the pair ratios pair
OLD i with NEW i, and answers are compared per side and across sides.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import p95_compare  # noqa: E402
import search  # noqa: E402


def _run(ms_by_label: dict[str, list[float]], total: int = 5) -> dict[str, Any]:
    queries = [
        {"label": label, "total": total, "ids": ["a", "b"], "ms": ms}
        for label, ms in ms_by_label.items()
    ]
    return {"queries": queries, "load_before": [0.5, 0.5, 0.5], "code": "abc"}


@pytest.mark.parametrize(
    ("values", "q"),
    [([3.0, 1.0, 2.0], 0.5), ([float(i) for i in range(1, 101)], 0.95), ([7.0], 0.95)],
)
def test_percentile_is_bench_searchs(values: list[float], q: float) -> None:
    assert p95_compare.pct(values, q) == search._pct(values, q)


def test_report_pairs_runs_in_order_and_compares_answers() -> None:
    slow = {"x": [10.0] * 20, "y": [20.0] * 20}
    fast = {"x": [5.0] * 20, "y": [10.0] * 20}
    olds = [_run(slow), _run(slow)]
    news = [_run(fast), _run(fast, total=6)]  # the second NEW run answers differently
    lines = p95_compare.report(olds, news)
    text = "\n".join(lines)
    assert "pair ratios NEW/OLD p95: 0.500 0.500" in text
    assert "pair ratios NEW/OLD p50: 0.500 0.500" in text
    assert "mean p95 OLD 20.00 ms NEW 10.00 ms ratio 0.500" in text
    assert "lowest p95 OLD 20.00 ms NEW 10.00 ms ratio 0.500" in text
    assert "q50=0.500" in text and "0 of 2 slower" in text
    assert "OLD runs give the same totals and ids: True" in text
    assert "NEW runs give the same totals and ids: False" in text
    assert "OLD vs NEW: equal totals 2 of 2, equal page-1 ids 2" in text


def test_kept_runs_are_read_in_run_order(tmp_path: Path) -> None:
    for i in (1, 2, 10):
        (tmp_path / f"old-{i}.json").write_text(json.dumps({"n": i}), encoding="utf-8")
    assert [r["n"] for r in p95_compare._kept_runs(tmp_path, "old")] == [1, 2, 10]
    assert p95_compare._kept_runs(tmp_path, "new") == []
