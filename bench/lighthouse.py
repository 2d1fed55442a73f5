"""Lighthouse (npm ``lighthouse``) against Debian's Chromium, offline: mobile performance and
accessibility of the search and article pages. Goal: performance >= 90, accessibility 100.

    python bench/lighthouse.py [--archive archive | --index INDEX_ROOT] [--runs 3] [--query Q]

Builds the archive into a temp index, serves it with gunicorn (one worker) on 127.0.0.1, and
runs Lighthouse's default mobile profile (Moto G-class screen, simulated slow 4G and 4x CPU
slowdown) on each page ``--runs`` times, reporting the median score and the metrics behind it.
Lighthouse is installed, pinned, into ``bench/out/node`` on first use (npm registry); Chromium
is ``/usr/bin/chromium``. Everything stays on this machine and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import APP_FACTORY, GUNICORN, build, free_port, get, wait_ready  # noqa: E402

LIGHTHOUSE_VERSION = "12.8.2"
NODE_DIR = ROOT / "bench" / "out" / "node"
LIGHTHOUSE = NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium headless on this machine (pitfalls.md), as Lighthouse's launcher passes it.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
# One Lighthouse run takes 10-30 s here; a stuck one is killed.
RUN_TIMEOUT_S = 180
GOALS = {"performance": 90, "accessibility": 100}
# The metrics printed beside each score (Lighthouse audit ids).
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--silent",
         f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )  # fmt: skip


def run_lighthouse(url: str, out: Path) -> dict:
    """One mobile run of Lighthouse on ``url``: {category: score 0-100, metric: display value}."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"],
        check=True, env=env, timeout=RUN_TIMEOUT_S,
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    found = {name: round(report["categories"][name]["score"] * 100) for name in GOALS}
    for audit, label in METRICS.items():
        found[label] = report["audits"][audit]["displayValue"]
    failed = [
        ref["id"]
        for ref in report["categories"]["accessibility"]["auditRefs"]
        if ref["weight"] and report["audits"][ref["id"]]["score"] not in (1, None)
    ]
    found["a11y_failed"] = ",".join(failed) or "-"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=ROOT / "archive")
    parser.add_argument("--index", type=Path, help="an index root built already (skips the build)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="thai nguyen", help="the search page's query")
    args = parser.parse_args(argv)
    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        index = args.index or Path(tmp) / "index"
        if args.index is None:
            build(args.archive, index, full=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "SEARCHSVC_INDEX_DIR": str(index),
               "SEARCHSVC_RATE_LIMIT_PER_MINUTE": "0", "SEARCHSVC_ACCESS_LOG": "false"}  # fmt: skip
        server = subprocess.Popen(
            [GUNICORN, "--workers", "1", "--bind", f"127.0.0.1:{port}", APP_FACTORY],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_ready(base, server)
            query = quote(args.query)
            status, body = get(f"{base}/api/search?q={query}")
            article = json.loads(body)["hits"][0]["id"] if status == 200 else None
            pages = {"search": f"/?q={query}", "article": f"/articles/{article}?q={query}"}
            print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile profile, {CHROMIUM}, median of "
                  f"{args.runs} runs; goals: performance >= 90, accessibility = 100")  # fmt: skip
            for name, path in pages.items():
                runs = [run_lighthouse(base + path, Path(tmp) / f"{name}-{i}.json")
                        for i in range(args.runs)]  # fmt: skip
                perf = statistics.median(r["performance"] for r in runs)
                a11y = statistics.median(r["accessibility"] for r in runs)
                middle = sorted(runs, key=lambda r: r["performance"])[len(runs) // 2]
                metrics = "  ".join(f"{label} {middle[label]}" for label in METRICS.values())
                print(f"{name:8} performance {perf:5.1f} (runs {[r['performance'] for r in runs]})"
                      f"  accessibility {a11y:5.1f}  {metrics}"
                      f"  failed a11y audits: {middle['a11y_failed']}")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
