"""Table rows → fields and schemas, following rows into the tables that describe their
objects (found by :mod:`generator.extract.objects`). A table that links to itself
describes a recursive object.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostics, Source
from generator.extract.constraints import contradiction, mine_constraints, mine_enum, sized
from generator.extract.example_values import keys_of
from generator.extract.index import DocsIndex
from generator.extract.labels import Labels, TableRole
from generator.extract.objects import ObjectTables
from generator.extract.table import Columns, Row, columns_of, row_name
from generator.extract.types import ParsedType
from generator.ir import Field, Kind, Schema, TypeRef
from generator.page import Cell, Page, Table


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
    objects: ObjectTables = field(init=False)

    def __post_init__(self) -> None:
        self.objects = ObjectTables(self.page, self.index, self.labels_of, self.diagnostics)

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
    def fields(self, page: Page, table: Table, columns: Columns,
               places: list[TableRole | None] | None = None) -> list[Field]:
        """The fields of a table's rows. ``places``, for a table of request parameters,
        whose rows may each say where they go: filled with that place per field."""
        self.read.add(id(table))
        labels = self.labels_of(page)
        fields: list[Field] = []
        seen: dict[str, int] = {}
        rows: dict[str, Row] = {}
        # fields of the holder present when a scalar row takes a value (see _by_value)
        pending: list[tuple[str, str, Field]] = []
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
            # "No (query parameter)": a row of a URI table may say where it goes, so a
            # path and a query parameter of one name are two rows, not one twice
            place = said_place(labels, columns.cell(row, columns.required)) \
                if places is not None else None
            key = f"{name}\0{place or ''}"
            if key in rows:
                if _words(row) == _words(rows[key]):
                    # a copy the docs pasted twice: the one field it documents is placed
                    self.diagnostics.info(
                        "repeated-row", f"field {name!r} is documented again word for word "
                        f"(first at line {seen[key]}): one field", source)
                else:
                    self.diagnostics.warning(
                        "duplicate-field", f"field {name!r} is documented twice "
                        f"(first at line {seen[key]}); the second is left out", source)
                continue
            seen[key] = name_cell.line
            rows[key] = row
            type_cell = columns.cell(row, columns.type)
            type_text = " ".join(type_cell.text.split()) if type_cell is not None else ""
            description_cell = columns.cell(row, columns.description)
            description = description_cell.text if description_cell is not None else ""
            field_type, size = self.field_type(page, table, row, columns, type_text, name,
                                               source)
            enum = mine_enum(description_cell, field_type, labels)
            constraints = sized(mine_constraints(description_cell, field_type, labels, enum,
                                                 name),
                                field_type, size)
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
                placeholder=labels.is_placeholder_key(name),
            ))
            if places is not None:
                places.append(place)
            if not field_type.linkable():
                pending.extend(self._by_value(page, table, row, columns, name))
        if pending:
            fields = self._with_conditional(fields, pending, places)
        _note_colliding(fields, self.diagnostics)
        names = {f.name for f in fields}
        for child, name in self.objects.adopted.get(id(table), []):
            if name not in names:
                child_page = self.page_of(child)
                fields.append(Field(name, TypeRef(Kind.OBJECT, schema=self.schema(
                    child, name).key), False, "", "", self.source(child_page, child.line)))
        return fields

    def _by_value(self, page: Page, table: Table, row: Row, columns: Columns, name: str,
                  ) -> list[tuple[str, str, Field]]:
        """A scalar row whose description lists its values, one of which links to a
        table ("5: DistCp ... For details, see Table 3"): that table lists fields of the
        object holding the row (its siblings), present when the row takes that value.
        (condition, row name, field) for each of them, optional, with the condition in
        its description."""
        cell = columns.cell(row, columns.description)
        if cell is None:
            return []
        _, targets = self.objects.object_targets(page, table, row, columns)
        if not targets or sum(1 for item in cell.items if _VALUE_ITEM.match(item.text)) < 2:
            return []  # a list of values, not one remark ("Note: see Table 3")
        found: list[tuple[str, str, Field]] = []
        for item in cell.items:
            value = _VALUE_ITEM.match(item.text)
            if value is None:
                continue
            for link in item.links:
                target = self.index.table_for(page, link)
                if target is None or target not in targets or target is table \
                        or id(target) in self.building:
                    continue
                target_page = self.page_of(target)
                target_columns = columns_of(self.labels_of(target_page), target)
                if target_columns is None:
                    continue
                condition = f"When {name} is {value.group(1)}"
                self.building.add(id(target))
                for f in self.fields(target_page, target, target_columns):
                    found.append((condition, name, dataclasses.replace(
                        f, required=False, description=f"{condition}: {f.description}")))
                self.building.discard(id(target))
        return found

    def _with_conditional(self, fields: list[Field], pending: list[tuple[str, str, Field]],
                          places: list[TableRole | None] | None) -> list[Field]:
        """The holder's fields with the fields present when a row takes a value: a
        field already there stays one field (its description gains the condition's
        words, its row a note that counts it placed), a new one is added, optional."""
        result = list(fields)
        at = {f.name: i for i, f in enumerate(result)}
        for condition, row_name_, f in pending:
            if f.name in at:
                kept = result[at[f.name]]
                result[at[f.name]] = dataclasses.replace(
                    kept, description=f"{kept.description}\n\n{f.description}")
                self.diagnostics.info(
                    "field-by-value",
                    f"field {f.name!r}, listed for the case {condition[5:]!r}, is the "
                    f"field of that name beside {row_name_!r} (line {kept.source.line})",
                    f.source)
                continue
            self.diagnostics.info(
                "conditional-field",
                f"field {f.name!r} is listed in a table a value of {row_name_!r} links to; "
                f"read as a field beside it, present {condition[0].lower()}{condition[1:]}",
                f.source)
            at[f.name] = len(result)
            result.append(f)
            if places is not None:
                places.append(None)
        return result

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

    def field_type(self, page: Page, table: Table, row: Row, columns: Columns,
                   type_text: str, name: str, source: Source,
                   ) -> tuple[TypeRef, tuple[int, ...]]:
        """The row's type, and the size its spelling declares (``String(64)``)."""
        parsed, targets = self.objects.object_targets(page, table, row, columns)
        return self._type(page, table, parsed, targets, columns, type_text, name, source), \
            parsed.size if parsed is not None else ()

    def _type(self, page: Page, table: Table, parsed: ParsedType | None,
              targets: list[Table], columns: Columns, type_text: str, name: str,
              source: Source) -> TypeRef:
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
        if targets and parsed.ref.kind is Kind.STRING:
            held = self._json_content(page, table, targets, name)
            if held is not None:
                return dataclasses.replace(parsed.ref, content=held)
        if targets:
            shown = self.objects.objects_shown(page, table, name)
            if keys_of(shown) & self._documented(targets):
                # the example and a table named after the field outvote the type cell
                target_page = self.page_of(targets[0])
                self.diagnostics.warning(
                    "type-against-example",
                    f"field {name!r} is typed {type_text!r}, but the docs' examples give it "
                    f"objects with the keys of the table at {target_page.path}:"
                    f"{targets[0].line}; read as those objects", source)
                bound = TypeRef(Kind.OBJECT).bind(*self._keys(targets, name))
                return TypeRef(Kind.ARRAY, items=bound) if all(
                    isinstance(value, list) for value in shown) else bound
        if targets:
            target_page = self.page_of(targets[0])
            self.diagnostics.info(
                "table-under-scalar",
                f"field {name!r} is typed {type_text!r} but links to a table (at "
                f"{target_page.path}:{targets[0].line}), and no example gives it as JSON "
                "text with the table's keys; the table is not read as an object",
                source)
        elif parsed.ref.object_leaf() is not None and object_name:
            self.diagnostics.warning(
                "unresolved-object",
                f"field {name!r}: type {type_text!r} names an object with no table linked; "
                "its properties are left open", source)
        return parsed.ref

    def _json_content(self, page: Page, table: Table, targets: list[Table], name: str,
                      ) -> TypeRef | None:
        """The type of the JSON text a string field holds, where the page's examples give
        its value as JSON text showing keys the linked tables document; else None."""
        held = self.objects.json_held(page, table, name)
        if not keys_of(held) & self._documented(targets):
            return None
        content = TypeRef(Kind.OBJECT).bind(*self._keys(targets, name))
        return TypeRef(Kind.ARRAY, items=content) if all(
            isinstance(value, list) for value in held) else content

    def _documented(self, tables: list[Table]) -> set[str]:
        """The names the tables' rows document."""
        return {row_name(row, columns) for table in tables
                if (columns := columns_of(self.labels_of(self.page_of(table)), table))
                is not None for row in table.rows}

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

    def extend(self, key: str, fields: list[Field]) -> TypeRef:
        """The schema ``key`` with more fields (a body field a whole table stands for)."""
        table_id, schema = next((i, s) for i, s in self.schemas.items() if s.key == key)
        known = {f.name for f in schema.fields}
        self.schemas[table_id] = dataclasses.replace(
            schema, fields=schema.fields + tuple(f for f in fields if f.name not in known))
        return TypeRef(Kind.OBJECT, schema=key)

    def body(self, tables: list[Table], name: str, role: str) -> TypeRef | None:
        """One schema from the top-level body tables of a request or a response;
        ``role`` says which body it is (:attr:`Schema.body`)."""
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
                        self.source(self.page, tables[0].line), body=role)
        self.schemas[id(tables[0])] = schema
        return TypeRef(Kind.OBJECT, schema=schema.key)


def said_place(labels: Labels, cell: Cell | None) -> TableRole | None:
    """Where a row's requiredness cell says the row goes ("No (query parameter)")."""
    remark = _REMARK.search(cell.text) if cell is not None else None
    role = labels.table_role(remark.group(1)) if remark else None
    return role if role in (TableRole.PATH, TableRole.QUERY, TableRole.HEADER) else None


_REMARK = re.compile(r"[(（]([^()（）]+)[)）]")
# a list item that opens with a value: "5: DistCp, ...", "obs：..."
_VALUE_ITEM = re.compile(r"^\s*\**([\w.\-]+)\**\s*[:：]")


def _words(row: Row) -> list[str]:
    return [" ".join(cell.text.split()) for cell in row]


def _note_colliding(fields: list[Field], diagnostics: Diagnostics) -> None:
    """Two keys of one object that differ only in case and separators (``domain_name``
    and ``domainName``, ``database`` and ``Database``) are two keys for JSON, but one
    identifier for a client that names properties in its own case (a TypeScript client's
    duplicate identifier): worth the docs' authors' look."""
    seen: dict[str, Field] = {}
    for f in fields:
        key = re.sub(r"[_\-.\s]", "", f.name).lower()
        first = seen.setdefault(key, f)
        if first is not f and first.name != f.name:  # one name twice: a path and a query
            diagnostics.warning(
                "colliding-keys", f"fields {first.name!r} (line {first.source.line}) and "
                f"{f.name!r} differ only in case or separators: a generated client that "
                "names properties in its own case makes them one identifier", f.source)
