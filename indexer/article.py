"""The records that flow from extraction to the index: an ``Article`` or a ``Skipped`` file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One clean article, as every later stage (units, awards, index, API) sees it.

    All text is NFC. ``path`` is relative to the archive root with ``/`` separators: it is the
    stable identity of the file, from which the document id is derived.
    """

    path: str
    title: str
    body: str
    published: dt.date | None = None
    # Only ever taken from a real publication date, never from years mentioned in the text.
    year: int | None = None
    author: str | None = None
    source: str | None = None
    # Canonical unit names (see indexer.enrich.units), most central first.
    units: tuple[str, ...] = ()
    # The page's own address when the saved page names it (canonical link, og:url).
    url: str | None = None
    # How the bytes were decoded ("utf-8", "cp1258", "tcvn3", ...): kept for reports.
    encoding: str = "utf-8"
    # When a web archive or mirror captured the page: a fallback date, never the publication date.
    captured: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines record of the ``extract`` contract."""
        return {
            "path": self.path,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "year": self.year,
            "author": self.author,
            "source": self.source,
            "units": list(self.units),
            "url": self.url,
            "encoding": self.encoding,
            "captured": self.captured.isoformat() if self.captured else None,
            "body": self.body,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_json` (the build manifest stores records this way)."""
        published, captured = data.get("published"), data.get("captured")
        return cls(
            path=data["path"],
            title=data["title"],
            body=data["body"],
            published=dt.date.fromisoformat(published) if published else None,
            year=data.get("year"),
            author=data.get("author"),
            source=data.get("source"),
            units=tuple(data.get("units") or ()),
            url=data.get("url"),
            encoding=data.get("encoding", "utf-8"),
            captured=dt.date.fromisoformat(captured) if captured else None,
        )


@dataclass(frozen=True)
class Skipped:
    """A file that is not (or cannot be read as) an article, with the reason, for the report."""

    path: str
    reason: str
    detail: str = field(default="", compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "skipped": self.reason}
