"""Did-you-mean latency on a built index: ``python bench/suggest_timing.py INDEX_ROOT``.

Times ``searchsvc.engine.suggest.suggest`` over ``search.SUGGEST_MIX`` (every word query of the
bench mix misspelled, and a 16-syllable misspelled query), once to warm up and then
``--repeats`` times each, and prints p50/p95/max. With ``--derive-vocabulary``, an index built
before ``vocabulary.tsv`` existed (which falls back to Whoosh's term walk) first gets one derived
from its lexicon, written into the generation: only for the benchmark's own indexes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def derive_vocabulary(generation: Path) -> float:
    """Write ``vocabulary.tsv`` from the generation's lexicon; seconds taken."""
    from whoosh import index as whoosh_index

    from indexer import vocabulary
    from indexer.schema import TEXT_FOLD

    started = time.perf_counter()
    ix = whoosh_index.open_dir(str(generation))
    counts: Counter[str] = Counter()
    with ix.reader() as reader:
        for term in reader.lexicon(TEXT_FOLD):
            word = term.decode("utf-8")
            if vocabulary.is_syllable(word):
                counts[word] = reader.doc_frequency(TEXT_FOLD, word)
    vocabulary.write(generation, counts)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    import search

    from indexer.generations import open_current
    from searchsvc.engine.service import IndexView

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--derive-vocabulary", action="store_true")
    args = parser.parse_args(argv)
    opened = open_current(args.index)
    generation = Path(opened.realpath)
    if args.derive_vocabulary and not (generation / "vocabulary.tsv").exists():
        print(f"vocabulary derived from the lexicon in {derive_vocabulary(generation):.1f} s")
    view = IndexView(opened)
    started = time.perf_counter()
    times = search._time_suggestions(view, args.repeats)
    print(f"did-you-mean on {opened.index.doc_count()} documents "
          f"({len(search.SUGGEST_MIX)} misspelled queries, {len(times)} timed runs, "
          f"{time.perf_counter() - started:.1f} s with warm-ups): p50 "
          f"{search._pct(times, 0.5):.1f} ms, p95 {search._pct(times, 0.95):.1f} ms, "
          f"max {max(times):.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
