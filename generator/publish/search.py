"""The documents the site's search indexes: one per operation, action variant and
schema, with the words a reader may look for (title, name, path, description, the
names of every field, nested ones too).

The index itself is built in the browser by MiniSearch (``assets/minisearch.min.js``,
vendored) the first time the search box is used, from this compact JSON: one
tokenizer (``search.js``: words, camelCase parts, CJK bigrams) serves both the index
and the queries, and the file is about a third of MiniSearch's serialised index of
the same documents (README, *Search*).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from generator.publish.model import Body, Field, Operation, Site, walk

# an operation's description beyond this adds weight, not findability
_DESCRIPTION = 600


def documents(site: Site, base: str = "", service: int | None = None) -> list[dict[str, Any]]:
    """The search documents of ``site``; URLs relative to the search's root
    (``base`` + the page), ``service`` the site's place in a portal."""
    found: list[dict[str, Any]] = []
    for op in site.operations:
        found.append(_entry("o", op.summary, op.id, op.url, base, service, op.method,
                            op.path, op.description, _field_names(op)))
        for variant in op.variants:
            found.append(_entry("v", variant.summary, variant.id,
                                f"{op.url}#{variant.anchor}", base, service, op.method,
                                op.path, variant.description,
                                _names(walk(variant.body.fields) if variant.body else ())))
    for schema in site.schemas:
        found.append(_entry("s", "", schema.name, schema.url, base, service, "", "",
                            schema.description, _names(walk(schema.fields))))
    return found


def search_file(docs: Sequence[dict[str, Any]],
                services: Sequence[dict[str, str]] = ()) -> str:
    """``assets/search-index.js``: the documents as a script (it loads from
    ``file://``, where a fetch of JSON would not)."""
    data: dict[str, Any] = {"docs": list(docs)}
    if services:
        data["services"] = list(services)
    # "<" escaped: the data is loaded as a script
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.DOCS2OPENAPI_SEARCH = {text};\n"


def _entry(kind: str, title: str, name: str, url: str, base: str, service: int | None,
           method: str, path: str, description: str, fields: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"k": kind, "n": name, "u": base + url}
    for key, value in (("t", title), ("m", method), ("p", path),
                       ("d", _shorter(description)), ("f", fields)):
        if value:
            entry[key] = value
    if service is not None:
        entry["g"] = service
    return entry


def _field_names(op: Operation) -> str:
    bodies: list[Body] = [*op.request, *(b for r in op.responses for b in r.bodies)]
    fields: list[Field] = [f for group in op.parameters for f in walk(group.fields)]
    for body in bodies:
        fields.extend(walk(body.fields))
    for response in op.responses:
        fields.extend(walk(response.headers))
    return _names(fields)


def _names(fields: Iterable[Field]) -> str:
    """The fields' names, each once, in page order; union options have none."""
    return " ".join(dict.fromkeys(f.name for f in fields if not f.option and f.name))


def _shorter(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _DESCRIPTION:
        return text
    return text[:_DESCRIPTION].rsplit(" ", 1)[0] + " …"
