"""The fixed costs of an incremental build's grouping and commit, old code against new, one run.

``python bench/incremental_costs.py GENERATION_DIR --work /tmp/x --old-code DIR [--share 0.01]
[--repeat 3]``: ``DIR`` holds the baseline's code (``git archive COMMIT | tar -x -C DIR``). A
seeded ``--share`` of the generation's documents stands for a change, and each step runs in a
child process on the old code, then one on this checkout's, alternating ``--repeat`` times on the
same input (each child runs it twice and times the second: warm, as in a build); the children
print their seconds and a digest of their answer, which must agree:

* ``commit``: ``whoosh_commit.commit`` deleting the change's keys (no new segment), on hard
  links to the generation's Whoosh files (Whoosh never rewrites a file: the new TOC is a new
  file); the answer is every segment's deleted documents.
* ``plan``: ``regroup.plan_documents`` on a fresh copy of the manifest in which the change's
  articles were edited (a line appended to each, their records and signatures updated, as a
  build's extraction leaves them); the answer is the documents to write and to delete and the
  document table after.
* ``uncount``: the syllables of the change's documents in the generation's manifest, as
  ``GenerationJob._uncount`` computes them (``vocabulary_change``), in two worker processes;
  its "CPU" is the CPU seconds of the longest task (the wall time on two idle cores). The
  token caches are warmed first with the change's new texts, as segment writing warms the
  workers' in a build.

The generation is only read. Prints wall and CPU seconds per run, and old/new ratios of medians.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 13  # which documents form the change
UNCOUNT_PROCS = 2  # the build's worker processes on the 2-core machine
EDITED = "edited-manifest.sqlite"  # the manifest with the change's articles edited
EDIT_LINE = "\n\nCập nhật lần 1."  # what /tmp/chg.py appends to a changed file
STEPS = ("commit", "plan", "uncount")


def _clock() -> tuple[float, float]:
    """(wall, CPU) seconds: on the shared 2-core machine CPU time varies less with the load."""
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    now = _clock()
    return now[0] - start[0], now[1] - start[1]


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:16]


def _link_whoosh_files(gen: Path, target: Path) -> None:
    """``target``: hard links to the generation's Whoosh files (read only through them)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in gen.iterdir():
        if path.name.startswith(("MAIN_", "_MAIN_")) and path.name != "MAIN_WRITELOCK":
            os.link(path, target / path.name)


def _step(step: str, gen: Path, work: Path, change: list[str]) -> tuple[tuple[float, float], str]:
    """Run ``step`` once with the code on ``sys.path``: ((wall, CPU) seconds, digest of the
    answer)."""
    from indexer.generations import MANIFEST_FILE

    if step == "commit":
        from whoosh import index as whoosh_index

        from indexer import whoosh_commit

        linked = work / "whoosh"
        _link_whoosh_files(gen, linked)
        start = _clock()
        whoosh_commit.commit(linked, fresh=False, delete=change, segments=[], drop=set())
        seconds = _since(start)
        index = whoosh_index.open_dir(linked)
        answer = [sorted(s.deleted_docs()) for s in index._segments()]
        index.close()
        shutil.rmtree(linked)
        return seconds, _digest(answer)
    if step == "plan":
        from indexer import regroup
        from indexer.manifest import Manifest

        copy = work / MANIFEST_FILE
        shutil.copyfile(work.parent / EDITED, copy)
        manifest = Manifest(copy)
        start = _clock()
        planned = regroup.plan_documents(manifest, set(change), set(), incremental=True)
        seconds = _since(start)
        answer = (planned, list(manifest.documents()))
        manifest.close()
        copy.unlink()
        return seconds, _digest(answer)
    from indexer import vocabulary_change
    from indexer.manifest import Manifest
    from indexer.workers import Workers

    # In a build the pool's workers have just analysed the change's new texts (segments), so
    # their token caches are warm: warm them here too, before the fork.
    source = Manifest(work.parent / EDITED, readonly=True)
    for key in change:
        article = source.record(key)["article"]
        vocabulary_change.syllables_of(article["title"], article["body"])
    source.close()
    counts: Counter[str] = Counter()
    slowest = 0.0  # the CPU seconds of the longest task: the wall time on two idle cores
    with Workers(UNCOUNT_PROCS) as workers:
        start = _clock()
        tasks = vocabulary_change.tasks(gen / MANIFEST_FILE, change)
        for removed, cpu in workers.map(_timed_removed_syllables, tasks):
            counts.update(removed)
            slowest = max(slowest, cpu)
        seconds = (_since(start)[0], slowest)
    return seconds, _digest(sorted(counts.items()))


def _edit(gen: Path, target: Path, change: list[str]) -> None:
    """``target``: the generation's manifest with the change's articles edited as
    ``/tmp/chg.py`` edits their files (a line appended), records and signatures updated."""
    from indexer.article import Article
    from indexer.dedup_signature import fingerprint
    from indexer.generations import MANIFEST_FILE
    from indexer.manifest import Manifest, pack_record

    shutil.copyfile(gen / MANIFEST_FILE, target)
    manifest = Manifest(target)
    for key in change:
        entry = manifest.get(key)
        record = manifest.record(key)
        article = Article.from_json(record["article"])
        article = dataclasses.replace(article, body=article.body + EDIT_LINE)
        blob = pack_record(article.to_json(), record["awards"])
        edited = dataclasses.replace(entry, signature=fingerprint(article), record=blob)
        manifest.put([edited])
    manifest.commit()
    manifest.close()


def _timed_removed_syllables(task: Any) -> tuple[Counter[str], float]:
    """``vocabulary_change.removed_syllables`` in a worker, with the task's CPU seconds."""
    from indexer import vocabulary_change

    start = time.process_time()
    removed = vocabulary_change.removed_syllables(task)
    return removed, time.process_time() - start


def _child(args: argparse.Namespace) -> None:
    change = json.loads(Path(args.change).read_text())
    # Twice, the second timed: a build process has imported and used Whoosh, numpy and the
    # manifest before these steps; the first run pays for that here.
    _step(args.child, args.generation.resolve(), args.work, change)
    seconds, answer = _step(args.child, args.generation.resolve(), args.work, change)
    print(json.dumps({"seconds": seconds, "answer": answer}))


def _run(code: Path, step: str, args: argparse.Namespace, change_file: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), str(args.generation)]
    command += ["--work", str(args.work / step), "--child", step, "--change", str(change_file)]
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("generation", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--old-code", type=Path)
    parser.add_argument("--share", type=float, default=0.01)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--change", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.child:
        sys.path.insert(0, os.environ["PYTHONPATH"])
        _child(args)
        return
    if args.old_code is None:
        parser.error("--old-code is required")
    sys.path.insert(0, str(ROOT))
    from indexer.generations import MANIFEST_FILE
    from indexer.manifest import Manifest

    gen = args.generation.resolve()
    source = Manifest(gen / MANIFEST_FILE, readonly=True)
    documents = [key for key, _ in source.documents()]
    source.close()
    change = sorted(random.Random(SEED).sample(documents, round(len(documents) * args.share)))
    change_file = args.work / "change.json"
    change_file.write_text(json.dumps(change))
    steps = args.steps.split(",")
    if {"plan", "uncount"} & set(steps):  # a copy of the manifest: 250 MB at 84k
        _edit(gen, args.work / EDITED, change)
    print(f"{gen}: {len(documents)} documents, a change of {len(change)}")
    print(f"old code {args.old_code.resolve()}, new code {ROOT}; load {os.getloadavg()}")
    for step in steps:
        old: list[list[float]] = []
        new: list[list[float]] = []
        for _ in range(args.repeat):
            before = _run(args.old_code.resolve(), step, args, change_file)
            after = _run(ROOT, step, args, change_file)
            if before["answer"] != after["answer"]:
                raise SystemExit(f"{step}: the answers differ ({before} against {after})")
            old.append(before["seconds"])
            new.append(after["seconds"])
        for clock, name in ((0, "wall"), (1, "CPU")):
            o = statistics.median(run[clock] for run in old)
            n = statistics.median(run[clock] for run in new)
            runs = " ".join(f"{a[clock]:.3f}/{b[clock]:.3f}" for a, b in zip(old, new, strict=True))
            print(
                f"{step:8s} {name:4s} old {o:.3f} s  new {n:.3f} s  old/new {o / n:.2f}"
                f"  (runs old/new: {runs})"
            )
    print(f"load after {os.getloadavg()}")
    change_file.unlink()
    (args.work / EDITED).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
