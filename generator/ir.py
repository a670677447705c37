"""The intermediate representation: the one contract between reading and emitting.

Frozen dataclasses that say what the docs say about an API, in API terms and no
syntax: operations, parameters, schemas and their fields, responses, examples.
Every element carries the :class:`~generator.diagnostics.Source` line it came from.
Nothing here knows about OpenAPI; the emitter maps it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Source


class Kind(enum.StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    OBJECT = "object"
    ARRAY = "array"
    MAP = "map"
    ANY = "any"


# the format of an ANY the docs type as "null": a value that is always null
NULL_FORMAT = "null"


@dataclass(frozen=True)
class TypeRef:
    """A field's type. ``items`` is the element type of an ARRAY or the value type
    of a MAP; ``schema`` names the :class:`Schema` (by key) an OBJECT is bound to, or
    ``variants`` the schemas it may be one of; an OBJECT without either is free-form.
    ``content`` is the type of the JSON text a STRING holds, where the docs describe
    that text with a table (a field typed String whose examples are JSON text)."""

    kind: Kind
    format: str | None = None
    items: TypeRef | None = None
    schema: str | None = None
    # an object that takes one of several shapes: the schemas (by key) it may be
    variants: tuple[str, ...] = ()
    content: TypeRef | None = None

    def object_leaf(self) -> TypeRef | None:
        """The innermost OBJECT (or untyped ANY) of arrays and maps, the part a
        link to a sub-table describes (``Array of X objects`` → X)."""
        current: TypeRef | None = self
        while current is not None and current.kind in (Kind.ARRAY, Kind.MAP):
            current = current.items
        if current is not None and current.kind in (Kind.OBJECT, Kind.ANY):
            return current
        return None

    def linkable(self) -> bool:
        """Whether a linked table can describe this type: an object (or untyped value),
        or a map of scalars, whose keys the table lists."""
        current: TypeRef | None = self
        while current is not None and current.kind is Kind.ARRAY:
            current = current.items
        return current is not None and (current.object_leaf() is not None
                                        or current.kind is Kind.MAP)

    def bind(self, *schema_keys: str) -> TypeRef:
        """This type with its innermost OBJECT or ANY bound to the schema of
        ``schema_keys`` (to one of them, when there are several); a map of scalars
        becomes that object (the table lists its keys)."""
        if self.kind is Kind.ARRAY and self.items is not None:
            return TypeRef(self.kind, self.format, self.items.bind(*schema_keys), self.schema)
        if self.kind is Kind.MAP and self.items is not None \
                and self.items.object_leaf() is not None:
            return TypeRef(self.kind, self.format, self.items.bind(*schema_keys), self.schema)
        if len(schema_keys) == 1:
            return TypeRef(Kind.OBJECT, None, None, schema_keys[0])
        return TypeRef(Kind.OBJECT, variants=tuple(schema_keys))


@dataclass(frozen=True)
class EnumValue:
    """One documented value of a field (``**VOC**: VOC format``), typed by the field."""

    value: str | int | float | bool
    description: str


@dataclass(frozen=True)
class Constraints:
    """What a description says of a field's values beyond its type."""

    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    default: str | int | float | bool | None = None
    pattern: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.minimum, self.maximum, self.min_length,
                                            self.max_length, self.default, self.pattern))


@dataclass(frozen=True)
class Field:
    """A property of a schema, one row of a parameter table. ``enum`` applies to the
    field's primitive leaf (the items of an array of strings)."""

    name: str
    type: TypeRef
    required: bool
    description: str
    type_text: str
    source: Source
    enum: tuple[EnumValue, ...] = ()
    constraints: Constraints = Constraints()
    # the name stands for keys the caller chooses ("{Customized_key}", "自定义key"):
    # the row describes the values of any other key of its object
    placeholder: bool = False
    # no table documents it: an example of the docs shows it (``source`` is that line)
    inferred: bool = False

    @property
    def names_any_key(self) -> bool:
        """Whether the name is prose, not a key ("User-defined field key and value
        pair", "云服务器所在网络名称", "Array elements"): the row stands for any key."""
        return bool(_PROSE_NAME.search(self.name.strip()))


# words with spaces between them, or CJK text
_PROSE_NAME = re.compile(r"\S\s+\S|[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class Schema:
    """An object type described by one table. ``key`` is unique in a build
    (``path#anchor``); ``name`` is what the docs call it. ``body`` says which body of
    its operation the schema is when it is one (``RequestBody``, ``Response``,
    ``Response404``): the naming pass names it after the operation; ``one`` is the
    name of one item where only lists hold it."""

    key: str
    name: str
    fields: tuple[Field, ...]
    source: Source
    body: str = ""
    # the name of one item, where only lists hold the object and the docs name the
    # list ("attachments" → "Attachment"): used unless another object has that name
    one: str = ""


class Location(enum.StrEnum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: Location
    type: TypeRef
    required: bool
    description: str
    source: Source
    enum: tuple[EnumValue, ...] = ()
    constraints: Constraints = Constraints()


@dataclass(frozen=True)
class Example:
    """An example body from the docs. ``value`` is the parsed JSON, or None when the
    text does not parse; ``request_line`` is an HTTP request line split from it."""

    text: str
    value: Any
    summary: str
    source: Source
    request_line: str | None = None

    @property
    def parsed(self) -> bool:
        return self.value is not None or self.text.strip() == "null"


@dataclass(frozen=True)
class Response:
    """What one status code answers; ``status`` is a code or ``default`` (the docs'
    "Abnormal response" without a code)."""

    status: str
    description: str
    body: TypeRef | None
    examples: tuple[Example, ...]
    source: Source
    headers: tuple[Parameter, ...] = ()


@dataclass(frozen=True)
class Operation:
    """One request line of an API page. ``operation_id`` is the page's id until the
    naming pass (:mod:`generator.names`) gives it a name; ``page_id`` keeps the page's
    id, ``vendor_name`` the vendor's own name for it where the page gives one (an API
    Explorer link, a page label that is a name), ``version`` the request line's."""

    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    tag: str
    parameters: tuple[Parameter, ...]
    request_body: TypeRef | None
    request_examples: tuple[Example, ...]
    responses: tuple[Response, ...]
    schemas: tuple[Schema, ...]
    source: Source
    deprecated: bool = False
    page_id: str = ""
    vendor_name: str = ""
    version: str = ""


@dataclass(frozen=True)
class Group:
    """A group of operations as the docs' tables of contents make it ("Disk
    Management" under "APIs (Recommended)"). ``name`` is unique in the docs set;
    ``title`` is what the docs call it; ``parent`` names the enclosing group."""

    name: str
    title: str
    description: str
    parent: str
    source: Source


@dataclass(frozen=True)
class Api:
    """A whole docs set: what one spec document is made from. ``groups`` are in the
    docs' order; each operation's ``tag`` names one of them."""

    title: str
    version: str
    operations: tuple[Operation, ...]
    # the data structures pages define that no operation uses (an appendix of objects)
    structures: tuple[Schema, ...] = ()
    groups: tuple[Group, ...] = ()

    def schemas(self) -> dict[str, Schema]:
        found = {s.key: s for op in self.operations for s in op.schemas}
        for schema in self.structures:
            found.setdefault(schema.key, schema)
        return found
