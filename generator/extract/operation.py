"""Page → Operation: recognise an API page's parts by their role, not their syntax.

A page is an API page when it has a URI section with a request line
(``POST /v2/{project_id}/...``); other pages (index, overview, appendix) give no
operation. Tables are recognised by caption, or by section on old pages
captioned just "Parameters"; a table another row links to (``:ref:`` in the
Type cell, or "For details, see Table N" in the description) describes a nested
object. Responses are split per status code by the "Status code: 200" intros.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostics, Source
from generator.extract.constraints import contradiction, mine_constraints, mine_enum
from generator.extract.labels import Column, Labels, SectionRole, TableRole, labels_for
from generator.extract.types import parse_type
from generator.ir import (
    Example,
    Field,
    Kind,
    Location,
    Operation,
    Parameter,
    Response,
    Schema,
    TypeRef,
)
from generator.page import Cell, CodeBlock, Link, Page, Paragraph, Section, Table, normalise_anchor

_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
# A request line: the method, then a path or a URL (scheme and host are dropped).
_REQUEST_LINE = re.compile(
    r"^(?P<method>" + "|".join(_METHODS) + r")\s+(?P<target>\S+)", re.IGNORECASE)
_BARE_TARGET = re.compile(r"^(?:[a-z]+://\S+|/\S*)$", re.IGNORECASE)
_URL_PREFIX = re.compile(r"^[a-z]+://[^/]*", re.IGNORECASE)
_TEMPLATE_VAR = re.compile(r"\{([^{}]+)\}")
# Headers the spec says elsewhere: the security scheme and the body's media type.
_HEADERS_SAID_ELSEWHERE = frozenset({"x-auth-token", "content-type"})
_STRING = TypeRef(Kind.STRING)
# What a table captioned just "Parameters" is, by the section it stands in. On old
# pages the URI table holds path and query parameters alike: the path template decides.
_GENERIC_BY_SECTION = {
    SectionRole.URI: TableRole.GENERIC,
    SectionRole.REQUEST: TableRole.REQUEST_BODY,
    SectionRole.RESPONSE: TableRole.RESPONSE_BODY,
}


@dataclass(frozen=True)
class _Columns:
    name: int
    type: int | None
    required: int | None
    description: int | None


@dataclass
class _Draft:
    """What one page says, gathered before it becomes an Operation."""

    page: Page
    labels: Labels
    diagnostics: Diagnostics
    schemas: dict[int, Schema] = field(default_factory=dict)  # by id() of the table
    tables_by_anchor: dict[str, Table] = field(default_factory=dict)
    building: set[int] = field(default_factory=set)

    def source(self, line: int) -> Source:
        return Source(self.page.path, line)

    def schema_key(self, table: Table) -> str:
        """``path#line`` of the table; tables sharing a line (minified HTML) get
        ``#line.2``, ``#line.3``... in page order, so each keeps a schema of its own."""
        same_line = [t for _, t in self.page.all_tables() if t.line == table.line]
        nth = next((i for i, t in enumerate(same_line) if t is table), 0)
        return f"{self.page.path}#{table.line}" + (f".{nth + 1}" if nth else "")


def extract_operation(page: Page, tag: str, labels: Labels | None = None,
                      ) -> tuple[Operation | None, Diagnostics]:
    """The operation a page documents, or None for a page that documents none. The
    page's language is recognised from its headings unless ``labels`` is given."""
    diagnostics = Diagnostics()
    if labels is None:
        labels = labels_for([s.heading for s in page.sections])
    roles = {id(s): labels.section_role(s.heading) for s in page.sections}
    uri_sections = [s for s in page.sections if roles[id(s)] is SectionRole.URI]
    if not uri_sections:
        return None, diagnostics
    draft = _Draft(page, labels, diagnostics)
    request_line = _request_line(draft, uri_sections[0])
    if request_line is None:
        return None, diagnostics
    method, path, query_names, line = request_line

    for _, table in page.all_tables():
        for anchor in table.anchors:
            key = normalise_anchor(anchor)
            if key in draft.tables_by_anchor:
                diagnostics.warning("duplicate-anchor", f"anchor {anchor!r} is defined twice",
                                    draft.source(table.line))
            draft.tables_by_anchor.setdefault(key, table)
    linked = _linked_tables(draft)

    parameters: list[Parameter] = []
    request_tables: list[Table] = []
    response_tables: list[tuple[str | None, Table]] = []
    status_rows: list[tuple[str, str, int]] = []
    for section in page.sections:
        role = roles[id(section)]
        status: str | None = None
        for block in section.blocks:
            if isinstance(block, Paragraph) and role in (SectionRole.RESPONSE, None):
                status = labels.status_of(block.text) or status
            if not isinstance(block, Table):
                continue
            columns = _columns(labels, block)
            if columns is None:
                if _is_status_table(labels, block):
                    status_rows.extend(_status_rows(block))
                continue
            if id(block) in linked:
                continue  # a nested object, built when its parent row is
            table_role = labels.table_role(block.caption)
            if table_role is TableRole.GENERIC:
                table_role = _GENERIC_BY_SECTION.get(role) if role is not None else None
            if table_role is None:
                if role in _GENERIC_BY_SECTION:
                    diagnostics.warning(
                        "unlinked-table", f"table {block.caption!r} is neither a parameter "
                        "table nor linked from one", draft.source(block.line))
                continue
            if columns.type is None:
                # the rows still say names, requiredness and descriptions: keep them, untyped
                diagnostics.warning("no-type-column", "a parameter table without a Type "
                                    "column; its fields are read without a type",
                                    draft.source(block.line))
            if table_role is TableRole.REQUEST_BODY:
                request_tables.append(block)
            elif table_role is TableRole.RESPONSE_BODY:
                response_tables.append((status, block))
            else:
                parameters.extend(_parameters(draft, block, columns, table_role, path))

    operation_id = _operation_id(draft)
    parameters = _complete_path_parameters(draft, parameters, path, query_names, line)
    request_body = _body(draft, request_tables, f"{operation_id}Request")
    request_examples = tuple(
        example for status, example in _examples(draft, roles, SectionRole.REQUEST_EXAMPLE))
    responses = _responses(draft, roles, operation_id, response_tables, status_rows)

    function = [s for s in page.sections if roles[id(s)] is SectionRole.FUNCTION]
    description = "\n\n".join(
        b.text for s in function for b in s.blocks if isinstance(b, Paragraph))
    operation = Operation(
        operation_id=operation_id,
        method=method,
        path=path,
        summary=page.title,
        description=description,
        tag=tag,
        parameters=tuple(parameters),
        request_body=request_body,
        request_examples=request_examples,
        responses=responses,
        schemas=tuple(sorted(draft.schemas.values(), key=lambda s: s.source.line)),
        source=Source(page.path, page.line),
    )
    return operation, diagnostics


# --- the request line ------------------------------------------------------------------------
def _request_line(draft: _Draft, section: Section,
                  ) -> tuple[str, str, list[str], int] | None:
    found: list[tuple[str, str, int]] = []
    for block in section.blocks:
        if isinstance(block, Paragraph | CodeBlock):
            for offset, text in enumerate(block.text.splitlines() or [""]):
                match = _REQUEST_LINE.match(text.strip())
                if match:
                    found.append((match["method"].upper(), match["target"], block.line + offset))
    if not found:
        draft.diagnostics.error("no-request-line",
                                "the URI section has no request line such as 'GET /v1/...'",
                                draft.source(section.line))
        return None
    method, target, line = found[0]
    if len({(m, t) for m, t, _ in found}) > 1:
        others = ", ".join(f"{m} {t} (line {n})" for m, t, n in found[1:])
        draft.diagnostics.warning("multiple-request-lines",
                                  f"the URI section has more than one request line; "
                                  f"using {method} {target}, not {others}", draft.source(line))
    target = _URL_PREFIX.sub("", target.replace("\\", ""))
    path, _, query = target.partition("?")
    query_names = [part.partition("=")[0] for part in query.split("&") if part.partition("=")[0]]
    if not path.startswith("/"):
        path = "/" + path
    return method, path, query_names, line


def _operation_id(draft: _Draft) -> str:
    original = draft.page.metadata.get("original_name", "")
    name = original.removesuffix(".html").removesuffix(".htm").strip()
    if not name and draft.page.anchors:
        name = draft.page.anchors[0]
    if not name:
        name = draft.page.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        draft.diagnostics.info("no-operation-id",
                               f"no :original_name: and no page anchor; using {name!r}",
                               draft.source(draft.page.line))
    return name


# --- tables ----------------------------------------------------------------------------------
def _columns(labels: Labels, table: Table) -> _Columns | None:
    roles = [labels.column(cell.text) for cell in table.header]
    if Column.NAME not in roles or (Column.TYPE not in roles and Column.DESCRIPTION not in roles):
        return None

    def index(column: Column) -> int | None:
        return roles.index(column) if column in roles else None

    name = index(Column.NAME)
    assert name is not None
    return _Columns(name, index(Column.TYPE), index(Column.REQUIRED), index(Column.DESCRIPTION))


def _is_status_table(labels: Labels, table: Table) -> bool:
    return bool(table.header) and labels.column(table.header[0].text) is Column.STATUS


def _status_rows(table: Table) -> Iterable[tuple[str, str, int]]:
    for row in table.rows:
        if len(row) >= 2 and row[0].text.strip().isdigit() and len(row[0].text.strip()) == 3:
            yield row[0].text.strip(), " ".join(row[-1].text.split()), row[0].line


def _linked_tables(draft: _Draft) -> set[int]:
    """The tables some row points to: those describe nested objects."""
    linked: set[int] = set()
    for _, table in draft.page.all_tables():
        columns = _columns(draft.labels, table)
        if columns is None:
            continue
        for row in table.rows:
            target = _row_link(draft, row, columns)
            if target is not None and target is not table:
                linked.add(id(target))
    return linked


def _cell(row: tuple[Cell, ...], index: int | None) -> Cell | None:
    return row[index] if index is not None and index < len(row) else None


def _row_link(draft: _Draft, row: tuple[Cell, ...], columns: _Columns) -> Table | None:
    """The table a row's nested object is described in: linked from the Type cell,
    else from the description ("For details, see Table 3"). Pages copied from another
    topic keep links to that topic's anchors; then an object row falls back to the
    table captioned with its own name ("**profile** parameters")."""
    candidates: list[Link] = []
    for index in (columns.type, columns.description):
        cell = _cell(row, index)
        if cell is not None:
            candidates.extend(link for link in cell.links if link.internal)
    for link in candidates:
        table = draft.tables_by_anchor.get(normalise_anchor(link.target))
        if table is not None and _columns(draft.labels, table) is not None:
            return table
    return _table_named_after(draft, row, columns)


def _table_named_after(draft: _Draft, row: tuple[Cell, ...], columns: _Columns) -> Table | None:
    name_cell, type_cell = _cell(row, columns.name), _cell(row, columns.type)
    if name_cell is None or type_cell is None:
        return None
    parsed = parse_type(draft.labels.type_text(" ".join(type_cell.text.split())))
    if parsed is None or parsed.ref.object_leaf() is None:
        return None
    names = {name_cell.text.strip().lower(), (parsed.object_name or "").lower()} - {""}
    named = [t for _, t in draft.page.all_tables()
             if draft.labels.object_name(t.caption).lower() in names
             and draft.labels.table_role(t.caption) is None
             and _columns(draft.labels, t) is not None]
    if not named:
        return None
    # several tables may share the name: take the first one after the row
    after = [t for t in named if t.line > name_cell.line]
    return (after or named)[0]


def _fields(draft: _Draft, table: Table, columns: _Columns) -> list[Field]:
    fields: list[Field] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        name_cell = _cell(row, columns.name)
        if name_cell is None:
            draft.diagnostics.warning("short-row", "a table row with too few cells",
                                      draft.source(row[0].line if row else table.line))
            continue
        name = " ".join(name_cell.text.split("\n", 1)[0].split())
        if not name:
            continue
        source = draft.source(name_cell.line)
        if name in seen:
            draft.diagnostics.warning(
                "duplicate-field", f"field {name!r} is documented twice "
                f"(first at line {seen[name]})", source)
            continue
        seen[name] = name_cell.line
        type_cell = _cell(row, columns.type)
        type_text = " ".join(type_cell.text.split()) if type_cell is not None else ""
        description_cell = _cell(row, columns.description)
        description = description_cell.text if description_cell is not None else ""
        field_type = _field_type(draft, row, columns, type_text, name, source)
        enum = mine_enum(description_cell, field_type, draft.labels)
        constraints = mine_constraints(description_cell, field_type, draft.labels, enum)
        problem = contradiction(constraints)
        if problem:
            # the docs contradict themselves: keep the range, drop the default
            draft.diagnostics.warning("contradictory-default", f"field {name!r}: {problem}",
                                      source)
            constraints = dataclasses.replace(constraints, default=None)
        fields.append(Field(
            name=name,
            type=field_type,
            required=_required(draft, _cell(row, columns.required), name),
            description=description,
            type_text=type_text,
            source=source,
            enum=enum,
            constraints=constraints,
        ))
    return fields


def _required(draft: _Draft, cell: Cell | None, name: str) -> bool:
    if cell is None:
        return False
    text = " ".join(cell.text.split()).lower()
    if text in draft.labels.yes:
        return True
    if text in draft.labels.no or not text:
        return False
    draft.diagnostics.warning("unknown-mandatory",
                              f"field {name!r}: mandatory value {cell.text!r} is neither "
                              "yes nor no; taken as optional", draft.source(cell.line))
    return False


def _field_type(draft: _Draft, row: tuple[Cell, ...], columns: _Columns, type_text: str,
                name: str, source: Source) -> TypeRef:
    linked = _row_link(draft, row, columns)
    if not type_text:
        if linked is not None:
            return TypeRef(Kind.OBJECT, schema=_schema(draft, linked, name).key)
        if columns.type is not None:  # a table with no Type column was reported once
            draft.diagnostics.warning("missing-type", f"field {name!r} has an empty Type "
                                      "cell", source)
        return TypeRef(Kind.ANY)
    parsed = parse_type(draft.labels.type_text(type_text))
    if parsed is None:
        draft.diagnostics.warning("unknown-type",
                                  f"field {name!r}: type {type_text!r} is not a known spelling",
                                  source)
        return TypeRef(Kind.ANY)
    leaf = parsed.ref.object_leaf()
    if linked is not None and leaf is not None:
        schema = _schema(draft, linked, parsed.object_name or name)
        return parsed.ref.bind(schema.key)
    if leaf is not None and parsed.object_name:
        draft.diagnostics.warning(
            "unresolved-object",
            f"field {name!r}: type {type_text!r} names an object with no table linked",
            source)
    return parsed.ref


def _schema(draft: _Draft, table: Table, fallback_name: str) -> Schema:
    """The schema a nested-object table describes, built once per table."""
    key = id(table)
    if key in draft.schemas:
        return draft.schemas[key]
    schema_key = draft.schema_key(table)
    name = draft.labels.object_name(table.caption) or fallback_name
    if key in draft.building:  # a cycle (A has B has A): refer by key, built by the outer call
        draft.diagnostics.info("cyclic-object",
                               f"{name!r} contains itself through its fields; emitted as a "
                               "recursive reference", draft.source(table.line))
        return Schema(schema_key, name, (), draft.source(table.line))
    draft.building.add(key)
    columns = _columns(draft.labels, table)
    fields = _fields(draft, table, columns) if columns is not None else []
    schema = Schema(schema_key, name, tuple(fields), draft.source(table.line))
    draft.schemas[key] = schema
    draft.building.discard(key)
    return schema


def _body(draft: _Draft, tables: list[Table], name: str) -> TypeRef | None:
    """One schema from the top-level body tables of a request or a response."""
    if not tables:
        return None
    fields: list[Field] = []
    for table in tables:
        columns = _columns(draft.labels, table)
        assert columns is not None
        fields.extend(_fields(draft, table, columns))
    names = [f.name for f in fields]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        draft.diagnostics.warning("duplicate-field",
                                  f"body field {duplicate!r} is documented in two tables",
                                  draft.source(tables[1].line))
    unique = list({f.name: f for f in reversed(fields)}.values())[::-1]
    schema = Schema(draft.schema_key(tables[0]), name, tuple(unique),
                    draft.source(tables[0].line))
    draft.schemas[id(tables[0])] = schema
    return TypeRef(Kind.OBJECT, schema=schema.key)


# --- parameters ------------------------------------------------------------------------------
_LOCATIONS = {TableRole.PATH: Location.PATH, TableRole.QUERY: Location.QUERY,
              TableRole.HEADER: Location.HEADER}


def _parameters(draft: _Draft, table: Table, columns: _Columns, role: TableRole,
                path: str) -> list[Parameter]:
    template = set(_TEMPLATE_VAR.findall(path))
    parameters = []
    for f in _fields(draft, table, columns):
        if role is TableRole.GENERIC:
            # Old pages caption URI tables just "Parameters": the path template decides.
            location = Location.PATH if f.name in template else Location.QUERY
        else:
            location = _LOCATIONS[role]
        if location is Location.HEADER and f.name.lower() in _HEADERS_SAID_ELSEWHERE:
            continue
        if location is Location.PATH and f.name not in template:
            draft.diagnostics.warning(
                "path-parameter-not-in-path",
                f"path parameter {f.name!r} does not appear in {path}; taken as a query "
                "parameter", f.source)
            location = Location.QUERY
        required = f.required
        if location is Location.PATH and not required:
            draft.diagnostics.info("optional-path-parameter",
                                   f"path parameter {f.name!r} is marked optional; a path "
                                   "parameter is always required", f.source)
            required = True
        parameters.append(Parameter(f.name, location, f.type, required, f.description,
                                    f.source, f.enum, f.constraints))
    return parameters


def _complete_path_parameters(draft: _Draft, parameters: list[Parameter], path: str,
                              query_names: list[str], line: int) -> list[Parameter]:
    """Template variables and URI-line query names with no table row still need a
    parameter: the path is unusable without them."""
    known = {(p.name, p.location) for p in parameters}
    result = list(parameters)
    for name in _TEMPLATE_VAR.findall(path):
        if (name, Location.PATH) not in known:
            draft.diagnostics.warning("undocumented-path-parameter",
                                      f"path parameter {name!r} has no table row",
                                      draft.source(line))
            result.append(Parameter(name, Location.PATH, _STRING, True, "", draft.source(line)))
            known.add((name, Location.PATH))
    for name in query_names:
        if (name, Location.QUERY) not in known:
            result.append(Parameter(name, Location.QUERY, _STRING, False, "",
                                    draft.source(line)))
            known.add((name, Location.QUERY))
    duplicates = {(p.name, p.location) for p in result
                  if sum(1 for q in result if (q.name, q.location) == (p.name, p.location)) > 1}
    for name, location in sorted(duplicates):
        draft.diagnostics.warning("duplicate-parameter",
                                  f"{location} parameter {name!r} is documented twice",
                                  draft.source(line))
    seen: set[tuple[str, Location]] = set()
    unique = []
    for p in result:
        if (p.name, p.location) not in seen:
            seen.add((p.name, p.location))
            unique.append(p)
    return unique


# --- examples and responses ------------------------------------------------------------------
def _examples(draft: _Draft, roles: dict[int, SectionRole | None], wanted: SectionRole,
              ) -> list[tuple[str | None, Example]]:
    examples: list[tuple[str | None, Example]] = []
    for section in draft.page.sections:
        if roles[id(section)] is not wanted:
            continue
        status: str | None = None
        summary = ""
        for block in section.blocks:
            if isinstance(block, Paragraph):
                found = draft.labels.status_of(block.text)
                if found:
                    status, summary = found, ""
                else:
                    summary = block.text
            elif isinstance(block, CodeBlock):
                example = _example(draft, block, summary)
                if example is not None:
                    examples.append((status, example))
    return examples


def _example(draft: _Draft, block: CodeBlock, summary: str) -> Example | None:
    lines = block.text.splitlines()
    request_line = None
    body_start = 0
    first = lines[0].strip() if lines else ""
    # "POST https://...", or the method left out: "https://{endpoint}/v1/..." or "/v1/..."
    if _REQUEST_LINE.match(first) or _BARE_TARGET.match(first):
        request_line = " ".join(lines[0].split())
        body_start = 1
        # header lines ("Content-Type: application/json") sit between line and body
        while body_start < len(lines) and not lines[body_start].lstrip().startswith(("{", "[")):
            if lines[body_start].strip() and ":" not in lines[body_start]:
                break
            body_start += 1
    body = "\n".join(lines[body_start:]).strip()
    line = block.line + body_start
    if not body:
        return None  # a bare request line shows no body
    try:
        value = json.loads(body)
    except json.JSONDecodeError as exc:
        draft.diagnostics.info("example-not-json",
                               f"example body is not JSON ({exc.msg} at its line {exc.lineno})",
                               draft.source(line))
        value = None
    return Example(body, value, summary, draft.source(line), request_line)


def _responses(draft: _Draft, roles: dict[int, SectionRole | None], operation_id: str,
               body_tables: list[tuple[str | None, Table]],
               status_rows: list[tuple[str, str, int]]) -> tuple[Response, ...]:
    examples = _examples(draft, roles, SectionRole.RESPONSE_EXAMPLE)
    codes = {code for code, _, _ in status_rows}
    codes |= {status for status, _ in body_tables if status}
    codes |= {status for status, _ in examples if status}
    success = sorted(c for c in codes if c.startswith("2"))
    primary = success[0] if success else "200"

    tables_by_status: dict[str, list[Table]] = {}
    for status, table in body_tables:
        tables_by_status.setdefault(status or primary, []).append(table)
    examples_by_status: dict[str, list[Example]] = {}
    for status, example in examples:
        examples_by_status.setdefault(status or primary, []).append(example)
    descriptions = {code: (text, line) for code, text, line in reversed(status_rows)}

    responses = []
    for status in sorted(set(tables_by_status) | set(examples_by_status) | codes):
        tables = tables_by_status.get(status, [])
        name = f"{operation_id}Response" + ("" if status == primary else status)
        body = _body(draft, tables, name)
        description, line = descriptions.get(status, ("", 0))
        if not line:
            line = tables[0].line if tables else draft.page.line
        responses.append(Response(
            status=status,
            description=description or _DEFAULT_REASONS.get(status, f"Status {status}"),
            body=body,
            examples=tuple(examples_by_status.get(status, [])),
            source=draft.source(line),
        ))
    return tuple(responses)


_DEFAULT_REASONS = {
    "200": "OK", "201": "Created", "202": "Accepted", "204": "No Content",
    "400": "Bad Request", "401": "Unauthorized", "403": "Forbidden", "404": "Not Found",
    "409": "Conflict", "500": "Internal Server Error",
}
