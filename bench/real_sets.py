"""Scoring on real Vietnamese material: ../shared/vi-pages-dev pages and ../shared VNTC texts.

Used by ``bench/extraction.py`` (one run, every system side by side); nothing here is copied into
the project, the sets are read where they lie.

- vi-pages-dev (its README): per article page, the ``with`` snippets found in a system's output
  are true positives, the missing ones false negatives, the ``without`` snippets found false
  positives; summed over pages into P/R/F1. Whitespace is collapsed on both sides. Also title
  and date accuracy, and whether each page (9 articles, 3 non-articles) was kept or skipped.
- VNTC: every record is a real news article. A sample is written in memory in the archive's
  ``.txt`` layout (as ``to_archive.py`` writes it), decoded and extracted by the real pipeline;
  what is skipped is counted by reason, and every skipped text that has a title and a paragraph
  of ``LONG_PARAGRAPH_CHARS``+ characters is listed: those must be indexed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.article import Article, Skipped
from indexer.ingest.archive import decode_document
from indexer.ingest.extract import extract

# Numbers in a skip detail (`title 0 / body 12 chars`) vary per text: counted as one reason.
DIGITS = re.compile(r"\d+")
# The bar: a text with a title and one paragraph this long is an article to index.
LONG_PARAGRAPH_CHARS = 150


def collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass
class PageScore:
    """Sums over the article pages of one system."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    titles: int = 0
    dates: int = 0
    articles: int = 0
    misses: list[str] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# A system on one page: (main text, title or None, date or None) from raw bytes and decoded text.
PageSystem = Callable[[bytes, str], tuple[str, str | None, dt.date | None]]


def ours_page(data: bytes, name: str) -> Article | Skipped:
    """The real pipeline on one saved page's bytes (decode, extract)."""
    doc = decode_document(name, "html", data)
    return doc if isinstance(doc, Skipped) else extract(doc)


def vi_pages(data_dir: Path) -> list[tuple[dict, bytes]]:
    lines = (data_dir / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [(r, (data_dir / r["html"]).read_bytes()) for r in records]


def score_vi_pages(
    pages: list[tuple[dict, bytes]], systems: dict[str, PageSystem]
) -> dict[str, PageScore]:
    """Snippet counts, titles and dates of every system over the article pages."""
    scores = {name: PageScore() for name in systems}
    for record, data in pages:
        if not record["is_article"]:
            continue
        for name, system in systems.items():
            text, title, date = system(data, record["html"])
            text = collapse(text)
            s = scores[name]
            s.articles += 1
            found = [w for w in record["with"] if collapse(w) in text]
            s.tp += len(found)
            s.fn += len(record["with"]) - len(found)
            s.fp += sum(collapse(w) in text for w in record["without"])
            if title is not None and collapse(title) == collapse(record["title"]):
                s.titles += 1
            elif title is not None:
                s.misses.append(f"{record['html']}: title {title!r}")
            if date is not None and date.isoformat() == record["publish_date"]:
                s.dates += 1
            elif date is not None or record.get("publish_date"):
                s.misses.append(f"{record['html']}: date {date}")
    return scores


def decisions(pages: list[tuple[dict, bytes]]) -> list[tuple[str, bool, str]]:
    """(page, is_article, our verdict) for every page: `indexed` or `skipped: reason`."""
    out = []
    for record, data in pages:
        result = ours_page(data, record["html"])
        verdict = (
            "indexed"
            if isinstance(result, Article)
            else f"skipped: {result.reason} ({result.detail})"
        )
        out.append((record["html"], record["is_article"], verdict))
    return out


# --- VNTC ----------------------------------------------------------------------------------------


def vntc_records(path: Path, limit: int, seed: int, keep_empty: bool) -> list[dict]:
    """A reproducible sample as ``to_archive.py --limit N --seed S`` draws it (0: every record)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if keep_empty or r["body"]]
    if limit and limit < len(records):
        records = random.Random(seed).sample(records, limit)
        records.sort(key=lambda r: r["id"])
    return records


def as_archive_text(record: dict) -> bytes:
    """The file ``to_archive.py`` writes for a record: title, blank line, paragraphs."""
    text = record["title"] + ("\n\n" + record["body"] if record["body"] else "")
    return text.encode("utf-8")


def must_index(record: dict) -> bool:
    """A text with a title and a paragraph of ``LONG_PARAGRAPH_CHARS``+ characters."""
    paragraphs = record["body"].split("\n\n") if record["body"] else []
    return bool(record["title"].strip()) and any(
        len(p.strip()) >= LONG_PARAGRAPH_CHARS for p in paragraphs
    )


def vntc_results(records: list[dict]) -> Iterator[tuple[dict, Article | Skipped]]:
    for record in records:
        rel = record["id"].replace("/", "_") + ".txt"
        doc = decode_document(rel, "text", as_archive_text(record))
        yield record, (doc if isinstance(doc, Skipped) else extract(doc))


def score_vntc(records: list[dict]) -> tuple[int, Counter[str], list[str], int]:
    """(texts, skip reasons, must-index texts that were skipped, articles with a date)."""
    reasons: Counter[str] = Counter()
    lost: list[str] = []
    dated = 0
    for record, result in vntc_results(records):
        if isinstance(result, Skipped):
            reasons[f"{result.reason}: {DIGITS.sub('N', result.detail) or '-'}"] += 1
            if must_index(record):
                lost.append(f"{record['id']} ({result.detail})")
        elif result.published:
            dated += 1
    return len(records), reasons, lost, dated
