"""Checks on an emitted document: the OpenAPI schema, and the docs' examples.

Works on any OpenAPI 3.0 document; the ``x-source`` of an example, when there
is one, names the doc line a mismatch is reported on.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.diagnostics import Diagnostics, Source
from generator.document import ref_target
from generator.memo import IdentityMemo

# the keys of an OpenAPI document's root object
_TOP_LEVEL = frozenset({"openapi", "info", "servers", "paths", "components", "security",
                        "tags", "externalDocs"})


@dataclass(frozen=True)
class SpecError:
    """One way the document is not valid OpenAPI: where (the JSON path) and why."""

    where: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        return f"{'/'.join(str(p) for p in self.where) or '(root)'}: {self.message}"

    @property
    def fragment(self) -> tuple[str, str]:
        """The fragment the error is in: ("path", "/v1/x"), ("schema", "Name") or
        ("skeleton", "")."""
        where = self.where
        if len(where) >= 2 and where[0] == "paths":
            return "path", str(where[1])
        if len(where) >= 3 and where[:2] == ("components", "schemas"):
            return "schema", str(where[2])
        if where and where[0] not in _TOP_LEVEL:
            # the validator's echo of an error inside a schema it followed a $ref to
            return "echo", ""
        return "skeleton", ""


def spec_errors(document: dict[str, Any]) -> list[str]:
    """What openapi-spec-validator finds wrong with the document (empty: valid)."""
    return sorted(str(e) for e in validate_document(document))


def validate_document(document: dict[str, Any]) -> list[SpecError]:
    """openapi-spec-validator's errors.

    The validator checks the document against the OpenAPI JSON Schema with jsonschema-rs
    when it is installed (its own fast backend: 0.1 s instead of 1.5 s for a whole
    reference), then runs its OpenAPI rules. jsonschema-rs words an error over several
    lines, so an invalid document is checked again with jsonschema for the message.
    The validator itself may fail on a part it cannot read (a path template it cannot
    format), or report an error at the root that a path item causes; then each fragment
    is validated alone, and such an error is an error of that fragment."""
    # imported here: 0.3 s that a build served from the cache does without
    from openapi_spec_validator import OpenAPIV30SpecValidator

    try:
        found = _errors(OpenAPIV30SpecValidator, document)
        if found:
            found = _errors(_readable_validator(), document) or found
        if all(error.where for error in found):
            return found
        # an error at the root may come from a path item ("Path parameter 'a' ... in
        # '/{{a}}' was not resolved"): find its fragment by validating each alone
    except Exception:
        pass
    fragments = sorted(set(_fragments(document, IdentityMemo()).values()))
    errors: list[SpecError] = []
    for fragment in fragments:
        kind, name = fragment
        part = _skeleton(document) if kind == "skeleton" else _part(document, {fragment})
        try:
            found = _errors(_readable_validator(), part)
        except Exception as exc:
            where: tuple[str | int, ...] = ("paths", name) if kind == "path" else \
                ("components", "schemas", name) if kind == "schema" else ()
            found = [SpecError(where, f"the validator failed on it: {type(exc).__name__}: "
                                      f"{exc}")]
        # a part holds the schemas its fragment refers to: their errors are theirs; an
        # error at the root of a path item's part is the path item's
        errors.extend(e for e in found if e.fragment == fragment)
        if kind == "path":
            errors.extend(SpecError(("paths", name), e.message) for e in found
                          if e.fragment == ("skeleton", ""))
    return list(dict.fromkeys(errors))


def _errors(validator: Any, document: dict[str, Any]) -> list[SpecError]:
    return [SpecError(tuple(error.absolute_path), error.message.split("\n\n")[0])
            for error in validator(document).iter_errors()]


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
                      jobs: int = 1, memo: IdentityMemo | None = None,
                      ) -> tuple[list[SpecError], list[str]]:
    """The document's :class:`SpecError` list, skipping what an earlier run found valid.

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
    memo = memo or IdentityMemo()
    fragments = _fragments(document, memo)
    valid_before = known_valid(fragments)
    new = {h: where for h, where in fragments.items() if h not in valid_before}
    if not new:
        errors = _cross_fragment_errors(document, memo)
    elif jobs > 1 and len(new) > 8 * jobs:
        errors = _errors_in_parallel(document, sorted(new.values()), jobs) \
            + _cross_fragment_errors(document, memo)
    elif ("skeleton", "") in new.values() or 2 * len(new) > len(fragments):
        errors = validate_document(document) + _cross_fragment_errors(document, memo)
    else:
        errors = validate_document(_part(document, set(new.values()))) \
            + _cross_fragment_errors(document, memo)
    errors = sorted(dict.fromkeys(errors), key=str)
    return errors, ([] if errors else sorted(fragments))


def fragment_hashes(document: dict[str, Any], memo: IdentityMemo | None = None) -> list[str]:
    """The content hashes of the document's fragments (what :func:`spec_errors_since`
    asks ``known_valid`` about), made of their :func:`verdict_neutral` content."""
    return sorted(_fragments(document, memo or IdentityMemo()))


def without_invalid(document: dict[str, Any], errors: list[SpecError],
                    ) -> tuple[dict[str, Any] | None, list[tuple[str, str, list[SpecError]]]]:
    """The document without the path items and schemas that have errors, nor those
    that refer to a schema left out; None when an error is in the skeleton (the
    document itself, not a fragment of it). Also what was left out and why:
    (kind, name, its errors); no errors: left out for referring to a schema left out."""
    by_fragment: dict[tuple[str, str], list[SpecError]] = {}
    for error in errors:
        by_fragment.setdefault(error.fragment, []).append(error)
    echoes = by_fragment.pop(("echo", ""), [])
    if ("skeleton", "") in by_fragment or (echoes and not by_fragment):
        return None, []
    components = dict(document.get("components") or {})
    schemas = dict(components.get("schemas") or {})
    paths = dict(document.get("paths") or {})
    gone_schemas = {name for kind, name in by_fragment if kind == "schema"}
    while True:  # a schema that refers to one left out goes too
        more = {name for name, schema in schemas.items() if name not in gone_schemas
                and any(ref in gone_schemas for ref in _schema_refs(schema))}
        if not more:
            break
        gone_schemas |= more
    gone_paths = {name for kind, name in by_fragment if kind == "path"}
    gone_paths |= {path for path, item in paths.items()
                   if any(ref in gone_schemas for ref in _schema_refs(item))}
    dropped = [("schema", name, by_fragment.get(("schema", name), []))
               for name in sorted(gone_schemas)]
    dropped += [("path", name, by_fragment.get(("path", name), []))
                for name in sorted(gone_paths)]
    kept_schemas = {k: v for k, v in schemas.items() if k not in gone_schemas}
    kept = {**document, "paths": {k: v for k, v in paths.items() if k not in gone_paths},
            "components": {**components, "schemas": kept_schemas}}
    return kept, dropped


# the document the forked validation workers share (set just before they are forked)
_SHARED: dict[str, Any] = {}


def _errors_in_parallel(document: dict[str, Any], new: list[tuple[str, str]],
                        jobs: int) -> list[SpecError]:
    """:func:`spec_errors` of the new fragments, shared out among ``jobs`` forked
    workers; each validates the skeleton, its fragments and the schemas they refer to.
    An error in a part two workers both validate (the skeleton, a shared schema) is
    reported once."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return validate_document(document)
    groups = _groups(document, new, jobs)
    _SHARED["document"] = document  # forked workers see it without a copy through a pipe
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            found = pool.map(_group_errors, groups)
            return sorted({error for errors in found for error in errors}, key=str)
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


def _group_errors(group: list[tuple[str, str]]) -> list[SpecError]:
    return validate_document(_part(_SHARED["document"], set(group)))


def _skeleton(document: dict[str, Any]) -> dict[str, Any]:
    components = document.get("components") or {}
    return {**document, "paths": {},
            "components": {k: v for k, v in components.items() if k != "schemas"}}


def _fragments(document: dict[str, Any], memo: IdentityMemo) -> dict[str, tuple[str, str]]:
    """Content hash → (kind, name) of each part validation can treat on its own. A path
    item is hashed from its operations' texts, each worked out once per operation."""
    components = document.get("components") or {}
    found = {_hash(["skeleton", "", verdict_neutral(_skeleton(document))]): ("skeleton", "")}
    for name, item in (document.get("paths") or {}).items():
        text = "{" + ",".join(f"{json.dumps(str(key))}:{_neutral_text(value, memo)}"
                              for key, value in sorted(item.items())) + "}" \
            if isinstance(item, dict) else _neutral_text(item, memo)
        found[_hash_text(json.dumps(["path", name]) + text)] = ("path", name)
    for name, schema in (components.get("schemas") or {}).items():
        found[_hash_text(json.dumps(["schema", name]) + _neutral_text(schema, memo))] = \
            ("schema", name)
    return found


def _neutral_text(node: Any, memo: IdentityMemo) -> str:
    return str(memo.value("neutral", node, lambda n: json.dumps(
        verdict_neutral(n), sort_keys=True, default=str)))


def _hash_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


# Words no validator reads: a description or a summary is only required to be a string.
_PROSE = frozenset({"description", "summary", "title"})
# Values a validator compares with something (a default with its schema, an enum with an
# instance) or quotes: kept as they are, prose in them included.
_VALUES = frozenset({"default", "enum", "example", "examples", "const", "mapping",
                     "x-extensible-enum"})


def verdict_neutral(node: Any) -> Any:
    """``node`` with what cannot change a validator's verdict blanked: the prose of every
    description, summary and title (a string stays a string), and the file and line of
    every ``x-source`` that holds only those (its keys and their types stay; a schema
    with such keys is not valid whatever their values). Two fragments that differ only
    there are valid or not alike, so a reworded row does not make its fragment new for
    validation. A key that names something (a property called ``description``) holds an
    object, which is kept, and so is everything under :data:`_VALUES`."""
    if isinstance(node, list):
        return [verdict_neutral(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _PROSE and isinstance(value, str):
            out[key] = ""
        elif key == "x-source" and isinstance(value, dict) and value \
                and set(value) <= {"file", "line"}:
            out[key] = {k: "" if isinstance(v, str) else 0 if isinstance(v, int) else v
                        for k, v in value.items()}
        elif key in _VALUES:
            out[key] = value
        else:
            out[key] = verdict_neutral(value)
    return out


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


def _cross_fragment_errors(document: dict[str, Any], memo: IdentityMemo) -> list[SpecError]:
    """What no fragment can see alone: refs to nothing, operationIds used twice. Each
    is an error of the fragment that holds the ref or the second id."""
    errors = []
    parts: list[tuple[tuple[str | int, ...], Any]] = [
        (("paths", path), item) for path, item in (document.get("paths") or {}).items()]
    parts += [(("components", "schemas", name), schema) for name, schema in
              ((document.get("components") or {}).get("schemas") or {}).items()]
    for where, node in parts:
        nodes = list(node.values()) if where[0] == "paths" and isinstance(node, dict) else [node]
        refs = {ref for part in nodes
                for ref in memo.value("refs", part, lambda n: frozenset(_refs(n)))}
        for ref in sorted(refs):
            if ref_target(document, ref) is None:
                errors.append(SpecError(where, f"{ref!r} refers to nothing in the document"))
    seen: dict[str, str] = {}
    for path, item in (document.get("paths") or {}).items():
        for operation in item.values() if isinstance(item, dict) else ():
            operation_id = operation.get("operationId") if isinstance(operation, dict) else None
            if isinstance(operation_id, str):
                if operation_id in seen:
                    errors.append(SpecError(("paths", path), f"operationId {operation_id!r} "
                                            f"is not unique (also in {seen[operation_id]})"))
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


def _documented_values(validator: Any, values: Any, instance: Any,
                       schema: dict[str, Any]) -> Iterator[Any]:
    """``x-extensible-enum``: the documented values of an open set. The spec accepts any
    value, but an example outside the docs' own list is worth telling the docs' authors."""
    from jsonschema.exceptions import ValidationError

    if isinstance(values, list) and values and instance not in values \
            and (validator.is_type(instance, "string") or validator.is_type(instance, "number")):
        yield ValidationError(f"{instance!r} is not one of the documented values {values!r}")


@functools.cache
def _example_validator() -> Any:
    """The OpenAPI 3.0 schema validator, reading ``x-extensible-enum`` as the list of
    documented values (errors of kind ``enum``)."""
    from jsonschema.validators import extend
    from openapi_schema_validator import OAS30Validator

    return extend(OAS30Validator,  # type: ignore[no-untyped-call]
                  {"x-extensible-enum": _documented_values})


# what checking one example against its schema found: (message, kind, instance path)
ExampleVerdict = tuple[tuple[str, str, tuple[str | int, ...]], ...]


def check_examples(document: dict[str, Any],
                   known: Mapping[str, ExampleVerdict] | None = None,
                   seen: dict[str, ExampleVerdict] | None = None,
                   memo: IdentityMemo | None = None) -> list[ExampleCheck]:
    """Validate every example that sits next to a schema in the document (a value
    outside ``x-extensible-enum`` counts as a mismatch of kind ``enum``).

    ``known``: verdicts of earlier runs by :func:`example_key`; an example whose key is
    there is not validated again (and without any, jsonschema is not even imported).
    ``seen``: filled with the verdict of every example of this document, by key."""
    components = document.get("components", {})
    schemas = components.get("schemas") or {}
    checks = []
    parts: dict[str, tuple[str, frozenset[str]]] = {}
    for operation_id, where, media in _media(document):
        schema = media.get("schema")
        if schema is None:
            continue
        validator = None
        for example in (media.get("examples") or {}).values():
            if "value" not in example:
                continue
            key = example_key(schema, example["value"], schemas, parts, memo) \
                if known is not None or seen is not None else None
            verdict = known.get(key) if known is not None and key is not None else None
            if verdict is None:
                if validator is None:
                    validator = _example_validator()({**schema, "components": components})
                verdict = tuple(
                    (f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: "
                     f"{e.message}"[:300],
                     "enum" if e.validator == "x-extensible-enum" else str(e.validator),
                     tuple(e.absolute_path))
                    for e in validator.iter_errors(example["value"]))
            if seen is not None and key is not None:
                seen[key] = verdict
            problems = sorted((ExampleError(message, kind, _row(schema, list(path), schemas))
                               for message, kind, path in verdict),
                              key=lambda p: p.message)
            checks.append(ExampleCheck(operation_id, where, _source(example), tuple(problems)))
    return checks


# keywords whose error messages quote the schema (prose included)
_QUOTING = frozenset({"not", "oneOf", "anyOf"})


def example_key(schema: Any, value: Any, schemas: Mapping[str, Any],
                parts: dict[str, tuple[str, frozenset[str]]] | None = None,
                memo: IdentityMemo | None = None) -> str | None:
    """What checking ``value`` against ``schema`` depends on, hashed: the schema and every
    component schema it refers to, :func:`verdict_neutral` (whole where a keyword
    that quotes its schema in its message is used), and the value. None when the
    schema refers to something other than a component schema. ``parts``: what was
    worked out for each component schema by an earlier call on the same document."""
    if parts is None:
        parts = {}
    memo = memo or IdentityMemo()
    own = memo.value("key-part", schema, _key_part)
    if own is None:
        return None
    closure: set[str] = set()
    wanted = list(own[1])
    while wanted:
        name = wanted.pop()
        if name in closure or name not in schemas:
            continue
        closure.add(name)
        part = parts.get(name)
        if part is None:
            found = memo.value("key-part", schemas[name], _key_part)
            if found is None:
                return None
            part = parts[name] = found
        wanted.extend(part[1])
    return _hash([own[0], *([name, parts[name][0]] for name in sorted(closure)), value])


def _key_part(schema: Any) -> tuple[str, frozenset[str]] | None:
    """A schema as :func:`example_key` hashes it, and the component schemas it refers
    to directly; None when it refers to something else."""
    refs = set()
    for ref in _refs(schema):
        if not ref.startswith(_SCHEMA_REF):
            return None
        refs.add(ref[len(_SCHEMA_REF):])
    text = json.dumps(schema if _uses(schema, _QUOTING) else verdict_neutral(schema),
                      sort_keys=True, default=str)
    return text, frozenset(refs)


def _uses(node: Any, keys: frozenset[str]) -> bool:
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if not keys.isdisjoint(value):
                return True
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


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
