"""An OpenAPI operation as flat nodes: parameters, request and response positions."""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Source
from generator.diff.model import Node
from generator.document import source_of

Json = dict[str, Any]
_MAX_DEPTH = 16  # docs nest a dozen levels at most; a cycle stops here too
_CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")


class Flattener:
    """Resolves ``$ref``/``allOf`` against one document's components."""

    def __init__(self, document: Json) -> None:
        self.schemas: Json = (document.get("components") or {}).get("schemas") or {}

    def resolve(self, schema: Any, seen: tuple[str, ...] = ()) -> tuple[Json, tuple[str, ...]]:
        """The schema behind refs and single-element allOf wrappers, and the refs passed."""
        current = schema if isinstance(schema, dict) else {}
        while True:
            if "$ref" in current:
                name = str(current["$ref"]).rsplit("/", 1)[-1]
                if name in seen:
                    return {"type": "object", "x-cycle": name}, seen
                seen = (*seen, name)
                current = self.schemas.get(name) or {}
            elif isinstance(current.get("allOf"), list) and len(current["allOf"]) == 1:
                merged = {k: v for k, v in current.items() if k != "allOf"}
                inner, seen = self.resolve(current["allOf"][0], seen)
                current = {**inner, **{k: v for k, v in merged.items() if k != "x-source"}}
            else:
                return current, seen

    def parameters(self, operation: Json) -> list[Node]:
        nodes = []
        for index, parameter in enumerate(operation.get("parameters") or []):
            parameter, _ = self.resolve(parameter)
            name = str(parameter.get("name", "?"))
            location = str(parameter.get("in", "?"))
            schema, _ = self.resolve(parameter.get("schema") or {})
            nodes.append(self._node(f"{location}.{name}", location, name, schema,
                                    bool(parameter.get("required")), index,
                                    source_of(parameter), location))
        return nodes

    def body(self, prefix: str, schema: Any) -> dict[str, Node]:
        """Every position in a body schema, keyed by its path under ``prefix``."""
        nodes: dict[str, Node] = {}
        resolved, seen = self.resolve(schema)
        root = self._node(prefix, "", prefix, resolved, True, 0, source_of(schema))
        nodes[prefix] = root
        self._walk(prefix, resolved, seen, nodes, depth=0)
        return nodes

    def _walk(self, path: str, schema: Json, seen: tuple[str, ...], nodes: dict[str, Node],
              depth: int) -> None:
        if depth > _MAX_DEPTH or "x-cycle" in schema:
            return
        required = set(schema.get("required") or [])
        for index, (name, prop) in enumerate((schema.get("properties") or {}).items()):
            resolved, inner_seen = self.resolve(prop, seen)
            child = f"{path}.{name}"
            nodes[child] = self._node(child, path, str(name), resolved, name in required, index,
                                      source_of(prop) or source_of(resolved))
            self._walk(child, resolved, inner_seen, nodes, depth + 1)
        for key, suffix in (("items", "[]"), ("additionalProperties", "{}")):
            inner = schema.get(key)
            if isinstance(inner, dict):
                resolved, inner_seen = self.resolve(inner, seen)
                child = path + suffix
                # array items and map values are never "required": no rule may fire on it
                nodes[child] = self._node(child, path, suffix, resolved, False, 0,
                                          source_of(resolved))
                self._walk(child, resolved, inner_seen, nodes, depth + 1)

    @staticmethod
    def _node(path: str, parent: str, name: str, schema: Json, required: bool, index: int,
              source: Source | None, location: str = "") -> Node:
        kind = str(schema.get("type", "any"))
        if kind == "object" and isinstance(schema.get("additionalProperties"), dict) \
                and not schema.get("properties"):
            kind = "map"
        # documented values: the open set our specs write, or a closed enum
        enum = schema.get("x-extensible-enum", schema.get("enum"))
        return Node(
            path=path,
            parent=parent,
            name=name,
            type=kind,
            format=schema.get("format"),
            required=required,
            enum=frozenset(_hashable(v) for v in enum) if isinstance(enum, list) else None,
            constraints=tuple((k, float(schema[k])) for k in _CONSTRAINTS
                              if isinstance(schema.get(k), int | float)),
            source=source,
            index=index,
            location=location,
        )


def _hashable(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else repr(value)
