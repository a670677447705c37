"""IR → OpenAPI 3.0.3 document (a plain dict, in a deterministic order).

Schemas become components, deduplicated across pages by structure: the same
name with the same structure (property names, types, requiredness, nested
structure; descriptions aside) is one component; the same name with another
structure gets a distinct, deterministic name and an ``info`` diagnostic that
says why. Every operation, parameter, property and example carries
``x-source`` (file relative to the docs root, and line).
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from generator.diagnostics import Diagnostics, Source
from generator.emit.variants import merge_variants, merged_operation_id
from generator.ir import (
    Api,
    Constraints,
    EnumValue,
    Example,
    Field,
    Kind,
    Location,
    Operation,
    Parameter,
    Schema,
    TypeRef,
)

OPENAPI_VERSION = "3.0.3"
SECURITY_SCHEME = "token"
SECURITY_HEADER = "X-Auth-Token"
# Headers the document says otherwise: the token is the security scheme, and OpenAPI
# ignores header parameters named Accept, Content-Type or Authorization (the media
# types and the security scheme say them).
_HEADERS_SAID_ELSEWHERE = frozenset({SECURITY_HEADER.lower(), "content-type", "accept",
                                     "authorization"})
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
    routes = _routes(api.operations, diagnostics)
    operations = [op for ops in routes.values() for op in ops]
    owned = [(op.operation_id, s) for op in operations for s in op.schemas]
    owned += [(PurePosixPath(s.source.path).stem, s) for s in api.structures]
    names = _component_names(owned, diagnostics)
    schemas = {s.key: s for _, s in owned}
    emitter = _Emitter(names)

    paths: Json = {}
    for (method, path), ops in sorted(routes.items(),
                                      key=lambda r: (r[0][1], _METHOD_ORDER.get(r[0][0], 9))):
        if len(ops) == 1:
            emitted = emitter.operation(ops[0])
        else:
            emitted = merge_variants(ops, [emitter.operation(op) for op in ops],
                                     _merged_ids(routes)[(method, path)],
                                     lambda op: _body_keys(op, schemas))
        paths.setdefault(path, {})[method.lower()] = emitted
    # each component is written from its first page (by path and line); the others
    # share its structure and differ at most in descriptions
    representative: dict[str, Schema] = {}
    for key in sorted(names, key=lambda k: schemas[k].source):
        representative.setdefault(names[key], schemas[key])
    components: Json = {
        "schemas": {name: emitter.schema(representative[name]) for name in sorted(representative)},
        "securitySchemes": {
            SECURITY_SCHEME: {
                "type": "apiKey", "in": "header", "name": SECURITY_HEADER,
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


def _routes(operations: Iterable[Operation], diagnostics: Diagnostics,
            ) -> dict[tuple[str, str], list[Operation]]:
    """The operations by method and path, in page order; several pages on one route
    are the variants of one operation. An operationId used twice is made unique."""
    routes: dict[tuple[str, str], list[Operation]] = {}
    taken: dict[str, Operation] = {}
    for op in sorted(operations, key=lambda o: o.source):
        if op.operation_id in taken:
            first = taken[op.operation_id]
            unique = _free_id(op.operation_id, taken)
            diagnostics.warning("duplicate-operation-id",
                                f"operationId {op.operation_id!r} is also the id of "
                                f"{first.method} {first.path} ({first.source}); this "
                                f"{op.method} {op.path} is emitted as {unique!r}", op.source)
            op = dataclasses.replace(op, operation_id=unique)
        taken[op.operation_id] = op
        routes.setdefault((op.method, op.path), []).append(op)
    return routes


def _free_id(wanted: str, taken: Iterable[str]) -> str:
    used = set(taken)
    suffix = 2
    while f"{wanted}_{suffix}" in used:
        suffix += 1
    return f"{wanted}_{suffix}"


def _merged_ids(routes: dict[tuple[str, str], list[Operation]]) -> dict[tuple[str, str], str]:
    """The id of each operation made of variants, clear of every page's id."""
    taken = {op.operation_id for ops in routes.values() for op in ops}
    ids = {}
    for (method, path), ops in sorted(routes.items()):
        if len(ops) > 1:
            wanted = merged_operation_id(method, path)
            ids[(method, path)] = wanted if wanted not in taken else _free_id(wanted, taken)
            taken.add(ids[(method, path)])
    return ids


def _body_keys(op: Operation, schemas: dict[str, Schema]) -> list[str]:
    body = op.request_body
    schema = schemas.get(body.schema) if body is not None and body.schema else None
    return [f.name for f in schema.fields] if schema is not None else []


# --- component names -------------------------------------------------------------------------
def component_name(name: str) -> str:
    """A docs name as a component name: PascalCase words, letters and digits only."""
    words = [w for w in _NOT_NAME.split(name) if w]
    joined = "".join(w[:1].upper() + w[1:] for w in words)
    if not joined or not joined[0].isalpha():
        joined = "Schema" + joined
    return joined


def _component_names(owned: list[tuple[str, Schema]], diagnostics: Diagnostics,
                     ) -> dict[str, str]:
    """schema key → component name, deduplicated by structure; ``owned`` pairs each
    schema with the name of its operation (or page), which tells apart two schemas of
    one name and another structure."""
    schemas: dict[str, Schema] = {}
    owner: dict[str, str] = {}
    for name, schema in owned:
        schemas.setdefault(schema.key, schema)
        owner.setdefault(schema.key, name)
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
        variants = tuple(self.of(key) for key in ref.variants)
        return (ref.kind.value, ref.format, items, nested, variants)


# --- schemas and operations ------------------------------------------------------------------
class _Emitter:
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def type_schema(self, ref: TypeRef) -> Json:
        if ref.schema is not None:
            return {"$ref": f"#/components/schemas/{self.names[ref.schema]}"}
        if ref.variants:
            # the docs give several shapes for one object and do not say which key tells
            # them apart: any of them (oneOf would fail when two shapes both fit)
            refs = dict.fromkeys(self.names[key] for key in ref.variants)
            options = [{"$ref": f"#/components/schemas/{name}"} for name in refs]
            return options[0] if len(options) == 1 else {"anyOf": options}
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
        parameters = [p for p in op.parameters if not _said_elsewhere(p)]
        if parameters:
            result["parameters"] = [self.parameter(p) for p in parameters]
        content = self.content(op.request_body, op.request_examples)
        if content:
            result["requestBody"] = {"required": True, "content": content}
        responses: Json = {}
        for response in op.responses:
            entry: Json = {"description": response.description}
            headers = [h for h in response.headers if not _said_elsewhere(h)]
            if headers:
                entry["headers"] = {h.name: self.header(h) for h in headers}
            body = self.content(response.body, response.examples)
            if body:
                entry["content"] = body
            entry["x-source"] = x_source(response.source)
            responses[response.status] = entry
        if not responses:
            responses["default"] = {"description": "The docs list no response."}
        result["responses"] = responses
        if op.deprecated:
            result["deprecated"] = True
        token = [p for p in op.parameters if p.location is Location.HEADER
                 and p.name.lower() == SECURITY_HEADER.lower()]
        if token and not token[0].required:
            # the docs say the token may be left out: no authentication is one option
            result["security"] = [{SECURITY_SCHEME: []}, {}]
        result["x-source"] = x_source(op.source)
        return result

    def header(self, h: Parameter) -> Json:
        result: Json = {}
        if h.description:
            result["description"] = h.description
        if h.required:
            result["required"] = True
        result["schema"] = self.typed_schema(h.type, h.enum, h.constraints)
        result["x-source"] = x_source(h.source)
        return result


def _said_elsewhere(parameter: Parameter) -> bool:
    return parameter.location is Location.HEADER \
        and parameter.name.lower() in _HEADERS_SAID_ELSEWHERE


def _example(example: Example) -> Json:
    result: Json = {}
    if example.summary:
        result["summary"] = example.summary
    result["value"] = example.value
    result["x-source"] = x_source(example.source)
    return result
