"""Atom feed of any search (newest first) and the OpenSearch description.

A journalist follows a query by subscribing to ``/search.atom?q=...``: the same request parameters
as the search page, always ordered newest first. ``/opensearch.xml`` lets browsers add the search;
every page links it. XML is built with ElementTree so every value is escaped by construction.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

from flask import Blueprint, Flask, Response, request, url_for

from searchsvc.engine.result import Hit, SearchResult
from searchsvc.web import index_holder, urls
from searchsvc.web.api import request_args
from searchsvc.web.caching import cache_control, cached, finish_cacheable
from searchsvc.web.params import parse_request
from searchsvc.web.schemas import http_url

bp = Blueprint("feeds", __name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
OPENSEARCH_TYPE = "application/opensearchdescription+xml; charset=utf-8"
FEED_TITLE = "Tin giáo dục"
SITE_NAME = "Tìm tin giáo dục"
# Midnight UTC+7 (Vietnam) for date-only publication dates: Atom needs a full timestamp.
DATE_SUFFIX = "T00:00:00+07:00"
# Atom needs an "updated" for undated articles and an empty feed: the Unix epoch says "unknown".
UNKNOWN_UPDATED = "1970-01-01T00:00:00Z"
# Everything outside XML 1.0's Char production (https://www.w3.org/TR/xml/#charsets).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _stamp(published: str | None) -> str:
    return f"{published[:10]}{DATE_SUFFIX}" if published else UNKNOWN_UPDATED


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/F):
    ElementTree writes them as they are, and one makes the whole feed unreadable."""
    return NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: xml_text(v) for name, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _entry(feed: ET.Element, hit: Hit) -> None:
    entry = _sub(feed, "entry")
    page = url_for("views.article_page", article_id=hit.id, _external=True)
    _sub(entry, "id", page)
    _sub(entry, "title", hit.title)
    _sub(entry, "updated", _stamp(hit.published))
    if hit.published:
        _sub(entry, "published", _stamp(hit.published))
    _sub(entry, "link", href=page, rel="alternate", type="text/html")
    original = http_url(hit.url)  # archived pages are untrusted: no javascript: links
    if original:
        _sub(entry, "link", href=original, rel="related")
    for unit in hit.units:
        _sub(entry, "category", term=unit)
    # The snippet is escaped HTML with <mark>: Atom carries it as type="html" text.
    _sub(entry, "summary", hit.snippet, type="html")


def atom_document(result: SearchResult, self_url: str, page_url: str) -> bytes:
    """The Atom XML of ``result`` (already ordered newest first)."""
    # Plain tag names with a default xmlns: no process-wide ET.register_namespace state.
    feed = ET.Element("feed", xmlns=ATOM_NS)
    query = result.request.q
    _sub(feed, "title", f"{FEED_TITLE}: {query}" if query else FEED_TITLE)
    _sub(feed, "id", self_url)
    dated = [hit.published for hit in result.hits if hit.published]
    _sub(feed, "updated", _stamp(max(dated)) if dated else UNKNOWN_UPDATED)
    _sub(feed, "link", href=self_url, rel="self", type="application/atom+xml")
    _sub(feed, "link", href=page_url, rel="alternate", type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", SITE_NAME)
    for hit in result.hits:
        _entry(feed, hit)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@bp.get("/search.atom")
def atom() -> Response:
    req = dataclasses.replace(parse_request(request_args()), sort="newest")
    etag, not_modified = cached("atom", urls.with_query("", req))
    if not_modified is not None:
        return not_modified
    result = index_holder.get_backend().search(req)
    self_url = urls.with_query(url_for("feeds.atom", _external=True), req)
    page_url = urls.with_query(url_for("views.search_page", _external=True), req)
    body = atom_document(result, self_url, page_url)
    return finish_cacheable(Response(body, content_type=ATOM_TYPE), etag)


def opensearch_document(root: str) -> bytes:
    """The OpenSearch 1.1 description: HTML results, the Atom feed and the JSON API."""
    doc = ET.Element("OpenSearchDescription", xmlns=OPENSEARCH_NS)

    _sub(doc, "ShortName", SITE_NAME)
    _sub(doc, "Description", "Tìm kiếm kho tin giáo dục, có dấu hoặc không dấu")
    _sub(doc, "InputEncoding", "UTF-8")
    _sub(doc, "OutputEncoding", "UTF-8")
    _sub(doc, "Language", "vi")
    _sub(doc, "Url", type="text/html", method="get", template=f"{root}/?q={{searchTerms}}")
    _sub(doc, "Url", type="application/atom+xml", template=f"{root}/search.atom?q={{searchTerms}}")
    _sub(doc, "Url", type="application/json", template=f"{root}/api/search?q={{searchTerms}}")
    return ET.tostring(doc, encoding="utf-8", xml_declaration=True)


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    body = opensearch_document(request.url_root.rstrip("/"))
    response = Response(body, content_type=OPENSEARCH_TYPE)
    response.headers["Cache-Control"] = cache_control()
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
