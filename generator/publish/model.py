"""What a reader of the published reference sees, taken from any OpenAPI 3 document.

The templates get these frozen views and nothing else: every name, type, constraint
and enum meaning is worked out here, so the templates only lay them out. Text from
the document stays plain text (the templates escape it); only the URLs and anchors
made here, from sanitised names, become links.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.document import Json, operations, resolved, source_of
from generator.publish.i18n import literal
from generator.publish.samples import curl_command, sample_of, server_url

if TYPE_CHECKING:
    from generator.publish.reuse import ViewMemo

_MAX_DEPTH = 10  # deeper nesting is shown on the nested schema's own page
_SCHEMA_REF = "#/components/schemas/"
# titles and words are catalogue keys in braces (see i18n): the views say no language
_LOCATIONS = {"path": "{path_parameters}", "query": "{query_parameters}",
              "header": "{header_parameters}", "cookie": "{cookie_parameters}"}


@dataclass(frozen=True)
class EnumValue:
    value: str  # as JSON writes it: "auto-label", true, 1
    meaning: str


@dataclass(frozen=True)
class Field:
    """A parameter, or a property of a body, with the fields nested in it."""

    name: str
    anchor: str  # a stable id: "response-200.tasks.config", "param-query-limit"
    type: str
    link: str | None  # the schema page of a named (component) type, relative to the site
    required: bool
    constraints: tuple[str, ...]
    enum: tuple[EnumValue, ...]
    enum_open: bool  # the documented values of an open set (x-extensible-enum)
    description: str
    source: str  # "file.rst:42", or ""
    note: str = ""  # why the nesting stops here, when it does: "note_same", "note_deeper"
    children: tuple[Field, ...] = ()
    location: str = ""  # a parameter's `in`
    deprecated: bool = False
    note_of: str = ""  # the type a "note_same" note names
    option: str = ""  # "one_of" / "any_of": the field is option ``name`` of a union


@dataclass(frozen=True)
class Example:
    title: str
    text: str  # pretty-printed JSON, or the text as written
    source: str = ""
    name: str = ""  # its key in the document's ``examples``


@dataclass(frozen=True)
class Body:
    anchor: str
    media_type: str
    type: str
    link: str | None
    fields: tuple[Field, ...]
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Response:
    anchor: str
    status: str
    description: str
    bodies: tuple[Body, ...]
    headers: tuple[Field, ...]
    source: str


@dataclass(frozen=True)
class Variant:
    """One page of an action API (``x-variants``): same method and path, its own body."""

    id: str
    anchor: str  # "variant-evs_04_2084"
    summary: str
    description: str
    key: str  # the top-level body key that tells it apart, or ""
    deprecated: bool
    source: str
    body: Body | None
    curl: str


@dataclass(frozen=True)
class ParameterGroup:
    title: str  # "Query parameters"
    fields: tuple[Field, ...]


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
    parameters: tuple[ParameterGroup, ...]
    request: tuple[Body, ...]
    request_required: bool
    variants: tuple[Variant, ...]
    responses: tuple[Response, ...]
    source: str
    curl: str  # a request sample; with variants, each variant has its own
    schemas: tuple[str, ...]  # every component schema it uses, for "used by"
    anchors: frozenset[str]  # every field, body and response id on its page

    @property
    def title(self) -> str:
        return self.summary or self.id

    @property
    def source_file(self) -> str:
        """The doc file the page names at its top."""
        return self.source.rpartition(":")[0]


@dataclass(frozen=True)
class SchemaPage:
    name: str
    url: str
    type: str
    description: str
    fields: tuple[Field, ...]
    enum: tuple[EnumValue, ...]
    enum_open: bool
    constraints: tuple[str, ...]
    source: str
    used_by: tuple[Operation, ...]

    @property
    def source_file(self) -> str:
        return self.source.rpartition(":")[0]


@dataclass(frozen=True)
class Tag:
    name: str
    anchor: str
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class TagGroup:
    """A group of tags (``x-tagGroups``, Redoc's extension): the docs' index page
    above the ones the tags are named after."""

    name: str
    tags: tuple[Tag, ...]


@dataclass(frozen=True)
class Site:
    title: str  # "" when the document gives none (the pages then say "API reference")
    version: str
    description: str
    language: str  # info.x-language, else "zh" when the text is mostly Chinese, else "en"
    servers: tuple[str, ...]
    tags: tuple[Tag, ...]
    operations: tuple[Operation, ...]  # in document order
    schemas: tuple[SchemaPage, ...]
    groups: tuple[TagGroup, ...] = ()  # from x-tagGroups; empty when the document has none

    @property
    def sidebar(self) -> tuple[TagGroup, ...]:
        """The sidebar's groups: the document's tag groups, then a group without a name
        for the tags none holds (every tag, when there are no groups)."""
        grouped = {tag.name for group in self.groups for tag in group.tags}
        rest = tuple(tag for tag in self.tags if tag.name not in grouped)
        return self.groups + ((TagGroup("", rest),) if rest else ())

    @property
    def reading_order(self) -> tuple[Operation, ...]:
        """Every operation once, in sidebar order (by tag): previous/next follow it."""
        seen: dict[str, Operation] = {}
        for tag in (tag for group in self.sidebar for tag in group.tags):
            for op in tag.operations:
                seen.setdefault(op.url, op)
        return tuple(seen.values())


def slug(text: str) -> str:
    """A file name or anchor part that is safe in a URL and stable for the same text."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.")
    return cleaned or "x"


def walk(fields: Iterable[Field]) -> Iterator[Field]:
    """Every field and, after each, the fields nested in it."""
    for field in fields:
        yield field
        yield from walk(field.children)


def operation_urls(document: Json) -> dict[tuple[str, str], str]:
    """(METHOD, path) → the page of that operation, as :func:`site_of` names it."""
    found = list(operations(document))
    ids = _operation_ids(found)
    urls = _unique_urls("operations", ids)
    return {(method, path): urls[op_id]
            for (method, path, _), op_id in zip(found, ids, strict=True)}


def schema_urls(document: Json) -> dict[str, str]:
    schemas = (document.get("components") or {}).get("schemas") or {}
    return _unique_urls("schemas", [str(name) for name in schemas])


def site_of(document: Json, memo: ViewMemo | None = None) -> Site:
    """The view of the whole document. ``memo``: the views of the document before
    (a live preview's), reused where what they were made from is the same."""
    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    assert isinstance(info, dict)
    schemas = (document.get("components") or {}).get("schemas") or {}
    views = _SchemaViews(document, schema_urls(document))
    if memo is not None:
        memo.begin(document)
    ops = tuple(_operations(document, views, memo))
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
    pages = tuple(_schema_page(document, views, str(name), schema,
                               tuple(used_by.get(str(name), ())), memo)
                  for name, schema in schemas.items())
    if memo is not None:
        memo.end()
    servers = tuple(str(s.get("url")) for s in document.get("servers") or []
                    if isinstance(s, dict) and s.get("url"))
    shown = tuple(t for t in tags if t.operations)
    return Site(_text(info.get("title")), _text(info.get("version")),
                _text(info.get("description")), language_of(document), servers,
                shown, ops, pages, _tag_groups(document, shown))


def _tag_groups(document: Json, tags: tuple[Tag, ...]) -> tuple[TagGroup, ...]:
    """``x-tagGroups`` (``[{name, tags: [...]}]``): each group's tags that have
    operations, in the group's order; a tag counts in its first group only."""
    listed = document.get("x-tagGroups")
    by_name = {tag.name: tag for tag in tags}
    taken: set[str] = set()
    groups = []
    for group in listed if isinstance(listed, list) else []:
        if not isinstance(group, dict) or not isinstance(group.get("tags"), list):
            continue
        members = []
        for name in group["tags"]:
            if str(name) in by_name and str(name) not in taken:
                taken.add(str(name))
                members.append(by_name[str(name)])
        if members:
            groups.append(TagGroup(_text(group.get("name")), tuple(members)))
    return tuple(groups)


def language_of(document: Json) -> str:
    """The document's language: ``info.x-language`` where it says ("en", "zh"), else
    "zh" when most letters of its operations' text are CJK ideographs."""
    info = document.get("info")
    said = info.get("x-language") if isinstance(info, dict) else None
    if isinstance(said, str) and said.strip():
        return said.strip().lower().split("-")[0]
    return _language(" ".join(_text(op.get("summary")) + _text(op.get("description"))
                              for _, _, op in operations(document)))


def _language(text: str) -> str:
    """"zh" when most letters are CJK ideographs: a screen reader and the browser's font
    choice follow the page's lang (the document itself does not say)."""
    letters = [c for c in text if c.isalpha()]
    cjk = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff")
    return "zh" if letters and cjk * 2 > len(letters) else "en"


def _unique_urls(folder: str, names: Iterable[str]) -> dict[str, str]:
    """name → "folder/<slug>.html", distinct even where two names give one slug."""
    return {name: f"{folder}/{part}.html" for name, part in _unique_slugs(names).items()}


def _unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """name → its slug, made distinct where two names give one (file systems may also
    fold case: "Task" and "task" get different ones)."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = slug(name)
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.lower())
        slugs[name] = candidate
    return slugs


def _operation_ids(found: list[tuple[str, str, Json]]) -> list[str]:
    return [str(op.get("operationId") or f"{method} {path}") for method, path, op in found]


def _operations(document: Json, views: _SchemaViews, memo: ViewMemo | None
                ) -> Iterator[Operation]:
    found = list(operations(document))
    ids = _operation_ids(found)
    urls = _unique_urls("operations", ids)
    base_url = server_url(document)
    for (method, path, op), op_id in zip(found, ids, strict=True):
        item = (document.get("paths") or {}).get(path) or {}
        shared = item.get("parameters") if isinstance(item, dict) else None
        headers = _auth_headers(document, op)
        make = functools.partial(_operation, document, views, method, path, op, op_id,
                                 urls[op_id], base_url, shared, headers)
        if memo is None:
            yield make()
        else:
            yield memo.operation((op, shared), (method, path, urls[op_id], base_url, headers),
                                 views.urls, make)


def _schema_page(document: Json, views: _SchemaViews, name: str, schema: Any,
                 used_by: tuple[Operation, ...], memo: ViewMemo | None) -> SchemaPage:
    """A schema's page; with ``memo``, the earlier page where made from the same."""
    if memo is None:
        return views.page(name, schema, used_by)
    page = memo.schema(name, schema, (views.urls[name],), views.urls,
                       lambda: views.page(name, schema, used_by))
    if len(page.used_by) != len(used_by) or any(
            a is not b for a, b in zip(page.used_by, used_by, strict=True)):
        page = dataclasses.replace(page, used_by=used_by)
    return page


def _operation(document: Json, views: _SchemaViews, method: str, path: str, op: Json,
               op_id: str, url: str, base_url: str, shared: Any,
               headers: list[tuple[str, str]]) -> Operation:
    """One operation's view."""
    raw_parameters = _merged_parameters(document, shared, op.get("parameters"))
    request = resolved(document, op.get("requestBody"))
    responses = op.get("responses") if isinstance(op.get("responses"), dict) else {}
    assert isinstance(responses, dict)
    views.used = set()
    parameters = tuple(views.parameter(p) for p in raw_parameters)
    bodies = views.bodies("request", request)
    variants = tuple(views.variants(op, bodies, method, base_url, path, raw_parameters,
                                    headers))
    if variants:
        # the merged body is a oneOf of the variants' bodies: each variant shows its
        # own, and only the examples no variant claimed stay with the merged one
        claimed = {e for v in variants if v.body for e in v.body.examples}
        bodies = tuple(dataclasses.replace(b, fields=(), examples=tuple(
            e for e in b.examples if e not in claimed)) for b in bodies)
    first = bodies[0] if bodies else None
    curl = "" if variants else curl_command(
        method, base_url, path, raw_parameters, headers,
        first.media_type if first else "", _sample_body(first, request, document))
    response_views = tuple(views.response(str(status), responses[status])
                           for status in sorted(responses, key=_status_order))
    groups = tuple(ParameterGroup(_LOCATIONS.get(loc, literal(loc)),
                                  tuple(p for p in parameters if p.location == loc))
                   for loc in dict.fromkeys(p.location for p in parameters))
    anchors = {"top", "parameters", "request", "responses",
               *(f.anchor for f in walk(parameters))}
    for body in bodies:
        anchors |= {body.anchor, *(f.anchor for f in walk(body.fields))}
    for variant in variants:
        anchors.add(variant.anchor)
        if variant.body is not None:
            anchors |= {variant.body.anchor, *(f.anchor for f in walk(variant.body.fields))}
    for response in response_views:
        anchors.add(response.anchor)
        for body in response.bodies:
            anchors |= {body.anchor, *(f.anchor for f in walk(body.fields))}
    return Operation(
        id=op_id,
        url=url,
        method=method,
        path=path,
        summary=_text(op.get("summary")),
        description=_text(op.get("description")),
        tags=tuple(str(t) for t in op.get("tags") or []),
        deprecated=bool(op.get("deprecated")),
        parameters=groups,
        request=bodies,
        request_required=bool(isinstance(request, dict) and request.get("required")),
        variants=variants,
        responses=response_views,
        source=_source(op),
        curl=curl,
        schemas=tuple(sorted(views.used)),
        anchors=frozenset(anchors),
    )


def _sample_body(body: Body | None, request: Any, document: Json,
                 schema: Any = None) -> str:
    """The body a request sample sends: the docs' first example, else one made from
    the schema."""
    if body is None:
        return ""
    if body.examples:
        return body.examples[0].text
    if schema is None:
        content = request.get("content") if isinstance(request, dict) else None
        media = content.get(body.media_type) if isinstance(content, dict) else None
        schema = media.get("schema") if isinstance(media, dict) else None
    if schema is None:
        return ""
    return _pretty(sample_of(document, schema))


def _auth_headers(document: Json, op: Json) -> list[tuple[str, str]]:
    """(header, placeholder) for the security schemes an operation uses."""
    security = op.get("security", document.get("security"))
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    headers: list[tuple[str, str]] = []
    for requirement in security if isinstance(security, list) else []:
        for name in requirement if isinstance(requirement, dict) else []:
            scheme = resolved(document, schemes.get(name)) if isinstance(schemes, dict) else {}
            if not isinstance(scheme, dict):
                continue
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                headers.append((str(scheme.get("name", "")), "YOUR_TOKEN"))
            elif scheme.get("type") == "http":
                kind = str(scheme.get("scheme", "bearer")).capitalize()
                headers.append(("Authorization", f"{kind} YOUR_TOKEN"))
            elif scheme.get("type") in ("oauth2", "openIdConnect"):
                headers.append(("Authorization", "Bearer YOUR_TOKEN"))
        if headers:
            break  # one way to authenticate is enough for a sample
    return headers


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
    """Schema → fields, following refs; remembers which component schemas were used."""

    def __init__(self, document: Json, urls: dict[str, str]) -> None:
        self.document = document
        self.urls = urls
        self.used: set[str] = set()
        # by id() of a schema object of the document (kept alive by the document)
        self._shapes: dict[int, tuple[Any, _Shape]] = {}
        self._facts_of: dict[int, tuple[Any, _Facts]] = {}

    def parameter(self, parameter: Json) -> Field:
        location, name = str(parameter.get("in", "")), str(parameter.get("name", ""))
        schema = parameter.get("schema")
        content = parameter.get("content")
        if schema is None and isinstance(content, dict) and content:
            media = next(iter(content.values()))
            schema = media.get("schema") if isinstance(media, dict) else None
        anchor = f"param-{slug(location)}-{slug(name)}"
        target = self._target(schema)
        values, open_set = _enum(target)
        return Field(
            name=name, anchor=anchor, type=self.type_of(schema), link=self._link(schema),
            required=bool(parameter.get("required")) or location == "path",
            constraints=_constraints(target), enum=values, enum_open=open_set,
            description=_text(parameter.get("description")) or _text(target.get("description")),
            source=_source(parameter), children=self.fields(schema, anchor, 1),
            location=location, deprecated=bool(parameter.get("deprecated")))

    def bodies(self, anchor: str, holder: Any) -> tuple[Body, ...]:
        content = holder.get("content") if isinstance(holder, dict) else None
        if not isinstance(content, dict):
            return ()
        found = []
        for media_type, media in content.items():
            media = media if isinstance(media, dict) else {}
            # fields are "response-200.tasks"; with two media types, "response-200-xml.tasks"
            here = anchor if len(content) == 1 else f"{anchor}-{slug(str(media_type))}"
            found.append(self.body(here, str(media_type), media.get("schema"),
                                   tuple(_examples(media))))
        return tuple(found)

    def body(self, anchor: str, media_type: str, schema: Any,
             examples: tuple[Example, ...]) -> Body:
        return Body(f"{anchor}-body", media_type, self.type_of(schema), self._link(schema),
                    self.fields(schema, anchor, 0), examples)

    def variants(self, op: Json, bodies: tuple[Body, ...], method: str, base_url: str,
                 path: str, parameters: list[Json], headers: list[tuple[str, str]],
                 ) -> Iterator[Variant]:
        """The pages merged into one action operation (``x-variants``), each with its
        own body and the examples of the merged body that are its own."""
        listed = [v for v in op.get("x-variants") or [] if isinstance(v, dict)] \
            if isinstance(op.get("x-variants"), list) else []
        if not listed:
            return
        media_type = bodies[0].media_type if bodies else "application/json"
        ids = [_text(v.get("operationId")) or f"variant-{i}" for i, v in enumerate(listed, 1)]
        owner = _example_owners([e for b in bodies for e in b.examples], listed, ids)
        anchors = _unique_slugs(ids)
        for variant, variant_id in zip(listed, ids, strict=True):
            anchor = "variant-" + anchors[variant_id]
            schema = variant.get("schema")
            own = tuple(e for e, who in owner.items() if who == variant_id)
            body = self.body(anchor, media_type, schema, own) if schema is not None else None
            yield Variant(
                id=variant_id, anchor=anchor, summary=_text(variant.get("summary")),
                description=_text(variant.get("description")), key=_text(variant.get("key")),
                deprecated=bool(variant.get("deprecated")), source=_source(variant),
                body=body,
                curl=curl_command(method, base_url, path, parameters, headers,
                                  media_type if body else "",
                                  _sample_body(body, None, self.document, schema)))

    def response(self, status: str, response: Any) -> Response:
        response = resolved(self.document, response)
        response = response if isinstance(response, dict) else {}
        anchor = f"response-{slug(status)}"
        headers = response.get("headers") if isinstance(response.get("headers"), dict) else {}
        assert isinstance(headers, dict)
        return Response(
            anchor=anchor, status=status, description=_text(response.get("description")),
            bodies=self.bodies(anchor, response),
            headers=tuple(dataclasses.replace(
                self.parameter({**resolved(self.document, h), "name": n, "in": "header"}),
                anchor=f"{anchor}-header-{slug(str(n))}")
                for n, h in headers.items()),
            source=_source(response))

    def page(self, name: str, schema: Any, used_by: tuple[Operation, ...]) -> SchemaPage:
        target = self._target(schema)
        values, open_set = _enum(target)
        return SchemaPage(
            name=name, url=self.urls[name], type=self.type_of(schema, named=False),
            description=_text(target.get("description")),
            # a schema page shows its own fields; a named type inside has its own page
            fields=self.fields(schema, "schema", 0, (name,), inline_named=False),
            enum=values, enum_open=open_set, constraints=_constraints(target),
            source=_source(target), used_by=used_by)

    # --- types and fields

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
        name = self._link_name(schema)
        if name is None and isinstance(schema, dict) and schema.get("type") == "string":
            name = self._link_name(schema.get("x-contentSchema"))  # JSON text's fields
        return self.urls[name] if name is not None else None

    def _link_name(self, schema: Any) -> str | None:
        name = self._component(schema)
        if name is None and isinstance(schema, dict) and schema.get("type") == "array":
            name = self._component(schema.get("items"))
        return name

    def type_of(self, schema: Any, named: bool = True) -> str:
        """"string (date-time)", "{array_of} RunningTask", "{map_of} string",
        "{one_of} A | B": words in braces are the catalogue's (i18n)."""
        if not isinstance(schema, dict):
            return "any"
        name = self._component(schema)
        if name is not None and named:
            return literal(name)
        schema = self._target(schema)
        for key, word in (("oneOf", "{one_of}"), ("anyOf", "{any_of}")):
            if isinstance(schema.get(key), list) and schema[key]:
                return f"{word} " + " | ".join(self.type_of(s) for s in schema[key])
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            return " & ".join(self.type_of(s) for s in schema["allOf"])
        kind = schema.get("type")
        if kind == "array":
            text = f"{{array_of}} {self.type_of(schema.get('items'))}"
        elif kind == "object" or (kind is None and "properties" in schema):
            extra = schema.get("additionalProperties")
            text = f"{{map_of}} {self.type_of(extra)}" if isinstance(extra, dict) \
                and not schema.get("properties") else "object"
        else:
            text = literal(str(kind)) if kind else "any"
            if schema.get("format"):
                text += f" ({literal(str(schema['format']))})"
            if kind == "string" and isinstance(schema.get("x-contentSchema"), dict):
                # a string holding JSON text whose fields a schema documents
                text += f", {{json_text_of}} {self.type_of(schema['x-contentSchema'])}"
        return text + (", {nullable}" if schema.get("nullable") else "")

    def fields(self, schema: Any, prefix: str, depth: int, seen: tuple[str, ...] = (),
               inline_named: bool = True) -> tuple[Field, ...]:
        """The properties of ``schema``, each with its own nested properties (a named
        type's only when ``inline_named``)."""
        shape = self._shape(schema)
        seen = (*seen, *shape.names)
        found: list[Field] = []
        for prop, key, facts in shape.properties:
            anchor = f"{prefix}.{key}"
            note = ""
            children: tuple[Field, ...] = ()
            if facts.nested is not None and facts.nested in seen:
                note = "note_same"
            elif facts.nested is not None and not inline_named:
                pass  # the type links to its own page
            elif depth + 1 >= _MAX_DEPTH:
                note = "note_deeper"
            elif _nests(facts.target):
                children = self.fields(facts.schema, anchor, depth + 1, seen, inline_named)
            found.append(Field(
                name=prop, anchor=anchor, type=facts.type, link=facts.link,
                required=prop in shape.required, constraints=facts.constraints,
                enum=facts.enum, enum_open=facts.enum_open, description=facts.description,
                source=facts.source, note=note, children=children,
                deprecated=facts.deprecated, note_of=facts.nested or ""))
        for key, word in (("oneOf", "one_of"), ("anyOf", "any_of")):
            for index, option in enumerate(shape.target.get(key) or [], start=1):
                anchor = f"{prefix}.{key}-{index}"
                facts = self._facts(option)
                nested: tuple[Field, ...] = ()
                if depth + 1 < _MAX_DEPTH and facts.component not in seen and (
                        inline_named or facts.component is None):
                    nested = self.fields(option, anchor, depth + 1, seen, inline_named)
                found.append(Field(
                    str(index), anchor, facts.type, facts.link, False,
                    facts.constraints, facts.enum, facts.enum_open, facts.own_description,
                    _source(option), children=nested, option=word))
        return tuple(found)

    def _shape(self, schema: Any) -> _Shape:
        """What ``fields`` needs of a schema, worked out once per schema object (a
        component's properties appear on every page that uses it)."""
        cached = self._shapes.get(id(schema))
        if cached is not None and cached[0] is schema:
            self.used |= cached[1].uses
            return cached[1]
        before, self.used = self.used, set()
        name = self._component(schema)
        target = self._target(schema)
        if target.get("type") == "array":
            inner = self._shape(target.get("items"))
            shape = dataclasses.replace(inner, names=(*((name,) if name else ()), *inner.names))
        else:
            required = {str(r) for r in target.get("required") or []} if isinstance(
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
            shape = _Shape((name,) if name else (), target, frozenset(required),
                           tuple((str(k), slug(str(k)), self._facts(v))
                                 for k, v in properties.items()), frozenset())
            for option in [*(target.get("oneOf") or []), *(target.get("anyOf") or [])]:
                self._facts(option)
        shape = dataclasses.replace(shape, uses=frozenset(self.used))
        self.used = before | self.used
        self._shapes[id(schema)] = (schema, shape)
        return shape

    def _facts(self, schema: Any) -> _Facts:
        """A property's type, link, constraints, values, text and source, once per
        schema object."""
        cached = self._facts_of.get(id(schema))
        if cached is not None and cached[0] is schema:
            self.used |= cached[1].uses
            return cached[1]
        before, self.used = self.used, set()
        inner = self._target(schema)
        component = self._component(schema)
        nested = component or (
            self._component(inner.get("items")) if inner.get("type") == "array" else None)
        values, open_set = _enum(inner)
        type_name, link = self.type_of(schema), self._link(schema)
        facts = _Facts(
            schema=schema, target=inner, component=component, nested=nested,
            type=type_name, link=link,
            constraints=_constraints(inner), enum=values, enum_open=open_set,
            own_description=_text(inner.get("description")),
            description=_text(inner.get("description"))
            or _text(schema.get("description") if isinstance(schema, dict) else ""),
            source=_source(schema) or _source(inner), deprecated=bool(inner.get("deprecated")),
            uses=frozenset(self.used))
        self.used = before | self.used
        self._facts_of[id(schema)] = (schema, facts)
        return facts


@dataclass(frozen=True)
class _Facts:
    schema: Any
    target: Json  # the schema behind its refs
    component: str | None
    nested: str | None  # the component it or its items refer to
    type: str
    link: str | None
    constraints: tuple[str, ...]
    enum: tuple[EnumValue, ...]
    enum_open: bool
    own_description: str
    description: str
    source: str
    deprecated: bool
    uses: frozenset[str]  # the components its type refers to (for "used by")


@dataclass(frozen=True)
class _Shape:
    names: tuple[str, ...]  # the components it is (an array of)
    target: Json
    required: frozenset[str]
    properties: tuple[tuple[str, str, _Facts], ...]  # (name, anchor part, facts)
    uses: frozenset[str]


def _nests(schema: Json) -> bool:
    """Whether fields could be nested in a (resolved) schema: properties, a map, options,
    or an array of such."""
    return any(k in schema for k in ("properties", "additionalProperties", "allOf", "oneOf",
                                     "anyOf", "items"))


def _example_owners(examples: list[Example], variants: list[Json],
                    ids: list[str]) -> dict[Example, str]:
    """example → the id of the variant it illustrates: the one its name or title names
    (the variant's page id, else the longest variant summary in the title), else the
    one whose key is the example body's only top-level key."""
    owners: dict[Example, str] = {}
    summaries = sorted(((_text(v.get("summary")), i) for v, i in zip(variants, ids,
                                                                      strict=True)
                        if _text(v.get("summary"))), key=lambda s: -len(s[0]))
    keys = {_text(v.get("key")): i for v, i in zip(variants, ids, strict=True)
            if _text(v.get("key"))}
    for example in examples:
        named = [i for i in ids if i in (example.name, example.title)] \
            or [i for i in ids if i and i in example.title] \
            or [i for summary, i in summaries if summary in example.title]
        if not named and keys:
            try:
                value = json.loads(example.text)
            except ValueError:
                value = None
            if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in keys:
                named = [keys[next(iter(value))]]
        if named:
            owners[example] = named[0]
    return owners


def _single_all_of(schema: Json) -> Any:
    parts = schema.get("allOf")
    if isinstance(parts, list) and len(parts) == 1 and "properties" not in schema:
        return parts[0]
    return None


def _constraints(schema: Json) -> tuple[str, ...]:
    """Each constraint as text whose words are catalogue keys in braces
    ("1 ≤ {value} ≤ 100", "{default}: 10"); the document's values are literal."""
    found = []
    low, high = schema.get("minimum"), schema.get("maximum")
    low_op = "<" if schema.get("exclusiveMinimum") is True else "≤"
    high_op = "<" if schema.get("exclusiveMaximum") is True else "≤"
    if low is not None and high is not None:
        found.append(f"{_value(low)} {low_op} {{value}} {high_op} {_value(high)}")
    elif low is not None:
        found.append(f"{{value}} {'>' if low_op == '<' else '≥'} {_value(low)}")
    elif high is not None:
        found.append(f"{{value}} {high_op} {_value(high)}")
    for lower, upper, what in (("minLength", "maxLength", "{length}"),
                               ("minItems", "maxItems", "{items}"),
                               ("minProperties", "maxProperties", "{properties}")):
        a, b = schema.get(lower), schema.get(upper)
        if a is not None and b is not None:
            found.append(f"{_value(a)} ≤ {what} ≤ {_value(b)}")
        elif a is not None:
            found.append(f"{what} ≥ {_value(a)}")
        elif b is not None:
            found.append(f"{what} ≤ {_value(b)}")
    if schema.get("multipleOf") is not None:
        found.append(f"{{multiple_of}} {_value(schema['multipleOf'])}")
    if schema.get("pattern"):
        found.append(f"{{pattern}}: {literal(str(schema['pattern']))}")
    if schema.get("uniqueItems"):
        found.append("{unique_items}")
    if "default" in schema:
        found.append(f"{{default}}: {_value(schema['default'])}")
    for flag in ("readOnly", "writeOnly", "deprecated"):
        if schema.get(flag):
            found.append({"readOnly": "{read_only}", "writeOnly": "{write_only}"}.get(
                flag, "{deprecated}"))
    return tuple(found)


def _value(value: Any) -> str:
    return literal(_json(value))


def _enum(schema: Json) -> tuple[tuple[EnumValue, ...], bool]:
    """The documented values and whether the set is open: ``x-extensible-enum`` (known
    values of an open set) or a plain ``enum``; an array's are its items'."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict) \
            and not any(k in schema for k in ("enum", "x-extensible-enum")):
        schema = schema["items"]
    values, open_set = schema.get("x-extensible-enum"), True
    if not isinstance(values, list):
        values, open_set = schema.get("enum"), False
    if not isinstance(values, list) or not values:
        return (), False
    meanings = schema.get("x-enum-descriptions")
    meanings = meanings if isinstance(meanings, list) and len(meanings) == len(values) else []
    return tuple(EnumValue(_json(v), _text(meanings[i]) if meanings else "")
                 for i, v in enumerate(values)), open_set


def _examples(media: Json) -> Iterator[Example]:
    if "example" in media:
        yield Example("Example", _pretty(media["example"]))
    examples = media.get("examples")
    for name, example in (examples.items() if isinstance(examples, dict) else ()):
        example = example if isinstance(example, dict) else {}
        title = _text(example.get("summary")) or str(name)
        if "value" in example:
            yield Example(title, _pretty(example["value"]), _source(example), str(name))
        elif example.get("externalValue"):
            yield Example(title, f"(at {example['externalValue']})", _source(example),
                          str(name))


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
