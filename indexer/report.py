"""What a build did, for the CLI and the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuildReport:
    """What a build did. File counts (added ... unchanged) are archive files; ``indexed`` and
    ``duplicates`` are documents. ``generation`` is the generation this build created, None when
    the archive was unchanged and no generation was made. On a full build every file is added."""

    indexed: int
    added: int
    updated: int
    removed: int
    unchanged: int
    skipped: dict[str, int]
    duplicates: int
    seconds: float
    generation: str | None
    full: bool

    def lines(self) -> list[str]:
        """The human-readable report printed at the end of ``python -m indexer build``."""
        skipped = ", ".join(f"{k}: {v}" for k, v in sorted(self.skipped.items())) or "none"
        return [
            f"generation: {self.generation or 'unchanged, none created'}"
            + (" (full rebuild)" if self.full else ""),
            f"indexed: {self.indexed} documents ({self.duplicates} duplicates collapsed)",
            f"files: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged",
            f"skipped: {sum(self.skipped.values())} ({skipped})",
            f"seconds: {self.seconds:.2f}",
        ]
