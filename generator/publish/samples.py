"""Request samples built from the document: a curl command per operation (or per
action variant), and a JSON body made from a schema where the docs give no example.

What lands in a command comes from the document, so it is untrusted: every word is
single-quoted for the shell (a quote inside becomes ``'\\''``), so pasting the sample
into a shell runs curl and nothing else.
"""

from __future__ import annotations

import re
from typing import Any

from generator.document import Json, resolved

_MAX_DEPTH = 6  # a sample body shows the shape, not every level of a deep tree
_VARIABLE = re.compile(r"\{([^{}]*)\}")


def server_url(document: Json) -> str:
    """The first server's URL with its variables at their defaults, or a placeholder."""
    servers = [s for s in document.get("servers") or []
               if isinstance(s, dict) and isinstance(s.get("url"), str)]
    if not servers:
        return "https://{host}"
    found = servers[0].get("variables")
    variables: dict[str, Any] = found if isinstance(found, dict) else {}

    def default(match: re.Match[str]) -> str:
        variable = variables.get(match.group(1))
        value = variable.get("default") if isinstance(variable, dict) else None
        return str(value) if value is not None else match.group(0)

    url = _VARIABLE.sub(default, str(servers[0]["url"])).rstrip("/")
    # a relative server ("/api") keeps a host for the reader to fill in
    return url if "://" in url else "https://{host}" + url


def quote(word: str) -> str:
    """``word`` as one shell word, whatever it holds."""
    return "'" + word.replace("'", "'\\''") + "'"


def curl_command(method: str, base_url: str, path: str, parameters: list[Json],
                 headers: list[tuple[str, str]], media_type: str, body: str) -> str:
    """A curl command for one request: path parameters stay ``{placeholders}``, the
    required query and header parameters get placeholders too, the body is sent as
    written."""
    query = "&".join(f"{p.get('name')}={{{p.get('name')}}}" for p in parameters
                     if p.get("in") == "query" and p.get("required"))
    lines = [f"curl -X {method} {quote(base_url + path + ('?' + query if query else ''))}"]
    for name, value in headers:
        lines.append(f"-H {quote(f'{name}: {value}')}")
    for parameter in parameters:
        if parameter.get("in") == "header" and parameter.get("required"):
            name = str(parameter.get("name"))
            lines.append(f"-H {quote(f'{name}: {{{name}}}')}")
    if body:
        lines.append(f"-H {quote(f'Content-Type: {media_type}')}")
        lines.append(f"-d {quote(body)}")
    return " \\\n  ".join(lines)


def sample_of(document: Json, schema: Any, depth: int = 0, seen: tuple[str, ...] = ()) -> Any:
    """A value of ``schema``'s shape: its example or default, its first documented
    value, else a placeholder of its type; every property of an object."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str):
        if ref in seen or depth > _MAX_DEPTH:
            return {}
        seen = (*seen, ref)
    target = resolved(document, schema)
    if not isinstance(target, dict):
        return None
    for key in ("example", "default"):
        if key in target:
            return target[key]
    for key in ("x-extensible-enum", "enum"):
        values = target.get(key)
        if isinstance(values, list) and values:
            return values[0]
    for key in ("oneOf", "anyOf", "allOf"):
        options = target.get(key)
        if isinstance(options, list) and options:
            if key != "allOf":
                return sample_of(document, options[0], depth + 1, seen)
            merged: dict[str, Any] = {}
            for option in options:
                part = sample_of(document, option, depth + 1, seen)
                if isinstance(part, dict):
                    merged.update(part)
            return merged
    kind = target.get("type")
    if kind == "array":
        return [] if depth > _MAX_DEPTH else [sample_of(document, target.get("items"),
                                                        depth + 1, seen)]
    if kind == "object" or "properties" in target or "additionalProperties" in target:
        if depth > _MAX_DEPTH:
            return {}
        properties = target.get("properties")
        if isinstance(properties, dict) and properties:
            return {str(k): sample_of(document, v, depth + 1, seen)
                    for k, v in properties.items()}
        extra = target.get("additionalProperties")
        return {"key": sample_of(document, extra, depth + 1, seen)} \
            if isinstance(extra, dict) else {}
    return {"integer": 0, "number": 0, "boolean": True, "string": "string"}.get(str(kind))
