"""Model (component) names: a docs name as an identifier every generator can use.

A model is one thing: a table the docs name after a list field ("alarms") describes
one alarm, so a model that is only ever an array's item is named in the singular
(``Alarm``), unless another model of another structure has that name. A name is
PascalCase letters and digits. A name that a generated client's language
already means something by (TypeScript's ``Array``, ``Record``, ``Error``; Python's
``List``, ``Field``) would shadow it in generated code (openapi-generator's
typescript-fetch: TS2314 on a model named ``Array``), so it gets ``Model`` after it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from generator.ir import Kind, Operation, TypeRef
from generator.names.words import is_plural, pascal, singular, split_words

_NOT_NAME = re.compile(r"[^A-Za-z0-9]+")

# type names the languages clients are generated in reserve (TypeScript's globals and
# utility types, Python's typing and pydantic names)
RESERVED = frozenset({
    "Array", "Object", "String", "Number", "Boolean", "BigInt", "Symbol", "Function", "Map",
    "Set", "Date", "Error", "Promise", "RegExp", "Math", "JSON", "Record", "Partial",
    "Required", "Readonly", "Pick", "Omit", "Exclude", "Extract", "Blob", "File",
    "List", "Dict", "Any", "Optional", "Union", "Literal", "Field", "BaseModel", "RootModel",
    "Enum",
})


@functools.cache  # asked for each schema of each emission; names repeat
def component_name(name: str) -> str:
    """A docs name as a component name: PascalCase words, letters and digits only,
    never a name the generated code's language reserves."""
    words = [w for w in _NOT_NAME.split(name) if w]
    joined = "".join(w[:1].upper() + w[1:] for w in words)
    if not joined or not joined[0].isalpha():
        joined = "Schema" + joined
    return joined + "Model" if joined in RESERVED else joined


def item_names(operations: Sequence[Operation]) -> dict[str, str]:
    """Schema key → the name of one of its items, for each schema that is only ever
    the item of an array and that the docs name in the plural (``alarms`` → ``Alarm``);
    the emitter uses it unless another object of another structure has that name."""
    as_item: set[str] = set()
    direct: set[str] = set()

    def visit(ref: TypeRef | None, item: bool) -> None:
        while ref is not None:
            if ref.kind is Kind.ARRAY:
                ref, item = ref.items, True
                continue
            if ref.kind is Kind.MAP:
                ref, item = ref.items, False
                continue
            for key in (ref.schema, *ref.variants):
                if key is not None:
                    (as_item if item else direct).add(key)
            ref, item = ref.content, False

    names: dict[str, str] = {}
    for op in operations:
        for ref in _roots(op):
            visit(ref, False)
        for schema in op.schemas:
            names.setdefault(schema.key, "" if schema.body else schema.name)
            for field in schema.fields:
                visit(field.type, False)
    renamed = {}
    for key in as_item - direct:
        words = split_words(names.get(key, ""))
        if words and is_plural(words[-1]):
            renamed[key] = pascal([*words[:-1], singular(words[-1])])
    return renamed


def _roots(op: Operation) -> Iterable[TypeRef | None]:
    yield op.request_body
    for parameter in op.parameters:
        yield parameter.type
    for response in op.responses:
        yield response.body
        for header in response.headers:
            yield header.type
