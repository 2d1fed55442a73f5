"""``python -m indexer build --report FILE``: every archive file's outcome, one JSON line each.

One line per loose file, per web archive and per web-archive record, in key order:
``{"path", "status": "article"}`` with title, capture URL and date, encoding; ``{"path", "status":
"skipped", "reason", "detail"}``; or ``{"path", "status": "web archive"}`` for a WARC/WACZ file
itself (its records follow it as ``FILE#URI``). A file whose name is not UTF-8 says so in ``note``.
Written to a temporary file and renamed, so a reader never sees half a report.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# A key escape of a byte >= 0x80 (indexer.ingest.walk.archive_key): the name was not UTF-8.
_ESCAPED_BYTE = re.compile(r"\\x[89a-f][0-9a-f]")

Row = tuple[str, "str | None", str, "bytes | None"]  # key, skipped, detail, packed record


def report_line(key: str, skipped: str | None, detail: str, record: bytes | None) -> dict:
    """The report record of one manifest row (see ``indexer.manifest.Manifest.rows``)."""
    line = _line(key, skipped, detail, record)
    if _ESCAPED_BYTE.search(key.partition("#")[0]):
        line["note"] = "file name is not UTF-8: indexed under this escaped key"
    return line


def _line(key: str, skipped: str | None, detail: str, record: bytes | None) -> dict[str, Any]:
    if record is not None:
        from indexer.manifest import unpack_record

        article = unpack_record(record)["article"]
        return {
            "path": key,
            "status": "article",
            "title": article.get("title"),
            "url": article.get("url"),
            "captured": article.get("captured"),
            "encoding": article.get("encoding"),
        }
    if skipped is None:
        return {"path": key, "status": detail or "web archive"}
    return {"path": key, "status": "skipped", "reason": skipped, "detail": detail or ""}


def write_report(path: Path, rows: Iterable[Row]) -> None:
    """Write the JSON Lines report of the manifest ``rows`` to ``path``."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(report_line(*row), ensure_ascii=False) + "\n")
    os.replace(tmp, path)
