"""How much of the docs reached the spec: parameter-table rows read vs placed.

A row is *read* when a reader saw it in a parameter table (a name column and a type,
requiredness or description column) with a name. It is *placed* when it became a
parameter, a response header or a property of an operation that is in the document
(a schema of an operation left out is left out with it). A row that is not placed is
*explained* by a diagnostic at its line, at its table's line, or one that says the
whole page gives no operation; else it is *silent*, which is always the tool's fault.

On a page that documents no operation (a guide, an appendix), a table without a Type
column lists things, not fields (metrics, events, status codes, endpoints): its rows
are counted apart as *listed*, not read, and so are the rows of a value list on any
page (a table with an id and a name column: values some field takes). Such a page's
typed tables (an appendix of data structures) are read like any other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, Source

# extraction is imported where rows are counted: a build served from the cache unpickles
# a Coverage and needs none of it
if TYPE_CHECKING:
    from generator.ir import Api, Field, Schema, TypeRef
    from generator.page import Page

_VARIABLE = re.compile(r"\{[^{}]*\}")
# diagnostics that say a whole page gives nothing
_PAGE_CODES = frozenset({"no-request-line", "internal-error"})
# notes that say a row is in the spec in another form: "[Array]" is the body itself
# (a parameter documented per case is one parameter: its other rows are in it)
_PLACED_AS = frozenset({"placeholder-body", "parameter-by-case", "field-by-value"})
# a row pasted twice in its table: placed where its first copy is
_COPY = "repeated-row"


@dataclass(frozen=True)
class Row:
    """A row not placed, and why (the diagnostic that says so; empty: silent)."""

    source: Source
    table: Source
    name: str
    why: str


@dataclass
class Coverage:
    """Rows read and placed, per page, and every row not placed."""

    read: dict[str, int] = field(default_factory=dict)  # by page path
    placed: dict[str, int] = field(default_factory=dict)
    missed: list[Row] = field(default_factory=list)
    listed: dict[str, int] = field(default_factory=dict)  # untyped tables of guide pages

    @property
    def total_read(self) -> int:
        return sum(self.read.values())

    @property
    def total_placed(self) -> int:
        return sum(self.placed.values())

    @property
    def silent(self) -> list[Row]:
        return [row for row in self.missed if not row.why]

    @property
    def share(self) -> float:
        return self.total_placed / self.total_read if self.total_read else 1.0

    def summary(self) -> str:
        """The one line a build prints."""
        line = (f"coverage: {self.total_placed:,} of {self.total_read:,} parameter-table rows "
                f"placed ({100 * self.share:.1f}%)")
        if self.silent:
            line += f"; {len(self.silent)} left out without a diagnostic (a tool bug)"
        listed = sum(self.listed.values())
        if listed:
            line += (f"; {listed:,} rows of value lists and of untyped tables on pages "
                     "without operations not counted")
        return line


def measure(pages: Iterable[Page], api: Api, document: dict[str, Any] | None,
            diagnostics: Iterable[Diagnostic],
            rows_of: Callable[[Page], PageRows] | None = None) -> Coverage:
    """The coverage of a build: its pages, its IR and the document it wrote.
    ``rows_of``: :func:`page_rows`, or what remembers it per page."""
    from generator.emit.openapi import NO_CONTENT_STATUSES

    if rows_of is None:
        rows_of = page_rows

    # by the path's shape: the emitter may rename a variable to the name the other
    # operations of that path give it (/jobs/{name} among /jobs/{job_name})
    emitted: set[tuple[str, str]] = set()
    for path, item in ((document or {}).get("paths") or {}).items():
        emitted.update((method.upper(), _shape(path)) for method in item
                       if isinstance(item, dict))
    said: dict[Source, Diagnostic] = {}
    whole_page: dict[str, Diagnostic] = {}
    placed: set[Source] = set()
    for d in diagnostics:
        said.setdefault(d.source, d)
        if d.code in _PLACED_AS:
            placed.add(d.source)
        if d.code in _PAGE_CODES:
            whole_page.setdefault(d.source.path, d)
    # rows of a body HTTP never sends (a 204's): the emitter's warning at the response
    unsent: dict[Source, Diagnostic] = {}
    for op in api.operations:
        if (op.method, _shape(op.path)) not in emitted:
            continue
        schemas = {s.key: s for s in op.schemas}
        placed.update(p.source for p in op.parameters)
        placed.update(h.source for r in op.responses for h in r.headers)
        sent = [p.type for p in op.parameters] + [op.request_body] + [
            r.body for r in op.responses if r.status not in NO_CONTENT_STATUSES]
        placed.update(f.source for f in _fields(sent, schemas))
        for response in op.responses:
            if response.status in NO_CONTENT_STATUSES and response.source in said:
                unsent.update((f.source, said[response.source])
                              for f in _fields([response.body], schemas))
    if document is not None:
        placed.update(f.source for s in api.structures for f in s.fields)
    said.update((source, d) for source, d in unsent.items() if source not in said)
    api_pages = {op.source.path for op in api.operations} | set(whole_page)
    result = Coverage()
    for page in pages:
        rows = rows_of(page)
        read = hit = 0
        listed = rows.values
        for table in rows.tables:
            if not table.typed and rows.path not in api_pages:
                listed += len(table.rows)
                continue
            first_placed: dict[str, bool] = {}
            for line, name in table.rows:
                read += 1
                source = Source(rows.path, line)
                first_placed.setdefault(name, source in placed)
                note = said.get(source)
                # a row pasted twice is one field: its copy counts as its first placing
                if source in placed or (note is not None and note.code == _COPY
                                        and first_placed[name]):
                    hit += 1
                    continue
                reason = said.get(source) or said.get(Source(rows.path, table.line)) \
                    or whole_page.get(rows.path)
                result.missed.append(Row(source, Source(rows.path, table.line), name,
                                         f"{reason.code}: {reason.message}" if reason else ""))
        if read:
            result.read[rows.path] = read
            result.placed[rows.path] = hit
        if listed:
            result.listed[rows.path] = listed
    return result


@dataclass(frozen=True)
class TableRows:
    """The named rows of one parameter table: (line of the name cell, name)."""

    line: int
    typed: bool  # it has a Type column (an untyped one lists things on a guide page)
    rows: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class PageRows:
    """What coverage reads of one page, which depends on that page alone."""

    path: str
    tables: tuple[TableRows, ...]
    values: int  # rows of value lists: values some field takes, not fields


def page_rows(page: Page) -> PageRows:
    """The rows of a page's parameter tables, and how many rows its value lists have."""
    from generator.extract.operation import page_labels
    from generator.extract.table import columns_of, row_name, value_list

    labels = page_labels(page)
    tables: list[TableRows] = []
    values = 0
    for _, table in page.all_tables():
        columns = columns_of(labels, table)
        if columns is None:
            if value_list(labels, table):
                values += len(table.rows)  # values, not fields: a note says so
            continue
        rows = []
        for row in table.rows:
            name = row_name(row, columns)
            cell = columns.cell(row, columns.name)
            if name and cell is not None:
                rows.append((cell.line, name))
        tables.append(TableRows(table.line, columns.type is not None, tuple(rows)))
    return PageRows(page.path, tuple(tables), values)


def _fields(types: Iterable[TypeRef | None], schemas: dict[str, Schema]) -> list[Field]:
    """The fields of every schema these types reach."""
    seen: set[str] = set()
    stack = [t for t in types if t is not None]
    found: list[Field] = []
    while stack:
        ref = stack.pop()
        if ref.items is not None:
            stack.append(ref.items)
        if ref.content is not None:
            stack.append(ref.content)
        for key in (ref.schema, *ref.variants):
            if key is None or key in seen or key not in schemas:
                continue
            seen.add(key)
            found.extend(schemas[key].fields)
            stack.extend(f.type for f in schemas[key].fields)
    return found


def _shape(path: str) -> str:
    return _VARIABLE.sub("{}", path)


def render_text(coverage: Coverage, docs: str) -> str:
    root = docs.rstrip("/")
    lines = []
    for path in sorted(coverage.read):
        read, placed = coverage.read[path], coverage.placed[path]
        if placed < read:
            lines.append(f"{root}/{path}: {placed} of {read} rows placed")
    for row in sorted(coverage.missed, key=lambda r: r.source):
        why = row.why or "no diagnostic (a tool bug: please report it)"
        lines.append(f"{root}/{row.source}: row {row.name!r} not placed: {why}")
    lines.append(coverage.summary())
    return "\n".join(lines) + "\n"


def render_json(coverage: Coverage) -> str:
    return json.dumps({
        "read": coverage.total_read,
        "placed": coverage.total_placed,
        "silent": len(coverage.silent),
        "listed": sum(coverage.listed.values()),
        "pages": {path: {"read": coverage.read[path], "placed": coverage.placed[path]}
                  for path in sorted(coverage.read)},
        "missed": [{"file": r.source.path, "line": r.source.line, "table_line": r.table.line,
                    "name": r.name, "why": r.why} for r in coverage.missed],
    }, indent=2, ensure_ascii=False) + "\n"
