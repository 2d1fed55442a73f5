"""Calibrates the "almost UTF-8" repair rule of ``indexer.ingest.archive`` on real text.

A UTF-8 page with a few damaged bytes fails strict UTF-8; read as cp1258 instead, every one of its
Vietnamese letters turns to mojibake. The rule: repair as UTF-8 (dropping the bad bytes) when the
valid multi-byte sequences far outnumber the invalid bytes. This script measures, over real VNTC
articles (``../shared/corpora/vntc``, read in place): the share of invalid bytes among non-ASCII
bytes for each legacy encoding the archive meets (must stay far above the threshold, so no legacy
page is "repaired" into garbage), and for UTF-8 text with 1, 2, 10 and 100 damaged bytes (must
fall below it). It also counts legacy renderings that are strictly valid UTF-8 (must be 0: then a
page that is valid UTF-8 can be read as UTF-8 whatever its meta charset claims).
Second, the double-decoding rule of ``indexer.ingest.mojibake``: over every clean VNTC article
(must change none), the sample double-decoded as windows-1252 and as Latin-1 (must restore each
exactly), and the real pages of ``../shared/extraction-dev`` and ``vi-pages-dev`` (how many change).
Usage: ``python bench/decoding.py [--articles N]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.ingest import legacy, mojibake  # noqa: E402
from indexer.ingest.archive import (  # noqa: E402
    MAX_INVALID_SHARE,
    RawDocument,
    read_document,
    utf8_damage,
)

SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT / "shared")
VNTC = SHARED / "corpora" / "vntc" / "vntc.jsonl.gz"
REAL_PAGES = [SHARED / "extraction-dev" / "html", SHARED / "vi-pages-dev" / "html"]
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows typed it: base letter, then a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
        out += (base + "".join(c for c in nfd if c in TONES)).encode("cp1258", "replace")
    return bytes(out)


def renderings(text: str) -> dict[str, bytes]:
    """The article's bytes in each encoding real Vietnamese archives use (typographic quotes and
    other symbols the font encodings cannot carry become spaces; a letter none can carry drops
    that rendering)."""
    text = "".join(c if c.isascii() or "LATIN" in unicodedata.name(c, "") else " " for c in text)
    out = {"cp1258": cp1258(text)}
    for name, single in (("tcvn3", "cp1252"), ("vni", "cp1252"), ("viscii", "latin-1")):
        try:
            out[name] = legacy.encode(text, name).encode(single, "replace")
        except ValueError:
            continue
    return out


def damaged(data: bytes, count: int, rng: random.Random) -> bytes:
    """``data`` with ``count`` bytes overwritten by 0xFF (never valid in UTF-8)."""
    out = bytearray(data)
    for pos in rng.sample(range(len(out)), min(count, len(out))):
        out[pos] = 0xFF
    return bytes(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(14)
    with gzip.open(VNTC, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    sample = rng.sample([r for r in records if r["body"]], args.articles)
    shares: dict[str, list[float]] = {}
    valid_legacy = 0
    for record in sample:
        text = unicodedata.normalize("NFC", record["title"] + "\n\n" + record["body"])
        for name, data in renderings(text).items():
            share = utf8_damage(data)
            shares.setdefault(name, []).append(share)
            valid_legacy += share == 0.0 and any(b > 0x7F for b in data)
        for count in (1, 2, 10, 100):
            shares.setdefault(f"utf-8, {count} bad bytes", []).append(
                utf8_damage(damaged(text.encode("utf-8"), count, rng))
            )
    print(f"articles: {len(sample)}; threshold MAX_INVALID_SHARE = {MAX_INVALID_SHARE}")
    print(f"{'bytes':<22} {'min':>7} {'median':>7} {'max':>7} {'repaired':>9}")
    for name, values in shares.items():
        values.sort()
        repaired = sum(v <= MAX_INVALID_SHARE for v in values)
        print(
            f"{name:<22} {values[0]:7.4f} {values[len(values) // 2]:7.4f} {values[-1]:7.4f} "
            f"{repaired:9d}"
        )
    print(f"legacy renderings that are strictly valid UTF-8: {valid_legacy}")
    double_decoding(records, sample)


def double_decoding(records: list[dict], sample: list[dict]) -> None:
    """The mojibake rule on clean, double-decoded and real text."""
    clean_changed = sum(
        mojibake.undo(text := r["title"] + "\n\n" + r["body"]) != (text, "") for r in records
    )
    print(f"clean VNTC articles changed by the mojibake rule: {clean_changed} of {len(records)}")
    for codec in ("sloppy-windows-1252", "latin-1"):
        outcome = {"restored": 0, "refused": 0, "missed": 0, "wrong": 0}
        for r in sample:
            text = unicodedata.normalize("NFC", r["title"] + "\n\n" + r["body"])
            undone = mojibake.undo(text.encode("utf-8").decode(codec))
            if undone is None:
                outcome["refused"] += 1
            elif not undone[1]:
                outcome["missed"] += 1
            else:
                outcome["restored" if undone[0] == text else "wrong"] += 1
        print(f"double-decoded as {codec}: {outcome}")
    pages = sorted(p for folder in REAL_PAGES for p in folder.glob("*.htm*"))
    changed = 0
    for page in pages:
        doc = read_document(page.parent, page)
        changed += isinstance(doc, RawDocument) and "double-decoded" in doc.repaired
    print(f"real pages repaired by the mojibake rule: {changed} of {len(pages)}")


if __name__ == "__main__":
    main()
