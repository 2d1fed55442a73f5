"""One decoded archive file (``RawDocument``) to an ``Article``, or ``Skipped`` with a reason.

HTML, a numbered cascade:
1. prune Vietnamese-portal furniture (``indexer.ingest.prune``: classes, ids, tags and the blocks
   headed by ``rules.FURNITURE_HEADINGS``), each step guarded: a step that would remove more than
   ``MAX_PRUNE_SHARE`` of the page text is not applied (a class name matched the main column);
2. refuse listing pages, by evidence (``indexer.ingest.pagekind``: many title links and too
   little prose of the page's own; metadata and URL shape only move the bar);
3. main content by trafilatura on the pruned tree, comments stripped (tails kept): measured
   better than hand-written heuristics on ../shared/extraction-dev (bench/extraction.py);
4. the same line clean-up as text files (``indexer.ingest.body_lines``): furniture lines,
   byline/source lines, lead prefix, repeated paragraphs and captions.
Metadata (title, date, URL) comes from the page itself (meta tags, h1, date elements), with the
related-news lists already pruned so their titles and dates cannot leak.

Text files: furniture lines out, header (title, kicker, date line) split off, then step 4.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from typing import TYPE_CHECKING

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from indexer.article import Article, Skipped
from indexer.enrich.units import find_units
from indexer.ingest import bylines, dates, metadata, pagekind, rules
from indexer.ingest.body_lines import clean_lines, finish_body, norm
from indexer.ingest.prune import prune

if TYPE_CHECKING:
    from indexer.ingest.archive import RawDocument

log = logging.getLogger(__name__)

# Below this many characters of body there is no article (a caption-only or empty page). A
# title and one paragraph of 150 characters is an article (issue 10; VNTC's shortest real news).
MIN_BODY_CHARS = 150
# A text file in the archive was put there as an article: its bar is lower. The shortest real
# VNTC news briefs have 105-140 characters after the title; `banner` + a player line has none.
MIN_TEXT_BODY_CHARS = 100
# Headings under the title that hold a lead rather than a section title.
LEAD_HEADING_TAGS = frozenset({"h2", "h3", "h4"})
# A lead is a sentence or two; a section heading is shorter than this.
MIN_LEAD_CHARS = 60
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


# --- 2.-3. main content --------------------------------------------------------


def parse_html(text: str) -> lxml_html.HtmlElement | None:
    """The page as an lxml tree, or ``None`` when there is nothing to parse."""
    text = XML_DECLARATION.sub("", text)
    if not text.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
    # Comments out, their tail text kept: trafilatura handed a tree with `<!--StartFragment-->`
    # (Word paste) in it drops the paragraphs after it (6 of 25 real Vietnamese pages).
    etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)
    return tree


def main_text(tree: lxml_html.HtmlElement) -> str:
    """Main text of an already pruned page, paragraphs on their own lines."""
    text = trafilatura.extract(
        copy.deepcopy(tree),
        output_format="txt",
        # Comments are not the article; dropping them gained 0.004 F1 on extraction-dev.
        include_comments=False,
        # Recall mode keeps NukeViet's lead (`hometext`), which precision mode drops.
        favor_recall=True,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        # No readability/jusText fallback: trafilatura's own comparison with them lost 0.004
        # F1 on extraction-dev (0.956 vs 0.960) and changed nothing on vi-pages-dev.
        fast=True,
    )
    return text or ""


def html_main_text(html: str) -> str:
    """Body text of an HTML page: the whole cascade without metadata (used by the benchmark)."""
    tree = parse_html(html)
    if tree is None:
        return ""
    return "\n".join(clean_lines(main_text(prune(tree))))


# --- the entry points ----------------------------------------------------------------------------


def extract(doc: RawDocument, today: dt.date | None = None) -> Article | Skipped:
    """The article in one decoded file, or why there is none.

    ``today`` bounds publication dates (a later date is an announced event, not when the
    article appeared); the build passes nothing and gets the real date, tests pass a fixed one.
    """
    today = today or dt.date.today()
    if doc.kind == "html":
        return _extract_html(doc, today)
    lines = clean_lines(doc.text)
    if not lines:
        return Skipped(doc.path, "empty")
    title, published, body = metadata.split_text_header(lines, today)
    return _article(doc, title, published, body, url=None)


def _extract_html(doc: RawDocument, today: dt.date) -> Article | Skipped:
    tree = parse_html(doc.text)
    if tree is None:
        return Skipped(doc.path, "empty")
    meta = metadata.meta_tags(tree)
    url = metadata.page_url(tree, meta)
    pruned = prune(tree)
    kind = pagekind.classify(pruned, pagekind.article_metadata(tree, meta), url or doc.path)
    if not kind.is_article:
        return Skipped(doc.path, "not an article", f"listing page: {kind.detail()}")
    title, title_el = metadata.page_title(pruned, meta)
    author, source = bylines.page_bylines(pruned)
    lines = clean_lines(main_text(pruned))
    lead = _lead(pruned, title_el)
    if lead and not any(lead in line for line in lines):
        lines.insert(0, lead)
    published = dates.page_date(tree, pruned, meta, title_el, today)
    article = _article(doc, title, published, lines, url=url)
    if isinstance(article, Skipped):
        return article
    return Article(
        **{
            **article.__dict__,
            "author": article.author or author,
            "source": source or article.source,
        }
    )


def _lead(tree: lxml_html.HtmlElement, title_el: etree._Element | None) -> str:
    """The page's lead, which trafilatura may leave out: a marked lead (`hometext`, `sapo`),
    else a heading right under the title that reads as a sentence (Dân trí, Zing, Soha set the
    lead in an `<h2>` without a class)."""
    for node in (n for ns in metadata.by_class(tree, rules.LEAD_CLASSES).values() for n in ns):
        text = norm(node.text_content())
        if text:
            return text
    if title_el is None:
        return ""
    for node in title_el.itersiblings():
        if not isinstance(node.tag, str):
            continue
        text = norm(node.text_content())
        if node.tag in LEAD_HEADING_TAGS and len(text) >= MIN_LEAD_CHARS:
            return text
        if len(text) >= MIN_LEAD_CHARS:
            break  # the body has started
    return ""


def _article(
    doc: RawDocument, title: str, published: dt.date | None, lines: list[str], url: str | None
) -> Article | Skipped:
    body_lines, author, source = finish_body(lines, title)
    body = "\n\n".join(body_lines)
    if not title or len(body) < (MIN_TEXT_BODY_CHARS if doc.kind == "text" else MIN_BODY_CHARS):
        return Skipped(doc.path, "not an article", f"title {len(title)} / body {len(body)} chars")
    if published is None and body_lines:
        published = dates.bare_date(body_lines[0], f"{title}\n{body_lines[0]}")
    return Article(
        path=doc.path,
        title=title,
        body=body,
        published=published,
        year=published.year if published else None,
        author=author,
        source=source,
        units=tuple(find_units(title, body)),
        url=url,
        encoding=doc.encoding,
    )
