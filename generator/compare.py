"""Where two doc sets of the same API disagree (an English and a Chinese reference,
say): operations, parameters, fields, types, requiredness, status codes.

Unlike :mod:`generator.diff` there is no old and new and no verdict: each
disagreement is listed with the doc line on both sides. Fields are compared as
positions (``response.200.tasks[].status``) with ``$ref`` resolved, so component
names, anchors and the language of descriptions never count.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Source
from generator.diff.flatten import Flattener
from generator.diff.model import Node, Side
from generator.document import operations, source_of

Json = dict[str, Any]


@dataclass(frozen=True)
class Disagreement:
    operation: str
    kind: str  # operation-missing, parameter, field, status
    path: str
    a: str  # what side A says ("-" when it says nothing)
    b: str
    a_source: Source | None
    b_source: Source | None


def _describe(node: Node | None) -> str:
    if node is None:
        return "-"
    required = ", required" if node.required else ""
    where = f"{node.location} " if node.location else ""
    return f"{where}{node.type_label}{required}"


def _nodes(flat: Flattener, operation: Json) -> dict[str, Node]:
    nodes = {f"parameter.{p.name}": p for p in flat.parameters(operation)}
    body = (operation.get("requestBody") or {}).get("content", {}).get("application/json", {})
    if isinstance(body.get("schema"), dict):
        nodes.update(flat.body("request", body["schema"]))
    for status, response in (operation.get("responses") or {}).items():
        nodes[f"status.{status}"] = Node(f"status.{status}", "", str(status), "status", None,
                                         False, None, (), source_of(response), 0)
        media = (response.get("content") or {}).get("application/json", {}) \
            if isinstance(response, dict) else {}
        if isinstance(media.get("schema"), dict):
            nodes.update(flat.body(f"response.{status}", media["schema"]))
    return nodes


def paired_operations(a: Json, b: Json,
                      ) -> Iterator[tuple[tuple[str, str], Json | None, Json | None]]:
    """The operations of two documents of the same API, paired by method and path:
    ((METHOD, path), a's operation or None, b's operation or None), sorted."""
    ops_a = {(m, p): op for m, p, op in operations(a)}
    ops_b = {(m, p): op for m, p, op in operations(b)}
    for key in sorted(set(ops_a) | set(ops_b)):
        yield key, ops_a.get(key), ops_b.get(key)


def compare_documents(a: Side, b: Side) -> list[Disagreement]:
    flat_a, flat_b = Flattener(a.document), Flattener(b.document)
    found: list[Disagreement] = []
    for key, op_a, op_b in paired_operations(a.document, b.document):
        name = f"{key[0]} {key[1]}"
        if op_a is None or op_b is None:
            found.append(Disagreement(name, "operation-missing", "", "-" if op_a is None else
                                      "documented", "-" if op_b is None else "documented",
                                      source_of(op_a), source_of(op_b)))
            continue
        nodes_a, nodes_b = _nodes(flat_a, op_a), _nodes(flat_b, op_b)
        for path in sorted(set(nodes_a) | set(nodes_b)):
            node_a, node_b = nodes_a.get(path), nodes_b.get(path)
            if node_a is not None and node_b is not None and _describe(node_a) == _describe(
                    node_b):
                continue
            kind = path.split(".", 1)[0]
            found.append(Disagreement(
                name, {"parameter": "parameter", "status": "status"}.get(kind, "field"), path,
                _describe(node_a), _describe(node_b),
                node_a.source if node_a else source_of(op_a),
                node_b.source if node_b else source_of(op_b)))
    return found


def _cite(source: Source | None, side: Side) -> str:
    if source is None:
        return "-"
    return f"{side.label.rstrip('/')}/{source}" if side.label else str(source)


def render_text(found: list[Disagreement], a: Side, b: Side) -> str:
    lines = [f"{d.operation}: {d.kind} {d.path}: A says {d.a}, B says {d.b}\n"
             f"    {_cite(d.a_source, a)} | {_cite(d.b_source, b)}" for d in found]
    lines.append(f"{len(found)} disagreements")
    return "\n".join(lines) + "\n"


def render_json(found: list[Disagreement], a: Side, b: Side) -> str:
    return json.dumps([{"operation": d.operation, "kind": d.kind, "path": d.path, "a": d.a,
                        "b": d.b, "a_source": _cite(d.a_source, a),
                        "b_source": _cite(d.b_source, b)} for d in found],
                      indent=2, ensure_ascii=False) + "\n"
