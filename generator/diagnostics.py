"""Where a fact came from, and what went wrong with a page.

Bad docs produce diagnostics, never exceptions: every layer returns or
collects :class:`Diagnostic` values and the build goes on.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Source:
    """A line of a doc file; ``path`` is relative to the docs root, POSIX style."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Level(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the docs, printed as ``path:line: level code: message``."""

    level: Level
    code: str
    message: str
    source: Source

    def __str__(self) -> str:
        return f"{self.source}: {self.level} {self.code}: {self.message}"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.source.path, self.source.line, self.code, self.message)


class Diagnostics:
    """An append-only list of diagnostics with helpers for each level."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, level: Level, code: str, message: str, source: Source) -> None:
        self.items.append(Diagnostic(level, code, message, source))

    def info(self, code: str, message: str, source: Source) -> None:
        self.add(Level.INFO, code, message, source)

    def warning(self, code: str, message: str, source: Source) -> None:
        self.add(Level.WARNING, code, message, source)

    def error(self, code: str, message: str, source: Source) -> None:
        self.add(Level.ERROR, code, message, source)

    def extend(self, other: Diagnostics | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
