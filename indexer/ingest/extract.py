"""One decoded archive file (``RawDocument``) to an ``Article``, or ``Skipped`` with a reason.

HTML, a numbered cascade:
1. prune Vietnamese-portal furniture (``rules.FURNITURE_CLASSES``, ids, tags and the blocks
   headed by ``rules.FURNITURE_HEADINGS``), each step guarded: a step that would remove more than
   ``MAX_PRUNE_SHARE`` of the page text is not applied (a class name matched the main column);
2. refuse listing pages, by evidence (``indexer.ingest.pagekind``: many title links and too
   little prose of the page's own; metadata and URL shape only move the bar);
3. main content by trafilatura on the pruned tree, comments stripped (tails kept): measured
   better than hand-written heuristics on ../shared/extraction-dev (bench/extraction.py);
4. the same line clean-up as text files: furniture lines, byline/source lines, lead prefix,
   repeated paragraphs and captions.
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

if TYPE_CHECKING:
    from indexer.ingest.archive import RawDocument

log = logging.getLogger(__name__)

# A pruning step removing more than this share of the remaining page text hit the main column
# (e.g. a theme that puts class="share-content" on the article body), so it is not applied.
# Furniture on the sample portals is 20-45 % of a page's text; no single block exceeds 50 %.
MAX_PRUNE_SHARE = 0.5
# Below this many characters of body there is no article (a caption-only or empty page). A
# title and one paragraph of 150 characters is an article (issue 10; VNTC's shortest real news).
MIN_BODY_CHARS = 150
# A text file in the archive was put there as an article: its bar is lower. The shortest real
# VNTC news briefs have 105-140 characters after the title; `banner` + a player line has none.
MIN_TEXT_BODY_CHARS = 100
# Paragraphs shorter than this are dropped only when repeated exactly, never by containment
# (a short line like `Ảnh: Sở GD&ĐT` is contained in prose by chance).
MIN_CONTAINED_CHARS = 40
# How many following paragraphs a repeated caption or lead is looked for in (captions repeat on
# the next line; a lead repeats as the next two paragraphs).
REPEAT_WINDOW = 3
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Headings under the title that hold a lead rather than a section title.
LEAD_HEADING_TAGS = frozenset({"h2", "h3", "h4"})
# A lead is a sentence or two; a section heading is shorter than this.
MIN_LEAD_CHARS = 60
# Containers of the whole page or the main column: never pruned by a class match.
PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def _norm(text: str) -> str:
    """Whitespace-normalised text without invisible characters (`U+200B` in a heading)."""
    return metadata.clean(text)


def _key(text: str) -> str:
    """Comparison key of a heading or furniture line: case-folded, no trailing colon."""
    return _norm(text).rstrip(" :").casefold()


HEADING_KEYS = frozenset(_key(h) for h in rules.FURNITURE_HEADINGS)
FURNITURE_XPATHS: tuple[str, ...] = (
    *(f"//*[@id='{i}']" for i in rules.FURNITURE_IDS),
    *(f"//{t}" for t in rules.FURNITURE_TAGS),
)


# --- 1. pruning ----------------------------------------------------------------------------------


def _text_len(el: etree._Element) -> int:
    return len(_norm(el.text_content())) if isinstance(el.tag, str) else 0


def _heading_elements(tree: lxml_html.HtmlElement) -> list[etree._Element]:
    """Elements that hold nothing but a furniture heading (`<h3>Tin liên quan</h3>`).

    Found through text nodes (one pass over the page), then climbed while the heading is the
    parent's only text (`<p class="h3"><strong>Những tin mới hơn</strong></p>`).
    """
    found: list[etree._Element] = []
    for node in tree.xpath("//text()[string-length(normalize-space()) > 0]"):
        key = _key(str(node))
        if key not in HEADING_KEYS:
            continue
        el = node.getparent()
        if el is None or _key(el.text_content()) != key:
            continue  # the heading words are only part of a sentence or tail text
        while el.getparent() is not None and _key(el.getparent().text_content()) == key:
            el = el.getparent()
        found.append(el)
    return found


def _heading_block(heading: etree._Element) -> list[etree._Element]:
    """The heading and its following siblings up to the next ``h1``-``h6``: the block it heads."""
    block = [heading]
    for sib in heading.itersiblings():
        if isinstance(sib.tag, str) and sib.tag in HEADING_TAGS:
            break
        block.append(sib)
    return block


def _remove_guarded(tree: lxml_html.HtmlElement, nodes: list[etree._Element], step: str) -> None:
    """Remove ``nodes`` unless together they hold more than ``MAX_PRUNE_SHARE`` of the text.

    Structural containers (``PROTECTED_TAGS``) are never removed: a theme's `<body
    class="one-sidebar">` matches a sidebar selector.
    """
    nodes = [n for n in nodes if isinstance(n.tag, str) and n.tag not in PROTECTED_TAGS]
    ids = {id(n) for n in nodes}
    # Count each node once: skip nodes nested in another node of the same step.
    tops = [n for n in nodes if not any(id(a) in ids for a in n.iterancestors())]
    if not tops:
        return
    removed = sum(_text_len(n) for n in tops)
    total = _text_len(tree)
    if total and removed > MAX_PRUNE_SHARE * total:
        log.info("pruning step %r reverted: it removed %d of %d characters", step, removed, total)
        return
    for node in tops:
        node.drop_tree()


def _attached(node: etree._Element, tree: etree._Element) -> bool:
    """``node`` is still in ``tree`` (not inside a block an earlier step dropped)."""
    return node is tree or any(a is tree for a in node.iterancestors())


def _drop_related_links(tree: lxml_html.HtmlElement) -> None:
    """Inline related-article links (`>> <a>Tiêu đề khác</a>`) out, with their marker.

    The marker stands in the link's text or right before it (the parent's text or the previous
    sibling's tail); the prose around the link stays.
    """
    markers = rules.RELATED_LINK_MARKERS
    for a in list(tree.iter("a")):
        own = _norm(a.text_content())
        prev = a.getprevious()
        before = (prev.tail if prev is not None else a.getparent().text) or ""
        if own.startswith(markers):
            a.drop_tree()
        elif before.rstrip().endswith(markers) and own:
            cut = before.rstrip()
            for marker in markers:
                cut = cut.removesuffix(marker)
            if prev is not None:
                prev.tail = cut
            else:
                a.getparent().text = cut
            a.drop_tree()


def prune(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A copy of ``tree`` without Vietnamese-portal furniture (see ``rules``).

    Code and styles go first, unguarded: they are never text, and counting them would let the
    guard accept removing the whole visible page.
    """
    tree = copy.deepcopy(tree)
    for node in tree.xpath("//script|//style|//noscript|//template"):
        node.drop_tree()
    for cls, nodes in metadata.by_class(tree, rules.FURNITURE_CLASSES).items():
        # A node inside a block an earlier step removed is gone already.
        _remove_guarded(tree, [n for n in nodes if _attached(n, tree)], f"class {cls}")
    for xpath in FURNITURE_XPATHS:
        _remove_guarded(tree, tree.xpath(xpath), xpath)
    # Captions are article text (they name people and units) that trafilatura's text output
    # drops: turn them into paragraphs; drop_repeats() removes a caption printed twice.
    for node in tree.xpath(rules.CAPTION_XPATH):
        node.tag = "div" if node.tag == "figure" else "p"
        node.attrib.pop("class", None)  # trafilatura discards class*="caption"
    _drop_related_links(tree)
    for heading in _heading_elements(tree):
        if heading.getparent() is not None:  # not inside a block removed just before
            _remove_guarded(tree, _heading_block(heading), _norm(heading.text_content()))
    return tree


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


# --- 4. lines ------------------------------------------------------------------------------------


# The furniture line patterns as one alternation: one regex call a line instead of one per rule.
FURNITURE_LINE_RE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in rules.FURNITURE_LINE_PATTERNS), re.IGNORECASE
)


def is_furniture_line(line: str) -> bool:
    return _key(line) in rules.FURNITURE_LINES or FURNITURE_LINE_RE.match(line) is not None


def clean_lines(text: str) -> list[str]:
    """Non-empty, whitespace-normalised lines without furniture.

    Everything after a furniture heading (`Ý kiến bạn đọc`, `Những tin cũ hơn`, ...) in the
    second half of the text is furniture too: related lists, comments, counters (seed 004).
    """
    lines = [_norm(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines):
        if i >= len(lines) // 2 and _key(line) in HEADING_KEYS:
            lines = lines[:i]
            break
    return [line for line in lines if not is_furniture_line(line)]


def drop_repeats(paragraphs: list[str]) -> list[str]:
    """Each paragraph once: drop one repeated verbatim or contained in the next few paragraphs.

    Seed 003 repeats each caption on the next line; seed 000's lead equals its next two
    paragraphs joined. The earlier copy goes, so captions stay next to the text they follow.
    Only the next ``REPEAT_WINDOW`` paragraphs are compared: interviews legitimately repeat a
    question pages apart (measured on extraction-dev: a whole-body rule lost 4 % recall there).
    """
    kept = list(paragraphs)
    i = 0
    while i < len(kept):
        para = kept[i]
        ahead = kept[i + 1 : i + 1 + REPEAT_WINDOW]
        if para in ahead or (
            len(para) >= MIN_CONTAINED_CHARS and para.casefold() in " ".join(ahead).casefold()
        ):
            del kept[i]
        else:
            i += 1
    return kept


def finish_body(lines: list[str], title: str) -> tuple[list[str], str | None, str | None]:
    """Byline, source, date and title lines out of the body; repeats dropped."""
    author, source, lines = bylines.take_bylines(lines)
    lines = [ln for ln in lines if ln != title and dates.parse_date_line(ln) is None]
    if lines:
        prefix_source, lead = bylines.take_lead_prefix(lines[0])
        source = source or prefix_source
        lines[0] = lead
    return drop_repeats([ln for ln in lines if ln]), author, source


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
        text = _norm(node.text_content())
        if text:
            return text
    if title_el is None:
        return ""
    for node in title_el.itersiblings():
        if not isinstance(node.tag, str):
            continue
        text = _norm(node.text_content())
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
