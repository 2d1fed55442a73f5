"""Title of one article (with a text file's date line), and the page metadata it is read from.

Two kinds of input: the lines of a text file (where the header is a title, maybe a kicker and
a date line), and a parsed HTML page (meta tags, canonical URL, then the headline element). The
year is never guessed from years mentioned in prose: it is the year of a real publication date
or unknown. Author and source are read in ``indexer.ingest.bylines``. All functions are pure;
rules are in ``indexer.ingest.rules``."""

from __future__ import annotations

import datetime as dt
import logging
import re

from lxml import etree
from lxml import html as lxml_html

from indexer.ingest import rules
from indexer.ingest.dates import parse_date_line
from indexer.text.analysis import INVISIBLE_CHARS

log = logging.getLogger(__name__)

# One C-level regex pass: str.translate with a dict looked every character up in Python and
# was a fifth of text-file extraction time.
INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE_CHARS)) + "]")
# Headline elements of CMSs that do not use <h1> for it (rules.TITLE_CLASSES).
TITLE_XPATH = " | ".join(
    f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {c} ')]"
    for c in rules.TITLE_CLASSES
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that may show a headline when neither a title class nor a confirmed <h1> does.
SHOWING_TAGS = (*sorted(HEADING_TAGS), "div", "p", "span", "strong", "b")
# A title shorter than this cannot be told from a site name or a section label.
MIN_TITLE_CHARS = 10
# A site name after the title separator is at most this long (`Sở GD&ĐT tỉnh Hà Giang`,
# `Báo Dân trí`); a longer tail is part of the title.
MAX_SITE_NAME_CHARS = 60
# A text that is one line longer than this is an article typed on one line, not a bare
# headline (the longest real headline in the seeds has 190 characters).
RUN_ON_MIN_CHARS = 200
# A one-line article without a title-sized first sentence is titled by this many words.
RUN_ON_TITLE_WORDS = 20
# A title longer than this is a paragraph (seed 004's real title is 190 characters).
MAX_TITLE_CHARS = 300
# The date line of a text file sits in its first few lines (seed 004: line 3 after `banner`
# and the title); further down a lone date is part of the body, not the header.
HEADER_LINES = 4
# Sentence-final punctuation: a line ending so is a paragraph, not a heading.
SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”")


def is_heading_like(line: str) -> bool:
    """A line that can be a title or kicker: short, not ending like a sentence, no sentence
    break inside (a 227-character VNTC paragraph without a final full stop is not a title)."""
    return (
        0 < len(line) <= MAX_TITLE_CHARS
        and not line.endswith(SENTENCE_END)
        and sentence_break(line) is None
    )


def sentence_break(line: str) -> int | None:
    """Offset just after the first sentence-final mark inside ``line``, or ``None``."""
    for m in rules.SENTENCE_BREAK.finditer(line):
        if m.group(1).islower() and m.group(2).isupper():
            return m.end(1) + 1
    return None


def split_run_on(line: str) -> tuple[str, str]:
    """Title and rest of a first line that is a paragraph (title and text typed as one line:
    1,550 VNTC texts): the first sentence when it is title-sized, else the first
    ``RUN_ON_TITLE_WORDS`` words. Indexing it with an imperfect title beats losing it."""
    end = sentence_break(line)
    if end is not None and end <= MAX_TITLE_CHARS:
        return line[:end].strip(), line[end:].strip()
    words = line.split()
    return " ".join(words[:RUN_ON_TITLE_WORDS]), " ".join(words[RUN_ON_TITLE_WORDS:])


def split_text_header(
    lines: list[str], today: dt.date | None = None
) -> tuple[str, dt.date | None, list[str]]:
    """Title, date and body lines of a text file whose furniture lines are already gone.

    The date is a date-only line among the first ``HEADER_LINES``. The title is the last of the
    heading-like lines before the first paragraph; earlier ones are kickers (seed 002:
    `Đảng bộ Sở Giáo dục và Đào tạo TP Cần Thơ` above the headline) and stay as the first body
    line, so the unit they name is still indexed. With no heading-like line, the first line.
    """
    published = None
    rest = list(lines)
    for i, line in enumerate(rest[:HEADER_LINES]):
        published = parse_date_line(line, today)
        if published:
            del rest[i]
            break
    run = 0
    while run < len(rest) - 1 and is_heading_like(rest[run]):
        run += 1
    one_long_line = len(rest) == 1 and len(rest[0]) > RUN_ON_MIN_CHARS
    paragraph_first = (
        bool(rest) and run == 0 and (len(rest[0]) > MAX_TITLE_CHARS or sentence_break(rest[0]))
    )
    if one_long_line or paragraph_first:
        title, lead = split_run_on(rest[0])  # a first line that is a paragraph: run-on title
        return title, published, [lead, *rest[1:]] if lead else rest[1:]
    if run == 0:
        return (rest[0] if rest else ""), published, rest[1:]
    title = rest[run - 1]
    return title, published, rest[: run - 1] + rest[run:]


# --- HTML ---------------------------------------------------------------------------------------


def meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """``property``/``name``/``itemprop`` -> ``content`` of the page's meta tags (first wins)."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        value = el.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), " ".join(value.split()))
    return found


def page_url(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> str | None:
    """The page's own address: ``<link rel=canonical>``, else ``og:url``."""
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            return el.get("href").strip()
    return meta.get("og:url")


def by_class(tree: etree._Element, classes: tuple[str, ...]) -> dict[str, list[etree._Element]]:
    """Elements carrying each class token (whole tokens), in ``classes`` order, then document
    order: one pass over the page instead of one XPath ``contains(concat(...))`` per class
    (those were a quarter of extraction time)."""
    wanted = frozenset(classes)
    found: dict[str, list[etree._Element]] = {c: [] for c in classes}
    for el in tree.iter():
        value = el.get("class") if isinstance(el.tag, str) else None
        if value:
            for token in wanted.intersection(value.split()):
                found[token].append(el)
    return found


def clean(text: str) -> str:
    """Whitespace-normalised text without invisible characters (a title's trailing U+200B)."""
    return " ".join(INVISIBLE.sub("", text).split())


def _tail_is_site_name(head: str, tail: str) -> bool:
    """``Title | Site`` or ``Title - Site``: a tail that is a short name, not a part of the title
    (`năm học 2020 - 2021`, `Hà Nội - Huế`)."""
    return (
        len(head) >= MIN_TITLE_CHARS
        and len(tail) <= MAX_SITE_NAME_CHARS
        and not any(ch.isdigit() for ch in tail)
        and len(tail) < len(head)
    )


def strip_site_name(text: str) -> str:
    """``<title>`` without a trailing site name after `|`, `-`, `–`, `—`, `::` or `»`."""
    parts = rules.TITLE_SEPARATOR.split(text)
    while len(parts) >= 3 and _tail_is_site_name("".join(parts[:-2]), parts[-1]):
        parts = parts[:-2]
    return "".join(parts)


def _prefix_of(short: str, long: str) -> bool:
    """``short`` is ``long`` cut short (an ``og:title`` truncated with or without an ellipsis)."""
    short = short.rstrip(" .…").casefold()
    return len(short) >= MIN_TITLE_CHARS and long.casefold().startswith(short)


def _showing(tree: lxml_html.HtmlElement, title: str) -> etree._Element | None:
    """The element that shows ``title`` (a heading first, never a link: related lists link to
    articles by their titles), so the date nearest it can be found."""
    key = title.casefold()
    found = None
    for el in tree.iter(*SHOWING_TAGS):
        if el.getparent() is not None and any(a.tag == "a" for a in el.iterancestors()):
            continue
        if clean(el.text_content()).casefold() == key:
            if el.tag in HEADING_TAGS:
                return el
            found = found if found is not None else el
    return found


def page_title(
    tree: lxml_html.HtmlElement, meta: dict[str, str]
) -> tuple[str, etree._Element | None]:
    """The headline and the element that shows it (``None`` when only metadata names it).

    Evidence, in order: the CMS's own headline element (``rules.TITLE_CLASSES``); an ``<h1>``
    that ``og:title`` or ``<title>`` confirms (equal, contained, or a cut-short prefix of it:
    the heading is then the whole title); ``og:title``; the first ``<h1>``; ``<title>``
    without its site name. A site-logo ``<h1>`` is confirmed by nothing and loses to og:title.
    """
    og = clean(meta.get("og:title", ""))
    titles = [clean(el.text_content()) for el in tree.iter("title")]
    full = titles[0] if titles else ""
    page = strip_site_name(full) if full else ""
    for el in (el for els in by_class(tree, rules.TITLE_CLASSES).values() for el in els):
        text = clean(el.text_content())
        if text and len(text) <= MAX_TITLE_CHARS:
            return text, el
    h1s = [(clean(el.text_content()), el) for el in tree.iter("h1")]
    h1s = [(text, el) for text, el in h1s if text and len(text) <= MAX_TITLE_CHARS]
    for text, el in h1s:
        if og and _prefix_of(text, og):
            return og, el  # the heading is cut short, the metadata has the whole title
        for other in (og, page, full):
            if other and (text.casefold() == other.casefold() or _prefix_of(other, text)):
                return text, el
            if other and len(text) >= MIN_TITLE_CHARS and text.casefold() in other.casefold():
                return text, el
    if og:
        return og, _showing(tree, og)
    if h1s:
        return h1s[0]
    return page, None
