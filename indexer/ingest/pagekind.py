"""Article or not: is a saved page one article, or a listing (home page, category, documents)?

Why evidence and not a verdict: on real pages ``og:type=article`` decides nothing (real article
pages often lack it, a real news home page declares it), and real article pages are link-dense
(related, most-read and "tin khác" lists). Skipping a real article is the worst outcome, so a
page is refused only when it has the shape of a listing AND no article of its own:

- **own prose**: text in paragraphs of ``PROSE_MIN_CHARS``+ with little link text, not counting
  teasers (a paragraph in a small block that also holds another article's title link). An
  article has a body of its own; a listing's prose is teasers;
- **title links**: distinct links that read as article titles (``TITLE_LINK_MIN_WORDS``+ words);
- metadata (og:type, JSON-LD Article, an article date) and the URL's shape move the prose bar
  down or up, never decide alone.

The page given is already pruned of Vietnamese-portal furniture (``indexer.ingest.prune``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from indexer.ingest.dates import is_article_type, jsonld_objects

# A link text of at least this many words reads as an article title, not a menu item.
TITLE_LINK_MIN_WORDS = 6
# A page with fewer distinct title links than this is never a listing (category pages show
# 10-20 teasers; real article pages keep 0-30 links of related and most-read lists).
LISTING_MIN_LINKS = 8
# A paragraph of prose: at least this many characters of its own text...
PROSE_MIN_CHARS = 50
# ...of which at most this share is link text.
PROSE_MAX_LINK_SHARE = 0.3
# A teaser's block (title link + summary + date) holds at most this many characters; an
# article's content block is larger than this with a single related link in it.
TEASER_BLOCK_MAX_CHARS = 700
# The page itself is never a teaser's block (a short article on a small page).
PAGE_TAGS = frozenset({"body", "html"})
# How many ancestors up a paragraph's teaser block is looked for.
TEASER_DEPTH = 3
# Own prose a listing-shaped page must have to be an article (characters). Calibrated on
# ../shared/vi-pages-dev (articles: >= 1,000; home, category and document pages: < 300) and the
# 181 articles of ../shared/extraction-dev (see bench/extraction.py).
ARTICLE_MIN_PROSE = 400
# With article evidence (og:type article, JSON-LD Article, article URL) the bar is lower; with a
# listing-shaped URL higher.
ARTICLE_MIN_PROSE_WITH_EVIDENCE = 200
ARTICLE_MIN_PROSE_LISTING_URL = 800
# A page with many title links needs more prose of its own: this many characters per link
# (extraction-dev articles: at least 12 per link, with 53 links; the vi-pages-dev home page: 3
# per link, with 143 links).
PROSE_PER_TITLE_LINK = 6
PROSE_BARS = {
    -1: ARTICLE_MIN_PROSE_LISTING_URL,
    0: ARTICLE_MIN_PROSE,
    1: ARTICLE_MIN_PROSE_WITH_EVIDENCE,
    2: ARTICLE_MIN_PROSE_WITH_EVIDENCE // 2,
}
INLINE_TAGS = frozenset(
    {
        "a",
        "b",
        "i",
        "u",
        "em",
        "strong",
        "span",
        "font",
        "sup",
        "sub",
        "small",
        "big",
        "br",
        "img",
        "abbr",
        "cite",
        "code",
        "mark",
        "q",
        "s",
        "strike",
        "time",
        "label",
    }
)
# URL shapes of listings (category, tag, paging, home) and of articles (a long slug, an id).
LISTING_URL = re.compile(
    r"(^[a-z]+://[^/]+/?|/index\.html?|/default\.aspx|/(category|categories|chuyen-muc|tag|tags|page|trang)/[^/]*"
    r"|[?&](page|p|trang)=\d+)$",
    re.IGNORECASE,
)
ARTICLE_URL = re.compile(r"([a-z0-9]+-){4,}[a-z0-9]+(\.html?|/)?$|[/-]\d{5,}(\.html?)?$", re.I)


@dataclass(frozen=True)
class PageKind:
    """The decision and the evidence behind it (the evidence is the skip reason's detail)."""

    is_article: bool
    title_links: int
    own_prose: int
    evidence: tuple[str, ...]

    def detail(self) -> str:
        return f"{self.title_links} title links, {self.own_prose} chars of own prose" + (
            f"; {', '.join(self.evidence)}" if self.evidence else ""
        )


def _own_text(el: etree._Element) -> tuple[int, int]:
    """(characters, link characters) of an element's text outside its block children."""
    chars = links = 0

    def walk(node: etree._Element, in_link: bool) -> None:
        nonlocal chars, links
        n = len((node.text or "").strip())
        chars += n
        links += n if in_link else 0
        for child in node:
            if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
                walk(child, in_link or child.tag == "a")
            t = len((child.tail or "").strip())
            chars += t
            links += t if in_link else 0

    walk(el, el.tag == "a")
    return chars, links


def _title_links(tree: lxml_html.HtmlElement) -> set[etree._Element]:
    return {a for a in tree.iter("a") if len(a.text_content().split()) >= TITLE_LINK_MIN_WORDS}


def _paragraphs(block: etree._Element) -> int:
    """How many prose paragraphs a block holds."""
    count = 0
    for el in block.iter():
        if isinstance(el.tag, str) and el.tag not in INLINE_TAGS:
            chars, link_chars = _own_text(el)
            count += chars >= PROSE_MIN_CHARS and link_chars <= PROSE_MAX_LINK_SHARE * chars
    return count


def _is_teaser(
    el: etree._Element, links: set[etree._Element], blocks: dict[etree._Element, bool | None]
) -> bool:
    """The paragraph is the one summary in a small block with another article's title link.

    A short article whose block holds a title-like link (`CLICK FOR FULL RESULTS ...`) has
    several paragraphs there: not a teaser. ``blocks`` memoises each ancestor's verdict
    (``None``: no title link in it), so a long article's container is read once, not once per
    paragraph.
    """
    block = el
    for _ in range(TEASER_DEPTH):
        block = block.getparent()
        if block is None or block.tag in PAGE_TAGS:
            return False
        if block not in blocks:
            blocks[block] = _teaser_block(block, links)
        if blocks[block] is not None:
            return bool(blocks[block])
    return False


def _teaser_block(block: etree._Element, links: set[etree._Element]) -> bool | None:
    if not any(a in links for a in block.iter("a")):
        return None
    small = len(" ".join(block.text_content().split())) <= TEASER_BLOCK_MAX_CHARS
    return small and _paragraphs(block) <= 1


def own_prose(tree: lxml_html.HtmlElement, links: set[etree._Element]) -> int:
    """Characters of prose paragraphs that are not teasers."""
    total = 0
    blocks: dict[etree._Element, bool | None] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in INLINE_TAGS:
            continue
        chars, link_chars = _own_text(el)
        if chars < PROSE_MIN_CHARS or link_chars > PROSE_MAX_LINK_SHARE * chars:
            continue
        if not _is_teaser(el, links, blocks):
            total += chars
    return total


def article_metadata(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> tuple[str, ...]:
    """The page's metadata that claims it is an article (evidence, not a verdict)."""
    found = []
    if meta.get("og:type", "").lower() == "article":
        found.append("og:type=article")
    if any(is_article_type(obj) for obj in jsonld_objects(tree)):
        found.append("JSON-LD Article")
    if meta.get("article:published_time"):
        found.append("article:published_time")
    return tuple(found)


def classify(
    tree: lxml_html.HtmlElement, article_meta: tuple[str, ...], url: str | None
) -> PageKind:
    """Article or listing from the pruned page, its article metadata and its URL.

    ``article_meta`` names the metadata that claims an article (`og:type=article`,
    `JSON-LD NewsArticle`, `article:published_time`); it lowers the prose bar.
    """
    links = _title_links(tree)
    titles = len({" ".join(a.text_content().split()) for a in links})
    prose = own_prose(tree, links)
    evidence = list(article_meta)
    weight = 1 if article_meta else 0  # each piece of evidence moves the bar one step
    path = (url or "").split("#")[0]
    if path and LISTING_URL.search(path):
        evidence.append("listing-shaped URL")
        weight -= 1
    elif path and ARTICLE_URL.search(path):
        evidence.append("article-shaped URL")
        weight += 1
    bar = PROSE_BARS[max(-1, min(2, weight))]
    is_article = titles < LISTING_MIN_LINKS or prose >= max(bar, PROSE_PER_TITLE_LINK * titles)
    return PageKind(is_article, titles, prose, tuple(evidence))
