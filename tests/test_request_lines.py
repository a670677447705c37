"""Request lines in every form the corpus writes them, each line its own operation,
action APIs as one operation with a variant per page, deprecation, and a build that
no page can stop."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.build import build_dir, build_files
from generator.diff import diff_documents
from generator.diff.sides import Side
from generator.extract.request_line import parse_request_line
from generator.validate import spec_errors, validate_document, without_invalid
from tests.conftest import corpus_path, operation_of


@pytest.mark.parametrize(("text", "method", "path", "query"), [
    ("GET /v2.1/{project_id}/servers{?changes-since={changes-since}&image={image}}", "GET",
     "/v2.1/{project_id}/servers", ("changes-since", "image")),
    ("DELETE /v2.1/{project_id}/servers/{server_id}{?reserve_port}", "DELETE",
     "/v2.1/{project_id}/servers/{server_id}", ("reserve_port",)),
    ("POST https://{endpoint}/v1/{a}/b{&c,d}", "POST", "/v1/{a}/b", ("c", "d")),
    ("GET https://{Cloud Eye endpoint}/V1.0/{project_id}/alarms", "GET",
     "/V1.0/{project_id}/alarms", ()),
    ("GET /v2/{project_id}/shares?limit={limit}& name~={name}", "GET", "/v2/{project_id}/shares",
     ("limit", "name~")),
    ("put /v1/{id}/", "PUT", "/v1/{id}", ()),
])
def test_request_line_forms(text: str, method: str, path: str, query: tuple[str, ...]) -> None:
    line = parse_request_line(text)
    assert line is not None
    assert (line.method, line.path, line.query) == (method, path, query)


@pytest.mark.parametrize("text", [
    "GET /v3/xxx/volumes/detail?limit=50，表示查询第1~50个云硬盘。",  # an example of use
    "GET /v1/{project_id/servers",  # braces that do not close
    "GET the list of servers", "POST", "FETCH /v1/x",
])
def test_what_is_not_a_request_line(text: str) -> None:
    assert parse_request_line(text) is None


def test_rfc6570_query_expansion_becomes_query_parameters_typed_by_their_rows() -> None:
    op = operation_of(corpus_path(
        "otc-services", "bare-metal-server", "native_openstack_nova_v2.1_apis",
        "bms_lifecycle_management_openstack_nova_apis", "querying_bmss.rst"))
    assert (op.method, op.path) == ("GET", "/v2.1/{project_id}/servers")
    query = {p.name: p for p in op.parameters if p.location.value == "query"}
    assert {"changes-since", "image", "flavor", "limit", "marker", "sort_key"} <= set(query)
    # the rows under "Request Parameters" of a GET are the query parameters, not a body
    assert op.request_body is None
    assert (query["limit"].type.kind.value, query["limit"].source.line) == ("integer", 70)


def test_path_and_method_written_as_a_list() -> None:
    op = operation_of(corpus_path(
        "otc-services", "relational-database-service", "api_v1_to_be_discarded",
        "backup_and_restoration", "creating_a_manual_backup.rst"))
    assert (op.method, op.path) == ("POST", "/rds/v1/{project_id}/backups")
    assert op.request_body is not None


def test_a_heading_the_words_do_not_know_over_a_request_line_is_the_uri_part() -> None:
    # "URL", not "URI": the paragraph under it can only be a request line
    op = operation_of(corpus_path(
        "otc-services", "bare-metal-server", "native_openstack_nova_v2.1_apis",
        "bms_status_management_openstack_nova_apis", "obtaining_a_remote_login_address.rst"))
    assert (op.method, op.path) == ("POST", "/v2.1/{project_id}/servers/{server_id}/action")
    assert {p.name for p in op.parameters} == {"project_id", "server_id"}
    assert op.request_body is not None and op.request_body.schema is not None


def test_a_variable_the_path_names_twice_becomes_two_parameters() -> None:
    folder = corpus_path("otc-services", "scalable-file-service")
    result = build_dir(folder, ["sfs_capacity-oriented_apis/quota_management.rst"], title="t")
    assert result.document is not None
    [path] = [p for p in result.document["paths"] if "os-quota-sets" in p]
    assert path == "/v2/{project_id}/os-quota-sets/{project_id_2}"
    get = result.document["paths"][path]["get"]
    params = {p["name"]: p for p in get["parameters"] if p["in"] == "path"}
    assert set(params) == {"project_id", "project_id_2"}
    assert params["project_id_2"]["required"] is True
    assert params["project_id_2"]["description"].startswith("The path names project_id again")


def test_a_request_line_in_an_example_block_is_never_an_operation() -> None:
    folder = corpus_path("otc-services", "cloud-eye")
    result = build_dir(folder, ["api_v1/alarm_rules/querying_alarm_rules.rst"], title="t")
    assert result.document is not None
    # the URI part shows two example requests in code blocks: one operation all the same
    assert list(result.document["paths"]) == ["/V1.0/{project_id}/alarms"]


def test_chinese_request_line_with_an_expansion_and_a_usage_example() -> None:
    op = operation_of(corpus_path("huawei-zh-services", "ecs", "卸载云服务器磁盘.md"))
    assert (op.method, op.path) == (
        "DELETE", "/v2.1/{project_id}/servers/{server_id}/os-volume_attachments/{volume_id}")
    [flag] = [p for p in op.parameters if p.name == "delete_flag"]
    assert (flag.location.value, flag.type.kind.value) == ("query", "integer")


def test_action_pages_become_one_operation_with_a_variant_per_page() -> None:
    folder = corpus_path("otc-services", "elastic-volume-service")
    pages = "unrecommended_apis/openstack_cinder_api/evs_disk_actions/*.rst"
    result = build_dir(folder, [pages], title="t")
    assert result.document is not None
    [operation] = result.document["paths"]["/v3/{project_id}/volumes/{volume_id}/action"].values()
    assert operation["operationId"] == "VolumeAction"  # what its variants' names share
    variants = {v["key"]: v for v in operation["x-variants"]}
    assert set(variants) == {"os-unreserve", "os-extend", "os-volume_upload_image",
                             "os-reserve", "os-set_bootable", "os-update_readonly_flag"}
    bootable = variants["os-set_bootable"]
    # variants whose verb and noun agree say what their titles tell apart
    assert (bootable["operationId"], variants["os-update_readonly_flag"]["operationId"]) == (
        "SetBootableVolume", "SetReadOnlyVolume")
    assert bootable["x-source"]["page"] == "evs_04_3049"
    assert bootable["x-source"]["file"].endswith("setting_bootable_flag_for_an_evs_disk.rst")
    # "... (deprecated)" pages say so on their variant; the operation is not all deprecated
    assert variants["os-reserve"]["deprecated"] is True and "deprecated" not in operation
    body = operation["requestBody"]["content"]["application/json"]
    assert [v["schema"] for v in operation["x-variants"]] == body["schema"]["oneOf"]
    schemas = result.document["components"]["schemas"]
    bootable_body = schemas[bootable["schema"]["$ref"].rsplit("/", 1)[1]]
    assert bootable_body["required"] == ["os-set_bootable"]
    # told apart by a key's presence: nothing a standard discriminator can say
    assert "discriminator" not in body["schema"]


def test_variants_told_apart_by_a_value_get_a_discriminator() -> None:
    folder = corpus_path("otc-services", "elastic-volume-service")
    result = build_dir(folder, ["apis_recommended/tag_management/*.rst"], title="t")
    assert result.document is not None
    paths = result.document["paths"]
    tags = paths["/v2/{project_id}/os-vendor-volumes/{volume_id}/tags/action"]["post"]
    schema = tags["requestBody"]["content"]["application/json"]["schema"]
    # both pages list create and delete; each page's example says which one it is
    by_page = {v["x-source"]["file"].rsplit("/", 1)[1]: v["schema"]["$ref"]
               for v in tags["x-variants"]}
    assert schema["discriminator"] == {"propertyName": "action", "mapping": {
        "create": by_page["batch_adding_tags_for_the_specified_evs_disk.rst"],
        "delete": by_page["batch_deleting_tags_of_a_specified_evs_disk.rst"]}}
    # the values come from the page ("Specifying filter queries ...") when no list has them
    query = paths["/v2/{project_id}/os-vendor-volumes/resource_instances/action"]["post"]
    mapping = query["requestBody"]["content"]["application/json"]["schema"][
        "discriminator"]["mapping"]
    assert sorted(mapping) == ["count", "filter"]


def test_diff_matches_variants_by_their_body_key() -> None:
    folder = corpus_path("otc-services", "elastic-volume-service")
    pages = "unrecommended_apis/openstack_cinder_api/evs_disk_actions/*.rst"
    old = build_dir(folder, [pages], title="t")
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.glob(pages)}
    del files["unrecommended_apis/openstack_cinder_api/evs_disk_actions/"
              "reserving_an_evs_disk_deprecated.rst"]
    new = build_files(files, title="t")
    assert old.document is not None and new.document is not None
    findings = diff_documents(Side(old.document, "old"), Side(new.document, "new"))
    breaking = [f for f in findings if f.level.name == "BREAKING"]
    # one variant went away: that one is breaking, the other five are unchanged
    assert [(f.rule, f.operation) for f in breaking] == [
        ("api-operation-removed",
         "POST /v3/{project_id}/volumes/{volume_id}/action [os-reserve]")]


def test_deprecated_by_folder_title_or_text() -> None:
    folder = corpus_path("otc-services", "relational-database-service")
    result = build_dir(folder, ["api_v1_to_be_discarded/backup_and_restoration/*.rst",
                                "api_v3_recommended/backup_and_restoration/*.rst"], title="t")
    assert result.api is not None
    by_folder = {op.source.path.split("/")[0]: op.deprecated for op in result.api.operations}
    assert by_folder == {"api_v1_to_be_discarded": True, "api_v3_recommended": False}


def test_an_invalid_fragment_is_left_out_and_the_rest_is_written(corpus_build: Any) -> None:
    """A path item and a schema the validator rejects go, with what refers to them; the
    rest of the document stays valid."""
    document = copy.deepcopy(corpus_build.document)
    item = document["paths"]["/v2/{project_id}/training-job-searches"]
    item["post"]["responses"]["200"] = {"content": {}}  # no description
    document["components"]["schemas"]["RunningTask"]["type"] = "objekt"
    kept, dropped = without_invalid(document, validate_document(document))
    assert kept is not None and spec_errors(kept) == []
    gone = {(kind, name) for kind, name, _ in dropped}
    assert ("path", "/v2/{project_id}/training-job-searches") in gone
    assert ("schema", "RunningTask") in gone
    # what referred to RunningTask went with it; everything else is still there
    assert all("RunningTask" not in str(v) for v in kept["paths"].values())
    assert len(kept["paths"]) > len(document["paths"]) - 10


def test_a_build_writes_the_spec_whatever_one_page_says(tmp_path: Path) -> None:
    """RFC 6570 templates in every place a page may put them: the spec is written."""
    page = ("Odd\n===\n\nURI\n---\n\nGET /v1/{project_id}/servers/{server_id}{?reserve_port}"
            "{&a,b}\n\nGET /v1/{a}{b}/c\n\nDELETE /v1/x/{y}%7Bz%7D\n")
    result = build_files({"odd.rst": page.encode()}, title="t")
    assert result.document is not None
    assert {"/v1/{project_id}/servers/{server_id}", "/v1/{a}{b}/c"} <= set(
        result.document["paths"])


def test_an_error_reported_at_the_root_is_laid_on_its_path_item(seed_spec: Any) -> None:
    """openapi-spec-validator reports an unresolved path parameter at the document's root;
    the path item that holds it is found, and only it is left out."""
    document = copy.deepcopy(seed_spec)
    [path, item] = next(iter(document["paths"].items()))
    document["paths"]["/v1/{{a}}"] = copy.deepcopy(item)
    kept, dropped = without_invalid(document, validate_document(document))
    assert kept is not None and spec_errors(kept) == []
    assert [(kind, name) for kind, name, _ in dropped] == [("path", "/v1/{{a}}")]
    assert path in kept["paths"]


def test_a_route_the_emitter_fails_on_is_left_out_with_an_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An emitter bug on one operation (one RDS page once crashed the whole build) costs
    that route only: an internal-error at its page, the other routes written."""
    from generator.emit import openapi

    folder = corpus_path("otc-services", "relational-database-service")
    pages = "api_v3_recommended/backup_and_restoration/*.rst"
    whole = build_dir(folder, [pages], title="t").document
    assert whole is not None
    real = openapi._Emitter.operation

    def failing(self: Any, op: Any) -> Any:
        if op.path.endswith("/backups") and op.method == "POST":
            raise KeyError("boom")
        return real(self, op)

    monkeypatch.setattr(openapi._Emitter, "operation", failing)
    result = build_dir(folder, [pages], title="t")
    assert result.document is not None
    [error] = [d for d in result.diagnostics if d.code == "internal-error"]
    assert "POST /v3/{project_id}/backups" in error.message
    assert error.source.path.endswith(".rst")
    assert "post" not in result.document["paths"].get("/v3/{project_id}/backups", {})
    assert len(result.document["paths"]) >= len(whole["paths"]) - 1


def test_a_field_typed_null_is_nullable() -> None:
    """ECS' valueless actions ({"lock": null}, typed 'null'): the spec lets the value be
    null, so the docs' own request passes a validating server."""
    result = build_dir(corpus_path("huawei-zh-services", "ecs"), ["锁定云服务器.md"], title="t")
    assert result.document is not None
    [schema] = [s for s in result.document["components"]["schemas"].values()
                if "lock" in s.get("properties", {})]
    assert schema["properties"]["lock"]["nullable"] is True
    assert schema["properties"]["lock"]["type"] == "object"  # Redocly: nullable-type-sibling
    assert not [d for d in result.diagnostics if d.code == "unknown-type"]
