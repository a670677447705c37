"""Page → Operations: recognise an API page's parts by their role, not their syntax.

A page is an API page when its URI part holds a request line; each request line
is an operation (a page may document a ``/v2.1`` and a ``/v2`` form). Every
parameter table gets a role, structure first:

1. a table some row of the page points to describes that row's object (nested);
2. else its caption, else the short paragraph right above it, names its role in
   words ("Query Parameters", "Parameters in the response header", "请求Body参数");
3. else the part of the page it sits in decides (under "Request": the request body;
   under "URI": path or query parameters as the path template says), and a table
   named after an object that no row points to is the body only when it opens its
   part ("Connection parameters" as the first table under "Request").

Responses are split per status code by the status intros ("Status code: 200",
"状态码为 200 时:") and "Abnormal response" (the ``default`` response).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic, Diagnostics, Source
from generator.extract.agreement import agree_with_examples
from generator.extract.examples import examples, is_error_body
from generator.extract.fields import SchemaBuilder
from generator.extract.identity import page_id, vendor_name
from generator.extract.index import DocsIndex
from generator.extract.labels import Column, Labels, SectionRole, TableRole, labels_for
from generator.extract.layout import ERROR_STATUS, Located, locate
from generator.extract.request_line import RequestLine, find_request_lines, operation_ids
from generator.extract.table import Columns, columns_of, row_name, value_list
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
from generator.page import Page, Paragraph, Table

_STRING = TypeRef(Kind.STRING)
_STATUS_CELL = re.compile(r"^([1-5]\d\d)(?:\s+[A-Za-z][A-Za-z \-]*)?$")
# The role of a table that names none, by the part of the page it sits in.
_BY_PART = {
    SectionRole.URI: TableRole.URI,
    SectionRole.REQUEST: TableRole.REQUEST_BODY,
    SectionRole.REQUEST_EXAMPLE: TableRole.REQUEST_BODY,
    SectionRole.RESPONSE: TableRole.RESPONSE_BODY,
    SectionRole.RESPONSE_EXAMPLE: TableRole.RESPONSE_BODY,
}
_RESPONSE_PARTS = frozenset({SectionRole.RESPONSE, SectionRole.RESPONSE_EXAMPLE})
_BODY_WORD = re.compile(r"\bbody\b|消息体|Body", re.IGNORECASE)
_LOCATIONS = {TableRole.PATH: Location.PATH, TableRole.QUERY: Location.QUERY,
              TableRole.HEADER: Location.HEADER}

LabelsOf = Callable[[Page], Labels]


def page_labels(page: Page) -> Labels:
    """The language a page's headings are written in."""
    return labels_for([s.heading for s in page.sections],
                      [cell.text for _, table in page.all_tables() for cell in table.header])


@dataclass(frozen=True)
class PageExtraction:
    """What one page gives: its operations (none for a page that documents none),
    its diagnostics, and the other pages whose tables it used."""

    operations: tuple[Operation, ...]
    diagnostics: tuple[Diagnostic, ...]
    used_pages: frozenset[str] = frozenset()
    # the data structures a page without operations defines
    structures: tuple[Schema, ...] = ()


@dataclass(frozen=True)
class _Placed:
    """A top-level parameter table and what it documents."""

    table: Table
    columns: Columns
    role: TableRole
    status: str | None
    worded: bool = True  # the role came from words (caption, lead, heading), not the part
    alternative: int = 0  # which whole body of its part it is (a part may give several)
    wrapped: str = ""  # the body field it stands for ("auto_scaling_policy"), if any


@dataclass
class _Page:
    """The page being read and what reading it needs."""

    page: Page
    labels: Labels
    index: DocsIndex
    builder: SchemaBuilder
    diagnostics: Diagnostics
    located: list[Located] = field(default_factory=list)

    def source(self, line: int) -> Source:
        return Source(self.page.path, line)


def extract_page(page: Page, tag: str, index: DocsIndex,
                 labels_of: LabelsOf = page_labels) -> PageExtraction:
    """The operations a page documents; ``index`` resolves its links in the docs set."""
    diagnostics = Diagnostics()
    labels = labels_of(page)
    located = locate(page, labels)
    uri_blocks = [place.block for place in located if place.role is SectionRole.URI]
    if not uri_blocks:
        return PageExtraction((), ())
    first_uri = next(s for i, s in enumerate(page.sections)
                     if any(p.section == i and p.role is SectionRole.URI for p in located))
    lines = find_request_lines(uri_blocks, labels)
    if not lines:
        diagnostics.error("no-request-line",
                          "the URI part has no request line such as 'GET /v1/...'; the page "
                          "gives no operation", Source(page.path, first_uri.line))
        return PageExtraction((), tuple(diagnostics))
    builder = SchemaBuilder(page, index, labels_of, diagnostics)
    state = _Page(page, labels, index, builder, diagnostics, located)
    placed, nested = _top_level_tables(state)
    placed = _query_tables(state, placed, lines)

    status_rows = _status_rows(state)
    base_id = page_id(page)
    vendor = vendor_name(page)
    ids = operation_ids(base_id, lines)
    parameters = _parameters(state, [p for p in placed if p.role in (
        TableRole.PATH, TableRole.QUERY, TableRole.HEADER, TableRole.URI)], lines)
    request_body = _body(state, [p for p in placed if p.role is TableRole.REQUEST_BODY],
                         base_id, "RequestBody")
    request_examples = tuple(e for _, e in examples(
        page, located, SectionRole.REQUEST_EXAMPLE, labels, diagnostics))
    responses = _responses(state, base_id, placed, status_rows)
    description = "\n\n".join(
        p.block.text for p in located
        if p.role is SectionRole.FUNCTION and isinstance(p.block, Paragraph))
    deprecated = _deprecated(state)
    _note_unreached(state, nested)
    schemas = tuple(sorted(agree_with_examples(
        builder.schemas.values(),
        [(request_body, request_examples), *((r.body, r.examples) for r in responses)],
        diagnostics, f"{lines[0].method} {lines[0].path}"), key=lambda s: s.source))
    operations = []
    for operation_id, line in zip(ids, lines, strict=True):
        operations.append(Operation(
            operation_id=operation_id,
            method=line.method,
            path=line.path,
            summary=page.title,
            description=description,
            tag=tag,
            parameters=tuple(_for_line(state, parameters, line)),
            request_body=request_body,
            request_examples=request_examples,
            responses=responses,
            schemas=schemas,
            source=Source(page.path, page.line if len(lines) == 1 else line.line),
            deprecated=deprecated,
            page_id=base_id,
            vendor_name=vendor,
            version=line.version,
        ))
    return PageExtraction(tuple(operations), tuple(diagnostics),
                          frozenset(builder.used_pages))




def _deprecated(state: _Page) -> bool:
    """The page's title or folder says deprecated ("(Deprecated)", "to_be_discarded/"),
    or a sentence before the URI part does ("This API is deprecated")."""
    labels = state.labels
    if labels.deprecated_name.search(state.page.title) or any(
            labels.deprecated_name.search(part) for part in state.page.path.split("/")[:-1]):
        return True
    for place in state.located:
        if place.role is SectionRole.URI:
            break
        if isinstance(place.block, Paragraph) and labels.deprecated_text.search(
                place.block.text):
            return True
    return False


# --- table roles -----------------------------------------------------------------------------
def _top_level_tables(state: _Page) -> tuple[list[_Placed], set[int]]:
    """The page's parameter tables that are not some row's nested object, with their
    roles (the others get a diagnostic), and the nested ones (by id())."""
    labels, builder, page = state.labels, state.builder, state.page
    tables = [(p, t, c) for p in state.located if isinstance(t := p.block, Table)
              if (c := columns_of(labels, t)) is not None]
    for place in state.located:
        if isinstance(place.block, Table) and value_list(labels, place.block):
            state.diagnostics.info(
                "value-list", f"table {state.index.label_of(place.block)!r} lists things by "
                "id and by name: values a field takes, not fields; its rows are not read",
                state.source(place.block.line))
    builder.objects.pair_variants(page, [(t, c) for _, t, c in tables])
    builder.objects.pair_orphans(page, [(t, c) for _, t, c in tables])
    builder.objects.adopt_dotted(page, [(t, c) for _, t, c in tables])
    nested: set[int] = {id(child) for children in builder.objects.adopted.values()
                        for child, _ in children}
    for _, table, columns in tables:
        for row in table.rows:
            _, targets = builder.objects.object_targets(page, table, row, columns)
            nested.update(id(target) for target in targets if target is not table)
    placed: list[_Placed] = []
    # per part (request, or response per status): the label of its first body table,
    # and which of its alternative bodies the tables now belong to
    opened: dict[tuple[TableRole, str | None], str] = {}
    group: dict[tuple[TableRole, str | None], int] = {}
    for place, table, columns in tables:
        if id(table) in nested:
            continue
        role, named, worded = _role(state, place, table)
        if place.role is SectionRole.URI and role in (TableRole.REQUEST_BODY,
                                                      TableRole.RESPONSE_BODY):
            # the URI holds no body: "Request filter parameters" there are query ones
            role = TableRole.URI
        status = place.status if place.role in _RESPONSE_PARTS or role in (
            TableRole.RESPONSE_BODY, TableRole.RESPONSE_HEADER) else None
        if role is TableRole.HEADER and place.role in _RESPONSE_PARTS:
            role = TableRole.RESPONSE_HEADER
        if role is None:
            state.diagnostics.warning(
                "unlinked-table",
                f"table {state.index.label_of(table)!r} is neither a parameter table of the "
                "request or response nor linked from one; its rows are left out",
                state.source(table.line))
            continue
        part = (role, status)
        label = labels.caption_text(table.caption or place.lead)
        name = labels.read_caption(label).name if named else ""
        wrapped = ""
        body = role in (TableRole.REQUEST_BODY, TableRole.RESPONSE_BODY)
        if body and part in opened and ((label and _same_kind(opened[part], label))
                                        or _repeats(placed, part, group[part], table, columns)):
            # another whole body: introduced as the first one was, or documenting again
            # the fields the part's body has (a body has each field once)
            group[part] += 1
        elif named and body and part in opened:
            wrapped = _introduced_field(state, place, table, name)
            if not wrapped:
                state.diagnostics.warning(
                    "unlinked-table",
                    f"table {state.index.label_of(table)!r} describes an object no row "
                    "links to or is named after; its rows are left out",
                    state.source(table.line))
                continue
        opened.setdefault(part, label)
        group.setdefault(part, 0)
        if columns.type is None and body:
            # the rows still say names, requiredness and descriptions: keep them, untyped
            state.diagnostics.warning("no-type-column", "a body table without a Type "
                                      "column; its fields are read without a type",
                                      state.source(table.line))
        elif columns.type is None:
            state.diagnostics.info("no-type-column", "a parameter table without a Type "
                                   "column; its parameters are read as strings (URL and "
                                   "header values are text)", state.source(table.line))
        placed.append(_Placed(table, columns, role, status, worded, group[part], wrapped))
    return placed, nested


def _introduced_field(state: _Page, place: Located, table: Table, name: str) -> str:
    """The body field a table stands for when the part's text introduces it as part of
    the body ("Table 2 and Table 3 describe the request parameters", Table 3 being
    "auto_scaling_policy parameter description") and no row of the page has its name:
    that name, else ""."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", name):
        return ""
    rows = {" ".join(row[columns.name].text.split()) for _, other in state.page.all_tables()
            if (columns := columns_of(state.labels, other)) is not None
            for row in other.rows if columns.name < len(row)}
    if name in rows:
        return ""
    for other in state.located:
        if other.section == place.section and isinstance(other.block, Paragraph) and any(
                state.index.table_for(state.page, link) is table
                for link in other.block.content.links):
            return name
    return ""


def _repeats(placed: list[_Placed], part: tuple[TableRole, str | None], alternative: int,
             table: Table, columns: Columns) -> bool:
    """Whether a body table documents again at least half of the fields, and two or more,
    that the part's current body already has ("Parameters for creating an image using an
    ECS", then "Parameters in the request body when a backup is used": name, description,
    tags... again)."""
    known = {row_name(row, item.columns) for item in placed
             if (item.role, item.status) == part and item.alternative == alternative
             for row in item.table.rows}
    names = {row_name(row, columns) for row in table.rows} - {""}
    again = names & known
    return len(again) >= 2 and 2 * len(again) >= len(names)


def _same_kind(first: str, other: str) -> bool:
    """Whether two body tables' labels say they are alternative bodies: two different
    phrases that open alike ("Parameters for creating a system disk image from an ECS",
    "Parameters for creating an image using a file"; "使用云服务器制作镜像时的请求参数",
    "使用数据卷制作系统盘镜像时的请求参数"), not an object's name ("NodePool") nor the
    same words again ("Parameter description")."""
    a, b = " ".join(first.lower().split()), " ".join(other.lower().split())
    if a == b:
        return False
    if a.isascii() and b.isascii():
        words_a, words_b = a.split(), b.split()
        if len(words_a) < 3 or len(words_b) < 3:
            return False
        # "v2.1 request message body", "v2.0 request message body": one word apart
        apart = len(words_a) == len(words_b) and sum(
            x != y for x, y in zip(words_a, words_b, strict=True)) == 1
        return words_a[:2] == words_b[:2] or apart
    return len(a) >= 6 and len(b) >= 6 and a[:2] == b[:2]


def _note_unreached(state: _Page, nested: set[int]) -> None:
    """A nested table whose rows were never read: its parent row was left out, or is
    not an object. Say so, so that no row is lost without a word."""
    for place in state.located:
        table = place.block
        if isinstance(table, Table) and id(table) in nested \
                and id(table) not in state.builder.read:
            state.diagnostics.warning(
                "unreached-table",
                f"table {state.index.label_of(table)!r} is linked only from rows that are "
                "left out or are not objects; its rows are left out", state.source(table.line))


def _role(state: _Page, place: Located, table: Table,
          ) -> tuple[TableRole | None, bool, bool]:
    """A top-level table's role; whether its caption (or lead) names an object rather
    than a role; whether words gave the role. The caption speaks first, then the lead;
    the heading of the section then says which kind of part it is ("Request Header"
    holds headers); else the part decides."""
    labels = state.labels
    named = False
    for label in (table.caption, place.lead):
        reading = labels.read_caption(label)
        if reading.role is not None and reading.role is not TableRole.GENERIC:
            return reading.role, False, True
        if reading.role is None and reading.name:
            named = True
            break
    part = labels.read_caption(place.part_label).role if place.part_label != place.lead \
        else None
    if part in (TableRole.HEADER, TableRole.QUERY, TableRole.PATH):
        # the list item that holds the table's lead says where its rows go
        return part, named, True
    text = state.page.sections[place.section].heading
    heading = labels.read_caption(text).role if labels.section_role(text) else None
    if heading is not None and heading is not TableRole.GENERIC:
        # "Request Parameters" says the side, not the body: only "Request Header" and
        # the like are words about the table
        return heading, named, heading not in (TableRole.REQUEST_BODY,
                                               TableRole.RESPONSE_BODY)
    by_part = _BY_PART.get(place.role) if place.role is not None else None
    return by_part, named, False


def _query_tables(state: _Page, placed: list[_Placed], lines: list[RequestLine],
                  ) -> list[_Placed]:
    """A request-side table that no word calls a body is the query parameters of a GET
    or HEAD ("Request filter parameters"); one that is the body only because it stands
    under "Request" is the query parameters of any method whose request line names its
    rows in the query ("GET /v2.1/servers{?limit,marker}")."""
    bodiless = all(line.method in ("GET", "HEAD") for line in lines)
    query = {name for line in lines for name in line.query}
    result = []
    for item in placed:
        said_body = item.worded and _BODY_WORD.search(state.index.label_of(item.table))
        if item.role is TableRole.REQUEST_BODY and not said_body:
            names = {" ".join(row[item.columns.name].text.split())
                     for row in item.table.rows if item.columns.name < len(row)}
            if bodiless or (names & query and not item.worded):
                item = dataclasses.replace(item, role=TableRole.QUERY)
        result.append(item)
    return result


# --- parameters ------------------------------------------------------------------------------
def _parameters(state: _Page, placed: list[_Placed], lines: list[RequestLine],
                ) -> list[Parameter]:
    """The parameters of the page's URI, query and header tables; a path parameter
    that no request line's path has is a diagnostic, not a query parameter."""
    template = {name for line in lines for name in _variables(line.path)}
    parameters: list[Parameter] = []
    # where each parameter came from: its index in ``parameters`` and its table's label
    first: dict[tuple[str, Location], tuple[int, str]] = {}
    for item in placed:
        places: list[TableRole | None] = []
        fields = state.builder.fields(state.page, item.table, item.columns, places)
        for f, place in zip(fields, places + [None] * (len(fields) - len(places)),
                            strict=True):
            if item.role is TableRole.URI:
                # a row may say where it goes ("No (query parameter)")
                location = _LOCATIONS[place] if place is not None \
                    else Location.PATH if f.name in template else Location.QUERY
            else:
                location = _LOCATIONS[item.role]
            if location is Location.PATH and f.name not in template:
                state.diagnostics.warning(
                    "path-parameter-not-in-path",
                    f"path parameter {f.name!r} is in no request line's path "
                    f"({', '.join(line.path for line in lines)}); it is left out", f.source)
                continue
            required = f.required
            if location is Location.PATH and not required:
                state.diagnostics.info("optional-path-parameter",
                                       f"path parameter {f.name!r} is marked optional; a path "
                                       "parameter is always required", f.source)
                required = True
            kind = f.type if item.columns.type is not None else _STRING
            parameter = Parameter(f.name, location, kind, required, f.description,
                                  f.source, f.enum, f.constraints)
            case = _case_of(state, item.table)
            known = first.get((f.name, location))
            if known is not None and case and known[1] and case != known[1] \
                    and parameters[known[0]].type.kind is kind.kind:
                # one parameter documented per case ("... (methods is set to token)")
                parameters[known[0]] = _by_case(parameters[known[0]], known[1], parameter,
                                                case)
                state.diagnostics.info(
                    "parameter-by-case",
                    f"{location} parameter {f.name!r} is documented again for another case "
                    f"({case!r}; first at line {parameters[known[0]].source.line}): one "
                    "parameter, required only if every case requires it", f.source)
                continue
            first.setdefault((f.name, location), (len(parameters), case))
            parameters.append(parameter)
    return parameters


def _case_of(state: _Page, table: Table) -> str:
    """The case a parameter table is documented for: the list item that leads it, when
    it names a case ("Obtaining a temporary AK/SK with an agency token (**methods** is set
    to **assume_role**)"), not a kind of table ("Parameters in the request header");
    else ""."""
    label = state.labels.caption_text(state.index.label_of(table))
    reading = state.labels.read_caption(label)
    return label if label and reading.role is None and not table.caption else ""


def _by_case(kept: Parameter, kept_case: str, other: Parameter, case: str) -> Parameter:
    """One parameter from two cases' rows: required only if both are, the
    descriptions joined by case where they differ."""
    description = kept.description
    if " ".join(other.description.split()) != " ".join(kept.description.split()):
        opened = description if description.startswith(f"{kept_case}: ") \
            else f"{kept_case}: {description}"
        description = f"{opened}\n\n{case}: {other.description}"
    return dataclasses.replace(kept, required=kept.required and other.required,
                               description=description)


def _variables(path: str) -> list[str]:
    names, depth, start = [], 0, 0
    for index, c in enumerate(path):
        if c == "{":
            depth, start = depth + 1, index + 1
        elif c == "}" and depth:
            depth -= 1
            names.append(path[start:index])
    return names


def _for_line(state: _Page, parameters: list[Parameter], line: RequestLine,
              ) -> list[Parameter]:
    """The parameters of one request line: its own path parameters, the page's query
    and header parameters, and a parameter for every template variable and query name
    of the line that no table row documents."""
    variables = _variables(line.path)
    result = [p for p in parameters if p.location is not Location.PATH or p.name in variables]
    known = {(p.name, p.location) for p in result}
    for name in variables:
        if (name, Location.PATH) not in known:
            state.diagnostics.warning("undocumented-path-parameter",
                                      f"path parameter {name!r} has no table row",
                                      state.source(line.line))
            result.append(Parameter(name, Location.PATH, _STRING, True, "",
                                    state.source(line.line)))
            known.add((name, Location.PATH))
    for name in line.query:
        if (name, Location.QUERY) not in known:
            result.append(Parameter(name, Location.QUERY, _STRING, False, "",
                                    state.source(line.line)))
            known.add((name, Location.QUERY))
    unique: dict[tuple[str, Location], Parameter] = {}
    for p in result:
        key = (p.name, p.location)
        if key in unique:
            state.diagnostics.warning(
                "duplicate-parameter", f"{p.location} parameter {p.name!r} is documented "
                f"twice (first at line {unique[key].source.line}); the second is left out",
                p.source)
        else:
            unique[key] = p
    return list(unique.values())


# --- responses -------------------------------------------------------------------------------
def _status_rows(state: _Page) -> list[tuple[str, str, int]]:
    """(code, description, line) of the status codes the page lists: in a status-code
    table, or as a paragraph of its own in the status codes part ("Normal" / "204")."""
    rows = []
    for place in state.located:
        table = place.block
        if isinstance(table, Paragraph) and place.role is SectionRole.STATUS_CODES:
            bare = _STATUS_CELL.match(" ".join(table.text.split()))
            if bare:
                rows.append((bare.group(1), "", table.line))
            continue
        if not isinstance(table, Table) or not table.header \
                or state.labels.column(table.header[0].text) is not Column.STATUS:
            continue
        for row in table.rows:
            # "200", or the code and its reason ("400 Bad Request")
            match = _STATUS_CELL.match(row[0].text.strip()) if row else None
            if len(row) >= 2 and match:
                rows.append((match.group(1), " ".join(row[-1].text.split()), row[0].line))
    return rows


def _responses(state: _Page, operation_id: str, placed: list[_Placed],
               status_rows: list[tuple[str, str, int]]) -> tuple[Response, ...]:
    found = examples(state.page, state.located, SectionRole.RESPONSE_EXAMPLE, state.labels,
                     state.diagnostics)
    codes = {code for code, _, _ in status_rows}
    codes |= {p.status for p in placed if p.status and p.role in (
        TableRole.RESPONSE_BODY, TableRole.RESPONSE_HEADER)}
    codes |= {status for status, _ in found if status}
    success = sorted(c for c in codes if c.startswith("2"))
    primary = success[0] if success else "200"

    tables: dict[str, list[_Placed]] = {}
    headers: dict[str, list[_Placed]] = {}
    for item in placed:
        if item.role is TableRole.RESPONSE_BODY:
            tables.setdefault(item.status or primary, []).append(item)
        elif item.role is TableRole.RESPONSE_HEADER:
            headers.setdefault(item.status or primary, []).append(item)
    examples_by_status: dict[str, list[Example]] = {}
    for status, example in found:
        status = status or primary
        if status.startswith("2") and is_error_body(example.value) and not (
                set(example.value) & _row_names(tables.get(status, []))):
            # an error example under a success ("error_code"/"error_msg" after "Status
            # code: 200"): it shows what a failure returns, never what a 2xx does
            state.diagnostics.info(
                "error-example", f"the {status} example is an error body "
                f"({', '.join(sorted(example.value))}); it illustrates the error response",
                example.source)
            status = ERROR_STATUS
        examples_by_status.setdefault(status, []).append(example)
    descriptions = {code: (text, line) for code, text, line in reversed(status_rows)}

    responses = []
    for status in sorted(set(tables) | set(headers) | set(examples_by_status) | codes,
                         key=_status_order):
        body_tables = tables.get(status, [])
        suffix = "" if status == primary else ("Error" if status == ERROR_STATUS else status)
        body = _body(state, body_tables, operation_id, f"Response{suffix}")
        description, line = descriptions.get(status, ("", 0))
        if not line:
            line = body_tables[0].table.line if body_tables else state.page.line
        responses.append(Response(
            status=status,
            description=description or _DEFAULT_REASONS.get(status, f"Status {status}"),
            body=body,
            examples=tuple(examples_by_status.get(status, [])),
            source=state.source(line),
            headers=tuple(_response_headers(state, headers.get(status, []))),
        ))
    return tuple(responses)


def _row_names(items: list[_Placed]) -> set[str]:
    return {row_name(row, item.columns) for item in items for row in item.table.rows}


def _body(state: _Page, items: list[_Placed], operation_id: str, role: str,
          ) -> TypeRef | None:
    """The body of a part: one schema from its tables, or when the part gives several
    whole bodies ("Parameters for creating an image from an ECS", "... using a file"),
    any of them. ``role`` (``RequestBody``, ``Response404``) names the schema after its
    operation, whose name the naming pass chooses later."""
    bodies = []
    for alternative in sorted({item.alternative for item in items}):
        members = [item for item in items if item.alternative == alternative]
        body_role = role if not alternative else f"{role}{alternative + 1}"
        body = state.builder.body([item.table for item in members if not item.wrapped],
                                  f"{operation_id}{body_role}", body_role)
        wrapped = [item for item in members if item.wrapped]
        if body is not None and body.schema is not None and wrapped:
            body = state.builder.extend(body.schema, [
                Field(item.wrapped, TypeRef(Kind.OBJECT, schema=state.builder.schema(
                    item.table, item.wrapped).key), False, state.index.label_of(item.table),
                      "", state.source(item.table.line)) for item in wrapped])
        if body is not None:
            bodies.append(body.schema or "")
    if not bodies:
        return None
    arrays = [_placeholder_body(state, body) for body in bodies]
    if len(arrays) == 1 and arrays[0] is not None:
        return arrays[0]
    elements = [a.items.schema for a in arrays if a is not None and a.items is not None]
    keys = [key for key in elements if key]
    if len(keys) == len(bodies):
        # several whole bodies, each an array: an array of any of their elements
        return TypeRef(Kind.ARRAY, items=TypeRef(Kind.OBJECT).bind(*keys))
    return TypeRef(Kind.OBJECT).bind(*bodies)


# a row name that is no key: "[Array]", "*[Array]*" (the body is a JSON array)
_PLACEHOLDER = re.compile(r"\[[^\[\]]+\]")


def _placeholder_body(state: _Page, key: str) -> TypeRef | None:
    """A body table whose one row is named by a placeholder (``[Array]``, "Array
    elements"; typed "Array of objects") documents the body itself, not a property."""
    schema = next((s for s in state.builder.schemas.values() if s.key == key), None)
    if schema is None or len(schema.fields) != 1:
        return None
    [field] = schema.fields
    if not (_PLACEHOLDER.fullmatch(field.name) or field.names_any_key) \
            or field.type.kind is not Kind.ARRAY:
        return None
    state.diagnostics.info("placeholder-body", f"the row {field.name!r} stands for the body "
                           f"itself: the body is {field.type_text!r}", field.source)
    return field.type


def _status_order(status: str) -> tuple[int, str]:
    return (1, status) if status == ERROR_STATUS else (0, status)


def _response_headers(state: _Page, placed: Iterable[_Placed]) -> list[Parameter]:
    return [Parameter(f.name, Location.HEADER, f.type, f.required, f.description, f.source,
                      f.enum, f.constraints)
            for item in placed for f in state.builder.fields(state.page, item.table,
                                                             item.columns)]


_DEFAULT_REASONS = {
    "200": "OK", "201": "Created", "202": "Accepted", "204": "No Content",
    "400": "Bad Request", "401": "Unauthorized", "403": "Forbidden", "404": "Not Found",
    "409": "Conflict", "500": "Internal Server Error",
    ERROR_STATUS: "An error (the docs give no status code)",
}
