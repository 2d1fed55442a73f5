"""Index build: generations, incremental updates, locking, failures (fake loader over .txt)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from indexer import build, dedup_signature, generation_job, generations
from indexer.article import Article, Skipped
from indexer.build import build_index, main_build
from indexer.manifest import Manifest
from indexer.schema import COPIES, ID_FIELD, TITLE, doc_id
from indexer.text.analysis import ANALYSIS_VERSION

SYLLABLE_TEXT = (
    "giáo dục đào tạo học sinh giáo viên trường thi đua khen thưởng năm học tỉnh thành phố "
    "huyện quận phòng sở bộ chất lượng kỳ thi tốt nghiệp trung học phổ thông cơ sở mầm non "
    "tiểu học chương trình sách giáo khoa đổi mới kiểm tra đánh giá hội nghị tổng kết"
)
SYLLABLES = SYLLABLE_TEXT.split()


def article_text(seed: int, title: str | None = None) -> str:
    """A title line and a random 150-syllable body: distinct seeds are never near-duplicates."""
    rng = random.Random(seed)
    body = " ".join(rng.choice(SYLLABLES) for _ in range(150))
    return f"{title or f'Bài số {seed}'}\n{body}\n"


class CountingLoader:
    """Fake ``pipeline.load`` for .txt files: line 1 is the title. Counts what it is asked."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, root: Path, path: Path) -> Article | Skipped:
        rel = path.relative_to(root).as_posix()
        self.calls.append(rel)
        text = path.read_text("utf-8")
        if not text.strip():
            return Skipped(rel, "empty")
        if text.startswith("RAISE"):
            raise ValueError("extractor bug")
        title, _, body = text.partition("\n")
        encoding = "cp1258" if "cp1258" in rel else "utf-8"
        return Article(path=rel, title=title, body=body.strip(), encoding=encoding)


def walk(root: Path) -> list[Path]:
    return sorted(root.rglob("*.txt"))


def run(archive: Path, index_root: Path, loader: CountingLoader | None = None, **kw):
    return build_index(archive, index_root, loader=loader or CountingLoader(), walker=walk, **kw)


def stored(index_root: Path) -> dict[str, dict]:
    """doc id -> stored fields of the current generation."""
    opened = generations.open_current(index_root)
    with opened.index.searcher() as searcher:
        return {doc[ID_FIELD]: dict(doc) for doc in searcher.all_stored_fields()}


def gen_names(index_root: Path) -> list[str]:
    return [p.name for p in generations.generation_dirs(index_root)]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for i in range(6):
        sub = root / ("a" if i % 2 else "b/c")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:02d}.txt").write_text(article_text(i), "utf-8")
    return root


@pytest.fixture
def index_root(tmp_path: Path) -> Path:
    return tmp_path / "index"


def paths_of(archive: Path) -> set[str]:
    return {p.relative_to(archive).as_posix() for p in walk(archive)}


def test_first_build_indexes_every_article_with_meta_and_manifest(archive, index_root):
    report = run(archive, index_root)
    assert (report.indexed, report.added, report.generation, report.full) == (6, 6, "gen-1", True)
    assert set(stored(index_root)) == {doc_id(p) for p in paths_of(archive)}
    opened = generations.open_current(index_root)
    assert Path(opened.realpath).name == "gen-1"
    assert opened.meta["analysis_version"] == ANALYSIS_VERSION
    assert opened.meta["articles"] == 6 and opened.meta["generation"] == "gen-1"
    manifest = Manifest(Path(opened.realpath) / generations.MANIFEST_FILE, readonly=True)
    entry = manifest.get("a/01.txt")
    assert entry is not None and len(entry.sha256 or "") == 64
    assert manifest.record("a/01.txt")["article"]["title"] == "Bài số 1"
    assert len(entry.signature or b"") == 4 * dedup_signature.PERMUTATIONS
    manifest.close()


@pytest.mark.parametrize("touch", [False, True], ids=["as-is", "mtime-only-changed"])
def test_unchanged_rerun_creates_no_generation_and_extracts_nothing(archive, index_root, touch):
    run(archive, index_root)
    if touch:
        target = archive / "a/01.txt"
        os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    loader = CountingLoader()
    report = run(archive, index_root, loader)
    assert report.generation is None and not report.full
    assert (report.unchanged, report.added, report.updated, report.removed) == (6, 0, 0, 0)
    assert report.indexed == 6
    assert loader.calls == []
    assert gen_names(index_root) == ["gen-1"]


def test_incremental_add_change_remove(archive, index_root):
    run(archive, index_root)
    old_ids = set(stored(index_root))
    (archive / "a/01.txt").write_text(article_text(1, "Tiêu đề đã sửa"), "utf-8")
    (archive / "a/new.txt").write_text(article_text(99), "utf-8")
    (archive / "b/c/00.txt").unlink()
    loader = CountingLoader()
    report = run(archive, index_root, loader)
    assert sorted(loader.calls) == ["a/01.txt", "a/new.txt"]
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 4)
    assert (report.indexed, report.generation, report.full) == (6, "gen-2", False)
    docs = stored(index_root)
    assert set(docs) == {doc_id(p) for p in paths_of(archive)}
    assert docs[doc_id("a/01.txt")][TITLE] == "Tiêu đề đã sửa"
    # The previous generation is untouched and still opens with the old documents.
    previous = generations.open_generation(index_root / generations.PREVIOUS)
    with previous.index.searcher() as searcher:
        assert {d[ID_FIELD] for d in searcher.all_stored_fields()} == old_ids


def test_full_flag_rebuilds_an_unchanged_archive(archive, index_root):
    run(archive, index_root)
    loader = CountingLoader()
    report = run(archive, index_root, loader, full=True)
    assert (report.full, report.generation, len(loader.calls)) == (True, "gen-2", 6)
    assert set(stored(index_root)) == {doc_id(p) for p in paths_of(archive)}


def test_changed_extraction_code_forces_full_rebuild(archive, index_root, monkeypatch):
    run(archive, index_root)
    monkeypatch.setattr(build, "pipeline_fingerprint", lambda: "other-rules")
    loader = CountingLoader()
    report = run(archive, index_root, loader)
    assert report.full and report.generation is not None
    assert len(loader.calls) == 6  # every record extracted again with the new rules


def _set_meta(gen: Path, **changes) -> None:
    meta = json.loads((gen / generations.META_FILE).read_text("utf-8"))
    (gen / generations.META_FILE).write_text(json.dumps({**meta, **changes}), "utf-8")


def test_analysis_version_mismatch_forces_full_rebuild(archive, index_root):
    run(archive, index_root)
    _set_meta(index_root / "gen-1", analysis_version=ANALYSIS_VERSION - 1)
    with pytest.raises(generations.IndexVersionMismatch):
        generations.open_current(index_root)
    loader = CountingLoader()
    report = run(archive, index_root, loader)
    assert (report.full, report.generation, len(loader.calls)) == (True, "gen-2", 6)
    assert generations.open_current(index_root).meta["analysis_version"] == ANALYSIS_VERSION


def _damage(gen: Path, how: str) -> None:
    if how == "manifest-missing":
        (gen / generations.MANIFEST_FILE).unlink()
    elif how == "meta-garbage":
        (gen / generations.META_FILE).write_text("{trunc", "utf-8")
    elif how == "toc-missing":
        for toc in gen.glob("*.toc"):
            toc.unlink()
    elif how == "manifest-disagrees":
        manifest = Manifest(gen / generations.MANIFEST_FILE)
        last = "SELECT MAX(rowid) FROM documents"
        manifest.db.execute(f"DELETE FROM documents WHERE rowid = ({last})")
        manifest.commit()
        manifest.close()


@pytest.mark.parametrize(
    "how", ["manifest-missing", "meta-garbage", "toc-missing", "manifest-disagrees"]
)
def test_damaged_current_forces_full_rebuild(archive, index_root, how):
    run(archive, index_root)
    _damage(index_root / "gen-1", how)
    report = run(archive, index_root)
    assert (report.full, report.generation) == (True, "gen-2")
    assert set(stored(index_root)) == {doc_id(p) for p in paths_of(archive)}


def test_concurrent_build_fails_with_a_clear_message(archive, index_root, capsys):
    index_root.mkdir()
    with generations.build_lock(index_root):
        with pytest.raises(generations.BuildLocked, match="another build is running"):
            run(archive, index_root)
        assert main_build(archive, index_root, full=False, progress=False) == 1
    assert "another build is running" in capsys.readouterr().err
    assert generations.current_realpath(index_root) is None
    assert run(archive, index_root).generation == "gen-1"  # lock released


def test_broken_files_are_counted_as_skipped_and_the_build_goes_on(archive, index_root):
    (archive / "a/empty.txt").write_text("  \n", "utf-8")
    (archive / "a/raises.txt").write_text("RAISE\nx", "utf-8")
    report = run(archive, index_root)
    assert report.skipped == {"empty": 1, "load-error": 1}
    assert report.indexed == 6
    assert generations.open_current(index_root).meta["skipped"] == {"empty": 1, "load-error": 1}
    # Skipped files are remembered: an unchanged re-run does not retry them.
    loader = CountingLoader()
    assert run(archive, index_root, loader).generation is None and loader.calls == []


@pytest.mark.parametrize("where", ["document_fields", "fsync_tree", "write_json_durably"])
def test_failure_while_writing_leaves_the_old_index_serving(
    archive, index_root, monkeypatch, where
):
    run(archive, index_root)
    before = stored(index_root)
    (archive / "a/new.txt").write_text(article_text(42), "utf-8")

    def boom(*args, **kwargs):
        raise OSError(f"simulated failure in {where}")

    monkeypatch.setattr(build if where == "document_fields" else build.generations, where, boom)
    with pytest.raises(OSError, match="simulated"):
        run(archive, index_root)
    assert main_build(archive, index_root, full=False, progress=False) == 1
    assert stored(index_root) == before
    assert gen_names(index_root) == ["gen-1"]  # the half-written generation was removed


def test_old_generations_and_crash_leftovers_are_pruned(archive, index_root):
    run(archive, index_root)
    (index_root / "gen-7").mkdir()  # a crashed build's directory
    os.symlink("gen-7", index_root / ".current.tmp-999")  # and its temp link
    for seed in (50, 51):
        (archive / f"a/n{seed}.txt").write_text(article_text(seed), "utf-8")
        run(archive, index_root)
    # gen-7 was never published, so its number may be reused; gen-1 is older than previous.
    assert gen_names(index_root) == ["gen-2", "gen-3"]
    assert os.readlink(index_root / generations.CURRENT) == "gen-3"
    assert os.readlink(index_root / generations.PREVIOUS) == "gen-2"
    assert not list(index_root.glob(".*.tmp-*"))


def test_near_duplicates_are_one_document_and_follow_incremental_changes(archive, index_root):
    twin = article_text(7, "Bài trùng lặp")
    (archive / "a/twin-cp1258.txt").write_text(twin, "utf-8")
    (archive / "b/twin-longer-name.txt").write_text(twin + "Chia sẻ bài viết\n", "utf-8")
    report = run(archive, index_root)
    assert (report.indexed, report.duplicates) == (7, 1)
    docs = stored(index_root)
    canonical = doc_id("b/twin-longer-name.txt")  # utf-8 beats cp1258 before path length
    assert docs[canonical][COPIES] == ["a/twin-cp1258.txt"]
    assert doc_id("a/twin-cp1258.txt") not in docs

    (archive / "a/twin.txt").write_text(twin, "utf-8")  # shorter utf-8 path: new canonical
    report = run(archive, index_root)
    docs = stored(index_root)
    assert (report.indexed, report.duplicates) == (7, 2)
    assert docs[doc_id("a/twin.txt")][COPIES] == ["a/twin-cp1258.txt", "b/twin-longer-name.txt"]
    assert canonical not in docs

    (archive / "a/twin.txt").unlink()
    (archive / "a/twin-cp1258.txt").unlink()
    report = run(archive, index_root)
    docs = stored(index_root)
    assert (report.indexed, report.duplicates) == (7, 0)
    assert docs[canonical][COPIES] == []


def test_real_archive_every_file_is_a_document_a_copy_or_skipped(built_index, opened_index):
    from indexer.ingest.walk import walk_archive

    archive = Path(__file__).resolve().parent.parent / "archive"
    manifest = Manifest(Path(opened_index.realpath) / generations.MANIFEST_FILE, readonly=True)
    files = {p.relative_to(archive).as_posix() for p in walk_archive(archive)}  # type: ignore[union-attr]
    # The sample WARC is a row of its own and one row per record (key FILE#URI).
    warc = "warc/sample-pages.warc.gz"
    archive_paths = (files - {warc}) | set(manifest.member_keys(warc))
    assert {key for key, *_ in manifest.rows()} == archive_paths | {warc}
    with opened_index.index.searcher() as searcher:
        docs = {d[ID_FIELD]: d for d in searcher.all_stored_fields()}
    documents = dict(manifest.documents())
    assert set(docs) == {doc_id(p) for p in documents}
    assert all(docs[doc_id(p)][COPIES] == copies for p, copies in documents.items())
    listed = list(documents) + [c for copies in documents.values() for c in copies]
    entries = [manifest.get(key) for key in archive_paths]
    articles = [e.key for e in entries if e and e.record is not None]
    assert sorted(listed) == sorted(articles)
    skipped = [e.key for e in entries if e and e.skipped is not None]
    assert len(articles) + len(skipped) == len(archive_paths)
    manifest.close()
    assert opened_index.meta["articles"] == len(articles)


def test_real_archive_portal_twins_are_one_document_with_three_copies(opened_index):
    with opened_index.index.searcher() as searcher:
        twins = [d for d in searcher.all_stored_fields() if "portal-twins/" in d["path"]]
    assert len(twins) == 1
    loose = [c for c in twins[0][COPIES] if not c.startswith("warc/")]
    assert len(loose) == 3  # and the four captures in the sample WARC
    assert all(copy.startswith("html/portal-twins/") for copy in loose)


def _results(index_root: Path, queries: list[str]) -> list[tuple]:
    from searchsvc.engine.request import SearchRequest
    from searchsvc.engine.service import IndexView, search

    view = IndexView(generations.open_current(index_root))
    try:
        out = []
        for q in queries:
            result = search(view, SearchRequest(q=q, per_page=50))
            hits = [(h.id, round(h.score or 0, 6), h.snippet) for h in result.hits]
            out.append((result.total, hits, result.facets))
        return out
    finally:
        view.close()


def test_big_fresh_build_in_several_processes_searches_like_one(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    for i in range(250):
        (root / f"{i:03d}.txt").write_text(article_text(i, f"Trường số {i} thi đua"), "utf-8")
    run(root, tmp_path / "one", procs=1)
    run(root, tmp_path / "two", procs=2)
    with generations.open_current(tmp_path / "two").index.searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 2  # two workers, one segment each
    queries = ["thi đua", "truong", '"giáo dục"', "học sinh -huyện", "số 7 OR số 9"]
    assert _results(tmp_path / "two", queries) == _results(tmp_path / "one", queries)
    assert stored(tmp_path / "two") == stored(tmp_path / "one")


def test_segments_are_separate_files_not_compound(archive, index_root):
    """Whoosh copies a compound segment onto the heap of every reader (indexer/build.py)."""
    run(archive, index_root)
    gen = Path(generations.open_current(index_root).realpath)
    files = [p.name for p in gen.iterdir()]
    assert any(name.endswith(".pst") for name in files)
    assert not any(name.endswith(".seg") for name in files)


def test_small_segments_of_incremental_builds_are_merged(archive, index_root, monkeypatch):
    """Each incremental build adds a small segment; past SMALL_SEGMENT_LIMIT of them their live
    documents are written again into one, and the documents are those of a full build."""
    monkeypatch.setattr(generation_job, "SMALL_SEGMENT_LIMIT", 3)
    run(archive, index_root)
    counts = []
    for seed in range(60, 66):
        (archive / f"a/n{seed}.txt").write_text(article_text(seed), "utf-8")
        (archive / "a/01.txt").write_text(article_text(1, f"Sửa lần {seed}"), "utf-8")
        run(archive, index_root)
        with generations.open_current(index_root).index.searcher() as searcher:
            counts.append(len(searcher.leaf_searchers()))
    assert max(counts) <= 3 and counts != sorted(counts)  # it grew, then merged
    full = index_root.parent / "full"
    run(archive, full)
    assert stored(index_root) == stored(full)


def test_vocabulary_follows_incremental_builds_and_is_never_partial(archive, index_root):
    from indexer import vocabulary

    run(archive, index_root)
    first = vocabulary.read(index_root / "gen-1")
    assert first and first["giao"] == 6  # every article has "giáo"
    (archive / "a/new.txt").write_text("Tin mới\nxyzzyq giáo dục\n", "utf-8")
    run(archive, index_root)
    second = vocabulary.read(index_root / "gen-2")
    assert second is not None and second["xyzzyq"] == 1 and second["giao"] == 7
    assert vocabulary.read(index_root / "gen-1") == first  # the hard link was not written through
    (index_root / "gen-2" / vocabulary.VOCABULARY_FILE).unlink()  # as built by older code
    (archive / "a/newer.txt").write_text("Tin mới hơn\nqwertz\n", "utf-8")
    run(archive, index_root)
    assert vocabulary.read(index_root / "gen-3") is None
