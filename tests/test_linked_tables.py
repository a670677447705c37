"""Tables a row reaches in ways the docs did not mean literally, on the real pages that
do it: a table linked from a value of a scalar row (the holder's fields present in that
case), a link that leaves the page while the page holds its own table for the row, a
link that lands on the other side's copy of an object, and one header parameter
documented once per case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.build import BuildResult, build_dir
from generator.lint import lint
from tests.conftest import corpus_path


def _line(path: Path, start: str, nth: int = 1, after: int = 0) -> int:
    """The line of the ``nth`` table row (after line ``after``) whose name cell opens
    with ``start``."""
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if i > after and line.strip().lstrip("|").strip().startswith(start)]
    return lines[nth - 1]


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema or "allOf" in schema:
        if "allOf" in schema:
            schema = schema["allOf"][0]
            continue
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _missed(result: BuildResult, page: Path) -> list[tuple[str, int]]:
    assert result.coverage is not None
    return [(row.name, row.source.line) for row in result.coverage.missed
            if page.as_posix().endswith(row.source.path)]


def test_a_table_linked_from_a_value_of_a_scalar_row() -> None:
    """MRS: ``job_type`` (Integer) lists "5: DistCp ... see Table 3", "7: Spark SQL ...
    see Table 4"; those tables list fields of the same body when job_type takes that
    value: new ones are optional fields of the body with the case in their description,
    the ones the body has already stay one field."""
    docs = corpus_path("otc-services", "mapreduce-service")
    page = docs / "apis" / "job_object_apis_v1_not_recommended" / \
        "adding_a_job_and_executing_the_job.rst"
    result = build_dir(docs, [page.relative_to(docs).as_posix()], title="t")
    assert result.document is not None
    operation = result.document["paths"]["/v1.1/{project_id}/jobs/submit-job"]["post"]
    body = _resolve(result.document,
                    operation["requestBody"]["content"]["application/json"]["schema"])
    properties = body["properties"]
    table_3 = _line(page, ".. table:: **Table 3**")
    table_4 = _line(page, ".. table:: **Table 4**")
    file_action, hql = properties["file_action"], properties["hql"]
    assert (file_action["type"], file_action["x-source"]["line"]) == (
        "string", _line(page, "file_action", after=table_3))
    assert file_action["description"].startswith("When job_type is 5: Types of file")
    assert (hql["type"], hql["x-source"]["line"]) == ("string", _line(page, "hql",
                                                                      after=table_4))
    assert hql["description"].startswith("When job_type is 7: Spark SQL statement")
    # "Yes" in a case's table: required in that case only
    assert "file_action" not in body["required"] and "hql" not in body["required"]
    # job_name, input, output are the body's own fields, documented once more per case
    assert list(properties).count("job_name") == 1
    assert properties["job_name"]["x-source"]["line"] == _line(page, "job_name")
    assert "When job_type is 5: Data source path" in properties["input"]["description"]
    notes = {(d.code, d.source.line) for d in result.diagnostics}
    assert ("field-by-value", _line(page, "job_name", after=table_4)) in notes
    assert not [d for d in result.diagnostics if d.code == "unreached-table"]
    assert _missed(result, page) == []


def test_a_link_that_leaves_the_page_means_the_own_table_of_that_number() -> None:
    """ModelArts' old notebook API: the modify page was copied from the create page and
    kept its anchors: ``spec`` says "For details about notebook, see Table 14", linked to
    the create page's Table 14 (``spec``), while this page's Table 14 is "**notebook**
    parameters", which nothing else reaches; its ``auto_stop`` links to the create
    page's table while this page has two auto_stop tables, one linked from its request."""
    docs = corpus_path("otc-modelarts-rst")
    page = docs / "historical_apis" / "devenviron_old_version" / \
        "modifying_the_description_of_a_development_environment_instance.rst"
    result = build_dir(docs, ["historical_apis/devenviron_old_version/*.rst"], title="t")
    document = result.document
    assert document is not None
    operation = document["paths"]["/v1/{project_id}/demanager/instances/{instance_id}"]["put"]
    body = _resolve(document, operation["responses"]["200"]["content"]["application/json"]
                    ["schema"])
    spec = _resolve(document, body["properties"]["spec"])
    here = page.relative_to(docs).as_posix()
    assert spec["x-source"] == {"file": here, "line": _line(page, ".. table:: **Table 14**")}
    assert list(spec["properties"]) == [
        "log_path", "custom_script_path", "storage", "credential", "repository",
        "resource_reserved_timestamp", "auto_stop", "failed_reasons", "annotations",
        "extend_params"]
    storage = _resolve(document, spec["properties"]["storage"])
    assert storage["x-source"] == {"file": here, "line": _line(page, ".. table:: **Table 15**")}
    assert storage["properties"]["type"]["type"] == "string"
    # the response's auto_stop (Table 17), not the request's three fields (Table 4)
    auto_stop = _resolve(document, spec["properties"]["auto_stop"])
    assert list(auto_stop["properties"]) == ["enable", "duration", "prompt",
                                             "stop_timestamp", "remain_time"]
    assert auto_stop["properties"]["stop_timestamp"]["type"] == "integer"
    failed = _resolve(document, spec["properties"]["failed_reasons"])
    assert list(failed["properties"]) == ["code", "message", "detail"]
    notes = {(d.code, d.source.line) for d in result.diagnostics if d.source.path == here}
    assert ("own-table-by-number", _line(page, "spec", 2)) in notes
    assert ("own-copy", _line(page, ".. table:: **Table 17**")) in notes
    assert _missed(result, page) == []


def test_a_link_to_the_other_sides_copy_means_the_copy_beside_the_row() -> None:
    """IAM's console ACL: the request's ``allow_ip_ranges_ipv6`` links to the response's
    Table 14 (the only one of the two copies with an anchor); the request's own Table 8
    of that name, which no link reaches, is its object."""
    docs = corpus_path("otc-services", "identity-access-management")
    page = docs / "apis" / "security_settings" / "modifying_the_acl_for_console_access.rst"
    result = build_dir(docs, [page.relative_to(docs).as_posix()], title="t")
    document = result.document
    assert document is not None
    item = document["paths"]["/v3.0/OS-SECURITYPOLICY/domains/{domain_id}/console-acl-policy"]
    body = _resolve(document, item["put"]["requestBody"]["content"]["application/json"]
                    ["schema"])
    policy = _resolve(document, body["properties"]["console_acl_policy"])
    ranges = policy["properties"]["allow_ip_ranges_ipv6"]
    assert ranges["type"] == "array"
    table_8 = _line(page, ".. table:: **Table 8**")
    assert ranges["x-source"]["line"] == _line(page, ":ref:`allow_ip_ranges_ipv6")
    notes = {(d.code, d.source.line) for d in result.diagnostics}
    assert ("copy-by-side", table_8) in notes
    assert not [d for d in result.diagnostics if d.code == "unlinked-table"]
    # the docs' link is still wrong: the doc-quality report says so
    assert ("copy-by-side", table_8) in {(d.code, d.source.line) for d in lint(result)}
    assert _missed(result, page) == []


def test_a_header_documented_once_per_case_is_one_parameter() -> None:
    """IAM's temporary AK/SK: a header table per case ("... with an agency token
    (methods is set to assume_role)", "... with a user token ... (methods is set to
    token)"); X-Auth-Token is required in the first and optional in the second, so the
    token is optional, and neither case's rows are a duplicate."""
    docs = corpus_path("otc-services", "identity-access-management")
    page = docs / "apis" / "access_key_management" / "obtaining_a_temporary_ak_sk.rst"
    result = build_dir(docs, [page.relative_to(docs).as_posix()], title="t")
    assert result.document is not None
    operation = result.document["paths"]["/v3.0/OS-CREDENTIAL/securitytokens"]["post"]
    assert operation["security"] == [{"token": []}, {}]
    assert not [d for d in result.diagnostics if d.code == "duplicate-parameter"]
    notes = {(d.code, d.source.line) for d in result.diagnostics}
    assert ("parameter-by-case", _line(page, "X-Auth-Token", 2)) in notes
    assert ("parameter-by-case", _line(page, "Content-Type", 2)) in notes
    missed = {name for name, _ in _missed(result, page)}
    assert not missed & {"X-Auth-Token", "Content-Type"}


def test_a_link_that_leaves_the_page_means_the_own_table_named_after_the_field() -> None:
    """ModelArts' HTML export of the same page: ``profile`` links to "Table 16" of the
    create page (its flavor_details), while this page's "Table 6 **profile**
    parameters", which no link reaches, is named after the field."""
    docs = corpus_path("otc-modelarts-html")
    page = docs / "modelarts_03_0113.html"
    result = build_dir(docs, ["modelarts_03_011*.html"], title="t")
    document = result.document
    assert document is not None
    operation = document["paths"]["/v1/{project_id}/demanager/instances/{instance_id}"]["put"]
    body = _resolve(document, operation["responses"]["200"]["content"]["application/json"]
                    ["schema"])
    profile = _resolve(document, body["properties"]["profile"])
    assert list(profile["properties"]) == ["id", "name", "description", "de_type",
                                           "provision", "labels", "flavor_type"]
    provision = _resolve(document, profile["properties"]["provision"])
    assert list(provision["properties"]) == ["type", "spec"]
    assert [d for d in result.diagnostics if d.source.path == page.name
            and d.code == "own-table-by-name" and "'Table 6 profile parameters'" in d.message]
    assert _missed(result, page) == []


def test_a_link_copied_from_another_row_means_the_table_the_row_names() -> None:
    """The same page at ModelArts RST a52ad03: the response's ``spec`` says "For
    details about parameters of a notebook instance, see Table 8" and links to Table 8
    (**spec**, the provision's, which its own row links to as well); Table 14
    "**notebook** parameters", which no link reaches, is what the row names."""
    docs = corpus_path("otc-modelarts-rst@a52ad03")
    page = docs / "devenviron_old_version" / \
        "modifying_the_description_of_a_development_environment_instance.rst"
    result = build_dir(docs, ["devenviron_old_version/*.rst"], title="t")
    document = result.document
    assert document is not None
    operation = document["paths"]["/v1/{project_id}/demanager/instances/{instance_id}"]["put"]
    body = _resolve(document, operation["responses"]["200"]["content"]["application/json"]
                    ["schema"])
    spec = _resolve(document, body["properties"]["spec"])
    here = page.relative_to(docs).as_posix()
    assert spec["x-source"] == {"file": here, "line": _line(page, ".. table:: **Table 14**")}
    assert "storage" in spec["properties"] and "auto_stop" in spec["properties"]
    # the provision's spec is still Table 8
    profile = _resolve(document, body["properties"]["profile"])
    deployment = _resolve(document, _resolve(document, profile["properties"]["provision"])
                          ["properties"]["spec"])
    assert "params" in deployment["properties"]
    notes = {(d.code, d.source.line) for d in result.diagnostics if d.source.path == here}
    assert ("orphan-by-words", _line(page, "spec", 2)) in notes
    assert _missed(result, page) == []
