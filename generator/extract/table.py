"""A parameter table's columns: which cell of a row holds the name, type, requiredness
and description."""

from __future__ import annotations

from dataclasses import dataclass

from generator.extract.labels import Column, Labels
from generator.page import Cell, Table

Row = tuple[Cell, ...]


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
    description column), or None for any other table (a :func:`value_list` too)."""
    roles = [labels.column(cell.text) for cell in table.header]
    if Column.NAME not in roles or not {Column.TYPE, Column.REQUIRED,
                                        Column.DESCRIPTION} & set(roles) \
            or value_list(labels, table):
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


def value_list(labels: Labels, table: Table) -> bool:
    """A table that lists things, not fields: a field's table opens with the field's
    name, once. Two name columns ("Parameter ID | Parameter Name | Type": a service's
    configuration items) or a name column after another ("Cluster Type | Metric Name |
    Value Type": the metrics a rule may name) say its rows are values some field takes."""
    roles = [labels.column(cell.text) for cell in table.header]
    return Column.NAME in roles and bool(
        {Column.TYPE, Column.REQUIRED, Column.DESCRIPTION} & set(roles)) and (
        roles.count(Column.NAME) > 1 or roles[0] is not Column.NAME)
