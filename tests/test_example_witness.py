"""The docs' own examples as witnesses against what a row's type cell says.

* JSON held in a string field and described by a table: the string stays a string
  (that is what the server sends), and the table becomes the schema of its JSON text
  (``x-contentSchema``, OpenAPI 3.1's ``contentSchema`` for 3.0), where the examples
  give the field as JSON text showing the table's keys. A string whose examples are not
  JSON (a cron expression whose parts a table explains) stays a string, and the table's
  rows stay out with a diagnostic.
* A row typed as scalars whose examples give objects with the keys of a table named
  after it ("Array of strings", "Specifies the export_location objects") is read as
  those objects, with a ``type-against-example`` warning at the row."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from generator.build import BuildResult, build_dir
from generator.document import ref_target
from tests.conftest import corpus_path

PAGES = Path(__file__).parent / "pages" / "meaning"


def _schema(result: BuildResult, node: dict[str, Any]) -> dict[str, Any]:
    assert result.document is not None
    while "$ref" in node or len(node.get("allOf", [])) == 1:
        node = ref_target(result.document, (node.get("allOf") or [node])[0]["$ref"])
    return node


def _line(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.strip().startswith(start))


def _response(result: BuildResult, path: str, method: str = "get") -> dict[str, Any]:
    assert result.document is not None, result.spec_errors
    op = result.document["paths"][path][method]
    return _schema(result, op["responses"]["200"]["content"]["application/json"]["schema"])


def test_a_string_whose_example_is_json_text_gets_its_table_as_content_schema() -> None:
    result = build_dir(PAGES, ["json_text.rst"], title="t")
    body = _response(result, "/v1/{project_id}/pipelines/{pipeline_id}")
    settings = body["properties"]["settings"]
    assert settings["type"] == "string"
    assert settings["x-contentMediaType"] == "application/json"
    content = _schema(result, settings["x-contentSchema"])
    assert {name: p["type"] for name, p in content["properties"].items()} == {
        "retries": "integer", "notify": "boolean"}
    assert content["properties"]["retries"]["x-source"]["line"] == _line(
        PAGES / "json_text.rst", "retries")
    # no link, but the example's JSON text has exactly the keys of one object table
    stats = _schema(result, body["properties"]["stats"]["x-contentSchema"])
    assert set(stats["properties"]) == {"runs", "failures"}
    # the example ("0 2 * * *") is no JSON: the table explains the value, it has no fields
    schedule = body["properties"]["schedule"]
    assert schedule == {"type": "string", "description": schedule["description"],
                        "x-source": schedule["x-source"]}
    unreached = [d.source.line for d in result.diagnostics if d.code == "unreached-table"]
    assert unreached == [_line(PAGES / "json_text.rst", ".. table:: **Table 4**")]
    assert result.coverage is not None
    assert {row.name for row in result.coverage.missed} == {"Minute", "Hour"}


def test_real_json_text_fields_in_an_example_that_is_not_json_elsewhere(
        tmp_path: Path) -> None:
    """ModelArts' training job version: ``model_metric_list`` is typed String and its
    example is JSON text, in a response example that does not parse as a whole
    (``"engine_type": ,``): the nested tables (metric, metric_values, total_metric...)
    are the text's schema, every row placed."""
    page = corpus_path("otc-modelarts-rst", "historical_apis", "training_management_old_version",
                       "training_jobs", "querying_the_details_about_a_training_job_version.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.document is not None and result.coverage is not None
    assert result.coverage.missed == []
    [op] = result.document["paths"].values()
    body = _schema(result, op["get"]["responses"]["200"]["content"]["application/json"]
                   ["schema"])
    held = body["properties"]["model_metric_list"]
    assert held["type"] == "string"
    content = _schema(result, held["x-contentSchema"])
    assert set(content["properties"]) == {"metric", "total_metric"}
    total = _schema(result, content["properties"]["total_metric"])
    values = _schema(result, total["properties"]["total_metric_values"])
    values = _schema(result, values.get("items", values))
    assert values["properties"]["f1_score"]["type"] == "number"


def test_real_json_text_laid_out_over_lines(tmp_path: Path) -> None:
    """SMN's topic policy: ``value`` (String) holds the policy as JSON text, which the
    example lays out over several lines inside the string."""
    page = corpus_path("otc-services", "simple-message-notification", "apis",
                       "topic_operations", "updating_a_topic_policy.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.document is not None and result.coverage is not None
    assert result.coverage.missed == []
    [item] = result.document["paths"].values()
    body = _schema(result, item["put"]["requestBody"]["content"]["application/json"]["schema"])
    value = body["properties"]["value"]
    assert value["type"] == "string" and value["x-contentMediaType"] == "application/json"
    policy = _schema(result, value["x-contentSchema"])
    assert set(policy["properties"]) == {"Version", "Id", "Statement"}
    assert policy["properties"]["Version"]["x-source"]["line"] == _line(page, "| Version")


def test_objects_in_the_example_and_a_table_named_after_the_field_outvote_the_type() -> None:
    page = PAGES / "type_against_example.rst"
    result = build_dir(PAGES, [page.name], title="t")
    body = _response(result, "/v2/{project_id}/shares/{share_id}/mounts")
    mounts = body["properties"]["mounts"]
    assert mounts["type"] == "array"
    item = _schema(result, mounts["items"])
    assert {name: p["type"] for name, p in item["properties"].items()} == {
        "path": "string", "preferred": "boolean"}
    # strings in the example: the type cell stands
    assert body["properties"]["tags"]["items"] == {"type": "string"}
    warned = [d.source.line for d in result.diagnostics if d.code == "type-against-example"]
    assert warned == [_line(page, "mounts")]
    assert result.coverage is not None and result.coverage.missed == []


def test_real_array_of_strings_whose_example_holds_objects(tmp_path: Path) -> None:
    """SFS: ``export_locations`` is typed "Array of strings" but described as "the
    export_location objects", which the example shows and a table documents."""
    page = corpus_path("otc-services", "scalable-file-service", "sfs_capacity-oriented_apis",
                       "file_systems", "querying_mount_locations_of_a_shared_file_system.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.coverage is not None and result.coverage.missed == []
    [item] = (result.document or {})["paths"].values()
    body = _schema(result, item["get"]["responses"]["200"]["content"]["application/json"]
                   ["schema"])
    locations = _schema(result, body["properties"]["export_locations"]["items"])
    assert set(locations["properties"]) == {"id", "share_instance_id", "path", "is_admin_only",
                                            "preferred"}


def test_real_json_text_whose_keys_one_table_documents(tmp_path: Path) -> None:
    """ModelArts' model import: ``model_metrics`` (String, no link) holds JSON text in
    the example with exactly the rows of the orphan table "metric parameters"."""
    page = corpus_path("otc-modelarts-rst@a52ad03", "model_management", "importing_a_model.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.coverage is not None and result.coverage.missed == []
    [item] = (result.document or {})["paths"].values()
    body = _schema(result, item["post"]["requestBody"]["content"]["application/json"]
                   ["schema"])
    metrics = _schema(result, body["properties"]["model_metrics"]["x-contentSchema"])
    assert set(metrics["properties"]) == {"f1", "recall", "precision", "accuracy"}


def test_a_key_the_examples_give_as_object_and_as_string_witnesses_neither(
        tmp_path: Path) -> None:
    """IAM's password token: ``auth.identity.password`` is an object and the user's
    ``password`` a string; the examples show the key both ways, so the user's row keeps
    its String type (it was read as the outer object)."""
    page = corpus_path("otc-services/identity-access-management", "apis", "token_management",
                       "obtaining_a_user_token_through_password_authentication.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.document is not None
    assert not [d for d in result.diagnostics if d.code == "type-against-example"]
    body = _schema(result, result.document["paths"]["/v3/auth/tokens"]["post"]["requestBody"]
                   ["content"]["application/json"]["schema"])
    identity = _schema(result, _schema(result, body["properties"]["auth"])
                       ["properties"]["identity"])
    user = _schema(result, _schema(result, identity["properties"]["password"])
                   ["properties"]["user"])
    assert user["properties"]["password"]["type"] == "string"
