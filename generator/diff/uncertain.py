"""When a finding may be false: the side that lacks (or types differently) a field
could not place a table the field may have come from.

A docs side is built in memory, so its build's diagnostics are at hand: a table
that no row links to (``unlinked-table``) or that only left-out rows link to
(``unreached-table``) had its rows left out. A breaking finding on a field one side lacks (or types
otherwise) whose parent object such a table describes, on a page of that operation,
on either side (the side lacking the field left its table out; or the other side's
link landed on a wrong table and left the right one out), is ``uncertain``: the docs
may say the same on both sides, with one link pointing at the wrong table. A
spec-file side carries no diagnostics: its findings are never uncertain (the README
says so).
"""

from __future__ import annotations

import re

from generator.diagnostics import Diagnostic, Source
from generator.diff.model import Change, Node, Side

UNPLACED = frozenset({"unlinked-table", "unreached-table"})
_CAPTION = re.compile(r"table '([^']*)'")
_WORD = re.compile(r"[\w@:.-]+")
_SEGMENT = re.compile(r"[.\[\]{}<>]+")
# path steps that name no object a table describes
_NOT_NAMES = frozenset({"request", "response", "query", "path", "header", "cookie", ""})


def uncertainty(change: Change, old: Side, new: Side) -> str:
    """The diagnostic that makes ``change`` uncertain, as ``file:line: code: message``
    (the side's label before the file), or "" when nothing does."""
    if change.old is not None and change.new is not None \
            and (change.old.type == change.new.type or change.renamed):
        return ""  # both sides placed it, and agree on its kind
    # either side may be the one that misread: the one missing the field, or the one
    # whose link landed on the wrong table (and left the right one unplaced)
    looks = [(old, change.old, change.old_page, change.old_context),
             (new, change.new, change.new_page, change.new_context)]
    names = _names(change)
    for side, node, page, context in looks:
        found = _unplaced_at(side, _files(node, page, context), names)
        if found is not None:
            where = f"{side.label.rstrip('/')}/{found.source.path}" if side.label \
                else found.source.path
            return f"{where}:{found.source.line}: {found.code}: {found.message}"
    return ""


def _files(node: Node | None, *sources: Source | None) -> set[str]:
    cited = [*sources, node.source if node is not None else None]
    return {s.path for s in cited if s is not None}


def _names(change: Change) -> set[str]:
    """The objects on the way to the changed field: a table describing one of them
    holds the field (or, for a type change, the field's own object)."""
    steps = [s for s in _SEGMENT.split(change.path) if s.lower() not in _NOT_NAMES
             and not s.isdigit()]
    if change.old is None or change.new is None:
        steps = steps[:-1]  # the field itself sits in its parent's table
    return {s.lower() for s in steps}


def _unplaced_at(side: Side, files: set[str], names: set[str]) -> Diagnostic | None:
    for diagnostic in side.unplaced:
        if diagnostic.source.path not in files:
            continue
        caption = _CAPTION.search(diagnostic.message)
        words = {w.lower() for w in _WORD.findall(caption.group(1) if caption else "")}
        if names & words:
            return diagnostic
    return None
