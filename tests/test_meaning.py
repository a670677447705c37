"""What the docs mean, not only what they say: one test page per pattern under
tests/pages/meaning/, and the same patterns on real corpus pages.

Operations are found by method + path, never by an operationId or a tag (issue 22
chooses those)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildResult, build_dir, build_files
from generator.document import ref_target
from tests.conftest import corpus_path

PAGES = Path(__file__).parent / "pages" / "meaning"


@pytest.fixture(scope="module")
def built() -> BuildResult:
    return build_dir(PAGES, ["*.rst", "*.md"], title="meaning")


def _op(result: BuildResult, method: str, path: str) -> dict[str, Any]:
    assert result.document is not None, result.spec_errors
    return result.document["paths"][path][method]


def _schema(result: BuildResult, node: dict[str, Any]) -> dict[str, Any]:
    """A schema with its ``$ref`` (or a lone ``allOf: [$ref]``) followed."""
    assert result.document is not None
    while True:
        if "$ref" in node:
            node = ref_target(result.document, node["$ref"])
        elif list(node.get("allOf", [])) and len(node["allOf"]) == 1 and "$ref" in node["allOf"][0]:
            node = ref_target(result.document, node["allOf"][0]["$ref"])
        else:
            return node


def _body(result: BuildResult, op: dict[str, Any], status: str | None = None) -> dict[str, Any]:
    part = op["requestBody"] if status is None else op["responses"][status]
    return _schema(result, part["content"]["application/json"]["schema"])


def _codes(result: BuildResult, code: str) -> list[str]:
    return [f"{d.source.path}:{d.source.line}" for d in result.diagnostics if d.code == code]


# --- 2: 正常响应 / 异常响应, a table in the list item that names it -----------------------
def test_normal_and_abnormal_response_tables_are_two_responses(built: BuildResult) -> None:
    op = _op(built, "get", "/v1/{project_id}/jobs/{job_id}")
    assert set(_body(built, op, "200")["properties"]) == {"status", "job_type"}
    assert set(_body(built, op, "default")["properties"]) == {"error_code", "error_msg"}


def test_a_real_abnormal_response_page_gives_the_error_its_own_response() -> None:
    """ECS's 响应（任务类） (the response every task API refers to), under a URI part:
    its 正常响应要素说明 table is the success body, its 异常响应要素说明 table the error."""
    text = corpus_path("huawei-zh-services", "ecs", "响应（任务类）.md").read_text(encoding="utf-8")
    page = ("# 查询任务\n\n## URI\n\nGET /v1/\\{project\\_id\\}/jobs/\\{job\\_id\\}\n\n"
            "## 响应消息\n\n" + text.split("\n", 1)[1])
    result = build_files({"job.md": page.encode()}, title="t")
    op = _op(result, "get", "/v1/{project_id}/jobs/{job_id}")
    assert set(_body(result, op, "200")["properties"]) == {"job_id"}
    error = _body(result, op, "default")
    assert set(error["properties"]) == {"error"}
    assert set(_schema(result, error["properties"]["error"])["properties"]) == {
        "message", "code", "details"}


# --- 3: types with a size --------------------------------------------------------------------
def test_a_declared_size_is_the_type_with_its_limit(built: BuildResult) -> None:
    props = _body(built, _op(built, "post", "/v1/{project_id}/records"))["properties"]
    assert (props["name"]["type"], props["name"]["maxLength"]) == ("string", 64)
    assert props["remark"]["maxLength"] == 255  # String（255）, a full-width bracket
    assert (props["serial"]["format"], props["serial"]["maximum"]) == ("int64", 9_999_999_999)
    assert (props["port"]["format"], props["port"]["maximum"]) == ("int32", 99_999)
    assert (props["price"]["type"], props["price"]["maximum"]) == ("number", 99_999_999.99)
    # the prose says more than the type: 2 to 6 characters within String(8)
    assert (props["code"]["minLength"], props["code"]["maxLength"]) == (2, 6)
    assert not _codes(built, "unknown-type")


# --- 4: the method glued to the path ---------------------------------------------------------
def test_a_request_line_with_the_method_glued_to_the_path(built: BuildResult) -> None:
    op = _op(built, "get", "/{api_version}")
    assert [p["name"] for p in op["parameters"]] == ["api_version"]
    assert op["x-source"]["file"] == "glued_request_line.rst"


# --- 5: constraints from the row's own sentence, and never against the docs' example ---------
def test_constraints_come_from_the_rows_own_sentences(built: BuildResult) -> None:
    props = _body(built, _op(built, "post", "/v1/{project_id}/groups"))["properties"]
    # "Do not use only digits" forbids digits-only: never the pattern ^[0-9]*$
    assert "pattern" not in props["name"]
    assert (props["name"]["minLength"], props["name"]["maxLength"]) == (1, 64)
    # "The file name contains 1 to 32 characters and only letters and digits": about the
    # file name, not the path
    assert not {"pattern", "maxLength"} & set(props["path"])
    # "service and item each contain only letters, ...": about the parts, not the value
    assert "pattern" not in props["namespace"]
    assert (props["count"]["minimum"], props["count"]["maximum"]) == (1, 10)


def test_a_constraint_the_example_breaks_is_not_emitted(built: BuildResult) -> None:
    props = _body(built, _op(built, "post", "/v1/{project_id}/groups"))["properties"]
    assert not {"pattern", "maxLength", "minLength"} & set(props["alias"])
    [warning] = [d for d in built.diagnostics if d.code == "constraint-against-example"]
    row = _line(PAGES / "wrong_sentence_constraints.rst", "   alias ")
    example = _line(PAGES / "wrong_sentence_constraints.rst", "   {")
    assert (warning.source.path, warning.source.line) == ("wrong_sentence_constraints.rst", row)
    assert f"wrong_sentence_constraints.rst:{example}" in warning.message
    assert "'web-server-group-01'" in warning.message


def test_real_pages_keep_the_limits_of_their_own_sentences(tmp_path: Path) -> None:
    """Cloud Eye's namespace ("3 to 32 characters" of the namespace; "only letters,
    digits, and underscores" of its parts) and Auto Scaling's injected file path ("The
    file name contains only letters and digits")."""
    services = corpus_path("otc-services")
    for page in ("cloud-eye/api_v1/alarm_rules/creating_an_alarm_rule.rst",
                 "auto-scaling/apis/as_configurations/creating_an_as_configuration.rst"):
        shutil.copy(services / page, tmp_path / Path(page).name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.document is not None
    schemas = result.document["components"]["schemas"]
    namespaces = [s["properties"]["namespace"] for s in schemas.values()
                  if "namespace" in s.get("properties", {})]
    assert namespaces and all((n.get("minLength"), n.get("maxLength"), n.get("pattern"))
                              == (3, 32, None) for n in namespaces)
    paths = [s["properties"]["path"] for s in schemas.values()
             if "path" in s.get("properties", {}) and "content" in s["properties"]]
    assert paths and all("pattern" not in p for p in paths)


# --- 6: placeholder keys ---------------------------------------------------------------------
def test_a_placeholder_row_is_the_values_of_any_key(built: BuildResult) -> None:
    body = _body(built, _op(built, "put", "/v1/{project_id}/instances/{instance_id}/metadata"))
    metadata = _schema(built, body["properties"]["metadata"])
    assert "properties" not in metadata and "required" not in metadata
    assert metadata["additionalProperties"]["type"] == "string"
    labels = _schema(built, body["properties"]["labels"])
    assert list(labels["properties"]) == ["owner"] and labels["required"] == ["owner"]
    assert labels["additionalProperties"]["type"] == "string"
    # the example's keys ("color", "team") are now valid against the schema
    assert not _codes(built, "example-mismatch")


def test_real_placeholder_rows_are_additional_properties(tmp_path: Path) -> None:
    """IAM's policy Condition in the request: ``<operator>`` keys holding ``<attribute>``
    keys (the response's table names them ``operator`` and ``attribute``, literally)."""
    page = corpus_path("otc-services", "identity-access-management", "apis",
                       "custom_policy_management",
                       "modifying_a_custom_policy_for_cloud_services.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.document is not None
    table = _line(page, ".. table:: **Table 7** role.policy.Statement.Condition")
    conditions = [s for s in result.document["components"]["schemas"].values()
                  if s["x-source"]["line"] == table]
    assert len(conditions) == 1
    for condition in conditions:
        assert "properties" not in condition
        operator = _schema(result, condition["additionalProperties"])
        assert "<attribute>" not in operator.get("properties", {})
        assert operator["additionalProperties"]["type"] == "array"


def test_a_key_named_with_placeholder_words_is_still_a_key() -> None:
    """DataArts' ``customFields`` (a Map) is a key of that name, not a placeholder."""
    folder = corpus_path("otc-services", "data-arts-studio")
    result = build_dir(folder, ["dataarts_factory_apis/job_development_apis/creating_a_job.rst"],
                       title="t")
    assert result.document is not None
    holders = [s for s in result.document["components"]["schemas"].values()
               if "customFields" in s.get("properties", {})]
    assert holders and all("additionalProperties" not in s for s in holders)


# --- 7: error examples and bodiless methods --------------------------------------------------
def test_an_error_example_never_illustrates_a_success(built: BuildResult) -> None:
    op = _op(built, "delete", "/v1/{project_id}/volumes/{volume_id}")
    ok = op["responses"]["200"]["content"]["application/json"]["examples"]
    assert [e["value"] for e in ok.values()] == [
        {"job_id": "70a599e0-31e7-49b7-b260-868f441e862b"}]
    error = op["responses"]["default"]["content"]["application/json"]["examples"]
    assert [e["value"]["error_code"] for e in error.values()] == ["EVS.0001"]


def test_a_delete_gets_no_body_from_its_example(built: BuildResult) -> None:
    op = _op(built, "delete", "/v1/{project_id}/volumes/{volume_id}")
    assert "requestBody" not in op
    assert "error_examples.rst:1" in _codes(built, "example-without-body")


def _line(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(start))


# --- 8: a merged action operation has one tag ------------------------------------------------
def test_a_merged_operation_carries_one_tag() -> None:
    """DNS documents each zone operation twice, on a private-zone and a public-zone page
    in two folders: one operation, in its first page's group only (a TypeScript client
    exported its request types once per tag, TS2308)."""
    folder = corpus_path("otc-services", "domain-name-service")
    result = build_dir(folder, ["apis/*_zone_management/*zone*.rst"], title="t")
    assert result.document is not None
    merged = [op for item in result.document["paths"].values() for op in item.values()
              if isinstance(op, dict) and "x-variants" in op]
    assert len(merged) >= 5
    for op in merged:
        first = op["x-variants"][0]["x-source"]["file"]
        [tag] = op["tags"]
        alone = build_dir(folder, [first], title="t")
        assert alone.document is not None
        [[page_op]] = [list(item.values()) for item in alone.document["paths"].values()]
        assert page_op["tags"] == [tag]


def test_variants_told_apart_by_a_value_are_one_of_with_the_value_pinned() -> None:
    """SFS's tag actions: both pages list ``action`` create and delete, and only the
    delete page requires ``tags``; typescript-fetch merged an ``anyOf`` of them into one
    interface the create body does not fit (TS2322). With the discriminator each body's
    component says its value, and the body is ``oneOf`` them."""
    folder = corpus_path("otc-services", "scalable-file-service")
    result = build_dir(folder, ["sfs_capacity-oriented_apis/tag_management/batch_*.rst"],
                       title="t")
    op = _op(result, "post", "/v2/{project_id}/sfs/{share_id}/tags/action")
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert "anyOf" not in schema and len(schema["oneOf"]) == 2
    mapping = schema["discriminator"]["mapping"]
    assert sorted(mapping) == ["create", "delete"]
    for value, ref in mapping.items():
        action = _schema(result, {"$ref": ref})["properties"]["action"]
        assert action["enum"] == [value] and "x-extensible-enum" not in action


# --- 9: the doc gap: what the examples show and no table documents ---------------------------
def test_lint_reports_example_fields_no_table_documents(built: BuildResult) -> None:
    page = PAGES / "doc_gap.rst"
    gaps = {(d.source.path, d.source.line, d.message.split("shows ")[1].split(" in ")[0])
            for d in built.diagnostics if d.code == "undocumented-example-field"}
    request, response = _line(page, "   {") , _line(page, '   {"id"')
    assert {("doc_gap.rst", request, "'zone'"), ("doc_gap.rst", request, "'tags'"),
            ("doc_gap.rst", response, "'created_at'")} <= gaps
    assert all(d.message.startswith("POST /v1/{project_id}/disks: ")
               for d in built.diagnostics if d.code == "undocumented-example-field"
               and d.source.path == "doc_gap.rst")
    # without --infer-from-examples the spec says only what the tables say
    body = _body(built, _op(built, "post", "/v1/{project_id}/disks"))
    assert list(body["properties"]) == ["name", "size"]


def test_infer_from_examples_adds_them_marked(tmp_path: Path) -> None:
    shutil.copy(PAGES / "doc_gap.rst", tmp_path / "doc_gap.rst")
    result = build_dir(tmp_path, ["*.rst"], title="t", infer_from_examples=True)
    op = _op(result, "post", "/v1/{project_id}/disks")
    props = _body(result, op)["properties"]
    assert [n for n, p in props.items() if p.get("x-inferred")] == ["zone", "tags"]
    assert (props["zone"]["type"], props["tags"]["items"]["type"]) == ("string", "object")
    assert "x-inferred" not in props["name"] and "name" in _body(result, op)["required"]
    created = _body(result, op, "200")["properties"]["created_at"]
    assert (created["type"], created["format"], created["x-inferred"]) == (
        "integer", "int64", True)


# --- a page holding two copies of one object's table -----------------------------------------
def test_a_link_back_to_the_first_copy_means_the_copy_beside_the_row() -> None:
    """ModelArts' training job page documents an algorithm's parameters twice (Tables
    5-6 and 18-19, each 'Parameter' with its 'constraint'); RST labels are global, so the
    second 'constraint' row links to the first copy and the second copy was left out."""
    folder = corpus_path("otc-modelarts-rst@6d9fb12")
    page = "training_management/creating_a_training_job.rst"
    result = build_dir(folder, [page], title="t")
    assert result.coverage is not None
    copy = _line(folder / page, ".. table:: **Table 19** constraint")
    assert not [row for row in result.coverage.missed if row.table.line == copy]
    # two 'engine' copies follow the rows that link back to the first one: each row
    # takes the first copy no other row took, with a note
    assert result.coverage.missed == []
    assert len([d for d in result.diagnostics if d.code == "copy-by-position"]) >= 2


# --- a table of values is not a table of fields ----------------------------------------------
def test_a_table_listing_things_by_id_and_name_is_a_value_list() -> None:
    """DCS lists its configuration items ("Parameter ID | Parameter Name | Type |
    Description"): the values ``param_name`` takes. Read as fields they were objects
    with keys "1", "2", ... that no row linked to."""
    folder = corpus_path("otc-services", "distributed-cache-service")
    page = "outdated_apis_v1/parameter_management_apis/querying_configuration_parameters.rst"
    result = build_dir(folder, [page], title="t")
    assert result.coverage is not None and result.document is not None
    assert result.coverage.missed == []
    assert result.coverage.listed[page] == 121
    notes = {d.source.line for d in result.diagnostics if d.code == "value-list"}
    assert _line(folder / page, ".. table:: **Table 4** Configuration parameters") in notes
    assert len(notes) == 7
    names = {n for s in result.document["components"]["schemas"].values()
             for n in s.get("properties", {})}
    assert "param_name" in names and not {"1", "2", "timeout"} & names


def test_a_body_table_that_documents_the_fields_again_is_another_body() -> None:
    """IMS documents a full-ECS image's request twice, under "Parameters for creating a
    full-ECS image using an ECS" and "Parameters in the request body when a CSBS backup
    or CBR backup is used": two bodies, not one body with every field twice."""
    folder = corpus_path("otc-services", "image-management-service")
    page = "ims_apis/image/creating_a_full-ecs_image.rst"
    result = build_dir(folder, [page], title="t")
    assert result.coverage is not None and result.coverage.missed == []
    assert not [d for d in result.diagnostics if d.code == "duplicate-field"]
    [item] = result.document["paths"].values() if result.document else []
    [op] = item.values()
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    bodies = [_schema(result, s) for s in schema["anyOf"]]
    assert [("instance_id" in b["properties"], "backup_id" in b["properties"])
            for b in bodies] == [(True, False), (False, True)]


def test_a_caption_that_names_its_object_first() -> None:
    """MRS: '**configurations** parameter description of services, roles, and instances'
    describes the ``configurations`` rows (typed ``ARRAY_REFERENCE``, a list of objects)."""
    folder = corpus_path("otc-services", "mapreduce-service")
    page = "mrs_manager_api/mrs_manager_web_apis/saving_configurations.rst"
    result = build_dir(folder, [page], title="t")
    assert result.coverage is not None and result.coverage.missed == []
    assert not [d for d in result.diagnostics if d.code == "unknown-type"]


# --- a list item that says where the rows of the tables its items hold go ---------------------
def test_tables_under_a_request_header_item_are_headers_whatever_their_own_lead() -> None:
    """"- Parameters in the request header" over items that each lead a table ("Obtaining
    a session with a user token"): headers, not the query parameters the URI part makes
    of a table whose lead names no role."""
    result = build_dir(PAGES, ["nested_list_labels.rst"], title="t")
    op = _op(result, "post", "/v3/{project_id}/sessions")
    assert [(p["name"], p["in"]) for p in op["parameters"]] == [
        ("X-Client-Id", "header"), ("project_id", "path")]


def test_a_real_page_with_header_tables_per_case(tmp_path: Path) -> None:
    """IAM's temporary AK/SK: two header tables, one per kind of token, each under an
    item of "Parameters in the request header"; X-Auth-Token was a query parameter."""
    page = corpus_path("otc-services", "identity-access-management", "apis",
                       "access_key_management", "obtaining_a_temporary_ak_sk.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    op = _op(result, "post", "/v3.0/OS-CREDENTIAL/securitytokens")
    assert [p for p in op.get("parameters", []) if p["in"] == "query"] == []
