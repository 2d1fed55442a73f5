"""Web archives against loose files: how fast the indexer reads the same pages both ways.

1. Renders ``--articles`` real VNTC articles (``../shared/corpora/vntc``, read in place) as HTML
   pages, written once into ``bench/out/warc-N/`` (gitignored, never committed) both as loose
   ``.html`` files under a host folder and as one ``crawl.warc.gz`` of ``response`` records
   (one gzip member per record, as Heritrix, wget and Browsertrix write them).
2. Libraries: every record's HTTP payload read by warcio and by fastwarc (why we use the one we do).
3. The indexer, in one run, ``--repeats`` times alternately: the loose pages walked and read
   (``walk_archive`` + ``read_document``: size limit, decode, NFC) against the same pages read
   from the WARC (``indexer.ingest.warc.read_container``: the same decode). Prints documents/s for
   each and the ratio (the issue asks >= 0.80). ``--extract N`` also runs the first N pages both
   ways through the build's loader (the real per-document work, guarded worker included).
Usage: ``python bench/warc.py [--articles 10000] [--repeats 3] [--extract 500]``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import statistics
import sys
import time
from html import escape
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.article import Skipped  # noqa: E402
from indexer.ingest.archive import RawDocument, read_document  # noqa: E402
from indexer.ingest.walk import walk_archive  # noqa: E402

SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT / "shared")
VNTC = SHARED / "corpora" / "vntc" / "vntc.jsonl.gz"
HOST = "vntc.example.vn"
CAPTURE_DATE = "2021-03-04T05:06:07Z"


def render(record: dict) -> bytes:
    """One article as a plain news page: title, h1, paragraphs."""
    title = escape(record["title"])
    paragraphs = "".join(f"<p>{escape(p)}</p>\n" for p in record["body"].split("\n\n"))
    return (
        f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1>\n{paragraphs}</article></body></html>\n"
    ).encode()


def generate(out: Path, articles: int) -> tuple[Path, Path]:
    """The loose folder and the .warc.gz of the same pages (made once, then reused)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    loose, warc = out / "loose", out / "crawl.warc.gz"
    if warc.exists():
        return loose, warc
    with gzip.open(VNTC, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    sample = random.Random(14).sample([r for r in records if r["body"]], articles)
    out.mkdir(parents=True, exist_ok=True)
    tmp = warc.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for record in sample:
            name = record["id"].replace("/", "_") + ".html"
            page = render(record)
            (loose / HOST / "tin").mkdir(parents=True, exist_ok=True)
            (loose / HOST / "tin" / name).write_bytes(page)
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    f"http://{HOST}/tin/{name}",
                    "response",
                    payload=io.BytesIO(page),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": CAPTURE_DATE},
                )
            )
    tmp.rename(warc)
    return loose, warc


def read_warcio(warc: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                count += len(record.content_stream().read()) > 0
    return count


def read_fastwarc(warc: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = 0
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh, record_types=WarcRecordType.response):
            count += len(record.reader.read()) > 0
    return count


def read_loose(loose: Path) -> list[RawDocument | Skipped]:
    return [read_document(loose, p) for p in walk_archive(loose) if isinstance(p, Path)]


def read_warc(warc: Path) -> list[RawDocument | Skipped]:
    from indexer.ingest.warc import read_container

    return list(read_container(warc.parent, warc))


def timed(fn, arg) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(arg)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--extract", type=int, default=0, help="also extract the first N pages")
    args = parser.parse_args()
    out = ROOT / "bench" / "out" / f"warc-{args.articles}"
    loose, warc = generate(out, args.articles)
    size = sum(p.stat().st_size for p in loose.rglob("*.html"))
    packed = warc.stat().st_size
    print(f"pages: {args.articles}; loose {size / 1e6:.1f} MB; warc.gz {packed / 1e6:.1f} MB")
    libs: dict[str, list[float]] = {"warcio": [], "fastwarc": []}
    ours: dict[str, list[float]] = {"loose": [], "warc": []}
    for _ in range(args.repeats):
        for name, fn in (("warcio", read_warcio), ("fastwarc", read_fastwarc)):
            seconds, count = timed(fn, warc)
            assert count == args.articles, (name, count)
            libs[name].append(seconds)
        for name, fn, arg in (("loose", read_loose, loose), ("warc", read_warc, warc)):
            seconds, docs = timed(fn, arg)
            assert sum(isinstance(d, RawDocument) for d in docs) == args.articles, name
            ours[name].append(seconds)
    for name, runs in libs.items():
        best = min(runs)
        print(f"library {name:<9} payloads/s {args.articles / best:9.0f}  (best of {len(runs)})")
    rates = {name: args.articles / min(runs) for name, runs in ours.items()}
    for name, rate in rates.items():
        median = args.articles / statistics.median(ours[name])
        print(f"indexer read {name:<6} docs/s {rate:9.0f} best, {median:9.0f} median")
    print(f"warc / loose read rate: {rates['warc'] / rates['loose']:.2f} (issue: >= 0.80)")
    if args.extract:
        extract_both(out, warc, args.extract)


def extract_both(out: Path, warc: Path, count: int) -> None:
    """The first ``count`` pages both ways through the build's loader (``SourceLoader``: read,
    decode and extract in the guarded worker), each way timed once, loose first."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    from indexer.ingest.sources import SourceLoader

    small = out / f"extract-{count}"
    small_warc = small / "crawl.warc.gz"
    if not small_warc.exists():
        small.mkdir(parents=True, exist_ok=True)
        with open(warc, "rb") as src, open(small_warc, "wb") as dst:
            writer = WARCWriter(dst, gzip=True)
            for record in islice(ArchiveIterator(src), count):
                page = record.content_stream().read()
                name = record.rec_headers.get_header("WARC-Target-URI").split(f"{HOST}/", 1)[1]
                (small / "loose" / HOST / name).parent.mkdir(parents=True, exist_ok=True)
                (small / "loose" / HOST / name).write_bytes(page)
                writer.write_record(
                    writer.create_warc_record(
                        record.rec_headers.get_header("WARC-Target-URI"),
                        "response",
                        payload=io.BytesIO(page),
                        length=len(page),
                        http_headers=record.http_headers,
                        warc_headers_dict={"WARC-Date": CAPTURE_DATE},
                    )
                )
    rates = {}
    with SourceLoader() as loader:
        started = time.perf_counter()
        loose = [p for p in walk_archive(small / "loose") if isinstance(p, Path)]
        records = [loader(small / "loose", p) for p in loose]
        rates["loose"] = len(records) / (time.perf_counter() - started)
        started = time.perf_counter()
        members = loader(small, small_warc)
        assert isinstance(members, list) and len(members) == len(records)
        rates["warc"] = len(members) / (time.perf_counter() - started)
    for name, rate in rates.items():
        print(
            f"build loader (read + decode + extract), {count} pages, {name:<6}: docs/s {rate:6.1f}"
        )
    print(f"warc / loose build-loader rate: {rates['warc'] / rates['loose']:.2f}")


if __name__ == "__main__":
    main()
