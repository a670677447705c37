"""IR → OpenAPI 3.0.3 document (a plain dict, in a deterministic order).

Schemas become components, deduplicated across pages by structure: the same
name with the same structure (property names, types, requiredness, nested
structure; descriptions aside) is one component; the same name with another
structure gets a distinct, deterministic name and an ``info`` diagnostic that
says why. Every operation, parameter, property and example carries
``x-source`` (file relative to the docs root, and line).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostics, Source
from generator.ir import (
    Api,
    Constraints,
    EnumValue,
    Example,
    Field,
    Kind,
    Operation,
    Parameter,
    Schema,
    TypeRef,
)

OPENAPI_VERSION = "3.0.3"
SECURITY_SCHEME = "token"
NO_CONSTRAINTS = Constraints()
_NOT_NAME = re.compile(r"[^A-Za-z0-9]+")

Json = dict[str, Any]


@dataclass(frozen=True)
class Server:
    url: str
    variables: dict[str, str]


def emit_openapi(api: Api, servers: Iterable[Server] = (),
                 ) -> tuple[Json, Diagnostics]:
    """The OpenAPI document for ``api``, and what was noticed on the way."""
    diagnostics = Diagnostics()
    operations = _unique_operations(api.operations, diagnostics)
    names = _component_names(operations, diagnostics)
    schemas = {s.key: s for op in operations for s in op.schemas}
    emitter = _Emitter(names)

    paths: Json = {}
    for op in sorted(operations, key=lambda o: (o.path, _METHOD_ORDER.get(o.method, 9))):
        paths.setdefault(op.path, {})[op.method.lower()] = emitter.operation(op)
    # each component is written from its first page (by path and line); the others
    # share its structure and differ at most in descriptions
    representative: dict[str, Schema] = {}
    for key in sorted(names, key=lambda k: schemas[k].source):
        representative.setdefault(names[key], schemas[key])
    components: Json = {
        "schemas": {name: emitter.schema(representative[name]) for name in sorted(representative)},
        "securitySchemes": {
            SECURITY_SCHEME: {
                "type": "apiKey", "in": "header", "name": "X-Auth-Token",
                "description": "An IAM token, sent in the X-Auth-Token header.",
            },
        },
    }
    document: Json = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": api.title, "version": api.version},
        "servers": [_server(s) for s in servers],
        "security": [{SECURITY_SCHEME: []}],
        "tags": [{"name": tag} for tag in sorted({op.tag for op in operations})],
        "paths": paths,
        "components": components,
    }
    if not document["servers"]:
        del document["servers"]
    return document, diagnostics


_METHOD_ORDER = {m: i for i, m in enumerate(
    ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"))}


def _server(server: Server) -> Json:
    result: Json = {"url": server.url}
    if server.variables:
        result["variables"] = {k: {"default": v} for k, v in sorted(server.variables.items())}
    return result


def x_source(source: Source) -> Json:
    return {"file": source.path, "line": source.line}


def _unique_operations(operations: Iterable[Operation], diagnostics: Diagnostics,
                       ) -> list[Operation]:
    """One operation per method + path and per operationId; later pages yield."""
    by_route: dict[tuple[str, str], Operation] = {}
    ids: set[str] = set()
    result = []
    for op in sorted(operations, key=lambda o: o.source):
        route = (op.method, op.path)
        if route in by_route:
            diagnostics.error("duplicate-operation",
                              f"{op.method} {op.path} is documented again; the page at "
                              f"{by_route[route].source} is used", op.source)
            continue
        if op.operation_id in ids:
            diagnostics.error("duplicate-operation-id",
                              f"operationId {op.operation_id!r} is used by another page; "
                              f"this {op.method} {op.path} is left out", op.source)
            continue
        by_route[route] = op
        ids.add(op.operation_id)
        result.append(op)
    return result


# --- component names -------------------------------------------------------------------------
def component_name(name: str) -> str:
    """A docs name as a component name: PascalCase words, letters and digits only."""
    words = [w for w in _NOT_NAME.split(name) if w]
    joined = "".join(w[:1].upper() + w[1:] for w in words)
    if not joined or not joined[0].isalpha():
        joined = "Schema" + joined
    return joined


def _component_names(operations: list[Operation], diagnostics: Diagnostics) -> dict[str, str]:
    """schema key → component name, deduplicated by structure."""
    schemas = {s.key: s for op in operations for s in op.schemas}
    owner = {s.key: op.operation_id for op in operations for s in op.schemas}
    structure = _Structure(schemas)
    groups: dict[str, dict[tuple[Any, ...], list[Schema]]] = defaultdict(lambda: defaultdict(list))
    for schema in sorted(schemas.values(), key=lambda s: s.source):
        groups[component_name(schema.name)][structure.of(schema.key)].append(schema)

    names: dict[str, str] = {}
    taken: set[str] = set(groups)
    for base in sorted(groups):
        variants = sorted(groups[base].values(), key=lambda v: (-len(v), v[0].source))
        first = variants[0][0]
        for index, members in enumerate(variants):
            if index == 0:
                name = base
            else:
                name = component_name(owner[members[0].key]) + base
                suffix = 2
                while name in taken:
                    name, suffix = f"{component_name(owner[members[0].key])}{base}{suffix}", \
                        suffix + 1
                taken.add(name)
                diagnostics.info(
                    "component-renamed",
                    f"{base!r} here differs in structure from {base!r} at {first.source}; "
                    f"emitted as {name!r}", members[0].source)
            for schema in members:
                names[schema.key] = name
    return names


class _Structure:
    """A schema's structure as a hashable value: what makes two components one."""

    def __init__(self, schemas: dict[str, Schema]) -> None:
        self.schemas = schemas
        self.memo: dict[str, tuple[Any, ...]] = {}
        self.active: set[str] = set()

    def of(self, key: str) -> tuple[Any, ...]:
        if key in self.memo:
            return self.memo[key]
        schema = self.schemas.get(key)
        if schema is None or key in self.active:
            # a cycle: compare the name it closes on, not the structure again
            return ("cycle", component_name(schema.name) if schema else key)
        self.active.add(key)
        result = tuple((f.name, self._type(f.type), f.required, tuple(e.value for e in f.enum),
                        f.constraints) for f in schema.fields)
        self.active.discard(key)
        self.memo[key] = result
        return result

    def _type(self, ref: TypeRef) -> tuple[Any, ...]:
        items = self._type(ref.items) if ref.items is not None else None
        nested = self.of(ref.schema) if ref.schema is not None else None
        return (ref.kind.value, ref.format, items, nested)


# --- schemas and operations ------------------------------------------------------------------
class _Emitter:
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def type_schema(self, ref: TypeRef) -> Json:
        if ref.schema is not None:
            return {"$ref": f"#/components/schemas/{self.names[ref.schema]}"}
        if ref.kind is Kind.ARRAY:
            return {"type": "array",
                    "items": self.type_schema(ref.items) if ref.items else {}}
        if ref.kind is Kind.MAP:
            return {"type": "object",
                    "additionalProperties": self.type_schema(ref.items) if ref.items else {}}
        if ref.kind is Kind.ANY:
            return {}
        result: Json = {"type": ref.kind.value}
        if ref.format:
            result["format"] = ref.format
        return result

    def typed_schema(self, ref: TypeRef, enum: tuple[EnumValue, ...],
                     constraints: Constraints = NO_CONSTRAINTS) -> Json:
        """A type's schema with the documented values and constraints on its primitive
        leaf (the items of an array of strings)."""
        schema = self.type_schema(ref)
        leaf = schema
        while leaf.get("type") == "array":
            leaf = leaf["items"]
        for key, value in (("minimum", constraints.minimum), ("maximum", constraints.maximum),
                           ("minLength", constraints.min_length),
                           ("maxLength", constraints.max_length),
                           ("pattern", constraints.pattern),
                           ("default", constraints.default)):
            if value is not None and "$ref" not in leaf:
                leaf[key] = int(value) if isinstance(value, float) and value.is_integer() \
                    and leaf.get("type") == "integer" else value
        if enum:
            leaf["enum"] = [e.value for e in enum]
            if any(e.description for e in enum):
                # a list aligned with `enum`, as openapi-generator and
                # datamodel-code-generator read it
                leaf["x-enum-descriptions"] = [e.description for e in enum]
        return schema

    def _described(self, ref: TypeRef, description: str, source: Source,
                   enum: tuple[EnumValue, ...] = (),
                   constraints: Constraints = NO_CONSTRAINTS) -> Json:
        schema = self.typed_schema(ref, enum, constraints)
        if "$ref" in schema:
            # OpenAPI 3.0 ignores siblings of $ref: wrap it to keep the description
            schema = {"allOf": [schema]}
        if description:
            schema["description"] = description
        schema["x-source"] = x_source(source)
        return schema

    def schema(self, schema: Schema) -> Json:
        result: Json = {"type": "object"}
        required = [f.name for f in schema.fields if f.required]
        if required:
            result["required"] = required
        result["properties"] = {f.name: self.property(f) for f in schema.fields}
        result["x-source"] = x_source(schema.source)
        return result

    def property(self, f: Field) -> Json:
        return self._described(f.type, f.description, f.source, f.enum, f.constraints)

    def parameter(self, p: Parameter) -> Json:
        result: Json = {"name": p.name, "in": p.location.value}
        if p.description:
            result["description"] = p.description
        result["required"] = p.required
        result["schema"] = self.typed_schema(p.type, p.enum, p.constraints)
        result["x-source"] = x_source(p.source)
        return result

    def content(self, body: TypeRef | None, examples: tuple[Example, ...]) -> Json:
        media: Json = {}
        if body is not None:
            media["schema"] = self.type_schema(body)
        parsed = [e for e in examples if e.parsed]
        if parsed:
            media["examples"] = {
                f"example{i}": _example(e) for i, e in enumerate(parsed, start=1)}
        return {"application/json": media} if media else {}

    def operation(self, op: Operation) -> Json:
        result: Json = {"operationId": op.operation_id, "summary": op.summary}
        if op.description:
            result["description"] = op.description
        result["tags"] = [op.tag]
        if op.parameters:
            result["parameters"] = [self.parameter(p) for p in op.parameters]
        content = self.content(op.request_body, op.request_examples)
        if content:
            result["requestBody"] = {"required": True, "content": content}
        responses: Json = {}
        for response in op.responses:
            entry: Json = {"description": response.description}
            body = self.content(response.body, response.examples)
            if body:
                entry["content"] = body
            entry["x-source"] = x_source(response.source)
            responses[response.status] = entry
        if not responses:
            responses["default"] = {"description": "The docs list no response."}
        result["responses"] = responses
        result["x-source"] = x_source(op.source)
        return result


def _example(example: Example) -> Json:
    result: Json = {}
    if example.summary:
        result["summary"] = example.summary
    result["value"] = example.value
    result["x-source"] = x_source(example.source)
    return result
