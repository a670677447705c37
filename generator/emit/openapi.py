"""IR → OpenAPI 3.0.3 document (a plain dict, in a deterministic order).

Schemas become components, deduplicated across pages by structure: the same
name with the same structure (property names, types, requiredness, nested
structure; descriptions aside) is one component; the same name with another
structure gets a distinct, deterministic name and an ``info`` diagnostic that
says why. Every operation, parameter, property and example carries
``x-source`` (file relative to the docs root, and line).
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from generator.diagnostics import Diagnostic, Diagnostics, Source
from generator.emit.servers import Server
from generator.emit.variants import merge_variants, merged_operation_id, pin_discriminators
from generator.ir import (
    NULL_FORMAT,
    Api,
    Constraints,
    EnumValue,
    Example,
    Field,
    Group,
    Kind,
    Location,
    Operation,
    Parameter,
    Response,
    Schema,
    TypeRef,
)
from generator.memo import IdentityMemo
from generator.names import merged_name, version_suffix
from generator.names.models import component_name

OPENAPI_VERSION = "3.0.3"
SECURITY_SCHEME = "token"
SECURITY_HEADER = "X-Auth-Token"
# Headers the document says otherwise: the token is the security scheme, and OpenAPI
# ignores header parameters named Accept, Content-Type or Authorization (the media
# types and the security scheme say them).
_HEADERS_SAID_ELSEWHERE = frozenset({SECURITY_HEADER.lower(), "content-type", "accept",
                                     "authorization"})
NO_CONSTRAINTS = Constraints()

Json = dict[str, Any]


class EmitMemo:
    """What earlier emissions in this process wrote for each route and each component,
    with what each was written from: the operations (or the schema) after every pass
    over the whole docs set, and the component names they refer to. An entry is used
    while those compare equal (``==`` on the frozen IR: an unchanged page gives back the
    same objects, so the comparison stops at their identity). The emitted fragments are
    then the same objects as before, which lets later steps (validation, example
    checks) recognise them. Each emission keeps only the entries it used or made."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], tuple[Any, Json, list[Diagnostic]]] = {}
        self.schemas: dict[str, tuple[Any, Json, list[Diagnostic]]] = {}
        self._refs = IdentityMemo()  # the component names an emitted fragment names
        self.structures = Structures()  # the schemas' structures, by number

    def refs_of(self, fragment: Any) -> frozenset[str]:
        return frozenset(self._refs.value("refs", fragment, _direct_refs))

    def turn(self) -> None:
        """Forget what the emission before the last one used and this one did not."""
        self._refs.turn()


def emit_openapi(api: Api, servers: Iterable[Server] = (), memo: EmitMemo | None = None,
                 language: str = "") -> tuple[Json, Diagnostics]:
    """The OpenAPI document for ``api``, and what was noticed on the way. ``memo``: the
    fragments of earlier emissions, reused where what they were written from is
    unchanged (the document is the same either way). ``language`` (the docs' pages':
    "en", "zh") is said as ``info.x-language``, for the tools that show the document to
    people (the published site's words)."""
    if memo is None:
        memo = EmitMemo()
    routes_before, schemas_before = memo.routes, memo.schemas
    memo.routes, memo.schemas = {}, {}
    memo.turn()
    diagnostics = Diagnostics()
    routes = _routes(_shared_templates(_unique_variables(api.operations, diagnostics),
                                       diagnostics), diagnostics)
    operations = [op for ops in routes.values() for op in ops]
    owned = [(op.operation_id, s) for op in operations for s in op.schemas]
    owned += [(PurePosixPath(s.source.path).stem, s) for s in api.structures]
    names = _component_names(owned, diagnostics, memo.structures)
    schemas = {s.key: s for _, s in owned}
    emitter = _Emitter(names, diagnostics)

    paths: Json = {}
    merged_ids = _merged_ids(routes)
    for (method, path), ops in sorted(routes.items(),
                                      key=lambda r: (r[0][1], _METHOD_ORDER.get(r[0][0], 9))):
        template = _path_template(ops[0], diagnostics)
        item = paths.setdefault(template, {})
        if method.lower() in item:  # a cut path met another page's: the first stays
            diagnostics.error("duplicate-operation",
                              f"{method} {path} cut to a path another page documents: "
                              "left out", ops[0].source)
            continue
        # what the route is written from: its pages' operations, its id, the names of
        # the components it refers to, and (for variants) their body objects
        source = (tuple(ops), merged_ids.get((method, path)),
                  tuple(names.get(key) for key in _route_refs(ops)),
                  tuple(_body_of(op, schemas) for op in ops) if len(ops) > 1 else ())
        earlier = routes_before.get((method, path))
        if earlier is not None and earlier[0] == source:
            item[method.lower()] = earlier[1]
            diagnostics.extend(earlier[2])
            memo.routes[(method, path)] = earlier
            continue
        mark = len(diagnostics)
        try:
            if len(ops) == 1:
                item[method.lower()] = emitter.operation(ops[0])
            else:
                item[method.lower()] = merge_variants(
                    ops, [emitter.operation(op) for op in ops], merged_ids[(method, path)],
                    lambda op: _body_of(op, schemas))
            memo.routes[(method, path)] = (source, item[method.lower()],
                                           diagnostics.items[mark:])
        except Exception as exc:  # a bug, but one route must not cost the document
            diagnostics.error("internal-error", f"the tool failed to write {method} {path}: "
                              f"{type(exc).__name__}: {exc}; left out", ops[0].source)
            if not item:
                del paths[template]
    # each component is written from its first page (by path and line); the others
    # share its structure and differ at most in descriptions
    representative: dict[str, Schema] = {}
    for key in sorted(names, key=lambda k: schemas[k].source):
        representative.setdefault(names[key], schemas[key])
    all_schemas: Json = {}
    for name in sorted(representative):
        schema = representative[name]
        written_from = (schema, name, tuple(names.get(key) for key in _schema_refs(schema)))
        earlier_schema = schemas_before.get(schema.key)
        if earlier_schema is not None and earlier_schema[0] == written_from:
            all_schemas[name] = earlier_schema[1]
            diagnostics.extend(earlier_schema[2])
            memo.schemas[schema.key] = earlier_schema
            continue
        mark = len(diagnostics)
        try:
            all_schemas[name] = emitter.schema(schema)
            memo.schemas[schema.key] = (written_from, all_schemas[name],
                                        diagnostics.items[mark:])
        except Exception as exc:  # its users' fragments are then left out by validation
            diagnostics.error("internal-error", f"the tool failed to write schema {name}: "
                              f"{type(exc).__name__}: {exc}; left out",
                              representative[name].source)
    pin_discriminators(paths, all_schemas)
    structures = {names[s.key] for s in api.structures}
    components: Json = {
        "schemas": _referenced(paths, all_schemas, structures, memo),
        "securitySchemes": {
            SECURITY_SCHEME: {
                "type": "apiKey", "in": "header", "name": SECURITY_HEADER,
                "description": "An IAM token, sent in the X-Auth-Token header.",
            },
        },
    }
    document: Json = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": api.title, "version": api.version,
                 **({"x-language": language} if language else {})},
        "servers": [_server(s) for s in servers] or [_default_server()],
        "security": [{SECURITY_SCHEME: []}],
        "tags": _tags(api.groups, {op.tag for op in operations}),
        "paths": paths,
        "components": components,
    }
    tag_groups = _tag_groups(api.groups, {op.tag for op in operations})
    if tag_groups:
        document["x-tagGroups"] = tag_groups
    _widen_integers(document, diagnostics)
    return document, diagnostics


def _tags(groups: Iterable[Group], used: set[str]) -> list[Json]:
    """The groups operations are in, in the docs' order (then any the groups do not
    name, by name): the docs' title, its words, and where the docs say it."""
    tags = []
    for group in groups:
        if group.name not in used:
            continue
        tag: Json = {"name": group.name}
        if group.title != group.name:
            tag["x-displayName"] = group.title
        if group.description:
            tag["description"] = group.description
        tag["x-source"] = x_source(group.source)
        tags.append(tag)
    named = {t["name"] for t in tags}
    return tags + [{"name": name} for name in sorted(used - named)]


def _tag_groups(groups: Iterable[Group], used: set[str]) -> list[Json]:
    """Redoc's ``x-tagGroups`` where the docs nest groups: each top-level group with
    the groups under it that hold operations (itself first, when it holds some)."""
    by_name = {g.name: g for g in groups}
    if not any(g.parent for g in by_name.values()):
        return []
    members: dict[str, list[str]] = {}
    for group in by_name.values():
        top = group
        while top.parent in by_name:
            top = by_name[top.parent]
        members.setdefault(top.name, [])
        if group.name in used:
            members[top.name].append(group.name)
    loose = sorted(used - set(by_name))
    result = [{"name": by_name[name].title, "tags": tags}
              for name, tags in members.items() if tags]
    if loose:
        result.append({"name": "Other", "tags": loose})
    return result


# Without a configured server, a templated one: tools need a base URL (Redocly's
# recommended rules fail without one; mock servers and clients build URLs from it),
# and the user fills in the endpoint the docs' "Endpoints" page names.
def _default_server() -> Json:
    return {"url": "https://{endpoint}", "variables": {"endpoint": {
        "default": "localhost",
        "description": "The API's endpoint: the host name of the service in your region."}}}


_METHOD_ORDER = {m: i for i, m in enumerate(
    ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"))}


def _server(server: Server) -> Json:
    result: Json = {"url": server.url}
    if server.variables:
        result["variables"] = {k: {"default": v} for k, v in sorted(server.variables.items())}
    return result


def _path_template(op: Operation, diagnostics: Diagnostics) -> str:
    """The path, cut before a brace that does not pair (``/servers{?changes-since}`` with
    its query part lost): validators and generators read ``{`` as a template variable."""
    cut = _unpaired_brace(op.path)
    if cut is None:
        return op.path
    path = op.path[:cut].rstrip("/") or "/"
    diagnostics.warning("bad-path-template",
                        f"the path {op.path!r} has an unpaired brace: emitted as {path!r}",
                        op.source)
    return path


def _unpaired_brace(path: str) -> int | None:
    opened: int | None = None
    for index, char in enumerate(path):
        if char == "{":
            if opened is not None:
                return opened
            opened = index
        elif char == "}":
            if opened is None:
                return index
            opened = None
    return opened


def x_source(source: Source) -> Json:
    return {"file": source.path, "line": source.line}


def without_provenance(node: Any, holder: str = "") -> Any:
    """``node`` (a document) without any ``x-source``: what ``build --no-provenance``
    writes, so that a diff of two specs by another tool shows no line shifts. Data
    (example values, defaults) and property names stay as they are."""
    if isinstance(node, dict):
        if holder in _NAMES:  # keys are names from the docs: each value is an object
            return {k: without_provenance(v) for k, v in node.items()}
        return {k: v if k in _DATA else without_provenance(v, k) for k, v in node.items()
                if k != "x-source"}
    if isinstance(node, list):
        return [without_provenance(v, holder) for v in node]
    return node


# keys whose values are data from the docs, and mappings keyed by the docs' names
_DATA = frozenset({"value", "example", "default", "x-extensible-enum", "enum"})
_NAMES = frozenset({"properties", "schemas", "examples", "paths", "responses"})


_VARIABLE = re.compile(r"\{([^{}]*)\}")


def _unique_variables(operations: Iterable[Operation], diagnostics: Diagnostics,
                      ) -> list[Operation]:
    """A variable the path names twice (``/v2/{project_id}/os-quota-sets/{project_id}``)
    is two path parameters to OpenAPI tools, which refuse one name for both: the later
    ones become ``{project_id_2}``, a copy of the documented parameter."""
    result = []
    for op in operations:
        names = _VARIABLE.findall(op.path)
        if len(names) == len(set(names)):
            result.append(op)
            continue
        seen: dict[str, int] = {}
        added: list[Parameter] = []
        documented = {p.name: p for p in op.parameters if p.location is Location.PATH}
        parts = _VARIABLE.split(op.path)  # text, name, text, name, ..., text
        for index in range(1, len(parts), 2):
            name = parts[index]
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                parts[index] = f"{name}_{seen[name]}"
                original = documented.get(name)
                if original is not None:
                    added.append(replace(original, name=parts[index], description=(
                        f"The path names {name} again here. {original.description}").strip()))
        path = "".join(f"{{{part}}}" if index % 2 else part for index, part in enumerate(parts))
        diagnostics.info("path-variable-repeated",
                         f"{op.method} {op.path} names a variable twice: emitted as {path}",
                         op.source)
        result.append(replace(op, path=path, parameters=op.parameters + tuple(added)))
    return result


def _shared_templates(operations: Iterable[Operation], diagnostics: Diagnostics,
                      ) -> list[Operation]:
    """Paths that differ only in their variables' names (``/jobs/{job_name}`` on one page,
    ``/jobs/{name}`` on another) are one path: OpenAPI forbids both, and tools stop on it.
    The first page's spelling (by path) stays; the others' path parameters are renamed."""
    first: dict[str, str] = {}
    result = []
    for op in sorted(operations, key=lambda o: o.source):
        canonical = first.setdefault(_VARIABLE.sub("{}", op.path), op.path)
        if canonical == op.path:
            result.append(op)
            continue
        names = dict(zip(_VARIABLE.findall(op.path), _VARIABLE.findall(canonical), strict=True))
        parameters = tuple(replace(p, name=names.get(p.name, p.name))
                           if p.location is Location.PATH else p for p in op.parameters)
        diagnostics.info("path-variable-renamed",
                         f"{op.method} {op.path} is {canonical} of another page: emitted "
                         f"with its variable names", op.source)
        result.append(replace(op, path=canonical, parameters=parameters))
    return result


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
    while f"{wanted}{suffix}" in used:
        suffix += 1
    return f"{wanted}{suffix}"


def _merged_ids(routes: dict[tuple[str, str], list[Operation]]) -> dict[tuple[str, str], str]:
    """The name of each operation made of variants (what its variants' names share),
    clear of every variant's name."""
    taken = {op.operation_id: op.version for ops in routes.values() for op in ops}
    ids = {}
    for (method, path), ops in sorted(routes.items()):
        if len(ops) > 1:
            wanted = merged_name([op.operation_id for op in ops]) or \
                merged_operation_id(method, path)
            version = ops[0].version
            if wanted in taken:  # its version tells it from the holder's, else a number
                versioned = wanted + version_suffix(version)
                wanted = versioned if version != taken[wanted] and versioned not in taken \
                    else _free_id(wanted, taken)
            ids[(method, path)] = wanted
            taken[wanted] = version
    return ids


def _route_refs(ops: Iterable[Operation]) -> list[str]:
    """The schema keys the operations' parameters, bodies and responses name directly."""
    refs: set[str] = set()
    for op in ops:
        types = [p.type for p in op.parameters]
        types += [op.request_body] if op.request_body is not None else []
        for response in op.responses:
            types += [response.body] if response.body is not None else []
            types += [h.type for h in response.headers]
        for ref in types:
            _collect_refs(ref, refs)
    return sorted(refs)


def _schema_refs(schema: Schema) -> list[str]:
    """The schema keys a schema's fields name directly."""
    refs: set[str] = set()
    for f in schema.fields:
        _collect_refs(f.type, refs)
    return sorted(refs)


def _collect_refs(ref: TypeRef | None, into: set[str]) -> None:
    while ref is not None:
        if ref.schema is not None:
            into.add(ref.schema)
        into.update(ref.variants)
        _collect_refs(ref.content, into)
        ref = ref.items


def _body_of(op: Operation, schemas: dict[str, Schema]) -> Schema | None:
    body = op.request_body
    return schemas.get(body.schema) if body is not None and body.schema else None


# --- component names -------------------------------------------------------------------------
def _component_names(owned: list[tuple[str, Schema]], diagnostics: Diagnostics,
                     kept: Structures | None = None) -> dict[str, str]:
    """schema key → component name, deduplicated by structure; ``owned`` pairs each
    schema with the name of its operation (or page), which tells apart two schemas of
    one name and another structure."""
    schemas: dict[str, Schema] = {}
    owner: dict[str, str] = {}
    for name, schema in owned:
        schemas.setdefault(schema.key, schema)
        owner.setdefault(schema.key, name)
    structure = _Structure(schemas, kept)
    # A list's item takes the name of one item where no object of another structure
    # has it (an object of the same structure is the same model).
    named: dict[str, set[int]] = defaultdict(set)
    for schema in schemas.values():
        if not schema.one:
            named[component_name(schema.name).casefold()].add(structure.of(schema.key))
    chosen: dict[str, str] = {}
    for key, schema in schemas.items():
        holders = named.get(component_name(schema.one).casefold()) if schema.one else None
        one = schema.one and (not holders or structure.of(key) in holders)
        chosen[key] = schema.one if one else schema.name
    # Names that differ only in case (GPUInfo, GpuInfo) are one name: generators write
    # a file per component, and macOS and Windows file systems ignore case.
    groups: dict[str, dict[int, list[Schema]]] = defaultdict(lambda: defaultdict(list))
    spelling: dict[str, str] = {}  # folded name → its spelling on the first page
    for schema in sorted(schemas.values(), key=lambda s: s.source):
        name = component_name(chosen[schema.key])
        spelling.setdefault(name.casefold(), name)
        groups[name.casefold()][structure.of(schema.key)].append(schema)

    names: dict[str, str] = {}
    taken: set[str] = set(groups)  # folded
    for folded in sorted(groups):
        base = spelling[folded]
        variants = sorted(groups[folded].values(), key=lambda v: (-len(v), v[0].source))
        first = variants[0][0]
        for index, members in enumerate(variants):
            if index == 0:
                name = base
            else:
                name = component_name(owner[members[0].key]) + base
                suffix = 2
                while name.casefold() in taken:
                    name, suffix = f"{component_name(owner[members[0].key])}{base}{suffix}", \
                        suffix + 1
                taken.add(name.casefold())
                diagnostics.info(
                    "component-renamed",
                    f"{component_name(chosen[members[0].key])!r} here differs in structure from "
                    f"{base!r} at {first.source}; emitted as {name!r}", members[0].source)
            for schema in members:
                names[schema.key] = name
    return names


class Structures:
    """Schema structures as numbers, kept from one emission to the next (a live
    preview's): equal numbers are equal structures (each distinct structure gets the
    next number), so a nested schema's structure enters its holder's as a number, no
    structure is hashed again with everything nested in it, and a schema whose fields
    are the same objects as in the emission before, with nested structures of the same
    numbers, has the number it had."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[Any, ...], int] = {}
        # schema key → its fields, its nested schemas' numbers, its number
        self.known: dict[str, tuple[tuple[Field, ...], tuple[int, ...], int]] = {}

    def number(self, structure: tuple[Any, ...]) -> int:
        return self.numbers.setdefault(structure, len(self.numbers))

    def begin(self, schemas: int) -> dict[str, tuple[tuple[Field, ...], tuple[int, ...], int]]:
        """A new emission of ``schemas`` schemas: what the one before knew."""
        if len(self.numbers) > 4 * schemas + 1000:  # numbers of long-gone structures
            self.numbers, self.known = {}, {}
        earlier, self.known = self.known, {}
        return earlier


class _Structure:
    """A schema's structure as a number (:class:`Structures`): what makes two
    components one."""

    def __init__(self, schemas: dict[str, Schema], kept: Structures | None = None) -> None:
        self.schemas = schemas
        self.memo: dict[str, int] = {}
        self.active: set[str] = set()
        self.kept = kept if kept is not None else Structures()
        self.earlier = self.kept.begin(len(schemas))

    def of(self, key: str) -> int:
        if key in self.memo:
            return self.memo[key]
        schema = self.schemas.get(key)
        if schema is None or key in self.active:
            # a cycle: compare the name it closes on, not the structure again
            return self.kept.number(("cycle", component_name(schema.name) if schema else key))
        self.active.add(key)
        # the nested structures, in the order :meth:`_type` asks for them
        nested = tuple(number for f in schema.fields for number in self._nested(f.type))
        earlier = self.earlier.get(key)
        if earlier is not None and earlier[0] is schema.fields and earlier[1] == nested:
            result = earlier[2]
        else:
            result = self.kept.number(tuple(
                (f.name, self._type(f.type), f.required, tuple(e.value for e in f.enum),
                 f.constraints) for f in schema.fields))
        self.kept.known[key] = (schema.fields, nested, result)
        self.active.discard(key)
        self.memo[key] = result
        return result

    def _nested(self, ref: TypeRef) -> Iterator[int]:
        if ref.items is not None:
            yield from self._nested(ref.items)
        if ref.content is not None:  # JSON text's schema is part of the structure too
            yield from self._nested(ref.content)
        if ref.schema is not None:
            yield self.of(ref.schema)
        for key in ref.variants:
            yield self.of(key)

    def _type(self, ref: TypeRef) -> tuple[Any, ...]:
        items = self._type(ref.items) if ref.items is not None else None
        nested = self.of(ref.schema) if ref.schema is not None else None
        variants = tuple(self.of(key) for key in ref.variants)
        content = self._type(ref.content) if ref.content is not None else None
        return (ref.kind.value, ref.format, items, nested, variants, content)


# --- schemas and operations ------------------------------------------------------------------
class _Emitter:
    def __init__(self, names: dict[str, str], diagnostics: Diagnostics) -> None:
        self.names = names
        self.diagnostics = diagnostics

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
            # "null": OpenAPI 3.0 has no null type, and nullable needs a type beside it
            # (Redocly: nullable-type-sibling); an object that may be null says it
            return {"type": "object", "nullable": True} if ref.format == NULL_FORMAT else {}
        result: Json = {"type": ref.kind.value}
        if ref.format:
            result["format"] = ref.format
        if ref.content is not None:
            # JSON text: OpenAPI 3.1's contentMediaType / contentSchema, which 3.0 lacks,
            # as extensions (a consumer that does not read them sees the string it is)
            result["x-contentMediaType"] = "application/json"
            result["x-contentSchema"] = self.type_schema(ref.content)
        return result

    def typed_schema(self, ref: TypeRef, enum: tuple[EnumValue, ...],
                     constraints: Constraints = NO_CONSTRAINTS) -> Json:
        """A type's schema with the documented values and constraints on its primitive
        leaf (the items of an array of strings).

        Documented values are an open set (``x-extensible-enum``, never ``enum``): the
        docs' own examples use values their option lists leave out, so a consumer that
        treated the list as closed would reject real responses. Only values of the
        leaf's type are kept (on a boolean they carry the meaning of true and false), and
        a default only when it is a value of that type (``N/A`` is no default)."""
        schema = self.type_schema(ref)
        leaf = schema
        while leaf.get("type") == "array":
            leaf = leaf["items"]
        kind = leaf.get("type")
        for key, value in (("minimum", constraints.minimum), ("maximum", constraints.maximum),
                           ("minLength", constraints.min_length),
                           ("maxLength", constraints.max_length),
                           ("pattern", constraints.pattern),
                           ("default", constraints.default)):
            if value is None or "$ref" in leaf:
                continue
            if key == "default" and (_placeholder(value) or not _is_value_of(value, kind)):
                continue
            leaf[key] = int(value) if isinstance(value, float) and value.is_integer() \
                and kind == "integer" else value
        documented = [e for e in enum if _is_value_of(e.value, kind)] \
            if kind in ("string", "integer", "number", "boolean") else []
        if documented:
            leaf["x-extensible-enum"] = [e.value for e in documented]
            if any(e.description for e in documented):
                # aligned with x-extensible-enum, as openapi-generator and
                # datamodel-code-generator read it next to `enum`
                leaf["x-enum-descriptions"] = [e.description for e in documented]
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
        fields = []
        for f in schema.fields:
            if f.name.strip(" -–—./") or not f.name.strip():
                fields.append(f)
            else:
                # a "-" row is how a table says "no fields"; as a property it is a name no
                # language can have (openapi-generator's Python client stops importing)
                self.diagnostics.warning("placeholder-field",
                                         f"the row named {f.name!r} is no field: left out",
                                         f.source)
        if len(fields) == 1 and fields[0].names_any_key:
            # "User-defined field key and value pair", "云服务器所在网络名称": the one row
            # says what the keys are, not a key: a map of its values
            [f] = fields
            result["description"] = f"Keys: {f.name}."
            result["additionalProperties"] = self.property(f)
            result["x-source"] = x_source(schema.source)
            return result
        # "{Customized_key}", "自定义key": the values of keys the caller chooses
        placeholders = [f for f in fields if f.placeholder]
        fields = [f for f in fields if not f.placeholder]
        required = [f.name for f in fields if f.required]
        if required:
            result["required"] = required
        if fields or not placeholders:
            result["properties"] = {f.name: self.property(f) for f in fields}
        if placeholders:
            values = [self.property(f) for f in placeholders]
            result["additionalProperties"] = values[0] if len(values) == 1 \
                else {"anyOf": values}
            keys = ", ".join(f.name for f in placeholders)
            result.setdefault("description", f"Other keys: {keys}.")
        result["x-source"] = x_source(schema.source)
        return result

    def property(self, f: Field) -> Json:
        schema = self._described(f.type, f.description, f.source, f.enum, f.constraints)
        if f.inferred:
            # no table documents it; an example shows it (build --infer-from-examples)
            schema["x-inferred"] = True
        return schema

    def parameter(self, p: Parameter) -> Json:
        result: Json = {"name": p.name, "in": p.location.value}
        if p.description:
            result["description"] = p.description
        result["required"] = p.required
        # a default is what the server assumes when a parameter is left out: a required
        # one cannot be, and generators make a required argument with a default optional
        constraints = replace(p.constraints, default=None) if p.required else p.constraints
        result["schema"] = self.typed_schema(p.type, p.enum, constraints)
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

    def request_body(self, op: Operation) -> Json | None:
        """The request body: required when the docs give its schema; without one, an
        empty example (``{}``, the docs' way of saying "no body") gives no body, and any
        other example an optional body of any JSON value (a required body with no schema
        is one no client can build and every mock server rejects)."""
        content = self.content(op.request_body, op.request_examples)
        if not content:
            return None
        media = content["application/json"]
        if "schema" in media:
            return {"required": True, "content": content}
        if all(_empty(e.get("value")) for e in media.get("examples", {}).values()):
            self.diagnostics.info("empty-request-body",
                                  f"{op.method} {op.path}: the request example is empty and "
                                  "no table describes a body: no request body", op.source)
            return None
        if op.method in _BODILESS:
            # a non-empty example under a GET or DELETE that no table describes shows the
            # request line's query or a sample of something else, never a body to send
            self.diagnostics.info("example-without-body",
                                  f"{op.method} {op.path}: the request example is no body "
                                  "(no table describes one): no request body", op.source)
            return None
        return {"required": False, "content": {"application/json": {"schema": {}, **media}}}

    def response(self, response: Response, op: Operation) -> Json:
        entry: Json = {"description": response.description}
        headers = [h for h in response.headers if not _said_elsewhere(h)]
        if headers:
            entry["headers"] = {h.name: self.header(h) for h in headers}
        body = self.content(response.body, response.examples)
        if body and response.status in NO_CONTENT_STATUSES:
            # HTTP sends no content with these statuses (RFC 9110, 15.3.5 and 15.4.5):
            # a body the docs show for one can never arrive, so the spec says none
            media = body["application/json"]
            if "schema" in media or any(not _empty(e.get("value"))
                                        for e in media.get("examples", {}).values()):
                self.diagnostics.warning(
                    "body-on-no-content",
                    f"{op.method} {op.path}: the docs show a body for status "
                    f"{response.status}, which has no content in HTTP; it is left out "
                    f"(did the docs mean 200?)", response.source)
            body = {}
        if body:
            entry["content"] = body
        entry["x-source"] = x_source(response.source)
        return entry

    def operation(self, op: Operation) -> Json:
        result: Json = {"operationId": op.operation_id, "summary": op.summary}
        if op.description:
            result["description"] = op.description
        result["tags"] = [op.tag]
        parameters = [p for p in op.parameters if not _said_elsewhere(p)]
        if parameters:
            result["parameters"] = [self.parameter(p) for p in parameters]
        body = self.request_body(op)
        if body is not None:
            result["requestBody"] = body
        responses: Json = {r.status: self.response(r, op) for r in op.responses}
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
        if op.page_id:
            result["x-source"]["page"] = op.page_id
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


def _referenced(paths: Json, schemas: Json, roots: Iterable[str] = (),
                memo: EmitMemo | None = None) -> Json:
    """The schemas the paths (or the data structures ``roots``) refer to, directly or
    through other schemas: a table only a dropped body used (a 204's) is no component.
    The names each operation and schema refers to are worked out once per fragment
    (by identity, in ``memo``)."""
    refs = memo.refs_of if memo is not None else _direct_refs
    kept: set[str] = {name for name in roots if name in schemas}
    wanted = [name for item in paths.values() for op in item.values() for name in refs(op)]
    wanted += [name for root in kept for name in refs(schemas[root])]
    while wanted:
        name = wanted.pop()
        if name in kept or name not in schemas:
            continue
        kept.add(name)
        wanted.extend(refs(schemas[name]))
    return {name: schema for name, schema in schemas.items() if name in kept}


_COMPONENT_REF = "#/components/schemas/"


def _direct_refs(node: Any) -> frozenset[str]:
    """The component schemas a fragment names anywhere inside it."""
    found: set[str] = set()
    stack: list[Any] = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith(_COMPONENT_REF):
                found.add(ref[len(_COMPONENT_REF):])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return frozenset(found)


_INT32 = range(-(2**31), 2**31)


def _widen_integers(document: Json, diagnostics: Diagnostics) -> None:
    """``int64`` where the docs' own examples hold a value an ``int32`` cannot (a
    millisecond timestamp in a field typed "Integer"): the examples show what the
    server sends, and a generated Java or C# client would overflow on it.

    The fragments may be shared with earlier emissions (:class:`EmitMemo`): the path
    items and schemas that hold a widened field are copied, never changed in place."""
    schemas = document["components"]["schemas"]
    found = _Widened(schemas, diagnostics)
    for path, item in document["paths"].items():
        for operation in item.values():
            bodies = [operation.get("requestBody") or {}, *operation["responses"].values()]
            for body in bodies:
                media = (body.get("content") or {}).get("application/json") or {}
                if "schema" not in media:
                    continue
                for example in (media.get("examples") or {}).values():
                    found.widen(media["schema"], example.get("value"), ("path", path),
                                example.get("x-source"))
    for kind, name in sorted(found.owners):
        holder = document["paths"] if kind == "path" else schemas
        copies: dict[int, Any] = {}
        holder[name] = copy.deepcopy(holder[name], copies)
        for node_id in found.nodes:
            if node_id in copies:
                copies[node_id]["format"] = "int64"


class _Widened:
    """The integer nodes the examples overflow (by identity), and the fragments (path
    items, schemas) that hold them."""

    def __init__(self, schemas: Json, diagnostics: Diagnostics) -> None:
        self.schemas, self.diagnostics = schemas, diagnostics
        self.nodes: set[int] = set()
        self.owners: set[tuple[str, str]] = set()
        self._keep: list[Any] = []  # the nodes themselves, so that their ids stay theirs

    def widen(self, node: Any, value: Any, owner: tuple[str, str],
              source: Json | None) -> None:
        for _ in range(16):  # a $ref chain is short
            if not isinstance(node, dict):
                return
            if "$ref" in node:
                name = str(node["$ref"]).rsplit("/", 1)[-1]
                node, owner = self.schemas.get(name), ("schema", name)
            elif isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
                node = node["allOf"][0]
            else:
                break
        if not isinstance(node, dict):
            return
        if isinstance(value, list) and node.get("type") == "array":
            for element in value:
                self.widen(node.get("items"), element, owner, source)
        elif isinstance(value, dict):
            properties = node.get("properties") or {}
            extra = node.get("additionalProperties")
            for key, element in value.items():
                self.widen(properties.get(key, extra), element, owner, source)
        elif node.get("type") == "integer" and node.get("format") == "int32" \
                and id(node) not in self.nodes and isinstance(value, int) \
                and not isinstance(value, bool) and value not in _INT32:
            self.nodes.add(id(node))
            self._keep.append(node)
            self.owners.add(owner)
            if source:
                self.diagnostics.info(
                    "integer-widened", f"the example holds {value}, beyond a 32-bit integer: "
                    "the field is emitted as int64",
                    Source(str(source["file"]), int(source["line"])))


# statuses whose responses carry no content
NO_CONTENT_STATUSES = frozenset({"204", "205", "304"})


# methods whose request has no body unless a table describes one
_BODILESS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})


def _empty(value: object) -> bool:
    return value in ({}, [], None, "")


# what docs write in a Default column when there is none
_NO_VALUE = frozenset({"", "-", "--", "n/a", "na", "none", "null", "nil", "not applicable"})


def _placeholder(value: object) -> bool:
    """``N/A``, ``None``, ``-``: what a description says when there is no value."""
    return isinstance(value, str) and value.strip().lower() in _NO_VALUE


def _is_value_of(value: object, kind: object) -> bool:
    """Whether ``value`` is a JSON value of the schema type ``kind``."""
    if kind is None:
        return True  # an untyped field: any value
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return False


def _example(example: Example) -> Json:
    result: Json = {}
    if example.summary:
        result["summary"] = example.summary
    result["value"] = example.value
    result["x-source"] = x_source(example.source)
    return result
