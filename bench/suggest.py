"""Suggestions as you type: latency of ``searchsvc.engine.complete`` on every keystroke.

    python bench/suggest.py --index var/index     # any built index root

Types each phrase of ``TYPED`` one character at a time and times the completion of every
prefix, as the search box asks for it (each prefix once: cached answers would flatter it).
Prints the one-off table build per open index, and p50 / p95 / max per keystroke.
``bench/search.py`` calls ``suggest_latency`` on its own index and prints the same line.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# What people type into an education archive's search box, without diacritics (as most do):
# places, units, award names, school levels; and two accented ones.
TYPED = [
    "thai nguyen", "huan chuong lao dong", "so giao duc va dao tao", "truong thcs",
    "thi dua khen thuong", "bang khen", "phong gd&dt", "hoc sinh gioi", "dien bien phu",
    "chat luong giao duc", "Thái Nguyên", "đổi mới",
]  # fmt: skip


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def suggest_latency(view: Any) -> dict[str, float]:
    """Time the completer's table build, then one completion per keystroke of ``TYPED``."""
    from searchsvc.engine import complete

    started = time.perf_counter()
    complete.for_view(view)
    build_s = time.perf_counter() - started
    times = []
    for phrase in TYPED:
        for end in range(1, len(phrase) + 1):
            t = time.perf_counter()
            found = complete.complete(view, phrase[:end])
            times.append((time.perf_counter() - t) * 1000)
            assert len(found) <= complete.MAX_SUGGESTIONS
    return {
        "keystrokes": len(times),
        "table build s": build_s,
        "p50 ms": _pct(times, 0.5),
        "p95 ms": _pct(times, 0.95),
        "max ms": max(times),
    }


def format_line(figures: dict[str, float]) -> str:
    return (
        f"suggest as you type: {figures['keystrokes']:.0f} keystrokes, p50 "
        f"{figures['p50 ms']:.1f} ms, p95 {figures['p95 ms']:.1f} ms, max {figures['max ms']:.1f} "
        f"ms; tables built once per open index in {figures['table build s']:.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "var" / "index")
    args = parser.parse_args(argv)
    from indexer.generations import open_current
    from searchsvc.engine.service import IndexView

    view = IndexView(open_current(args.index))
    print(f"index: {args.index}, {len(view.ids)} documents")
    print(format_line(suggest_latency(view)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
