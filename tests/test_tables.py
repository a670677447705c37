"""Every documented field reaches the spec: table roles from structure, links across
pages, objects of several shapes, and the coverage report; on real corpus pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.build import build_dir
from generator.cli import main
from generator.extract.labels import CHINESE, ENGLISH, TableRole
from tests.conftest import corpus_path, operation_of

Json = dict[str, Any]


def _ref(schema: Json) -> str:
    """The component a property refers to (through allOf, items)."""
    for key in ("allOf", "items"):
        if key in schema:
            inner = schema[key]
            return _ref(inner[0] if isinstance(inner, list) else inner)
    return str(schema["$ref"]).rsplit("/", 1)[1]


def _response(document: Json, path: str, method: str, status: str = "200") -> Json:
    schema = document["paths"][path][method]["responses"][status]["content"][
        "application/json"]["schema"]
    return document["components"]["schemas"][_ref(schema)]


@pytest.mark.parametrize(("labels", "caption", "role", "name"), [
    (ENGLISH, "Table 3 Parameters in the request body", TableRole.REQUEST_BODY, "request body"),
    (ENGLISH, "Request parameter", TableRole.REQUEST_BODY, "Request"),
    (ENGLISH, "Response parameter description", TableRole.RESPONSE_BODY, "Response"),
    (ENGLISH, "query parameter description", TableRole.QUERY, "query"),
    (ENGLISH, "Parameters in the response header", TableRole.RESPONSE_HEADER, "response header"),
    (ENGLISH, "Parameter descriptions", TableRole.GENERIC, ""),
    (ENGLISH, "NodePool structure", None, "NodePool"),
    (ENGLISH, "**attachments** field description", None, "attachments"),
    (ENGLISH, "Parameter in the **os-set_bootable** field", None, "os-set_bootable"),
    (ENGLISH, "Data structure of field resource", None, "resource"),
    (CHINESE, "表 3 请求Body参数", TableRole.REQUEST_BODY, "请求Body"),
    (CHINESE, "响应样例的要素说明", TableRole.RESPONSE_BODY, "响应样例"),
    (CHINESE, "URI格式的参数说明", TableRole.URI, "URI格式"),
    (CHINESE, "tags参数数据结构说明", None, "tags"),
    (CHINESE, "batch config结构", None, "batch config"),
    (CHINESE, "X对象", None, "X"),
])
def test_captions_are_read_without_case_numbering_or_filler(
        labels: Any, caption: str, role: TableRole | None, name: str) -> None:
    reading = labels.read_caption(caption)
    assert (reading.role, reading.name) == (role, name)


@pytest.mark.parametrize(("labels", "header", "column"), [
    (ENGLISH, "Attribute", "name"), (CHINESE, "属性", "name"),
    (ENGLISH, "Mandatory or Not", "required"), (CHINESE, "是否为必选", "required"),
    (CHINESE, "说明。", "description"), (CHINESE, "Parameter", "name"),
])
def test_column_headers(labels: Any, header: str, column: str) -> None:
    assert labels.column(header).value == column


def test_a_link_to_a_table_on_another_page_is_followed() -> None:
    folder = corpus_path("huawei-zh-services", "ecs")
    result = build_dir(folder, ["查询云服务器详情.md", "数据结构(查询云服务器详情).md"], title="t")
    assert result.document is not None
    schemas = result.document["components"]["schemas"]
    body = _response(result.document, "/v1/{project_id}/cloudservers/{server_id}", "get")
    server = schemas[_ref(body["properties"]["server"])]
    # "详情请参见<a href="数据结构(查询云服务器详情).md#...table41869715">表2</a>"
    flavor = schemas[_ref(server["properties"]["flavor"])]
    assert flavor["x-source"] == {"file": "数据结构(查询云服务器详情).md", "line": 65}
    assert set(flavor["properties"]) == {"disk", "id", "name", "ram", "vcpus"}


def test_a_link_in_the_type_cell_wins_over_the_target_caption() -> None:
    """"`Headers` object" links to a table captioned "Headers": that table is the
    object's, not the response's headers."""
    folder = corpus_path("otc-services", "web-application-firewall-dedicated")
    result = build_dir(folder, ["apis/event_management/querying_attack_event_details.rst"],
                       title="t")
    assert result.document is not None
    get = result.document["paths"]["/v1/{project_id}/waf/event/{eventid}"]["get"]
    assert "headers" not in get["responses"]["200"]
    body = _response(result.document, "/v1/{project_id}/waf/event/{eventid}", "get")
    schemas = result.document["components"]["schemas"]
    event = schemas[_ref(body["properties"]["items"])]
    headers = schemas[_ref(event["properties"]["headers"])]
    assert list(headers["properties"]) == [
        "content-length", "host", "content-type", "user-agent", "accept"]
    assert headers["x-source"]["line"] == 145


def test_a_type_link_to_the_rows_own_body_table_is_a_misplaced_anchor() -> None:
    """SFS' 'Statement' row links to the anchor of its own table, the request body; the
    table named Statement below it is what the row means."""
    folder = corpus_path("otc-services", "scalable-file-service")
    result = build_dir(folder, ["general_purpose_file_system_apis_beta/file_system_access_rules/"
                                "configuring_a_file_system_acl.rst"], title="t")
    assert result.document is not None
    put = result.document["paths"]["/"]["put"]
    body = result.document["components"]["schemas"][_ref(
        put["requestBody"]["content"]["application/json"]["schema"])]
    statement = result.document["components"]["schemas"][_ref(
        body["properties"]["Statement"])]
    assert list(statement["properties"]) == ["Sid", "Action", "Effect", "Condition"]


def test_a_body_table_whose_one_row_is_a_placeholder_is_the_body_itself() -> None:
    """'*[Array]*  Array of objects' is no key: the body is that array (its example is
    one). Two such bodies one word apart ("v2.1 request message body", "v2.0 ...") are
    alternatives: an array of either's elements."""
    folder = corpus_path("otc-services", "image-management-service")
    result = build_dir(folder, [
        "ims_apis/image/updating_an_image.rst",
        "native_openstack_apis/image_native_openstack_apis/"
        "modifying_an_image_native_openstack_api.rst"], title="t")
    assert result.document is not None
    paths, schemas = result.document["paths"], result.document["components"]["schemas"]

    def body(path: str) -> Json:
        return dict(paths[path]["patch"]["requestBody"]["content"]["application/json"]["schema"])

    single = body("/v2/cloudimages/{image_id}")
    assert single["type"] == "array"
    assert list(schemas[_ref(single["items"])]["properties"]) == ["op", "path", "value"]
    either = body("/v2/images/{image_id}")
    assert either["type"] == "array"
    shapes = [list(schemas[_ref(s)]["properties"]) for s in either["items"]["anyOf"]]
    assert shapes == [["op", "path", "value"], ["replace", "add", "remove", "value"]]
    assert not [d for d in result.diagnostics if d.code == "example-mismatch"
                and "request example" in d.message]
    # the placeholder row is in the spec, as the body: coverage counts it placed
    assert result.coverage is not None and result.coverage.missed == []


def test_a_one_row_table_whose_row_names_the_keys_is_a_map() -> None:
    """"User-defined field key and value pair", "云服务器所在网络名称": the row says what
    the keys are; the object is a map of its values, not a property with that name."""
    bms = build_dir(corpus_path("otc-services", "bare-metal-server"), [
        "native_openstack_nova_v2.1_apis/bms_metadata_management_openstack_nova_apis/"
        "updating_bms_metadata.rst"], title="t")
    ecs = build_dir(corpus_path("huawei-zh-services", "ecs"),
                    ["查询指定弹性云服务器的网络列表.md"], title="t")
    for result, value_type in ((bms, "string"), (ecs, "array")):
        assert result.document is not None
        maps = [s for s in result.document["components"]["schemas"].values()
                if "additionalProperties" in s]
        assert maps and all("properties" not in s for s in maps)
        assert maps[0]["additionalProperties"]["type"] == value_type


def test_a_page_holding_a_copy_of_a_linked_table_uses_its_copy() -> None:
    result = build_dir(corpus_path("huawei-modelarts-md-zh"), ["*.md"], title="t")
    assert result.document is not None
    body = _response(result.document, "/v1/{project_id}/demanager/instances/{instance_id}",
                     "put")
    profile = result.document["components"]["schemas"][_ref(body["properties"]["profile"])]
    # the row links to 创建开发环境实例.md's table; this page has its own "表 6 profile..."
    assert profile["x-source"] == {"file": "更新开发环境实例信息.md", "line": 293}


def test_a_local_copy_may_name_the_linked_table_in_the_plural() -> None:
    """RDS' task list links 'jobs' to the 'Job field ...' table of the page it was copied
    from; this page has its own 'Jobs field ...' table, which is what its reader sees."""
    folder = corpus_path("otc-services", "relational-database-service")
    pages = ["api_v3_recommended/obtaining_task_information/"
             "obtaining_information_about_a_task_with_a_specified_id.rst",
             "api_v3_recommended/obtaining_task_information/obtaining_task_information_of_a_"
             "specified_db_instance_in_a_specified_time_range_rds_for_sql_server.rst"]
    result = build_dir(folder, pages, title="t")
    assert result.document is not None
    body = _response(result.document, "/v3/{project_id}/instances/{instance_id}/tasklist/detail",
                     "get")
    jobs = result.document["components"]["schemas"][_ref(body["properties"]["jobs"])]
    assert jobs["x-source"] == {"file": pages[1], "line": 83}
    assert not [d for d in result.diagnostics if d.code == "unlinked-table"]


def test_tables_named_as_kinds_of_a_field_are_any_of_them() -> None:
    result = build_dir(corpus_path("huawei-modelarts-md-zh"), ["查询服务详情.md"], title="t")
    assert result.document is not None
    body = _response(result.document, "/v1/{project_id}/services/{service_id}", "get")
    config = body["properties"]["config"]
    assert config["type"] == "array"
    assert [_ref(s) for s in config["items"]["anyOf"]] == [
        "RealTimeConfig", "BatchConfig", "EdgeConfig"]


def test_a_row_linking_to_several_tables_is_any_of_them() -> None:
    folder = corpus_path("otc-services", "data-arts-studio")
    result = build_dir(folder, ["dataarts_factory_apis/job_development_apis/creating_a_job.rst"],
                       title="t")
    assert result.document is not None
    [item] = result.document["paths"].values()
    schemas = result.document["components"]["schemas"]
    body = schemas[_ref(item["post"]["requestBody"]["content"]["application/json"]["schema"])]
    node = schemas[_ref(body["properties"]["nodes"])]
    shapes = [_ref(s) for s in node["properties"]["properties"]["items"]["anyOf"]]
    assert shapes[:3] == ["Property", "HiveSQLNode", "SparkSQLNode"] and len(shapes) == 16
    assert "scriptName" in schemas["HiveSQLNode"]["properties"]


def test_linked_tables_one_of_which_nests_the_other_are_one_shape() -> None:
    """DCS: "For details, see Table 3 and Table 4", where Table 4 is the object of a field
    of Table 3: one object (Table 3), not any of two."""
    folder = corpus_path("otc-services", "distributed-cache-service")
    result = build_dir(folder, ["outdated_apis_v1/lifecycle_management_apis/"
                                "creating_a_dcs_instance.rst"], title="t")
    assert result.document is not None
    schemas = result.document["components"]["schemas"]
    post = result.document["paths"]["/v1.0/{project_id}/instances"]["post"]
    body = schemas[_ref(post["requestBody"]["content"]["application/json"]["schema"])]
    policy = schemas[_ref(body["properties"]["instance_backup_policy"])]
    assert "anyOf" not in body["properties"]["instance_backup_policy"]
    plan = schemas[_ref(policy["properties"]["periodical_backup_plan"])]
    assert plan["x-source"]["line"] == 215


def test_a_type_table_no_row_names_describes_the_object_row_above_it() -> None:
    folder = corpus_path("otc-services", "elastic-volume-service")
    result = build_dir(folder, ["apis_recommended/tag_management/"
                                "querying_details_of_evs_disks_by_tag.rst"], title="t")
    assert result.document is not None
    [path] = result.document["paths"]
    body = _response(result.document, path, "post")
    schemas = result.document["components"]["schemas"]
    resources = schemas[_ref(body["properties"]["resources"])]
    detail = schemas[_ref(resources["properties"]["resource_detail"])]
    assert detail["x-source"]["line"] == 168 and len(detail["properties"]) == 33
    assert any(d.code == "object-by-position" and d.source.line == 162
               for d in result.diagnostics)


def test_a_status_code_written_as_a_paragraph_is_a_response() -> None:
    """SFS lists its status codes as "- Normal" / "204" and an error table: the 204 is
    the operation's success, not left out (a client saw only errors before)."""
    op = operation_of(corpus_path(
        "otc-services", "scalable-file-service", "sfs_capacity-oriented_apis",
        "tag_management", "adding_a_tag_to_a_shared_file_system.rst"))
    assert [(r.status, r.source.line) for r in op.responses][:2] == [("204", 82), ("400", 89)]


def test_chinese_status_intros_split_the_responses() -> None:
    folder = corpus_path("huawei-zh-services", "iam")
    result = build_dir(folder, ["修改帐号密码策略.md"], title="t")
    assert result.document is not None
    [item] = result.document["paths"].values()
    responses = item["put"]["responses"]
    assert set(responses) == {"200", "400", "401", "403", "500"}
    assert "content" not in responses["403"] or "schema" not in responses["403"]["content"][
        "application/json"]
    # "状态码为 400 时:" opens two examples, 示例 1 and 示例 2
    examples = responses["400"]["content"]["application/json"]["examples"]
    assert [(e["summary"], e["x-source"]["line"]) for e in examples.values()] == [
        ("示例 1", 321), ("示例 2", 330)]


def test_data_structures_of_a_page_without_operations_are_schemas() -> None:
    folder = corpus_path("otc-services", "data-arts-studio")
    page = "dataarts_migration_apis/public_data_structures/source_job_parameters/from_hdfs.rst"
    result = build_dir(folder, [page], title="t")
    assert result.document is not None and result.document["paths"] == {}
    sources = {s["x-source"]["file"] for s in result.document["components"]["schemas"].values()}
    assert sources == {page}
    assert result.coverage is not None and result.coverage.silent == []
    assert result.coverage.total_placed == result.coverage.total_read > 20


def test_coverage_command_names_every_row_left_out(capsys: pytest.CaptureFixture[str]) -> None:
    folder = corpus_path("otc-services", "vpc-endpoint")
    assert main(["coverage", str(folder), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["silent"] == 0
    assert report["placed"] / report["read"] >= 0.99
    for row in report["missed"]:
        assert row["why"], row
    assert main(["coverage", str(folder)]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[-1].startswith("coverage: ")


def test_coverage_rows_of_a_body_http_never_sends_are_not_placed(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A 204 whose page documents a body: the spec has none, so its rows are not
    placed, and the emitter's warning says why."""
    folder = corpus_path("otc-modelarts-rst")
    assert main(["coverage", str(folder), "--format", "json", "--include",
                 "historical_apis/data_management_old_version/deleting_a_labeling_team.rst"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["read"], report["placed"]) == (9, 2)  # the two path parameters
    assert {(r["line"], r["why"].split(":")[0]) for r in report["missed"]} == {
        (48, "body-on-no-content"), (50, "body-on-no-content"), (52, "body-on-no-content"),
        (54, "body-on-no-content"), (68, "body-on-no-content"), (70, "body-on-no-content"),
        (72, "body-on-no-content")}


def test_coverage_of_a_path_whose_variable_the_emitter_renamed(
        capsys: pytest.CaptureFixture[str]) -> None:
    """DataArts names the job '{job_name}' on most pages and '{name}' on one: the spec
    writes one path, and that page's rows are placed all the same."""
    folder = corpus_path("otc-services", "data-arts-studio")
    assert main(["coverage", str(folder), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["silent"] == 0
    page = report["pages"]["dataarts_factory_apis/job_development_apis/viewing_job_details.rst"]
    assert page["placed"] >= page["read"] - 10  # the Cron table of a string row is not
    # the appendix of events is a list, not fields: counted apart
    assert report["listed"] > 0
    assert not any(r["file"].startswith("application_cases/") for r in report["missed"])
