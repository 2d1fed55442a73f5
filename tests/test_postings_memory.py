"""The posting cache's process settings: opening an index for search stops numpy's huge-page
advice (searchsvc.engine.postings.no_huge_page_advice says why)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from searchsvc.engine.postings import PostingCache

multiarray = pytest.importorskip("numpy._core.multiarray")


@dataclass
class _Reader:
    doc_count: int = 10


@pytest.mark.parametrize("before", [True, False])
def test_opening_a_cache_turns_the_advice_off(before: bool) -> None:
    multiarray._set_madvise_hugepage(before)
    PostingCache(_Reader())  # type: ignore[arg-type]
    assert multiarray._set_madvise_hugepage(False) is False  # returns the setting it replaces
