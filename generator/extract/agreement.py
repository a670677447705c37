"""What the docs' own examples say of the tables: a check of the prose, and the gap.

* A constraint mined from prose must agree with the examples. Prose is read a sentence
  at a time, and a sentence can still speak of something else than the value it stands
  beside ("The file name contains only letters and digits" under a ``path`` whose
  example is ``/etc/foo.txt``). Where an example of the same page gives the field a
  value that the mined length, range or pattern rejects, the example is the better
  witness: the constraint is not emitted, and a warning names the row and the example.
* A key an example shows in an object whose table has no row for it is a gap in the
  docs (an ``undocumented-example-field`` note at the example's line, which ``lint``
  reports). The field is added to the schema marked inferred, typed from the example's
  value; the build leaves inferred fields out unless ``--infer-from-examples`` asks.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostics
from generator.extract.example_values import decoded
from generator.ir import Api, Constraints, Example, Field, Kind, Schema, TypeRef


@dataclass
class _Found:
    """What the examples showed: constraints they break, keys no row documents."""

    broken: dict[tuple[str, str], tuple[set[str], Example, Any]] = field(default_factory=dict)
    unknown: dict[tuple[str, str], tuple[Example, Any]] = field(default_factory=dict)


def agree_with_examples(schemas: Iterable[Schema],
                        bodies: Iterable[tuple[TypeRef | None, Iterable[Example]]],
                        diagnostics: Diagnostics, operation: str = "") -> tuple[Schema, ...]:
    """The schemas, each field's constraints without the parts an example of its body
    contradicts (by ``bodies``: each body type with its examples), and with the keys
    the examples show that no row documents as inferred fields. ``operation`` names
    the operation in the notes ("POST /v1/...")."""
    by_key = {s.key: s for s in schemas}
    found = _Found()
    for body, examples in bodies:
        for example in examples:
            if body is not None and example.value is not None:
                _walk(body, example.value, by_key, example, found, depth=0)
    if not found.broken and not found.unknown:
        return tuple(by_key.values())
    broken, unknown = found.broken, found.unknown
    result = []
    for schema in by_key.values():
        fields = []
        for f in schema.fields:
            contradicted = broken.get((schema.key, f.name))
            if contradicted is not None:
                parts, witness, seen = contradicted
                diagnostics.warning(
                    "constraint-against-example",
                    f"field {f.name!r}: the {', '.join(sorted(parts))} its description gives "
                    f"({_said(f.constraints, parts)}) rejects {seen!r}, the value of the "
                    f"example at {witness.source.path}:{witness.source.line}; not emitted",
                    f.source)
                f = dataclasses.replace(f, constraints=_without(f.constraints, parts))
            fields.append(f)
        for (key, name), (example, value) in unknown.items():
            if key != schema.key:
                continue
            diagnostics.info(
                "undocumented-example-field",
                f"{operation + ': ' if operation else ''}the example shows {name!r} in "
                f"{schema.name!r}, which no row of its table "
                f"({schema.source.path}:{schema.source.line}) documents", example.source)
            fields.append(Field(name, _inferred_type(value), False, "", "", example.source,
                                inferred=True))
        result.append(dataclasses.replace(schema, fields=tuple(fields)))
    return tuple(result)


def without_inferred(api: Api) -> Api:
    """The API with no field the docs' tables do not document (the default build)."""
    def strip(schema: Schema) -> Schema:
        if not any(f.inferred for f in schema.fields):
            return schema
        return dataclasses.replace(schema, fields=tuple(f for f in schema.fields
                                                        if not f.inferred))
    operations = tuple(dataclasses.replace(op, schemas=tuple(strip(s) for s in op.schemas))
                       for op in api.operations)
    return dataclasses.replace(api, operations=operations,
                               structures=tuple(strip(s) for s in api.structures))


def _inferred_type(value: Any) -> TypeRef:
    """The type an example's value shows (an object's or an array's items left open)."""
    if isinstance(value, bool):
        return TypeRef(Kind.BOOLEAN)
    if isinstance(value, int):
        return TypeRef(Kind.INTEGER, "int64" if abs(value) > 2**31 - 1 else "int32")
    if isinstance(value, float):
        return TypeRef(Kind.NUMBER)
    if isinstance(value, str):
        return TypeRef(Kind.STRING)
    if isinstance(value, list):
        kinds = {_inferred_type(item) for item in value}
        return TypeRef(Kind.ARRAY, items=kinds.pop() if len(kinds) == 1 else TypeRef(Kind.ANY))
    if isinstance(value, dict):
        return TypeRef(Kind.OBJECT)
    return TypeRef(Kind.ANY)


_MAX_DEPTH = 32


def _walk(ref: TypeRef, value: Any, schemas: dict[str, Schema], example: Example,
          found: _Found, depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if ref.content is not None and (held := decoded(value)) is not None:
        _walk(ref.content, held, schemas, example, found, depth + 1)
    elif ref.kind is Kind.ARRAY and ref.items is not None and isinstance(value, list):
        for item in value:
            _walk(ref.items, item, schemas, example, found, depth + 1)
    elif ref.kind is Kind.MAP and ref.items is not None and isinstance(value, dict):
        for item in value.values():
            _walk(ref.items, item, schemas, example, found, depth + 1)
    elif ref.schema is not None and isinstance(value, dict) and ref.schema in schemas:
        schema = schemas[ref.schema]
        for f in schema.fields:
            if f.name in value and not f.placeholder:
                parts = _violated(f, value[f.name])
                if parts and (schema.key, f.name) not in found.broken:
                    found.broken[(schema.key, f.name)] = (parts, example, value[f.name])
                _walk(f.type, value[f.name], schemas, example, found, depth + 1)
        # a row standing for any key ("{key}", prose) documents every key of the object
        if not any(f.placeholder or f.names_any_key for f in schema.fields):
            named = {f.name for f in schema.fields}
            for name, item in value.items():
                if name not in named and isinstance(name, str):
                    found.unknown.setdefault((schema.key, name), (example, item))


def _violated(f: Field, value: Any) -> set[str]:
    """Which of a field's constraints a value of its example breaks."""
    c = f.constraints
    values = value if isinstance(value, list) and f.type.kind is Kind.ARRAY else [value]
    parts: set[str] = set()
    for v in values:
        if isinstance(v, str):
            if (c.max_length is not None and len(v) > c.max_length) or \
                    (c.min_length is not None and len(v) < c.min_length):
                parts.add("length")
            if c.pattern is not None and re.fullmatch(c.pattern, v) is None:
                parts.add("pattern")
        elif isinstance(v, int | float) and not isinstance(v, bool) and (
                (c.minimum is not None and v < c.minimum)
                or (c.maximum is not None and v > c.maximum)):
            parts.add("range")
    return parts


def _said(c: Constraints, parts: set[str]) -> str:
    said = []
    if "length" in parts:
        said.append(f"{c.min_length if c.min_length is not None else 0} to "
                    f"{c.max_length if c.max_length is not None else '∞'} characters")
    if "pattern" in parts:
        said.append(f"pattern {c.pattern}")
    if "range" in parts:
        said.append(f"{c.minimum:g} to {c.maximum:g}" if c.minimum is not None
                    and c.maximum is not None else "a range")
    return "; ".join(said)


def _without(c: Constraints, parts: set[str]) -> Constraints:
    if "length" in parts:
        c = dataclasses.replace(c, min_length=None, max_length=None)
    if "pattern" in parts:
        c = dataclasses.replace(c, pattern=None)
    if "range" in parts:
        c = dataclasses.replace(c, minimum=None, maximum=None)
    return c
