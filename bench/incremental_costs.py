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
* ``plan``: ``regroup.plan_documents`` on a fresh copy of the manifest, the change's keys as
  changed (with their stored signatures: the grouping's cost, not the extraction's); the answer
  is the documents to write and to delete and the document table after.
* ``uncount``: the syllables of the change's documents in the generation's manifest, as
  ``GenerationJob._uncount`` computes them (``vocabulary_change``), in this process.

The generation is only read. Prints seconds per run and the old/new ratio of the medians.
"""

from __future__ import annotations

import argparse
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
STEPS = ("commit", "plan", "uncount")


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:16]


def _link_whoosh_files(gen: Path, target: Path) -> None:
    """``target``: hard links to the generation's Whoosh files (read only through them)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in gen.iterdir():
        if path.name.startswith(("MAIN_", "_MAIN_")) and path.name != "MAIN_WRITELOCK":
            os.link(path, target / path.name)


def _step(step: str, gen: Path, work: Path, change: list[str]) -> tuple[float, str]:
    """Run ``step`` once with the code on ``sys.path``: (seconds, digest of the answer)."""
    from indexer.generations import MANIFEST_FILE

    if step == "commit":
        from whoosh import index as whoosh_index

        from indexer import whoosh_commit

        linked = work / "whoosh"
        _link_whoosh_files(gen, linked)
        start = time.perf_counter()
        whoosh_commit.commit(linked, fresh=False, delete=change, segments=[], drop=set())
        seconds = time.perf_counter() - start
        index = whoosh_index.open_dir(linked)
        answer = [sorted(s.deleted_docs()) for s in index._segments()]
        index.close()
        shutil.rmtree(linked)
        return seconds, _digest(answer)
    if step == "plan":
        from indexer import regroup
        from indexer.manifest import Manifest

        copy = work / MANIFEST_FILE
        shutil.copyfile(gen / MANIFEST_FILE, copy)
        manifest = Manifest(copy)
        start = time.perf_counter()
        planned = regroup.plan_documents(manifest, set(change), set(), incremental=True)
        seconds = time.perf_counter() - start
        answer = (planned, list(manifest.documents()))
        manifest.close()
        copy.unlink()
        return seconds, _digest(answer)
    from indexer import vocabulary_change

    start = time.perf_counter()
    counts: Counter[str] = Counter()
    for task in vocabulary_change.tasks(gen / MANIFEST_FILE, change):
        counts.update(vocabulary_change.removed_syllables(task))
    seconds = time.perf_counter() - start
    return seconds, _digest(sorted(counts.items()))


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
    print(f"{gen}: {len(documents)} documents, a change of {len(change)}")
    print(f"old code {args.old_code.resolve()}, new code {ROOT}; load {os.getloadavg()}")
    for step in args.steps.split(","):
        old: list[float] = []
        new: list[float] = []
        for _ in range(args.repeat):
            before = _run(args.old_code.resolve(), step, args, change_file)
            after = _run(ROOT, step, args, change_file)
            if before["answer"] != after["answer"]:
                raise SystemExit(f"{step}: the answers differ ({before} against {after})")
            old.append(before["seconds"])
            new.append(after["seconds"])
        o, n = statistics.median(old), statistics.median(new)
        runs = " ".join(f"{a:.3f}/{b:.3f}" for a, b in zip(old, new, strict=True))
        print(f"{step:8s} old {o:.3f} s  new {n:.3f} s  old/new {o / n:.2f}  (old/new: {runs})")
    print(f"load after {os.getloadavg()}")
    change_file.unlink()


if __name__ == "__main__":
    main()
