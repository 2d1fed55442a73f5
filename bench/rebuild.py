"""Our build's side of ``bench/search.py``: full build, no-op rebuild, 1 % changed, disk, memory.

The benchmark never writes into an archive it was given: our builds read a *view* of the corpus,
``links/`` inside the work folder, one hard link per article file (a symlink when the corpus is
on another file system). The 1 % change replaces a seeded sample of those links by regular files
holding the article plus one added paragraph, and the next run of this phase recreates the view
from scratch.

The loader serves the records extracted once by ``search.py`` (so the figures compare indexing,
as for FTS5), and extracts changed files with the real ``indexer.ingest.pipeline.load``. A
file extraction skipped has no record: the loader reports it as skipped, as the real pipeline did.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.ingest.walk import Found

CHANGE_SHARE = 0.01  # the "changing 1 % of the files"
CHANGE_SEED = 13
# An added paragraph of our own (the change a portal makes when it edits an article).
ADDED_PARAGRAPH = "\n\nCập nhật: bài viết được bổ sung thông tin về kết quả thi đua năm học."
DISK_SAMPLE_S = 0.25  # how often the index folder's size is sampled during a build


def corpus_files(corpus: Path) -> list[tuple[str, Path, Path]]:
    """(path relative to ``corpus``, root to extract it from, file) for every archive file of
    ``corpus``, following a linked archive inside it (``pathlib``'s walk does not follow
    directory links): VNTC linked beside generated articles is one corpus."""
    from indexer.ingest.archive import iter_archive

    if corpus.is_symlink():
        return [(p.relative_to(corpus).as_posix(), corpus, p) for p in iter_archive(corpus)]
    found = [(p.relative_to(corpus).as_posix(), corpus, p) for p in iter_archive(corpus)]
    for child in sorted(corpus.iterdir()):
        if child.is_symlink() and child.is_dir():
            found += [
                (f"{child.name}/{p.relative_to(child).as_posix()}", child, p)
                for p in iter_archive(child)
            ]
    return sorted(found)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished (waited-for) child processes."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def make_view(corpus: Path, links: Path) -> tuple[list[str], bool]:
    """``links/`` mirroring every archive file of ``corpus`` (no data copied, same size and
    mtime: the same archive to the build; a change replaces a link by a new file, so the corpus
    itself is never written): by hard links when the file system allows (the build then walks
    it with its own walk, as any archive), else by symlinks (which that walk refuses: they lead
    out of the archive; ``view_walker`` then stands in for it). The relative paths, and whether
    the links are hard."""
    files = corpus_files(corpus)
    for make_link in (os.link, os.symlink):
        if links.exists():
            shutil.rmtree(links)
        try:
            for rel, _, path in files:
                (links / rel).parent.mkdir(parents=True, exist_ok=True)
                make_link(path.resolve(), links / rel)
        except OSError:
            if make_link is os.symlink:
                raise
            continue  # another file system: symlinks for every file (the build walks one kind)
        break
    return [rel for rel, _, _ in files], make_link is os.link


def view_walker(rels: list[str]) -> Callable[[Path], list[Found]]:
    """The files of a symlinked view as the build's walk gives them (key and path)."""
    from indexer.ingest.walk import Found

    return lambda root: [Found(rel, f"{root}/{rel}") for rel in sorted(rels)]


def _dir_bytes(root: Path) -> int:
    total = 0
    for dirpath, _, names in os.walk(root):
        for name in names:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                continue  # removed meanwhile
    return total


class DiskPeak:
    """Samples the size of a folder in a thread while a build runs: the largest size seen."""

    def __init__(self, root: Path) -> None:
        self.root, self.peak = root, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _dir_bytes(self.root))
            self._stop.wait(DISK_SAMPLE_S)

    def __enter__(self) -> DiskPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def phase_build_and_update(
    work: Path,
    records_get: Callable[[str], dict[str, Any] | None],
    no_dedup: bool,
    full_only: bool = False,
) -> dict[str, Any]:
    """Full build, no-op rebuild and 1 % change, all on ``work/links`` into ``work/index``;
    ``full_only`` stops after the full build (``bench/p95_compare.py --build``)."""
    import indexer.build as build
    from indexer import dedup
    from indexer.article import Article, Skipped
    from indexer.ingest import pipeline

    links = work / "links"
    rels, hard = make_view(work / "corpus", links)
    view = None if hard else view_walker(rels)
    changed: set[str] = set()

    def loader(archive: Path, path: Path) -> Article | Skipped:
        rel = path.relative_to(archive).as_posix()
        if rel in changed:
            return pipeline.load(archive, path)
        record = records_get(rel)
        if record is None:
            return Skipped(rel, "skipped-by-extraction")
        return Article.from_json(record["article"])

    def awards(article: Article) -> list[dict[str, Any]]:
        record = None if article.path in changed else records_get(article.path)
        return record["awards"] if record else build.tasks.award_records(article)

    build.award_records = awards  # type: ignore[assignment]
    if no_dedup:  # near-duplicate grouping skipped: every article is its own document
        dedup.group_duplicates = lambda keys, *a, **k: {key: () for key in keys}  # type: ignore[assignment]
    index = work / "index"
    if index.exists():
        shutil.rmtree(index)
    out: dict[str, Any] = {"no_dedup": no_dedup}
    cpu = cpu_seconds()
    with DiskPeak(index) as disk:
        report = build.build_index(links, index, full=True, loader=loader, walker=view)
    out["cpu_s"] = cpu_seconds() - cpu
    current = Path(os.path.realpath(index / "current"))
    out.update(docs=report.indexed, seconds=report.seconds, duplicates=report.duplicates)
    out.update(peak_disk_bytes=disk.peak, index_bytes=_dir_bytes(current))
    out["manifest_bytes"] = (current / "manifest.sqlite").stat().st_size
    out["report"] = report.lines()
    if full_only:
        return out
    noop = build.build_index(links, index, loader=loader, walker=view)
    out.update(noop_seconds=noop.seconds, noop_generation=noop.generation)
    rng = random.Random(CHANGE_SEED)
    for rel in rng.sample(rels, max(1, round(len(rels) * CHANGE_SHARE))):
        target = links / rel
        text = target.read_text(encoding="utf-8", errors="replace")
        target.unlink()
        target.write_text(text + ADDED_PARAGRAPH, encoding="utf-8")
        changed.add(rel)
    update = build.build_index(links, index, loader=loader, walker=view)
    out.update(change_files=len(changed), change_seconds=update.seconds)
    out["change_report"] = update.lines()
    json.dumps(out)  # fail here, not in the parent, if something is not JSON
    return out


def lines(result: dict[str, Any], fts_seconds: float) -> list[str]:
    """The build figures of the report."""
    full = result["seconds"]
    return [
        f"our full build: {result['docs']} documents ({result['duplicates']} duplicates "
        f"collapsed) in {full:.1f} s; FTS5 {fts_seconds:.1f} s; rate ours/FTS5 "
        f"{fts_seconds / full:.3f}",
        f"no-op rebuild: {result['noop_seconds']:.2f} s (generation: {result['noop_generation']})",
        f"{result['change_files']} files changed (1 %): {result['change_seconds']:.1f} s = "
        f"{result['change_seconds'] / full:.3f} of the full build",
        f"disk: index {result['index_bytes'] / 2**20:.0f} MiB (manifest "
        f"{result['manifest_bytes'] / 2**20:.0f} MiB), peak during the full build "
        f"{result['peak_disk_bytes'] / 2**20:.0f} MiB = "
        f"{result['peak_disk_bytes'] / max(result['index_bytes'], 1):.2f}x the index",
    ]


# --- standalone: ``python bench/rebuild.py ARCHIVE WORK [--records-from MANIFEST]`` ----------


def _load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def link_copy(archive: Path, copy: Path) -> list[str]:
    """``copy`` mirroring ``archive`` by hard links (no data copied, same size and mtime: the
    same archive to the build); a change replaces a link by a new file, so ``archive`` itself
    is never written. The relative paths of the files."""
    if copy.exists():
        shutil.rmtree(copy)
    rels = []
    for dirpath, _, names in os.walk(archive):
        for name in names:
            source = Path(dirpath) / name
            target = copy / source.relative_to(archive)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
            rels.append(target.relative_to(copy).as_posix())
    return sorted(rels)


class ManifestRecords:
    """Articles a build already extracted, served from its manifest by key: the full build
    then measures indexing and grouping, not extraction again (as ``search.py`` does with
    ``records.jsonl``). One SQLite connection per process: build workers are forked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid, self._manifest = -1, None

    def get(self, key: str) -> dict[str, Any] | None:
        from indexer.manifest import Manifest

        if self._pid != os.getpid():
            self._pid, self._manifest = os.getpid(), Manifest(self.path, readonly=True)
        assert self._manifest is not None
        try:
            return self._manifest.record(key)
        except KeyError:
            return None


# Steps of a build timed by ``--phases`` (module, class or "", function), in build order; a
# step's time includes the steps it calls (plan_documents within _extract_and_group).
PHASES = [
    ("indexer.build", "", "open_current"),
    ("indexer.build", "", "scan_archive"),
    ("indexer.generation_job", "GenerationJob", "_manifest"),
    ("indexer.generation_job", "GenerationJob", "_extract_and_group"),
    ("indexer.regroup", "", "plan_documents"),
    ("indexer.generation_job", "GenerationJob", "_small_segments"),
    ("indexer.generation_job", "GenerationJob", "_write_segments"),
    ("indexer.whoosh_commit", "", "commit"),
    ("indexer.vocabulary", "", "write"),
    ("indexer.generation_job", "GenerationJob", "_flushed"),
    ("indexer.generations", "", "fsync_tree"),
    ("indexer.generations", "", "publish"),
]


class PhaseTimes:
    """Wall and CPU seconds per step of a build: wraps the ``PHASES`` functions (in the
    benchmark's process only); a step missing from the code measured (another branch) is left
    out. Workers' CPU counts in the step that closes their pool (extraction's in
    ``_extract_and_group``; the segment writers' in none: only in the build's total)."""

    def __init__(self) -> None:
        import importlib

        self.seconds: dict[str, list[float]] = {}
        for module, class_name, name in PHASES:
            owner: Any = importlib.import_module(module)
            owner = getattr(owner, class_name) if class_name else owner
            if hasattr(owner, name):
                setattr(owner, name, self._wrap(name, getattr(owner, name)))

    def _wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        import functools
        import time

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), cpu_seconds()
            try:
                return function(*args, **kwargs)
            finally:
                total = self.seconds.setdefault(name, [0.0, 0.0])
                total[0] += time.perf_counter() - wall
                total[1] += cpu_seconds() - cpu

        return timed

    def report(self) -> str:
        """One line per step that ran, in build order; then the counts are reset."""
        rows = [
            f"  {name:20s} {self.seconds[name][0]:7.2f} s wall {self.seconds[name][1]:7.2f} s CPU"
            for _, _, name in PHASES
            if name in self.seconds
        ]
        self.seconds.clear()
        return "\n".join(rows)


def _timed(label: str, run: Callable[[], Any], phases: PhaseTimes | None = None) -> Any:
    cpu = cpu_seconds()
    report = run()
    print(f"{label}: {report.seconds:.2f} s wall, {cpu_seconds() - cpu:.2f} s CPU (this process "
          f"and its workers), load average {_load_average()}; generation {report.generation}, "
          f"{report.added} added, {report.updated} updated, {report.removed} removed, "
          f"{report.unchanged} unchanged", flush=True)  # fmt: skip
    if phases is not None:
        print(phases.report(), flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    """Full build, no-op rebuild, 1 % of the files changed, no-op again, on a linked copy."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("archive", type=Path, help="an archive folder (only read)")
    parser.add_argument("work", type=Path, help="work folder: copy/ and index/ go there")
    parser.add_argument("--records-from", type=Path, help="a manifest.sqlite over ARCHIVE")
    parser.add_argument("--procs", type=int, default=None)
    parser.add_argument("--share", type=float, default=CHANGE_SHARE)
    parser.add_argument("--phases", action="store_true", help="seconds per step of each build")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import indexer.build as build
    from indexer.article import Article, Skipped
    from indexer.ingest import pipeline

    copy, index = args.work / "copy", args.work / "index"
    rels = link_copy(args.archive, copy)
    changed: set[str] = set()
    records = ManifestRecords(args.records_from) if args.records_from else None

    def loader(archive: Path, path: Path) -> Article | Skipped:
        rel = path.relative_to(archive).as_posix()
        record = None if records is None or rel in changed else records.get(rel)
        if record is None:
            return pipeline.load(archive, path)
        return Article.from_json(record["article"])

    def awards(article: Article) -> list[dict[str, Any]]:
        record = None if records is None or article.path in changed else records.get(article.path)
        return record["awards"] if record else build.tasks.award_records(article)

    build.award_records = awards  # type: ignore[assignment]
    if index.exists():
        shutil.rmtree(index)

    phases = PhaseTimes() if args.phases else None

    def run(full: bool = False) -> Any:
        return build.build_index(copy, index, full=full, loader=loader, procs=args.procs)

    full = _timed(f"full build of {len(rels)} files", lambda: run(full=True), phases)
    print("\n".join(full.lines()))
    _timed("no-op rebuild", run, phases)
    rng = random.Random(CHANGE_SEED)
    for rel in rng.sample(rels, max(1, round(len(rels) * args.share))):
        target = copy / rel
        text = target.read_text(encoding="utf-8", errors="replace")
        target.unlink()  # the hard link only: the archive's file stays as it was
        target.write_text(text + ADDED_PARAGRAPH, encoding="utf-8")
        changed.add(rel)
    update = _timed(f"{len(changed)} files changed ({args.share:.0%})", run, phases)
    print(f"changed rebuild / full build: {update.seconds / full.seconds:.3f}")
    _timed("no-op rebuild after the change", run, phases)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
