"""After any number of incremental builds the index answers as a full build of the same files:
totals, order, facets, snippets and did-you-mean on a query mix."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from indexer import extraction_feed, generation_job, generations, vocabulary, vocabulary_change
from tests.test_build import SYLLABLES, _results, article_text, run, stored

QUERIES = [
    "thi đua",
    "truong",
    '"giáo dục"',
    "học sinh -huyện",
    "số 7 OR số 9",
    "khen thưởng năm học",
    "tổng kết",
    "sach giao khoa",
]
TYPOS = ["thi dau", "khen thuong nam hox", "giao duc dao taoo"]
COPY_LINE = "Chia sẻ bài viết\n"  # a short furniture line: the file is the same article


def write_article(path: Path, seed: int, copy: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article_text(seed, f"Trường số {seed} thi đua") + (COPY_LINE if copy else ""))


def suggestions(index_root: Path) -> list[str | None]:
    from searchsvc.engine.request import SearchRequest
    from searchsvc.engine.service import IndexView, search

    view = IndexView(generations.open_current(index_root))
    try:
        return [search(view, SearchRequest(q=q)).suggestion for q in TYPOS]
    finally:
        view.close()


def vocabulary_of(index_root: Path) -> Counter[str] | None:
    return vocabulary.read(Path(str(generations.current_realpath(index_root))))


def change_archive(archive: Path, rng: random.Random, round_: int) -> None:
    """Edit, copy, add and remove a few files, as a portal's archive changes between builds."""
    files = sorted(archive.rglob("*.txt"))
    for path in rng.sample(files, 3):
        action = rng.choice(["edit", "copy-of", "remove", "extend"])
        if action == "edit":
            write_article(path, 100 + round_ * 10 + rng.randrange(10))
        elif action == "copy-of":
            write_article(path, rng.randrange(12), copy=True)
        elif action == "remove":
            path.unlink()
        else:
            extra = " ".join(rng.choice(SYLLABLES) for _ in range(40))
            path.write_text(path.read_text() + extra + "\n")
    write_article(archive / f"new/{round_:02d}.txt", rng.randrange(200, 230))
    write_article(archive / f"new/copy{round_:02d}.txt", rng.randrange(12), copy=True)


def build_both(tmp_path: Path, seed: int) -> tuple[Path, Path]:
    """An index after a full build and seven incremental ones, and a full build of the result."""
    archive, index_root = tmp_path / "archive", tmp_path / "index"
    for i in range(24):
        write_article(archive / ("a" if i % 2 else "b") / f"{i:02d}.txt", i, copy=i >= 20)
    run(archive, index_root)
    rng = random.Random(seed)
    duplicates = []
    for round_ in range(7):
        change_archive(archive, rng, round_)
        duplicates.append(run(archive, index_root).duplicates)
    assert len(set(duplicates)) > 1  # groups changed on the way
    full = tmp_path / "full"
    run(archive, full)
    return index_root, full


@pytest.fixture(autouse=True)
def merges_on_the_way(monkeypatch):
    """The first build's segment is big (never merged again), the incremental ones are small,
    and merges of small segments happen on the way."""
    monkeypatch.setattr(generation_job, "SMALL_SEGMENT_DOCS", 12)
    monkeypatch.setattr(generation_job, "SMALL_SEGMENT_LIMIT", 3)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_builds_answer_as_a_full_build(tmp_path, seed):
    index_root, full = build_both(tmp_path, seed)
    assert stored(index_root) == stored(full)
    assert _results(index_root, QUERIES) == _results(full, QUERIES)  # totals, order, facets
    assert vocabulary_of(index_root) == vocabulary_of(full)  # what did-you-mean reads


def test_did_you_mean_after_incremental_builds_is_a_full_builds(tmp_path):
    index_root, full = build_both(tmp_path, 1)
    assert suggestions(index_root) == suggestions(full)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Sở GD&ĐT Thái Nguyên", "Phòng Giáo dục và Đào tạo huyện Đại Từ tổng kết năm 2023."),
        ("HOÀ BÌNH", unicodedata.normalize("NFD", "Trường THPT Hòa Bình, thủy lợi, uỷ ban: 15/06")),
        ("", "Bằng khen của Thủ tướng Chính phủ; Cờ thi đua ... (ảnh: B.Ngọc)"),
    ],
)
def test_uncounted_syllables_are_those_the_segment_writer_counts(tmp_path, title, body):
    from whoosh import index as whoosh_index

    from indexer.article import Article
    from indexer.schema import document_fields, make_schema
    from indexer.segment_writer import SegmentBuilder

    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    builder = SegmentBuilder(ix.storage, ix.schema)
    builder.add_document(document_fields(Article("a.txt", title, body)))
    builder.finish()
    assert vocabulary_change.syllables_of(title, body) == set(builder.syllables)
    assert set(builder.syllables.values()) <= {1}


def test_merges_are_tiered_and_keep_segments_bounded(tmp_path, monkeypatch):
    """Small segments merge into medium ones, medium ones into big ones; the full build's big
    segments are never rewritten, and the number of small and medium segments stays bounded
    (big ones, a merge of LIMIT medium ones, come once every LIMIT**2 builds)."""
    monkeypatch.setattr(generation_job, "SMALL_SEGMENT_DOCS", 3)
    monkeypatch.setattr(generation_job, "SEGMENT_DOCS", 12)
    archive, index_root = tmp_path / "archive", tmp_path / "index"
    for i in range(24):
        write_article(archive / f"{i:02d}.txt", i)
    run(archive, index_root, procs=1)
    first = segment_sizes(index_root)
    assert sorted(first.values()) == [12, 12]
    seen: dict[str, int] = {}
    for round_ in range(30):
        write_article(archive / f"{round_ % 24:02d}.txt", 300 + round_)  # one edit a build
        run(archive, index_root, procs=1)
        sizes = segment_sizes(index_root)
        assert set(first) <= set(sizes)  # the big ones stay
        below_big = [docs for docs in sizes.values() if docs < 12]
        assert len(below_big) <= 2 * generation_job.SMALL_SEGMENT_LIMIT
        seen.update(sizes)
    dropped = {segid: docs for segid, docs in seen.items() if segid not in sizes}
    assert any(docs < 3 for docs in dropped.values())  # small ones were merged
    assert any(3 <= docs < 12 for docs in dropped.values())  # and then medium ones
    run(archive, tmp_path / "full")
    assert stored(index_root) == stored(tmp_path / "full")
    assert _results(index_root, QUERIES) == _results(tmp_path / "full", QUERIES)


def segment_sizes(index_root: Path) -> dict[str, int]:
    """Segment id -> documents (deleted ones included) of the current generation."""
    opened = generations.open_current(index_root)
    try:
        return {s.segid: s.doc_count_all() for s in opened.index._segments()}
    finally:
        opened.index.close()


def test_workers_started_by_the_scan_extract_and_write_as_the_build_process(tmp_path, monkeypatch):
    """The scan starts the workers once it has found PARALLEL_MIN_FILES files to extract; they
    extract while it goes on and then write the segment (indexer.extraction_feed). The index
    is the one builds in the build process make."""
    started: list[int] = []

    class CountedWorkers(extraction_feed.Workers):
        def __enter__(self) -> extraction_feed.Workers:
            started.append(self.procs)
            return super().__enter__()

    monkeypatch.setattr(extraction_feed, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(extraction_feed, "default_procs", lambda: 2)
    monkeypatch.setattr(extraction_feed, "Workers", CountedWorkers)
    index_root, full = build_both(tmp_path, 4)
    assert len(started) == 9 and set(started) == {2}  # every build: each changes 2+ files
    monkeypatch.setattr(extraction_feed, "PARALLEL_MIN_FILES", 10**9)
    alone = tmp_path / "alone"
    run(tmp_path / "archive", alone)
    assert started == [2] * 9  # none for this one
    assert stored(index_root) == stored(full) == stored(alone)
    assert _results(index_root, QUERIES) == _results(full, QUERIES) == _results(alone, QUERIES)
    assert vocabulary_of(index_root) == vocabulary_of(full) == vocabulary_of(alone)
