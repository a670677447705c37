"""What a page's examples show of its fields, as witnesses against the prose.

* JSON held in a string: the fields whose values the examples give as JSON text
  (``"model_metric_list": "{\\"metric\\": [...]}"``). A table that describes such a
  field's value ("Table 7 model_metric_list parameters", linked from a row typed String)
  documents the object inside the text, not a value list; a string whose examples are
  not JSON (a cron expression whose parts a table explains) is never taken for one.
* Objects where the type cell says scalars: the values the examples give each key, so
  that a row typed "Array of strings" whose examples hold objects with the keys of a
  table named after it is read as those objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from generator.page import CodeBlock

_MAX_DEPTH = 32
# "key": "string", the string's escapes kept for json.loads; a string broken over lines
# (a policy laid out for reading) keeps its line breaks, whitespace to JSON
_KEY_STRING = re.compile(r'"([^"\\\n]+)"\s*:\s*("(?:[^"\\]|\\.)*")')


def json_texts(blocks: Iterable[CodeBlock]) -> dict[str, list[Any]]:
    """Field name → the JSON values (objects or arrays) that the examples give that
    field as text. Read key by key, not as a whole body: an example that is not JSON
    elsewhere (``"engine_type": ,``) still shows each string it holds."""
    found: dict[str, list[Any]] = {}
    for block in blocks:
        if '\\"' not in block.text:
            continue
        for match in _KEY_STRING.finditer(block.text):
            try:
                text = json.loads(match.group(2), strict=False)
            except ValueError:
                continue
            held = decoded(text)
            if held is not None:
                found.setdefault(match.group(1), []).append(held)
                _collect(held, found, 0)
    return found


def _collect(value: Any, found: dict[str, list[Any]], depth: int) -> None:
    """JSON text inside JSON text."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            _collect(item, found, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            held = decoded(item)
            if held is not None:
                found.setdefault(key, []).append(held)
            _collect(held if held is not None else item, found, depth + 1)


def example_values(blocks: Iterable[CodeBlock]) -> dict[str, list[Any]]:
    """Field name → the values the examples that parse as JSON give that key."""
    found: dict[str, list[Any]] = {}
    for block in blocks:
        value = _first_json(block.text)
        if value is not None:
            _values(value, found, 0)
    return found


def _first_json(text: str) -> Any:
    """The JSON value a code block holds after its request line and headers, or None."""
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text[min(starts):])
    except ValueError:
        return None
    return value


def _values(value: Any, found: dict[str, list[Any]], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    items = value.items() if isinstance(value, dict) else (
        (None, item) for item in value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str):
            found.setdefault(key, []).append(item)
        _values(item, found, depth + 1)


def decoded(value: Any) -> Any:
    """The object or array a string holds as JSON text, else None."""
    if not isinstance(value, str) or not value.lstrip().startswith(("{", "[")):
        return None
    try:
        held = json.loads(value, strict=False)
    except ValueError:
        return None
    return held if isinstance(held, dict | list) else None


def keys_of(values: list[Any]) -> set[str]:
    """The keys the values show: an object's, or those of an array's objects."""
    keys: set[str] = set()
    for value in values:
        items = value if isinstance(value, list) else [value]
        keys.update(k for item in items if isinstance(item, dict) for k in item)
    return keys
