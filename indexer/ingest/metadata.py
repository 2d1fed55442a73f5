"""Title, publication date, year, author and source of one article.

Two kinds of input: the lines of a text file (where the header is a title, maybe a kicker and
a date line), and a parsed HTML page (meta tags, then elements whose whole text is a date or a
labelled byline). The year is never guessed from years mentioned in prose: it is the year of a
real publication date or unknown. All functions are pure; rules are in ``indexer.ingest.rules``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable

from lxml import html as lxml_html

from indexer.ingest import rules

log = logging.getLogger(__name__)

# A title longer than this is a paragraph (seed 004's real title is 190 characters).
MAX_TITLE_CHARS = 300
# The date line of a text file sits in its first few lines (seed 004: line 3 after `banner`
# and the title); further down a lone date is part of the body, not the header.
HEADER_LINES = 4
# Labelled byline elements longer than this are prose that happens to start with the label.
MAX_LABEL_LINE_CHARS = 160
# Sentence-final punctuation: a line ending so is a paragraph, not a heading.
SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”")


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A valid date or ``None`` (``31/02`` on a page is a typo, not a crash)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_line(line: str) -> dt.date | None:
    """The date of a line that is nothing but a date (`Thứ sáu - 18/12/2020 02:09`)."""
    m = rules.DATE_LINE.match(" ".join(line.split()))
    if not m:
        return None
    return make_date(int(m["y"]), int(m["m"]), int(m["d"]))


def parse_iso_date(value: str) -> dt.date | None:
    """The date at the start of an ISO timestamp (`2020-06-15T06:20:00+07:00`)."""
    m = rules.DATE_ISO.match(value.strip())
    return make_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def bare_date(lead: str, context: str) -> dt.date | None:
    """Date a lead opening with a bare day/month (`Chiều 21/3, ...`) by the school year.

    The year comes only from `năm học A-B` in ``context`` (title and lead): months from
    August belong to A, earlier months to B. Without a school year the date stays unknown.
    """
    m = rules.BARE_DAY_MONTH.match(lead)
    school = rules.SCHOOL_YEAR.search(context)
    if not m or not school:
        return None
    first, second = int(school["a"]), int(school["b"])
    if second != first + 1:
        return None
    month = int(m["m"])
    year = first if month >= rules.SCHOOL_YEAR_FIRST_MONTH else second
    return make_date(year, month, int(m["d"]))


def is_heading_like(line: str) -> bool:
    """A line that can be a title or kicker: short, not ending like a sentence."""
    return 0 < len(line) <= MAX_TITLE_CHARS and not line.endswith(SENTENCE_END)


def split_text_header(lines: list[str]) -> tuple[str, dt.date | None, list[str]]:
    """Title, date and body lines of a text file whose furniture lines are already gone.

    The date is a date-only line among the first ``HEADER_LINES``. The title is the last of the
    heading-like lines before the first paragraph; earlier ones are kickers (seed 002:
    `Đảng bộ Sở Giáo dục và Đào tạo TP Cần Thơ` above the headline) and stay as the first body
    line, so the unit they name is still indexed. With no heading-like line, the first line.
    """
    published = None
    rest = list(lines)
    for i, line in enumerate(rest[:HEADER_LINES]):
        published = parse_date_line(line)
        if published:
            del rest[i]
            break
    run = 0
    while run < len(rest) - 1 and is_heading_like(rest[run]):
        run += 1
    if run == 0:
        return (rest[0] if rest else ""), published, rest[1:]
    title = rest[run - 1]
    return title, published, rest[: run - 1] + rest[run:]


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


def page_title(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> str:
    """``og:title``, else the first ``<h1>``, else ``<title>`` without a `| Site` suffix."""
    if meta.get("og:title"):
        return meta["og:title"]
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    for el in tree.iter("title"):
        text = " ".join(el.text_content().split())
        return re.split(r"\s+[|–—-]\s+", text)[0] if text else ""
    return ""


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


def page_date(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> dt.date | None:
    """Publication date: meta tags, then ``<time datetime>``, then a date-only element.

    ``tree`` must already be pruned of related-news lists: their `(dd/mm/yyyy)` items are
    other articles' dates (they never match a whole date-only element anyway).
    """
    for name in rules.DATE_META_NAMES:
        value = meta.get(name.lower())
        date = parse_iso_date(value) if value else None
        if date:
            return date
    for el in tree.iter("time"):
        date = parse_iso_date(el.get("datetime") or "")
        if date:
            return date
    for text in element_texts(tree):
        date = parse_date_line(text)
        if date:
            return date
    return None


def page_bylines(tree: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    """Author and source from labelled elements (`Tác giả: ...`, `Nguồn tin: ...`)."""
    author = source = None
    for text in element_texts(tree):
        a = rules.AUTHOR_LABELS.match(text)
        s = rules.SOURCE_LABELS.match(text)
        if a and author is None:
            author = _until_next_label(a.group(2))
        elif s and source is None:
            source = _until_next_label(s.group(2))
    return author, source


def _until_next_label(value: str) -> str:
    """A labelled value up to the next label (one element may hold `Tác giả: X Nguồn tin: Y`)."""
    return rules.NEXT_LABEL.split(value, maxsplit=1)[0].strip()
