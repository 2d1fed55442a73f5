"""What the web layer adds to a search: one process, the same requests through the engine alone
(its backend: the baseline) and through the whole Flask app (validation, JSON models, ETag,
CORS, limits, compression), interleaved, timed in CPU time of this process
(``time.process_time``) so other programs on a shared machine do not count.

    python bench/web.py [--archive archive] [--repeats 30] [--storage memory://]

Prints per request kind the median and p95 of the engine alone and of the app, and the app's
overhead in ms and as a ratio of the engine's time. The index is built into a temp dir.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import build_index  # noqa: E402
from searchsvc import create_app  # noqa: E402
from searchsvc.web import index_holder  # noqa: E402
from searchsvc.web.params import parse_request  # noqa: E402

# API requests of bench/load.py's mix: the engine can answer each one on its own.
REQUESTS = [
    "/api/search?q=thai+nguyen",
    "/api/search?q=th%C3%A1i+nguy%C3%AAn&per_page=2&page=2",
    "/api/search?q=thi+dua&sort=newest",
    "/api/search?q=huan+chuong+lao+dong&year=unknown",
    "/api/search?q=giao+duc+-dien+bien&sort=oldest",
    "/api/search?unit=B%E1%BB%99+GD%26%C4%90T",
    "/api/search",
]
# What a browser sends: the app compresses its answers.
HEADERS = {"Accept-Encoding": "gzip, br"}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=ROOT / "archive")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument(
        "--storage", default="", help="rate-limit counters (default: a SQLite file, as served)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="searchsvc-web-bench-") as work:
        index = Path(work) / "index"
        build_index(args.archive.resolve(), index)
        app = create_app(
            {
                "INDEX_DIR": str(index),
                "ACCESS_LOG": False,
                "RATE_LIMIT_PER_MINUTE": 100_000,
                "RATE_LIMIT_BURST": 100_000,
            },
            instance_path=str(Path(work) / "instance"),
        )
        client = app.test_client()
        columns = ("engine p50/p95 CPU ms", "app p50/p95 CPU ms", "+ms p50")
        print(f"{'request':58} {columns[0]:>18} {columns[1]:>16} {columns[2]:>8}")
        overheads = []
        for url in REQUESTS:
            engine_ms: list[float] = []
            app_ms: list[float] = []
            req = parse_request(parse_qs(urlsplit(url).query))
            client.get(url, headers=HEADERS)  # warm: index opened, caches filled
            for _ in range(args.repeats):
                with app.app_context():
                    backend = index_holder.get_backend()
                    started = time.process_time()
                    backend.search(req)
                    engine_ms.append((time.process_time() - started) * 1000)
                started = time.process_time()
                response = client.get(url, headers=HEADERS)
                app_ms.append((time.process_time() - started) * 1000)
                assert response.status_code == 200, response.status_code
            e50, a50 = statistics.median(engine_ms), statistics.median(app_ms)
            overheads.append((a50 - e50, e50))
            print(
                f"{url[:58]:58} {e50:8.2f}/{percentile(engine_ms, 0.95):<8.2f} "
                f"{a50:7.2f}/{percentile(app_ms, 0.95):<8.2f} {a50 - e50:8.2f}"
            )
        added = statistics.median(o for o, _ in overheads)
        ratio = statistics.median((o + e) / e for o, e in overheads)
        print(f"median web overhead: {added:.2f} ms per request; app/engine time: {ratio:.2f}x")
        app.extensions[index_holder.EXTENSION_KEY].close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
