"""Compare two OpenAPI documents operation by operation and apply the rules.

Operations are matched by method and path (template variable names aside), never
by operationId: ids get renamed and pages move. Within an operation, only the
top-most position of a change is reported: a removed object does not also report
each of its fields as removed. The members of an ``anyOf``/``oneOf`` are paired
across the sides by discriminator value, then title, then shape, so every rule
applies inside them. :func:`group` makes the findings on many operations of one
change to a shared component one :class:`Report`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from generator.diagnostics import Source
from generator.diff.flatten import Flattener, Json
from generator.diff.model import Change, Finding, Level, Node, Report, Side
from generator.diff.rules import Rule, rules_for
from generator.diff.uncertain import uncertainty
from generator.diff.variants import align_variants
from generator.document import Request, requests, source_of

_TEMPLATE = re.compile(r"\{[^{}]*\}")
_SCOPES = {
    "operation": ("operation",),
    "parameter": ("parameter", "any", "request-or-parameter"),
    "request": ("request", "any", "request-or-parameter"),
    "response": ("response", "any"),
    "response-status": ("response-status",),
    "request-body": ("request-body",),
}


def diff_documents(old: Side, new: Side) -> list[Finding]:
    """Every rule's findings between ``old`` and ``new``, one per operation, sorted by
    operation and path (:func:`group` makes them one per change)."""
    differ = _Differ(old, new)
    findings = [f for change, kind in differ.changes() for f in differ.apply(change, kind)]
    return sorted(findings, key=lambda f: f.sort_key())


def group(findings: list[Finding]) -> list[Report]:
    """One report per change: the findings of one rule at one position of a shared
    component, cited by the same doc lines, are one change reaching many operations."""
    reports: dict[tuple[object, ...], list[Finding]] = {}
    for finding in findings:
        key: tuple[object, ...] = (finding.rule, finding.level, finding.shared,
                                   finding.defined, finding.message.replace(finding.path, ""))
        if not finding.shared:
            key = (id(finding),)
        reports.setdefault(key, []).append(finding)
    grouped = [Report(tuple(sorted(each, key=lambda f: f.sort_key())))
               for each in reports.values()]
    return sorted(grouped, key=lambda r: (-int(r.level), r.first.sort_key()))


def _route(method: str, path: str) -> tuple[str, str]:
    return method, _TEMPLATE.sub("{}", path.rstrip("/") or "/")


def _marker(path: str, name: str, source: Source | None, kind: str = "object",
            required: bool = False) -> Node:
    """A node for something that is not a schema position: an operation, a status."""
    return Node(path, "", name, kind, None, required, None, (), source, 0)


def _below(path: str, ancestor: str) -> bool:
    return path.startswith((ancestor + ".", ancestor + "[", ancestor + "{", ancestor + "<"))


class _Differ:
    def __init__(self, old: Side, new: Side) -> None:
        self.old, self.new = old, new
        self.flat_old, self.flat_new = Flattener(old.document), Flattener(new.document)

    # --- citations ---------------------------------------------------------------------------
    @staticmethod
    def _cite(source: Source | None, side: Side) -> Source | None:
        if source is None or not side.label:
            return source
        return Source(f"{side.label.rstrip('/')}/{source.path}", source.line)

    def apply(self, change: Change, kind: str) -> Iterable[Finding]:
        old_source = (change.old.source if change.old is not None else None) \
            or change.old_context
        new_source = (change.new.source if change.new is not None else None) \
            or change.new_context
        rules: list[Rule] = [r for scope in _SCOPES[kind] for r in rules_for(scope)]
        shared = (change.old.shared if change.old is not None else "") or \
            (change.new.shared if change.new is not None else "")
        defined = self._cite(change.old.source if change.old is not None else None,
                             self.old) or \
            self._cite(change.new.source if change.new is not None else None, self.new)
        for rule in rules:
            message = rule.check(change)
            if not message:
                continue
            # kept whatever the rule's level: a project may raise the rule to breaking
            why = uncertainty(change, self.old, self.new)
            level = Level.UNCERTAIN if why and rule.level is Level.BREAKING else rule.level
            yield Finding(rule.id, level, change.operation, change.path, message,
                          self._cite(old_source, self.old), self._cite(new_source, self.new),
                          self._cite(change.old_page, self.old),
                          self._cite(change.new_page, self.new), shared, defined, why)

    # --- walking -----------------------------------------------------------------------------
    def changes(self) -> Iterable[tuple[Change, str]]:
        old_routes: dict[tuple[str, str], list[Request]] = {}
        new_routes: dict[tuple[str, str], list[Request]] = {}
        for routes, document in ((old_routes, self.old.document),
                                 (new_routes, self.new.document)):
            for each in requests(document):
                routes.setdefault(_route(each.method, each.path), []).append(each)
        pairs: list[tuple[Request | None, Request | None]] = []
        for route in sorted(set(old_routes) | set(new_routes)):
            pairs += _pair(old_routes.get(route, []), new_routes.get(route, []))
        for o, n in pairs:
            either = n or o
            assert either is not None
            name = f"{either.method} {either.path}"
            if either.variant:
                name += f" [{either.variant}]"
            old_op = o.operation if o else None
            new_op = n.operation if n else None
            old_page, new_page = source_of(old_op), source_of(new_op)
            for change, kind in self._operation(name, old_op, new_op):
                yield replace(change, old_page=old_page, new_page=new_page), kind

    def _operation(self, name: str, old_op: Json | None, new_op: Json | None,
                   ) -> Iterable[tuple[Change, str]]:
        old_marker = _marker("", str(old_op.get("operationId", "")), source_of(old_op)) \
            if old_op is not None else None
        new_marker = _marker("", str(new_op.get("operationId", "")), source_of(new_op)) \
            if new_op is not None else None
        yield Change(name, "request", "", old_marker, new_marker,
                     source_of(old_op), source_of(new_op)), "operation"
        if old_op is None or new_op is None:
            return
        context = (source_of(old_op), source_of(new_op))
        yield from self._parameters(name, old_op, new_op, context)
        yield from self._request(name, old_op, new_op, context)
        yield from self._responses(name, old_op, new_op, context)

    def _parameters(self, name: str, old_op: Json, new_op: Json,
                    context: tuple[Source | None, Source | None],
                    ) -> Iterable[tuple[Change, str]]:
        old = {(p.location, p.name): p for p in self.flat_old.parameters(old_op)}
        new = {(p.location, p.name): p for p in self.flat_new.parameters(new_op)}
        removed = [old[k] for k in old if k not in new]
        added = [new[k] for k in new if k not in old]
        pairs: list[tuple[Node | None, Node | None]] = [(old[k], new[k]) for k in old if k in new]
        for node in list(removed):
            moved = [a for a in added if a.name == node.name]
            renamed = [a for a in added if a.location == node.location
                       and a.type_label == node.type_label and a.index == node.index]
            match = moved[0] if moved else renamed[0] if len(renamed) == 1 else None
            if match is not None:
                removed.remove(node)
                added.remove(match)
                pairs.append((node, match))
        pairs += [(r, None) for r in removed] + [(None, a) for a in added]
        for o, n in sorted(pairs, key=lambda p: (p[0] or p[1]).path):  # type: ignore[union-attr]
            path = (o or n).path  # type: ignore[union-attr]
            yield Change(name, "request", path, o, n, *context), "parameter"

    def _request(self, name: str, old_op: Json, new_op: Json,
                 context: tuple[Source | None, Source | None]) -> Iterable[tuple[Change, str]]:
        old_schema, new_schema = _body_schema(old_op.get("requestBody")), _body_schema(
            new_op.get("requestBody"))
        old_tree = self.flat_old.body("request", old_schema) if old_schema else {}
        new_tree = self.flat_new.body("request", new_schema) if new_schema else {}
        required = any(n.required for n in new_tree.values() if n.parent == "request")
        yield Change(name, "request", "request",
                     _marker("request", "body", context[0], "object" if old_schema else "none"),
                     _marker("request", "body", context[1], "object" if new_schema else "none",
                             required), *context), "request-body"
        if old_tree and new_tree:
            yield from self._tree(name, "request", old_tree, new_tree, context)

    def _responses(self, name: str, old_op: Json, new_op: Json,
                   context: tuple[Source | None, Source | None],
                   ) -> Iterable[tuple[Change, str]]:
        old, new = _responses(old_op), _responses(new_op)
        for status in sorted(set(old) | set(new), key=str):
            o, n = old.get(status), new.get(status)
            old_schema = _body_schema(o) if isinstance(o, dict) else None
            new_schema = _body_schema(n) if isinstance(n, dict) else None
            yield Change(
                name, "response", str(status),
                _marker(str(status), str(status), source_of(o) or context[0],
                        "object" if old_schema else "none") if o is not None else None,
                _marker(str(status), str(status), source_of(n) or context[1],
                        "object" if new_schema else "none") if n is not None else None,
                *context), "response-status"
            if old_schema and new_schema:
                prefix = f"response.{status}"
                yield from self._tree(name, "response", self.flat_old.body(prefix, old_schema),
                                      self.flat_new.body(prefix, new_schema),
                                      (source_of(o) or context[0], source_of(n) or context[1]))

    def _tree(self, name: str, direction: str, old: dict[str, Node], new: dict[str, Node],
              context: tuple[Source | None, Source | None]) -> Iterable[tuple[Change, str]]:
        old, new = align_variants(old, new)
        renames = _renames(old, new)
        renamed_new = {n.path for n in renames.values()}
        stopped: list[str] = []
        for path in sorted(set(old) | set(new)):
            if any(_below(path, s) for s in stopped) or any(_below(path, r)
                                                             for r in renamed_new):
                continue
            o, n = old.get(path), new.get(path)
            if o is not None and o.path in renames:
                n = renames[o.path]
            elif o is None and path in renamed_new:
                continue  # reported with the old name
            if o is None or n is None or o.type != n.type or o.name != n.name:
                stopped.append(path)
            # a side without the node (or a node without a line: a map's values) cites
            # the parent the node sits in
            parent = (o or n).parent  # type: ignore[union-attr]
            old_context = old[parent].source if parent in old else context[0]
            new_context = new[parent].source if parent in new else context[1]
            yield Change(name, direction, path, o, n, old_context or context[0],
                         new_context or context[1], old_objects=_objects(old, parent, o),
                         new_objects=_objects(new, parent, n)), direction


def _objects(tree: dict[str, Node], parent: str, node: Node | None) -> frozenset[str]:
    """The components a changed field sits in (and, for an object, is) on one side."""
    names = {tree[parent].component if parent in tree else ""}
    if node is not None:
        names |= {node.owner, node.component}
    return frozenset(n.lower() for n in names if n)


def _pair(old: list[Request], new: list[Request],
          ) -> list[tuple[Request | None, Request | None]]:
    """The requests of one route, old and new, paired: by body key, then by page, then by
    operationId; as many left on each side as on the other are the same requests in
    order (one page that became variants, or the reverse; variants naming nothing)."""
    pairs: list[tuple[Request | None, Request | None]] = []
    old, new = list(old), list(new)
    for kind in ("key:", "page:", "id:"):
        for o in list(old):
            mine = {i for i in o.identities if i.startswith(kind)}
            match = next((n for n in new if mine & n.identities), None)
            if match is not None:
                pairs.append((o, match))
                old.remove(o)
                new.remove(match)
    if len(old) == len(new):  # as many left as came, nothing to tell them apart: in order
        pairs += list(zip(old, new, strict=True))
        return pairs
    pairs += [(o, None) for o in old] + [(None, n) for n in new]
    return pairs


def _responses(operation: Json) -> Json:
    found = operation.get("responses")
    return found if isinstance(found, dict) else {}  # a spec is untrusted


def _body_schema(node: Any) -> Json | None:
    if not isinstance(node, dict):
        return None
    content = node.get("content")
    for media in (content.values() if isinstance(content, dict) else ()):
        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
            return dict(media["schema"])
    return None


def _renames(old: dict[str, Node], new: dict[str, Node]) -> dict[str, Node]:
    """old path → new node, for a field removed and another added under the same parent,
    of the same type, right after the same surviving sibling: one change, not two."""
    removed = [n for p, n in old.items() if p not in new and n.parent in new and n.parent
               and not n.variant]
    added = [n for p, n in new.items() if p not in old and n.parent in old and n.parent
             and not n.variant]

    def anchor(node: Node, tree: dict[str, Node]) -> str:
        siblings = sorted((s for s in tree.values() if s.parent == node.parent
                           and s.index < node.index and s.path in old and s.path in new),
                          key=lambda s: s.index)
        return siblings[-1].name if siblings else ""

    groups: dict[tuple[str, str, str], tuple[list[Node], list[Node]]] = {}
    for node in removed:
        groups.setdefault((node.parent, node.type_label, anchor(node, old)), ([], []))[0].append(
            node)
    for node in added:
        key = (node.parent, node.type_label, anchor(node, new))
        if key in groups:
            groups[key][1].append(node)
    result: dict[str, Node] = {}
    for gone, came in groups.values():
        # as many went as came, in the same place: the same fields under new names
        if len(gone) == len(came):
            by_place = sorted(gone, key=lambda n: n.index), sorted(came, key=lambda n: n.index)
            for r, a in zip(*by_place, strict=True):
                result[r.path] = a
    return result
