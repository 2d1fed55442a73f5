"""``vocabulary_change.tasks`` cuts the gone documents into as few tasks as ``TASK_DOCUMENTS``
allows, of nearly equal size, so that the build's workers finish together."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from indexer import vocabulary_change

LIMIT = vocabulary_change.TASK_DOCUMENTS


@pytest.mark.parametrize(
    "count", [0, 1, 2, LIMIT - 1, LIMIT, LIMIT + 1, 793, 2 * LIMIT, 2 * LIMIT + 1, 10_000]
)
def test_tasks_are_few_and_even(count: int) -> None:
    keys = [f"k{i:05d}.txt" for i in range(count)]
    tasks = vocabulary_change.tasks(Path("m.sqlite"), keys)
    sizes = [len(task.keys) for task in tasks]
    assert [key for task in tasks for key in task.keys] == keys
    assert len(tasks) == math.ceil(count / LIMIT)
    assert all(size <= LIMIT for size in sizes)
    assert not sizes or max(sizes) - min(sizes) < len(tasks)
    assert all(task.manifest == Path("m.sqlite") for task in tasks)
