"""The vocabulary step of an incremental build: from scratch against derived from the previous
generation's index (``indexer.vocabulary.write``), on a real vocabulary and a real change.

``python bench/vocabulary_update.py [TABLE] [--after TABLE | --manifest MANIFEST]``

``TABLE`` (default: the 84k VNTC index's ``vocabulary.tsv`` in ``/tmp/rb84``) is the vocabulary
before the change. The vocabulary after it is either ``--after`` (the table of a later
generation, e.g. one made by an incremental build of a 1 % change) or simulated from real
articles: ``--fraction`` of the documents of the generation's manifest (seeded) are split in two
halves, A and D; before = TABLE minus A's syllables, after = TABLE minus D's (the build's own
counting, ``indexer.vocabulary_change``). The change thus adds A's articles and removes D's:
A's syllables no other document holds are added, D's removed, and every syllable of either
changes its count, as an incremental build of that many changed files does.

Printed, median of ``--runs``: the whole ``vocabulary.write`` (table, index, fsyncs) written from
scratch into an empty folder, and written into a folder holding the previous generation's files
as hard links (the incremental path); the deletion index alone (``vocabulary_index.build``
against ``vocabulary_update.updated``); the table formatted and parsed by main's code before this
change (the baseline, kept here) and by the current code, and read as a build reads the previous
generation's (``vocabulary.read``: counts from the mapped index); and whether both paths wrote
the same bytes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer import generations, vocabulary, vocabulary_change  # noqa: E402
from indexer.manifest import Manifest  # noqa: E402
from indexer.vocabulary_index import INDEX_FILE, build, open_mapped  # noqa: E402
from indexer.vocabulary_update import updated  # noqa: E402

DEFAULT_TABLE = Path("/tmp/rb84/index/current/vocabulary.tsv")
FILES = (vocabulary.VOCABULARY_FILE, INDEX_FILE)


def _main_table(counts: Counter[str]) -> bytes:
    """``vocabulary._table`` at main 9b82118 (the baseline)."""
    return "".join(f"{term}\t{counts[term]}\n" for term in sorted(counts)).encode("utf-8")


def _main_parse(table: bytes) -> Counter[str]:
    """``vocabulary._parse`` at main 9b82118 (the baseline)."""
    counts: Counter[str] = Counter()
    for line in table.decode("utf-8").split("\n"):
        if not line:
            continue
        term, _, count = line.partition("\t")
        counts[term] = int(count)
    return counts


def _simulated(
    full: Counter[str], manifest: Path, fraction: float, seed: int
) -> tuple[Counter[str], Counter[str]]:
    """(before, after): ``full`` without the syllables of half of a ``fraction`` of the
    manifest's documents, then without those of the other half."""
    reader = Manifest(manifest, readonly=True)
    try:
        keys = [key for key, _ in reader.documents()]
    finally:
        reader.close()
    chosen = random.Random(seed).sample(keys, round(len(keys) * fraction))
    added, removed = chosen[::2], chosen[1::2]

    def without(keys: list[str]) -> Counter[str]:
        counts = Counter(full)
        for task in vocabulary_change.tasks(manifest, keys):
            vocabulary_change.subtract(counts, vocabulary_change.removed_syllables(task))
        return counts

    return without(added), without(removed)


def _median(run: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` calls (CPU: steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _compared(label: str, baseline: tuple[float, float], new: tuple[float, float]) -> str:
    ratios = f"ratio {new[0] / baseline[0]:.3f} wall, {new[1] / baseline[1]:.3f} CPU"
    return (
        f"{label} {baseline[0]:.4f} s wall / {baseline[1]:.4f} s CPU, now {new[0]:.4f} s wall /"
        f" {new[1]:.4f} s CPU; {ratios}"
    )


def _linked(previous: Path, folder: Path) -> Path:
    """``folder`` holding ``previous``'s vocabulary files as hard links, as a new generation."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name in FILES:
        (folder / name).hardlink_to(previous / name)
    return folder


def _files(folder: Path) -> bytes:
    return b"".join((folder / name).read_bytes() for name in FILES)


def _write_step(
    previous: Path, after: Counter[str], work: Path, runs: int, *, linked: bool, expected: bytes
) -> tuple[float, float, bool]:
    """Median wall and CPU seconds of ``vocabulary.write(after)`` into a new folder, empty or
    holding ``previous``'s files as hard links, and whether every run wrote ``expected``. Each
    folder is removed before the next run: 28 MB a run left in the page cache made later runs
    wait on writeback."""
    wall, cpu, same = [], [], True
    for i in range(runs):
        folder = work / f"run-{i}"
        if linked:
            _linked(previous, folder)
        else:
            folder.mkdir()
        started, started_cpu = time.perf_counter(), time.process_time()
        vocabulary.write(folder, after)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        same &= _files(folder) == expected
        shutil.rmtree(folder)
    return statistics.median(wall), statistics.median(cpu), same


def bench(before: Counter[str], after: Counter[str], work: Path, runs: int) -> None:
    gone = before.keys() - after.keys()
    new = after.keys() - before.keys()
    changed = sum(before[w] != after[w] for w in before.keys() & after.keys())
    print(
        f"vocabulary: {len(before):,} -> {len(after):,} syllables; {len(new):,} added, "
        f"{len(gone):,} removed, {changed:,} counts changed; {runs} runs, load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    previous = work / "previous"
    previous.mkdir()
    vocabulary.write(previous, before)
    reference = work / "reference"
    reference.mkdir()
    vocabulary.write(reference, after)  # from scratch
    expected = _files(reference)
    scratch = _write_step(previous, after, work, runs, linked=False, expected=expected)
    derived = _write_step(previous, after, work, runs, linked=True, expected=expected)
    same = scratch[2] and derived[2]
    print(
        _compared("vocabulary.write: from scratch", scratch[:2], derived[:2])
        + f"; same bytes: {same}"
    )

    words = sorted(after)
    frequencies = [after[w] for w in words]
    mapped = open_mapped(previous, (previous / FILES[0]).read_bytes())
    assert mapped is not None
    old = sorted(before)
    index = (
        _median(lambda: build(words, frequencies), runs),
        _median(lambda: updated(mapped, old, words, frequencies), runs),
    )
    print(_compared("deletion index alone: build", *index))

    table = (reference / FILES[0]).read_bytes()
    same_table = _main_table(after) == vocabulary._table(words, frequencies)
    table_s = (
        _median(lambda: _main_table(after), runs),
        _median(lambda: vocabulary._table(words, frequencies), runs),
    )
    print(_compared("table: main", *table_s) + f"; same bytes: {same_table}")
    same_counts = _main_parse(table) == vocabulary._parse(table)
    parse_s = (
        _median(lambda: _main_parse(table), runs),
        _median(lambda: vocabulary._parse(table), runs),
    )
    print(_compared("parse: main", *parse_s) + f"; same counts: {same_counts}")
    before_table = (previous / FILES[0]).read_bytes()
    same_read = _main_parse(before_table) == vocabulary.read(previous)
    read_s = (
        _median(lambda: _main_parse(before_table), runs),
        _median(lambda: vocabulary.read(previous), runs),
    )
    print(_compared("read (a build's start): main", *read_s) + f"; same counts: {same_read}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", nargs="?", type=Path, default=DEFAULT_TABLE)
    parser.add_argument("--after", type=Path, help="the vocabulary.tsv after the change")
    parser.add_argument("--manifest", type=Path, help="default: the table's generation's")
    parser.add_argument("--fraction", type=float, default=0.01, help="documents changed")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    full = vocabulary._parse(args.table.read_bytes())
    if args.after is not None:
        before, after = full, vocabulary._parse(args.after.read_bytes())
    else:
        manifest = args.manifest or args.table.parent / generations.MANIFEST_FILE
        before, after = _simulated(full, manifest, args.fraction, args.seed)
    with tempfile.TemporaryDirectory(prefix="vocabulary-update-") as work:
        bench(before, after, Path(work), args.runs)


if __name__ == "__main__":
    main()
