"""``python -m indexer.backfill`` gives an index built without sidecars the files the build writes.

A small index is built by the real build (two generations: several segments, deletions), its
sidecars (facet lists, dense postings, the vocabulary's mapped index) are deleted, and the
backfill writes them back: byte for byte what the build wrote, with the service answering
exactly as before (hits, scores, facets, did-you-mean). A second run writes nothing and leaves
every file as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer import (
    backfill,
    dense_postings,
    facet_sidecar,
    generations,
    vocabulary,
    vocabulary_index,
)
from indexer.build import build_index
from searchsvc.engine.request import SearchRequest
from searchsvc.engine.service import IndexView, search
from tests.test_build import walk
from tests.test_facet_sidecar import FacetLoader, write_article

SIDECAR_PATTERNS = (
    "*" + facet_sidecar.SIDECAR_EXT,
    "*." + dense_postings.SUFFIX,
    vocabulary_index.INDEX_FILE,
)
REQUESTS = [
    SearchRequest(q="giáo dục"),
    SearchRequest(q="thi dua khen thuong", per_page=50),
    SearchRequest(q="hoc sinh", units=("Sở GD&ĐT Bắc Kạn",), years=("2020",)),
    SearchRequest(q="chat luong", sort="date"),
    SearchRequest(q="truongg hocc"),  # misspelled: did-you-mean reads the vocabulary
    SearchRequest(awards=("Bằng khen",)),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("backfill")
    archive = root / "archive"
    for i in range(90):
        write_article(archive / f"{i % 3}/{i:02d}.txt", i)
    build_index(archive, root / "index", loader=FacetLoader(), walker=walk, procs=1)
    for i in range(0, 90, 7):  # edited: deleted from their segment, written anew
        write_article(archive / f"{i % 3}/{i:02d}.txt", 500 + i)
    build_index(archive, root / "index", loader=FacetLoader(), walker=walk, procs=1)
    return root / "index"


def sidecars(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for pattern in SIDECAR_PATTERNS for p in folder.glob(pattern)}


def answers(index_root: Path) -> list[tuple[object, ...]]:
    view = IndexView(generations.open_current(index_root))
    try:
        out = []
        for req in REQUESTS:
            result = search(view, req)
            hits = [(h.id, h.score, h.snippet, h.title_html) for h in result.hits]
            out.append((req, result.total, hits, result.facets, result.suggestion))
        return out
    finally:
        view.close()


def test_backfill_writes_back_what_the_build_wrote_and_answers_the_same(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = Path(str(generations.current_realpath(built)))
    written_by_build = sidecars(folder)
    kinds = {name.rsplit(".", 1)[-1] for name in written_by_build}
    assert kinds == {"bin", "dps", "index"}
    assert len(written_by_build) >= 5  # two segments at least: facets and dense each, vocabulary
    expected = answers(built)
    assert any(total for _, total, *_ in expected)

    index_root = tmp_path / "index"
    shutil.copytree(built, index_root, symlinks=True)
    copy = index_root / folder.name
    for name in written_by_build:
        (copy / name).unlink()
    assert sidecars(copy) == {}

    assert backfill.main([str(index_root)]) == 0
    printed = capsys.readouterr().out
    assert sidecars(copy) == written_by_build
    for name in written_by_build:
        assert f"wrote {name} " in printed
    assert f"{len(written_by_build)} files written" in printed
    assert answers(index_root) == expected

    inodes = {p.name: p.stat().st_ino for p in copy.iterdir()}
    assert backfill.main([str(index_root)]) == 0
    printed = capsys.readouterr().out
    assert "wrote" not in printed and "0 files written" in printed
    assert {p.name: p.stat().st_ino for p in copy.iterdir()} == inodes


@pytest.mark.parametrize("victim", SIDECAR_PATTERNS)
def test_only_the_damaged_file_is_written_again(built: Path, tmp_path: Path, victim: str) -> None:
    folder = tmp_path / "gen"
    shutil.copytree(Path(str(generations.current_realpath(built))), folder)
    before = sidecars(folder)
    damaged = sorted(folder.glob(victim))[0]
    damaged.write_bytes(damaged.read_bytes()[:-9])
    inodes = {p.name: p.stat().st_ino for p in folder.iterdir() if p != damaged}
    written, sound = backfill.backfill(folder, report=lambda line: None)
    assert written == [damaged.name]
    assert sound == len(before) - 1
    assert sidecars(folder) == before
    assert {p.name: p.stat().st_ino for p in folder.iterdir() if p != damaged} == inodes


def test_an_index_being_built_is_left_alone(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with generations.build_lock(built):
        assert backfill.main([str(built)]) == 1
    assert "another build is running" in capsys.readouterr().err


def test_a_generation_without_a_vocabulary_table_says_so(built: Path, tmp_path: Path) -> None:
    """An index built before ``vocabulary.tsv`` existed has no table to index: said, not faked."""
    folder = tmp_path / "gen"
    shutil.copytree(Path(str(generations.current_realpath(built))), folder)
    (folder / vocabulary.VOCABULARY_FILE).unlink()
    (folder / vocabulary_index.INDEX_FILE).unlink()
    lines: list[str] = []
    assert backfill.backfill(folder, report=lines.append)[0] == []
    assert lines == [f"no {vocabulary.VOCABULARY_FILE}: no vocabulary index to write"]
    assert not (folder / vocabulary_index.INDEX_FILE).exists()
