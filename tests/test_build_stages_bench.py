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


def test_build_phases_without_a_work_folder_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import build_phases

    assert build_phases.main(["--work", str(tmp_path)]) == 2
    assert "run bench/search.py first" in capsys.readouterr().err


def test_build_phases_times_every_step_of_a_small_full_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    import build_phases

    from indexer.article import Article

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(tmp_path / "records.jsonl", "w", encoding="utf-8") as records:
        for i, text in enumerate(["Học sinh giỏi cấp tỉnh", "Tổng kết năm học", "Thi đua"]):
            path = f"tin-{i}.txt"
            (corpus / path).write_text(f"{text}\n\n{text} năm 2024 của trường.", encoding="utf-8")
            article = Article(path=path, title=text, body=f"{text} năm 2024 của trường.")
            records.write(json.dumps({"article": article.to_json(), "awards": []}) + "\n")
    for owner, name, _ in build_phases.STEPS:  # the script wraps them: restored after the test
        monkeypatch.setattr(owner, name, getattr(owner, name))
    assert build_phases.main(["--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "full build: 3 documents" in out
    for _, _, label in build_phases.STEPS:
        if "pool" not in label:  # three files: no worker pool is started
            assert label in out, label
