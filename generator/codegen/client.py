"""A typed sync + async httpx client from an OpenAPI document, by jinja2 templates.

The templates get only sanitised identifiers, Python literals made by ``repr``
and docstring text passed through :func:`~generator.codegen.names.docstring`:
nothing from the docs is ever template or Python source.

What a call looks like: the path's own parameters come first, positionally, in the
order the path names them, then the body; every other argument is keyword-only.
A path parameter that (nearly) every operation starts with, ``project_id``, is set
once on the client and may be left out of calls. An action-API operation (several
doc pages, one ``POST .../action``: ``x-variants``) gets a method per page besides
the operation's own, each taking that page's body model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import jinja2

from generator.codegen.names import docstring, pascal_case, snake_case, unique
from generator.codegen.pagination import Paging, paging

Json = dict[str, Any]
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_TEMPLATE_VARIABLE = re.compile(r"\{([^{}]+)\}")
# a path parameter is set on the client when at least this share of the operations
# start their path with it, right after the API's version (/v2/{project_id}/...:
# 222 of 222 ModelArts operations, 6 of 25 in DNS); a variable after a collection
# name (/v2/zones/{zone_id}) names a resource, not the scope of the whole API
SHARED_SHARE = 0.5
_VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)*|[\w-]+-api)$", re.IGNORECASE)
# names the generated classes use for themselves
_CLIENT_ARGUMENTS = {"base_url", "region", "token", "auth", "retry", "timeout", "headers",
                     "transport"}
_CLIENT_ATTRIBUTES = {"close", "aclose", "request", "with_raw_response", "from_environment"}
# OpenAPI's query styles as the runtime's wire.query names them (form + explode is its
# default); a header is always "simple", explode saying key=value for an object
_QUERY_STYLES = {("form", False): "csv", ("spaceDelimited", False): "ssv",
                 ("pipeDelimited", False): "pipes", ("deepObject", True): "deep"}


@dataclass
class ParamModel:
    name: str  # the Python argument
    wire: str  # the name on the wire, as the docs spell it
    location: str
    annotation: str
    required: bool
    description: str
    shared: bool = False  # set on the client; the call may leave it out
    style: str = "form"  # how a query value is written (runtime wire.query's Style)
    exploded: bool = False  # a header object written key=value


@dataclass
class SharedParam:
    """A path parameter set on the client (``Client(..., project_id=...)``)."""

    name: str
    wire: str
    description: str


@dataclass
class MethodModel:
    """One client method: an operation, or one action variant of an operation."""

    name: str
    http_method: str
    path: str
    operation_id: str
    summary: str
    description: str
    source: str
    positional: list[ParamModel]  # path parameters in path order
    keyword: list[ParamModel]  # required first, then optional
    body: str | None
    body_required: bool
    result: str  # the return annotation
    # the annotation of each 2xx status the docs give a body, and the one of any other
    # 2xx (the operation's first success schema); neither: the body as sent
    schemas: list[tuple[int, str]] = field(default_factory=list)
    success_model: str | None = None
    # statuses below 400 but not 2xx the docs give as this operation's answer (where
    # they give no 2xx: an API root answering 300 with its versions)
    also_success: list[int] = field(default_factory=list)
    deprecated: bool = False
    variant_of: str | None = None  # the merged operation's id, for a variant's method
    paging: Paging | None = None

    @property
    def params(self) -> list[ParamModel]:
        return self.positional + self.keyword

    @property
    def query_styles(self) -> dict[str, str]:
        return {p.wire: p.style for p in self.params if p.location == "query"
                and p.style != "form"}

    @property
    def exploded_headers(self) -> list[str]:
        return [p.wire for p in self.params if p.location == "header" and p.exploded]

    @property
    def page_keyword(self) -> list[ParamModel]:
        """The keyword arguments an iterator takes: all but the paging ones."""
        if self.paging is None:
            return self.keyword
        return [p for p in self.keyword if not (
            p.location == "query" and p.wire in (self.paging.size, self.paging.position))]

    def wire_arg(self, wire: str) -> str:
        """The Python name of the query parameter ``wire``."""
        return next(p.name for p in self.keyword if p.location == "query" and p.wire == wire)


@dataclass
class ClientModel:
    package: str
    title: str
    version: str
    shared: list[SharedParam] = field(default_factory=list)
    methods: list[MethodModel] = field(default_factory=list)
    server: str = ""  # the docs' server URL, ``{variables}`` and all
    server_variables: dict[str, str] = field(default_factory=dict)  # their defaults
    # (doc file, line, message): what the client leaves out because the docs do not say
    notes: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def paginated(self) -> bool:
        return any(m.paging for m in self.methods)

    @property
    def uses_models(self) -> bool:
        return any("models." in text for m in self.methods for text in (
            m.result, m.body or "", *(p.annotation for p in m.params),
            *(a for _, a in m.schemas), m.success_model or "",
            m.paging.item_annotation if m.paging else ""))

    @property
    def class_doc(self) -> str:
        """What the constructor's arguments do, for the client classes' docstrings."""
        lines = []
        if self.shared:
            names = ", ".join(f"``{s.name}``" for s in self.shared)
            lines.append(f"{names}: set once here, sent in every path that has "
                         f"{'it' if len(self.shared) == 1 else 'them'} where a call leaves "
                         f"{'it' if len(self.shared) == 1 else 'them'} out.")
        lines += ["``base_url`` defaults to the docs' server"
                  + (f" ``{self.server}`` with ``region``" if self.server else "") + ".",
                  "``auth`` is any ``httpx.Auth``: ``AkSkAuth(ak, sk)`` signs each request"
                  + (" (and ``X-Project-Id`` is sent with the client's ``project_id``)"
                     if any(s.wire == "project_id" for s in self.shared) else "") + ";",
                  "or ``token`` is sent as ``X-Auth-Token``. ``retry`` says which answers",
                  "are retried (``None``: never) and bounds a call's time; ``timeout`` is",
                  "each request's; ``transport`` replaces the network (tests).",
                  "``from_environment()`` takes credentials, project and region from the",
                  "environment and ``clouds.yaml``."]
        return "\n".join(lines)


class _Types:
    """Python annotations for schemas, against the class names the models module has."""

    def __init__(self, document: Json, classes: dict[str, str]) -> None:
        self.schemas: Json = (document.get("components") or {}).get("schemas") or {}
        self.classes = classes  # component name → the class the models module has for it

    def ref_name(self, ref: str) -> str:
        name = ref.rsplit("/", 1)[-1]
        return f"models.{self.classes[name]}" if name in self.classes else "Any"

    def annotation(self, schema: Any) -> str:
        if not isinstance(schema, dict) or not schema:
            return "Any"
        if "$ref" in schema:
            return self.ref_name(str(schema["$ref"]))
        for key in ("allOf", "anyOf", "oneOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                parts = [self.annotation(s) for s in schema[key]]
                if key == "allOf":
                    return parts[0]
                return "Any" if "Any" in parts else " | ".join(dict.fromkeys(parts))
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


def _operations(document: Json) -> list[tuple[str, str, Json]]:
    found = []
    for path, item in sorted((document.get("paths") or {}).items()):
        for method in _METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                found.append((str(path), method, operation))
    return found


def shared_path_parameters(document: Json) -> list[str]:
    """Wire names of the path parameters to set on the client: those that at least
    :data:`SHARED_SHARE` of the operations have as the first variable of their path."""
    operations = _operations(document)
    firsts: dict[str, int] = {}
    for path, _, _ in operations:
        for segment in path.strip("/").split("/"):
            variable = _TEMPLATE_VARIABLE.fullmatch(segment)
            if variable:
                firsts[variable.group(1)] = firsts.get(variable.group(1), 0) + 1
            if variable or not _VERSION_SEGMENT.match(segment):
                break
    return sorted(name for name, count in firsts.items()
                  if count >= SHARED_SHARE * len(operations))


def client_model(document: Json, package: str, classes: dict[str, str]) -> ClientModel:
    types = _Types(document, classes)
    info = document.get("info") or {}
    model = ClientModel(package, str(info.get("title", package)), str(info.get("version", "")))
    server = next((s for s in document.get("servers") or [] if isinstance(s, dict)
                   and isinstance(s.get("url"), str)), None)
    if server is not None and server["url"].startswith(("http://", "https://")):
        model.server = server["url"]
        model.server_variables = {
            str(name): str(variable["default"]) for name, variable in
            (server.get("variables") or {}).items()
            if isinstance(variable, dict) and "default" in variable}
    taken_arguments = set(_CLIENT_ARGUMENTS)
    shared = shared_path_parameters(document)
    for wire in shared:
        model.shared.append(SharedParam(unique(snake_case(wire, fallback="param"),
                                               taken_arguments), wire, _shared_description(
                                                   document, wire)))
    taken = set(_CLIENT_ATTRIBUTES)
    for path, method, operation in _operations(document):
        model.methods.extend(_methods(types, method, path, operation, set(shared), taken,
                                      model.notes))
    return model


def _shared_description(document: Json, wire: str) -> str:
    for _, _, operation in _operations(document):
        for parameter in operation.get("parameters") or []:
            if isinstance(parameter, dict) and parameter.get("in") == "path" and \
                    parameter.get("name") == wire and parameter.get("description"):
                return _one_line(parameter["description"])
    return f"the {wire} of every path that has one"


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())[:300]


def _parameters(types: _Types, path: str, operation: Json, shared: set[str]
                ) -> tuple[list[ParamModel], list[ParamModel]]:
    """(positional, keyword) arguments: path parameters in path order, then the rest
    (required before optional, each in doc order)."""
    arguments: set[str] = set()
    declared: dict[tuple[str, str], Json] = {}
    for parameter in operation.get("parameters") or []:
        if isinstance(parameter, dict) and parameter.get("name"):
            declared.setdefault((str(parameter.get("in", "query")), str(parameter["name"])),
                                parameter)
    positional, shared_params, keyword = [], [], []
    # every variable of the path is an argument, documented or not
    for wire in dict.fromkeys(_TEMPLATE_VARIABLE.findall(path)):
        parameter = declared.pop(("path", wire), {"name": wire, "in": "path"})
        param = _param(types, parameter, arguments, required=True)
        if wire in shared:
            param.shared = True
            shared_params.append(param)
        else:
            positional.append(param)
    for (location, _), parameter in declared.items():
        if location != "path":  # a path parameter its path does not name cannot be sent
            keyword.append(_param(types, parameter, arguments,
                                  required=bool(parameter.get("required"))))
    keyword.sort(key=lambda p: not p.required)
    return positional, [*keyword[:sum(p.required for p in keyword)], *shared_params,
                        *keyword[sum(p.required for p in keyword):]]


def _param(types: _Types, parameter: Json, arguments: set[str], *, required: bool
           ) -> ParamModel:
    wire = str(parameter.get("name", ""))
    location = str(parameter.get("in", "query"))
    style = str(parameter.get("style") or ("form" if location == "query" else "simple"))
    explode = parameter.get("explode", style == "form")
    return ParamModel(
        name=unique(snake_case(wire, fallback="param"), arguments),
        wire=wire,
        location=location,
        annotation=types.annotation(parameter.get("schema")) if parameter.get("schema")
        else "str",
        required=required,
        description=_one_line(parameter.get("description", "")),
        style=_query_style(style, bool(explode), types.resolve(parameter.get("schema")), types),
        exploded=location == "header" and bool(explode),
    )


def _query_style(style: str, explode: bool, schema: Json, types: _Types) -> str:
    """How the runtime writes a query value (wire.Style). OpenAPI gives no form for a
    list of objects; the clouds' docs write such a list, their tags, as ``key=value``
    pairs (DCS: ``tags={key}={value}``, pairs separated by commas): repeated, or one
    comma-separated value where the spec says ``explode: false``."""
    item = types.resolve(schema.get("items")) if schema.get("type") == "array" else {}
    if item.get("type") == "object" or "properties" in item:
        return "pairs" if explode else "pairs_csv"
    return _QUERY_STYLES.get((style, explode), "form")


def _methods(types: _Types, method: str, path: str, operation: Json, shared: set[str],
             taken: set[str], notes: list[tuple[str, int, str]]) -> list[MethodModel]:
    operation_id = str(operation.get("operationId") or f"{method} {path}")
    positional, keyword = _parameters(types, path, operation, shared)
    body_schema = _json_schema(operation.get("requestBody"))
    schemas, success_model, result = _results(types, operation.get("responses") or {})
    source = operation.get("x-source") or {}
    main = MethodModel(
        name=unique(snake_case(operation_id, fallback="call"), taken),
        http_method=method.upper(),
        path=path,
        operation_id=operation_id,
        summary=str(operation.get("summary", "")),
        description=str(operation.get("description", "")),
        source=_source(source),
        positional=positional,
        keyword=keyword,
        body=types.annotation(body_schema) if body_schema else None,
        body_required=bool((operation.get("requestBody") or {}).get("required")),
        result=result,
        schemas=schemas,
        success_model=success_model,
        also_success=[status for status, _ in _successes(operation.get("responses") or {})
                      if not 200 <= status < 300],
        deprecated=bool(operation.get("deprecated")),
    )
    first = next((_json_schema(r) for _, r in _successes(operation.get("responses") or {})
                  if _json_schema(r)), None)
    if success_model is not None and success_model.startswith("models."):
        said: list[str] = []
        main.paging = paging(operation.get("parameters") or [], types.resolve(first),
                             types.resolve, types.annotation, said)
        notes += [(str(source.get("file", "?")), int(source.get("line", 0) or 0),
                   f"{operation_id}: {message}") for message in said]
    if main.paging:
        taken.add(f"iter_{main.name}")
    methods = [main]
    for variant in operation.get("x-variants") or []:
        if not isinstance(variant, dict) or not variant.get("operationId"):
            continue
        variant_id = str(variant["operationId"])
        name = unique(snake_case(variant_id, fallback="call"), taken)
        if main.paging:  # a variant lists what the operation lists: it pages alike
            taken.add(f"iter_{name}")
        methods.append(MethodModel(
            name=name,
            http_method=main.http_method,
            path=path,
            operation_id=variant_id,
            summary=str(variant.get("summary", "")),
            description=str(variant.get("description", "")),
            source=_source(variant.get("x-source") or {}),
            positional=positional,
            keyword=keyword,
            body=types.annotation(variant.get("schema")) if variant.get("schema") else main.body,
            body_required=True if variant.get("schema") else main.body_required,
            result=result,
            schemas=schemas,
            success_model=success_model,
            also_success=main.also_success,
            deprecated=bool(variant.get("deprecated")) or main.deprecated,
            variant_of=operation_id,
            paging=main.paging,
        ))
    return methods


def _successes(responses: Json) -> list[tuple[int, Any]]:
    """The 2xx responses the docs give; where they give none, every status below 400
    (an API root answering 300 with its versions)."""
    numbered = sorted((int(s), r) for s, r in responses.items() if str(s).isdigit())
    return [(s, r) for s, r in numbered if 200 <= s < 300] or [
        (s, r) for s, r in numbered if s < 400]


def _results(types: _Types, responses: Json) -> tuple[list[tuple[int, str]], str | None, str]:
    """(the annotation of each success status the docs give a body, the one for any
    other 2xx, the method's return annotation). Any 2xx is a success; an empty body is
    None, so the return annotation says ``| None`` where the docs give a success without
    a body; no documented body at all: whatever the server sent (``Any``)."""
    successes = _successes(responses)
    schemas = [(status, types.annotation(_json_schema(r))) for status, r in successes
               if _json_schema(r) is not None]
    if not schemas:
        return [], None, "Any"
    kinds = list(dict.fromkeys(annotation for _, annotation in schemas))
    result = "Any" if "Any" in kinds else " | ".join(kinds)
    if result != "Any" and len(schemas) < len(successes):
        result += " | None"
    return schemas, schemas[0][1], result


def _source(source: Any) -> str:
    if not isinstance(source, dict) or not source:
        return ""
    return f"{source.get('file', '?')}:{source.get('line', '?')}"


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
