"""Our generated client calling every operation of a spec through a mock server (Prism),
once per documented success example, and parsing every response.

Arguments come from the spec: a documented value, a default, or a value of the declared
type; the request body is the docs' example when it fits its schema, else one built from
the schema. Prism's ``Prefer: code=..., example=...`` header picks each documented response.
"""

from __future__ import annotations

import importlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.codegen import generate_package, package_name
from generator.codegen.client import MethodModel, client_model
from generator.codegen.enums import open_enums
from generator.document import requests, resolved

Json = dict[str, Any]


@dataclass
class Calls:
    """How a run of every operation went: one entry per call."""

    done: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.done) + len(self.failed)} calls, {len(self.done)} succeeded"


def write_client(document: Json, service: str, root: Path) -> ModuleType:
    """Generate our client for ``document`` under ``root`` and import it."""
    for relative, text in generate_package(document, service).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    name = package_name(service)
    for loaded in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[loaded]
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(root))


def sample(document: Json, schema: Any, depth: int = 0) -> Any:
    """A value ``schema`` accepts: its first documented value, its default, or one of its
    type (an object with its required properties)."""
    node = resolved(document, schema)
    if not isinstance(node, dict) or depth > 12:
        return "x"
    for key in ("allOf", "oneOf", "anyOf"):
        if isinstance(node.get(key), list) and node[key]:
            if key == "allOf":
                merged: Json = {}
                for part in node[key]:
                    value = sample(document, part, depth + 1)
                    if not isinstance(value, dict):
                        return value
                    merged.update(value)
                return merged
            return sample(document, node[key][0], depth + 1)
    documented = node.get("x-extensible-enum") or node.get("enum")
    if isinstance(documented, list) and documented:
        return documented[0]
    if "default" in node:
        return node["default"]
    kind = node.get("type")
    if kind == "string":
        return _string(node)
    if kind in ("integer", "number"):
        low = float(node.get("minimum", 1))
        high = float(node.get("maximum", low))
        value = max(low, min(1.0, high))
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample(document, node.get("items") or {}, depth + 1)
                for _ in range(max(1, int(node.get("minItems", 1))))]
    if kind == "object" or "properties" in node:
        properties = node.get("properties") or {}
        return {name: sample(document, properties.get(name) or {}, depth + 1)
                for name in node.get("required") or []}
    return "x"


def _string(node: Json) -> str:
    low, high = int(node.get("minLength", 1)), int(node.get("maxLength", 64))
    pattern = node.get("pattern")
    for candidate in ("abc", "a1", "1", "a", "abc-1_2", "A1b2C3d4"):
        if low <= len(candidate) <= high and (
                not pattern or _matches(str(pattern), candidate)):
            return candidate
    return "a" * max(low, 1)


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True


def _body_value(document: Json, operation: Json) -> Any:
    """The docs' request example when it fits the schema, else one built from it."""
    from openapi_schema_validator import OAS30Validator

    media = ((operation.get("requestBody") or {}).get("content") or {}).get(
        "application/json") or {}
    schema = media.get("schema")
    if schema is None:
        return None
    validator = OAS30Validator({**schema, "components": document.get("components", {})})
    for example in (media.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example \
                and validator.is_valid(example["value"]):
            return example["value"]
    return sample(document, schema)


def _arguments(document: Json, operation: Json, method: MethodModel,
               namespace: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional arguments (path parameters in path order, then a required body) and
    keyword ones (the other required parameters, an optional body); a path parameter set
    on the client is left to the client."""
    from pydantic import TypeAdapter

    by_wire = {(p.get("in"), p.get("name")): p for p in operation.get("parameters") or []
               if isinstance(p, dict)}

    def value(param: Any) -> Any:
        spec = by_wire.get((param.location, param.wire), {})
        return TypeAdapter(eval(param.annotation, namespace)).validate_python(
            sample(document, spec.get("schema") or {}))

    positional = [value(p) for p in method.positional]
    keywords = {p.name: value(p) for p in method.keyword if p.required and not p.shared}
    if method.body:
        body = TypeAdapter(eval(method.body, namespace)).validate_python(
            _body_value(document, operation))
        if method.body_required:
            positional.append(body)
        else:
            keywords["body"] = body
    return positional, keywords


def call_every_operation(document: Json, package: ModuleType, base_url: str) -> Calls:
    """Call each method of our client for ``document`` (one per operation, and one per
    action variant) once per documented success response through the server at
    ``base_url`` (Prism), and record what parsed and what failed."""
    from generator.codegen.models import component_classes

    prepared = open_enums(document)
    models = package.models
    model = client_model(prepared, package.__name__, component_classes(
        prepared, Path(models.__file__).read_text(encoding="utf-8")))
    # each request as its method sees it: a variant with its own body
    views = {r.operation.get("operationId"): r.operation for r in requests(document)}
    plain = {(r.method, r.path): r.operation for r in requests(document) if not r.variant}
    namespace = {"models": models, "Any": Any}
    shared = {s.name: "abc" for s in model.shared}
    calls = Calls()
    for method in model.methods:
        operation = views.get(method.operation_id) or plain.get(
            (method.http_method, method.path)) or {}
        if method.variant_of is None and "x-variants" in _route(document, method):
            continue  # an action API: each variant's method sends its own body
        name = f"{method.operation_id} ({method.http_method} {method.path})"
        try:
            args, kwargs = _arguments(document, operation, method, namespace)
        except Exception as exc:  # a client that cannot even be called is a failure
            calls.failed.append(f"{name}: arguments: {type(exc).__name__}: {exc}"[:600])
            continue
        for status, example in documented_successes(operation):
            prefer = ", ".join(([f"code={status}"] if status != "default" else [])
                               + ([f"example={example}"] if example else []))
            label = f"{name} {status}{' ' + example if example else ''}"
            try:
                with package.Client(base_url, token="t0ken", retry=None, **shared,
                                    headers={"Prefer": prefer} if prefer else None) as client:
                    result = getattr(client, method.name)(*args, **kwargs)
            except Exception as exc:
                calls.failed.append(f"{label}: {type(exc).__name__}: {exc}"[:600])
                continue
            if example and method.success_model and result is None:
                calls.failed.append(f"{label}: the documented body parsed to None")
                continue
            calls.done.append(label)
    return calls


def _route(document: Json, method: MethodModel) -> Json:
    item = (document.get("paths") or {}).get(method.path) or {}
    operation = item.get(method.http_method.lower())
    return operation if isinstance(operation, dict) else {}


def documented_successes(operation: Json) -> list[tuple[str, str | None]]:
    """(status, example name) for each 2xx response example (None: a body-less one), or
    each below 400 where the docs give no 2xx; an operation with none of those is called
    once, for Prism's default."""
    found: list[tuple[str, str | None]] = []
    responses = operation.get("responses") or {}
    answered = [s for s in responses if str(s).startswith("2")] or [
        s for s in responses if str(s).isdigit() and int(s) < 400]
    for status, response in sorted(responses.items()):
        if status not in answered or not isinstance(response, dict):
            continue
        media = (response.get("content") or {}).get("application/json") or {}
        names = sorted((media.get("examples") or {}).keys())
        found.extend((str(status), n) for n in names) if names else found.append(
            (str(status), None))
    return found or [("default", None)]
