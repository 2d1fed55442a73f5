"""A per-request time budget: a long query answers with what it has, and says so.

Reading a posting list that is not cached yet is the one cost that grows with a query's length
(tens of milliseconds for a common syllable of a 100k-article archive). The search asks the
budget before each such step that it can do without: reading another word (rarest first, so
what is left out is the most common), proximity pairs, the rerank, a did-you-mean. Once spent,
those steps are skipped and the result is flagged ``partial``.

The clock is injected: the service passes ``time.thread_time``, the CPU time of the thread
serving the request, because the budget bounds the query's *cost*: on a shared machine (here, 2
cores under a load of 10) wall time ran 5-10x the CPU time and would cut answers short for other
processes' work. Tests pass a counter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# A person waits about a second before a search feels broken; normal queries take ~10 ms
# (bench/search.py at 20k articles), so only pasted text with many uncached words gets near it
# (VNTC headlines of 40 words at 35k articles: 100-250 ms of CPU, postings uncached).
SEARCH_BUDGET_SECONDS = 1.0

Clock = Callable[[], float]


@dataclass
class Budget:
    """Seconds allowed from ``started`` on ``clock``; ``spent`` once any step was skipped."""

    clock: Clock
    seconds: float = SEARCH_BUDGET_SECONDS
    started: float = field(init=False)
    spent: bool = field(init=False, default=False)
    read: set[tuple[str, str]] = field(init=False, default_factory=set)  # (field, term) read

    def __post_init__(self) -> None:
        self.started = self.clock()

    def allows(self) -> bool:
        """True while time is left; the first False marks the answer as partial."""
        if not self.spent and self.clock() - self.started > self.seconds:
            self.spent = True
        return not self.spent

    def note(self, lookups: Iterable[tuple[str, str]]) -> None:
        """Record posting lists this request has read: scoring them again costs nothing."""
        self.read.update(lookups)

    def may_read(self, lookup: tuple[str, str]) -> bool:
        """Whether scoring may use ``lookup``: already read, or time is left to read it."""
        return lookup in self.read or self.allows()
