"""What a reader of the published reference sees, taken from any OpenAPI 3 document.

The templates get these frozen views and nothing else: every name, type, constraint
and enum meaning is worked out here, so the templates only lay them out. Text from
the document stays plain text (the templates escape it); only the URLs and anchors
made here, from sanitised names, become links.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.document import Json, operations, resolved, source_of

_MAX_DEPTH = 10  # deeper nesting is shown on the nested schema's own page
_SCHEMA_REF = "#/components/schemas/"


@dataclass(frozen=True)
class EnumValue:
    value: str  # as JSON writes it: "auto-label", true, 1
    meaning: str


@dataclass(frozen=True)
class SchemaRow:
    """One property of a body, at its depth in the nesting."""

    name: str
    anchor: str  # a stable id: "response-200.tasks.config"
    depth: int
    type: str
    link: str | None  # the schema page of a named (component) type, relative to the site
    required: bool
    constraints: tuple[str, ...]
    enum: tuple[EnumValue, ...]
    description: str
    source: str  # "file.rst:42", or ""
    note: str = ""  # why the nesting stops here, when it does


@dataclass(frozen=True)
class Example:
    title: str
    text: str  # pretty-printed JSON, or the text as written


@dataclass(frozen=True)
class Body:
    anchor: str
    media_type: str
    type: str
    link: str | None
    rows: tuple[SchemaRow, ...]
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Parameter:
    anchor: str
    name: str
    location: str
    required: bool
    type: str
    link: str | None
    constraints: tuple[str, ...]
    enum: tuple[EnumValue, ...]
    description: str
    source: str
    rows: tuple[SchemaRow, ...]  # an object parameter's properties


@dataclass(frozen=True)
class Response:
    anchor: str
    status: str
    description: str
    bodies: tuple[Body, ...]
    headers: tuple[Parameter, ...]
    source: str


@dataclass(frozen=True)
class Operation:
    id: str
    url: str  # "operations/ListTasks.html"
    method: str
    path: str
    summary: str
    description: str
    tags: tuple[str, ...]
    deprecated: bool
    parameters: tuple[Parameter, ...]
    request: tuple[Body, ...]
    request_required: bool
    responses: tuple[Response, ...]
    source: str
    schemas: tuple[str, ...]  # every component schema it uses, for "used by"


@dataclass(frozen=True)
class SchemaPage:
    name: str
    url: str
    type: str
    description: str
    rows: tuple[SchemaRow, ...]
    enum: tuple[EnumValue, ...]
    constraints: tuple[str, ...]
    source: str
    used_by: tuple[Operation, ...]


@dataclass(frozen=True)
class Tag:
    name: str
    anchor: str
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Site:
    title: str
    version: str
    description: str
    language: str  # the pages' lang: "zh" when the text is mostly Chinese, else "en"
    servers: tuple[str, ...]
    tags: tuple[Tag, ...]
    operations: tuple[Operation, ...]
    schemas: tuple[SchemaPage, ...]


def slug(text: str) -> str:
    """A file name or anchor part that is safe in a URL and stable for the same text."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.")
    return cleaned or "x"


def site_of(document: Json) -> Site:
    """The view of the whole document."""
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    assert isinstance(info, dict)
    schemas = (document.get("components") or {}).get("schemas") or {}
    schema_urls = _unique_urls("schemas", [str(name) for name in schemas])
    views = _SchemaViews(document, schema_urls)
    ops = tuple(_operations(document, views))
    tag_names = list(dict.fromkeys(
        [str(t.get("name")) for t in document.get("tags") or [] if isinstance(t, dict)]
        + [tag for op in ops for tag in op.tags]))
    described = {str(t.get("name")): _text(t.get("description"))
                 for t in document.get("tags") or [] if isinstance(t, dict)}
    tags = tuple(
        Tag(name, "tag-" + slug(name), described.get(name, ""),
            tuple(op for op in ops if name in op.tags or (not op.tags and name == "default")))
        for name in tag_names + (["default"] if any(not op.tags for op in ops) else []))
    used_by: dict[str, list[Operation]] = {}
    for op in ops:
        for name in op.schemas:
            used_by.setdefault(name, []).append(op)
    pages = tuple(views.page(str(name), schema, tuple(used_by.get(str(name), ())))
                  for name, schema in schemas.items())
    servers = tuple(str(s.get("url")) for s in document.get("servers") or []
                    if isinstance(s, dict) and s.get("url"))
    return Site(_text(info.get("title")) or "API reference", _text(info.get("version")),
                _text(info.get("description")),
                _language(" ".join(op.summary + op.description for op in ops)), servers,
                tuple(t for t in tags if t.operations), ops, pages)


def _language(text: str) -> str:
    """"zh" when most letters are CJK ideographs: a screen reader and the browser's font
    choice follow the page's lang (the document itself does not say)."""
    letters = [c for c in text if c.isalpha()]
    cjk = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    return "zh" if letters and cjk * 2 > len(letters) else "en"


def _unique_urls(folder: str, names: Iterable[str]) -> dict[str, str]:
    """name → "folder/<slug>.html", distinct even where two names give one slug
    (file systems may also fold case: "Task" and "task" get different files)."""
    urls: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = slug(name)
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.lower())
        urls[name] = f"{folder}/{candidate}.html"
    return urls


def _operations(document: Json, views: _SchemaViews) -> Iterator[Operation]:
    found = list(operations(document))
    ids = [str(op.get("operationId") or f"{method} {path}") for method, path, op in found]
    urls = _unique_urls("operations", ids)
    for (method, path, op), op_id in zip(found, ids, strict=True):
        item = (document.get("paths") or {}).get(path) or {}
        shared = item.get("parameters") if isinstance(item, dict) else None
        parameters = _merged_parameters(document, shared, op.get("parameters"))
        request = resolved(document, op.get("requestBody"))
        responses = op.get("responses") if isinstance(op.get("responses"), dict) else {}
        assert isinstance(responses, dict)
        views.used = set()
        view = Operation(
            id=op_id,
            url=urls[op_id],
            method=method,
            path=path,
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            tags=tuple(str(t) for t in op.get("tags") or []),
            deprecated=bool(op.get("deprecated")),
            parameters=tuple(views.parameter(p) for p in parameters),
            request=views.bodies("request", request),
            request_required=bool(isinstance(request, dict) and request.get("required")),
            responses=tuple(views.response(str(status), responses[status])
                            for status in sorted(responses, key=_status_order)),
            source=_source(op),
            schemas=(),
        )
        yield dataclasses.replace(view, schemas=tuple(sorted(views.used)))


def _merged_parameters(document: Json, shared: Any, own: Any) -> list[Json]:
    """Path-item parameters overridden by the operation's own (same name and place)."""
    merged: dict[tuple[str, str], Json] = {}
    for group in (shared, own):
        for parameter in group if isinstance(group, list) else []:
            parameter = resolved(document, parameter)
            if isinstance(parameter, dict):
                merged[(str(parameter.get("in")), str(parameter.get("name")))] = parameter
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    return sorted(merged.values(), key=lambda p: order.get(str(p.get("in")), 4))


def _status_order(status: Any) -> tuple[int, str]:
    text = str(status)
    return (0 if text[:1].isdigit() else 1, text)


class _SchemaViews:
    """Schema → rows, following refs; remembers which component schemas were used."""

    def __init__(self, document: Json, urls: dict[str, str]) -> None:
        self.document = document
        self.urls = urls
        self.used: set[str] = set()

    def parameter(self, parameter: Json) -> Parameter:
        location, name = str(parameter.get("in", "")), str(parameter.get("name", ""))
        schema = parameter.get("schema")
        content = parameter.get("content")
        if schema is None and isinstance(content, dict) and content:
            media = next(iter(content.values()))
            schema = media.get("schema") if isinstance(media, dict) else None
        anchor = f"param-{slug(location)}-{slug(name)}"
        target = self._target(schema)
        return Parameter(
            anchor=anchor, name=name, location=location,
            required=bool(parameter.get("required")) or location == "path",
            type=self.type_of(schema), link=self._link(schema),
            constraints=_constraints(target), enum=_enum(target),
            description=_text(parameter.get("description")) or _text(target.get("description")),
            source=_source(parameter),
            rows=tuple(self.rows(schema, anchor, 1)),
        )

    def bodies(self, anchor: str, holder: Any) -> tuple[Body, ...]:
        content = holder.get("content") if isinstance(holder, dict) else None
        if not isinstance(content, dict):
            return ()
        found = []
        for media_type, media in content.items():
            media = media if isinstance(media, dict) else {}
            schema = media.get("schema")
            # rows are "response-200.tasks"; with two media types, "response-200-xml.tasks"
            here = anchor if len(content) == 1 else f"{anchor}-{slug(str(media_type))}"
            found.append(Body(f"{here}-body", str(media_type), self.type_of(schema),
                              self._link(schema), tuple(self.rows(schema, here, 0)),
                              tuple(_examples(media))))
        return tuple(found)

    def response(self, status: str, response: Any) -> Response:
        response = resolved(self.document, response)
        response = response if isinstance(response, dict) else {}
        anchor = f"response-{slug(status)}"
        headers = response.get("headers") if isinstance(response.get("headers"), dict) else {}
        assert isinstance(headers, dict)
        return Response(
            anchor=anchor, status=status, description=_text(response.get("description")),
            bodies=self.bodies(anchor, response),
            headers=tuple(self.parameter({**resolved(self.document, h), "name": n,
                                          "in": "header"})
                          for n, h in headers.items()),
            source=_source(response))

    def page(self, name: str, schema: Any, used_by: tuple[Operation, ...]) -> SchemaPage:
        target = self._target(schema)
        return SchemaPage(
            name=name, url=self.urls[name], type=self.type_of(schema, named=False),
            description=_text(target.get("description")),
            rows=tuple(self.rows(schema, "schema", 0, (name,))),
            enum=_enum(target), constraints=_constraints(target), source=_source(target),
            used_by=used_by)

    # --- types and rows

    def _target(self, schema: Any, depth: int = 0) -> Json:
        """The schema behind refs; ``allOf: [X]`` with siblings (how OpenAPI 3.0 puts a
        description beside a ref) reads as X with those siblings."""
        target = resolved(self.document, schema)
        if not isinstance(target, dict):
            return {}
        inner = _single_all_of(target)
        if inner is not None and depth < _MAX_DEPTH:
            return {**self._target(inner, depth + 1),
                    **{k: v for k, v in target.items() if k != "allOf"}}
        return target

    def _component(self, schema: Any) -> str | None:
        """The component name a schema refers to, when it is a ref to one (or an
        ``allOf`` of that one ref)."""
        inner = _single_all_of(schema) if isinstance(schema, dict) else None
        if inner is not None:
            schema = inner
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str) \
                and schema["$ref"].startswith(_SCHEMA_REF):
            name = str(schema["$ref"])[len(_SCHEMA_REF):].replace("~1", "/").replace("~0", "~")
            if name in self.urls:
                self.used.add(name)
                return name
        return None

    def _link(self, schema: Any) -> str | None:
        """The schema page a type links to: the component itself, or an array's items."""
        name = self._component(schema)
        if name is None and isinstance(schema, dict) and schema.get("type") == "array":
            name = self._component(schema.get("items"))
        return self.urls[name] if name is not None else None

    def type_of(self, schema: Any, named: bool = True) -> str:
        """"string (date-time)", "array of RunningTask", "map of string", "one of A | B"."""
        if not isinstance(schema, dict):
            return "any"
        name = self._component(schema)
        if name is not None and named:
            return name
        schema = self._target(schema)
        for key, word in (("oneOf", "one of"), ("anyOf", "any of")):
            if isinstance(schema.get(key), list) and schema[key]:
                return f"{word} " + " | ".join(self.type_of(s) for s in schema[key])
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            return " & ".join(self.type_of(s) for s in schema["allOf"])
        kind = schema.get("type")
        if kind == "array":
            text = f"array of {self.type_of(schema.get('items'))}"
        elif kind == "object" or (kind is None and "properties" in schema):
            extra = schema.get("additionalProperties")
            text = f"map of {self.type_of(extra)}" if isinstance(extra, dict) \
                and not schema.get("properties") else "object"
        else:
            text = str(kind) if kind else "any"
            if schema.get("format"):
                text += f" ({schema['format']})"
        return text + (", nullable" if schema.get("nullable") else "")

    def rows(self, schema: Any, prefix: str, depth: int,
             seen: tuple[str, ...] = ()) -> Iterator[SchemaRow]:
        """The properties of ``schema``, each followed by its own nested properties."""
        name = self._component(schema)
        if name is not None:
            seen = (*seen, name)
        target = self._target(schema)
        if target.get("type") == "array":
            yield from self.rows(target.get("items"), prefix, depth, seen)
            return
        required = set(target.get("required") or []) if isinstance(
            target.get("required"), list) else set()
        properties: dict[str, Any] = {}
        for part in [target, *(target.get("allOf") or [])]:
            part = self._target(part)
            props = part.get("properties")
            if isinstance(props, dict):
                properties.update(props)
            if isinstance(part.get("required"), list):
                required |= {str(r) for r in part["required"]}
        extra = target.get("additionalProperties")
        if isinstance(extra, dict):
            properties.setdefault("{key}", extra)
        for prop, prop_schema in properties.items():
            anchor = f"{prefix}.{slug(str(prop))}"
            inner = self._target(prop_schema)
            nested_name = self._component(prop_schema) or (
                self._component(inner.get("items")) if inner.get("type") == "array" else None)
            note = ""
            nested: list[SchemaRow] = []
            if nested_name is not None and nested_name in seen:
                note = f"the same {nested_name} as above: see its page"
            elif depth + 1 >= _MAX_DEPTH:
                note = "nested deeper: see the type's page"
            else:
                nested = list(self.rows(prop_schema, anchor, depth + 1, seen))
            yield SchemaRow(
                name=str(prop), anchor=anchor, depth=depth, type=self.type_of(prop_schema),
                link=self._link(prop_schema), required=str(prop) in required,
                constraints=_constraints(inner), enum=_enum(inner),
                description=_text(inner.get("description"))
                or _text(prop_schema.get("description") if isinstance(prop_schema, dict)
                         else ""),
                source=_source(prop_schema) or _source(inner), note=note)
            yield from nested
        for key, word in (("oneOf", "one of"), ("anyOf", "any of")):
            for index, option in enumerate(target.get(key) or [], start=1):
                anchor = f"{prefix}.{key}-{index}"
                yield SchemaRow(f"({word}, option {index})", anchor, depth,
                                self.type_of(option), self._link(option), False,
                                _constraints(self._target(option)),
                                _enum(self._target(option)),
                                _text(self._target(option).get("description")),
                                _source(option))
                if depth + 1 < _MAX_DEPTH and self._component(option) not in seen:
                    yield from self.rows(option, anchor, depth + 1, seen)


def _single_all_of(schema: Json) -> Any:
    parts = schema.get("allOf")
    if isinstance(parts, list) and len(parts) == 1 and "properties" not in schema:
        return parts[0]
    return None


def _constraints(schema: Json) -> tuple[str, ...]:
    found = []
    low, high = schema.get("minimum"), schema.get("maximum")
    low_op = "<" if schema.get("exclusiveMinimum") is True else "≤"
    high_op = "<" if schema.get("exclusiveMaximum") is True else "≤"
    if low is not None and high is not None:
        found.append(f"{_json(low)} {low_op} value {high_op} {_json(high)}")
    elif low is not None:
        found.append(f"value {'>' if low_op == '<' else '≥'} {_json(low)}")
    elif high is not None:
        found.append(f"value {high_op} {_json(high)}")
    for lower, upper, what in (("minLength", "maxLength", "length"),
                               ("minItems", "maxItems", "items"),
                               ("minProperties", "maxProperties", "properties")):
        a, b = schema.get(lower), schema.get(upper)
        if a is not None and b is not None:
            found.append(f"{_json(a)} ≤ {what} ≤ {_json(b)}")
        elif a is not None:
            found.append(f"{what} ≥ {_json(a)}")
        elif b is not None:
            found.append(f"{what} ≤ {_json(b)}")
    if schema.get("multipleOf") is not None:
        found.append(f"multiple of {_json(schema['multipleOf'])}")
    if schema.get("pattern"):
        found.append(f"pattern: {schema['pattern']}")
    if schema.get("uniqueItems"):
        found.append("unique items")
    if "default" in schema:
        found.append(f"default: {_json(schema['default'])}")
    for flag in ("readOnly", "writeOnly", "deprecated"):
        if schema.get(flag):
            found.append({"readOnly": "read-only", "writeOnly": "write-only"}.get(flag, flag))
    return tuple(found)


def _enum(schema: Json) -> tuple[EnumValue, ...]:
    """The documented values: the open set ``x-extensible-enum`` (our specs), or a
    closed ``enum`` (other people's)."""
    values = schema.get("x-extensible-enum", schema.get("enum"))
    if not isinstance(values, list):
        return ()
    meanings = schema.get("x-enum-descriptions")
    meanings = meanings if isinstance(meanings, list) and len(meanings) == len(values) else []
    return tuple(EnumValue(_json(v), _text(meanings[i]) if meanings else "")
                 for i, v in enumerate(values))


def _examples(media: Json) -> Iterator[Example]:
    if "example" in media:
        yield Example("Example", _pretty(media["example"]))
    examples = media.get("examples")
    for name, example in (examples.items() if isinstance(examples, dict) else ()):
        example = example if isinstance(example, dict) else {}
        title = _text(example.get("summary")) or str(name)
        if "value" in example:
            yield Example(title, _pretty(example["value"]))
        elif example.get("externalValue"):
            yield Example(title, f"(at {example['externalValue']})")


def _pretty(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def _json(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           default=str)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _source(node: Any) -> str:
    found = source_of(node)
    return f"{found.path}:{found.line}" if found is not None else ""
