"""``python -m indexer build --report FILE``: every archive file's outcome, one JSON line each.

One line per loose file and per web-archive record, in key order: ``{"path", "status":
"article"}`` with the capture URL and date when known, or ``{"path", "status": "skipped",
"reason", "detail"}``. Written to a temporary file and renamed, so a reader never sees half a
report.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def report_line(key: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The report record of one manifest entry (see ``indexer.manifest.records``)."""
    if "record" in entry:
        record = entry["record"]
        return {
            "path": key,
            "status": "article",
            "title": record.get("title"),
            "url": record.get("url"),
            "captured": record.get("captured"),
            "encoding": record.get("encoding"),
        }
    return {
        "path": key,
        "status": "skipped",
        "reason": entry.get("skipped"),
        "detail": entry.get("detail", ""),
    }


def write_report(path: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Write the JSON Lines report of ``entries`` (key -> manifest entry) to ``path``."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for key in sorted(entries):
            fh.write(json.dumps(report_line(key, entries[key]), ensure_ascii=False) + "\n")
    os.replace(tmp, path)
