"""Captures the sample archive's pages into a WARC the way a crawler would: over HTTP.

The loose pages of ``archive/`` are served by a local ``http.server`` on 127.0.0.1 and fetched
with ``urllib`` inside warcio's ``capture_http``, which records each request and response as
WARC records. ``archive/warc/sample-pages.warc.gz`` was made by
``python tests/capture_warc.py archive archive/warc/sample-pages.warc.gz``; the tests also
capture afresh into a temp folder.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warcio.capture_http import capture_http

# Page suffixes served with the types a portal's server gives them.
TYPES = {".html": "text/html; charset=utf-8", ".htm": "text/html", ".txt": "text/plain"}
# The sample pages' declared charsets live in their <meta>; the server names none for them,
# like most portal servers. Text files are UTF-8.
PORT = 8765  # fixed so the sample WARC's URIs are stable; 0 picks a free port


class _Handler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path):  # type: ignore[no-untyped-def,override]
        suffix = Path(str(path)).suffix.lower()
        if suffix == ".txt":
            return "text/plain; charset=utf-8"
        return "text/html" if suffix in TYPES else super().guess_type(path)

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@contextmanager
def serving(root: Path, port: int = PORT) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` serving ``root`` until the block ends."""
    handler = functools.partial(_Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def sample_pages(root: Path) -> list[str]:
    """The loose pages under ``root`` (archive-relative, sorted)."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.suffix.lower() in TYPES and p.is_file()
    )


def capture(root: Path, out: Path, port: int = PORT) -> list[str]:
    """Fetch every sample page of ``root`` over HTTP into the WARC ``out``; their URLs."""
    urls = []
    with serving(root, port) as base, capture_http(str(out)):
        for rel in sample_pages(root):
            url = f"{base}/{rel}"
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
            urls.append(url)
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for url in capture(args.root, args.out):
        print(url)


if __name__ == "__main__":
    main()
