"""Table rows → fields, and the nested objects their rows point to.

A row's nested object is described by another table, found (in this order) by a
link in any cell of the row (to a table on this page or another page of the docs
set, or to the paragraph that introduces one), by "see Table 3" in its Type or
Description cell, or by a table named after the field or its type ("**profile**
parameters", "identity_provider.links", "X结构"). A table that links to itself
describes a recursive object.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostics, Source
from generator.extract.constraints import contradiction, mine_constraints, mine_enum
from generator.extract.index import DocsIndex
from generator.extract.labels import Column, Labels, TableRole
from generator.extract.types import ParsedType, parse_type
from generator.ir import Field, Kind, Schema, TypeRef
from generator.page import Cell, Page, Table

Row = tuple[Cell, ...]

# Captions that name a table's role at the top of an operation: such a table is never
# the nested object a field is named after.
_TOP_LEVEL_ROLES = frozenset({TableRole.PATH, TableRole.QUERY, TableRole.HEADER,
                              TableRole.URI, TableRole.REQUEST_BODY,
                              TableRole.RESPONSE_BODY, TableRole.RESPONSE_HEADER})


@dataclass(frozen=True)
class Columns:
    """Which cell of a row holds what."""

    name: int
    type: int | None
    required: int | None
    description: int | None

    def cell(self, row: Row, index: int | None) -> Cell | None:
        return row[index] if index is not None and index < len(row) else None


def columns_of(labels: Labels, table: Table) -> Columns | None:
    """The columns of a parameter table (a name column and a type, requiredness or
    description column), or None for any other table."""
    roles = [labels.column(cell.text) for cell in table.header]
    if Column.NAME not in roles or not {Column.TYPE, Column.REQUIRED,
                                        Column.DESCRIPTION} & set(roles):
        return None

    def index(column: Column) -> int | None:
        return roles.index(column) if column in roles else None

    name = index(Column.NAME)
    assert name is not None
    return Columns(name, index(Column.TYPE), index(Column.REQUIRED), index(Column.DESCRIPTION))


def row_name(row: Row, columns: Columns) -> str:
    cell = columns.cell(row, columns.name)
    if cell is None:
        return ""
    return " ".join(cell.text.split("\n", 1)[0].split())


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*")


def _singular(name: str) -> str:
    """An English plural's singular, for matching names ("shares" → "share",
    "statuses" → "status", "policies" → "policy")."""
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith(("sses", "xes", "ches", "shes", "uses")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss") and len(name) > 3:
        return name[:-1]
    return name


def _plain(name: str) -> str:
    return name.replace("\\", "").replace("*", "").replace("`", "").strip().lower()


@dataclass
class SchemaBuilder:
    """Builds the schemas of one page's operation, following rows into nested tables
    wherever in the docs set they stand. ``labels_of`` gives each page's language."""

    page: Page
    index: DocsIndex
    labels_of: Callable[[Page], Labels]
    diagnostics: Diagnostics
    schemas: dict[int, Schema] = field(default_factory=dict)  # by id() of the table
    building: set[int] = field(default_factory=set)
    # pages other than this one whose tables the operation uses (for caching)
    used_pages: set[str] = field(default_factory=set)
    # the tables whose rows were read (id()), so the page can say which ones were not
    read: set[int] = field(default_factory=set)
    _named: dict[str, list[tuple[str, Table, bool]]] = field(default_factory=dict)
    _targets: dict[tuple[int, int], tuple[ParsedType | None, list[Table]]] = field(
        default_factory=dict)

    def source(self, page: Page, line: int) -> Source:
        return Source(page.path, line)

    def page_of(self, table: Table) -> Page:
        return self.index.page_of(table) or self.page

    def schema_key(self, page: Page, table: Table) -> str:
        """``path#line`` of the table; tables sharing a line (minified HTML) get
        ``#line.2``, ``#line.3``... in page order, so each keeps a schema of its own."""
        same_line = [t for _, t in page.all_tables() if t.line == table.line]
        nth = next((i for i, t in enumerate(same_line) if t is table), 0)
        return f"{page.path}#{table.line}" + (f".{nth + 1}" if nth else "")

    # --- where a row's object is described -------------------------------------------------
    def row_targets(self, page: Page, table: Table, row: Row, columns: Columns,
                    type_name: str | None = None, by_name: bool = True) -> list[Table]:
        """The tables a row's nested object is described in: one, or several when the
        object takes one of several shapes (a row linking to several tables; tables
        named "real-time config", "batch config" for a field ``config``). ``by_name``:
        also tables named after the field or its type ``type_name``. A table of this
        page whose caption gives it a top-level role (the request or response body) is
        never a field's object."""
        labels = self.labels_of(page)
        linked = self._linked(page, row) or self._by_link_text(page, table, row)
        if linked:
            return linked
        for index in (columns.type, columns.description):
            mention = columns.cell(row, index)
            if mention is None:
                continue
            text = mention.text
            for link in mention.links:
                # a link's "Table 12" numbers the tables of the page it points to (a
                # topic the page was copied from, when it does not resolve here)
                text = text.replace(link.text, " ")
            number = labels.mentioned_table(text)
            if number is not None:
                numbered = self._numbered(page, labels, number)
                if numbered is not None and numbered is not table:
                    return [numbered]
        named = self._named_after(page, table, row, columns, type_name) if by_name else []
        # last, an id another page defines: the topic this page was copied from
        return named or self._linked(page, row, loosely=True)

    def _by_link_text(self, page: Page, table: Table, row: Row) -> list[Table]:
        """A link that lands nowhere may still name its table in its text ("表13
        notebook字段数据结构说明"): the page's table of that name."""
        labels = self.labels_of(page)
        for cell in row:
            for link in cell.links:
                if not link.internal or self.index.resolve(page, link) is not None:
                    continue
                name = _plain(labels.read_caption(link.text).name)
                named = [t for n, t, exact in self._tables_named(page)
                         if exact and n == name and t is not table]
                if name and named:
                    return named[:1]
        return []

    def _linked(self, page: Page, row: Row, loosely: bool = False) -> list[Table]:
        """The tables the row's links land on. A link to another page's table that this
        page holds a copy of (a table of the same name) means the copy: it is the one
        the reader of this page sees."""
        linked: list[Table] = []
        for cell in row:
            for link in cell.links:
                target = self.index.table_for(page, link, loosely=loosely)
                if target is None or not self._describes(page, target):
                    continue
                target = self._local_copy(page, target) or target
                if target not in linked:
                    linked.append(target)
        return linked

    def _local_copy(self, page: Page, target: Table) -> Table | None:
        owner = self.page_of(target)
        if owner is page:
            return None
        name = _plain(self.labels_of(owner).read_caption(self.index.label_of(target)).name)
        copies = [t for n, t, exact in self._tables_named(page) if exact and n == name]
        return copies[0] if name and len(copies) == 1 else None

    def row_target(self, page: Page, table: Table, row: Row, columns: Columns,
                   type_name: str | None = None, by_name: bool = True) -> Table | None:
        """The first of :meth:`row_targets`, or None."""
        targets = self.row_targets(page, table, row, columns, type_name, by_name)
        return targets[0] if targets else None

    def _describes(self, page: Page, target: Table) -> bool:
        """Whether a linked table can describe a field's object: a parameter table, and
        not this page's own body or parameter table."""
        owner = self.page_of(target)
        labels = self.labels_of(owner)
        if columns_of(labels, target) is None:
            return False
        return owner is not page or labels.read_caption(
            self.index.label_of(target)).role not in _TOP_LEVEL_ROLES

    def _numbered(self, page: Page, labels: Labels, number: int) -> Table | None:
        for _, candidate in page.all_tables():
            if labels.caption_number_of(self.index.label_of(candidate)) == number \
                    and self._describes(page, candidate):
                return candidate
        return None

    def _named_after(self, page: Page, table: Table, row: Row, columns: Columns,
                     type_name: str | None) -> list[Table]:
        """The first table after the row (else before it) whose caption names the field
        or its type ("**profile** parameters", "role.policy", "Tag"); else every table
        named as a kind of it ("real-time config", "batch config" for ``config``)."""
        wanted = {_plain(row_name(row, columns)), _plain(type_name or "")} - {""}
        if not wanted:
            return []
        line = row[0].line if row else 0
        # "shares" (an array) is described as "the share field"
        for names in (wanted, {_singular(n) for n in wanted} - wanted):
            named = [(t, exact) for name, t, exact in self._tables_named(page)
                     if name in names and t is not table]
            exact = [t for t, is_exact in named if is_exact]
            if exact:
                after = [t for t in exact if t.line > line]
                return [(after or exact)[0]]
            if named:
                return list(dict.fromkeys(t for t, _ in named))
        return []

    def _tables_named(self, page: Page) -> list[tuple[str, Table, bool]]:
        """(name, table, exact) of the page's parameter tables whose caption names an
        object: its name, the last part of a dotted name ("role.policy.Statement"), the
        identifier that opens a Chinese caption ("custom_spec自定义规格"); and, not
        exact, the last word of a qualified name ("config" of "batch config")."""
        if page.path in self._named:
            return self._named[page.path]
        labels = self.labels_of(page)
        found: list[tuple[str, Table, bool]] = []
        self._named[page.path] = found
        for _, table in page.all_tables():
            reading = labels.read_caption(self.index.label_of(table))
            if reading.role in _TOP_LEVEL_ROLES or not reading.name \
                    or columns_of(labels, table) is None:
                continue
            name = _plain(reading.name)
            found.append((name, table, True))
            if "." in name:
                found.append((name.rsplit(".", 1)[1], table, True))
            opening = _IDENTIFIER.match(name)
            if opening and opening.group(0) != name and not name[opening.end():].isascii():
                found.append((opening.group(0), table, True))
            words = name.split()
            if len(words) >= 2 and name.isascii():
                found.append((words[-1], table, False))
        return found

    # --- rows → fields ---------------------------------------------------------------------
    def fields(self, page: Page, table: Table, columns: Columns) -> list[Field]:
        self.read.add(id(table))
        labels = self.labels_of(page)
        fields: list[Field] = []
        seen: dict[str, int] = {}
        for row in table.rows:
            name_cell = columns.cell(row, columns.name)
            if name_cell is None:
                self.diagnostics.warning("short-row", "a table row with too few cells; "
                                         "it is left out", self.source(
                                             page, row[0].line if row else table.line))
                continue
            name = row_name(row, columns)
            source = self.source(page, name_cell.line)
            if not name:
                if any(c.text.strip() for c in row):
                    self.diagnostics.warning("unnamed-row", "a table row with an empty name "
                                             "cell; it is left out", source)
                continue
            if name in seen:
                self.diagnostics.warning(
                    "duplicate-field", f"field {name!r} is documented twice "
                    f"(first at line {seen[name]}); the second is left out", source)
                continue
            seen[name] = name_cell.line
            type_cell = columns.cell(row, columns.type)
            type_text = " ".join(type_cell.text.split()) if type_cell is not None else ""
            description_cell = columns.cell(row, columns.description)
            description = description_cell.text if description_cell is not None else ""
            field_type = self.field_type(page, table, row, columns, type_text, name, source)
            enum = mine_enum(description_cell, field_type, labels)
            constraints = mine_constraints(description_cell, field_type, labels, enum)
            problem = contradiction(constraints)
            if problem:
                # the docs contradict themselves: keep the range, drop the default
                self.diagnostics.warning("contradictory-default", f"field {name!r}: {problem}",
                                         source)
                constraints = dataclasses.replace(constraints, default=None)
            fields.append(Field(
                name=name,
                type=field_type,
                required=self.required(page, columns.cell(row, columns.required), name),
                description=description,
                type_text=type_text,
                source=source,
                enum=enum,
                constraints=constraints,
            ))
        return fields

    def required(self, page: Page, cell: Cell | None, name: str) -> bool:
        if cell is None:
            return False
        answer = self.labels_of(page).is_yes(cell.text)
        if answer is None:
            self.diagnostics.warning("unknown-mandatory",
                                     f"field {name!r}: mandatory value {cell.text!r} is neither "
                                     "yes nor no; taken as optional", self.source(page, cell.line))
            return False
        return answer

    def object_targets(self, page: Page, table: Table, row: Row, columns: Columns,
                       ) -> tuple[ParsedType | None, list[Table]]:
        """A row's parsed type and the tables that describe its object. A type the
        grammar does not read but that is one identifier ("Resource_tag") may still name
        a table; a scalar type is bound only by an explicit link."""
        key = (id(table), id(row))
        if key in self._targets:
            return self._targets[key]
        type_cell = columns.cell(row, columns.type)
        type_text = " ".join(type_cell.text.split()) if type_cell is not None else ""
        parsed = parse_type(self.labels_of(page).type_text(type_text)) if type_text else None
        if parsed is not None:
            type_name = parsed.object_name
        else:
            type_name = type_text if _IDENTIFIER.fullmatch(type_text) else None
        object_like = parsed is None or parsed.ref.linkable()
        targets = self.row_targets(page, table, row, columns, type_name, by_name=object_like)
        self._targets[key] = (parsed, targets)
        return parsed, targets

    def pair_orphans(self, page: Page, tables: list[tuple[Table, Columns]]) -> None:
        """A table named after an object that no row links to or is named after (an
        orphan: "Parameters in the VolumeDetailForTag field"), right after a table with
        exactly one object row that has no table ("resource_detail: object"), describes
        that row: the author forgot the link. Bound with a note, never guessed among
        several rows."""
        targeted = {id(t) for table, columns in tables for row in table.rows
                    for t in self.object_targets(page, table, row, columns)[1]}
        fields = {_plain(row_name(row, columns)) for table, columns in tables
                  for row in table.rows}
        labels = self.labels_of(page)
        for position, (orphan, _) in enumerate(tables):
            reading = labels.read_caption(self.index.label_of(orphan))
            name = reading.name.replace("\\", "")
            # a type's name: one identifier that no field of the page has
            if id(orphan) in targeted or reading.role is not None or position == 0 \
                    or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", name) \
                    or _plain(name) in fields:
                continue
            # the nearest table above with an object row that names no table; only its
            # own sub-tables may stand between it and the orphan
            rows: list[Row] = []
            between: list[Table] = []
            for parent, columns in reversed(tables[:position]):
                rows = [row for row in parent.rows
                        if not self.object_targets(page, parent, row, columns)[1]
                        and self._object_row(page, row, columns)]
                if rows:
                    break
                between.append(parent)
            if len(rows) != 1 or not set(map(id, between)) <= self._below(
                    page, parent, dict((id(t), c) for t, c in tables)):
                continue
            row = rows[0]
            parsed, _ = self.object_targets(page, parent, row, columns)
            self._targets[(id(parent), id(row))] = (parsed, [orphan])
            targeted.add(id(orphan))
            self.diagnostics.info(
                "object-by-position",
                f"field {row_name(row, columns)!r} names no table; the table "
                f"{self.index.label_of(orphan)!r} that follows, which no row names, is read "
                "as its object", self.source(page, row[0].line if row else parent.line))

    def _below(self, page: Page, table: Table, columns: dict[int, Columns]) -> set[int]:
        """The tables of the page a table's rows lead to, directly or not (by id())."""
        found: set[int] = set()
        todo = [table]
        while todo:
            current = todo.pop()
            for row in current.rows:
                if id(current) not in columns:
                    break
                for target in self.object_targets(page, current, row, columns[id(current)])[1]:
                    if id(target) not in found and id(target) in columns:
                        found.add(id(target))
                        todo.append(target)
        return found

    def _object_row(self, page: Page, row: Row, columns: Columns) -> bool:
        """A row typed as an object with no name of its own ("Object", "Array of
        objects"), not a scalar."""
        cell = columns.cell(row, columns.type)
        text = " ".join(cell.text.split()) if cell is not None else ""
        parsed = parse_type(self.labels_of(page).type_text(text)) if text else None
        if parsed is None or parsed.object_name:
            return False
        current: TypeRef | None = parsed.ref
        while current is not None and current.kind is Kind.ARRAY:
            current = current.items
        return current is not None and current.kind is Kind.OBJECT

    def field_type(self, page: Page, table: Table, row: Row, columns: Columns,
                   type_text: str, name: str, source: Source) -> TypeRef:
        parsed, targets = self.object_targets(page, table, row, columns)
        object_name = parsed.object_name if parsed is not None else None
        if not type_text or parsed is None:
            if targets:
                # "Dictionary data structure. For details, see Table 3": an object
                return TypeRef(Kind.OBJECT).bind(*self._keys(targets, name))
            if not type_text:
                if columns.type is not None:  # a table with no Type column was reported once
                    self.diagnostics.warning("missing-type", f"field {name!r} has an empty Type "
                                             "cell; its type is left open", source)
            else:
                self.diagnostics.warning("unknown-type", f"field {name!r}: type {type_text!r} "
                                         "is not a known spelling; its type is left open",
                                         source)
            return TypeRef(Kind.ANY)
        if targets and parsed.ref.linkable():
            return parsed.ref.bind(*self._keys(targets, object_name or name))
        if targets:
            target_page = self.page_of(targets[0])
            self.diagnostics.info(
                "table-under-scalar",
                f"field {name!r} is typed {type_text!r} but links to a table (at "
                f"{target_page.path}:{targets[0].line}); the table is not read as an object",
                source)
        elif parsed.ref.object_leaf() is not None and object_name:
            self.diagnostics.warning(
                "unresolved-object",
                f"field {name!r}: type {type_text!r} names an object with no table linked; "
                "its properties are left open", source)
        return parsed.ref

    def _keys(self, tables: list[Table], name: str) -> list[str]:
        return [self.schema(t, name).key for t in tables]

    def schema(self, table: Table, fallback_name: str) -> Schema:
        """The schema a nested-object table describes, built once per table."""
        key = id(table)
        if key in self.schemas:
            return self.schemas[key]
        page = self.page_of(table)
        if page is not self.page:
            self.used_pages.add(page.path)
        labels = self.labels_of(page)
        schema_key = self.schema_key(page, table)
        name = labels.read_caption(self.index.label_of(table)).name or fallback_name
        if key in self.building:  # a cycle (A has B has A): refer by key, built by the outer call
            self.diagnostics.info("cyclic-object",
                                  f"{name!r} contains itself through its fields; emitted as a "
                                  "recursive reference", self.source(page, table.line))
            return Schema(schema_key, name, (), self.source(page, table.line))
        self.building.add(key)
        columns = columns_of(labels, table)
        fields = self.fields(page, table, columns) if columns is not None else []
        schema = Schema(schema_key, name, tuple(fields), self.source(page, table.line))
        self.schemas[key] = schema
        self.building.discard(key)
        return schema

    def body(self, tables: list[Table], name: str) -> TypeRef | None:
        """One schema from the top-level body tables of a request or a response."""
        if not tables:
            return None
        fields: list[Field] = []
        for table in tables:
            columns = columns_of(self.labels_of(self.page), table)
            assert columns is not None
            fields.extend(self.fields(self.page, table, columns))
        first: dict[str, Field] = {}
        for f in fields:
            if f.name in first:
                self.diagnostics.warning(
                    "duplicate-field", f"body field {f.name!r} is documented in two tables "
                    f"(first at line {first[f.name].source.line}); the second is left out",
                    f.source)
            else:
                first[f.name] = f
        schema = Schema(self.schema_key(self.page, tables[0]), name, tuple(first.values()),
                        self.source(self.page, tables[0].line))
        self.schemas[id(tables[0])] = schema
        return TypeRef(Kind.OBJECT, schema=schema.key)
