"""Names a programmer would write: operations, body models and groups, from real pages.

Each build here is a real reference of the corpus (a part of it: the index pages and
the API folders asked for); the names are what the vendor's SDK calls the same
operations where the docs say as much, never a page id.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from generator.build import BuildResult, build_dir, build_files
from generator.extract.identity import is_name
from generator.names import merged_name
from generator.names.operations import title_action
from generator.names.vocabulary import ENGLISH, vocabulary_for
from generator.names.words import base_form, is_plural, plural, singular, split_words
from tests.conftest import corpus_path

Json = dict[str, Any]


def no_page_ids(document: Json) -> list[str]:
    """The operation and component names that hold one of the document's page ids
    (compared as component names spell them: letters and digits, any case)."""
    def plain(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())
    ops = operations(document).values()
    ids = {plain(op["x-source"]["page"]) for op in ops if op["x-source"].get("page")}
    names = [op["operationId"] for op in ops] + list(document["components"]["schemas"])
    return [name for name in names if any(i and i in plain(name) for i in ids
                                          if not i.isalpha())]


def operations(document: Json) -> dict[str, Json]:
    """``METHOD path`` → operation (a merged operation's variants under their page's
    ``METHOD path#file``)."""
    found = {}
    for path, item in document["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                found[f"{method.upper()} {path}"] = op
    return found


@pytest.fixture(scope="module")
def evs() -> BuildResult:
    """The OTC Elastic Volume Service reference: its root index and two API trees."""
    docs = corpus_path("otc-services/elastic-volume-service")
    return build_dir(docs, ["index.rst", "apis_recommended/**/*.rst",
                            "openstack_cinder_apis_recommended/**/*.rst"])


@pytest.fixture(scope="module")
def evs_zh() -> BuildResult:
    return build_dir(corpus_path("huawei-zh-services/evs"), ["*.md"])


def test_operations_are_named_by_verb_and_resource(evs: BuildResult) -> None:
    assert evs.document is not None
    ops = operations(evs.document)
    named = {key: ops[key]["operationId"] for key in (
        "DELETE /v2/{project_id}/cloudvolumes/{volume_id}",   # "Deleting an EVS Disk"
        "GET /v2/{project_id}/cloudsnapshots/{snapshot_id}",  # "Querying Details About an ..."
        "GET /v2/{project_id}/cloudsnapshots/detail",         # "... About EVS Snapshots"
        "POST /v2/{project_id}/cloudsnapshots",               # "Creating an EVS Snapshot"
        "PUT /v2/{project_id}/cloudsnapshots/{snapshot_id}",  # "Updating an EVS Snapshot"
        "POST /v2/{project_id}/cloudvolumes/{volume_id}/action",  # "Expanding Capacity..."
        "POST /v2/{project_id}/volumes/{volume_id}/retype",   # the path's own verb
        "GET /v1/{project_id}/jobs/{job_id}",                 # "Querying Task Status"
        "GET /v2/{project_id}/cloudvolumes",                  # "Querying EVS Disks"
        "GET /v2/{project_id}/cloudvolumes/detail",           # "... Details About All Disks"
    )}
    assert named == {
        "DELETE /v2/{project_id}/cloudvolumes/{volume_id}": "DeleteVolume",
        "GET /v2/{project_id}/cloudsnapshots/{snapshot_id}": "ShowSnapshot",
        "GET /v2/{project_id}/cloudsnapshots/detail": "ListSnapshots",
        "POST /v2/{project_id}/cloudsnapshots": "CreateSnapshot",
        "PUT /v2/{project_id}/cloudsnapshots/{snapshot_id}": "UpdateSnapshot",
        "POST /v2/{project_id}/cloudvolumes/{volume_id}/action": "ResizeVolume",
        "POST /v2/{project_id}/volumes/{volume_id}/retype": "RetypeVolume",
        "GET /v1/{project_id}/jobs/{job_id}": "ShowJob",
        # two listings of one collection: the one the docs recommend keeps the name,
        # the deprecated one adds what its title says apart ("Querying EVS Disks")
        "GET /v2/{project_id}/cloudvolumes/detail": "ListVolumes",
        "GET /v2/{project_id}/cloudvolumes": "ListEVSVolumes",
    }
    # the OpenStack-compatible API says so (its group: "OpenStack Cinder APIs"), as SDKs do
    assert ops["GET /v2/{project_id}/os-availability-zone"]["operationId"] == \
        "CinderListAvailabilityZones"
    assert ops["DELETE /v2/{project_id}/os-volume-transfer/{transfer_id}"]["operationId"] == \
        "CinderDeleteVolumeTransfer"
    # the page id stays in provenance, and in no name
    delete = ops["DELETE /v2/{project_id}/cloudvolumes/{volume_id}"]
    assert delete["x-source"]["page"] == "evs_04_2008"
    assert no_page_ids(evs.document) == []


def test_groups_are_the_index_pages_titles_in_the_docs_order(evs: BuildResult) -> None:
    assert evs.document is not None
    document = evs.document
    assert document["info"]["title"] == "Elastic Volume Service"  # "... - API Reference"
    tags = [t["name"] for t in document["tags"]]
    assert tags[:4] == ["Disk Management", "Snapshot Management", "Tag Management",
                        "Task Management"]
    # a title two groups share is told apart by its parent, shown as the docs title it
    cinder_disks = next(t for t in document["tags"]
                        if t["name"] == "Disk Management (OpenStack Cinder APIs)")
    assert cinder_disks["x-displayName"] == "Disk Management"
    groups = {g["name"]: g["tags"] for g in document["x-tagGroups"]}
    assert list(groups) == ["APIs (Recommended)", "OpenStack Cinder APIs (Recommended)"]
    assert "Disk Management" in groups["APIs (Recommended)"]
    ops = operations(document)
    assert ops["DELETE /v2/{project_id}/cloudvolumes/{volume_id}"]["tags"] == \
        ["Disk Management"]


def test_body_models_are_named_after_their_operation(evs: BuildResult) -> None:
    assert evs.document is not None
    ops = operations(evs.document)
    create = ops["POST /v2/{project_id}/cloudsnapshots"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CreateSnapshotRequestBody"}
    response = create["responses"]["202"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/CreateSnapshotResponse"}
    schemas = evs.document["components"]["schemas"]
    assert no_page_ids(evs.document) == []
    # nested objects keep the name their field or caption gives
    assert "snapshot" in schemas["CreateSnapshotRequestBody"]["properties"]


def test_a_model_that_is_a_list_item_is_one_thing(evs: BuildResult) -> None:
    """"attachments" (Array of objects) holds attachments: its model is ``Attachment``,
    and so for every model the document uses only as a list's item."""
    assert evs.document is not None
    text = json.dumps(evs.document)
    schemas = evs.document["components"]["schemas"]
    listed = schemas[ref_name(operations(evs.document)["GET /v2/{project_id}/cloudvolumes/detail"]
                              ["responses"]["200"]["content"]["application/json"]["schema"])]
    # another model of another structure is named Volume: this list's item keeps its
    # plural, told apart by its operation's name
    assert listed["properties"]["volumes"]["items"] == {
        "$ref": "#/components/schemas/ListVolumesVolumes"}
    assert schemas["ListVolumesVolumes"]["properties"]["attachments"]["items"] == {
        "$ref": "#/components/schemas/Attachment"}
    only_items = [name for name in schemas
                  if f'"items": {{"$ref": "#/components/schemas/{name}"}}' in text
                  and f'"$ref": "#/components/schemas/{name}"' not in
                  text.replace(f'"items": {{"$ref": "#/components/schemas/{name}"}}', "")]
    assert len(only_items) > 10
    def singular_taken(name: str) -> bool:
        words = re.findall(r"[A-Z][a-z0-9]*", name)
        return any(other.endswith(singular(words[-1])) for other in schemas if other != name)
    plural_named = [name for name in only_items
                    if is_plural(re.findall(r"[A-Z][a-z0-9]*", name)[-1])]
    assert [name for name in plural_named if not singular_taken(name)] == []
    assert len(plural_named) < len(only_items) / 2


def ref_name(schema: Json) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[-1]


def test_chinese_pages_use_the_vendor_name_they_link_else_their_verb(
        evs_zh: BuildResult) -> None:
    assert evs_zh.document is not None
    ops = operations(evs_zh.document)
    # 删除云硬盘 links its API Explorer entry: ...?product=EVS&api=DeleteVolume
    assert ops["DELETE /v2/{project_id}/cloudvolumes/{volume_id}"]["operationId"] == \
        "DeleteVolume"
    # 删除云硬盘快照 (OpenStack Cinder API v2) links none: 删除 is Delete, the path a snapshot
    assert ops["DELETE /v2/{project_id}/snapshots/{snapshot_id}"]["operationId"] == \
        "CinderDeleteSnapshot"
    # 回滚快照到云硬盘: the path's own verb
    assert ops["POST /v3/{project_id}/os-vendor-snapshots/{snapshot_id}/rollback"][
        "operationId"] == "RollbackSnapshotV3"
    assert evs_zh.document["info"]["title"] == "云硬盘"  # the overview's 欢迎使用云硬盘（...）
    assert "云硬盘" in [t["name"] for t in evs_zh.document["tags"]]


def test_a_names_table_overrides_and_prose_renames_nothing() -> None:
    docs = corpus_path("otc-services/elastic-volume-service")
    pages = ["index.rst", "apis_recommended/index.rst",
             "apis_recommended/disk_management/*.rst"]
    files = {str(p.relative_to(docs)): p.read_bytes()
             for pattern in pages for p in sorted(docs.glob(pattern))}
    plain = build_files(files)
    assert plain.document is not None
    key = "DELETE /v2/{project_id}/cloudvolumes/{volume_id}"
    assert operations(plain.document)[key]["operationId"] == "DeleteVolume"
    # a page's prose (its Function text) edited: no name changes
    page = "apis_recommended/disk_management/deleting_an_evs_disk.rst"
    edited = dict(files)
    edited[page] = files[page].replace(b"This API is used to delete an EVS disk.",
                                       b"Deletes one disk, for good.")
    again = build_files(edited)
    assert again.document is not None
    assert {k: o["operationId"] for k, o in operations(plain.document).items()} == \
        {k: o["operationId"] for k, o in operations(again.document).items()}
    # the service's names table wins, by page id or by method and path
    renamed = build_files(files, names={"evs_04_2008": "RemoveDisk",
                                        "PUT /v2/{project_id}/cloudvolumes/{volume_id}":
                                        "EditDisk"})
    assert renamed.document is not None
    ops = operations(renamed.document)
    assert ops[key]["operationId"] == "RemoveDisk"
    assert ops["PUT /v2/{project_id}/cloudvolumes/{volume_id}"]["operationId"] == "EditDisk"


@pytest.mark.parametrize(("word", "expected"), [
    ("volumes", "volume"), ("policies", "policy"), ("addresses", "address"),
    ("status", "status"), ("metadata", "metadata"), ("responses", "response"),
    ("APIs", "API"), ("IPs", "IP"), ("analysis", "analysis"),
])
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("VPCEndpoint", ["VPC", "Endpoint"]), ("flavorRef", ["flavor", "Ref"]),
    ("ListVersionsAPIs", ["List", "Versions", "APIs"]), ("route_tables", ["route", "tables"]),
])
def test_split_words(text: str, expected: list[str]) -> None:
    assert split_words(text) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("volume", "volumes"), ("policy", "policies"), ("diagnosis", "diagnoses"),
    ("status", "status"), ("tags", "tags"), ("APIs", "APIs"), ("API", "APIs"),
])
def test_plural(word: str, expected: str) -> None:
    assert plural(word) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("Creating", "create"), ("Stopping", "stop"), ("Querying", "query"),
    ("Reserving", "reserve"), ("Increasing", "increase"), ("Missing", ""),
])
def test_verbs_in_their_base_form(word: str, expected: str) -> None:
    assert base_form(word, ENGLISH.verbs) == expected


@pytest.mark.parametrize(("names", "expected"), [
    (["BatchCreateTags", "BatchDeleteTags"], "BatchCreateOrDeleteTags"),
    (["CinderAttachVolume", "CinderDetachVolume", "CinderResizeVolume"],
     "CinderVolumeAction"),
    (["ListPrivateZones", "ListPublicZones"], "ListPrivateOrPublicZones"),
    (["StartServers", "StopServers2"], "StartOrStopServers"),
    (["ExportTask", "ImportData"], ""),
    (["KeystoneCreateUserTokenByPassword", "KeystoneCreateAgencyToken"],
     "KeystoneCreateToken"),
    (["CreateTemporaryAccessKeyByToken", "CreateTemporaryAccessKeyByAgency"],
     "CreateTemporaryAccessKey"),
])
def test_a_merged_operation_is_named_by_what_its_variants_share(
        names: list[str], expected: str) -> None:
    assert merged_name(names) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ListTasks", True), ("ShowInstanceTopicDetail", True), ("CreateClusterV2", True),
    ("evs_04_2008", False), ("en-us_topic_0057845569", False),
    ("ZH-CN_TOPIC_0094148850", False), ("modelarts_03_0045", False),
])
def test_a_vendor_name_is_told_from_a_page_id(text: str, expected: bool) -> None:
    assert is_name(text) is expected


@pytest.mark.parametrize(("title", "verb", "batch"), [
    ("Adding or Deleting Image Tags in a Batch", "CreateOrDelete", True),
    ("Binding and Unbinding an EIP", "BindOrUnbind", False),
    ("Adding Tags in Batches", "Create", True),
    ("Reserving an EVS Disk", "Reserve", False),
    ("按标签查询云服务器列表（废弃）", "read", False),  # the verb after a short phrase
    ("批量删除云服务器", "Delete", True),
    ("Image Details", "", False),  # no verb: the method says it
])
def test_the_verb_a_title_says(title: str, verb: str, batch: bool) -> None:
    action = title_action(title, vocabulary_for(title))
    assert (action.verb, action.batch) == (verb, batch)


def test_clashing_names_are_told_apart_by_words_not_numbers() -> None:
    """IAM's reads of domains and projects: the same title words, told apart by what
    their paths write (an extension's or a prefix's name) or by one item against the
    collection; a component named once (the title says Keystone, and so does its
    group)."""
    docs = corpus_path("otc-services/identity-access-management")
    result = build_dir(docs, [
        "index.rst", "apis/index.rst",
        "apis/tenant_management/querying_the_list_of_domains_accessible_to_users.rst",
        "apis/federated_identity_authentication_management/domain/"
        "querying_the_list_of_domains_accessible_to_federated_users.rst",
        "apis/project_management/querying_information_about_a_specified_project.rst",
        "apis/project_management/querying_project_information_based_on_the_specified_"
        "criteria.rst",
        "apis/version_information_management/*.rst"])
    assert result.document is not None
    names = {key: op["operationId"] for key, op in operations(result.document).items()}
    assert names["GET /v3/OS-FEDERATION/domains"] == "ListDomains"
    assert names["GET /v3/auth/domains"] == "ListAuthDomains"
    assert names["GET /v3/projects/{project_id}"] == "ShowProject"
    assert names["GET /v3/projects"] == "ListProjects"
    assert not [n for n in names.values() if re.search(r"[a-z]\d+$", n)], names
    assert all(n.count("Keystone") <= 1 for n in names.values()), names


def test_a_glued_path_word_is_named_as_the_title_writes_it() -> None:
    """DNS writes ``/recordsets`` and titles "Record Set": the name says RecordSet."""
    docs = corpus_path("otc-services/domain-name-service")
    result = build_dir(docs, ["index.rst", "apis/index.rst", "apis/record_set_management/*.rst"])
    assert result.document is not None
    names = {key: op["operationId"] for key, op in operations(result.document).items()}
    assert names["GET /v2/zones/{zone_id}/recordsets/{recordset_id}"] == "ShowRecordSet"
    assert names["GET /v2/recordsets"] == "ListRecordSets"
    assert names["POST /v2/zones/{zone_id}/recordsets"] == "CreateRecordSet"
