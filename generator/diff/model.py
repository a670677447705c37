"""What a diff compares and what it reports.

The diff reads only OpenAPI documents, so it works on any spec. Each operation
is flattened into :class:`Node` values, one per parameter and one per schema
position (``request.export_params.search_conditions[].op``), with ``$ref`` and
``allOf`` resolved, so that component names, anchors and file moves never show
up as changes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from generator.diagnostics import Source


class Level(enum.IntEnum):
    INFO = 1
    WARNING = 2
    BREAKING = 3

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Node:
    """A parameter or a schema position in one operation."""

    path: str  # "query.limit", "request.config.parameter[].label", "200.tasks[]"
    parent: str
    name: str
    type: str  # string, integer, number, boolean, object, array, map, any
    format: str | None
    required: bool
    enum: frozenset[object] | None
    constraints: tuple[tuple[str, float], ...]
    source: Source | None
    index: int  # position among its siblings, for rename detection
    location: str = ""  # a parameter's `in`

    @property
    def type_label(self) -> str:
        return f"{self.type}({self.format})" if self.format else self.type


@dataclass(frozen=True)
class Change:
    """One position that differs: a node removed, added, renamed or changed.

    ``direction`` is ``request`` for parameters and request bodies, ``response``
    for response bodies; it decides whether a change breaks clients.
    """

    operation: str
    direction: str
    path: str
    old: Node | None
    new: Node | None
    old_context: Source | None = None  # where to cite a side that has no node
    new_context: Source | None = None

    @property
    def renamed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.name != self.new.name


@dataclass(frozen=True)
class Finding:
    rule: str
    level: Level
    operation: str  # "GET /v2/{project_id}/datasets"
    path: str
    message: str
    old: Source | None = None
    new: Source | None = None

    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.operation, self.path, -int(self.level), self.rule)


@dataclass
class Side:
    """One side of a diff: a document and the label its x-source paths are relative to."""

    document: dict[str, object]
    label: str
    problems: list[str] = field(default_factory=list)
