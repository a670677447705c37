"""The generated client at runtime, as issue 23 lists it: strict models for the caller and
tolerant parsing of answers, any 2xx a success, raw answers, the query and header forms,
one family of errors with bounded waits, settings from the environment, request logs.
Real servers on 127.0.0.1 throughout; the committed ModelArts package is the client."""

from __future__ import annotations

import asyncio
import logging
import time
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import annotated_types
import httpx
import pydantic
import pytest

from generator.build import BuildResult
from generator.codegen.names import snake_case
from tests.loopback import Answer, Received, install, loopback

AK, SK = "HPUAQ7RSMLN4ACZAWB0U", "k3OaQ8wGvUe7HhC0L1pC2rxZpgJr5fQYvDq8iS1Z"


def _models(package: ModuleType) -> list[type[pydantic.BaseModel]]:
    base = package.base.Model
    return [value for value in vars(package.models).values()
            if isinstance(value, type) and issubclass(value, base) and value is not base]


def _wire(info: Any, name: str) -> str:
    return str(info.alias or name)


# --- 1. strict with the caller, on every model ----------------------------------------


@pytest.fixture(scope="module")
def corpus_package(corpus_build: BuildResult, tmp_path_factory: pytest.TempPathFactory
                   ) -> ModuleType:
    """The client of the whole ModelArts reference of the corpus (812 schemas)."""
    assert corpus_build.document is not None
    return install(corpus_build.document, "modelarts-corpus", tmp_path_factory.mktemp("mc"))


def test_the_issue_example_raises_naming_field_and_constraint(modelarts: ModuleType) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        modelarts.models.ExportTaskRequestBody(path=123)
    [error] = caught.value.errors()
    assert error["loc"] == ("path",) and error["type"] == "string_type"
    assert "Input should be a valid string" in str(caught.value)


def test_every_model_names_each_missing_required_field(corpus_package: ModuleType) -> None:
    checked = 0
    for model in _models(corpus_package):
        required = {_wire(info, name) for name, info in model.model_fields.items()
                    if info.is_required()}
        if not required:
            model()  # nothing required: builds empty
            continue
        with pytest.raises(pydantic.ValidationError) as caught:
            model()
        missing = {str(e["loc"][0]) for e in caught.value.errors() if e["type"] == "missing"}
        assert missing == required, model.__name__
        checked += 1
    assert checked >= 100  # the ModelArts package has well over a hundred such models


def test_every_model_rejects_a_wrong_type_in_every_typed_field(corpus_package: ModuleType) -> None:
    wrong = object()  # no documented type accepts it
    fields = 0
    for model in _models(corpus_package):
        for name, info in model.model_fields.items():
            if info.annotation is Any or Any in typing.get_args(info.annotation):
                continue  # the docs give no type (JSON, Object...): anything is right
            with pytest.raises(pydantic.ValidationError) as caught:
                model.model_validate({_wire(info, name): wrong})
            assert _wire(info, name) in {str(e["loc"][0]) for e in caught.value.errors()
                                         if e["type"] != "missing"}, (model.__name__, name)
            fields += 1
    assert fields >= 500


def _violation(constraint: Any) -> tuple[Any, str] | None:
    """A value breaking ``constraint`` and the words pydantic's message must hold."""
    if isinstance(constraint, annotated_types.MaxLen):
        return "x" * (constraint.max_length + 1), f"at most {constraint.max_length} character"
    if isinstance(constraint, annotated_types.MinLen) and constraint.min_length > 0:
        return "", f"at least {constraint.min_length} character"
    if isinstance(constraint, annotated_types.Ge) and isinstance(constraint.ge, int):
        return constraint.ge - 1, f"greater than or equal to {constraint.ge}"
    if isinstance(constraint, annotated_types.Le) and isinstance(constraint.le, int):
        return constraint.le + 1, f"less than or equal to {constraint.le}"
    return None


def test_every_documented_constraint_is_named_when_broken(corpus_package: ModuleType) -> None:
    broken = 0
    for model in _models(corpus_package):
        for name, info in model.model_fields.items():
            for constraint in info.metadata:
                found = _violation(constraint)
                if found is None:
                    continue
                value, words = found
                with pytest.raises(pydantic.ValidationError) as caught:
                    model.model_validate({_wire(info, name): value})
                messages = [e["msg"] for e in caught.value.errors()
                            if str(e["loc"][0]) == _wire(info, name)]
                assert any(words in m for m in messages), (model.__name__, name, messages)
                broken += 1
    assert broken >= 50


def test_a_response_that_strays_from_the_docs_is_kept_as_sent(modelarts: ModuleType) -> None:
    m = modelarts.models
    strayed = {"tasks": [{"task_id": 42, "progress": "most", "config": {"algorithm_type":
                                                                        "supervisory"},
                          "not_in_the_docs": [1, 2]}],
               "total_count": "2"}
    with loopback(lambda seen: Answer(200, strayed)) as server, modelarts.Client(
            server.base_url, project_id="p1") as client:
        listed = client.list_tasks("d1")
    assert isinstance(listed, m.ListTasksResponse)
    task = listed.tasks[0]
    assert (task.task_id, task.progress) == (42, "most")  # as sent, not dropped
    assert task.config.algorithm_type == "supervisory"
    assert task.model_extra == {"not_in_the_docs": [1, 2]}
    assert listed.total_count == 2  # "2" parses as the documented integer
    # the same data given by the caller is refused, naming the field
    with pytest.raises(pydantic.ValidationError, match="task_id"):
        m.ListTasksResponse.model_validate(strayed)
    assert m.ListTasksResponse.from_response(strayed).tasks[0].task_id == 42


# --- 2. any 2xx is a success ----------------------------------------------------------


@pytest.mark.parametrize(("answer", "expected"), [
    (Answer(202, {"task_id": "t-202"}), "t-202"),  # not the documented 200: same schema
    (Answer(201, {"task_id": "t-201"}), "t-201"),
    (Answer(204), None),  # no body: None
    (Answer(200), None),
    (Answer(200, raw=b"   "), None),
])
def test_any_2xx_is_a_success(modelarts: ModuleType, answer: Answer, expected: Any) -> None:
    body = modelarts.models.ExportTaskRequestBody(export_type=3)
    with loopback(lambda seen: answer) as server, modelarts.Client(
            server.base_url, project_id="p1") as client:
        created = client.export_task("d1", body)
    assert (created.task_id if created is not None else None) == expected


def test_a_success_with_an_html_body_is_a_client_error(modelarts: ModuleType) -> None:
    page = Answer(200, raw=b"<html><body>Gateway login</body></html>", content_type="text/html",
                  headers={"X-Request-Id": "req-html"})
    with loopback(lambda seen: page) as server, modelarts.Client(
            server.base_url, project_id="p1") as client:
        with pytest.raises(modelarts.ResponseError) as caught:
            client.auto_annotation_progress("d1", "t1")
        raw = client.with_raw_response.auto_annotation_progress("d1", "t1")
    error = caught.value
    assert isinstance(error, modelarts.ClientError)
    assert not isinstance(error, ValueError)  # not json's JSONDecodeError
    assert (error.status_code, error.request_id) == (200, "req-html")
    assert "text/html" in str(error) and "Gateway login" in str(error)
    assert raw.status_code == 200 and "Gateway login" in raw.text


def test_an_operation_without_a_documented_body_returns_what_was_sent(
        tmp_path: Path) -> None:
    document = {"openapi": "3.0.3", "info": {"title": "DNS", "version": "1"}, "paths": {
        "/v2/zones/{zone_id}": {"delete": {"operationId": "DeleteZone",
                                           "responses": {"default": {"description": "x"}}}}}}
    dns = install(document, "dns-as-sent", tmp_path)
    answers = iter([Answer(202, {"id": "z1", "status": "PENDING_DELETE"}), Answer(204)])
    with loopback(lambda seen: next(answers)) as server, dns.Client(server.base_url) as client:
        assert client.delete_zone("z1") == {"id": "z1", "status": "PENDING_DELETE"}
        assert client.delete_zone("z1") is None


# --- 3. raw answers -----------------------------------------------------------------


def test_with_raw_response_gives_the_whole_answer(modelarts: ModuleType) -> None:
    headers = {"X-Request-Id": "req-7"}
    with loopback(lambda seen: Answer(202, {"task_id": "t1"}, headers)) as server, \
            modelarts.Client(server.base_url, project_id="p1") as client:
        raw = client.with_raw_response.export_task(
            "d1", modelarts.models.ExportTaskRequestBody(export_type=3))
    assert isinstance(raw, modelarts.RawResponse)
    assert (raw.status_code, raw.request_id, raw.headers["X-Request-Id"]) == (202, "req-7",
                                                                                "req-7")
    assert raw.method == "POST" and raw.url.endswith("/v2/p1/datasets/d1/export-tasks")
    assert raw.elapsed.total_seconds() > 0
    assert raw.json() == {"task_id": "t1"}
    parsed = raw.parse()
    assert isinstance(parsed, modelarts.models.ExportTaskResponse) and parsed.task_id == "t1"
    hints = typing.get_type_hints(modelarts.client.ClientWithRawResponse.__init__)
    assert hints["client"] is modelarts.Client


def test_raw_answers_of_the_async_client_and_errors_still_raise(modelarts: ModuleType) -> None:
    def answer(seen: Received) -> Answer:
        if "missing" in seen.path:
            return Answer(404, {"error_code": "ModelArts.4352", "error_msg": "no dataset"})
        return Answer(200, {"resource_id": "r1"})

    async def run(base_url: str) -> Any:
        async with modelarts.AsyncClient(base_url, project_id="p1") as client:
            raw = await client.with_raw_response.auto_annotation_progress("d1", "t1")
            with pytest.raises(modelarts.ApiError) as caught:
                await client.with_raw_response.auto_annotation_progress("missing", "t1")
            return raw, caught.value

    with loopback(answer) as server:
        raw, error = asyncio.run(run(server.base_url))
    assert raw.status_code == 200 and raw.parse().resource_id == "r1"
    assert (error.status_code, error.error_code, error.response.status_code) == (
        404, "ModelArts.4352", 404)


# --- 5. query and header forms --------------------------------------------------------


FORMS_SPEC: dict[str, Any] = {
    "openapi": "3.0.3", "info": {"title": "Forms", "version": "1"},
    "paths": {"/v1/things": {"get": {
        "operationId": "ListThings",
        "parameters": [
            {"name": "ids", "in": "query", "schema": {"type": "array",
                                                       "items": {"type": "string"}}},
            {"name": "names", "in": "query", "style": "form", "explode": False,
             "schema": {"type": "array", "items": {"type": "string"}}},
            {"name": "levels", "in": "query", "style": "pipeDelimited", "explode": False,
             "schema": {"type": "array", "items": {"type": "integer"}}},
            {"name": "filter", "in": "query", "style": "deepObject", "explode": True,
             "schema": {"$ref": "#/components/schemas/Filter"}},
            {"name": "range", "in": "query", "schema": {"$ref": "#/components/schemas/Range"}},
            {"name": "tags", "in": "query", "schema": {"type": "array", "items": {
                "$ref": "#/components/schemas/Tag"}}},
            {"name": "labels", "in": "query", "explode": False,
             "schema": {"type": "array", "items": {"type": "object"}}},
            {"name": "enabled", "in": "query", "schema": {"type": "boolean"}},
            {"name": "X-Zones", "in": "header", "schema": {"type": "array",
                                                            "items": {"type": "string"}}},
            {"name": "X-Labels", "in": "header", "explode": True,
             "schema": {"$ref": "#/components/schemas/Filter"}},
        ],
        "responses": {"200": {"description": "ok"}}}}},
    "components": {"schemas": {
        "Filter": {"type": "object", "properties": {"status": {"type": "string"},
                                                    "owner": {"type": "string"}}},
        "Range": {"type": "object", "properties": {"low": {"type": "integer"},
                                                   "high": {"type": "integer"}}},
        "Tag": {"type": "object", "properties": {"key": {"type": "string"},
                                                 "value": {"type": "string"}}},
    }},
}


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return install(FORMS_SPEC, "query-forms", tmp_path_factory.mktemp("forms"))


@pytest.mark.parametrize(("arguments", "query"), [
    ({"ids": ["a", "b"]}, "ids=a&ids=b"),  # form, exploded: the name repeated
    ({"names": ["a", "b c"]}, "names=a%2Cb+c"),  # form, explode false: comma-separated
    ({"levels": [1, 2]}, "levels=1%7C2"),  # pipeDelimited
    ({"filter": {"status": "active", "owner": "me"}},
     "filter%5Bstatus%5D=active&filter%5Bowner%5D=me"),  # deepObject
    ({"range": {"low": 1, "high": 9}}, "low=1&high=9"),  # an object, form exploded
    ({"tags": [{"key": "env", "value": "prod"}, {"key": "team", "value": "ml"}]},
     "tags=env%3Dprod&tags=team%3Dml"),  # a key/value list: key=value pairs
    # DCS: "tags={key}={value}", "separate key-value pairs with commas"
    ({"labels": [{"env": "prod"}, {"key": "team", "value": "ml"}]},
     "labels=env%3Dprod%2Cteam%3Dml"),
    ({"enabled": False}, "enabled=false"),
])
def test_each_query_form_is_written_as_documented(forms: ModuleType, arguments: dict[str, Any],
                                                  query: str) -> None:
    m = forms.models
    typed = {"filter": m.Filter, "range": m.Range}
    values = {snake_case(k): typed[k].model_validate(v) if k in typed else
              [m.Tag.model_validate(t) for t in v] if k == "tags" else v
              for k, v in arguments.items()}
    with loopback(lambda seen: Answer(200)) as server, forms.Client(server.base_url) as client:
        client.list_things(**values)
    assert server.received[0].raw_query == query


def test_each_header_form_is_written_as_documented(forms: ModuleType) -> None:
    with loopback(lambda seen: Answer(200)) as server, forms.Client(server.base_url) as client:
        client.list_things(x_zones=["eu-de-01", "eu-de-02"],
                           x_labels=forms.models.Filter(status="on", owner="me"))
    seen = server.received[0].headers
    assert seen["X-Zones"] == "eu-de-01,eu-de-02"  # simple: comma-separated
    assert seen["X-Labels"] == "status=on,owner=me"  # simple, exploded object


# --- 6. errors and time ---------------------------------------------------------------


def test_a_hung_endpoint_is_a_timeout_error(modelarts: ModuleType) -> None:
    hung = Answer(200, {"resource_id": "r1"}, delay=3.0)
    with loopback(lambda seen: hung) as server, modelarts.Client(
            server.base_url, project_id="p1", timeout=httpx.Timeout(0.3),
            retry=modelarts.Retry(backoff=0.0, budget=1.0)) as client:
        started = time.monotonic()
        with pytest.raises(modelarts.RequestTimeout) as caught:
            client.auto_annotation_progress("d1", "t1")
        waited = time.monotonic() - started
    assert isinstance(caught.value, modelarts.TransportError)
    assert isinstance(caught.value, TimeoutError)  # the builtin too
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert caught.value.url.endswith("/v2/p1/datasets/d1/tasks/t1")
    assert waited < 2.0  # the budget, not 3 attempts x the server's 3 s


def test_the_retry_budget_bounds_a_busy_server(modelarts: ModuleType) -> None:
    busy = Answer(503, {"error_code": "APIGW.0308", "error_msg": "busy"},
                  {"Retry-After": "0.4"})
    with loopback(lambda seen: busy) as server, modelarts.Client(
            server.base_url, project_id="p1",
            retry=modelarts.Retry(attempts=10, budget=1.0)) as client:
        started = time.monotonic()
        with pytest.raises(modelarts.ApiError):
            client.auto_annotation_progress("d1", "t1")
        waited = time.monotonic() - started
    assert waited < 1.5 and 2 <= len(server.received) <= 3


def test_a_refused_connection_is_a_transport_error(modelarts: ModuleType) -> None:
    with loopback(lambda seen: Answer(200)) as server:
        base_url = server.base_url  # the server is gone once the block ends
    with modelarts.Client(base_url, project_id="p1", retry=None) as client, \
            pytest.raises(modelarts.TransportError) as caught:
        client.auto_annotation_progress("d1", "t1")
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_the_defaults_wait_seconds_not_minutes(modelarts: ModuleType) -> None:
    timeout = modelarts.sending.DEFAULT_TIMEOUT
    assert (timeout.connect, timeout.read) == (5.0, 30.0)
    assert modelarts.DEFAULT_RETRY.budget == 60.0


# --- 7. settings from the environment, X-Project-Id, region, logs, request() -----------


def _vendor_check(seen: Received) -> None:
    from tests.vendor_signer import vendor_authorization
    assert seen.headers["Authorization"] == vendor_authorization(seen, AK, SK,
                                                                 project_id=True)


def test_vendor_variables_give_signed_calls_with_the_project(
        modelarts: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("huaweicloudsdkcore", reason="the vendor's signer is a dev dependency")
    monkeypatch.chdir(tmp_path)  # no ./clouds.yaml
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", AK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", SK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "proj-env")
    monkeypatch.setenv("OS_PROJECT_ID", "proj-openstack")  # the vendor's name wins
    with loopback(lambda seen: Answer(200, {"resource_id": "r1"})) as server, \
            modelarts.Client.from_environment(base_url=server.base_url) as client:
        client.auto_annotation_progress("d1", "t1")
    [seen] = server.received
    assert seen.path == "/v2/proj-env/datasets/d1/tasks/t1"
    assert seen.headers["X-Project-Id"] == "proj-env"
    _vendor_check(seen)


def test_clouds_yaml_and_region_give_the_endpoint(
        modelarts: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "clouds.yaml"
    config.write_text(
        "clouds:\n"
        "  otc:  # the cloud OS_CLOUD names\n"
        "    region_name: eu-nl\n"
        "    auth:\n"
        "      project_id: 'proj-yaml'\n"
        f"      ak: {AK}\n"
        f"      sk: \"{SK}\"\n"
        "  other:\n"
        "    region_name: eu-de\n", encoding="utf-8")
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID",
                 "OS_PROJECT_ID", "OS_REGION_NAME", "OS_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(config))
    monkeypatch.setenv("OS_CLOUD", "otc")
    settings = modelarts.settings.settings_from_environment()
    assert (settings.ak, settings.project_id, settings.region) == (AK, "proj-yaml", "eu-nl")
    assert SK not in repr(settings)
    # PyYAML's reading and the package's own reader agree on the file
    assert modelarts.settings._block_mappings(config.read_text()) == \
        modelarts.settings.load_yaml(config.read_text())
    with modelarts.Client.from_environment() as client:
        assert str(client._http.base_url) == "https://modelarts.eu-nl.otc.t-systems.com"
    with modelarts.Client(region="eu-de") as client:
        assert str(client._http.base_url) == "https://modelarts.eu-de.otc.t-systems.com"
    with modelarts.Client() as client:  # the docs' default region
        assert str(client._http.base_url) == "https://modelarts.eu-de.otc.t-systems.com"


def test_project_header_logs_and_calls_the_docs_do_not_describe(
        modelarts: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("huaweicloudsdkcore", reason="the vendor's signer is a dev dependency")
    answers = {"/v2/p1/custom/things": Answer(200, {"things": [1]}, {"X-Request-Id": "req-9"})}

    def answer(seen: Received) -> Answer:
        return answers.get(seen.path, Answer(200, {"resource_id": "r1"}))

    caplog.set_level(logging.DEBUG, logger="modelarts")
    with loopback(answer) as server, modelarts.Client(
            server.base_url, project_id="p1", auth=modelarts.AkSkAuth(AK, SK)) as client:
        client.auto_annotation_progress("d1", "t1")
        assert client.request("GET", "/v2/{project_id}/custom/things",
                              params={"limit": 5}) == {"things": [1]}
        raw = client.with_raw_response.request("GET", "/v2/{project_id}/custom/things")
    assert raw.request_id == "req-9"
    for seen in server.received:
        assert seen.headers["X-Project-Id"] == "p1"
        _vendor_check(seen)
    assert server.received[1].target == "/v2/p1/custom/things?limit=5"
    lines = [r.getMessage() for r in caplog.records if r.name == "modelarts"]
    assert lines[1] == (f"GET {server.base_url}/v2/p1/custom/things?limit=5 -> 200 in "
                        f"{lines[1].split(' in ')[1].split(' ')[0]} s (request id req-9)")
    text = caplog.text
    assert SK not in text and "Signature=" not in text and "Authorization" not in text


# --- the class datamodel-code-generator chose for a component -------------------------


def test_a_component_renamed_by_the_model_generator_is_still_its_class(
        tmp_path: Path) -> None:
    # As cloud-eye's spec once was: an inline array item (Dimensions.event: [string ≤ 131])
    # takes the class name EventItem first, so the component EventItem becomes class
    # EventItem1; the client referred to "EventItem" (the string root model) and sent
    # nothing right. Codegen reads any spec, so the collision is written out here.
    event_item = {"type": "object", "required": ["event_name", "event_source"],
                  "properties": {"event_name": {"type": "string"},
                                 "event_source": {"type": "string",
                                                  "pattern": "^[A-Za-z0-9_]*$"}}}
    document: dict[str, Any] = {
        "openapi": "3.0.3", "info": {"title": "ces", "version": "1"},
        "servers": [{"url": "https://localhost"}],
        "paths": {"/events": {"post": {
            "operationId": "ReportEvent",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/EventItem"}}}}},
            "responses": {"201": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Dimensions"}}}}}}}},
        "components": {"schemas": {
            "Dimensions": {"type": "object", "properties": {"event": {
                "type": "array", "items": {"type": "string", "maxLength": 131}}}},
            "EventItem": event_item}}}
    ces = install(document, "ces-events", tmp_path)
    hints = typing.get_type_hints(ces.Client.report_event, vars(ces.client))
    assert hints["body"] == list[ces.models.EventItem1]
    assert issubclass(ces.models.EventItem, pydantic.RootModel)  # the inline item's class
    with pytest.raises(pydantic.ValidationError, match="event_source"):
        ces.models.EventItem1.model_validate({"event_name": "a", "event_source": "a.b"})
    event = ces.models.EventItem1.model_validate({"event_name": "systemInvaded",
                                                   "event_source": "financial_System"})
    answer = Answer(201, {"event": ["ev1"]})
    with loopback(lambda seen: answer) as server, ces.Client(server.base_url) as client:
        client.report_event([event])
    sent = server.received[0].json()
    assert sent == [{"event_name": "systemInvaded", "event_source": "financial_System"}]
