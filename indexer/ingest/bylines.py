"""Author and source of one article: labelled lines and a trailing signature of a text body,
a source named at the start of the lead, and labelled elements of an HTML page.

All functions are pure; rules are in ``indexer.ingest.rules``. Title and page metadata are in
``indexer.ingest.metadata``.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import html as lxml_html

from indexer.ingest import rules

# Labelled byline elements longer than this are prose that happens to start with the label.
MAX_LABEL_LINE_CHARS = 160


def take_bylines(lines: list[str]) -> tuple[str | None, str | None, list[str]]:
    """Author and source from labelled lines (`Tác giả:`, `Nguồn tin:`) or a trailing signature.

    Returns ``(author, source, remaining lines)``: the byline lines leave the body.
    """
    author = source = None
    kept: list[str] = []
    for line in lines:
        a = rules.AUTHOR_LABELS.match(line)
        s = rules.SOURCE_LABELS.match(line)
        if a and len(line) <= MAX_LABEL_LINE_CHARS:
            author = a.group(2).strip()
        elif s and len(line) <= MAX_LABEL_LINE_CHARS:
            source = s.group(2).strip()
        else:
            kept.append(line)
    if author is None and kept and is_signature(kept[-1]):
        author = kept.pop()
    return author, source, kept


def is_signature(line: str) -> bool:
    """A trailing line that is only a name (`B.Ngọc`, `Mai Hương`)."""
    return len(line) <= rules.MAX_SIGNATURE_CHARS and bool(rules.SIGNATURE.match(line))


def take_lead_prefix(lead: str) -> tuple[str | None, str]:
    """Source named at the start of the lead (`GD&TĐ - ...`) and the lead without it.

    A site-name prefix (`Dienbien.edu.vn: ...`) is removed but is not the source: the page
    names its source on a `Nguồn tin:` line when it has one.
    """
    m = rules.SOURCE_PREFIX.match(lead)
    if m:
        return m["src"], lead[m.end() :]
    m = rules.SITE_PREFIX.match(lead)
    if m:
        return None, lead[m.end() :]
    return None, lead


# Page chrome, where a date is today's date or a copyright year, not the article's: nav,
# footer, and a header that is not an article's own header.
OUTSIDE_CHROME = (
    "//body//*[not(ancestor-or-self::nav) and not(ancestor-or-self::footer)"
    " and not(ancestor-or-self::header[not(ancestor::article)])]"
)


def element_texts(tree: lxml_html.HtmlElement) -> Iterable[str]:
    """Whitespace-normalised text of every element with little text outside the page chrome."""
    for el in tree.xpath(OUTSIDE_CHROME):
        if not isinstance(el.tag, str):
            continue
        text = " ".join(el.text_content().split())
        if 0 < len(text) <= MAX_LABEL_LINE_CHARS:
            yield text


def page_bylines(tree: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    """Author and source from labelled elements (`Tác giả: ...`, `Nguồn tin: ...`)."""
    author = source = None
    for text in element_texts(tree):
        a = rules.AUTHOR_LABELS.match(text)
        s = rules.SOURCE_LABEL_IN_LINE.search(text)
        if a and author is None:
            author = _until_next_label(a.group(2))
        if s and source is None:
            source = _until_next_label(s.group(2))
    return author, source


def _until_next_label(value: str) -> str:
    """A labelled value up to the next label (one element may hold `Tác giả: X Nguồn tin: Y`)."""
    return rules.NEXT_LABEL.split(value, maxsplit=1)[0].strip()
