"""Model (component) names: a docs name as an identifier every generator can use.

A name is PascalCase letters and digits. A name that a generated client's language
already means something by (TypeScript's ``Array``, ``Record``, ``Error``; Python's
``List``, ``Field``) would shadow it in generated code (openapi-generator's
typescript-fetch: TS2314 on a model named ``Array``), so it gets ``Model`` after it.
"""

from __future__ import annotations

import functools
import re

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
