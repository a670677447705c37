"""Where a row's nested object is described: the table (or tables) a row points to.

In this order: a link in any cell of the row (to a table on this page or another page of
the docs set, or to the paragraph that introduces one; a page holding its own copy of
the linked table uses the copy, and a link back to the first of two copies on one page
means the copy that follows the row's table), a link whose text names a table of the
page, "see Table 3" in its Type or Description cell, a table named after the field or
its type ("**profile** parameters", "identity_provider.links", "Description of the share
field" for ``shares``), else a link to an id another page defines. A row that points to
several tables, or tables named as kinds of it ("real-time config", "batch config" for
``config``), takes one of several shapes. Two last resorts for links the author forgot,
each with a note: tables named after the values of a field beside an object row ("DWS
connection parameters" for ``type`` = DWS), and a table named after a type no row names,
right after a table with one object row that names no table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostics, Source
from generator.extract.constraints import mine_enum
from generator.extract.example_values import example_values, json_texts, keys_of
from generator.extract.index import DocsIndex
from generator.extract.labels import Labels, SectionRole, TableRole
from generator.extract.layout import locate
from generator.extract.table import Columns, Row, columns_of, row_name
from generator.extract.types import ParsedType, parse_type
from generator.ir import Kind, TypeRef
from generator.page import Cell, CodeBlock, Page, Table

# Captions that name a table's role at the top of an operation: such a table is never
# the nested object a field is named after.
_TOP_LEVEL_ROLES = frozenset({TableRole.PATH, TableRole.QUERY, TableRole.HEADER,
                              TableRole.URI, TableRole.REQUEST_BODY,
                              TableRole.RESPONSE_BODY, TableRole.RESPONSE_HEADER})
# the side of the page each part stands on, for the examples that witness a row
_SIDES = {SectionRole.URI: "request", SectionRole.REQUEST: "request",
          SectionRole.REQUEST_EXAMPLE: "request", SectionRole.RESPONSE: "response",
          SectionRole.RESPONSE_EXAMPLE: "response"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*")


@dataclass
class ObjectTables:
    """Finds the tables that describe rows' objects, for the operations of one page
    (``page``), following links anywhere in the docs set. ``labels_of`` gives each
    page's language; notes about links the author forgot go to ``diagnostics``."""

    page: Page
    index: DocsIndex
    labels_of: Callable[[Page], Labels]
    diagnostics: Diagnostics
    # tables a parent table gains as fields it has no row for: id(parent) → (table, name)
    adopted: dict[int, list[tuple[Table, str]]] = field(default_factory=dict)
    _named: dict[str, list[tuple[str, Table, bool]]] = field(default_factory=dict)
    _targets: dict[tuple[int, int], tuple[ParsedType | None, list[Table]]] = field(
        default_factory=dict)
    # the copies of a table that rows linking to its first copy took (by id())
    _copies: set[int] = field(default_factory=set)
    # the tables some row's link on a page lands on, by page path (by id())
    _landed: dict[str, dict[int, int]] = field(default_factory=dict)
    # what a page's examples show, per side of the page: JSON text, and values by key
    _json: dict[tuple[str, str | None], dict[str, list[Any]]] = field(default_factory=dict)
    _shown: dict[tuple[str, str | None], dict[str, list[Any]]] = field(default_factory=dict)
    _sides: dict[str, dict[int, str | None]] = field(default_factory=dict)

    def json_held(self, page: Page, table: Table, name: str) -> list[Any]:
        """The objects or arrays the examples on the side of ``table`` (the request's or
        the response's) give field ``name`` as JSON text."""
        key = (page.path, self._side(page, table))
        if key not in self._json:
            self._json[key] = json_texts(self._examples(page, key[1]))
        return self._json[key].get(name, [])

    def objects_shown(self, page: Page, table: Table, name: str) -> list[Any]:
        """The objects (or arrays of objects) the examples on the side of ``table`` give
        field ``name``."""
        key = (page.path, self._side(page, table))
        if key not in self._shown:
            self._shown[key] = example_values(self._examples(page, key[1]))
        shown = [v for v in self._shown[key].get(name, []) if v is not None]
        objects = [v for v in shown if isinstance(v, dict) or (
            isinstance(v, list) and v and all(isinstance(item, dict) for item in v))]
        # a key the examples also give a scalar names two fields (IAM's auth.identity.password
        # object and the user's password string): they witness neither
        return objects if len(objects) == len(shown) else []

    def _side(self, page: Page, block: Table | CodeBlock) -> str | None:
        """"request" or "response": the side of the page a block stands on (a query
        parameter's value is not the response's field of its name), else None."""
        sides = self._sides.get(page.path)
        if sides is None:
            sides = self._sides[page.path] = {
                id(place.block): _SIDES.get(place.role) if place.role else None
                for place in locate(page, self.labels_of(page))}
        return sides.get(id(block))

    def _examples(self, page: Page, side: str | None) -> list[CodeBlock]:
        """The code blocks of the page on ``side`` (None: every one)."""
        return [block for section in page.sections for block in section.blocks
                if isinstance(block, CodeBlock)
                and (side is None or self._side(page, block) == side)]

    def page_of(self, table: Table) -> Page:
        return self.index.page_of(table) or self.page

    def source(self, page: Page, line: int) -> Source:
        return Source(page.path, line)

    def object_targets(self, page: Page, table: Table, row: Row, columns: Columns,
                       ) -> tuple[ParsedType | None, list[Table]]:
        """A row's parsed type and the tables that describe its object. A type the
        grammar does not read but that is one identifier ("Resource_tag") may still name
        a table; a scalar type is bound only by an explicit link, but for a field the
        examples show holding objects, or a string they show holding JSON text, a table
        may be named after it too."""
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
        if not targets and not object_like:
            # the examples witness objects (or JSON text): the table named after the
            # field that documents their keys, else the one object table of the page
            # that documents every one of them (two or more)
            name = row_name(row, columns)
            shown = self.objects_shown(page, table, name) + self.json_held(page, table, name)
            keys = keys_of(shown)
            named = self.row_targets(page, table, row, columns, type_name) if keys else []
            if keys & {n for t in named for n in self._row_names(t)}:
                targets = named
            elif len(keys) >= 2:
                holding = list(dict.fromkeys(
                    t for _, t, exact in self._tables_named(page)
                    if exact and t is not table and keys <= self._row_names(t)))
                targets = holding if len(holding) == 1 else []
        self._targets[key] = (parsed, targets)
        return parsed, targets

    def _row_names(self, table: Table) -> set[str]:
        columns = columns_of(self.labels_of(self.page_of(table)), table)
        return {row_name(r, columns) for r in table.rows} if columns is not None else set()

    def row_targets(self, page: Page, table: Table, row: Row, columns: Columns,
                    type_name: str | None = None, by_name: bool = True) -> list[Table]:
        """The tables a row's nested object is described in: one, or several when the
        object takes one of several shapes (a row linking to several tables; tables
        named "real-time config", "batch config" for a field ``config``). ``by_name``:
        also tables named after the field or its type ``type_name``. A table of this
        page whose caption gives it a top-level role (the request or response body) is
        never a field's object."""
        labels = self.labels_of(page)
        typed = columns.cell(row, columns.type)
        linked = self._linked(page, row, typed=typed, own=table) \
            or self._by_link_text(page, table, row)
        if linked:
            return self._outermost(linked)
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
        return named or self._linked(page, row, loosely=True, typed=typed, own=table)

    def row_target(self, page: Page, table: Table, row: Row, columns: Columns,
                   type_name: str | None = None, by_name: bool = True) -> Table | None:
        """The first of :meth:`row_targets`, or None."""
        targets = self.row_targets(page, table, row, columns, type_name, by_name)
        return targets[0] if targets else None

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

    def adopt_dotted(self, page: Page, tables: list[tuple[Table, Columns]]) -> None:
        """A table labelled with a dotted path ("roles.links", "token.catalog") that no
        row names describes that field of the table labelled with the path's parent
        ("roles", "token") when that table has no row of the name: the author left the
        row out. The parent gains the field, an object, with a note."""
        targeted = {id(t) for table, columns in tables for row in table.rows
                    for t in self.object_targets(page, table, row, columns)[1]}
        labels = self.labels_of(page)
        by_name = {_plain(labels.read_caption(self.index.label_of(t)).name): (t, c)
                   for t, c in tables}
        for name, (table, _) in by_name.items():
            parent_name, dot, field_name = name.rpartition(".")
            if not dot or id(table) in targeted or parent_name not in by_name:
                continue
            parent, columns = by_name[parent_name]
            if any(_plain(row_name(row, columns)) == field_name for row in parent.rows):
                continue
            written = labels.read_caption(self.index.label_of(table)).name
            self.adopted.setdefault(id(parent), []).append(
                (table, written.rsplit(".", 1)[1].replace("\\", "")))
            self.diagnostics.info(
                "field-from-label",
                f"the table {self.index.label_of(table)!r} describes a field its parent "
                f"table has no row for; the field {field_name!r} is read from the label",
                self.source(page, table.line))

    def pair_variants(self, page: Page, tables: list[tuple[Table, Columns]]) -> None:
        """Tables named after the documented values of a field ("DWS connection
        parameters", "Spark SQL connection parameters" for ``type``: DWS, SparkSQL, ...)
        that no row links to are the shapes of the one field of that table which takes an
        object and names no table (``config``): it is any of them, with a note."""
        targeted = {id(t) for table, columns in tables for row in table.rows
                    for t in self.object_targets(page, table, row, columns)[1]}
        labels = self.labels_of(page)
        named = [(_squash(labels.read_caption(self.index.label_of(t)).name), t)
                 for t, _ in tables if id(t) not in targeted]
        for parent, columns in tables:
            values = {_squash(value) for row in parent.rows
                      for value in self._values(page, row, columns)} - {""}
            shapes = [t for name, t in named if t.line > parent.line
                      and any(name.startswith(v) and name != v for v in values)]
            open_rows = [row for row in parent.rows
                         if not self.object_targets(page, parent, row, columns)[1]
                         and self._takes_object(page, row, columns)]
            if len(shapes) < 2 or len(open_rows) != 1:
                continue
            row = open_rows[0]
            parsed, _ = self.object_targets(page, parent, row, columns)
            self._targets[(id(parent), id(row))] = (parsed, shapes)
            targeted.update(id(t) for t in shapes)
            self.diagnostics.info(
                "shapes-by-value",
                f"field {row_name(row, columns)!r} names no table; the {len(shapes)} tables "
                "named after the values of a field beside it are read as its shapes",
                self.source(page, row[0].line if row else parent.line))

    def _linked(self, page: Page, row: Row, loosely: bool = False,
                typed: Cell | None = None, own: Table | None = None) -> list[Table]:
        """The tables the row's links land on. A link to another page's table that this
        page holds a copy of (a table of the same name) means the copy: it is the one
        the reader of this page sees. A link in the row's type cell (``typed``) is the
        type, whatever the target's caption says ("`Headers` object" → "Headers"),
        unless it lands on the row's own body table (``own``): an anchor put one table
        too early, not a body that holds itself."""
        linked: list[Table] = []
        for cell in row:
            for link in cell.links:
                target = self.index.table_for(page, link, loosely=loosely)
                as_type = cell is typed and target is not own
                if target is None or not self._describes(page, target, as_type=as_type):
                    continue
                target = self._numbered_here(page, row, link.text, target) \
                    or self._own_named(page, row, own, target) \
                    or self._said_orphan(page, row, cell, link.text, target) \
                    or self._local_copy(page, target) or self._nearer_copy(
                    page, target, own) or self._same_side_copy(page, target, own) or target
                if target not in linked:
                    linked.append(target)
        return linked

    def _outermost(self, tables: list[Table]) -> list[Table]:
        """Of several tables a row links to, those no other of them links to: "see Table 3
        and Table 4", where Table 4 is a field's object in Table 3, is one shape, not two."""
        if len(tables) < 2:
            return tables
        nested = {id(target) for other in tables for other_row in other.rows
                  for cell in other_row for link in cell.links
                  if (target := self.index.table_for(self.page_of(other), link)) is not None
                  and target is not other}
        return [t for t in tables if id(t) not in nested] or tables

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

    def _local_copy(self, page: Page, target: Table) -> Table | None:
        """This page's copy of another page's table: the one table of the page named as
        the target is; of several, the one no link of this page lands on (the others
        are other fields' objects: a page copied from another topic keeps that topic's
        anchors, so its own copy is often reached by nothing)."""
        owner = self.page_of(target)
        if owner is page:
            return None
        name = _plain(self.labels_of(owner).read_caption(self.index.label_of(target)).name)
        # the copy may name it in the plural ("Job field ..." there, "Jobs field ..." here)
        copies = list(dict.fromkeys(t for n, t, exact in self._tables_named(page)
                                    if exact and _singular(n) == _singular(name)))
        if not name or not copies:
            return None
        if len(copies) > 1:
            copies = [t for t in copies if id(t) not in self._linked_here(page)]
            if len(copies) == 1:
                self.diagnostics.info(
                    "own-copy", f"a link lands on {self.index.label_of(target)!r} of "
                    f"{owner.path}; of this page's copies, {self.index.label_of(copies[0])!r}, "
                    "which no other link reaches, is read as the row's object",
                    self.source(page, copies[0].line))
        return copies[0] if len(copies) == 1 else None

    def _numbered_here(self, page: Page, row: Row, text: str, target: Table,
                       ) -> Table | None:
        """A link that leaves the page (a topic the page was copied from) whose text
        numbers a table ("Table 14"), when this page's table of that number is named
        after something the row says ("For details about notebook, see Table 14":
        "**notebook** parameters") and no link of this page lands on it: the page's
        own table, which its reader sees under that number."""
        if self.page_of(target) is page:
            return None
        labels = self.labels_of(page)
        number = labels.mentioned_table(text)
        if number is None:
            return None
        said = {_plain(word) for cell in row
                for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", cell.text)}
        for _, candidate in page.all_tables():
            label = self.index.label_of(candidate)
            if labels.caption_number_of(label) != number or candidate is target:
                continue
            name = _plain(labels.read_caption(label).name)
            if name and name in said and id(candidate) not in self._linked_here(page) \
                    and self._describes(page, candidate):
                self.diagnostics.info(
                    "own-table-by-number",
                    f"a link named {' '.join(text.split())!r} lands on another page "
                    f"({self.page_of(target).path}); this page's {label!r}, named after "
                    "what the row says and reached by no other link, is read as its object",
                    self.source(page, row[0].line if row else candidate.line))
                return candidate
            return None
        return None

    def _own_named(self, page: Page, row: Row, own: Table | None, target: Table,
                   ) -> Table | None:
        """A link that leaves the page for a table named after something else than the
        row's field ("**profile**" linked to the create page's flavor_details), when this
        page has one table named after the field ("**profile** parameters") that no link
        of the page reaches: the page's own table, not the topic it was copied from."""
        if own is None or self.page_of(target) is page:
            return None
        columns = columns_of(self.labels_of(page), own)
        name = _plain(row_name(row, columns)) if columns is not None else ""
        there = self.labels_of(self.page_of(target)).read_caption(
            self.index.label_of(target)).name
        if _singular(name) in {_singular(_plain(word)) for word in there.split()}:
            # a table of the field's name ("metadata Field Description for Creating
            # Disks"): a copy, which the page's copy, if any, stands for (below)
            return None
        named = list(dict.fromkeys(
            t for n, t, exact in self._tables_named(page)
            if exact and n == name and t is not own and t is not target))
        if not name or len(named) != 1 or id(named[0]) in self._linked_here(page):
            return None
        self.diagnostics.info(
            "own-table-by-name",
            f"a link lands on {self.index.label_of(target)!r} of {self.page_of(target).path}; "
            f"this page's {self.index.label_of(named[0])!r}, named after the field and "
            "reached by no other link, is read as its object",
            self.source(page, row[0].line if row else own.line))
        return named[0]

    def _said_orphan(self, page: Page, row: Row, cell: Cell, text: str, target: Table,
                     ) -> Table | None:
        """A link to a table of this page named after the row's field that another row
        of that name links to as well, when the sentence holding the link names
        ("For details about parameters of a notebook instance, see Table 8") a table of
        the page that no link reaches ("**notebook** parameters"): that table; the link
        was copied from the other row."""
        if self.page_of(target) is not page or self._linked_here(page, counted=True).get(
                id(target), 0) < 2:
            return None
        labels = self.labels_of(page)
        field_name = _plain(row[0].text if row else "")
        if _plain(labels.read_caption(self.index.label_of(target)).name) != field_name:
            return None
        sentence = next((part for part in re.split(r"(?<=[.;。；])\s*", cell.text)
                         if text in part), "")
        # a word that is a link's text names that link's table, not this one
        for link in cell.links:
            sentence = sentence.replace(link.text, " ")
        said = {_plain(word) for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", sentence)}
        said.discard(field_name)
        named = list(dict.fromkeys(
            t for n, t, exact in self._tables_named(page)
            if exact and n in said and t is not target
            and id(t) not in self._linked_here(page)
            and labels.read_caption(self.index.label_of(t)).role is None))
        if len(named) != 1:
            return None
        self.diagnostics.info(
            "orphan-by-words",
            f"a link lands on {self.index.label_of(target)!r}, which another row links to "
            f"as well; the sentence of the link names {self.index.label_of(named[0])!r}, "
            "which no link reaches: read as its object",
            self.source(page, row[0].line if row else 0))
        return named[0]

    def _linked_here(self, page: Page, counted: bool = False) -> dict[int, int]:
        """The tables (by id()) some link of a table row of the page lands on, with
        how many rows link to each."""
        found = self._landed.get(page.path)
        if found is None:
            found = self._landed[page.path] = {}
            for _, table in page.all_tables():
                for row in table.rows:
                    targets = {id(target) for cell in row for link in cell.links
                               if (target := self.index.table_for(page, link)) is not None}
                    for target_id in targets:
                        found[target_id] = found.get(target_id, 0) + 1
        return found

    def _nearer_copy(self, page: Page, target: Table, own: Table | None) -> Table | None:
        """A page that holds two copies of an object's table (the same subtree under two
        parents) has one label for both, so every link lands on the first copy. A row
        whose link goes back to a copy above its own table, when a table of the same name
        follows its table, means that one: the first such copy no other row took (rows
        are read in page order), with a note."""
        if own is None or self.page_of(target) is not page or target.line >= own.line:
            return None
        name = _plain(self.labels_of(page).read_caption(self.index.label_of(target)).name)
        after = [t for n, t, exact in self._tables_named(page)
                 if exact and n == name and t.line > own.line and t is not own
                 and id(t) not in self._copies]
        if not name or not after:
            return None
        self._copies.add(id(after[0]))
        self.diagnostics.info(
            "copy-by-position",
            f"a link lands on {self.index.label_of(target)!r} above this table; the copy "
            f"{self.index.label_of(after[0])!r} that follows it is read as the row's object",
            self.source(page, own.line))
        return after[0]

    def _same_side_copy(self, page: Page, target: Table, own: Table | None) -> Table | None:
        """A row of the request whose link lands on the response's copy of an object
        (or the other way round), when the row's own side holds a table of that name
        that no link of the page reaches: the anchor was put on one copy, and the copy
        beside the row is the one its reader sees. Bound with a note."""
        if own is None or self.page_of(target) is not page:
            return None
        side, there = self._side(page, own), self._side(page, target)
        if side is None or there is None or side == there:
            return None
        name = _plain(self.labels_of(page).read_caption(self.index.label_of(target)).name)
        copies = list(dict.fromkeys(
            t for n, t, exact in self._tables_named(page)
            if exact and n == name and t is not own and self._side(page, t) == side
            and id(t) not in self._linked_here(page) and id(t) not in self._copies))
        if not name or len(copies) != 1:
            return None
        self._copies.add(id(copies[0]))
        self.diagnostics.info(
            "copy-by-side",
            f"a link lands on {self.index.label_of(target)!r} on the other side of the "
            f"page; the copy {self.index.label_of(copies[0])!r} beside the row, which no "
            "link reaches, is read as its object", self.source(page, copies[0].line))
        return copies[0]

    def _describes(self, page: Page, target: Table, as_type: bool = False) -> bool:
        """Whether a linked table can describe a field's object: a parameter table, and
        not this page's own body or parameter table (unless the row's type links it)."""
        owner = self.page_of(target)
        labels = self.labels_of(owner)
        if columns_of(labels, target) is None:
            return False
        return as_type or owner is not page or labels.read_caption(
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
        exact, the last word of a qualified name ("config" of "batch config") and the
        first ("configurations" of "configurations parameter description of services")."""
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
                # "configurations parameter description of services, roles, and
                # instances": the object named first, then what it is for
                found.append((words[0].rstrip(","), table, False))
        return found

    # --- rows → fields ---------------------------------------------------------------------

    def _values(self, page: Page, row: Row, columns: Columns) -> list[str]:
        """The values a row's description lists: an option list, or list items that are
        one word each ("- DWS", "- SparkSQL")."""
        cell = columns.cell(row, columns.description)
        if cell is None:
            return []
        values = [str(e.value) for e in mine_enum(cell, TypeRef(Kind.STRING),
                                                  self.labels_of(page))]
        return values + [item.text for item in cell.items
                         if re.fullmatch(r"[\w.\-]+", item.text)]

    def _takes_object(self, page: Page, row: Row, columns: Columns) -> bool:
        cell = columns.cell(row, columns.type)
        text = " ".join(cell.text.split()) if cell is not None else ""
        parsed = parse_type(self.labels_of(page).type_text(text)) if text else None
        return parsed is not None and parsed.ref.linkable()

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


def _squash(text: str) -> str:
    """A name or value without case, spaces or punctuation ("Spark SQL" ~ "SparkSQL")."""
    return re.sub(r"[\W_]+", "", text.lower())


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
    """A name as compared: without markup, case or underscores, so that a table named
    in the type's spelling ("HardDetail") names the field (``hard_details``)."""
    return name.replace("\\", "").replace("*", "").replace("`", "").replace(
        "_", "").strip().lower()
