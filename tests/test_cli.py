"""The command line contract: ``python -m indexer extract`` and ``build``, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "indexer", *args], cwd=cwd, capture_output=True, timeout=120
    )


def test_extract_prints_json_lines_unescaped_with_archive_relative_paths() -> None:
    done = run("extract", "archive/txt/004_6f0e2239d1f27c29.txt", "archive/html/nukeviet")
    assert done.returncode == 0, done.stderr
    assert "Điện Biên".encode() in done.stdout  # UTF-8, not \u escapes
    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    by_path = {r["path"]: r for r in records}
    seed = by_path["txt/004_6f0e2239d1f27c29.txt"]
    assert set(seed) >= {"title", "published", "year", "author", "source", "units", "body"}
    assert (seed["published"], seed["year"], seed["author"]) == ("2020-12-18", 2020, "Mai Hương")
    assert by_path["html/nukeviet/danh-muc-thi-dua-khen-thuong.html"] == {
        "path": "html/nukeviet/danh-muc-thi-dua-khen-thuong.html",
        "skipped": "not an article",
    }


def test_extract_reports_a_missing_path_and_goes_on() -> None:
    done = run("extract", "no/such/file.txt", "archive/txt/000_74ab6b623cc90a1f.txt")
    assert done.returncode == 1
    assert b"no such file or folder" in done.stderr
    assert len(done.stdout.splitlines()) == 1


def test_build_prints_its_report(tmp_path: Path) -> None:
    done = run("build", "--archive", "archive", "--index", str(tmp_path), "--no-progress")
    assert done.returncode == 0, done.stderr
    report = done.stdout.decode("utf-8")
    for line in ("generation:", "indexed:", "skipped:", "seconds:"):
        assert line in report
    again = run("build", "--archive", "archive", "--index", str(tmp_path), "--no-progress")
    assert "unchanged" in again.stdout.decode("utf-8")
