"""The article's own publication date: from a line, a page's metadata, or the element by its title.

Why a module of its own: real pages carry many dates (sidebar items, "tin khác" lists, the
footer's copyright year, today's date in the header), and the first date on a page is often
not the article's (../shared/pitfalls.md). The order of evidence, most trusted first:
1. JSON-LD ``datePublished`` of an Article-like object, then the meta tags of
   ``rules.DATE_META_NAMES``;
2. a date-only or labelled date element (`Thứ Năm, 23/09/2021 14:30 (GMT+7)`, `Ngày đăng: ...`)
   nearest the title element in document order, never one inside a link or a list item
   (sidebars and related lists are lists of links with dates);
3. ``<time datetime>`` nearest the title.
A date before ``rules.EARLIEST_YEAR`` or after ``today`` is not a publication date.
Patterns are data in ``indexer.ingest.rules``; every function here is pure (``today`` is passed).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from indexer.ingest import rules

log = logging.getLogger(__name__)

# An element with more text than this is prose or a block, not a date line or byline.
MAX_DATE_ELEMENT_CHARS = 160
# A date element this many elements (document order) or more away from the title belongs to
# another part of the page. The VNPT portal's date sits 2 elements before its header; NukeViet's
# date line 3-6 after the h1; sidebars are hundreds of elements away.
MAX_TITLE_DISTANCE = 60
# Elements that hold other articles' dates: links and list items (sidebars, "tin khác").
LISTY = frozenset({"a", "li"})
# Page chrome, where a date is today's date or a copyright year, not the article's: nav,
# footer, and a header that is not an article's own header.
CHROME = frozenset({"nav", "footer"})
# A list item (link + date + maybe a summary) holds at most this many characters.
ITEM_MAX_CHARS = 400
# A link with this many words is another article's title (a menu item has fewer).
TITLE_LINK_MIN_WORDS = 6


def make_date(year: int, month: int, day: int, today: dt.date | None = None) -> dt.date | None:
    """A plausible publication date or ``None``: ``31/02`` is a typo, 1930 or a future date is
    something else (a founding year, an event being announced)."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if date.year < rules.EARLIEST_YEAR or (today is not None and date > today):
        return None
    return date


def _from_match(m: Any, today: dt.date | None) -> dt.date | None:
    """The date of a match of ``rules.ANY_DATE`` (whichever of its three forms matched)."""
    for d, mo, y in (("d", "m", "y"), ("d2", "m2", "y2"), ("d3", "m3", "y3")):
        if m.group(y):
            return make_date(int(m[y]), int(m[mo]), int(m[d]), today)
    return None


def parse_date_line(line: str, today: dt.date | None = None) -> dt.date | None:
    """The date of a line that is nothing but a date (`Thứ sáu - 18/12/2020 02:09`)."""
    m = rules.DATE_LINE.match(" ".join(line.split()))
    return _from_match(m, today) if m else None


def labelled_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """A date the text labels as the article's (`Tác giả: X | Ngày đăng: 23/09/2021`)."""
    m = rules.LABELLED_DATE.search(" ".join(text.split()))
    return _from_match(m, today) if m else None


def parse_iso_date(value: str, today: dt.date | None = None) -> dt.date | None:
    """The date at the start of an ISO timestamp (`2020-06-15T06:20:00+07:00`)."""
    m = rules.DATE_ISO.match(value.strip())
    return make_date(int(m["y"]), int(m["m"]), int(m["d"]), today) if m else None


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


# --- metadata ------------------------------------------------------------------------------------


def jsonld_objects(tree: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's ``application/ld+json`` scripts (``@graph`` unrolled).

    Broken JSON (common: trailing commas, HTML entities) is skipped, not fatal.
    """
    for script in tree.xpath("//script[contains(@type, 'ld+json')]"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(v for k, v in item.items() if k == "@graph")
                yield item


def is_article_type(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in rules.JSONLD_ARTICLE_TYPES for k in kinds)


def metadata_date(
    tree: lxml_html.HtmlElement, meta: dict[str, str], today: dt.date | None
) -> dt.date | None:
    """JSON-LD ``datePublished`` of an article object, else the first date meta tag."""
    for obj in jsonld_objects(tree):
        value = obj.get("datePublished")
        if is_article_type(obj) and isinstance(value, str):
            date = parse_iso_date(value, today)
            if date:
                return date
    for name in rules.DATE_META_NAMES:
        value = meta.get(name.lower())
        date = parse_iso_date(value, today) if value else None
        if date:
            return date
    return None


# --- the date by the title -----------------------------------------------------------------------


def _outside_lists_and_chrome(el: etree._Element) -> bool:
    for anc in (el, *el.iterancestors()):
        if anc.tag in LISTY or anc.tag in CHROME:
            return False
        if anc.tag == "header" and not any(a.tag == "article" for a in anc.iterancestors()):
            return False
    return True


def _beside_other_title(el: etree._Element, title_el: etree._Element | None) -> bool:
    """A date printed next to another article's link (`<a>Tin khác ...</a><span>date</span>`).

    A block holding the page's own title is its header, not another article's item.
    """
    parent = el.getparent()
    if parent is None or len(parent.text_content()) > ITEM_MAX_CHARS:
        return False  # the article's own column, not a list item
    if title_el is not None and any(node is title_el for node in parent.iter()):
        return False
    return any(_is_title_link(a) for a in parent.iter("a"))


def _is_title_link(a: etree._Element) -> bool:
    return len(a.text_content().split()) >= TITLE_LINK_MIN_WORDS


def _element_date(el: etree._Element, today: dt.date | None) -> dt.date | None:
    if el.tag == "time":
        date = parse_iso_date(el.get("datetime") or "", today)
        if date:
            return date
    if el.tag in LISTY or any(_is_title_link(a) for a in el.iter("a")):
        return None  # a link list's item or wrapper
    text = " ".join(el.text_content().split())
    if not text or len(text) > MAX_DATE_ELEMENT_CHARS:
        return None
    return parse_date_line(text, today) or labelled_date(text, today)


def date_near(
    tree: lxml_html.HtmlElement, title_el: etree._Element | None, today: dt.date | None
) -> dt.date | None:
    """The date element nearest ``title_el`` in document order (the first one without a title).

    Never one inside a link, a list item or the page chrome, nor one printed beside another
    article's link; ties go to the date after the title (bylines follow headlines).
    """
    order: dict[etree._Element, int] = {}
    candidates: list[tuple[int, dt.date]] = []
    body = tree.find("body")
    for pos, el in enumerate((body if body is not None else tree).iter()):
        if not isinstance(el.tag, str):
            continue
        order[el] = pos
        date = _element_date(el, today)
        if date and _outside_lists_and_chrome(el) and not _beside_other_title(el, title_el):
            candidates.append((pos, date))
    if not candidates:
        return None
    if title_el is None or title_el not in order:
        return candidates[0][1]
    at = order[title_el]
    pos, date = min(candidates, key=lambda c: (abs(c[0] - at), c[0] < at))
    return date if abs(pos - at) <= MAX_TITLE_DISTANCE else None


def page_date(
    tree: lxml_html.HtmlElement,
    pruned: lxml_html.HtmlElement,
    meta: dict[str, str],
    title_el: etree._Element | None,
    today: dt.date | None = None,
) -> dt.date | None:
    """Publication date of a page: metadata of ``tree``, else the date by the title in
    ``pruned`` (the page without its related lists)."""
    return metadata_date(tree, meta, today) or date_near(pruned, title_el, today)
