"""Relevance benchmark: known-item search on real news (VNTC), ours beside FTS5 and tantivy.

``python bench/relevance.py`` (``--articles 35000 --queries 500 --seed 1``; ``--corpus`` for
another ``vntc.jsonl.gz``). One run:

1. samples ``--articles`` real articles (non-empty body, exact repeats dropped) with ``--seed``
   and writes them as an archive folder of ``.txt`` files under ``bench/out/relevance/``;
2. builds three indexes of them, each cached under that folder by code version: ours with the
   real build (``indexer.build.build_index``: extraction, near-duplicates, Whoosh), SQLite FTS5
   (``bench/fts5.py``) and tantivy (``bench/tantivy_engine.py``), the latter two given the same
   folded text;
3. generates the known-item query sets (``bench/relevance_queries.py``, seeded) and asks every
   engine for the first page of each: ours through ``searchsvc.engine.request.parse_request`` and
   ``searchsvc.engine.service.search``, as the API does (a query the request validation rejects
   is a miss, counted apart); FTS5 with every term OR-ed, ranked by ``bm25`` (title weighted);
   tantivy with OR plus phrase boosts;
4. prints MRR@10, success@1 and success@10 per set and engine, and writes every query's rank to
   ``bench/out/relevance/result-<N>-s<seed>.json``.

The answer to a query is its article or any near-duplicate our build grouped with it (the other
engines index every copy; the sample has no exact repeats).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from relevance_queries import (  # noqa: E402
    CUTOFF,
    KnownItem,
    Outcome,
    Target,
    query_sets,
    rank_of,
    score,
)

CORPUS_PATH = Path("shared", "corpora", "vntc", "vntc.jsonl.gz")
# ../shared beside the project root; a git worktree one level deeper finds the same folder.
DEFAULT_CORPUS = next(
    (p / CORPUS_PATH for p in ROOT.parents if (p / CORPUS_PATH).exists()), ROOT.parent / CORPUS_PATH
)
OUT = ROOT / "bench" / "out" / "relevance"
DEFAULT_ARTICLES = 35_000  # issue 12's figures were measured at this size
DEFAULT_QUERIES = 500  # per set: a success rate of 0.9 is then known within about +-0.03
ENGINES = ("ours", "fts5", "tantivy")


def _log(msg: str) -> None:
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


def _file_name(record_id: str) -> str:
    """The archive file of a VNTC record, as ``to_archive.py`` names it."""
    return record_id.replace("/", "_") + ".txt"


def sample_corpus(corpus: Path, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` records drawn with ``seed`` from those with a body, first copy of exact repeats."""
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
    """The work folder (``archive/`` written, ``sample.jsonl``) and its records, cached."""
    stamp = f"{corpus.stat().st_size}"
    work = OUT / f"vntc-{n}-s{seed}-{hashlib.sha1(stamp.encode()).hexdigest()[:6]}"
    sample = work / "sample.jsonl"
    if not sample.exists():
        _log(f"sampling {n} articles from {corpus}")
        records = sample_corpus(corpus, n, seed)
        archive = work / "archive"
        shutil.rmtree(archive, ignore_errors=True)
        archive.mkdir(parents=True)
        for rec in records:
            text = f"{rec['title']}\n\n{rec['body']}"
            (archive / _file_name(rec["id"])).write_text(text, encoding="utf-8", newline="\n")
        tmp = sample.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tmp.rename(sample)
    with open(sample, encoding="utf-8") as fh:
        return work, [json.loads(line) for line in fh]


def _docid(record_id: str) -> str:
    from indexer.schema import doc_id

    return doc_id(_file_name(record_id))


def _replace_cached(work: Path, prefix: str, keep: Path) -> None:
    """Delete older cached indexes of one engine: a 35k index is hundreds of MB."""
    for old in work.glob(f"{prefix}-*"):
        if old != keep:
            shutil.rmtree(old) if old.is_dir() else old.unlink()


def build_ours(work: Path) -> tuple[Path, dict[str, Any]]:
    """Our index of ``work/archive`` (the real build), cached by the indexer's code version."""
    from indexer.build import build_index

    code = list((ROOT / "indexer").rglob("*.py")) + list((ROOT / "indexer").rglob("*.json"))
    index = work / f"ours-{_digest(code)}"
    _replace_cached(work, "ours", index)
    _log(f"ours: building {index.name} (cached builds only check the files)")
    report = build_index(work / "archive", index, progress=sys.stderr.isatty())
    _log("ours: " + "; ".join(report.lines()))
    return index, {"seconds": report.seconds, "indexed": report.indexed, "skipped": report.skipped}


def _plain_records(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for rec in records:
        doc = {"docid": _docid(rec["id"]), "title": rec["title"], "body": rec["body"]}
        yield {**doc, "year": None, "published": 0, "units": [], "awards": []}


def build_fts5(work: Path, records: list[dict[str, Any]]) -> Path:
    import fts5

    db = work / f"fts5-{_digest([ROOT / 'bench' / 'fts5.py'], sqlite3.sqlite_version)}.sqlite"
    if not db.exists():
        _replace_cached(work, "fts5", db)
        _log(f"fts5: building {db.name}")
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
        _log(f"tantivy: building {index.name}")
        tantivy_engine.build(index, _plain_records(records))
        (index / "done").touch()
    return index


# --- engines: text in, the first page's document ids out (or None: the request was rejected) ---


def ours_runner(index: Path) -> Callable[[str], list[str] | None]:
    from indexer.generations import open_current
    from searchsvc.engine.request import RequestError, parse_request
    from searchsvc.engine.service import IndexView, search

    view = IndexView(open_current(index))

    def run(q: str) -> list[str] | None:
        try:
            req = parse_request({"q": [q], "per_page": [str(CUTOFF)]})
        except RequestError:
            return None
        return [hit.id for hit in search(view, req).hits]

    return run


def fts5_runner(db: Path) -> Callable[[str], list[str] | None]:
    """Every folded term OR-ed, ranked by FTS5's bm25 with the title weighted as in bench/search."""
    import fts5

    from indexer.text.analysis import folded_terms

    con = sqlite3.connect(db)
    sql = (
        "SELECT meta.docid FROM fts JOIN meta ON meta.id = fts.rowid WHERE fts MATCH ? "
        f"ORDER BY bm25(fts, {fts5.TITLE_WEIGHT}, 1.0), meta.docid LIMIT {CUTOFF}"
    )

    def run(q: str) -> list[str] | None:
        terms = dict.fromkeys(folded_terms(q))
        if not terms:
            return []
        return [row[0] for row in con.execute(sql, (" OR ".join(f'"{t}"' for t in terms),))]

    return run


def tantivy_runner(index: Path) -> Callable[[str], list[str] | None]:
    import tantivy_engine

    engine = tantivy_engine.TantivyEngine(index)
    return lambda q: [docid for docid, _ in engine.search(q, CUTOFF).hits]


def answer_sets(index: Path, docids: list[str]) -> tuple[dict[str, frozenset[str]], int]:
    """For each target document id, the ids that answer it: itself and the near-duplicates our
    build grouped with it. Also how many targets our index holds in no group (skipped)."""
    from indexer.generations import MANIFEST_FILE, current_realpath, read_json
    from indexer.schema import doc_id

    documents = read_json(Path(str(current_realpath(index))) / MANIFEST_FILE)["documents"]
    groups: dict[str, frozenset[str]] = {}
    for path, copies in documents.items():
        group = frozenset(doc_id(p) for p in [path, *copies])
        for member in group:
            groups[member] = group
    missing = sum(1 for d in docids if d not in groups)
    return {d: groups.get(d, frozenset({d})) for d in docids}, missing


def run_engine(
    name: str, run: Callable[[str], list[str] | None], sets: dict[str, list[KnownItem]], answers
) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    rows = []
    started = time.perf_counter()
    for kind, items in sets.items():
        for item in items:
            ids = run(item.q)
            rows.append(
                {
                    "kind": kind,
                    "rank": None if ids is None else rank_of(ids, answers[item.docid]),
                    "rejected": ids is None,
                    "empty": ids == [],
                }
            )
    _log(f"{name}: {len(rows)} queries in {time.perf_counter() - started:.0f} s")
    return rows


def _rank_cell(row: dict[str, Any]) -> int | str | None:
    return "rejected" if row["rejected"] else row["rank"]


def _code_version() -> str:
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "indexer", "searchsvc", "bench"],
        capture_output=True,
        text=True,
    )
    return head.stdout.strip() + ("+uncommitted" if dirty.stdout.strip() else "")


def report(results: dict[str, dict[str, dict[str, Any]]], engines: list[str]) -> None:
    """The table: per set, each engine's MRR@10 / success@1 / success@10, then ours' misses."""
    head = f"{'set':16}" + "".join(f"{e + ' mrr s@1 s@10':>24}" for e in engines)
    print(head)
    for kind in results[engines[0]]:
        cells = []
        for e in engines:
            s = results[e][kind]
            cells.append(
                f"{s[f'mrr@{CUTOFF}']:8.3f}{s['success@1']:8.3f}{s[f'success@{CUTOFF}']:8.3f}"
            )
        print(f"{kind:16}" + "".join(cells))
    print(f"\n{'set':16}" + "".join(f"{e + ' rejected/empty':>24}" for e in engines))
    for kind in results[engines[0]]:
        cells = [
            f"{results[e][kind]['rejected']:>15}/{results[e][kind]['empty']:<8}" for e in engines
        ]
        print(f"{kind:16}" + "".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES, help="per query set")
    parser.add_argument("--seed", type=int, default=1, help="article sample and query sets")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    if not args.corpus.exists() or set(engines) - set(ENGINES):
        parser.error(f"corpus {args.corpus} missing or engines not among {ENGINES}")
    work, records = prepare_sample(args.corpus, args.articles, args.seed)
    targets = [Target(_docid(r["id"]), r["title"], r["body"]) for r in records]
    sets = query_sets(targets, args.queries, args.seed)
    ours_index, build = build_ours(work)
    answers, missing = answer_sets(ours_index, [t.docid for t in targets])
    runners = {
        "ours": lambda: ours_runner(ours_index),
        "fts5": lambda: fts5_runner(build_fts5(work, records)),
        "tantivy": lambda: tantivy_runner(build_tantivy(work, records)),
    }
    rows = {e: run_engine(e, runners[e](), sets, answers) for e in engines}
    results = {
        e: {
            kind: score(
                Outcome(r["rank"], r["rejected"], r["empty"]) for r in rows[e] if r["kind"] == kind
            ).to_json()
            for kind in sets
        }
        for e in engines
    }
    print(f"\n{len(records)} VNTC articles (seed {args.seed}); ours indexed {build['indexed']} "
          f"documents, {missing} sampled articles in none; code {_code_version()}")  # fmt: skip
    report(results, engines)
    out = OUT / f"result-{args.articles}-s{args.seed}.json"
    detail = [
        {
            "kind": item.kind,
            "q": item.q,
            "docid": item.docid,
            **{e: _rank_cell(rows[e][i]) for e in engines},
        }
        for i, item in enumerate(item for items in sets.values() for item in items)
    ]
    payload = {"code": _code_version(), "articles": len(records), "seed": args.seed,
               "ours_build": build, "missing_from_ours": missing, "scores": results,
               "queries": detail}  # fmt: skip
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
