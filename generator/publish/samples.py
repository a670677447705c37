"""Request samples built from the document: a curl command per operation (or per
action variant), and a JSON body made from a schema where the docs give no example.

What lands in a command comes from the document, so it is untrusted: every word is
single-quoted for the shell (a quote inside becomes ``'\\''``), or double-quoted only
where it holds nothing a shell expands but the sample's own ``$VARIABLES``, so pasting
the sample into a shell runs curl and nothing else.
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


# variables a shell or the user's environment already gives a meaning: never assigned
_RESERVED = frozenset({
    "PATH", "HOME", "USER", "SHELL", "PWD", "OLDPWD", "IFS", "PS1", "PS2", "PS3", "PS4",
    "LANG", "TERM", "HOST", "HOSTNAME", "HOSTTYPE", "UID", "EUID", "PPID", "RANDOM",
    "SECONDS", "LINENO", "OPTARG", "OPTIND", "MAIL", "CDPATH", "ENV", "HISTFILE", "TMPDIR",
    "DISPLAY", "EDITOR", "LOGNAME", "PROMPT", "TZ", "GROUPS", "FUNCNAME", "REPLY",
})
# literal text a double-quoted shell word keeps as it is (no $, `, \, ", or ! of history)
_PLAIN = re.compile(r"[^$`\\\"!]*")


class _Variables:
    """Shell variables a sample declares: one per placeholder, named after it."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}  # NAME → the value assigned
        self._by_key: dict[tuple[str, str], str] = {}

    def name(self, kind: str, placeholder: str, value: str) -> str:
        key = (kind, placeholder)
        if key in self._by_key:
            return self._by_key[key]
        base = re.sub(r"[^A-Z0-9_]+", "_", placeholder.upper()).strip("_") or "VALUE"
        if base[0].isdigit() or base in _RESERVED or base.startswith("BASH"):
            base += "_VALUE"
        name, n = base, 1
        while name in self.values:
            n += 1
            name = f"{base}_{n}"
        self.values[name] = value
        self._by_key[key] = name
        return name

    def lines(self) -> list[str]:
        return [f"{name}={quote(value)}" for name, value in self.values.items()]


def _word(parts: list[tuple[str, str]]) -> str:
    """One shell word of literal text and variables (("text", "/v1/"), ("var",
    "PROJECT_ID")): double-quoted where the text allows, else quoted piece by piece."""
    if all(kind == "var" or _PLAIN.fullmatch(text) for kind, text in parts):
        out = []
        for index, (kind, text) in enumerate(parts):
            if kind == "text":
                out.append(text)
                continue
            after = parts[index + 1][1][:1] if index + 1 < len(parts) else ""
            out.append(f"${{{text}}}" if re.match(r"[A-Za-z0-9_]", after) else f"${text}")
        return '"' + "".join(out) + '"'
    return "".join(f'"${text}"' if kind == "var" else quote(text)
                   for kind, text in parts if text)


def _template(text: str, variables: _Variables, kind: str,
              values: dict[str, str]) -> list[tuple[str, str]]:
    """A URL or header template's ``{name}`` placeholders as variables."""
    parts: list[tuple[str, str]] = []
    at = 0
    for match in _VARIABLE.finditer(text):
        parts.append(("text", text[at:match.start()]))
        name = match.group(1)
        parts.append(("var", variables.name(kind, name, values.get(name, f"<{name}>"))))
        at = match.end()
    parts.append(("text", text[at:]))
    return [part for part in parts if part[1]]


def _example_value(parameter: Json) -> str:
    """A parameter's documented example or default, where it is a plain value."""
    schema = parameter.get("schema") if isinstance(parameter.get("schema"), dict) else {}
    assert isinstance(schema, dict)
    for value in (parameter.get("example"), schema.get("example"), schema.get("default")):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) \
                and str(value):
            return str(value)
    return ""


def curl_command(method: str, base_url: str, path: str, parameters: list[Json],
                 headers: list[tuple[str, str]], media_type: str, body: str) -> str:
    """A curl command for one request, safe to paste: each placeholder (a path
    parameter, a required query or header parameter, the token, a server variable)
    is a shell variable declared above the command and used as ``"$NAME"``; ``-g``
    where the URL holds brackets, which curl would otherwise read as a glob; the body
    is sent as written."""
    variables = _Variables()
    examples = {str(p.get("name")): _example_value(p) for p in parameters
                if p.get("in") == "path" and _example_value(p)}
    url = _template(base_url, variables, "server", {})
    url += _template(path, variables, "path", examples)
    query = [p for p in parameters if p.get("in") == "query" and p.get("required")]
    for index, parameter in enumerate(query):
        name = str(parameter.get("name"))
        url.append(("text", ("?" if index == 0 else "&") + name + "="))
        url.append(("var", variables.name("query", name, _example_value(parameter)
                                          or f"<{name}>")))
    lines = [f"curl -X {method}" + (" -g" if any(
        kind == "text" and re.search(r"[\[\]{}]", text) for kind, text in url) else "")
        + " " + _word(url)]
    for name, value in headers:
        scheme, _, token = value.rpartition(" ")
        variable = variables.name("auth", "token", token)
        lines.append("-H " + _word([("text", f"{name}: {scheme + ' ' if scheme else ''}"),
                                    ("var", variable)]))
    for parameter in parameters:
        if parameter.get("in") == "header" and parameter.get("required"):
            name = str(parameter.get("name"))
            variable = variables.name("header", name, _example_value(parameter)
                                      or f"<{name}>")
            lines.append("-H " + _word([("text", f"{name}: "), ("var", variable)]))
    if body:
        lines.append(f"-H {quote(f'Content-Type: {media_type}')}")
        lines.append(f"-d {quote(body)}")
    return "\n".join([*variables.lines(), " \\\n  ".join(lines)])


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
