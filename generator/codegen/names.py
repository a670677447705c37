"""Names from the docs made safe for Python source: identifiers and literals.

Docs are untrusted: a name reaches generated code only through these functions,
never pasted into a template as code.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
# keywords, builtins (an argument named `type` would shadow one) and the names the
# generated methods use for themselves
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(
    n for n in dir(builtins) if not n.startswith("_")) | {
    "self", "cls", "body", "client", "response", "request", "params", "headers", "path",
    "page", "page_size", "items", "offset_", "models", "httpx",
}


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(folded)


def snake_case(text: str, *, fallback: str = "value") -> str:
    """``ExportTask`` → ``export_task``; never a keyword, never empty, never a digit first."""
    words = [w.lower() for w in _ascii_words(text)]
    name = "_".join(words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in _RESERVED or name.startswith("__"):
        name += "_"
    return name


def pascal_case(text: str, *, fallback: str = "Value") -> str:
    words = _ascii_words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or fallback
    if name[0].isdigit():
        name = fallback + name
    return name


def constant_case(text: str, *, fallback: str = "VALUE") -> str:
    return snake_case(text, fallback=fallback.lower()).rstrip("_").upper()


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name_2``, ``name_3``... whichever is not in ``taken``; records it."""
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    taken.add(candidate)
    return candidate


def docstring(text: str) -> str:
    """Text safe inside a triple-quoted docstring: no closing quotes, no escapes, no
    control characters; one line per paragraph line."""
    cleaned = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    cleaned = cleaned.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    # a quote right before the closing quotes would end the string early
    return cleaned + " " if cleaned.endswith('"') else cleaned
