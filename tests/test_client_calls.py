"""How a call looks and what it survives: arguments in the path's order with
``project_id`` set once on the client, a method per action variant, open enums from
``x-extensible-enum``, retries on 429/5xx with ``Retry-After``, and the error a failed
call raises (with the request id). Real servers on 127.0.0.1 throughout."""

from __future__ import annotations

import asyncio
import inspect
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from generator.codegen.client import shared_path_parameters
from tests.loopback import Answer, Received, install, loopback

SPECS = Path(__file__).parent / "specs"




@pytest.fixture(scope="module")
def evs(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    document = yaml.safe_load((SPECS / "volume_actions.yaml").read_text(encoding="utf-8"))
    return install(document, "evs-actions", tmp_path_factory.mktemp("evs"))


def _parameters(function: Any) -> list[tuple[str, str]]:
    return [(p.name, p.kind.name) for p in inspect.signature(function).parameters.values()]


# --- arguments ----------------------------------------------------------------------


def test_path_parameters_come_first_in_the_path_order(modelarts: ModuleType) -> None:
    # GET /v2/{project_id}/datasets/{dataset_id}/workforce-tasks/{workforce_task_id}
    assert _parameters(modelarts.Client.desc_workforce_task) == [
        ("self", "POSITIONAL_OR_KEYWORD"),
        ("dataset_id", "POSITIONAL_OR_KEYWORD"),
        ("workforce_task_id", "POSITIONAL_OR_KEYWORD"),
        ("project_id", "KEYWORD_ONLY"),
        ("label_stats", "KEYWORD_ONLY"),
        ("sample_stats", "KEYWORD_ONLY"),
        ("workforce_stats", "KEYWORD_ONLY"),
    ]
    # the body follows the path's parameters
    assert [name for name, _ in _parameters(modelarts.Client.export_task)] == [
        "self", "dataset_id", "body", "project_id"]
    assert "project_id" in inspect.signature(modelarts.Client).parameters


def test_project_id_from_the_client_or_the_call(modelarts: ModuleType) -> None:
    def answer(seen: Received) -> Answer:
        return Answer(200, {"resource_id": "r1"})

    with loopback(answer) as server:
        with modelarts.Client(server.base_url, project_id="p1") as client:
            client.auto_annotation_progress("d1", "t1")
            client.auto_annotation_progress("d1", "t1", project_id="p2")
        with modelarts.Client(server.base_url) as client:
            client.auto_annotation_progress("d1", "t1", project_id="p3")
            with pytest.raises(TypeError, match="project_id is missing"):
                client.auto_annotation_progress("d1", "t1")
    assert [s.path for s in server.received] == [
        "/v2/p1/datasets/d1/tasks/t1", "/v2/p2/datasets/d1/tasks/t1",
        "/v2/p3/datasets/d1/tasks/t1"]


# --- action variants and open enums (the contract's forms) ---------------------------


def test_a_method_per_action_variant_sending_its_own_body(evs: ModuleType) -> None:
    m = evs.models
    assert _parameters(evs.Client.evs_04_2084) == [
        ("self", "POSITIONAL_OR_KEYWORD"), ("volume_id", "POSITIONAL_OR_KEYWORD"),
        ("body", "POSITIONAL_OR_KEYWORD"), ("project_id", "KEYWORD_ONLY")]
    hints = {name: str(inspect.signature(getattr(evs.Client, name)).parameters["body"]
                       .annotation) for name in ("evs_04_2083", "evs_04_2084", "evs_04_2087",
                                                 "volumes_action")}
    assert hints == {
        "evs_04_2083": "models.Evs042083Request",
        "evs_04_2084": "models.Evs042084Request",
        "evs_04_2087": "models.Evs042087Request",
        "volumes_action": "models.Evs042083Request | models.Evs042084Request"
                          " | models.Evs042087Request",
    }
    doc = evs.Client.evs_04_2087.__doc__
    assert doc.startswith("Attaching an EVS Disk (Deprecated) (evs_04_2087, a body of "
                          "VolumesAction).")
    assert "Deprecated in the docs." in doc
    assert "disk_management/attaching_an_evs_disk_deprecated.rst:5" in doc

    with loopback(lambda seen: Answer(202)) as server, evs.Client(
            server.base_url, project_id="p1") as client:
        client.evs_04_2083("v 1", m.Evs042083Request(os_extend=m.OsExtend(new_size=20)))
        client.evs_04_2084("v1", m.Evs042084Request.model_validate(
            {"os-set_bootable": {"bootable": True}}))
        client.volumes_action("v1", m.Evs042087Request.model_validate(
            {"os-attach": {"instance_uuid": "i1"}}))
        # a field set to None is sent as null (OpenStack's {"lock": null}); unset ones not
        client.volumes_action("v1", m.Evs042087Request.model_validate(
            {"os-attach": {"instance_uuid": "i1", "mountpoint": None}}))
    assert [(s.method, s.path, s.json()) for s in server.received] == [
        ("POST", "/v2/p1/volumes/v%201/action", {"os-extend": {"new_size": 20}}),
        ("POST", "/v2/p1/volumes/v1/action", {"os-set_bootable": {"bootable": True}}),
        ("POST", "/v2/p1/volumes/v1/action", {"os-attach": {"instance_uuid": "i1"}}),
        ("POST", "/v2/p1/volumes/v1/action",
         {"os-attach": {"instance_uuid": "i1", "mountpoint": None}}),
    ]


def test_extensible_enums_are_open(evs: ModuleType) -> None:
    m = evs.models
    assert [member.value for member in m.VolumeStatus] == ["available", "in-use", "error"]
    assert [member.value for member in m.Evs042070SortDir] == ["asc", "desc"]
    bodies = iter([{"volume": {"id": "v1", "status": "in-use"}},
                   {"volume": {"id": "v1", "status": "retyping"}}])  # not in the docs' list
    with loopback(lambda seen: Answer(200, next(bodies))) as server, evs.Client(
            server.base_url, project_id="p1") as client:
        known = client.evs_04_2070("v1", sort_dir=m.Evs042070SortDir.DESC)
        unknown = client.evs_04_2070("v1", sort_dir="random")
    assert known.volume.status is m.VolumeStatus.IN_USE
    assert unknown.volume.status == "retyping"
    assert [s.query for s in server.received] == [{"sort_dir": ["desc"]},
                                                  {"sort_dir": ["random"]}]


# --- retries ------------------------------------------------------------------------


def _script(*answers: Answer) -> Any:
    """Answers in order; the last one again and again."""
    queue = list(answers)

    def answer(seen: Received) -> Answer:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return answer


BUSY = Answer(503, {"error_code": "APIGW.0308", "error_msg": "The request is throttled."},
              {"X-Request-Id": "req-503"})
PROGRESS = Answer(200, {"resource_id": "r1"})


def test_idempotent_calls_are_retried_on_5xx_with_backoff(modelarts: ModuleType) -> None:
    retry = modelarts.Retry(backoff=0.05)
    with loopback(_script(BUSY, Answer(502), PROGRESS)) as server, modelarts.Client(
            server.base_url, project_id="p1", retry=retry) as client:
        started = time.monotonic()
        progress = client.auto_annotation_progress("d1", "t1")
        waited = time.monotonic() - started
    assert progress.resource_id == "r1"
    assert len(server.received) == 3
    assert waited >= 0.025 + 0.05  # at least half of each backoff: 0.05, then 0.1


def test_retry_after_is_waited_out(modelarts: ModuleType) -> None:
    throttled = Answer(429, {"error_code": "APIGW.0308", "error_msg": "Too many requests"},
                       {"Retry-After": "1"})
    with loopback(_script(throttled, PROGRESS)) as server, modelarts.Client(
            server.base_url, project_id="p1", retry=modelarts.Retry(backoff=0.0)) as client:
        started = time.monotonic()
        client.auto_annotation_progress("d1", "t1")
        waited = time.monotonic() - started
    assert len(server.received) == 2
    assert 1.0 <= waited < 5.0


def test_post_is_not_retried_unless_asked(modelarts: ModuleType) -> None:
    m = modelarts.models
    body = m.ExportTaskRequestBody(export_type=3)
    created = Answer(200, {"task_id": "t1"})
    with loopback(_script(BUSY, created)) as server:
        with modelarts.Client(server.base_url, project_id="p1") as client, pytest.raises(
                modelarts.ApiError) as caught:
            client.export_task("d1", body)
        assert len(server.received) == 1
        asked = modelarts.Retry(backoff=0.0, methods=modelarts.IDEMPOTENT | {"POST"})
        with modelarts.Client(server.base_url, project_id="p1", retry=asked) as client:
            assert client.export_task("d1", body).task_id == "t1"
    assert len(server.received) == 2
    error = caught.value
    assert (error.status_code, error.error_code, error.request_id) == (
        503, "APIGW.0308", "req-503")
    assert error.method == "POST" and error.url.endswith("/v2/p1/datasets/d1/export-tasks")
    assert "request id req-503" in str(error)


def test_retries_run_out_and_none_means_none(modelarts: ModuleType) -> None:
    with loopback(_script(BUSY)) as server:
        few = modelarts.Retry(attempts=2, backoff=0.0)
        with modelarts.Client(server.base_url, project_id="p1", retry=few) as client, \
                pytest.raises(modelarts.ApiError):
            client.auto_annotation_progress("d1", "t1")
        assert len(server.received) == 3
        with modelarts.Client(server.base_url, project_id="p1", retry=None) as client, \
                pytest.raises(modelarts.ApiError):
            client.auto_annotation_progress("d1", "t1")
        assert len(server.received) == 4


def test_a_dropped_connection_is_retried(modelarts: ModuleType) -> None:
    with loopback(_script(Answer(status=0), PROGRESS)) as server, modelarts.Client(
            server.base_url, project_id="p1", retry=modelarts.Retry(backoff=0.0)) as client:
        assert client.auto_annotation_progress("d1", "t1").resource_id == "r1"
    assert len(server.received) == 2
    with loopback(_script(Answer(status=0))) as server, modelarts.Client(
            server.base_url, project_id="p1", retry=None) as client, \
            pytest.raises(modelarts.TransportError) as caught:
        client.auto_annotation_progress("d1", "t1")
    # the client's own error type, with httpx's as its cause
    assert isinstance(caught.value, modelarts.ClientError)
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert caught.value.url == f"{server.base_url}/v2/p1/datasets/d1/tasks/t1"


def test_the_async_client_retries_too(modelarts: ModuleType) -> None:
    async def call(base_url: str) -> Any:
        async with modelarts.AsyncClient(base_url, project_id="p1",
                                         retry=modelarts.Retry(backoff=0.0)) as client:
            return await client.auto_annotation_progress("d1", "t1")

    with loopback(_script(BUSY, BUSY, PROGRESS)) as server:
        assert asyncio.run(call(server.base_url)).resource_id == "r1"
    assert len(server.received) == 3


def test_retry_delays(modelarts: ModuleType) -> None:
    retry = modelarts.Retry(backoff=1.0, max_backoff=5.0)
    assert all(0.5 <= retry.delay(0) <= 1.0 for _ in range(20))
    assert all(2.0 <= retry.delay(2) <= 4.0 for _ in range(20))
    assert all(2.5 <= retry.delay(9) <= 5.0 for _ in range(20))  # capped
    request = httpx.Request("GET", "http://127.0.0.1/")
    later = httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"},
                           request=request)
    assert retry.delay(0, later) == 0.0  # a date in the past: no wait
    assert retry.delay(0, httpx.Response(503, headers={"Retry-After": "120"},
                                         request=request)) == 5.0  # at most max_backoff


# --- errors -------------------------------------------------------------------------


def test_openstack_error_bodies_and_request_ids(modelarts: ModuleType) -> None:
    missing = Answer(404, {"itemNotFound": {"message": "Volume could not be found",
                                            "code": 404}},
                     {"X-Openstack-Request-Id": "req-0b5e"})
    with loopback(_script(missing)) as server, modelarts.Client(
            server.base_url, project_id="p1") as client, pytest.raises(
                modelarts.ApiError) as caught:
        client.auto_annotation_progress("d1", "t1")
    error = caught.value
    assert (error.status_code, error.error_code, error.error_msg, error.request_id) == (
        404, "404", "Volume could not be found", "req-0b5e")
    assert error.method == "GET"
    assert error.url == f"{server.base_url}/v2/p1/datasets/d1/tasks/t1"


def test_a_spec_without_schemas_gives_a_client(tmp_path: Path) -> None:
    # the DNS reference builds today to operations with no body at all
    document = {"openapi": "3.0.3", "info": {"title": "DNS", "version": "1"}, "paths": {
        "/v2/zones/{zone_id}": {"delete": {"operationId": "DeleteZone",
                                           "responses": {"202": {"description": "ok"}}}}}}
    dns = install(document, "dns-bare", tmp_path)
    with loopback(lambda seen: Answer(202)) as server, dns.Client(server.base_url) as client:
        assert client.delete_zone("z1") is None
    assert [(s.method, s.path) for s in server.received] == [("DELETE", "/v2/zones/z1")]


def test_the_shared_parameter_is_the_scope_after_the_version() -> None:
    def paths(*templates: str) -> dict[str, Any]:
        return {"paths": {t: {"get": {"responses": {}}} for t in templates}}

    # the corpus' prefixes: /v2/, /V1.0/, /autoscaling-api/v1/; most operations have it
    assert shared_path_parameters(paths(
        "/v2/{project_id}/zones", "/V1.0/{project_id}/a/{a_id}",
        "/autoscaling-api/v1/{project_id}/groups", "/v2/zones/{zone_id}")) == ["project_id"]
    # a variable after a collection names a resource (DNS, IMS, IAM), never the scope
    assert shared_path_parameters(paths("/v2/zones/{zone_id}", "/v2/zones/{zone_id}/x")) == []
    # fewer than half of the operations: left to each call
    assert shared_path_parameters(paths("/v2/{project_id}/a", "/v2/b", "/v2/c")) == []
