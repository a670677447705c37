"""The "what changed" view: the findings of ``diff`` (old revision → this document)
by operation and level, each pointing at the page and field it concerns.

The findings come from :func:`generator.diff.diff_documents`, unchanged; this module
only places them: an operation by method and path (template variable names aside,
as the diff matches them), a finding's position (``response.200.tasks[].status``)
at the field anchor of the page (``response-200.tasks.status``), or, where the page
has no such field (a removed one), at the nearest one that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.publish.fields import LEVELS, Mark, PageMarks
from generator.publish.model import Operation, Site, slug

if TYPE_CHECKING:  # the diff package imports the docs readers: not needed to publish
    from generator.diff.model import Finding

_TEMPLATE = re.compile(r"\{[^{}]*\}")
_LOCATIONS = ("path", "query", "header", "cookie")


@dataclass(frozen=True)
class Entry:
    id: str  # "change-12"
    level: str
    rule: str
    message: str
    old: str  # the doc line on the old side ("" when it says nothing)
    new: str
    target: str  # "operations/ListTasks.html#response-200.tasks", or "" (a removed operation)


@dataclass(frozen=True)
class OperationChanges:
    method: str
    path: str
    title: str
    url: str  # its page, or "" when the operation is gone
    level: str  # the worst of its findings
    groups: tuple[tuple[str, tuple[Entry, ...]], ...]  # by level, worst first


@dataclass(frozen=True)
class Changes:
    old: str  # what this document is compared with, as the user named it
    counts: tuple[tuple[str, int], ...]  # (level, findings), worst first
    operations: tuple[OperationChanges, ...]
    pages: Mapping[str, PageMarks]  # operation page → the changes on it

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


def changes_of(site: Site, findings: Sequence[Finding], old: str) -> Changes:
    """Place each finding on its operation's page and field."""
    by_route = {_route(op.method, op.path): op for op in site.operations}
    order = {op.url: i for i, op in enumerate(site.reading_order)}
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        method, _, path = finding.operation.partition(" ")
        grouped.setdefault(_route(method, path), []).append(finding)

    def rank(route: tuple[str, str]) -> tuple[int, int, str]:
        worst = min(LEVELS.index(str(f.level)) for f in grouped[route])
        op = by_route.get(route)
        return (worst, order.get(op.url, len(order)) if op else len(order), " ".join(route))

    numbered = 0
    operations: list[OperationChanges] = []
    pages: dict[str, PageMarks] = {}
    for route in sorted(grouped, key=rank):
        op = by_route.get(route)
        method, _, path = grouped[route][0].operation.partition(" ")
        groups: list[tuple[str, tuple[Entry, ...]]] = []
        at: dict[str, list[Mark]] = {}
        for level in LEVELS:
            entries = []
            for finding in (f for f in grouped[route] if str(f.level) == level):
                numbered += 1
                anchor = _anchor(op, finding.path) if op is not None else ""
                entry = Entry(f"change-{numbered}", level, finding.rule, finding.message,
                              str(finding.old or ""), str(finding.new or ""),
                              f"{op.url}#{anchor}" if op is not None else "")
                entries.append(entry)
                at.setdefault(anchor, []).append(Mark(entry.id, level, finding.message))
            if entries:
                groups.append((level, tuple(entries)))
        worst = groups[0][0]
        operations.append(OperationChanges(method, path, op.title if op else "",
                                           op.url if op else "", worst, tuple(groups)))
        if op is not None:
            pages[op.url] = PageMarks({a: tuple(m) for a, m in at.items()},
                                      _inside(at), worst,
                                      tuple(m for marks in at.values() for m in marks))
    counts = tuple((level, n) for level in LEVELS
                   if (n := sum(1 for f in findings if str(f.level) == level))
                   or level != "uncertain")  # said only when a diff has such findings
    return Changes(old, counts, tuple(operations), pages)


def _route(method: str, path: str) -> tuple[str, str]:
    return method.upper(), _TEMPLATE.sub("{}", path.rstrip("/") or "/")


def _inside(at: Mapping[str, list[Mark]]) -> dict[str, str]:
    """anchor → the worst level of the changes at the fields below it."""
    inside: dict[str, str] = {}
    for anchor, marks in at.items():
        worst = min((m.level for m in marks), key=LEVELS.index)
        parts = anchor.split(".")
        for end in range(1, len(parts)):
            parent = ".".join(parts[:end])
            if parent not in inside or LEVELS.index(worst) < LEVELS.index(inside[parent]):
                inside[parent] = worst
    return inside


def _anchor(op: Operation, position: str) -> str:
    """The id on ``op``'s page of a diff position: the field's own, else the nearest
    field, body or response that holds it, else the top of the page."""
    head, _, rest = position.partition(".")
    candidates: list[str] = []
    if head in _LOCATIONS and rest:
        candidates += [f"param-{slug(head)}-{slug(rest)}", "parameters"]
    elif head == "request" and not rest:
        candidates.append("request")  # the body itself
    elif head == "request":
        names = _names(rest)
        # an action operation's fields sit under the variant whose key they start with
        variants = sorted(op.variants, key=lambda v: not (names and v.key == names[0]))
        for prefix in [v.anchor for v in variants] + ["request"]:
            candidates += _prefixes(prefix, names)
        candidates += ["request-body", "request"]
    elif head == "response":
        status, _, inner = rest.partition(".")
        candidates += _prefixes(f"response-{slug(status)}", _names(inner))
    elif position:
        candidates.append(f"response-{slug(position)}")  # a status code
    return next((c for c in candidates if c in op.anchors), "top")


def _names(position: str) -> list[str]:
    """``tasks[].labels{}.name`` → the field names the page uses: array items are
    their array's fields, map values the ``{key}`` field."""
    text = position.replace("[]", "").replace("{}", ".{key}")
    return [slug(name) for name in text.split(".") if name]


def _prefixes(base: str, names: list[str]) -> list[str]:
    """The anchor of the full path, then of each shorter one, down to ``base``."""
    return [".".join([base, *names[:end]]) for end in range(len(names), -1, -1)]
