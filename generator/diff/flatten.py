"""An OpenAPI operation as flat nodes: parameters, request and response positions.

Compositions are flattened too: an ``allOf`` is one object (its parts' properties
and required lists merged), and each member of an ``anyOf``/``oneOf`` is a
*variant* node under its parent, ``request.config<batch>``, labelled by what names
it on this side (its discriminator value, its title, its component, or its place),
so that every rule applies inside it. Which old variant is which new one is
decided by the engine (:func:`align_variants`), since only the two sides together
tell.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.diagnostics import Source
from generator.diff.model import Node
from generator.document import source_of

Json = dict[str, Any]
_MAX_DEPTH = 16  # docs nest a dozen levels at most; a cycle stops here too
_CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")
_CHOICES = ("oneOf", "anyOf")
# how strongly a variant's label names it: a discriminator value or a title is what
# the API says; a component name or a place only tells variants of one side apart
STRONG, TITLED, WEAK = 2, 1, 0


class Flattener:
    """Resolves ``$ref``/``allOf`` against one document's components."""

    def __init__(self, document: Json) -> None:
        self.schemas: Json = _map(_map(document.get("components")).get("schemas"))

    def resolve(self, schema: Any, seen: tuple[str, ...] = ()) -> tuple[Json, tuple[str, ...]]:
        """The schema behind refs and ``allOf`` (its parts merged), and the refs passed."""
        current = schema if isinstance(schema, dict) else {}
        while True:
            if "$ref" in current:
                name = str(current["$ref"]).rsplit("/", 1)[-1]
                if name in seen:
                    return {"type": "object", "x-cycle": name}, seen
                seen = (*seen, name)
                current = _map(self.schemas.get(name))
            elif _list(current.get("allOf")):
                own = {k: v for k, v in current.items() if k not in ("allOf", "x-source")}
                merged: Json = {}
                inner_seen = seen
                for part in current["allOf"]:
                    inner, passed = self.resolve(part, seen)
                    inner_seen = passed if len(current["allOf"]) == 1 else inner_seen
                    merged = _merge(merged, inner)
                current = _merge(merged, own)
                seen = inner_seen
            else:
                return current, seen

    def parameters(self, operation: Json) -> list[Node]:
        nodes = []
        for index, parameter in enumerate(_list(operation.get("parameters"))):
            parameter, _ = self.resolve(parameter)
            name = str(parameter.get("name", "?"))
            location = str(parameter.get("in", "?"))
            schema, _ = self.resolve(parameter.get("schema") or {})
            nodes.append(self._node(f"{location}.{name}", location, name, schema,
                                    bool(parameter.get("required")), index,
                                    source_of(parameter), location=location))
        return nodes

    def body(self, prefix: str, schema: Any) -> dict[str, Node]:
        """Every position in a body schema, keyed by its path under ``prefix``."""
        nodes: dict[str, Node] = {}
        resolved, seen = self.resolve(schema)
        root = self._node(prefix, "", prefix, resolved, True, 0, source_of(schema))
        nodes[prefix] = replace(root, component=seen[-1] if seen else "")
        self._walk(prefix, resolved, seen, nodes, 0, (seen[-1] if seen else "", prefix))
        return nodes

    def _walk(self, path: str, schema: Json, seen: tuple[str, ...], nodes: dict[str, Node],
              depth: int, base: tuple[str, str]) -> None:
        """``base``: the component this schema belongs to and where it was entered, so
        that a node knows its place in the component (one change to a schema shared by
        many operations is then one finding)."""
        if depth > _MAX_DEPTH or "x-cycle" in schema:
            return
        required = {r for r in _list(schema.get("required")) if isinstance(r, str)}
        children: list[tuple[str, str, Json, tuple[str, ...], bool, int, Source | None,
                             int]] = []
        for index, (name, prop) in enumerate(_map(schema.get("properties")).items()):
            resolved, inner_seen = self.resolve(prop, seen)
            children.append((f"{path}.{name}", str(name), resolved, inner_seen,
                             name in required, index, source_of(prop) or source_of(resolved),
                             0))
        for key, suffix in (("items", "[]"), ("additionalProperties", "{}")):
            inner = schema.get(key)
            if isinstance(inner, dict):
                resolved, inner_seen = self.resolve(inner, seen)
                # array items and map values are never "required": no rule may fire on it
                children.append((path + suffix, suffix, resolved, inner_seen, False, 0,
                                 source_of(resolved), 0))
        for index, (member, label, strength) in enumerate(self._variants(schema)):
            resolved, inner_seen = self.resolve(member, seen)
            # a variant is never "required" either: which one a body takes is its choice
            children.append((f"{path}<{label}>", f"<{label}>", resolved, inner_seen, False,
                             index, source_of(member) or source_of(resolved), strength + 1))
        owner, entry = base
        for child, name, resolved, inner_seen, is_required, index, source, variant \
                in children:
            local = child[len(entry):] if owner else ""
            entered = inner_seen[-1] if len(inner_seen) > len(seen) else ""
            nodes[child] = replace(
                self._node(child, path, name, resolved, is_required, index, source,
                           owner=owner, local=local, variant=variant), component=entered)
            inner_base = (entered, child) if entered else base
            self._walk(child, resolved, inner_seen, nodes, depth + 1, inner_base)

    def _variants(self, schema: Json) -> list[tuple[Json, str, int]]:
        """(member, label, how strongly the label names it) of an anyOf/oneOf."""
        members = [m for key in _CHOICES for m in _list(schema.get(key)) if isinstance(m, dict)]
        discriminator = schema.get("discriminator")
        mapping: dict[str, str] = {}
        prop = ""
        if isinstance(discriminator, dict):
            prop = str(discriminator.get("propertyName") or "")
            given = discriminator.get("mapping")
            mapping = {str(ref): str(value) for value, ref in given.items()} \
                if isinstance(given, dict) else {}
        found: list[tuple[Json, str, int]] = []
        taken: set[str] = set()
        for place, member in enumerate(members, 1):
            resolved, _ = self.resolve(member)
            label, strength = _label(member, resolved, mapping, prop, place)
            while label in taken:  # two members named alike stay apart
                label, strength = f"{label}#{place}", WEAK
            taken.add(label)
            found.append((member, label, strength))
        return found

    def _node(self, path: str, parent: str, name: str, schema: Json, required: bool,
              index: int, source: Source | None, *, location: str = "",
              owner: str = "", local: str = "", variant: int = 0) -> Node:
        kind = str(schema.get("type") or self._choice_type(schema))
        if kind == "object" and not schema.get("properties") \
                and schema.get("additionalProperties") is not False \
                and not any(schema.get(k) for k in _CHOICES):
            # an object of no named fields is a map, whether the docs say "Object" or
            # "Map<String,String>": the same JSON, the same client type
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
            owner=owner,
            local=local,
            variant=variant,
        )

    def _choice_type(self, schema: Json) -> str:
        """The type every member of a composition shares (``object`` for alternative
        bodies), else ``any``: a field that became one of several objects kept its type."""
        kinds = {str(self.resolve(m)[0].get("type", "any"))
                 for key in _CHOICES for m in _list(schema.get(key)) if isinstance(m, dict)}
        return kinds.pop() if len(kinds) == 1 else "any"


def _label(member: Json, resolved: Json, mapping: dict[str, str], prop: str,
           place: int) -> tuple[str, int]:
    ref = str(member.get("$ref", ""))
    if ref in mapping:
        return mapping[ref], STRONG
    properties = resolved.get("properties")
    field = properties.get(prop) if prop and isinstance(properties, dict) else None
    if isinstance(field, dict):
        values = field.get("enum") or field.get("x-extensible-enum")
        if isinstance(values, list) and len(values) == 1:
            return str(values[0]), STRONG
    title = member.get("title") or resolved.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip(), TITLED
    if ref:
        return ref.rsplit("/", 1)[-1], WEAK
    return f"#{place}", WEAK


def _merge(base: Json, extra: Json) -> Json:
    """Two schemas that both apply (``allOf``): their properties and required lists
    together, the rest of ``extra`` over ``base``."""
    merged = {**base, **{k: v for k, v in extra.items() if k not in ("properties", "required")}}
    properties = {**_map(base.get("properties")), **_map(extra.get("properties"))}
    if properties:
        merged["properties"] = properties
    before = _list(base.get("required"))
    required = [*before, *(r for r in _list(extra.get("required")) if r not in before)]
    if required:
        merged["required"] = required
    return merged


def _map(value: Any) -> Json:
    """``value`` where a spec must have a map there; a spec is untrusted: else {}."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _hashable(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else repr(value)
