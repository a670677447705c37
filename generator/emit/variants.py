"""Several pages, one method + path: OpenStack-style action APIs.

OpenAPI has one operation per method and path, but action APIs document
``POST .../action`` once per action, each page with its own body. They become one
operation whose request body is ``oneOf`` the pages' bodies (``anyOf`` when a body
could fit two of them), with an
``x-variants`` list (one entry per page: operationId, summary, body schema,
``x-source``, and the top-level body key that tells the variant apart when there is
one); parameters are the union of the pages', responses are merged per status code
(``anyOf`` the pages' bodies where they differ: answers may share their fields).

A key that tells bodies apart by its presence is not something OpenAPI's
``discriminator`` can say (it selects by a property's value), so it lives in
``x-variants``; a ``discriminator`` is written where it can be: every body has a
required property whose one documented value names that body (``"action": "start"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from generator.ir import Kind, Operation, Schema

Json = dict[str, Any]

_STATIC = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_VERSION = re.compile(r"^v\d+(?:\.\d+)*$", re.IGNORECASE)
_SUMMARY_CHARS = 120


def merged_operation_id(method: str, path: str) -> str:
    """The merged operation's id, from its method and path alone (stable whichever
    pages document it): ``POST /v2/{project_id}/volumes/{id}/action`` →
    ``PostVolumesAction``."""
    words = [part for part in path.split("/")
             if _STATIC.match(part) and not _VERSION.match(part)]
    name = "".join(w[:1].upper() + w[1:] for word in words
                   for w in re.split(r"[_\-]+", word) if w)
    return method.capitalize() + (name or "Root")


def merge_variants(operations: Sequence[Operation], emitted: Sequence[Json],
                   operation_id: str, body_of: Callable[[Operation], Schema | None]) -> Json:
    """One OpenAPI operation from the emitted operations of pages that share a method
    and path. ``body_of`` gives a variant's request body object, if it has one."""
    bodies = [body_of(op) for op in operations]
    keys = _distinguishing_keys([[f.name for f in b.fields] if b else [] for b in bodies])
    variants = []
    for op, json_op, key in zip(operations, emitted, keys, strict=True):
        variant: Json = {"operationId": op.operation_id, "summary": op.summary}
        if op.description:
            variant["description"] = op.description
        schema = _body_schema(json_op)
        if schema is not None:
            variant["schema"] = schema
        if key:
            variant["key"] = key
        if op.deprecated:
            variant["deprecated"] = True
        variant["x-source"] = json_op["x-source"]
        variants.append(variant)

    first = emitted[0]
    result: Json = {"operationId": operation_id, "summary": _summary(operations)}
    result["description"] = _description(operations)
    # one tag, the first page's: a generator puts an operation in each of its tags, and
    # a TypeScript client then exports the same request types twice (TS2308)
    result["tags"] = list(first.get("tags", []))[:1]
    parameters = _union_parameters(emitted)
    if parameters:
        result["parameters"] = parameters
    body = _request_body(emitted, exclusive=_exclusive(bodies))
    if body is not None:
        discriminator = _discriminator(operations, bodies,
                                           [_body_schema(op) for op in emitted])
        if discriminator:
            body["content"]["application/json"]["schema"]["discriminator"] = discriminator
        result["requestBody"] = body
    result["responses"] = _merged_responses(emitted)
    if all(op.deprecated for op in operations):
        result["deprecated"] = True
    for name in ("security",):
        if name in first:
            result[name] = first[name]
    result["x-variants"] = variants
    result["x-source"] = first["x-source"]
    return result


def pin_discriminators(paths: Json, schemas: Json) -> None:
    """Where a merged body's variants are told apart by a property's value (a
    ``discriminator``), each variant's component says its one value (``enum``), so
    the variants are exclusive for a validator that reads no discriminator too, and
    the body is ``oneOf`` them: a generator then types it as a union of the variants
    (with ``anyOf`` typescript-fetch merges them into one interface none of them fits)."""
    for item in paths.values():
        for operation in item.values():
            schema = _body_schema(operation) if isinstance(operation, dict) else None
            if not schema or "discriminator" not in schema or "anyOf" not in schema:
                continue
            name = schema["discriminator"]["propertyName"]
            pins: dict[str, str] = {}
            for value, ref in schema["discriminator"]["mapping"].items():
                component = schemas.get(ref.rsplit("/", 1)[-1], {})
                prop = (component.get("properties") or {}).get(name)
                if not isinstance(prop, dict) or prop.get("type") != "string" \
                        or prop.get("enum", [value]) != [value] or ref in pins:
                    break
                pins[ref] = value
            else:
                for ref, value in pins.items():
                    prop = schemas[ref.rsplit("/", 1)[-1]]["properties"][name]
                    # on this page the property has this one value, whatever it lists
                    prop.pop("x-extensible-enum", None)
                    prop.pop("x-enum-descriptions", None)
                    prop["enum"] = [value]
                schema["oneOf"] = schema.pop("anyOf")


def _distinguishing_keys(bodies: list[list[str]]) -> list[str]:
    """Per variant, the top-level body key no other variant has, when every variant
    has one (``{"os-start": ...}`` vs ``{"os-stop": ...}``); else no keys at all."""
    keys = []
    for index, names in enumerate(bodies):
        others = {n for i, other in enumerate(bodies) if i != index for n in other}
        own = [n for n in names if n not in others]
        if not own:
            return ["" for _ in bodies]
        keys.append(own[0])
    return keys


def _discriminator(operations: Sequence[Operation], bodies: Sequence[Schema | None],
                   schemas: Sequence[Json | None]) -> Json | None:
    """OpenAPI's discriminator, when one property required by every body has a value
    that names the body, a different one each, and every body is a component."""
    refs = [s.get("$ref") if s else None for s in schemas]
    if len(bodies) < 2 or not all(isinstance(r, str) for r in refs) \
            or len(set(refs)) != len(refs):
        return None
    constants = [_constants(op, body) if body else {}
                 for op, body in zip(operations, bodies, strict=True)]
    for name in constants[0]:
        values = [c.get(name) for c in constants]
        if all(v is not None for v in values) and len(set(values)) == len(values):
            return {"propertyName": name,
                    "mapping": {str(v): r for v, r in zip(values, refs, strict=True)}}
    return None


def _constants(operation: Operation, body: Schema) -> dict[str, str]:
    """The body's required string properties whose value on this page is known: the
    one documented value, or else the value every request example of the page gives,
    when the field's values or its description name it (``"action": "create"`` on
    the page that adds tags, where the field lists create and delete)."""
    found: dict[str, str] = {}
    examples = [e.value for e in operation.request_examples if isinstance(e.value, dict)]
    for field in body.fields:
        if not field.required or field.type.kind is not Kind.STRING:
            continue
        documented = [str(v.value) for v in field.enum]
        if len(documented) == 1:
            found[field.name] = documented[0]
            continue
        given = [e.get(field.name) for e in examples]
        value = given[0] if given and all(v == given[0] for v in given) else None
        if isinstance(value, str) and value and (
                value in documented
                or re.search(rf"(?<!\w){re.escape(value)}(?!\w)", field.description)):
            found[field.name] = value
    return found


def _exclusive(bodies: Sequence[Schema | None]) -> bool:
    """Whether no body can fit two schemas: each requires a key no other body has."""
    if not all(bodies):
        return False
    names = [{f.name for f in body.fields} for body in bodies if body is not None]
    for index, body in enumerate(b for b in bodies if b is not None):
        others = set().union(*(n for i, n in enumerate(names) if i != index))
        if not any(f.required and f.name not in others for f in body.fields):
            return False
    return True


def _summary(operations: Sequence[Operation]) -> str:
    summaries = list(dict.fromkeys(op.summary for op in operations))
    joined = " | ".join(summaries)
    if len(joined) <= _SUMMARY_CHARS:
        return joined
    return f"{summaries[0]} (and {len(summaries) - 1} more)"


def _description(operations: Sequence[Operation]) -> str:
    lines = [f"This method and path serve {len(operations)} requests, one per page of the "
             "docs; the request body tells them apart:", ""]
    lines += [f"- {op.operation_id}: {op.summary}" for op in operations]
    return "\n".join(lines)


def _body_schema(operation: Json) -> Json | None:
    content = (operation.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json") or {}
    schema = media.get("schema")
    return schema if isinstance(schema, dict) else None


def _union_parameters(emitted: Sequence[Json]) -> list[Json]:
    """Every page's parameters, each once (the first page's). A parameter is required
    only when every page requires it: a call any page documents must stay valid."""
    seen: dict[tuple[str, str], Json] = {}
    required: dict[tuple[str, str], int] = {}
    for op in emitted:
        for parameter in op.get("parameters", []):
            key = (parameter["name"], parameter["in"])
            seen.setdefault(key, parameter)
            required[key] = required.get(key, 0) + bool(parameter.get("required"))
    for key, parameter in seen.items():
        if parameter.get("required") and key[1] != "path" and required[key] < len(emitted):
            seen[key] = {**parameter, "required": False}
    return list(seen.values())


def _request_body(emitted: Sequence[Json], exclusive: bool) -> Json | None:
    """Every page's body: ``oneOf`` them when each requires a key the others lack (a
    body can fit one only), else ``anyOf`` (two tag actions' bodies both fit either
    schema, and a strict validator rejects a oneOf that two members fit)."""
    schemas: list[Json] = []
    examples: Json = {}
    for op in emitted:
        schema = _body_schema(op)
        if schema is not None and schema not in schemas:
            schemas.append(schema)
        media = ((op.get("requestBody") or {}).get("content") or {}).get(
            "application/json") or {}
        for example in (media.get("examples") or {}).values():
            labelled = dict(example)
            labelled["summary"] = op["summary"] + (
                f": {example['summary']}" if example.get("summary") else "")
            examples[f"example{len(examples) + 1}"] = labelled
    if not schemas and not examples:
        return None
    media_type: Json = {}
    if schemas:
        media_type["schema"] = schemas[0] if len(schemas) == 1 else {
            "oneOf" if exclusive else "anyOf": schemas}
    if examples:
        media_type["examples"] = examples
    return {"required": True, "content": {"application/json": media_type}}


def _merged_responses(emitted: Sequence[Json]) -> Json:
    """Per status code: the first page's description; its body, or ``anyOf`` the
    pages' bodies when they differ; every page's examples."""
    merged: Json = {}
    for op in emitted:
        for status, response in op["responses"].items():
            if status not in merged:
                merged[status] = _copy_response(response)
                continue
            target = merged[status]
            for media_type, media in (response.get("content") or {}).items():
                into = target.setdefault("content", {}).setdefault(media_type, {})
                schema = media.get("schema")
                if schema is not None:
                    known = into.get("schema")
                    if known is None:
                        into["schema"] = schema
                    elif known != schema:
                        # the pages' answers may share fields: any of them, not exactly one
                        options = known.get("anyOf", [known])
                        if schema not in options:
                            into["schema"] = {"anyOf": [*options, schema]}
                for example in (media.get("examples") or {}).values():
                    examples = into.setdefault("examples", {})
                    examples[f"example{len(examples) + 1}"] = example
    return dict(sorted(merged.items(), key=lambda item: (item[0] == "default", item[0])))


def _copy_response(response: Json) -> Json:
    copied = dict(response)
    if "content" in copied:
        copied["content"] = {media_type: dict(media)
                             for media_type, media in copied["content"].items()}
    return copied
