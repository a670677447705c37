"""When a finding may be false: one side could not place a table the changed field
may have come from.

A docs side is built in memory, so its build's diagnostics are at hand: a table
that no row links to (``unlinked-table``) or that only left-out rows link to
(``unreached-table``) had its rows left out. Two ways that makes a false change,
both seen in the ModelArts history: the side left out the table holding the field
(the field looks removed or added), or a row's link landed on the wrong table
while the right one was left out (the wrong table's fields look removed or
renamed). So a breaking finding is ``uncertain`` where a side has such a
diagnostic on a page of the operation (or the page the field is cited at) whose
table is named after the object the field sits in on the other side (its field
name or its component), and not after the object it sits in on that side itself
(a side that did place a table of that name, beside one it left out, read the
field from it).

A spec-file side carries no diagnostics: its findings are never uncertain (the
README says so).
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
            and change.old.type == change.new.type and not change.renamed:
        return ""  # both sides placed it, and agree on its kind
    field = _parent_name(change)
    looks = [(old, change.old, change.old_page, change.old_context, change.old_objects,
              change.new_objects),
             (new, change.new, change.new_page, change.new_context, change.new_objects,
              change.old_objects)]
    for side, node, page, context, own, other in looks:
        found = _unplaced_at(side, _files(node, page, context), (other | field) - own, own)
        if found is not None:
            where = f"{side.label.rstrip('/')}/{found.source.path}" if side.label \
                else found.source.path
            return f"{where}:{found.source.line}: {found.code}: {found.message}"
    return ""


def _files(node: Node | None, *sources: Source | None) -> set[str]:
    cited = [*sources, node.source if node is not None else None]
    return {s.path for s in cited if s is not None}


def _parent_name(change: Change) -> frozenset[str]:
    """The field the changed one sits in (a table is named after it: "notebook
    parameters"), or the changed field itself where its own kind changed."""
    steps = [s for s in _SEGMENT.split(change.path) if s.lower() not in _NOT_NAMES
             and not s.isdigit()]
    if change.old is None or change.new is None or change.renamed:
        steps = steps[:-1]
    return frozenset(s.lower() for s in steps[-1:])


def _unplaced_at(side: Side, files: set[str], names: frozenset[str],
                 own: frozenset[str]) -> Diagnostic | None:
    for diagnostic in side.unplaced:
        if diagnostic.source.path not in files:
            continue
        caption = _CAPTION.search(diagnostic.message)
        words = {w.lower() for w in _WORD.findall(caption.group(1) if caption else "")}
        if names & words and not own & words:
            return diagnostic
    return None
