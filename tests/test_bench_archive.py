"""bench/search.py never writes into an archive it was given (issue 13).

The second run with the same ``--archive`` used to take the generated-corpus branch and write
20,000 generated files through the work folder's link into the user's folder; and every file the
extraction skipped logged a KeyError traceback in our build. Here: two ``prepare`` runs, then our
build phase (full build, no-op, 1 % change), and the archive's files, sizes and mtimes are exactly
as before; the skipped file is reported as skipped, not as a load error.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import rebuild  # noqa: E402
import search  # noqa: E402

SYLLABLE_TEXT = "giáo dục đào tạo học sinh trường thi đua khen thưởng năm tỉnh huyện sở phòng"
SYLLABLES = SYLLABLE_TEXT.split()


def article(n: int) -> str:
    """A title and a body of shuffled syllables: distinct articles, never near-duplicates."""
    rng = random.Random(n)
    return f"Tin số {n}\n\n" + " ".join(rng.choice(SYLLABLES) for _ in range(80))


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("plus_generated", [0, 3])
def test_an_archive_given_is_only_read(tmp_path, monkeypatch, plus_generated):
    archive = tmp_path / "user-archive"
    archive.mkdir()
    for n in range(4):
        (archive / f"{n}.txt").write_text(article(n), "utf-8")
    (archive / "empty.txt").write_text("", "utf-8")  # skipped by the extraction
    before = snapshot(archive)
    monkeypatch.setattr(search, "OUT", tmp_path / "out")
    args = search.argparse.Namespace(
        archive=archive, articles=20000, seed=1, procs=1, plus_generated=plus_generated
    )
    work = search.prepare(args)
    assert search.prepare(args) == work  # the second run: same folder, nothing generated into it
    records = search.RecordFile(work / "records.jsonl")
    result = rebuild.phase_build_and_update(work, records.get, no_dedup=False)
    assert snapshot(archive) == before
    assert result["docs"] == 4 + plus_generated
    assert "skipped: 1 (skipped-by-extraction: 1)" in result["report"]
    assert result["noop_generation"] is None and result["change_files"] == 1


@pytest.mark.parametrize("hard_links", [True, False])
def test_the_view_is_walked_as_the_build_walks_an_archive(tmp_path, monkeypatch, hard_links):
    """Hard links are walked by the build's own walk; symlinks (another file system), which it
    refuses, by the benchmark's stand-in, which gives the same keys."""
    from indexer.ingest.walk import Found, walk_found

    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for rel in ("a.txt", "sub/b.txt"):
        (corpus / rel).write_text(article(1), "utf-8")
    if not hard_links:
        monkeypatch.setattr(rebuild.os, "link", lambda *a: (_ for _ in ()).throw(OSError(18, "")))
    rels, hard = rebuild.make_view(corpus, tmp_path / "links")
    assert (rels, hard) == (["a.txt", "sub/b.txt"], hard_links)
    links = tmp_path / "links"
    assert all((links / rel).is_symlink() != hard for rel in rels)
    walk = walk_found if hard else rebuild.view_walker(rels)
    assert [(f.key, f.path) for f in walk(links) if isinstance(f, Found)] == [
        (rel, f"{links}/{rel}") for rel in rels
    ]
