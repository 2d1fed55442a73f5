"""The articles and the three indexes of ``bench/relevance.py``, each cached by code version.

Under ``bench/out/relevance/vntc-N-sSEED-*/``: ``archive/`` (the sampled articles as ``.txt``
files), ``sample.jsonl`` (the same records), ``ours-<hash of indexer/>`` (our real build),
``fts5-<hash of bench/fts5.py>.sqlite`` and ``tantivy-<hash of bench/tantivy_engine.py>``. A
rerun with unchanged code reuses them; a changed indexer rebuilds ours only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PATH = Path("shared", "corpora", "vntc", "vntc.jsonl.gz")
# ../shared beside the project root; a git worktree one level deeper finds the same folder.
DEFAULT_CORPUS = next(
    (p / CORPUS_PATH for p in ROOT.parents if (p / CORPUS_PATH).exists()), ROOT.parent / CORPUS_PATH
)
OUT = ROOT / "bench" / "out" / "relevance"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _digest(paths: list[Path], extra: str = "") -> str:
    """Short content hash of ``paths`` (and ``extra``): the code version an index is cached by."""
    h = hashlib.sha1(extra.encode())
    for path in sorted(paths):
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:10]


def _read(corpus: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def file_name(record_id: str) -> str:
    """The archive file of a VNTC record, as the corpus's ``to_archive.py`` names it."""
    return record_id.replace("/", "_") + ".txt"


def docid(record_id: str) -> str:
    """The record's document id, in our index (``indexer.schema.doc_id``) and the others."""
    from indexer.schema import doc_id

    return doc_id(file_name(record_id))


def sample_corpus(corpus: Path, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` records drawn with ``seed`` among those with a body, keeping only the first of exact
    repeats (same title and body): a repeat would be a second right answer nobody grouped."""
    seen: set[bytes] = set()
    eligible: list[str] = []
    for rec in _read(corpus):
        key = hashlib.sha1(f"{rec['title']}\n{rec['body']}".encode()).digest()
        if rec["body"].strip() and key not in seen:
            seen.add(key)
            eligible.append(rec["id"])
    eligible.sort()
    chosen = set(random.Random(seed).sample(eligible, min(n, len(eligible))))
    return sorted((r for r in _read(corpus) if r["id"] in chosen), key=lambda r: r["id"])


def prepare_sample(corpus: Path, n: int, seed: int) -> tuple[Path, list[dict[str, Any]]]:
    """The work folder (``archive/`` written, ``sample.jsonl``) and its records, cached.

    Files are laid out as ``to_archive.py`` writes them: title, blank line, paragraphs.
    """
    stamp = hashlib.sha1(f"{corpus.stat().st_size}".encode()).hexdigest()[:6]
    work = OUT / f"vntc-{n}-s{seed}-{stamp}"
    sample = work / "sample.jsonl"
    if not sample.exists():
        log(f"sampling {n} articles from {corpus}")
        records = sample_corpus(corpus, n, seed)
        archive = work / "archive"
        shutil.rmtree(archive, ignore_errors=True)
        archive.mkdir(parents=True)
        for rec in records:
            text = f"{rec['title']}\n\n{rec['body']}"
            (archive / file_name(rec["id"])).write_text(text, encoding="utf-8", newline="\n")
        tmp = sample.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tmp.rename(sample)
    with open(sample, encoding="utf-8") as fh:
        return work, [json.loads(line) for line in fh]


def _replace_cached(work: Path, prefix: str, keep: Path) -> None:
    """Delete older cached indexes of one engine: a 35k index is hundreds of MB."""
    for old in work.glob(f"{prefix}-*"):
        if old != keep:
            shutil.rmtree(old) if old.is_dir() else old.unlink()


def build_ours(work: Path) -> tuple[Path, dict[str, Any]]:
    """Our index of ``work/archive`` by the real build, cached by the indexer's code version
    (on a cached index ``build_index`` only checks the files)."""
    from indexer.build import build_index

    code = list((ROOT / "indexer").rglob("*.py")) + list((ROOT / "indexer").rglob("*.json"))
    index = work / f"ours-{_digest(code)}"
    _replace_cached(work, "ours", index)
    log(f"ours: building {index.name}")
    report = build_index(work / "archive", index, progress=sys.stderr.isatty())
    log("ours: " + "; ".join(report.lines()))
    return index, {"seconds": report.seconds, "indexed": report.indexed, "skipped": report.skipped}


def existing_ours(index: Path) -> tuple[Path, dict[str, Any]]:
    """An index of ours built earlier (``--ours-index``), queried as it is: a change to the
    search engine is then measured on the very index its baseline run used, without a rebuild
    (half an hour at 35,000 articles) that any edit under ``indexer/`` would otherwise force."""
    from indexer.generations import MANIFEST_FILE, current_realpath
    from indexer.manifest import Manifest

    manifest = Manifest(Path(str(current_realpath(index))) / MANIFEST_FILE, readonly=True)
    try:
        indexed = sum(1 for _ in manifest.documents())
    finally:
        manifest.close()
    log(f"ours: querying the existing index {index} ({indexed} documents), not rebuilt")
    return index, {"seconds": None, "indexed": indexed, "skipped": None, "index": str(index)}


def _plain_records(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The sample as ``bench/fts5.py`` and ``bench/tantivy_engine.py`` take it (no facets)."""
    for rec in records:
        doc = {"docid": docid(rec["id"]), "title": rec["title"], "body": rec["body"]}
        yield {**doc, "year": None, "published": 0, "units": [], "awards": []}


def build_fts5(work: Path, records: list[dict[str, Any]]) -> Path:
    import fts5

    db = work / f"fts5-{_digest([ROOT / 'bench' / 'fts5.py'], sqlite3.sqlite_version)}.sqlite"
    if not db.exists():
        _replace_cached(work, "fts5", db)
        log(f"fts5: building {db.name}")
        fts5.build(db.with_suffix(".tmp"), _plain_records(records))
        db.with_suffix(".tmp").rename(db)
    return db


def build_tantivy(work: Path, records: list[dict[str, Any]]) -> Path:
    import tantivy
    import tantivy_engine

    code = [ROOT / "bench" / "tantivy_engine.py", ROOT / "indexer" / "text" / "analysis.py"]
    index = work / f"tantivy-{_digest(code, tantivy.__version__)}"
    if not (index / "done").exists():
        _replace_cached(work, "tantivy", index)
        log(f"tantivy: building {index.name}")
        tantivy_engine.build(index, _plain_records(records))
        (index / "done").touch()
    return index


def answer_sets(index: Path, docids: list[str]) -> tuple[dict[str, frozenset[str]], int]:
    """For each target document id, the ids that answer it: itself and the near-duplicates our
    build grouped with it. Also how many targets our index holds in no group (skipped)."""
    from indexer.generations import MANIFEST_FILE, current_realpath
    from indexer.manifest import Manifest
    from indexer.schema import doc_id

    manifest = Manifest(Path(str(current_realpath(index))) / MANIFEST_FILE, readonly=True)
    try:
        documents = list(manifest.documents())
    finally:
        manifest.close()
    groups: dict[str, frozenset[str]] = {}
    for path, copies in documents:
        group = frozenset(doc_id(p) for p in [path, *copies])
        for member in group:
            groups[member] = group
    missing = sum(1 for d in docids if d not in groups)
    return {d: groups.get(d, frozenset({d})) for d in docids}, missing
