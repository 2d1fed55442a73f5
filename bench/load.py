"""Load test: the production server (gunicorn, 2 workers) under a query mix, with and without a
reindex running at the same time. Prints requests/s, p50/p99 latency and the error count.

    python bench/load.py [--archive archive] [--seconds 15] [--threads 8]

Everything runs on 127.0.0.1 and is bounded in time; the script builds its own index in a temp
dir, starts gunicorn on a free port, and stops everything it started (also on Ctrl-C). During the
second phase ``python -m indexer build --full`` runs in a loop, so workers must notice each swap
(new real path) and reopen while requests keep flowing: the goal is zero errors.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WORKERS = 2
APP_FACTORY = "searchsvc:create_app()"
# A request slower than this counts as an error: far above any healthy answer on this archive.
REQUEST_TIMEOUT_S = 10.0
# gunicorn imports Flask and opens the index lazily: a few seconds on a busy 2-core machine.
STARTUP_TIMEOUT_S = 30.0
# The mix a search page sees: folded and accented queries, facets, paging, sorting, a typo
# (did-you-mean), an empty query (browse), the HTML page, the feed, and article lookups.
QUERY_MIX = [
    "/api/search?q=thai+nguyen",
    "/api/search?q=th%C3%A1i+nguy%C3%AAn&per_page=2&page=2",
    "/api/search?q=thi+dua&sort=newest",
    "/api/search?q=huan+chuong+lao+dong&year=unknown",
    "/api/search?q=%22c%E1%BB%9D+thi+%C4%91ua%22",
    "/api/search?q=giao+duc+-dien+bien&sort=oldest",
    "/api/search?q=huan+chuong+lao+dongg",
    "/api/search?unit=B%E1%BB%99+GD%26%C4%90T",
    "/api/search",
    "/?q=thai+nguyen",
    "/?q=thi+dua&year=2020",
    "/search.atom?q=giao+duc",
    "ARTICLE",
]


@dataclass
class Phase:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    reindexes: int = 0
    generations: set[str] = field(default_factory=set)

    def report(self) -> str:
        n = len(self.latencies_ms)
        ordered = sorted(self.latencies_ms) or [0.0]
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        extra = (
            f", {self.reindexes} reindexes, {len(self.generations)} generations served"
            if self.reindexes
            else ""
        )
        return (
            f"{self.name:<16} {n / self.seconds:7.1f} req/s"
            f"  p50 {statistics.median(ordered):6.1f} ms"
            f"  p99 {p99:6.1f} ms  requests {n}  errors {sum(self.errors.values())}"
            f" {self.errors or ''}{extra}"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def build(archive: Path, index: Path, full: bool) -> None:
    command = [PYTHON, "-m", "indexer", "build", "--archive", str(archive)]
    command += ["--index", str(index), "--no-progress"] + (["--full"] if full else [])
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def wait_ready(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited during startup")
        try:
            if get(base + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not become ready")


def drive(base: str, urls: list[str], phase: Phase, seconds: float, threads: int) -> None:
    """Each thread walks the mix round-robin until the deadline, recording every outcome."""
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> None:
        i = offset
        while time.monotonic() < deadline:
            url = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                status, body = get(base + url)
                outcome = None if status in (200, 304) else f"HTTP {status}"
            except OSError as exc:
                status, body, outcome = 0, b"", type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                phase.latencies_ms.append(elapsed)
                if outcome:
                    phase.errors[outcome] = phase.errors.get(outcome, 0) + 1
                if url == "/healthz" and status == 200:
                    phase.generations.add(json.loads(body)["built_at"])

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    phase.seconds = time.monotonic() - started


def reindex_loop(archive: Path, index: Path, stop: threading.Event, phase: Phase) -> None:
    while not stop.is_set():
        build(archive, index, full=True)
        phase.reindexes += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=ROOT / "archive")
    parser.add_argument("--seconds", type=float, default=15.0, help="per phase")
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="searchsvc-load-"))
    index = workdir / "index"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = None
    log = None
    try:
        build(args.archive.resolve(), index, full=True)
        env = {
            **os.environ,
            "SEARCHSVC_INDEX_DIR": str(index),
            "SEARCHSVC_RATE_LIMIT_PER_MINUTE": "0",  # one client address makes every request
        }
        log = open(workdir / "server.log", "wb")  # noqa: SIM115 - closed with the server
        server = subprocess.Popen(
            [GUNICORN, "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", APP_FACTORY],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        wait_ready(base, server)
        first = json.loads(get(base + "/api/search?q=thai+nguyen")[1])["hits"][0]["id"]
        urls = [f"/api/articles/{first}" if u == "ARTICLE" else u for u in QUERY_MIX]
        print(f"gunicorn {WORKERS} workers on {base}; {args.threads} client threads; "
              f"{args.seconds:.0f} s per phase; archive {args.archive}")  # fmt: skip

        steady = Phase("steady")
        drive(base, urls, steady, args.seconds, args.threads)
        print(steady.report(), flush=True)

        during = Phase("during reindex")
        stop = threading.Event()
        builder = threading.Thread(
            target=reindex_loop, args=(args.archive.resolve(), index, stop, during)
        )
        builder.start()
        try:
            drive(base, [*urls, "/healthz"], during, args.seconds, args.threads)
        finally:
            stop.set()
            builder.join()
        print(during.report(), flush=True)
        return 0 if not steady.errors and not during.errors else 1
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if log is not None:
            log.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
