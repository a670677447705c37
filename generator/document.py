"""Reading any OpenAPI 3 document: its operations, its local ``$ref`` targets, and the
``x-source`` provenance this tool writes. Shared by diff, compare and publish, which
read documents they did not necessarily emit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Source

Json = dict[str, Any]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class NotASpec(ValueError):
    """A file that is not an OpenAPI 3 document: the message says why, in one line."""


def read_spec(path: Path) -> Json:
    """The OpenAPI 3 document in a YAML or JSON file; :class:`NotASpec` when the file
    cannot be read, is not UTF-8, YAML or JSON, or holds something else."""
    import yaml

    from generator.emit.serialize import loads

    try:
        document = loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise NotASpec(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise NotASpec(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}): "
                       "not a spec") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise NotASpec(f"{path}: not YAML or JSON ({exc.problem or exc.context}{where})") \
            from None
    except (yaml.YAMLError, ValueError) as exc:
        raise NotASpec(f"{path}: not YAML or JSON ({' '.join(str(exc).split())[:200]})") \
            from None
    except RecursionError:
        raise NotASpec(f"{path}: nested too deeply to be a spec") from None
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3"):
        raise NotASpec(f"{path}: not an OpenAPI 3 document (no 'openapi: 3...' at its top)")
    return document


def operations(document: Json) -> Iterator[tuple[str, str, Json]]:
    """(METHOD, path, operation) for every operation in the document."""
    paths = document.get("paths")
    for path, item in (paths.items() if isinstance(paths, dict) else ()):
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            if isinstance(item.get(method), dict):
                yield method.upper(), str(path), item[method]


def source_of(node: Any) -> Source | None:
    """The doc line an element came from (its ``x-source``), if it says."""
    if isinstance(node, dict):
        found = node.get("x-source")
        if isinstance(found, dict) and "file" in found:
            try:
                return Source(str(found["file"]), int(found.get("line", 1)))
            except (TypeError, ValueError):
                return Source(str(found["file"]), 1)
    return None


def ref_target(document: Json, ref: str) -> Any:
    """What a local ``$ref`` (``#/components/schemas/Name``) points at; None when it
    points at nothing or outside the document."""
    if not ref.startswith("#/"):
        return None
    node: Any = document
    for step in ref[2:].split("/"):
        key = step.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def resolved(document: Json, node: Any) -> Any:
    """``node`` with its ``$ref`` chain followed (a cycle or a dangling ref gives {})."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            return {}
        seen.add(ref)
        node = ref_target(document, ref)
    return node if node is not None else {}


@dataclass(frozen=True)
class Request:
    """One request an operation serves: the operation itself, or one of its action
    variants (``x-variants``: several pages on one method and path, each with its own
    body). A variant's ``operation`` is the operation seen through that variant: its
    id, summary, ``x-source`` and request body."""

    method: str
    path: str
    operation: Json
    variant: str  # "" for a plain operation, else the variant's body key or operationId
    # what identifies it across two revisions: its body key, its page, its operationId
    identities: frozenset[str]


def requests(document: Json) -> Iterator[Request]:
    """Every request of the document: each operation, or each variant of one."""
    for method, path, operation in operations(document):
        variants = operation.get("x-variants")
        if not isinstance(variants, list) or not variants:
            yield Request(method, path, operation, "", _identities(operation, None))
            continue
        for variant in variants:
            if not isinstance(variant, dict):
                continue
            view = {**operation, **{k: v for k, v in variant.items()
                                   if k in ("operationId", "summary", "description",
                                            "deprecated", "x-source")}}
            view.pop("x-variants", None)
            body = operation.get("requestBody")
            if isinstance(body, dict) and "schema" in variant:
                content = {media_type: {**media, "schema": variant["schema"]}
                           for media_type, media in (body["content"].items()
                                                     if isinstance(body.get("content"), dict)
                                                     else ())
                           if isinstance(media, dict)}
                view["requestBody"] = {**body, "content": content}
            elif "schema" not in variant:
                view.pop("requestBody", None)
            label = str(variant.get("key") or variant.get("operationId") or "?")
            yield Request(method, path, view, label, _identities(view, variant.get("key")))


def _identities(operation: Json, key: Any) -> frozenset[str]:
    found = {f"key:{key}"} if key else set()
    source = source_of(operation)
    if source is not None:
        found.add(f"page:{source.path}")
    if operation.get("operationId"):
        found.add(f"id:{operation['operationId']}")
    return frozenset(found)
