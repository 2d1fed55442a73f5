"""Main-text extraction benchmark: ours beside trafilatura, jusText, readability-lxml, naive.

Reads ../shared/extraction-dev/ (181 real pages with reference main text; never copied into the
project) and scores every system in one run with that set's scheme (its README):
- 4-gram shingles of lowercased ``\\w+`` tokens; per page TP/FP/FN counts (multiset) normalised
  to sum 1; precision averaged over pages with output, recall over pages with a reference,
  F1 the harmonic mean of the two averages;
- bag-of-tokens precision/recall/F1 per page, averaged over pages.
Prints a table with ms/page. Usage: ``python bench/extraction.py [--data DIR] [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import justext  # noqa: E402
import trafilatura  # noqa: E402
from lxml import html as lxml_html  # noqa: E402
from readability import Document  # noqa: E402

from indexer.ingest.extract import html_main_text, parse_html  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "extraction-dev"
SHINGLE = 4
TOKEN = re.compile(r"\w+")
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
# jusText needs a stop-word list per language; these are the set's languages it ships.
JUSTEXT_LANGS = {
    "en": "English",
    "pt": "Portuguese",
    "ru": "Russian",
    "de": "German",
    "it": "Italian",
    "id": "Indonesian",
    "ko": "Korean",
    "ja": "Japanese",
}


def decode(raw: bytes) -> str:
    """Page bytes to text: declared charset, else UTF-8 (the set is mostly UTF-8)."""
    m = CHARSET.search(raw[:4096])
    for enc in ([m.group(1).decode("ascii", "replace")] if m else []) + ["utf-8"]:
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def shingles(text: str) -> Counter[tuple[str, ...]]:
    toks = tokens(text)
    return Counter(tuple(toks[i : i + SHINGLE]) for i in range(max(0, len(toks) - SHINGLE + 1)))


def match(ref: Counter, pred: Counter) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of two multisets."""
    tp = sum((ref & pred).values())
    fp = sum((pred - ref).values())
    fn = sum((ref - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(pairs: list[tuple[Counter, Counter]]) -> tuple[float, float, float]:
    """Benchmark P/R/F1: precision over pages with output, recall over pages with a reference."""
    precisions, recalls = [], []
    for ref, pred in pairs:
        tp, fp, fn = match(ref, pred)
        if pred:
            precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        if ref:
            recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bag_prf(pairs: list[tuple[Counter, Counter]]) -> tuple[float, float, float]:
    """Bag-of-tokens P/R/F1 per page, averaged over pages."""
    ps, rs, fs = [], [], []
    for ref, pred in pairs:
        tp = sum((ref & pred).values())
        p = tp / sum(pred.values()) if pred else 0.0
        r = tp / sum(ref.values()) if ref else 0.0
        ps.append(p)
        rs.append(r)
        fs.append(2 * p * r / (p + r) if p + r else 0.0)
    return statistics.fmean(ps), statistics.fmean(rs), statistics.fmean(fs)


def naive(html: str, lang: str) -> str:
    tree = parse_html(html)
    if tree is None:
        return ""
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    body = tree.find("body")
    return (body if body is not None else tree).text_content()


def run_trafilatura(html: str, lang: str) -> str:
    return trafilatura.extract(html) or ""


def run_justext(html: str, lang: str) -> str:
    stoplist = justext.get_stoplist(JUSTEXT_LANGS.get(lang, "English"))
    paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def run_readability(html: str, lang: str) -> str:
    summary = Document(html).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


def run_ours(html: str, lang: str) -> str:
    return html_main_text(html)


SYSTEMS: dict[str, Callable[[str, str], str]] = {
    "ours": run_ours,
    "trafilatura": run_trafilatura,
    "readability-lxml": run_readability,
    "jusText": run_justext,
    "naive <body> text": naive,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="first N pages only")
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in (args.data / "ground_truth.jsonl").open()]
    if args.limit:
        records = records[: args.limit]
    pages = [(decode((args.data / r["html"]).read_bytes()), r.get("lang", "en")) for r in records]
    refs = [r["body"] for r in records]
    print(f"{len(pages)} pages from {args.data}")
    print(
        f"{'system':<20}{'P':>7}{'R':>7}{'F1':>7}  {'bagP':>6}{'bagR':>6}{'bagF1':>6}{'ms/page':>9}"
    )
    for name, system in SYSTEMS.items():
        outputs, start = [], time.perf_counter()
        for html, lang in pages:
            try:
                outputs.append(system(html, lang))
            except Exception:
                outputs.append("")
        ms = (time.perf_counter() - start) * 1000 / len(pages)
        sh = [(shingles(ref), shingles(out)) for ref, out in zip(refs, outputs, strict=True)]
        bag = [
            (Counter(tokens(ref)), Counter(tokens(out)))
            for ref, out in zip(refs, outputs, strict=True)
        ]
        p, r, f = prf(sh)
        bp, br, bf = bag_prf(bag)
        print(f"{name:<20}{p:7.3f}{r:7.3f}{f:7.3f}  {bp:6.3f}{br:6.3f}{bf:6.3f}{ms:9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
