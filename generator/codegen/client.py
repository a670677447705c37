"""A typed sync + async httpx client from an OpenAPI document, by jinja2 templates.

The templates get only sanitised identifiers, Python literals made by ``repr``
and docstring text passed through :func:`~generator.codegen.names.docstring`:
nothing from the docs is ever template or Python source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2

from generator.codegen.names import docstring, pascal_case, snake_case, unique

Json = dict[str, Any]
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass
class ParamModel:
    name: str  # the Python argument
    wire: str  # the name on the wire, as the docs spell it
    location: str
    annotation: str
    required: bool
    description: str


@dataclass
class OperationModel:
    method_name: str
    http_method: str
    path: str
    operation_id: str
    summary: str
    description: str
    source: str
    params: list[ParamModel]
    body: str | None
    body_required: bool
    result: str  # the return annotation
    result_model: str | None  # what the success body parses into
    success: list[int]
    bodyless: list[int] = field(default_factory=list)  # success statuses the docs give no body
    items_field: str | None = None  # the list a limit/offset page holds
    items_annotation: str = "Any"

    @property
    def paginated(self) -> bool:
        integers = {p.wire for p in self.params if p.location == "query" and p.annotation == "int"}
        return {"limit", "offset"} <= integers and self.items_field is not None

    @property
    def page_params(self) -> list[ParamModel]:
        return [p for p in self.params if p.wire not in ("limit", "offset")]


@dataclass
class ClientModel:
    package: str
    title: str
    version: str
    operations: list[OperationModel] = field(default_factory=list)


class _Types:
    """Python annotations for schemas, against the class names the models module has."""

    def __init__(self, document: Json, classes: set[str]) -> None:
        self.schemas: Json = (document.get("components") or {}).get("schemas") or {}
        self.classes = classes

    def ref_name(self, ref: str) -> str:
        name = ref.rsplit("/", 1)[-1]
        return f"models.{name}" if name in self.classes else "Any"

    def annotation(self, schema: Any) -> str:
        if not isinstance(schema, dict) or not schema:
            return "Any"
        if "$ref" in schema:
            return self.ref_name(str(schema["$ref"]))
        for key in ("allOf", "anyOf", "oneOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                parts = [self.annotation(s) for s in schema[key]]
                return parts[0] if key == "allOf" else " | ".join(dict.fromkeys(parts))
        kind = schema.get("type")
        if kind == "array":
            return f"list[{self.annotation(schema.get('items'))}]"
        if kind == "object":
            extra = schema.get("additionalProperties")
            return f"dict[str, {self.annotation(extra) if isinstance(extra, dict) else 'Any'}]"
        return _PRIMITIVES.get(str(kind), "Any")

    def resolve(self, schema: Any) -> Json:
        seen: set[str] = set()
        while isinstance(schema, dict):
            if "$ref" in schema and schema["$ref"] not in seen:
                seen.add(schema["$ref"])
                schema = self.schemas.get(str(schema["$ref"]).rsplit("/", 1)[-1], {})
            elif isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
                schema = schema["allOf"][0]
            else:
                return schema
        return {}

    def items_field(self, schema: Any) -> tuple[str, str] | None:
        """The first array property of a page, the items a paginator yields, and
        the annotation of one item."""
        for name, prop in (self.resolve(schema).get("properties") or {}).items():
            resolved = self.resolve(prop)
            if resolved.get("type") == "array":
                return str(name), self.annotation(resolved.get("items"))
        return None


def client_model(document: Json, package: str, classes: set[str]) -> ClientModel:
    types = _Types(document, classes)
    info = document.get("info") or {}
    model = ClientModel(package, str(info.get("title", package)), str(info.get("version", "")))
    taken: set[str] = {"close", "aclose"}
    for path, item in sorted((document.get("paths") or {}).items()):
        for method in _METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                model.operations.append(
                    _operation(types, method, str(path), operation, taken))
    return model


def _operation(types: _Types, method: str, path: str, operation: Json,
               taken: set[str]) -> OperationModel:
    operation_id = str(operation.get("operationId") or f"{method} {path}")
    method_name = unique(snake_case(operation_id, fallback="call"), taken)
    taken.add(f"iter_{method_name}")
    arguments: set[str] = set()
    params = []
    for parameter in operation.get("parameters") or []:
        if not isinstance(parameter, dict):
            continue
        wire = str(parameter.get("name", ""))
        params.append(ParamModel(
            name=unique(snake_case(wire, fallback="param"), arguments),
            wire=wire,
            location=str(parameter.get("in", "query")),
            annotation=types.annotation(parameter.get("schema")),
            required=bool(parameter.get("required")),
            description=" ".join(str(parameter.get("description", "")).split())[:300],
        ))
    body_schema = _json_schema(operation.get("requestBody"))
    responses = operation.get("responses") or {}
    # the 2xx statuses; where the docs give none, every status below 400 they give (an
    # API root answering 300 with its versions): a response the docs show never raises
    answered = [s for s in responses if str(s).isdigit() and str(s).startswith("2")] or [
        s for s in responses if str(s).isdigit() and int(s) < 400]
    success = sorted(int(s) for s in answered)
    result_schema = next((_json_schema(responses[s]) for s in sorted(answered, key=str)
                          if _json_schema(responses[s])), None)
    result = types.annotation(result_schema) if result_schema else "None"
    # a success status documented without a body (201 next to a 200 with one) returns None
    bodyless = [int(s) for s in answered if not _json_schema(responses[s])] \
        if result_schema else []
    items = types.items_field(result_schema) if result_schema else None
    source = operation.get("x-source") or {}
    return OperationModel(
        method_name=method_name,
        http_method=method.upper(),
        path=path,
        operation_id=operation_id,
        summary=str(operation.get("summary", "")),
        description=str(operation.get("description", "")),
        source=f"{source.get('file', '?')}:{source.get('line', '?')}" if source else "",
        params=sorted(params, key=lambda p: not p.required),
        body=types.annotation(body_schema) if body_schema else None,
        body_required=bool((operation.get("requestBody") or {}).get("required")),
        result=f"{result} | None" if bodyless and result != "Any" else result,
        result_model=result if result_schema else None,
        success=success or [200],
        bodyless=sorted(bodyless),
        items_field=items[0] if items else None,
        items_annotation=items[1] if items else "Any",
    )


def _json_schema(node: Any) -> Json | None:
    if not isinstance(node, dict):
        return None
    media = (node.get("content") or {}).get("application/json")
    return media.get("schema") if isinstance(media, dict) else None


_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.codegen", "templates"),
    autoescape=False,  # Python source, not HTML: every docs value goes through a filter
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters["docstring"] = docstring
_ENVIRONMENT.filters["pyrepr"] = repr
_ENVIRONMENT.filters["pascal"] = pascal_case


def render(template: str, **context: Any) -> str:
    return _ENVIRONMENT.get_template(template).render(**context)
