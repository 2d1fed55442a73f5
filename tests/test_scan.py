"""The scan against a manifest: the same plan whichever way the walk gives the files, and every
file to extract told to ``on_extract`` as it is found."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.article import Skipped
from indexer.digests import sha256_of
from indexer.ingest.walk import Found, suffix_kind, walk_archive, walk_found
from indexer.manifest import Entry, Manifest
from indexer.scan import Scan, scan_archive


@pytest.fixture
def scanned(tmp_path: Path) -> tuple[Path, Manifest]:
    """An archive of six files against a manifest that knows four of them: one unchanged, one
    touched (same bytes), one edited, one gone; two new files, one with a name that is not
    UTF-8; a FIFO the walk refuses."""
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    texts = {"same.txt": "a", "touched.txt": "b", "edited.txt": "c", "sub/new.html": "<p>d</p>"}
    for rel, text in texts.items():
        (archive / rel).write_text(text, "utf-8")
    (archive / os.fsdecode(b"caf\xe9.txt")).write_text("e", "utf-8")
    os.mkfifo(archive / "pipe.txt")
    manifest = Manifest(tmp_path / "manifest.sqlite")
    rows = []
    for rel in ("same.txt", "touched.txt", "edited.txt"):
        stat = (archive / rel).stat()
        rows.append(Entry(rel, stat.st_size, stat.st_mtime_ns, sha256_of(archive / rel)))
    rows.append(Entry("gone.txt", 1, 1, "x"))
    manifest.put(rows)
    manifest.commit()
    os.utime(archive / "touched.txt", ns=(1, 1))
    (archive / "edited.txt").write_text("changed", "utf-8")
    return archive, manifest


def plan(scan: Scan) -> tuple:  # type: ignore[type-arg]
    return (
        sorted((t.key, Path(t.path), t.sha256) for t in scan.extract),
        sorted(scan.restat),
        sorted((e.key, e.skipped) for e in scan.refused),
        scan.added,
        scan.updated,
        scan.removed,
        scan.files,
    )


def test_found_and_path_walks_plan_alike_and_every_file_to_extract_is_told(scanned):
    archive, manifest = scanned
    told: list[str] = []
    by_found = scan_archive(archive, walk_found, manifest, lambda task: told.append(task.key))
    by_path = scan_archive(archive, walk_archive, manifest)

    def relative_walk(root: Path) -> list[Path | Skipped]:
        return [p if isinstance(p, Skipped) else p.relative_to(root) for p in walk_archive(root)]

    relative = scan_archive(archive, relative_walk, manifest)
    assert plan(by_found) == plan(by_path) == plan(relative)
    assert told == [t.key for t in by_found.extract]
    keys = {t.key for t in by_found.extract}
    assert keys == {"edited.txt", "sub/new.html", "caf\\xe9.txt"}
    assert by_found.restat[0][0] == "touched.txt"
    assert by_found.removed == {"gone.txt"}
    assert [(e.key, e.skipped) for e in by_found.refused] == [("pipe.txt", "special-file")]


def test_walk_found_gives_keys_and_paths_of_walk_archive(scanned):
    archive, _ = scanned
    found = list(walk_found(archive))
    paths = {
        f.key if isinstance(f, Found) else f.path: Path(f.path) if isinstance(f, Found) else f
        for f in found
    }
    assert [paths[key] for key in sorted(paths)] == list(walk_archive(archive))
    assert len(paths) == len(found)
    assert all(Path(f.path).is_relative_to(archive) for f in found if isinstance(f, Found))


@pytest.mark.parametrize(
    "name",
    ["a.txt", "A.HTML", "x.htm", "a.b.TXT", "a..txt", ".txt", "..txt", "...a.txt", ".a.txt",
     "x.html.bak", "a.", ".", "noext", "txt", "a.tXt ", "a.warc", "B.WARC.GZ", "c.wacz"],
)  # fmt: skip
def test_suffix_kind_reads_suffixes_as_os_path_splitext_does(name):
    lower = name.lower()
    expected = {".txt": "text", ".html": "html", ".htm": "html"}.get(os.path.splitext(lower)[1])
    if lower.endswith((".warc", ".warc.gz", ".wacz")):
        expected = "container"
    assert suffix_kind(name) == expected
