"""Open enumerations for generated models.

Docs rarely list a response field's values exhaustively (the corpus' own examples
return values the option lists leave out), so a client must not reject a value
it was not told about. Before the models are generated, every inline ``enum`` is
hoisted into a named component ``<Schema><Field>`` and the field becomes
``<Enum> | <base type>``: known values parse to enum members (a ``str``/``int``
subclass, so they compare equal to plain values) and unknown ones stay plain.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.codegen.names import constant_case, pascal_case

Json = dict[str, Any]


def open_enums(document: Json) -> Json:
    """A copy of ``document`` with every inline enum hoisted and opened."""
    spec = copy.deepcopy(document)
    schemas: Json = spec.setdefault("components", {}).setdefault("schemas", {})
    hoisted: dict[str, Json] = {}
    for owner, schema in list(schemas.items()):
        for field, prop in (schema.get("properties") or {}).items():
            schema["properties"][field] = _open(prop, owner + pascal_case(field), schemas, hoisted)
    for item in (spec.get("paths") or {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            owner = pascal_case(str(operation.get("operationId", "")))
            for parameter in operation.get("parameters") or []:
                if isinstance(parameter, dict) and "schema" in parameter:
                    parameter["schema"] = _open(parameter["schema"],
                                                owner + pascal_case(str(parameter.get("name"))),
                                                schemas, hoisted)
    schemas.update(hoisted)
    return spec


def _open(node: Json, name: str, schemas: Json, hoisted: dict[str, Json]) -> Json:
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("allOf"), list):
        node["allOf"] = [_open(n, name, schemas, hoisted) for n in node["allOf"]]
        return node
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        node["items"] = _open(node["items"], name, schemas, hoisted)
        return node
    key = "x-extensible-enum" if isinstance(node.get("x-extensible-enum"), list) else "enum"
    if not isinstance(node.get(key), list) or not node[key] or node.get("type") not in (
            "string", "integer", "number"):
        if key in node and node.get("type") == "boolean":
            del node[key]  # true/false says nothing a bool does not
            node.pop("x-enum-descriptions", None)
        return node
    component = name
    while component in schemas or component in hoisted:
        component += "Enum"
    values = node.pop(key)
    node.pop("enum", None)
    descriptions = node.pop("x-enum-descriptions", None)
    hoisted[component] = {
        "type": node["type"],
        "enum": values,
        "x-enum-varnames": _varnames(values, descriptions),
        **({"description": node["description"]} if node.get("description") else {}),
        **({"x-enum-descriptions": descriptions} if descriptions else {}),
    }
    base = {k: node[k] for k in ("type", "format") if k in node}
    rest = {k: v for k, v in node.items() if k not in ("type", "format")}
    return {**rest, "anyOf": [{"$ref": f"#/components/schemas/{component}"}, base]}


def _varnames(values: list[Any], descriptions: list[str] | None) -> list[str]:
    """Member names: the value itself for words; for numbers, the meaning the docs give
    (``0: image classification`` → ``IMAGE_CLASSIFICATION``) when every one is distinct."""
    if all(isinstance(v, str) for v in values):
        names = [constant_case(str(v)) for v in values]
    else:
        names = [constant_case(" ".join(d.split()[:4]), fallback="value") if d else ""
                 for d in (descriptions or [""] * len(values))]
        if not all(names) or len(set(names)) != len(names):
            names = [f"VALUE_{str(v).replace('-', 'MINUS_').replace('.', '_')}" for v in values]
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, number = name, 2
        while candidate in seen:
            candidate, number = f"{name}_{number}", number + 1
        seen.add(candidate)
        result.append(candidate)
    return result
