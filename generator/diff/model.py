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

from generator.diagnostics import Diagnostic, Source


class Level(enum.IntEnum):
    """How a finding affects clients. ``UNCERTAIN`` is a breaking finding that may be
    false: a side could not place the table it concerns (the build said so)."""

    INFO = 1
    WARNING = 2
    UNCERTAIN = 3
    BREAKING = 4

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
    owner: str = ""  # the component schema whose position this is ("Lease"), if any
    local: str = ""  # the position inside it (".create_time")
    variant: int = 0  # a member of anyOf/oneOf: 1 + how strongly its label names it
    component: str = ""  # the component its own schema is ("SearchProp"), if any

    @property
    def shared(self) -> str:
        """The position in its component (``Lease.create_time``): the same for every
        operation that reaches the component."""
        return f"{self.owner}{self.local}" if self.owner and self.local else ""

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
    old_page: Source | None = None  # the operation's own page on each side
    new_page: Source | None = None
    # the objects (components) the changed field sits in on each side, lower case
    old_objects: frozenset[str] = frozenset()
    new_objects: frozenset[str] = frozenset()

    @property
    def renamed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.name != self.new.name


@dataclass(frozen=True)
class Finding:
    """One rule's finding on one operation."""

    rule: str
    level: Level
    operation: str  # "GET /v2/{project_id}/datasets"
    path: str
    message: str
    old: Source | None = None
    new: Source | None = None
    # the operation's own page on each side (its x-source)
    old_page: Source | None = None
    new_page: Source | None = None
    shared: str = ""  # the position in a shared component ("Lease.create_time"), if any
    defined: Source | None = None  # the changed field's own line (either side's)
    diagnostic: str = ""  # why it is uncertain: the build's word at the unplaced table

    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.operation, self.path, -int(self.level), self.rule)


@dataclass(frozen=True)
class Report:
    """One change: a rule's findings on every operation one change reaches (a field of
    a component several operations share is one change, not one per operation)."""

    findings: tuple[Finding, ...]  # sorted by operation; the first speaks for all

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def rule(self) -> str:
        return self.first.rule

    @property
    def level(self) -> Level:
        return max(f.level for f in self.findings)

    @property
    def message(self) -> str:
        first = self.first
        if len(self.findings) == 1 or not first.shared:
            return first.message
        return first.message.replace(first.path, first.shared)

    @property
    def operations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.operation for f in self.findings))

    @property
    def id(self) -> str:
        """A stable name for the change, for accept files: the same change between the
        same two revisions always has the same id, whatever else changed."""
        import hashlib
        first = self.first
        what = first.shared or f"{first.operation} {first.path}"
        return first.rule + ":" + hashlib.sha256(what.encode()).hexdigest()[:10]


@dataclass
class Side:
    """One side of a diff: a document and the label its x-source paths are relative to."""

    document: dict[str, object]
    label: str
    problems: list[str] = field(default_factory=list)
    # the build's diagnostics at tables it could not place (docs sides only: a spec
    # file does not say which of its docs' tables were left out)
    unplaced: list[Diagnostic] = field(default_factory=list)
