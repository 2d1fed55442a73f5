"""How long opening an index for search takes (``IndexView``), against a baseline checkout.

Each open runs in a fresh process (nothing cached in Python; the OS page cache is warm after the
first run, as for a worker restarted beside others), alternating this checkout and the
baseline's (default: /work/main), and prints per run the seconds to open and the process's
resident memory after the open, then the medians and their ratio. The index is only read.

    .venv/bin/python bench/open_index.py INDEX_ROOT [--baseline /work/main] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

# Run in the child: open the index with the code under ``root``, report seconds and RSS.
CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from indexer.generations import open_current
from searchsvc.engine.service import IndexView
started, cpu_started = time.perf_counter(), time.process_time()
view = IndexView(open_current(Path(sys.argv[2])))
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS"))
print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mib": rss / 1024,
                  "documents": view.reader.doc_count}))
"""


def open_once(root: Path, index_root: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), str(index_root)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"opening with {root} failed:\n{done.stderr}")
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_root", type=Path)
    parser.add_argument("--baseline", type=Path, default=Path("/work/main"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true", help="time this checkout only")
    args = parser.parse_args()
    roots = {"this": HERE} if args.no_baseline else {"this": HERE, "baseline": args.baseline}
    times: dict[str, list[float]] = {name: [] for name in roots}
    for run in range(args.runs):
        for name, root in roots.items():
            got = open_once(root, args.index_root)
            times[name].append(got["seconds"])
            print(
                f"run {run + 1} {name:8} open {got['seconds']:7.2f} s (CPU {got['cpu']:6.2f} s)  "
                f"RSS {got['rss_mib']:7.0f} MiB  {int(got['documents']):,} documents",
                flush=True,
            )
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(f"median {name:8} open {median:7.2f} s over {len(times[name])} runs")
    if "baseline" in medians:
        print(f"ratio this/baseline: open {medians['this'] / medians['baseline']:.3f}")


if __name__ == "__main__":
    main()
