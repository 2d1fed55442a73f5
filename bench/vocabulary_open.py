"""Did-you-mean's vocabulary at scale: open cost, build cost, file size, answers, latency.

``python bench/vocabulary_open.py vocabulary GENERATION_DIR --work /tmp/x``: the generation's
``vocabulary.tsv`` (only read; its index is written under ``--work``) through

* the baseline in the same run: the deletion index as a dict built at open (what the service
  did before ``indexer.vocabulary_index``);
* the build's cost of writing the mapped index, its size, and the cost of mapping it;
* the neighbours of seeded typos of the vocabulary's own syllables, compared one by one
  between the dict and the mapped index, and the latency of each lookup.

``python -m indexer.backfill INDEX_DIR`` writes the mapped index of an older generation, for
``bench/suggest_timing.py`` to time did-you-mean over it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from indexer import deletion_keys, vocabulary, vocabulary_index  # noqa: E402

TYPOS = 2000  # seeded typos of the vocabulary's syllables compared between dict and index
ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word) + 1)
    edit = rng.choice(["insert", "delete", "swap", "replace"])
    if edit == "insert" or len(word) < 2:
        return word[:i] + rng.choice(ALPHABET) + word[i:]
    i = min(i, len(word) - 2)
    if edit == "delete":
        return word[:i] + word[i + 1 :]
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(ALPHABET) + word[i + 1 :]


def _dict_similar(index, counts, term: str, maxdist: int, prefix: int) -> list[str]:  # type: ignore[no-untyped-def]
    found = {w for key in deletion_keys.probes(term, maxdist) for w in index.get(key, ())}
    near = [
        w
        for w in found
        if w[:prefix] == term[:prefix]
        and w != term
        and vocabulary_index.distance(w, term, maxdist) <= maxdist
    ]
    return sorted(near, key=lambda w: (-counts[w], w))


def _ms(seconds: list[float]) -> str:
    q = statistics.quantiles([s * 1000 for s in seconds], n=100)
    return f"p50 {q[49]:.3f} ms, p95 {q[94]:.3f} ms, max {max(seconds) * 1000:.3f} ms"


def bench_vocabulary(generation: Path, work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(generation / vocabulary.VOCABULARY_FILE, work / vocabulary.VOCABULARY_FILE)
    counts = vocabulary.read(work)
    assert counts is not None
    print(f"vocabulary: {len(counts):,} syllables")

    started = time.perf_counter()
    index: defaultdict[str, list[str]] = defaultdict(list)
    for word in counts:
        for key in deletion_keys.keys(word):
            index[key].append(word)
    dict_s = time.perf_counter() - started
    print(f"baseline, dict built at open: {dict_s:.2f} s ({len(index):,} keys)")

    (work / vocabulary_index.INDEX_FILE).unlink(missing_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    vocabulary.write_index(work, (work / vocabulary.VOCABULARY_FILE).read_bytes())
    write_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    size = (work / vocabulary_index.INDEX_FILE).stat().st_size
    print(f"build: mapped index computed and written in {write_s:.2f} s wall, {cpu_s:.2f} s CPU, "
          f"{size / 2**20:.1f} MiB ({size:,} bytes)")  # fmt: skip

    opens = []
    for _ in range(20):
        started = time.perf_counter()
        mapped = vocabulary.open_vocabulary(work)
        opens.append(time.perf_counter() - started)
    assert mapped is not None and len(mapped) == len(counts)
    print(f"open (mapped, 20 runs): first {opens[0] * 1000:.2f} ms, "
          f"median {statistics.median(opens) * 1000:.2f} ms; "
          f"ratio to baseline {statistics.median(opens) / dict_s:.5f}")  # fmt: skip

    rng = random.Random(15)
    words = sorted(w for w in counts if len(w) >= 3 and w.isalpha())
    typos = [_typo(rng.choice(words), rng) for _ in range(TYPOS)]
    same, dict_t, mapped_t = 0, [], []
    for typo in typos:
        maxdist = 2 if len(typo) >= 7 else 1
        started = time.perf_counter()
        old = _dict_similar(index, counts, typo, maxdist, 1)
        dict_t.append(time.perf_counter() - started)
        started = time.perf_counter()
        new = list(mapped.similar(typo, maxdist, 1))
        mapped_t.append(time.perf_counter() - started)
        same += old == new
    print(f"neighbours of {len(typos):,} seeded typos: {same:,} identical lists")
    print(f"lookup, dict: {_ms(dict_t)}")
    print(f"lookup, mapped: {_ms(mapped_t)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    vocab = sub.add_parser("vocabulary")
    vocab.add_argument("generation", type=Path)
    vocab.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    bench_vocabulary(args.generation, args.work)


if __name__ == "__main__":
    main()
