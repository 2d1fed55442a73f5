"""The ETag names the served index by its identity (``index_holder.current_identity``), so an index
rebuilt at the same path within the same second never answers 304 with the old one's ETag."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from searchsvc.web import caching, index_holder


@dataclass
class FakeBackend:
    meta: dict[str, Any] = field(
        default_factory=lambda: {"generation": "gen-1", "built_at": "2026-12-01T10:00:00"}
    )


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("/idx/gen-1|1|20|5|77", "/idx/gen-1|1|20|5|77", True),
        ("/idx/gen-1|1|20|5|77", "/idx/gen-1|2|20|5|78", False),  # rebuilt at the same path
    ],
)
def test_etag_follows_the_served_identity(monkeypatch, first, second, same):
    served: list[Any] = []
    monkeypatch.setattr(index_holder, "served", lambda: served[-1])
    tags = []
    for identity in (first, second):
        served.append(index_holder.Served(FakeBackend(), "/idx/gen-1", identity))  # type: ignore[arg-type]
        tags.append(caching.index_etag("search", "q=thi+dua"))
    assert (tags[0] == tags[1]) is same
