"""Conformance of a generated client with its own docs, call by call.

For every operation (and every action variant) of a spec, the generated client sends the
docs' own request example, signed with AK/SK, to a server on 127.0.0.1 that checks the
signature with the vendor's signer (huaweicloudsdkcore), checks method, path and body,
and answers each of the docs' own response examples with its documented status; where
the docs give no success status, it answers 200, 201, 202 and 204 in turn. Each call ends
in one of:

- **typed**: the value is what the docs' schema says (the body validates against the
  schema documented for that status, or the operation's success schema), nothing lost;
- **as sent**: the body strays from the schema and the client kept it as the server sent
  it, nothing lost;
- a **failure**, by cause (the exception the call raised, ``None`` for a body, data lost,
  a request the server rejected).

A request example that the strict request models reject is the docs contradicting
themselves (the example against its own table): listed with its doc line, and the call
goes on with a body made from the schema. Used by ``bench/conformance.py``
(``make conformance``) and, on a sample, by ``tests/test_client_conformance.py``.

Only ``generate_package`` and the generated package's public surface are used, so the
same runner measures an older generator (``PYTHONPATH`` pointing at its checkout).
"""

from __future__ import annotations

import inspect
import re
import typing
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.codegen.names import snake_case
from generator.document import requests, resolved
from tests.loopback import Answer, Received, loopback
from tests.prism_calls import sample, write_client
from tests.vendor_signer import vendor_authorization

Json = dict[str, Any]
AK, SK = "HPUAQ7RSMLN4ACZAWB0U", "k3OaQ8wGvUe7HhC0L1pC2rxZpgJr5fQYvDq8iS1Z"
PROJECT = "p1"
UNDOCUMENTED = (200, 201, 202, 204)  # answered where the docs give no success status
# a failure whose example contradicts its own table (a string where the table says
# Integer: the client reads or writes the table's type, "1" becomes 1)
CONTRADICTION = "docs contradict themselves: "


@dataclass
class Tally:
    """What happened to one docs set's calls."""

    name: str
    operations: int = 0
    calls: int = 0
    typed: int = 0
    as_sent: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)  # cause → a few calls
    request_examples: int = 0  # the docs' request examples sent
    contradictions: list[str] = field(default_factory=list)  # doc line: what the model said
    problem: str = ""  # the set could not be run at all

    def fail(self, cause: str, call: str) -> None:
        """Count a failure; keep its call for the report (every one the docs' own
        contradiction explains, with its doc line; the first five of any other)."""
        self.failures[cause] += 1
        shown = self.examples.setdefault(cause, [])
        if len(shown) < 5 or cause.startswith(CONTRADICTION):
            shown.append(call)


@dataclass
class _Script:
    """What the server answers next, and what it saw."""

    answer: Answer = field(default_factory=Answer)
    route: re.Pattern[str] | None = None
    method: str = ""
    verdicts: list[str] = field(default_factory=list)  # why a request was refused


def _route(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + "$")


def _judge(script: _Script) -> Any:
    def answer(seen: Received) -> Answer:
        if seen.headers.get("Authorization", "") != vendor_authorization(
                seen, AK, SK, project_id="X-Project-Id" in seen.headers):
            script.verdicts.append("signature")
            return Answer(401, {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM "
                                "authentication information: verify aksk signature fail"})
        if seen.method != script.method or script.route is None \
                or not script.route.match(seen.path.split("?")[0]):
            script.verdicts.append(f"route {seen.method} {seen.path}")
            return Answer(404, {"error_code": "APIGW.0101", "error_msg": "no such API"})
        return script.answer
    return answer


def _methods(package: ModuleType) -> dict[str, str]:
    """operationId → the name of the client method that sends it (from the first line of
    each method's docstring: ``Summary (OperationId).`` / ``(Id, a body of Merged).``)."""
    found: dict[str, str] = {}
    for name, function in inspect.getmembers(package.Client, inspect.isfunction):
        if name.startswith(("_", "iter_")):
            continue
        head = (function.__doc__ or "").split("\n", 1)[0]
        matched = re.search(r"\(([^()]*?)(?:, a body of [^()]*)?\)\.$", head)
        if matched:
            found.setdefault(matched.group(1), name)
    return found


def _successes(operation: Json) -> list[tuple[int, Any, bool, str]]:
    """(status, body, documented, doc line) for each answer the server gives: each response
    example of each documented success status (no example: no body), or, where the docs
    give no success status, 200/201/202/204 with the example the docs do give, if any."""
    responses = operation.get("responses") or {}
    found: list[tuple[int, Any, bool, str]] = []
    documented = sorted(int(s) for s in responses if str(s).isdigit() and 200 <= int(s) < 300)
    for status in documented:
        examples = _examples(responses[str(status)] if str(status) in responses
                             else responses[status])
        found += [(status, value, True, line) for value, line in examples] or [
            (status, None, True, "")]
    if documented:
        return found
    fallback = next((e for r in responses.values() for e in _examples(r)), (None, ""))
    return [(status, None if status == 204 else fallback[0], False, fallback[1])
            for status in UNDOCUMENTED]


def _examples(node: Any) -> list[tuple[Any, str]]:
    media = ((node or {}).get("content") or {}).get("application/json") or {} \
        if isinstance(node, dict) else {}
    return [(example["value"], _line(example)) for example in
            (media.get("examples") or {}).values() if isinstance(example, dict)
            and "value" in example]


def _line(node: Any) -> str:
    source = node.get("x-source") if isinstance(node, dict) else None
    return f"{source.get('file')}:{source.get('line')}" if isinstance(source, dict) else ""


def _schema_for(operation: Json, status: int) -> Any:
    """The schema documented for ``status``, else the operation's (first) success schema."""
    responses = operation.get("responses") or {}
    own = _media_schema(responses.get(str(status), responses.get(status)))
    if own is not None:
        return own
    for code in sorted(responses, key=str):
        if str(code).startswith("2") or (str(code).isdigit() and int(code) < 400):
            schema = _media_schema(responses[code])
            if schema is not None:
                return schema
    return None


def _media_schema(node: Any) -> Any:
    if not isinstance(node, dict):
        return None
    media = (node.get("content") or {}).get("application/json")
    return media.get("schema") if isinstance(media, dict) else None


def _valid(document: Json, schema: Any, value: Any) -> bool:
    from openapi_schema_validator import OAS30Validator

    return bool(OAS30Validator({**schema, "components": document.get("components", {})}
                               ).is_valid(value))


def dump(value: Any) -> Any:
    """What a client returned, as JSON data (models by alias, enums as their value)."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return dump(value.model_dump(mode="json", by_alias=True, exclude_unset=True))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def same(sent: Any, got: Any) -> bool:
    """``got`` holds what ``sent`` held: equal data, a date-time in any spelling of the
    same instant, a number whose type the schema widened (1 and 1.0)."""
    if isinstance(sent, dict):
        return isinstance(got, dict) and sent.keys() == got.keys() and all(
            same(sent[k], got[k]) for k in sent)
    if isinstance(sent, list):
        return isinstance(got, list) and len(sent) == len(got) and all(
            same(a, b) for a, b in zip(sent, got, strict=True))
    if isinstance(sent, bool) or isinstance(got, bool):
        return sent is got
    if isinstance(sent, str) and isinstance(got, str) and sent != got:
        return _instant(sent) is not None and _instant(sent) == _instant(got)
    return bool(sent == got)


def difference(sent: Any, got: Any, where: str = "") -> str:
    """Where ``got`` first differs from ``sent``, and how (for the report)."""
    if isinstance(sent, dict) and isinstance(got, dict):
        for key in sent.keys() | got.keys():
            if key not in got or key not in sent:
                return f"{where}.{key}: {'missing' if key not in got else 'added'}"
            if not same(sent[key], got[key]):
                return difference(sent[key], got[key], f"{where}.{key}")
    if isinstance(sent, list) and isinstance(got, list) and len(sent) == len(got):
        for number, (a, b) in enumerate(zip(sent, got, strict=True)):
            if not same(a, b):
                return difference(a, b, f"{where}[{number}]")
    return f"{where or '.'}: {sent!r:.60} became {got!r:.60}"


def _instant(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _wire(parameters: list[Json], name: str, location: str | None = None) -> Json:
    for parameter in parameters:
        if (location is None or parameter.get("in") == location) and snake_case(
                str(parameter.get("name", "")), fallback="param").rstrip("_") == name.rstrip("_"):
            return parameter
    return {}


def _request_example(operation: Json) -> tuple[Any, str] | None:
    """The docs' request example of this operation (a variant's: from its own page)."""
    media = (((operation.get("requestBody") or {}).get("content") or {})
             .get("application/json") or {})
    page = (operation.get("x-source") or {}).get("file")
    examples = [e for e in (media.get("examples") or {}).values()
                if isinstance(e, dict) and "value" in e]
    own = [e for e in examples if (e.get("x-source") or {}).get("file") == page] or examples
    return (own[0]["value"], _line(own[0])) if own else None


def _arguments(document: Json, operation: Json, function: Any, hints: dict[str, Any],
               tally: Tally, label: str) -> tuple[list[Any], dict[str, Any], Any]:
    """The call's arguments and the body JSON it should send (None: no check)."""
    from pydantic import TypeAdapter, ValidationError

    parameters = [p for p in operation.get("parameters") or [] if isinstance(p, dict)]
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    expected: Any = None
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        required = parameter.default is inspect.Parameter.empty
        if parameter.name == "body":
            schema = _media_schema(operation.get("requestBody"))
            example = _request_example(operation)
            adapter = TypeAdapter(hints["body"])
            value: Any = None
            if example is not None:
                tally.request_examples += 1
                try:
                    value = adapter.validate_python(example[0])
                    expected = example
                except ValidationError as error:
                    first = error.errors()[0]
                    where = ".".join(str(p) for p in first["loc"])
                    tally.contradictions.append(
                        f"{example[1]}: request example of {label}: {where}: {first['msg']}")
            if value is None and (required or example is not None):
                value = adapter.validate_python(sample(document, schema or {}))
            if value is None:
                continue
        elif not required:
            continue
        else:
            spec = _wire(parameters, parameter.name)
            annotation = hints.get(parameter.name, str)
            schema = spec.get("schema") or {}
            raw = "abc" if spec.get("in") == "path" and (resolved(document, schema) or {}).get(
                "type", "string") == "string" else sample(document, schema)
            value = TypeAdapter(annotation).validate_python(raw)
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            keywords[parameter.name] = value
        else:
            positional.append(value)
    return positional, keywords, expected


def run_set(name: str, document: Json, root: Path, *, secret: str = SK) -> Tally:
    """Every call of one docs set's generated client; ``root`` holds the package. The
    client signs with ``secret`` (the server always checks against :data:`SK`)."""
    tally = Tally(name)
    try:
        package = write_client(document, name, root)
    except Exception as error:  # a generator bug: this set's row says so
        tally.problem = f"generation failed: {type(error).__name__}: {error}"[:300]
        return tally
    methods = _methods(package)
    namespace = vars(package.client)
    client_arguments = inspect.signature(package.Client).parameters
    shared = {"project_id": PROJECT} if "project_id" in client_arguments else {}
    script = _Script()
    with loopback(_judge(script)) as server:
        auth = package.AkSkAuth(AK, secret)
        with package.Client(server.base_url, auth=auth, retry=None, **shared) as client:
            for request in requests(document):
                operation = request.operation
                operation_id = str(operation.get("operationId", ""))
                tally.operations += 1
                label = f"{request.method.upper()} {request.path} ({operation_id})"
                method_name = methods.get(operation_id)
                if method_name is None:
                    tally.fail("no method for the operation", label)
                    continue
                function = getattr(package.Client, method_name)
                try:
                    hints = typing.get_type_hints(function, namespace)
                    args, kwargs, expected = _arguments(document, operation, function, hints,
                                                        tally, label)
                except Exception as error:
                    tally.calls += 1
                    tally.fail(f"arguments: {type(error).__name__}", f"{label}: {error}"[:300])
                    continue
                script.method, script.route = request.method.upper(), _route(request.path)
                for status, body, _, line in _successes(operation):
                    call = f"{label} answered {status} ({line or 'no example'})"
                    script.answer = Answer(status, body)
                    script.verdicts.clear()
                    tally.calls += 1
                    _one_call(tally, document, operation, client, method_name, args, kwargs,
                              status, body, expected, server.received, call)
                    server.received.clear()
    return tally


def _one_call(tally: Tally, document: Json, operation: Json, client: Any, method_name: str,
              args: list[Any], kwargs: dict[str, Any], status: int, body: Any, expected: Any,
              received: list[Received], call: str) -> None:
    try:
        result = getattr(client, method_name)(*args, **kwargs)
    except Exception as error:
        cause = type(error).__name__
        if received and len(received) == 1 and getattr(error, "status_code", 0) in (401, 404):
            cause = f"request refused ({'signature' if error.status_code == 401 else 'route'})"
        elif getattr(error, "status_code", None) is not None:
            cause = f"{cause} on a {status}"
        tally.fail(cause, f"{call}: {error}"[:300])
        return
    if expected is not None and received and not same(expected[0], received[-1].json()):
        request_schema = _media_schema(operation.get("requestBody"))
        contradiction = request_schema is not None and not _valid(document, request_schema,
                                                                  expected[0])
        tally.fail(f"{CONTRADICTION}request example sent as its table types it"
                   if contradiction else "request body differs from the docs' example",
                   f"{expected[1]}: request example of {call.split(' answered ')[0]}: "
                   f"{difference(expected[0], received[-1].json())}")
        return
    if body is None:
        if result is None:
            tally.typed += 1
        else:
            tally.fail("a value for an empty body", call)
        return
    if result is None:
        tally.fail("None for a body", call)
        return
    schema = _schema_for(operation, status)
    if not same(body, dump(result)):
        contradiction = schema is not None and not _valid(document, schema, body)
        tally.fail(f"{CONTRADICTION}response example parsed as its table types it"
                   if contradiction else "data lost or changed",
                   f"{call}: {difference(body, dump(result))}")
        return
    if schema is not None and _valid(document, schema, body) and _typed(result, document,
                                                                          schema):
        tally.typed += 1
    else:
        tally.as_sent += 1


def _typed(result: Any, document: Json, schema: Any) -> bool:
    """The value has the documented kind: a model for an object the docs name, a list for
    an array."""
    from pydantic import BaseModel

    node = resolved(document, schema)
    if isinstance(schema, dict) and "$ref" in schema:
        return isinstance(result, BaseModel)
    if isinstance(node, dict) and node.get("type") == "array":
        return isinstance(result, list)
    return True
