"""Checks on an emitted document: the OpenAPI schema, and the docs' examples.

Works on any OpenAPI 3.0 document; the ``x-source`` of an example, when there
is one, names the doc line a mismatch is reported on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.diagnostics import Diagnostics, Source
from generator.document import ref_target


def spec_errors(document: dict[str, Any]) -> list[str]:
    """What openapi-spec-validator finds wrong with the document (empty: valid).

    The validator checks the document against the OpenAPI JSON Schema with jsonschema-rs
    when it is installed (its own fast backend: 0.1 s instead of 1.5 s for a whole
    reference), then runs its OpenAPI rules. jsonschema-rs words an error over several
    lines, so an invalid document is checked again with jsonschema for the message."""
    # imported here: 0.3 s that a build served from the cache does without
    from openapi_spec_validator import OpenAPIV30SpecValidator

    found = list(OpenAPIV30SpecValidator(document).iter_errors())
    if found:
        found = list(_readable_validator()(document).iter_errors()) or found
    errors = []
    for error in found:
        where = "/".join(str(p) for p in error.absolute_path)
        message = error.message.split("\n\n")[0]
        errors.append(f"{where or '(root)'}: {message}")
    return sorted(errors)


@cache
def _readable_validator() -> Any:
    """openapi-spec-validator with jsonschema (not jsonschema-rs) for the schema pass."""
    from jsonschema.validators import validator_for
    from openapi_spec_validator import OpenAPIV30SpecValidator
    from openapi_spec_validator.schemas import schema_v30

    schema = dict(schema_v30)
    return type("ReadableOpenAPIV30SpecValidator", (OpenAPIV30SpecValidator,),
                {"schema_validator": validator_for(schema)(schema)})


def spec_errors_since(document: dict[str, Any],
                      known_valid: Callable[[Iterable[str]], set[str]],
                      jobs: int = 1) -> tuple[list[str], list[str]]:
    """:func:`spec_errors`, skipping what an earlier run found valid.

    OpenAPI validity is local to each path item and each schema, but for ``$ref``
    targets and unique operationIds. So the document is cut into fragments (the
    skeleton, each path item, each component schema) hashed by content; ``known_valid``
    says which hashes passed before. Only new path items and schemas are validated, in
    a document with the skeleton and the schemas they refer to; refs and operationIds
    are checked across the whole. When most fragments are new the whole document is
    validated, or with ``jobs`` > 1 the new fragments are shared out among that many
    worker processes. Returns the errors and, when there are none, the hashes now
    known valid.
    """
    fragments = _fragments(document)
    valid_before = known_valid(fragments)
    new = {h: where for h, where in fragments.items() if h not in valid_before}
    if not new:
        errors = _cross_fragment_errors(document)
    elif jobs > 1 and len(new) > 8 * jobs:
        errors = _errors_in_parallel(document, sorted(new.values()), jobs) \
            + _cross_fragment_errors(document)
    elif ("skeleton", "") in new.values() or 2 * len(new) > len(fragments):
        errors = spec_errors(document)
    else:
        errors = spec_errors(_part(document, set(new.values()))) \
            + _cross_fragment_errors(document)
    return errors, ([] if errors else sorted(fragments))


# the document the forked validation workers share (set just before they are forked)
_SHARED: dict[str, Any] = {}


def _errors_in_parallel(document: dict[str, Any], new: list[tuple[str, str]],
                        jobs: int) -> list[str]:
    """:func:`spec_errors` of the new fragments, shared out among ``jobs`` forked
    workers; each validates the skeleton, its fragments and the schemas they refer to.
    An error in a part two workers both validate (the skeleton, a shared schema) is
    reported once."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return spec_errors(document)
    groups = _groups(document, new, jobs)
    _SHARED["document"] = document  # forked workers see it without a copy through a pipe
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            found = pool.map(_group_errors, groups)
            return sorted({error for errors in found for error in errors})
    finally:
        _SHARED.clear()


def _groups(document: dict[str, Any], new: list[tuple[str, str]],
            jobs: int) -> list[list[tuple[str, str]]]:
    """``new`` in ``jobs`` groups that share few schemas: path items in slices of the
    sorted paths (one area of the API refers to its own schemas), each slice with the
    new schemas it refers to; schemas no slice refers to go to the smallest group."""
    paths = [f for f in new if f[0] == "path"]
    size = -(-len(paths) // jobs) or 1
    groups = [paths[i:i + size] for i in range(0, len(paths), size)] or [[]]
    new_schemas = {name for kind, name in new if kind == "schema"}
    taken: set[str] = set()
    for group in groups:
        closure = _part(document, set(group))["components"]["schemas"]
        mine = sorted(name for name in closure if name in new_schemas and name not in taken)
        taken.update(mine)
        group.extend(("schema", name) for name in mine)
    for fragment in new:
        if fragment[0] != "path" and fragment[1] not in taken:
            min(groups, key=len).append(fragment)
    return [group for group in groups if group]


def _group_errors(group: list[tuple[str, str]]) -> list[str]:
    return spec_errors(_part(_SHARED["document"], set(group)))


def _fragments(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Content hash → (kind, name) of each part validation can treat on its own."""
    components = document.get("components") or {}
    skeleton = {**document, "paths": {},
                "components": {k: v for k, v in components.items() if k != "schemas"}}
    parts: list[tuple[str, str, Any]] = [("skeleton", "", skeleton)]
    parts += [("path", name, item) for name, item in (document.get("paths") or {}).items()]
    parts += [("schema", name, schema)
              for name, schema in (components.get("schemas") or {}).items()]
    return {hashlib.sha256(json.dumps([kind, name, value], sort_keys=True, default=str)
                           .encode()).hexdigest(): (kind, name)
            for kind, name, value in parts}


def _part(document: dict[str, Any], new: set[tuple[str, str]]) -> dict[str, Any]:
    """The document with only the new path items, and the new schemas with every schema
    they refer to, directly or not."""
    components = document.get("components") or {}
    schemas = components.get("schemas") or {}
    paths = {p: item for p, item in (document.get("paths") or {}).items() if ("path", p) in new}
    wanted = [name for kind, name in new if kind == "schema"]
    wanted += [ref for item in paths.values() for ref in _schema_refs(item)]
    kept: dict[str, Any] = {}
    while wanted:
        name = wanted.pop()
        if name in kept or name not in schemas:
            continue
        kept[name] = schemas[name]
        wanted.extend(_schema_refs(schemas[name]))
    return {**document, "paths": paths, "components": {**components, "schemas": kept}}


_SCHEMA_REF = "#/components/schemas/"


def _schema_refs(node: Any) -> Iterator[str]:
    for ref in _refs(node):
        if ref.startswith(_SCHEMA_REF):
            yield ref[len(_SCHEMA_REF):]


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _cross_fragment_errors(document: dict[str, Any]) -> list[str]:
    """What no fragment can see alone: refs to nothing, operationIds used twice."""
    errors = []
    for ref in sorted(set(_refs(document))):
        if ref_target(document, ref) is None:
            errors.append(f"(ref): {ref!r} refers to nothing in the document")
    seen: dict[str, str] = {}
    for path, item in (document.get("paths") or {}).items():
        for operation in item.values() if isinstance(item, dict) else ():
            operation_id = operation.get("operationId") if isinstance(operation, dict) else None
            if isinstance(operation_id, str):
                if operation_id in seen:
                    errors.append(f"paths/{path}: operationId {operation_id!r} is not unique "
                                  f"(also in {seen[operation_id]})")
                seen.setdefault(operation_id, path)
    return errors


@dataclass(frozen=True)
class ExampleError:
    """One way an example contradicts its schema, and the table row that says otherwise."""

    message: str
    kind: str  # the JSON-schema keyword that failed: type, enum, required, ...
    row: Source | None


@dataclass(frozen=True)
class ExampleCheck:
    """One doc example checked against the schema it illustrates."""

    operation_id: str
    where: str  # "request" or the status code
    source: Source | None
    problems: tuple[ExampleError, ...]

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)


def check_examples(document: dict[str, Any]) -> list[ExampleCheck]:
    """Validate every example that sits next to a schema in the document."""
    from openapi_schema_validator import OAS30Validator

    components = document.get("components", {})
    schemas = components.get("schemas") or {}
    checks = []
    for operation_id, where, media in _media(document):
        schema = media.get("schema")
        if schema is None:
            continue
        validator = OAS30Validator({**schema, "components": components})
        for example in (media.get("examples") or {}).values():
            if "value" not in example:
                continue
            problems = sorted(
                (ExampleError(
                    f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: {e.message}"[:300],
                    str(e.validator), _row(schema, list(e.absolute_path), schemas))
                 for e in validator.iter_errors(example["value"])),
                key=lambda p: p.message)
            checks.append(ExampleCheck(operation_id, where, _source(example), tuple(problems)))
    return checks


def report_examples(checks: list[ExampleCheck], diagnostics: Diagnostics) -> None:
    """One diagnostic per failing example, at the example's line, naming the table row.
    A value outside a documented option list is its own code: the docs' examples use
    values their tables do not list."""
    for check in checks:
        if check.valid or check.source is None:
            continue
        first = check.problems[0]
        code = "example-undocumented-value" if all(
            p.kind == "enum" for p in check.problems) else "example-mismatch"
        more = f" (and {len(check.problems) - 1} more)" if len(check.problems) > 1 else ""
        row = f"; the table row is {first.row}" if first.row else ""
        diagnostics.warning(code, f"{check.operation_id} {check.where} example does not match "
                                  f"its schema: {first.message}{row}{more}", check.source)


def _row(schema: Any, path: list[Any], schemas: dict[str, Any]) -> Source | None:
    """The x-source of the deepest property on ``path`` (the table row behind a value)."""
    found = _source(schema) if isinstance(schema, dict) else None
    node = schema
    for step in path:
        node = _resolve(node, schemas)
        if isinstance(step, int):
            node = node.get("items") if isinstance(node, dict) else None
        elif isinstance(node, dict):
            properties = node.get("properties") or {}
            node = properties.get(step, node.get("additionalProperties"))
        if not isinstance(node, dict):
            break
        found = _source(node) or found
    return found


def _resolve(node: Any, schemas: dict[str, Any]) -> Any:
    for _ in range(32):  # a $ref chain is short; a cycle must not hang
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            node = schemas.get(str(node["$ref"]).rsplit("/", 1)[-1])
        elif isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
            node = node["allOf"][0]
        else:
            return node
    return node


def _media(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for item in (document.get("paths") or {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            operation_id = operation.get("operationId", "?")
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                yield operation_id, "request", media
            for status, response in operation["responses"].items():
                for media in response.get("content", {}).values():
                    yield operation_id, str(status), media


def _source(node: dict[str, Any]) -> Source | None:
    source = node.get("x-source")
    if isinstance(source, dict) and "file" in source:
        return Source(str(source["file"]), int(source.get("line", 1)))
    return None
