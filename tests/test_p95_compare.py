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


@pytest.mark.parametrize(
    ("goal", "verdict"),
    [(1.20, "goal: mean p95 ratio NEW/OLD <= 1.20: holds"),
     (0.40, "goal: mean p95 ratio NEW/OLD <= 0.40: does NOT hold")],
)  # fmt: skip
def test_report_prints_the_goal_given_and_whether_it_holds(goal: float, verdict: str) -> None:
    olds = [_run({"x": [10.0] * 20})]
    news = [_run({"x": [5.0] * 20})]  # mean p95 ratio 0.500
    text = "\n".join(p95_compare.report(olds, news, goal))
    assert f"ratio 0.500 (goal <= {goal:.2f})" in text
    assert verdict in text


def test_report_names_the_code_and_corpus_of_each_side() -> None:
    olds = [_run({"x": [10.0]}), _run({"x": [10.0]})]
    news = [_run({"x": [5.0]})]
    news[0]["code"] = "def+uncommitted"
    corpora = {"old": {"files": 3, "sha256": "ab" * 32}, "new": {"files": 3, "sha256": "ab" * 32}}
    lines = p95_compare.report(olds, news, corpora=corpora)
    assert lines[0] == "code measured: OLD abc (2 runs); NEW def+uncommitted (1 runs)"
    short = "ab" * 8
    assert lines[1] == f"corpus: OLD 3 files sha256 {short}, NEW 3 files sha256 {short}: the same"


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


BASE_FILES = {"a/1.txt": "Tin số 1".encode(), "a/2.txt": b"two", "b/3.txt": b"three"}


@pytest.mark.parametrize(
    ("other", "same"),
    [(BASE_FILES, True),
     ({**BASE_FILES, "a/2.txt": b"twO"}, False),  # one byte changed
     ({"a/1.txt": "Tin số 1".encode(), "a/2b.txt": b"two", "b/3.txt": b"three"}, False),  # renamed
     ({**BASE_FILES, "c/4.txt": b""}, False),  # one file more
     ({k: v for k, v in BASE_FILES.items() if k != "b/3.txt"}, False)],  # one file fewer
)  # fmt: skip
def test_corpus_digest_tells_the_same_corpus_from_another(
    tmp_path: Path, other: dict[str, bytes], same: bool
) -> None:
    old, new = _tree(tmp_path / "old", BASE_FILES), _tree(tmp_path / "new", other)
    assert (p95_compare.corpus_digest(old) == p95_compare.corpus_digest(new)) is same
    assert p95_compare.corpus_digest(old)["files"] == 3


@pytest.mark.parametrize(
    ("new_files", "stops"),
    [(BASE_FILES, False), ({**BASE_FILES, "a/2.txt": b"2"}, True), ({}, True)],
)
def test_check_corpora_stops_a_comparison_of_different_or_empty_corpora(
    tmp_path: Path, new_files: dict[str, bytes], stops: bool
) -> None:
    old_work, new_work = tmp_path / "old", tmp_path / "new"
    _tree(old_work / "corpus", BASE_FILES if new_files else {})
    _tree(new_work / "corpus", new_files)
    (new_work / "corpus").mkdir(parents=True, exist_ok=True)
    (old_work / "corpus").mkdir(parents=True, exist_ok=True)
    if stops:
        with pytest.raises(SystemExit, match="corpora differ"):
            p95_compare.check_corpora(old_work, new_work)
    else:
        assert p95_compare.check_corpora(old_work, new_work)["old"]["files"] == 3


def test_build_makes_one_full_generation_of_the_unchanged_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import indexer.build as build
    from indexer import dedup

    monkeypatch.setattr(search, "OUT", tmp_path / "out")
    # --build switches these for its own process; restored after the test.
    monkeypatch.setattr(dedup, "group_duplicates", dedup.group_duplicates)
    monkeypatch.setattr(build, "award_records", build.award_records)
    result = p95_compare.build_this_checkout(procs=1, articles=12)
    work = tmp_path / "out" / "gen-12-s1"
    records = (work / "records.jsonl").read_text("utf-8").splitlines()
    assert result["docs"] == len(records) > 0 and result["no_dedup"] is True
    assert "noop_seconds" not in result and "change_files" not in result
    files = [p for p in (work / "links").rglob("*") if p.is_file()]
    assert files and all(p.is_symlink() or p.stat().st_nlink > 1 for p in files)  # none changed
    kept = json.loads((work / "result-build-ours-full.json").read_text("utf-8"))
    assert kept["docs"] == result["docs"]
