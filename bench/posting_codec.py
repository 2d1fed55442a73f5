"""The choices of ``indexer.posting_blocks``, measured on the posting lists of real articles.

``python bench/posting_codec.py --records bench/out/<corpus>/records.jsonl [--limit 2000]``

Analyses the first ``--limit`` records (by path) as a build worker does, gathers the ``text_fold``
posting lists of one segment, and prints, with the load average:

- how many terms have a single posting, and the size of their pickled block data;
- for full blocks (``BLOCK_LIMIT`` postings): CPU time and size of the block data pickled with
  protocol 2 (what Whoosh's writer passes) and 4 (``PICKLE_PROTOCOL``);
- for every block whose pickle reaches ``COMPRESS_MIN_BYTES``: CPU time and compressed size with
  ``zlib.compress`` at W3Codec's level 3 and at ``COMPRESSION`` (a 32 KiB window and default
  memory) and with
  ``posting_blocks.compress`` (``WINDOW_BITS``, ``MEMORY_LEVEL``); and what storing the blocks
  below that threshold uncompressed costs in bytes.

Times are CPU seconds (``time.process_time``) of the whole set, so other work on the machine
inflates them less than wall time.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import RecordFile  # noqa: E402

from indexer import posting_blocks  # noqa: E402
from indexer.article import Article  # noqa: E402
from indexer.schema import TEXT_FOLD, document_fields, make_schema  # noqa: E402


def gather(records: Path, limit: int) -> dict[bytes, list[tuple[int, float, bytes]]]:
    """The ``text_fold`` postings of the first ``limit`` records, per term, in document order."""
    source = RecordFile(records)
    terms: dict[bytes, list[tuple[int, float, bytes]]] = {}
    folded = make_schema()[TEXT_FOLD]  # Whoosh's analyzer: the items the index holds
    for docnum, key in enumerate(sorted(source.offsets)[:limit]):
        record = source.get(key)
        fields = document_fields(Article.from_json(record["article"]), record["awards"], ())
        for term, _, weight, value in folded.index(fields[TEXT_FOLD]):
            terms.setdefault(term, []).append((docnum, weight, value))
    return terms


def block_data(postings: list[tuple[int, float, bytes]]) -> tuple[Any, ...]:
    """The data tuple ``posting_blocks`` pickles for one block (positions: values kept)."""
    ids, weights, values = zip(*postings, strict=True)
    deltas = tuple(b - a for a, b in zip((0, *ids[:-1]), ids, strict=True))
    return (deltas, posting_blocks._mini_weights(weights), tuple(values))


def cpu(function: Callable[[Any], Any], inputs: list[Any]) -> tuple[float, list[Any]]:
    started = time.process_time()
    outputs = [function(item) for item in inputs]
    return time.process_time() - started, outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=2000, help="articles (one segment)")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    terms = gather(args.records, args.limit)
    if not terms:
        print(f"no postings in {args.records}", file=sys.stderr)
        return 2
    limit = posting_blocks.BLOCK_LIMIT
    blocks = [block_data(p[i : i + limit]) for p in terms.values() for i in range(0, len(p), limit)]
    full = [b for b in blocks if len(b[0]) == limit]
    single = [b for b in blocks if len(b[0]) == 1]
    print(f"load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{args.limit} articles: {len(terms)} text_fold terms, {len(blocks)} blocks")
    single_bytes = sum(len(pickle.dumps(b, posting_blocks.PICKLE_PROTOCOL)) for b in single)
    print(f"single-posting terms: {len(single)} ({100 * len(single) / len(terms):.0f} %), "
          f"mean pickled block data {single_bytes / max(len(single), 1):.0f} bytes")  # fmt: skip
    for protocol in (2, posting_blocks.PICKLE_PROTOCOL):
        seconds, out = cpu(lambda b, p=protocol: pickle.dumps(b, p), full)
        print(f"{len(full)} full blocks, pickle protocol {protocol}: "
              f"{1e6 * seconds / max(len(full), 1):.1f} us, "
              f"{sum(map(len, out)) / max(len(out), 1):.0f} bytes a block")  # fmt: skip
    pickled = [pickle.dumps(b, posting_blocks.PICKLE_PROTOCOL) for b in blocks]
    large = [p for p in pickled if len(p) >= posting_blocks.COMPRESS_MIN_BYTES]
    level = posting_blocks.COMPRESSION
    for name, compress in (
        ("zlib.compress level 3 (W3Codec's)", lambda d: zlib.compress(d, 3)),
        (f"zlib.compress level {level}", lambda d: zlib.compress(d, level)),
        ("posting_blocks.compress", posting_blocks.compress),
    ):
        seconds, out = cpu(compress, large)
        print(f"{len(large)} blocks >= {posting_blocks.COMPRESS_MIN_BYTES} bytes, {name}: "
              f"{1e6 * seconds / max(len(large), 1):.1f} us a block, "
              f"{sum(map(len, out))} bytes of {sum(map(len, large))}")  # fmt: skip
    small = [p for p in pickled if len(p) < posting_blocks.COMPRESS_MIN_BYTES]
    deflated = sum(len(posting_blocks.compress(p)) for p in small)
    print(f"{len(small)} blocks below the threshold: {sum(map(len, small))} bytes stored, "
          f"{deflated} if compressed")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
