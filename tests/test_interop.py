"""The real OpenAPI consumers on our specs: Redocly CLI, openapi-python-client,
openapi-generator (Python and TypeScript), and Prism mocking the spec while our own
generated client calls every operation through it.

CI runs them on the committed seed spec and on the whole ModelArts reference (built once
per session); ``make interop`` (``INTEROP_CORPUS=all``) on every docs set of the corpus.
``make interop-tools`` installs the tools; a test whose tool is missing is skipped saying
why.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from generator.build import build_dir
from generator.document import operations
from generator.emit.serialize import dumps, loads
from tests import consumers
from tests.conftest import CORPUS, PROJECT
from tests.prism_calls import call_every_operation, documented_successes, write_client

Json = dict[str, Any]


def _corpus_services() -> dict[str, Json]:
    """Every docs set of the corpus: the ModelArts sets of bench/corpus.toml (sources
    relative to bench/), and each reference of the development set."""
    config = tomllib.loads((PROJECT / "bench" / "corpus.toml").read_text(encoding="utf-8"))
    services = {str(s["name"]): {**s, "source": (PROJECT / "bench" / str(s["source"])).resolve()}
                for s in config["tool"]["docs2openapi"]["services"]}
    # bench/corpus.toml may list the development set too: each docs folder once
    configured = {Path(s["source"]) for s in services.values()}
    for folder, include in (("otc-services", "**/*.rst"), ("huawei-zh-services", "**/*.md")):
        for source in sorted((CORPUS / folder).glob("*/")) if (CORPUS / folder).is_dir() else ():
            if source.resolve() in configured:
                continue
            services[f"{folder}/{source.name}"] = {
                "name": source.name, "source": source, "include": [include],
                "title": f"{source.name} API"}
    return services


def _appendix_structures(document: Json) -> list[str]:
    """Components no $ref names whose page documents no operation."""
    text = json.dumps(document)
    used = set(re.findall(r'"#/components/schemas/([^"]+)"', text))
    operation_pages = {op.get("x-source", {}).get("file") for _, _, op in operations(document)}
    return [name for name, schema in document.get("components", {}).get("schemas", {}).items()
            if name not in used
            and schema.get("x-source", {}).get("file") not in operation_pages]


def _content_schemas_only(document: Json) -> set[str]:
    """Components named by an ``x-contentSchema`` and by no $ref outside extensions."""
    inside: set[str] = set()
    outside: set[str] = set()
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, extension = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                (inside if extension else outside).add(ref.rsplit("/", 1)[-1])
            stack.extend((value, extension or key.startswith("x-"))
                         for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((item, extension) for item in node)
    return inside - outside


def _clashing_parameters(document: Json) -> list[tuple[str, str]]:
    """(METHOD, path) of the operations with two parameters of one Python name."""
    found = []
    for method, path, op in operations(document):
        names = [re.sub(r"\W+", "_", p["name"]).strip("_").lower()
                 for p in op.get("parameters", []) if isinstance(p, dict)]
        if len(names) != len(set(names)):
            found.append((method, path))
    return found


def _specs() -> list[str]:
    names = ["seed", "otc-modelarts-rst"]
    if os.environ.get("INTEROP_CORPUS") == "all":
        names += [name for name in _corpus_services() if name not in names]
    return names


@pytest.fixture(scope="session", params=_specs())
def spec(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A spec file: the committed seed spec, or a corpus docs set built once."""
    name = str(request.param)
    if name == "seed":
        return PROJECT / "spec" / "modelarts.yaml"
    service = _corpus_services().get(name)
    if service is None or not Path(service["source"]).is_dir():
        pytest.skip(f"the shared corpus is not beside this checkout ({CORPUS} has no {name})")
    result = build_dir(Path(service["source"]), service.get("include", ["**/*.rst"]),
                       title=str(service.get("title", name)), jobs=2)
    assert result.document is not None, result.spec_errors
    path = tmp_path_factory.mktemp("interop") / f"{name.replace('/', '-')}.yaml"
    path.write_text(dumps(result.document), encoding="utf-8")
    return path


def _document(spec: Path) -> Json:
    document = loads(spec.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _need(tool: str) -> None:
    reason = consumers.missing(tool)
    if reason:
        pytest.skip(reason)


def test_redocly_lint_recommended_rules_find_no_error(spec: Path) -> None:
    _need("redocly")
    outcome = consumers.redocly_lint(spec)
    assert outcome.errors == []
    # the shapes that used to fail or warn are gone at their root
    rules = outcome.notes["rules"]
    assert "no-empty-servers" not in rules
    # the only unused components are data structures of pages without operations (an
    # appendix), which the spec keeps so that no documented table is lost, and the
    # schemas of JSON text in a string: Redocly follows no $ref inside an extension
    # (x-contentSchema), so it counts them unused
    document = _document(spec)
    assert rules.get("no-unused-components", 0) == len(_appendix_structures(document)) + len(
        _content_schemas_only(document))


def test_openapi_python_client_generates_every_operation_and_imports(
        spec: Path, tmp_path: Path) -> None:
    _need("openapi-python-client")
    out = tmp_path / "client"
    outcome = consumers.python_client(spec, out)
    document = _document(spec)
    # its one limitation on what the docs say: two query parameters one Python name
    # apart (`name` and `name~`, a fuzzy search) stop it generating that endpoint
    clashing = [e for e in outcome.errors if "same Python identifier" in e]
    assert all(any(f"{method} {path} " in e for method, path in _clashing_parameters(document))
               for e in clashing)
    assert [e for e in outcome.errors if e not in clashing] == []
    assert outcome.notes["endpoints"] == sum(1 for _ in operations(document)) - len(clashing)
    if spec.name in ("modelarts.yaml", "otc-modelarts-rst.yaml"):
        # ListTasks used to come back `parsed=None`: its response schema was dropped
        # because of one number enum elsewhere
        [module] = out.rglob("list_tasks.py")
        assert "ListTasksResponse.from_dict(response.json())" in module.read_text()


@pytest.mark.parametrize("generator", ["python", "typescript-fetch"])
def test_openapi_generator_generates_a_client_without_errors(
        spec: Path, tmp_path: Path, generator: str) -> None:
    """No ERROR, and (typescript-fetch, with tsc installed) a client that compiles.

    Two keys of one object that differ only in case or separators (DCS's
    ``domain_name`` and ``domainName``; a ``colliding-keys`` warning) are what the API
    sends: typescript-fetch's default camelCase makes them one identifier, its own
    ``modelPropertyNaming=original`` keeps the wire names, and then the client compiles.

    One consumer bug is pinned, not worked around: typescript-fetch copies a description
    into a ``/** */`` comment without escaping ``*/`` (VPC Endpoint's default policy
    ``"obs:*:*:*:*/*"``), which closes the comment. The spec keeps the docs' text as
    written (any escape would show in every other consumer); the errors are confined to
    the files whose comments such a description closes, and there are such files
    exactly when a description holds ``*/``."""
    _need("openapi-generator")
    document = _document(spec)
    options = ["modelPropertyNaming=original"] \
        if generator == "typescript-fetch" and _colliding_keys(document) else []
    out = tmp_path / generator
    outcome = consumers.openapi_generator(spec, generator, out, options)
    closed = _comments_closed_early(out) if generator == "typescript-fetch" else set()
    assert [e for e in outcome.errors if e.split()[1].split("(")[0] not in closed] == []
    if generator == "typescript-fetch" and consumers.missing("tsc") is None:
        assert bool(closed) == _describes_comment_closer(document)


# a line of a generated doc comment that holds "*/" before its end
_CLOSED_EARLY = re.compile(r"^\s*\*\s.*\*/.", re.MULTILINE)


def _comments_closed_early(client: Path) -> set[str]:
    """The TypeScript files (relative to ``client``) in which a comment line holds a
    ``*/`` that ends the comment before its text does."""
    return {str(path.relative_to(client)) for path in client.rglob("*.ts")
            if _CLOSED_EARLY.search(path.read_text(encoding="utf-8"))}


def _describes_comment_closer(document: Json) -> bool:
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "*/" in str(node.get("description", "")):
                return True
            stack.extend(v for k, v in node.items() if k not in ("example", "examples"))
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _colliding_keys(document: Json) -> set[str]:
    """The keys (lower case, no separators) two properties of one object share, also
    across the members of an anyOf, which a TypeScript generator merges."""
    schemas = document.get("components", {}).get("schemas", {})

    def names(node: Any) -> list[str]:
        if not isinstance(node, dict):
            return []
        if "$ref" in node:
            node = schemas.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
        properties = node.get("properties")
        found = list(properties) if isinstance(properties, dict) else []
        for key in ("anyOf", "allOf"):
            members = node.get(key)
            for member in members if isinstance(members, list) else []:
                found += names(member)
        return found

    collisions: set[str] = set()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            keys: dict[str, set[str]] = {}
            for name in names(node) if ("properties" in node or "anyOf" in node) else []:
                keys.setdefault(re.sub(r"[_\-.\s]", "", name).lower(), set()).add(name)
            collisions.update(k for k, spelled in keys.items() if len(spelled) > 1)
            stack.extend(v for k, v in node.items() if k not in ("example", "examples"))
        elif isinstance(node, list):
            stack.extend(node)
    return collisions


def test_our_client_calls_every_operation_through_prism_and_parses_every_response(
        spec: Path, tmp_path: Path) -> None:
    _need("prism")
    document = _document(spec)
    package = write_client(document, f"interop_{spec.stem.replace('-', '_')}", tmp_path)
    with consumers.prism_mock(spec, tmp_path / "prism.log") as base_url:
        calls = call_every_operation(document, package, base_url)
    assert calls.failed == []
    # one call per documented success response of every method: an operation's, or each
    # action variant's (which answers with the merged operation's responses)
    methods = [(v["operationId"], op) for _, _, op in operations(document)
               for v in op.get("x-variants") or [op]]
    assert len(calls.done) == sum(len(documented_successes(op)) for _, op in methods)
    assert {c.split(" (")[0] for c in calls.done} == {name for name, _ in methods}


ACTION_SPEC = """
openapi: 3.0.3
info: {title: Volumes, version: '1'}
servers: [{url: 'https://{endpoint}', variables: {endpoint: {default: localhost}}}]
paths:
  /v2/{project_id}/volumes/{volume_id}/action:
    post:
      operationId: VolumesAction
      summary: Act on a volume
      x-variants:
        - {operationId: SetBootable, summary: Set bootable, key: os-set_bootable,
           schema: {$ref: '#/components/schemas/SetBootableRequest'}}
        - {operationId: Extend, summary: Extend, key: os-extend,
           schema: {$ref: '#/components/schemas/ExtendRequest'}}
      parameters:
        - {name: project_id, in: path, required: true, schema: {type: string}}
        - {name: volume_id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf: [{$ref: '#/components/schemas/SetBootableRequest'},
                      {$ref: '#/components/schemas/ExtendRequest'}]
            examples:
              example1: {summary: Set bootable, value: {os-set_bootable: {bootable: true}}}
              example2: {summary: Extend, value: {os-extend: {new_size: 20}}}
      responses:
        '202':
          description: Accepted
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Job'}
              examples:
                example1: {value: {job_id: j-1, status: SUCCESS}}
                example2: {value: {job_id: j-2, status: RUNNING_NOT_DOCUMENTED}}
components:
  schemas:
    SetBootableRequest:
      type: object
      required: [os-set_bootable]
      properties:
        os-set_bootable:
          type: object
          required: [bootable]
          properties: {bootable: {type: boolean}}
    ExtendRequest:
      type: object
      required: [os-extend]
      properties:
        os-extend:
          type: object
          required: [new_size]
          properties: {new_size: {type: integer, format: int32}}
    Job:
      type: object
      properties:
        job_id: {type: string}
        status: {type: string, x-extensible-enum: [SUCCESS, FAIL]}
"""


def test_an_action_api_with_a_oneof_body_goes_through_prism(tmp_path: Path) -> None:
    """The contract's action-API shape (a oneOf body with x-variants): Prism accepts
    each variant's body from our client, and an undocumented status value parses."""
    _need("prism")
    spec = tmp_path / "volumes.yaml"
    spec.write_text(ACTION_SPEC, encoding="utf-8")
    document = _document(spec)
    package = write_client(document, "interop_volumes", tmp_path)
    with consumers.prism_mock(spec, tmp_path / "prism.log") as base_url:
        calls = call_every_operation(document, package, base_url)
        with package.Client(base_url, token="t", project_id="p",
                            headers={"Prefer": "example=example2"}) as c:
            extend = package.models.ExtendRequest.model_validate({"os-extend": {"new_size": 20}})
            job = c.extend("v", extend)
    # each variant's method, once per documented response example
    assert calls.failed == [] and len(calls.done) == 4
    assert {c.split(" (")[0] for c in calls.done} == {"SetBootable", "Extend"}
    assert job.status == "RUNNING_NOT_DOCUMENTED"

