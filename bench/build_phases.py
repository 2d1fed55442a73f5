"""Wall time, the build process's CPU and its workers' CPU for each phase of one full build.

``python bench/build_phases.py --work bench/out/<corpus>``  (a work folder of ``bench/search.py``:
``corpus`` and ``records.jsonl``)

Runs ``bench/rebuild.py``'s phase (the full build ``bench/search.py`` times, then its no-op
rebuild and 1 % change) with a timer around each step of ``indexer.build`` and
``indexer.generation_job``, and prints the full build's steps: where its wall time goes, whether
the two cores are busy (workers' CPU against wall) and how much is serial work of the build
process (scan, manifest writes, grouping, commit, vocabulary, fsync). ``bench/build_stages.py``
then splits the workers' CPU per article.
Workers' CPU is counted when they are reaped, at the end of each pool (``Workers.__exit__``).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import rebuild  # noqa: E402
from search import RecordFile  # noqa: E402

from indexer import build, generation_job, generations, regroup, vocabulary, whoosh_commit  # noqa: E402

# (object, attribute, label) of every timed step, in build order; indented labels are parts of
# the step above them.
STEPS: list[tuple[Any, str, str]] = [
    (build, "scan_archive", "scan (stat, sha256 of changed files)"),
    (generation_job.GenerationJob, "_extract_and_group", "extract + group"),
    (regroup, "plan_documents", "  near-duplicate grouping (serial)"),
    (generation_job.GenerationJob, "_write_segments", "write segments (parallel)"),
    (generation_job.Workers, "__exit__", "  pool shut down (workers reaped)"),
    (whoosh_commit, "commit", "commit (table of contents)"),
    (vocabulary, "write", "vocabulary"),
    (generations, "fsync_tree", "fsync"),
    (generations, "publish", "publish"),
]


def cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its reaped children."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed(function: Callable[..., Any], label: str, log: list[tuple[str, float, float, float]]):  # type: ignore[no-untyped-def]
    def run(*args: Any, **kwargs: Any) -> Any:
        started, (own, children) = time.perf_counter(), cpu()
        try:
            return function(*args, **kwargs)
        finally:
            own_after, children_after = cpu()
            wall = time.perf_counter() - started
            log.append((label, wall, own_after - own, children_after - children))

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="a bench/search.py work folder")
    args = parser.parse_args(argv)
    if not (args.work / "records.jsonl").is_file() or not (args.work / "corpus").is_dir():
        print(
            f"{args.work} holds no corpus and records.jsonl: run bench/search.py first",
            file=sys.stderr,
        )
        return 2
    log: list[tuple[str, float, float, float]] = []
    for owner, name, label in STEPS:
        setattr(owner, name, timed(getattr(owner, name), label, log))
    load = os.getloadavg()
    records = RecordFile(args.work / "records.jsonl")
    result = rebuild.phase_build_and_update(args.work, records.get, no_dedup=False)
    if not result["docs"]:
        print(f"no documents built from {args.work}: nothing to measure", file=sys.stderr)
        return 2
    print(f"load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"full build: {result['docs']} documents in {result['seconds']:.1f} s wall, "
          f"{result['cpu_s']:.1f} CPU s ({result['docs'] / result['cpu_s']:.0f} documents per "
          f"CPU second)")  # fmt: skip
    print(f"{'step':40}{'wall s':>9}{'build CPU s':>13}{'workers CPU s':>15}")
    for label, wall, own, children in log:
        print(f"{label:40}{wall:9.2f}{own:13.2f}{children:15.2f}")
        if label == "publish":  # the full build ends here; the no-op and 1 % change follow
            break
    load = os.getloadavg()
    print(f"load average after the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
