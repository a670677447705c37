"""What the spec says about the four seed operations, checked against the pages."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build import build_dir
from tests.conftest import corpus_path

Spec = dict[str, Any]
LIST_TASKS = "/v2/{project_id}/datasets/{dataset_id}/tasks"
EXPORT = "/v2/{project_id}/datasets/{dataset_id}/export-tasks"
DESC_WORKFORCE = "/v2/{project_id}/datasets/{dataset_id}/workforce-tasks/{workforce_task_id}"


def _op(spec: Spec, path: str, method: str) -> Spec:
    op: Spec = spec["paths"][path][method]
    return op


def _params(op: Spec) -> dict[tuple[str, str], Spec]:
    return {(p["in"], p["name"]): p for p in op.get("parameters", [])}


def _schema(spec: Spec, name: str) -> Spec:
    schema: Spec = spec["components"]["schemas"][name]
    return schema


def _ref(node: Spec) -> str:
    """The component a property points at, through arrays and description wrappers."""
    while True:
        if "$ref" in node:
            return str(node["$ref"]).rsplit("/", 1)[-1]
        node = node["allOf"][0] if "allOf" in node else node["items"]


def test_operations_methods_paths_and_ids(seed_spec: Spec) -> None:
    found = {(op["operationId"], method.upper(), path)
             for path, item in seed_spec["paths"].items() for method, op in item.items()}
    assert found == {
        ("ExportTask", "POST", EXPORT),
        ("ListTasks", "GET", LIST_TASKS),
        ("AutoAnnotationProgress", "GET", LIST_TASKS + "/{task_id}"),
        ("DescWorkforceTask", "GET", DESC_WORKFORCE),
    }
    op = _op(seed_spec, EXPORT, "post")
    assert op["summary"] == "Creating a Dataset Export Task"
    assert op["description"].startswith("This API is used to create a dataset export task")
    assert op["tags"] == ["Data Management"]  # the folder's name, as no index titles it
    assert op["x-source"] == {"file": "data_management/creating_a_dataset_export_task.rst",
                              "line": 3, "page": "ExportTask"}


def test_parameter_locations_types_and_required(seed_spec: Spec) -> None:
    params = _params(_op(seed_spec, LIST_TASKS, "get"))
    assert set(params) == {("path", "project_id"), ("path", "dataset_id"), ("query", "limit"),
                           ("query", "offset"), ("query", "task_name"), ("query", "type")}
    assert params[("path", "dataset_id")]["required"] is True
    assert params[("query", "limit")]["required"] is False
    assert params[("query", "limit")]["schema"] == {"type": "integer", "format": "int32",
                                                    "minimum": 1, "maximum": 100, "default": 10}
    assert params[("query", "limit")]["x-source"]["line"] == 46
    desc = _params(_op(seed_spec, DESC_WORKFORCE, "get"))
    assert desc[("query", "sample_stats")]["schema"] == {
        "type": "boolean", "default": False, "x-extensible-enum": [True, False],
        "x-enum-descriptions": ["Return sample statistics.",
                                "Do not return sample statistics. (Default value)"]}
    assert desc[("path", "workforce_task_id")]["required"] is True


def test_request_body_and_nested_components(seed_spec: Spec) -> None:
    body = _op(seed_spec, EXPORT, "post")["requestBody"]["content"]["application/json"]
    request = _schema(seed_spec, _ref(body["schema"]))
    assert "required" not in request  # every body field of ExportTask is optional
    assert request["properties"]["dataset_type"]["type"] == "integer"
    assert request["properties"]["with_column_header"]["type"] == "boolean"
    assert _ref(request["properties"]["export_params"]) == "ExportParams"

    export_params = _schema(seed_spec, "ExportParams")
    conditions = export_params["properties"]["search_conditions"]
    assert conditions["type"] == "array" and _ref(conditions) == "SearchCondition"
    assert export_params["properties"]["samples"] == {
        "type": "array", "items": {"type": "string"},
        "description": "ID list of exported samples.",
        "x-source": {"file": "data_management/creating_a_dataset_export_task.rst",
                     "line": 198}}
    condition = _schema(seed_spec, "SearchCondition")
    assert _ref(condition["properties"]["label_list"]) == "SearchLabels"
    assert _ref(condition["properties"]["metadata"]) == "SearchProp"
    assert _ref(_schema(seed_spec, "SearchLabels")["properties"]["labels"]) == "SearchLabel"


def test_map_of_string_arrays(seed_spec: Spec) -> None:
    prop = _schema(seed_spec, "SearchLabel")["properties"]["property"]
    assert prop["type"] == "object"
    assert prop["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
    assert _schema(seed_spec, "SearchProp")["properties"]["props"]["additionalProperties"] == {
        "type": "array", "items": {"type": "string"}}


def test_modelarts_property_names_are_kept(seed_spec: Spec) -> None:
    metadata = _schema(seed_spec, "SampleMetadata")["properties"]
    assert {"@modelarts:import_origin", "@modelarts:hard", "@modelarts:hard_coefficient",
            "@modelarts:hard_reasons", "@modelarts:size"} <= set(metadata)
    assert metadata["@modelarts:hard_coefficient"]["type"] == "number"


def test_status_codes_with_and_without_body(seed_spec: Spec) -> None:
    for path, method in ((EXPORT, "post"), (LIST_TASKS, "get"), (DESC_WORKFORCE, "get")):
        responses = _op(seed_spec, path, method)["responses"]
        assert list(responses) == ["200", "401", "403", "404"]
        assert "content" in responses["200"]
        assert responses["404"] == {"description": "Not Found",
                                    "x-source": responses["404"]["x-source"]}
    ok = _op(seed_spec, LIST_TASKS, "get")["responses"]["200"]["content"]["application/json"]
    response = _schema(seed_spec, _ref(ok["schema"]))
    assert set(response["properties"]) == {"exist_running_deploy_task", "tasks", "total_count"}
    assert _ref(response["properties"]["tasks"]) == "RunningTask"


def test_examples_are_parsed_and_kept_per_status(seed_spec: Spec) -> None:
    request = _op(seed_spec, EXPORT, "post")["requestBody"]["content"]["application/json"]
    first, second = request["examples"]["example1"], request["examples"]["example2"]
    assert first["summary"] == "Creating an Export Task (Exporting Data to OBS)"
    assert first["value"]["export_params"]["export_dest"] == "DIR"
    assert second["value"]["export_params"]["export_dest"] == "NEW_DATASET"
    assert first["x-source"]["line"] == 591
    response = _op(seed_spec, EXPORT, "post")["responses"]["200"]["content"]["application/json"]
    assert response["examples"]["example1"]["value"] == {"task_id": "rF9NNoB56k5rtYKg2Y7"}
    tasks = _op(seed_spec, LIST_TASKS, "get")["responses"]["200"]["content"]["application/json"]
    assert tasks["examples"]["example1"]["value"]["tasks"][0]["task_id"] == "14cyxyu6UXaNT3lrPFl"


def test_seed_examples_are_checked_against_their_schemas(seed_build) -> None:  # type: ignore[no-untyped-def]
    assert len(seed_build.examples) == 6
    failing = {(c.source.path.rsplit("/", 1)[-1], c.source.line, c.where): c.errors
               for c in seed_build.examples if not c.valid}
    # the docs' own examples use values their option lists leave out
    assert sorted(failing) == [
        ("creating_a_dataset_export_task.rst", 591, "request"),
        ("creating_a_dataset_export_task.rst", 604, "request"),
        ("obtaining_an_auto_labeling_task_list_by_page.rst", 938, "200"),
    ]
    assert failing[("creating_a_dataset_export_task.rst", 591, "request")][0].startswith(
        "export_params/sample_state: '' is not one of the documented values ['ALL', 'NONE', "
        "'UNCHECK',")
    assert failing[("obtaining_an_auto_labeling_task_list_by_page.rst", 938, "200")] == (
        "tasks/0/config/algorithm_type: 'supervisory' is not one of the documented values "
        "['fast', 'accurate']",)
    mismatches = [d for d in seed_build.diagnostics if d.code == "example-undocumented-value"]
    assert [(d.source.line, d.level.name) for d in mismatches] == [
        (591, "WARNING"), (604, "WARNING"), (938, "WARNING")]
    # each names the table row that documents the field
    assert mismatches[0].message.endswith(
        "the table row is data_management/creating_a_dataset_export_task.rst:170")
    assert mismatches[2].message.endswith(
        "the table row is data_management/obtaining_an_auto_labeling_task_list_by_page.rst:144")


# --- patterns the seeds do not show, on real corpus pages -----------------------------------
@pytest.fixture(scope="module")
def old_training_spec() -> Spec:
    folder = corpus_path("otc-modelarts-rst", "historical_apis", "training_management_old_version",
                         "training_jobs")
    result = build_dir(folder, ["creating_a_training_job.rst"], title="t")
    assert result.document is not None
    return result.document


def test_old_template_parameters_captions_and_see_table_links(old_training_spec: Spec) -> None:
    op = _op(old_training_spec, "/v1/{project_id}/training-jobs", "post")
    # :original_name: modelarts_03_0045.html is a page id: the title names it
    assert op["operationId"] == "CreateTrainingJob"
    assert op["x-source"]["page"] == "modelarts_03_0045"
    assert _params(op)[("path", "project_id")]["required"] is True
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert _ref(body) == "CreateTrainingJobRequestBody"  # after its operation
    request = _schema(old_training_spec, _ref(body))
    assert request["required"] == ["job_name", "config"]
    config = request["properties"]["config"]
    # "Object" in the Type cell, "For details, see Table 3" in the description
    assert _ref(config) == "Config"
    config_schema = _schema(old_training_spec, "Config")
    assert "worker_server_num" in config_schema["required"]
    assert _ref(config_schema["properties"]["parameter"]) == "Parameter"
    response = op["responses"]["200"]["content"]["application/json"]
    assert _ref(response["schema"]) == "CreateTrainingJobResponse"
    # "POST    https://endpoint/v1/{project_id}/training-jobs" above the JSON is split off
    example = body_examples = op["requestBody"]["content"]["application/json"]["examples"]
    example = body_examples["example1"]
    assert example["value"]["job_name"] == "TestModelArtsJob"
    assert example["x-source"]["line"] == 218


def test_several_status_codes_each_with_a_body() -> None:
    folder = corpus_path("otc-modelarts-rst", "service_task_management")
    result = build_dir(folder, ["obtaining_a_service_task.rst"], title="t")
    assert result.document is not None
    [(_path, item)] = result.document["paths"].items()
    responses = item["get"]["responses"]
    with_body = sorted(s for s, r in responses.items() if "schema" in r.get("content", {}).get(
        "application/json", {}))
    assert len(with_body) >= 2
    for status in with_body:
        assert responses[status]["content"]["application/json"]["schema"]["$ref"]


def test_links_into_another_topic_fall_back_to_the_table_named_after_the_field() -> None:
    folder = corpus_path("otc-modelarts-rst", "historical_apis", "devenviron_old_version")
    page = "modifying_the_description_of_a_development_environment_instance.rst"
    result = build_dir(folder, [page], title="t")
    assert result.document is not None
    [item] = result.document["paths"].values()
    response = item["put"]["responses"]["200"]["content"]["application/json"]["schema"]
    body = result.document["components"]["schemas"][_ref(response)]
    # the row links to "Table 12" of the topic the page was copied from; the page's own
    # "**profile** parameters" table is the one that describes it
    profile = result.document["components"]["schemas"][_ref(body["properties"]["profile"])]
    assert profile["x-source"]["line"] == 120
    assert "provision" in profile["properties"]


def test_request_examples_whose_line_leaves_out_the_method() -> None:
    folder = corpus_path("otc-modelarts-rst", "resource_management", "tag_management")
    result = build_dir(folder, ["modifying_resource_tags_of_a_resource_pool.rst"], title="t")
    assert result.document is not None
    [item] = result.document["paths"].values()
    examples = item["post"]["requestBody"]["content"]["application/json"]["examples"]
    # "https://{endpoint}/v1/{project_id}/pools/.../tags" on the line above the JSON
    assert examples["example1"]["value"]["action"] == "delete"
    assert not [d for d in result.diagnostics if d.code == "example-not-json"]


def test_the_corpus_json_bodies_parse_but_five() -> None:
    result = build_dir(corpus_path("otc-modelarts-rst"), ["**/*.rst"], title="t")
    assert len([d for d in result.diagnostics if d.code == "example-not-json"]) == 5
