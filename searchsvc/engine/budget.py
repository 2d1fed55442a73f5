"""A per-request time budget: a long query answers with what it has, and says so.

Reading a posting list that is not cached yet is the one cost that grows with a query's length
(tens of milliseconds for a common syllable of a 100k-article archive). The search asks the
budget before each such step that it can do without: reading another word (rarest first, so
what is left out is the most common), proximity pairs, the rerank, a did-you-mean. Once spent,
those steps are skipped and the result is flagged ``partial``.

The clock is injected: the service passes ``time.perf_counter``, tests a counter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# A person waits about a second before a search feels broken; normal queries take ~10 ms
# (bench/search.py at 20k articles), so only pasted text with many uncached words gets near it.
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

    def elapsed_ms(self) -> float:
        return (self.clock() - self.started) * 1000
