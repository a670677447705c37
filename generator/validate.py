"""Checks on an emitted document: the OpenAPI schema, and the docs' examples.

Works on any OpenAPI 3.0 document; the ``x-source`` of an example, when there
is one, names the doc line a mismatch is reported on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import OpenAPIV30SpecValidator

from generator.diagnostics import Diagnostics, Source


def spec_errors(document: dict[str, Any]) -> list[str]:
    """What openapi-spec-validator finds wrong with the document (empty: valid)."""
    errors = []
    for error in OpenAPIV30SpecValidator(document).iter_errors():
        where = "/".join(str(p) for p in error.absolute_path)
        errors.append(f"{where or '(root)'}: {error.message}")
    return sorted(errors)


@dataclass(frozen=True)
class ExampleCheck:
    """One doc example checked against the schema it illustrates."""

    operation_id: str
    where: str  # "request" or the status code
    source: Source | None
    errors: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.errors


def check_examples(document: dict[str, Any]) -> list[ExampleCheck]:
    """Validate every example that sits next to a schema in the document."""
    components = document.get("components", {})
    checks = []
    for operation_id, where, media in _media(document):
        schema = media.get("schema")
        if schema is None:
            continue
        validator = OAS30Validator({**schema, "components": components})
        for example in (media.get("examples") or {}).values():
            if "value" not in example:
                continue
            errors = tuple(sorted(
                f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: {e.message}"[:300]
                for e in validator.iter_errors(example["value"])))
            checks.append(ExampleCheck(operation_id, where, _source(example), errors))
    return checks


def report_examples(checks: list[ExampleCheck], diagnostics: Diagnostics) -> None:
    for check in checks:
        if check.valid or check.source is None:
            continue
        more = f" (and {len(check.errors) - 1} more)" if len(check.errors) > 1 else ""
        diagnostics.warning(
            "example-mismatch",
            f"{check.operation_id} {check.where} example does not match its schema: "
            f"{check.errors[0]}{more}", check.source)


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
