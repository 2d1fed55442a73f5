"""CPU time per query and per stage of the search: ``python bench/query_stages.py WORK``.

Runs ``bench/search.py``'s query mix on the index in ``WORK`` (``bench/search.py``'s work
folder, e.g. ``bench/out/gen-20000-s1``) with this checkout's engine, once to warm the caches
and then ``--rounds`` times, and prints the CPU time (``time.thread_time``: the thread's own,
so other processes on a shared machine inflate it far less than wall time) of a whole search
and of each stage it calls, in microseconds per query. A stage's time includes the stages it
calls (``_hit`` includes ``snippet``; stored fields are read before ``_hit``).
``--only TEXT`` keeps the queries whose label holds TEXT (repeatable).
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _timed(spent: Counter[str], module: ModuleType, name: str) -> None:
    """Replace ``module.name`` by a wrapper adding its thread CPU time to ``spent[name]``."""
    inner: Callable[..., Any] = getattr(module, name)

    @functools.wraps(inner)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time_ns()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] += time.thread_time_ns() - started

    setattr(module, name, wrapper)


def main(argv: list[str] | None = None) -> int:
    import search as bench

    from indexer.generations import open_current
    from searchsvc.engine import facets, highlight, matching, proximity, relax, rerank, service

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args(argv)
    spent: Counter[str] = Counter()
    stages = [
        (service, "_ranked"), (service, "_hit"), (relax, "match_query"), (facets, "count"),
        (facets, "buckets"), (matching, "bm25"), (proximity, "add_proximity"),
        (matching, "top_by_score"), (rerank, "rerank"), (highlight, "snippet"),
    ]  # fmt: skip
    for module, name in stages:
        _timed(spent, module, name)
    view = service.IndexView(open_current(args.work / "index"))
    mix = [e for e in bench.QUERY_MIX if not args.only or any(t in e["label"] for t in args.only)]
    for entry in mix:
        service.search(view, bench._request(entry))
    spent.clear()
    for _ in range(args.rounds):
        for entry in mix:
            started = time.thread_time_ns()
            service.search(view, bench._request(entry))
            spent["search (whole)"] += time.thread_time_ns() - started
    searches = args.rounds * len(mix)
    print(f"{len(mix)} queries x {args.rounds} rounds; CPU us per query:")
    for name, ns in spent.most_common():
        print(f"  {name:16} {ns / searches / 1000:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
