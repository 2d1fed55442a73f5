"""``python -m indexer build --report FILE``: every archive file's outcome, one JSON line each.

One line per loose file and per web-archive record, in key order: ``{"path", "status":
"article"}`` with the capture URL and date when known, or ``{"path", "status": "skipped",
"reason", "detail"}``. Written to a temporary file and renamed, so a reader never sees half a
report.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

# A key escape of a byte >= 0x80 (indexer.ingest.walk.archive_key): the name was not UTF-8.
_ESCAPED_BYTE = re.compile(r"\\x[89a-f][0-9a-f]")


def report_line(key: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The report record of one manifest entry (see ``indexer.manifest.records``); a file whose
    name is not UTF-8 says so in ``note`` (it is indexed under its escaped key)."""
    line = _line(key, entry)
    if _ESCAPED_BYTE.search(key.partition("#")[0]):
        line["note"] = "file name is not UTF-8: indexed under this escaped key"
    return line


def _line(key: str, entry: dict[str, Any]) -> dict[str, Any]:
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
