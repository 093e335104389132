"""What a scenario should leave in the database: the documents stored, the documents refused.

A scenario writes its inputs and says, for each document id, whether it must end up as an
article or as an error row; `benchmarks.faults.counting` then compares the database with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Expectation:
    """Document ids that must be stored as articles, and those that must give an error row."""

    stored: set[str] = field(default_factory=set)
    errors: set[str] = field(default_factory=set)

    def store(self, *documents: str) -> None:
        self.stored.update(documents)

    def refuse(self, *documents: str) -> None:
        self.errors.update(documents)

    def merge(self, other: Expectation) -> None:
        self.stored |= other.stored
        self.errors |= other.errors
