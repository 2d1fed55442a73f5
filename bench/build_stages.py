"""CPU per build stage and article, on the records ``bench/search.py`` extracted.

``python bench/build_stages.py --records bench/out/<corpus>/records.jsonl [--limit 3000]``

Runs, in this one process and in the order a build runs them, each stage a build worker runs for
an article (reading the cached record, its min-hash signature, packing and unpacking its manifest
row, its index fields, its analysis into columns) and then writes all of them
as one segment, timing each stage with ``time.process_time`` (no profiler: cProfile tripled the
cost of the Python-heavy stages). The garbage collector is paused as in ``indexer.tasks``
(``--collector-on`` keeps it running). Prints milliseconds per article and shares: where the
build's CPU goes, apart from the parent's small part (scan, manifest writes, grouping, commit),
which ``bench/search.py`` includes; and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import RecordFile  # noqa: E402

from indexer.tasks import collector_paused  # noqa: E402


class Stages:
    """CPU seconds per named stage."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()

    def run(self, name: str, function: Callable[..., Any], *args: Any) -> Any:
        started = time.process_time()
        result = function(*args)
        self.seconds[name] += time.process_time() - started
        return result


def measure(records: Path, limit: int, directory: Path) -> tuple[Stages, int]:
    """Every stage over the first ``limit`` records (by path), one segment in ``directory``."""
    from whoosh import index as whoosh_index

    from indexer import dedup_signature
    from indexer.article import Article
    from indexer.manifest import pack_record, unpack_record
    from indexer.schema import document_fields, make_schema
    from indexer.segment_writer import SegmentBuilder

    source = RecordFile(records)
    keys = sorted(source.offsets)[:limit]
    storage = whoosh_index.create_in(str(directory), make_schema()).storage
    builder = SegmentBuilder(storage, make_schema())
    stages = Stages()
    run = stages.run
    for key in keys:
        record = run("read cached record", source.get, key)
        article = run("Article from record", Article.from_json, record["article"])
        run("min-hash signature", dedup_signature.fingerprint, article)
        row = run("manifest row: pack", pack_record, article.to_json(), record["awards"])
        data = run("manifest row: unpack", unpack_record, row)
        article = run("Article from record", Article.from_json, data["article"])
        fields = run("index fields", document_fields, article, data["awards"], ())
        run("analysis into columns + Whoosh per-document writer", builder.add_document, fields)
    run("group, encode and write postings, term table, sidecars", builder.finish)
    return stages, len(keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--records", type=Path, required=True, help="bench/out/<corpus>/records.jsonl"
    )
    parser.add_argument("--limit", type=int, default=3000, help="articles (one segment)")
    parser.add_argument(
        "--collector-on",
        action="store_true",
        help="keep the garbage collector running (the build pauses it: this shows why)",
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()  # the machine is shared: a figure means little without it
    paused = nullcontext() if args.collector_on else collector_paused()
    with paused, tempfile.TemporaryDirectory(prefix="build-stages-") as tmp:
        stages, count = measure(args.records, args.limit, Path(tmp))  # as write_segment does
    total = sum(stages.seconds.values())
    if not count or not total:
        print(f"no articles with a body in {args.records}: nothing to measure", file=sys.stderr)
        return 2
    print(f"load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for name, seconds in stages.seconds.most_common():
        print(f"{name:46} {1000 * seconds / count:6.2f} ms/article {100 * seconds / total:5.1f} %")
    print(f"{count} articles: {total:.1f} CPU s = {count / total:.0f} articles per CPU second")
    # ru_maxrss is in KiB on Linux: the peak of this process (records index, one segment)
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
