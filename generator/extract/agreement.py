"""A constraint mined from prose must agree with the docs' own examples.

Prose is read a sentence at a time, and a sentence can still speak of something else
than the value it stands beside ("The file name contains only letters and digits"
under a ``path`` whose example is ``/etc/foo.txt``). Where an example of the same page
gives the field a value that the mined length, range or pattern rejects, the example
is the better witness: the constraint is not emitted, and a warning names the row and
the example.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from generator.diagnostics import Diagnostics
from generator.ir import Constraints, Example, Field, Kind, Schema, TypeRef


def agree_with_examples(schemas: Iterable[Schema],
                        bodies: Iterable[tuple[TypeRef | None, Iterable[Example]]],
                        diagnostics: Diagnostics) -> tuple[Schema, ...]:
    """The schemas, each field's constraints without the parts an example of its body
    contradicts (by ``bodies``: each body type with its examples)."""
    by_key = {s.key: s for s in schemas}
    broken: dict[tuple[str, str], tuple[set[str], Example, Any]] = {}
    for body, examples in bodies:
        for example in examples:
            if body is not None and example.value is not None:
                _walk(body, example.value, by_key, example, broken, depth=0)
    if not broken:
        return tuple(by_key.values())
    result = []
    for schema in by_key.values():
        fields = []
        for f in schema.fields:
            found = broken.get((schema.key, f.name))
            if found is not None:
                parts, example, value = found
                diagnostics.warning(
                    "constraint-against-example",
                    f"field {f.name!r}: the {', '.join(sorted(parts))} its description gives "
                    f"({_said(f.constraints, parts)}) rejects {value!r}, the value of the "
                    f"example at {example.source.path}:{example.source.line}; not emitted",
                    f.source)
                f = dataclasses.replace(f, constraints=_without(f.constraints, parts))
            fields.append(f)
        result.append(dataclasses.replace(schema, fields=tuple(fields)))
    return tuple(result)


_MAX_DEPTH = 32


def _walk(ref: TypeRef, value: Any, schemas: dict[str, Schema], example: Example,
          broken: dict[tuple[str, str], tuple[set[str], Example, Any]], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if ref.kind is Kind.ARRAY and ref.items is not None and isinstance(value, list):
        for item in value:
            _walk(ref.items, item, schemas, example, broken, depth + 1)
    elif ref.kind is Kind.MAP and ref.items is not None and isinstance(value, dict):
        for item in value.values():
            _walk(ref.items, item, schemas, example, broken, depth + 1)
    elif ref.schema is not None and isinstance(value, dict) and ref.schema in schemas:
        schema = schemas[ref.schema]
        for f in schema.fields:
            if f.name in value and not f.placeholder:
                parts = _violated(f, value[f.name])
                if parts and (schema.key, f.name) not in broken:
                    broken[(schema.key, f.name)] = (parts, example, value[f.name])
                _walk(f.type, value[f.name], schemas, example, broken, depth + 1)


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
