"""bench/build_stages.py: a records file with no article gives a clear message, not a crash."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import build_stages  # noqa: E402


def test_no_records_is_reported_not_divided_by(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("", encoding="utf-8")
    assert build_stages.main(["--records", str(records)]) == 2
    assert "nothing to measure" in capsys.readouterr().err
    assert gc.isenabled()  # the collector it pauses for the measurement is back
