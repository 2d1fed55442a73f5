"""A mirrored page's original URL and capture date (HTTrack, wget, "Save page as").

Mirror tools keep where a page came from in one of three places, tried in this order:
1. HTTrack's comment ``<!-- Mirrored from HOST/PATH by HTTrack Website Copier/3.x [XR&CO'2014],
   Tue, 01 Dec 2020 10:00:00 GMT -->`` (URL without scheme, and the capture time);
2. Internet Explorer's and old browsers' "Mark of the Web" ``<!-- saved from url=(0043)URL -->``;
3. the mirror's folders: ``wget --mirror`` and HTTrack save ``http://HOST/PATH`` as
   ``HOST/PATH`` under the folder they were run in, so a folder named like a host name starts
   the URL (``archive/mirror/www.sgd.edu.vn/tin-tuc/a.html`` -> ``http://www.sgd.edu.vn/tin-tuc/a.html``).
Only the first 4 KiB of a page are searched (both tools write the comment at the top).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import quote

# Both comments are written before or just after <html>; 4 KiB covers a long doctype and head.
HEAD_CHARS = 4096
_HTTRACK = re.compile(
    r"<!--\s*Mirrored from\s+(\S+)\s+by HTTrack Website Copier/[^,>]*,\s*([^>]*?)\s*-->", re.I
)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
# A host name folder: labels of letters, digits and hyphens, a dot, a letters-only top-level
# domain (2-24 letters: .vn, .com, .edu), an optional port. "www.sgd.edu.vn" or "moet.gov.vn:8080"
# match; "tin-tuc", "2020.05" and "page.html" (a file name, handled by the last-part rule) do not.
_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?!html?$|txt$|php$|aspx?$)[a-z]{2,24}(?::\d{1,5})?",
    re.I,
)
# Characters a saved path keeps as they are in its URL (wget keeps query strings in file names).
URL_SAFE = "/?=&;%:@!$'()*+,~-._"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def origin(rel: str, page: str) -> tuple[str | None, dt.date | None]:
    """(original URL, capture date) of the archive file ``rel`` with HTML source ``page``
    (empty for a text file); (None, None) when the file does not say."""
    head = page[:HEAD_CHARS]
    match = _HTTRACK.search(head)
    if match:
        return _with_scheme(match.group(1)), _rfc2822_date(match.group(2))
    match = _SAVED_FROM.search(head)
    if match and _SCHEME.match(match.group(1)):
        return match.group(1), None
    return folder_url(rel), None


def folder_url(rel: str) -> str | None:
    """``http://HOST/PATH`` when a folder of ``rel`` is named like a host (wget/HTTrack layout)."""
    parts = rel.split("/")
    for i, part in enumerate(parts[:-1]):
        if _HOST.fullmatch(part):
            path = "/".join(parts[i + 1 :])
            return f"http://{part.lower()}/{quote(path, safe=URL_SAFE)}"
    return None


def _with_scheme(url: str) -> str:
    return url if _SCHEME.match(url) else "http://" + url


def _rfc2822_date(text: str) -> dt.date | None:
    """The date of HTTrack's ``Tue, 01 Dec 2020 10:00:00 GMT`` (None when it is not one)."""
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None
