"""Per-file limits that keep one hostile file from hanging or starving a build.

Two layers:
1. a linear pre-scan of an HTML page's tags, before any parser sees it (:func:`check_html`):
   libxml2, under lxml and trafilatura, spends quadratic time on a tag with very many attributes
   (200,000 attributes on one tag: > 15 s in ``lxml.html.fromstring`` alone, measured here) and
   silently drops everything nested deeper than 256 elements (the page then looked like "not an
   article"), so both are refused up front with a reason that says what is wrong;
2. a wall-clock limit on extracting one document, enforced from outside by
   ``indexer.ingest.guard`` (parsers run in C and cannot be interrupted from inside).
Every threshold is far above what real pages show: ``bench/hostile.py`` prints the maxima over the
193 real pages in ``../shared/extraction-dev`` and ``../shared/vi-pages-dev``.
"""

from __future__ import annotations

import re

from indexer.article import Skipped

# Biggest real page seen: 1.49 MB (bench/hostile.py over the 193 real pages); whole saved portal
# pages with inline scripts reach a few MB. 8 MB is > 5x the biggest and bounds memory and time.
MAX_DOCUMENT_BYTES = 8_000_000
# Most attributes on one tag in the real pages: 64 (bench/hostile.py); 1,000 is 15x that and
# still parses in milliseconds.
MAX_ATTRIBUTES_PER_TAG = 1000
# libxml2's HTML parser drops content below 256 open elements. Deepest real page: 51 open
# elements (bench/hostile.py, counting as below); pages over 200 are refused as "too-deep".
MAX_DEPTH = 200
# Seconds one document's extraction may take (enforced by indexer.ingest.guard). The slowest of
# the 193 real pages took 0.52 s here (bench/hostile.py); 20 s is 40x that, room for a loaded
# machine, and still bounds a build's worst file.
MAX_EXTRACT_SECONDS = 20.0

# One tag at a time, start or end, up to the next '>' (no quote tracking: a '>' inside an
# attribute value only splits a tag in two, and quote tracking can make a regex quadratic).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^>]*)>|<!--.*?-->", re.S)
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_RAW_TEXT = re.compile(r"<(script|style|textarea|title)\b.*?</\1\s*>", re.I | re.S)
# Elements with no end tag, or whose end tag is optional (HTML's implied closes): they do not
# deepen the tree the way a stack of <div>s does, so they are not counted.
_UNCOUNTED_NAMES = "area base br col embed hr img input link meta param source track wbr " + (
    "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rt rp"
)
UNCOUNTED = frozenset(_UNCOUNTED_NAMES.split())


def html_shape(page: str) -> tuple[int, int]:
    """(most attributes on one tag, deepest nesting of counted elements), in one linear pass."""
    page = _RAW_TEXT.sub(" ", page)
    most_attributes = depth = deepest = 0
    for match in _TAG.finditer(page):
        closing, name, attributes = match.group(1), match.group(2), match.group(3)
        if name is None:  # a comment
            continue
        if attributes:
            most_attributes = max(most_attributes, len(_ATTRIBUTE.findall(attributes)))
        if name.lower() in UNCOUNTED or attributes.rstrip().endswith("/"):
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return most_attributes, deepest


def check_html(rel: str, page: str) -> Skipped | None:
    """Why the decoded page ``page`` must not be parsed, or None when it is within the limits."""
    most_attributes, deepest = html_shape(page)
    if most_attributes > MAX_ATTRIBUTES_PER_TAG:
        return Skipped(rel, "too-many-attributes", f"{most_attributes} on one tag")
    if deepest > MAX_DEPTH:
        return Skipped(rel, "too-deep", f"{deepest} nested elements")
    return None
