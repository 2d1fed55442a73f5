"""Step 1 of HTML extraction: Vietnamese-portal furniture pruned from a parsed page.

Code and styles, then the furniture classes, ids and tags of ``indexer.ingest.rules``, inline
related-article links, and the blocks headed by ``rules.FURNITURE_HEADINGS``. Each step is
guarded: a step that would remove more than ``MAX_PRUNE_SHARE`` of the page text is not applied
(a class name matched the main column). Captions are turned into paragraphs on the way.
"""

from __future__ import annotations

import copy
import logging

from lxml import etree
from lxml import html as lxml_html

from indexer.ingest import metadata, rules
from indexer.ingest.body_lines import HEADING_KEYS, line_key, norm

log = logging.getLogger(__name__)

# A pruning step removing more than this share of the remaining page text hit the main column
# (e.g. a theme that puts class="share-content" on the article body), so it is not applied.
# Furniture on the sample portals is 20-45 % of a page's text; no single block exceeds 50 %.
MAX_PRUNE_SHARE = 0.5
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Containers of the whole page or the main column: never pruned by a class match.
PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
FURNITURE_XPATHS: tuple[str, ...] = (
    *(f"//*[@id='{i}']" for i in rules.FURNITURE_IDS),
    *(f"//{t}" for t in rules.FURNITURE_TAGS),
)


def _text_len(el: etree._Element) -> int:
    return len(norm(el.text_content())) if isinstance(el.tag, str) else 0


def _heading_elements(tree: lxml_html.HtmlElement) -> list[etree._Element]:
    """Elements that hold nothing but a furniture heading (`<h3>Tin liên quan</h3>`).

    Found through text nodes (one pass over the page), then climbed while the heading is the
    parent's only text (`<p class="h3"><strong>Những tin mới hơn</strong></p>`).
    """
    found: list[etree._Element] = []
    for node in tree.xpath("//text()[string-length(normalize-space()) > 0]"):
        key = line_key(str(node))
        if key not in HEADING_KEYS:
            continue
        el = node.getparent()
        if el is None or line_key(el.text_content()) != key:
            continue  # the heading words are only part of a sentence or tail text
        while el.getparent() is not None and line_key(el.getparent().text_content()) == key:
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
        own = norm(a.text_content())
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
            _remove_guarded(tree, _heading_block(heading), norm(heading.text_content()))
    return tree
