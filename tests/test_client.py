"""The generated client, sync and async, against a real HTTP server on 127.0.0.1 that
answers with the docs' own example responses."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.conftest import PROJECT
from tests.example_server import ERROR_BODY, ExampleServer, serve

PACKAGE_ROOT = PROJECT / "generated" / "python" / "modelarts"




@pytest.fixture()
def server(seed_spec: dict[str, Any]) -> Iterator[ExampleServer]:
    with serve(seed_spec) as running:
        yield running


def test_export_task_sends_the_body_and_parses_the_example(
    modelarts: ModuleType, server: ExampleServer
) -> None:
    m = modelarts.models
    body = m.ExportTaskRequestBody(
        path="/test-obs/daoChu/", export_type=3, export_params=m.ExportParams(export_dest="DIR")
    )
    with modelarts.Client(server.base_url, project_id="p1", token="t0ken") as client:
        result = client.export_task("d1", body)
    assert isinstance(result, m.ExportTaskResponse)
    assert result.task_id == "rF9NNoB56k5rtYKg2Y7"
    [seen] = server.seen
    assert (seen.method, seen.path) == ("POST", "/v2/p1/datasets/d1/export-tasks")
    assert seen.body == {
        "path": "/test-obs/daoChu/",
        "export_type": 3,
        "export_params": {"export_dest": "DIR"},
    }
    assert seen.headers["X-Auth-Token"] == "t0ken"


def test_list_tasks_query_enums_and_nested_models(
    modelarts: ModuleType, server: ExampleServer
) -> None:
    m = modelarts.models
    with modelarts.Client(server.base_url, project_id="p1") as client:
        result = client.list_tasks("d1", limit=10, offset=0, type_=m.ListTasksType.AUTO_LABEL)
    [seen] = server.seen
    assert (seen.method, seen.path) == ("GET", "/v2/p1/datasets/d1/tasks")
    assert seen.query == {"limit": ["10"], "offset": ["0"], "type": ["auto-label"]}
    task = result.tasks[0]
    assert task.task_id == "14cyxyu6UXaNT3lrPFl"
    assert task.result.hard_select_tasks[0].dataset_name == "xubo_cls_snt9_2"
    assert task.progress == 100.0
    # 'supervisory' is not in the documented options: an open enum keeps it as a string
    assert task.config.algorithm_type == "supervisory"
    assert not isinstance(task.config.algorithm_type, m.SmartTaskConfigAlgorithmType)


def test_path_parameters_are_escaped_into_one_segment(
    modelarts: ModuleType, server: ExampleServer
) -> None:
    with modelarts.Client(server.base_url, project_id="p1") as client:
        progress = client.auto_annotation_progress("d 1", "a/b")
    assert server.seen[0].path == "/v2/p1/datasets/d%201/tasks/a%2Fb"
    assert progress.resource_id == "XGrRZuCV1qmMxnsmD5u"
    assert progress.config.algorithm_type == progress.config.algorithm_type.FAST


def test_boolean_query_and_any_httpx_auth(modelarts: ModuleType, server: ExampleServer) -> None:
    class Signer(httpx.Auth):
        def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
            request.headers["Authorization"] = "SDK-HMAC-SHA256 signed"
            yield request

    with modelarts.Client(
        server.base_url,
        project_id="p1",
        auth=Signer(),
        timeout=5.0,
        transport=httpx.HTTPTransport(retries=1),
    ) as client:
        task = client.desc_workforce_task("d1", "w1", sample_stats=True)
    [seen] = server.seen
    assert seen.query == {"sample_stats": ["true"]}
    assert seen.headers["Authorization"] == "SDK-HMAC-SHA256 signed"
    assert "X-Auth-Token" not in seen.headers
    assert task.task_name == "task-e63f"
    assert task.workforces_config.workforces[0].workers[0].email == "xxx@xxx.com"


def test_an_error_status_raises_the_typed_error(
    modelarts: ModuleType, server: ExampleServer
) -> None:
    with (
        modelarts.Client(server.base_url, project_id="p1") as client,
        pytest.raises(modelarts.ApiError) as caught,
    ):
        client.auto_annotation_progress("missing", "t1")
    error = caught.value
    assert error.status_code == 404
    assert (error.error_code, error.error_msg) == (
        ERROR_BODY["error_code"],
        ERROR_BODY["error_msg"],
    )
    assert error.method == "GET" and error.url.endswith("/datasets/missing/tasks/t1")


def test_pagination_walks_the_pages(modelarts: ModuleType, server: ExampleServer) -> None:
    with modelarts.Client(server.base_url, project_id="p1") as client:
        tasks = list(client.iter_list_tasks("d1", page_size=1))
    # "offset: Start page for pagination display. The default value is 0.": page 0, 1, 2
    # of one item each; the docs' example lists two tasks, so the third page is empty
    assert [t.task_id for t in tasks] == ["14cyxyu6UXaNT3lrPFl", "5QPy73VwnwHi5NqvbcP"]
    assert [s.query["offset"] for s in server.seen] == [["0"], ["1"], ["2"]]
    assert {s.query["limit"][0] for s in server.seen} == {"1"}


def test_async_client_does_the_same(modelarts: ModuleType, server: ExampleServer) -> None:
    m = modelarts.models

    async def run() -> list[Any]:
        async with modelarts.AsyncClient(server.base_url, project_id="p1", token="t") as client:
            created = await client.export_task("d1", m.ExportTaskRequestBody(export_type=3))
            listed = await client.list_tasks("d1", limit=5)
            pages = [t async for t in client.iter_list_tasks("d1", page_size=10)]
            progress = await client.auto_annotation_progress("d1", "t1")
            team = await client.desc_workforce_task("d1", "w1", project_id="p2")
            with pytest.raises(modelarts.ApiError):
                await client.desc_workforce_task("missing", "w1")
            return [created, listed, pages, progress, team]

    created, listed, pages, progress, team = asyncio.run(run())
    assert created.task_id == "rF9NNoB56k5rtYKg2Y7"
    assert listed.tasks[0].task_id == pages[0].task_id == "14cyxyu6UXaNT3lrPFl"
    assert progress.resource_id == "XGrRZuCV1qmMxnsmD5u"
    assert team.task_name == "task-e63f"
    assert server.seen[0].body == {"export_type": 3}
    # the paginator's first page (2 tasks) may be all a capped server gives: it asks once more
    assert [s.method for s in server.seen] == ["POST"] + ["GET"] * 6
    assert [s.query.get("offset") for s in server.seen[2:4]] == [["0"], ["1"]]
    assert server.seen[5].path == "/v2/p2/datasets/d1/workforce-tasks/w1"


def test_models_use_aliases_for_names_that_are_not_identifiers(modelarts: ModuleType) -> None:
    m = modelarts.models
    metadata = m.SampleMetadata.model_validate({"@modelarts:hard_coefficient": 0.5})
    assert metadata.field_modelarts_hard_coefficient == 0.5
    assert metadata.model_dump(by_alias=True, exclude_none=True) == {
        "@modelarts:hard_coefficient": 0.5
    }


def test_methods_name_their_operation_and_doc_line(modelarts: ModuleType) -> None:
    doc = modelarts.Client.export_task.__doc__
    assert doc.startswith("Creating a Dataset Export Task (ExportTask).")
    assert "data_management/creating_a_dataset_export_task.rst:3" in doc


def test_generated_package_passes_ruff_and_mypy_strict() -> None:
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=PACKAGE_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "modelarts",
        ],
        cwd=PACKAGE_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout
    assert Path(PACKAGE_ROOT / "modelarts" / "py.typed").is_file()
