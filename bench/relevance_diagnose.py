"""Why a known-item query of ``bench/relevance.py`` misses its article: a breakdown per cause.

``python bench/relevance_diagnose.py [--result bench/out/relevance/result-35000-s1.json]
[--sets headline_plain,body4_plain] [--show N]`` reads a run's result (the queries and every
engine's rank), the sample and our cached index of that run, asks our engine again for each
query it did not rank first, and puts each in one class (first that applies):

* ``not_indexed``: the target is in no document of our index (the build skipped it);
* ``extraction``: our stored title and body no longer hold the query's syllables in a row (the
  extraction dropped or changed the text the query was drawn from) — for body fragments only;
* ``copy_above``: a document ranked above the target has the target's folded text (title and
  body) or its body: the same item, scored as a miss (the benchmark's answer is the target and
  the copies *our* build grouped);
* ``shared_phrase``: other sampled articles hold the query as a phrase too, and ours ranks one
  of those above it (no engine can know which one is meant);
* ``non_phrase_above``: ours ranks a document that does not hold the query as a phrase above the
  target, which does (a ranking fault);
* ``not_matched``: soft AND left the target out of the results;
* ``other``.

For every body set it also prints the oracle bound: the MRR@10 of an engine that ranks the
articles holding the query as a phrase first, ties broken at random (expected value), and of
one that breaks those ties by how often the phrase occurs per syllable of the article (the
likelihood that a fragment drawn from that article is this one).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from relevance_corpus import OUT, answer_sets, docid  # noqa: E402
from relevance_queries import CUTOFF, Target, query_sets  # noqa: E402

from indexer.text.analysis import folded_terms  # noqa: E402

Tokens = tuple[str, ...]


def holders(
    texts: dict[str, Tokens], queries: list[Tokens]
) -> tuple[dict[Tokens, list[str]], dict[Tokens, dict[str, int]]]:
    """For each query, the documents holding it as consecutive syllables, and how often:
    the documents holding its rarest syllable, searched as text."""
    postings: dict[str, set[str]] = defaultdict(set)
    for doc, tokens in texts.items():
        for token in tokens:
            postings[token].add(doc)
    joined: dict[str, str] = {}
    where: dict[Tokens, dict[str, int]] = {}
    for query in dict.fromkeys(queries):
        if not query:
            where[query] = {}
            continue
        rarest = min(query, key=lambda t: len(postings.get(t, ())))
        needle = " " + " ".join(query) + " "
        found: dict[str, int] = {}
        for doc in postings.get(rarest, ()):
            if doc not in joined:
                joined[doc] = " " + " ".join(texts[doc]) + " "
            n = _count(joined[doc], needle)
            if n:
                found[doc] = n
        where[query] = found
    return {q: sorted(where[q]) for q in queries}, where


def _count(text: str, needle: str) -> int:
    """Occurrences of ``needle`` (space-delimited syllables) in ``text``, overlaps included."""
    n, i = 0, text.find(needle)
    while i >= 0:
        n += 1
        i = text.find(needle, i + 1)
    return n


def expected_rr(rank_above: int, tied: int) -> float:
    """Expected reciprocal rank (0 past ``CUTOFF``) of an item below ``rank_above`` documents
    and tied with ``tied`` others, its place among them uniformly random."""
    places = range(rank_above + 1, rank_above + tied + 2)
    return sum(1 / p for p in places if p <= CUTOFF) / (tied + 1)


def oracle(
    query: Tokens, target_group: frozenset[str], found: dict[str, int], sizes: dict[str, int]
) -> tuple[float, float]:
    """(random ties, likelihood ties) expected reciprocal rank of the target's group among the
    groups holding ``query``; 0 when the target does not hold it."""
    mine = [d for d in found if d in target_group]
    if not mine:
        return 0.0, 0.0
    others = [d for d in found if d not in target_group]
    random_rr = expected_rr(0, len(others))
    like = max(found[d] / sizes[d] for d in mine)
    above = sum(1 for d in others if found[d] / sizes[d] > like)
    tied = sum(1 for d in others if found[d] / sizes[d] == like)
    return random_rr, expected_rr(above, tied)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=35_000)
    parser.add_argument("--queries", type=int, default=500, help="per query set")
    parser.add_argument("--seed", type=int, default=1, help="the run's article sample")
    parser.add_argument(
        "--query-seed", type=int, help="draw the queries with another seed (a development set)"
    )
    parser.add_argument("--result", type=Path, help="a run's result JSON: every engine's rank")
    parser.add_argument("--sets", default="headline_plain,body4_plain")
    parser.add_argument("--show", type=int, default=5, help="misses printed per class and set")
    parser.add_argument("--no-engine", action="store_true", help="oracle figures only")
    args = parser.parse_args(argv)
    work = next(OUT.glob(f"vntc-{args.articles}-s{args.seed}-*"))
    with open(work / "sample.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    targets = [Target(docid(r["id"]), r["title"], r["body"]) for r in records]
    query_seed = args.seed if args.query_seed is None else args.query_seed
    sets = query_sets(targets, args.queries, query_seed)
    kinds = args.sets.split(",")
    items = [{"kind": it.kind, "q": it.q, "docid": it.docid} for k in kinds for it in sets[k]]
    if args.result:  # the same queries, with every engine's rank
        ranked = json.loads(args.result.read_text(encoding="utf-8"))["queries"]
        by_query = {(r["kind"], r["q"], r["docid"]): r for r in ranked}
        items = [by_query.get((it["kind"], it["q"], it["docid"]), it) for it in items]
    texts = {docid(r["id"]): tuple(folded_terms(f"{r['title']}\n{r['body']}")) for r in records}
    bodies = {docid(r["id"]): tuple(folded_terms(r["body"])) for r in records}
    titles = {docid(r["id"]): r["title"] for r in records}
    sizes = {d: max(1, len(t)) for d, t in texts.items()}
    index = next(work.glob("ours-*"), None)
    if index is None or args.no_engine:  # no build of ours yet: each article answers itself
        answers = {d: frozenset({d}) for d in texts}
    else:
        answers, _ = answer_sets(index, list(texts))
    phrases = [tuple(folded_terms(q["q"])) for q in items]
    held, counts = holders(texts, phrases)

    same_body: dict[Tokens, list[str]] = defaultdict(list)
    for doc, body in bodies.items():
        same_body[body].append(doc)
    repeats = [docs for docs in same_body.values() if len(docs) > 1]
    grouped = sum(1 for docs in repeats if len({answers[d] for d in docs}) == 1)
    print(
        f"sampled articles sharing their folded body with another: {len(repeats)} sets, "
        f"{grouped} of them one near-duplicate group of ours (found for every engine)"
    )

    run = view = None
    if index is not None and not args.no_engine:
        from indexer.generations import open_current
        from searchsvc.engine.service import IndexView, search
        from searchsvc.web.params import parse_request

        view = IndexView(open_current(index))

        def run(q: str) -> list[str]:
            req = parse_request({"q": [q], "per_page": [str(CUTOFF)]})
            return [hit.id for hit in search(view, req).hits]

    for kind in kinds:
        mine = [(it, p) for it, p in zip(items, phrases, strict=True) if it["kind"] == kind]
        classes: Counter[str] = Counter()
        shown: dict[str, list[str]] = defaultdict(list)
        oracle_random = oracle_like = 0.0
        shared = 0
        for item, phrase in mine:
            group = answers[item["docid"]]
            found = counts.get(phrase, {})
            r_rr, l_rr = oracle(phrase, group, found, sizes)
            oracle_random += r_rr
            oracle_like += l_rr
            shared += len({min(answers[d]) for d in held[phrase]}) > 1
            if item.get("ours") == 1 or run is None or view is None:
                continue
            ids = run(item["q"])
            rank = next((i for i, d in enumerate(ids) if d in group), None)
            above = ids[: CUTOFF if rank is None else rank]
            cls = _classify(item, phrase, group, above, view, texts, bodies, held, kind)
            classes[cls] += 1
            if len(shown[cls]) < args.show:
                firsts = " | ".join(titles.get(d, d)[:60] for d in above[:2])
                shown[cls].append(f"  {item['q'][:70]!r} rank {rank and rank + 1}: {firsts}")
        n = len(mine)
        print(f"\n{kind}: {n} queries; held by more than one article (group): {shared}")
        print(f"  oracle MRR@{CUTOFF}: phrase first, random ties {oracle_random / n:.3f}; "
              f"likelihood ties {oracle_like / n:.3f}")  # fmt: skip
        if "ours" in mine[0][0]:
            for engine in ("ours", "fts5", "tantivy"):
                ranks = [it.get(engine) for it, _ in mine]
                ranked_first = sum(1 for r in ranks if r == 1)
                print(f"  {engine}: ranked first {ranked_first} of {n}")
        for cls, count in classes.most_common():
            print(f"  {cls}: {count}")
            for line in shown[cls]:
                print(line)
    return 0


def _classify(
    item: dict[str, Any],
    phrase: Tokens,
    group: frozenset[str],
    above: list[str],
    view: Any,
    texts: dict[str, Tokens],
    bodies: dict[str, Tokens],
    held: dict[Tokens, list[str]],
    kind: str,
) -> str:
    """The first class of the module's list that applies to one miss."""
    from indexer import schema as f
    from indexer.text.analysis import folded_terms as terms

    present = [d for d in group if view.reader.docnum_of(d) is not None]
    if not present:
        return "not_indexed"
    if kind.startswith("body"):
        stored = view.reader.stored(view.reader.docnum_of(present[0]))
        ours = tuple(terms(f"{stored[f.TITLE]}\n{stored[f.BODY]}"))
        if not any(ours[i : i + len(phrase)] == phrase for i in range(len(ours))):
            return "extraction"
    target = item["docid"]
    if any(texts.get(d) == texts[target] or bodies.get(d) == bodies[target] for d in above):
        return "copy_above"
    holding = set(held[phrase])
    if kind.startswith("body") and any(d in holding for d in above):
        return "shared_phrase"
    if any(d not in holding for d in above) and target in holding:
        return "non_phrase_above"
    if not above:
        return "not_matched"
    return "other"


if __name__ == "__main__":
    sys.exit(main())
