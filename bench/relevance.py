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
   engine for the first page of each: ours through the API's parameter validation
   (``searchsvc.web.params.parse_request``) and ``searchsvc.engine.service.search``, as the API
   does (a query the validation rejects is a miss, counted apart); FTS5 with every term OR-ed,
   ranked by ``bm25`` (title weighted); tantivy with OR plus phrase boosts;
4. prints MRR@10, success@1 and success@10 per set and engine, and writes every query's rank to
   ``bench/out/relevance/result-<N>-s<seed>.json``.

The answer to a query is its article or any near-duplicate our build grouped with it (the other
engines index every copy; the sample has no exact repeats).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from relevance_corpus import (  # noqa: E402
    DEFAULT_CORPUS,
    OUT,
    answer_sets,
    build_fts5,
    build_ours,
    build_tantivy,
    docid,
    existing_ours,
    log,
    prepare_sample,
)
from relevance_queries import (  # noqa: E402
    CUTOFF,
    KnownItem,
    Outcome,
    Target,
    query_sets,
    rank_of,
    score,
)

DEFAULT_ARTICLES = 35_000  # issue 12's figures were measured at this size
DEFAULT_QUERIES = 500  # per set: a success rate of 0.9 is then known within about +-0.03
ENGINES = ("ours", "fts5", "tantivy")
UNIQUE_MRR = f"mrr@{CUTOFF}_unique_phrase"  # score key: MRR over fragments found in one article


# --- engines: text in, the first page's document ids out (or None: the request was rejected) ---


def ours_runner(index: Path) -> Callable[[str], list[str] | None]:
    from indexer.generations import open_current
    from searchsvc.engine.request import RequestError
    from searchsvc.engine.service import IndexView, search
    from searchsvc.web.params import parse_request  # the API's checks (pydantic, no Flask)

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


def run_engine(
    name: str,
    run: Callable[[str], list[str] | None],
    sets: dict[str, list[KnownItem]],
    answers: dict[str, frozenset[str]],
) -> list[dict[str, Any]]:
    """One row per query: the rank of its answer (or None), whether it was rejected or found
    nothing, and milliseconds (ours also counts facets and snippets, so speed is not compared
    here: ``bench/search.py`` does that)."""
    rows = []
    for kind, items in sets.items():
        for item in items:
            started = time.perf_counter()
            ids = run(item.q)
            ms = (time.perf_counter() - started) * 1000
            rank = None if ids is None else rank_of(ids, answers[item.docid])
            rows.append({"kind": kind, "rank": rank, "rejected": ids is None, "empty": ids == []})
            rows[-1]["ms"] = ms
    log(f"{name}: {len(rows)} queries in {sum(r['ms'] for r in rows) / 1000:.0f} s")
    return rows


def phrase_spread(db: Path, sets: dict[str, list[KnownItem]]) -> dict[str, list[int]]:
    """For each body-fragment query, how many sampled articles hold it as a phrase (FTS5): a
    fragment found in several articles cannot rank its own first but by luck."""
    con = sqlite3.connect(db)
    sql = "SELECT count(*) FROM fts WHERE fts MATCH ?"
    return {
        kind: [con.execute(sql, (f'"{item.q}"',)).fetchone()[0] for item in items]
        for kind, items in sets.items()
        if kind.startswith("body")
    }


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


def summarise(
    rows: dict[str, list[dict[str, Any]]],
    sets: dict[str, list[KnownItem]],
    spread: dict[str, list[int]],
) -> dict[str, dict[str, Any]]:
    """Per engine and set: the scores, milliseconds per query (median, max) and, for body
    fragments, MRR@10 over the queries whose fragment is in one sampled article only."""
    out: dict[str, dict[str, Any]] = {}
    for engine, engine_rows in rows.items():
        out[engine] = {}
        for kind in sets:
            mine = [r for r in engine_rows if r["kind"] == kind]
            scores = score(_outcome(r) for r in mine).to_json()
            ms = [r["ms"] for r in mine] or [0.0]
            scores.update(ms_median=round(statistics.median(ms), 1), ms_max=round(max(ms), 1))
            if kind in spread:
                unique = [r for r, n in zip(mine, spread[kind], strict=True) if n == 1]
                scores[UNIQUE_MRR] = round(score(_outcome(r) for r in unique).mrr, 4)
            out[engine][kind] = scores
    return out


def _outcome(row: dict[str, Any]) -> Outcome:
    return Outcome(row["rank"], row["rejected"], row["empty"])


def report(results: dict[str, dict[str, Any]], spread: dict[str, list[int]]) -> None:
    """The tables: MRR@10 / success@1 / success@10, then rejected / empty / median ms."""
    engines = list(results)
    kinds = list(results[engines[0]])
    m, s10 = f"mrr@{CUTOFF}", f"success@{CUTOFF}"
    print(f"{'MRR@10 s@1 s@10':16}" + "".join(f"{e:>24}" for e in engines))
    for kind in kinds:
        cells = [results[e][kind] for e in engines]
        print(
            f"{kind:16}" + "".join(f"{c[m]:8.3f}{c['success@1']:8.3f}{c[s10]:8.3f}" for c in cells)
        )
    print(f"\n{'rejected empty ms':18}" + "".join(f"{e:>22}" for e in engines))
    for kind in kinds:
        cells = [results[e][kind] for e in engines]
        row = "".join(
            f"{c['rejected']:8}{c['empty']:7}{c.get('ms_median', float('nan')):7.1f}" for c in cells
        )
        print(f"{kind:18}{row}")
    if spread:
        print("\nbody fragments found (as a phrase) in one sampled article only: how many, and")
        print(f"{'MRR@10 on them':16}{'':14}" + "".join(f"{e:>22}" for e in engines))
        for kind, counts in spread.items():
            cells = "".join(
                f"{results[e][kind].get(UNIQUE_MRR, float('nan')):22.3f}" for e in engines
            )
            print(f"{kind:16}{sum(c == 1 for c in counts):6} of {len(counts):<4}{cells}")


def _earlier(path: Path, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Scores of an earlier run, labelled ``engine@code``; it must have measured the same
    queries (same article count, seed and queries per set), or comparing would mislead."""
    earlier = json.loads(path.read_text(encoding="utf-8"))
    same = (earlier.get("articles"), earlier.get("seed"), earlier.get("queries_per_set"))
    if same != (args.articles, args.seed, args.queries):
        raise SystemExit(
            f"--compare {path}: measured {same}, not {args.articles, args.seed, args.queries}"
        )
    code = earlier["code"].replace("+uncommitted", "*")  # * = uncommitted changes
    return {f"{e}@{code}"[:20]: scores for e, scores in earlier["scores"].items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES, help="per query set")
    parser.add_argument("--seed", type=int, default=1, help="article sample and query sets")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset")
    parser.add_argument(
        "--compare",
        type=Path,
        help="an earlier result JSON of the same articles, seed and --queries: its scores are "
        "printed beside this run's (e.g. --engines ours against a full run's FTS5 and tantivy)",
    )
    parser.add_argument(
        "--ours-index",
        type=Path,
        help="query this existing index of ours (e.g. an earlier run's cached ours-<hash>) "
        "instead of building one with the current indexer/ code",
    )
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    if not args.corpus.exists():
        parser.error(f"corpus not found: {args.corpus}")
    if not engines or set(engines) - set(ENGINES):
        parser.error(f"--engines: a comma-separated subset of {','.join(ENGINES)}")
    earlier = _earlier(args.compare, args) if args.compare else {}
    work, records = prepare_sample(args.corpus, args.articles, args.seed)
    targets = [Target(docid(r["id"]), r["title"], r["body"]) for r in records]
    sets = query_sets(targets, args.queries, args.seed)
    # Ours is always built: its near-duplicate groups decide which ids answer a query.
    ours_index, build = existing_ours(args.ours_index) if args.ours_index else build_ours(work)
    answers, missing = answer_sets(ours_index, [t.docid for t in targets])
    runners = {
        "ours": lambda: ours_runner(ours_index),
        "fts5": lambda: fts5_runner(build_fts5(work, records)),
        "tantivy": lambda: tantivy_runner(build_tantivy(work, records)),
    }
    rows = {e: run_engine(e, runners[e](), sets, answers) for e in engines}
    # Always measured (with FTS5's phrase counts, whichever engines run): it says how much of a
    # body set's shortfall no ranking could avoid.
    spread = phrase_spread(build_fts5(work, records), sets)
    results = summarise(rows, sets, spread)
    code = _code_version()
    print(f"\n{len(records)} VNTC articles (seed {args.seed}), {args.queries} queries a set; "
          f"ours indexed {build['indexed']} documents, {missing} sampled articles in none "
          f"(skipped: {build['skipped'] or 'none'}); code {code}")  # fmt: skip
    if build.get("index"):
        print(f"ours: the existing index {build['index']} (not built by this run)")
    items = [item for kind_items in sets.values() for item in kind_items]
    detail = [
        {
            "kind": it.kind,
            "q": it.q,
            "docid": it.docid,
            **{e: _rank_cell(rows[e][i]) for e in engines},
        }
        for i, it in enumerate(items)
    ]
    payload = {"code": code, "articles": args.articles, "seed": args.seed,
               "queries_per_set": args.queries, "ours_build": build,
               "missing_from_ours": missing, "scores": results, "phrase_spread": spread,
               "queries": detail}  # fmt: skip
    suffix = "" if len(engines) == len(ENGINES) else "-" + "-".join(engines)
    out = OUT / f"result-{args.articles}-s{args.seed}{suffix}.json"
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    report(results | earlier, spread)  # after the JSON is safe: a report bug loses nothing
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
