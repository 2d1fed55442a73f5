"""The title run of ``searchsvc.engine.proximity``: it asks the time budget before each title
pair it reads, and an article whose whole title is typed has its score doubled once, however
many runs of the query spell that title. Small articles written for this test."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from indexer.schema import TITLE_FOLD
from searchsvc.engine import matching, proximity, rerank
from searchsvc.engine.budget import SEARCH_BUDGET_SECONDS, Budget
from searchsvc.engine.postings import PostingCache
from searchsvc.engine.querylang import parse_query
from searchsvc.engine.reader import Postings
from searchsvc.engine.request import SearchRequest
from searchsvc.engine.service import IndexView, search
from searchsvc.engine.terms import QueryPlan, plan_query
from tests.backends import art, make_view

HEADLINE = "Học sinh vùng cao vượt suối đến trường ngày đầu năm học mới"  # 13 syllables
ARTICLES = [
    art("p/whole.txt", HEADLINE, "Sáng nay các em đã có mặt đầy đủ ở điểm trường."),
    art("p/longer.txt", f"Ảnh: {HEADLINE} ở Hà Giang", "Những bức ảnh của phóng viên."),
    art("p/body.txt", "Tin giáo dục", f"Báo đưa tin: {HEADLINE.lower()}. Ai cũng xúc động."),
    *(art(f"p/f{i}.txt", f"Tin vắn số {i}", "Các em vui chơi ở sân trường.") for i in range(8)),
]
# Each uncached posting list read costs this much on the test's clock: the budget (1 s) then
# allows four reads (at 0, 0.3, 0.6 and 0.9 s elapsed) and refuses the fifth.
READ_SECONDS = 0.3


@pytest.fixture(scope="module")
def view() -> IndexView:
    return make_view(ARTICLES)


def plan_of(q: str) -> QueryPlan:
    node, _ = parse_query(q)
    plan = plan_query(node)
    assert plan is not None
    return plan


class Clock:
    """A clock that moves only when the reader below reads a posting list: by ``step``."""

    def __init__(self, step: float = 0.0) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        return self.now


class SlowReader:
    """The view's reader, recording what is read; each posting list read costs clock time."""

    def __init__(self, reader: Any, clock: Clock) -> None:
        self.reader, self.clock = reader, clock
        self.postings_read: list[tuple[str, str]] = []
        self.positions_read: list[tuple[str, str]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reader, name)

    def postings(self, field: str, term: str) -> Postings:
        self.clock.now += self.clock.step
        self.postings_read.append((field, term))
        found: Postings = self.reader.postings(field, term)
        return found

    def positions(self, field: str, term: str, docnums: Sequence[int]) -> dict[int, list[int]]:
        self.positions_read.append((field, term))
        found: dict[int, list[int]] = self.reader.positions(field, term, docnums)
        return found


def scored(view: IndexView, plan: QueryPlan, clock: Clock) -> tuple[np.ndarray, SlowReader, Budget]:
    """Stage one's scores plus proximity, as the service computes them, over a fresh cache
    whose text-field lists (single syllables and pairs) are read before the budget starts:
    only the title pairs are left for proximity to read."""
    reader = SlowReader(view.reader, clock)
    cache = PostingCache(reader)  # type: ignore[arg-type]
    for field, term in [*plan.scoring(), *plan.proximity()]:
        cache.get(field, term)
    budget = Budget(clock)
    budget.note([*plan.scoring(), *plan.proximity()])
    scores = matching.bm25(cache, view.doc_columns, plan.scoring(), budget)
    proximity.add_proximity(cache, view.doc_columns, plan, budget, scores)
    return scores, reader, budget


def titles_read(reader: SlowReader) -> list[str]:
    return [term for field, term in reader.postings_read if field == TITLE_FOLD]


def test_title_pairs_are_read_while_the_budget_allows(view: IndexView) -> None:
    plan = plan_of(HEADLINE)
    (run,) = plan.runs
    pairs = len(run) - 1
    calm, calm_reader, calm_budget = scored(view, plan, Clock())
    assert len(titles_read(calm_reader)) == pairs and not calm_budget.spent
    rushed, rushed_reader, rushed_budget = scored(view, plan, Clock(READ_SECONDS))
    allowed = int(SEARCH_BUDGET_SECONDS / READ_SECONDS) + 1  # reads begun before 1 s elapsed
    assert len(titles_read(rushed_reader)) == allowed < pairs
    assert rushed_budget.spent
    # Neither the title run (a title holding some pairs is not the run) nor the body run's
    # positions: the answer goes out with stage one and the text pairs only.
    assert rushed_reader.positions_read == []
    assert np.all(rushed <= calm) and np.any(rushed < calm)


def test_without_a_budget_problem_the_whole_title_ranks_first(view: IndexView) -> None:
    scores, _, _ = scored(view, plan_of(HEADLINE), Clock())
    paths = [view.reader.stored(int(d))["path"] for d in np.argsort(-scores)[:3]]
    assert paths[0] == "p/whole.txt"


@pytest.mark.parametrize(
    "q",
    [
        f'"{HEADLINE}"',  # one run: the factor applies once
        f'"{HEADLINE}" (ảnh OR tin) "{HEADLINE}"',  # two runs, each the whole title
        f'"{HEADLINE}" title:trường "{HEADLINE}" (ảnh OR tin) "{HEADLINE}"',  # three runs
    ],
)
def test_a_whole_title_doubles_the_score_once(
    view: IndexView, q: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quoted runs (already verified in the text, so only the title run scores them): against
    the same query with the whole-title factor off, the named article's score is more than
    before and at most double, whatever the number of runs spelling its title."""
    plan = plan_of(q)
    assert all(run == plan.runs[0] for run in plan.runs)
    doubled, _, _ = scored(view, plan, Clock())
    monkeypatch.setattr(proximity, "WHOLE_TITLE_WEIGHT", 0.0)
    plain, _, _ = scored(view, plan, Clock())
    paths = [view.reader.stored(d)["path"] for d in range(len(view.ids))]
    named = paths.index("p/whole.txt")
    assert plain[named] < doubled[named] <= 2 * plain[named]
    others = [d for d, path in enumerate(paths) if path != "p/whole.txt"]
    assert np.array_equal(doubled[others], plain[others])  # "longer" quotes it, is not it


FILLER_WORDS = (
    "Buổi sáng các em học toán và tiếng Việt, giờ ra chơi các em chơi nhảy dây, đá cầu ở sân "
    "trường rợp bóng cây. Thầy hiệu trưởng cho biết nhà trường đã sửa lại mái ngói, lát lại "
    "nền lớp và mua thêm bàn ghế mới trước khi năm học bắt đầu. "
)
HOLDERS = [
    # The fragment is a large share of this short article; its title shares no word with it.
    art("l/short.txt", "Tin trường", "Năm nay trường mở lớp học buổi chiều cho khối năm."),
    # In the title and once in the text of a longer article: a far smaller share of it.
    art(
        "l/long.txt",
        "Lớp học buổi chiều ở vùng cao",
        FILLER_WORDS + "Từ tháng sau có thêm lớp học buổi chiều. " + FILLER_WORDS,
    ),
    *(art(f"l/f{i}.txt", f"Tin vắn số {i}", "Các em vui chơi ở sân trường.") for i in range(8)),
]


@pytest.mark.parametrize(("weight", "first"), [(0.0, "l/long.txt"), (None, "l/short.txt")])
def test_among_articles_holding_a_fragment_the_likeliest_source_ranks_first(
    weight: float | None, first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both hold ``lớp học buổi chiều`` as written. Without the likelihood the longer
    article's title signals win; with it, the article the fragment is the larger share of
    (one occurrence in 12 syllables against two in about 90) ranks first."""
    if weight is not None:
        monkeypatch.setattr(rerank, "LIKELIHOOD_WEIGHT", weight)
    view = make_view(HOLDERS)
    hits = search(view, SearchRequest(q="lop hoc buoi chieu", per_page=10)).hits
    assert [h.path for h in hits[:2]] == [first, ({"l/short.txt", "l/long.txt"} - {first}).pop()]


def test_the_share_is_reported_for_holders_of_the_whole_run_only(view: IndexView) -> None:
    plan = plan_of("vuot suoi den truong")
    scores = np.zeros(len(view.ids))
    likely = proximity.add_proximity(
        view.postings, view.doc_columns, plan, Budget(lambda: 0.0), scores
    )
    paths = {view.reader.stored(d)["path"]: share for d, share in likely.items()}
    assert set(paths) == {"p/whole.txt", "p/longer.txt", "p/body.txt"}
    # Each holds the run once: its share is one over its folded text's length in terms.
    assert all(share == 1 / view.doc_columns.text_lengths[d] for d, share in likely.items())
