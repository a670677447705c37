"""The emitter's rules that make a spec every OpenAPI tool accepts, each on the IR or a
page that shows it, and the reading side (libyaml loader, --no-provenance, lenient models)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from generator.diagnostics import Source
from generator.emit.openapi import emit_openapi, without_provenance
from generator.emit.serialize import dumps, loads
from generator.ir import (
    Api,
    Constraints,
    EnumValue,
    Example,
    Field,
    Kind,
    Location,
    Operation,
    Parameter,
    Response,
    Schema,
    TypeRef,
)
from generator.validate import spec_errors
from tests.conftest import PROJECT, SEEDS, corpus_path

STRING, INT32 = TypeRef(Kind.STRING), TypeRef(Kind.INTEGER, "int32")
HERE = Source("page.rst", 1)


def _operation(operation_id: str = "Op", method: str = "GET", path: str = "/v1/{id}",
               **changes: Any) -> Operation:
    values: dict[str, Any] = dict(
        operation_id=operation_id, method=method, path=path, summary="s", description="",
        tag="t", parameters=(Parameter("id", Location.PATH, STRING, True, "", HERE),),
        request_body=None, request_examples=(), responses=(
            Response("200", "OK", None, (), HERE),), schemas=(), source=HERE)
    values.update(changes)
    return Operation(**values)


def _emit(*operations: Operation) -> tuple[dict[str, Any], Any]:
    document, diagnostics = emit_openapi(Api("t", "1", operations))
    assert spec_errors(document) == []
    return document, diagnostics


def _schema(key: str, name: str, *fields: Field, line: int = 1) -> Schema:
    return Schema(key, name, fields, Source(f"{key}.rst", line))


def _field(name: str, ref: TypeRef = STRING, **changes: Any) -> Field:
    return Field(name, ref, False, "", "String", HERE, **changes)


def test_component_names_differ_in_more_than_case() -> None:
    gpu = _schema("a#gpu", "GPUInfo", _field("count", INT32))
    other = _schema("b#gpu", "GpuInfo", _field("type"), line=2)
    same = _schema("c#gpu", "gpuInfo", _field("count", INT32), line=3)
    document, diagnostics = _emit(*(
        _operation(op_id, path=f"/v1/{op_id}/{{id}}", schemas=(schema,), responses=(
            Response("200", "OK", TypeRef(Kind.OBJECT, schema=schema.key), (), HERE),))
        for op_id, schema in (("A", gpu), ("B", other), ("C", same))))
    names = sorted(document["components"]["schemas"])
    assert names == ["BGPUInfo", "GPUInfo"]  # the same structure is one component
    assert len({n.casefold() for n in names}) == len(names)
    [renamed] = [d for d in diagnostics if d.code == "component-renamed"]
    assert "'GpuInfo' here differs in structure from 'GPUInfo'" in renamed.message


def test_documented_values_are_an_open_set_of_the_field_type() -> None:
    hard = _field("@modelarts:hard", TypeRef(Kind.NUMBER, "double"),
                  enum=(EnumValue(0, "no"), EnumValue(1, "yes")))
    state = _field("state", enum=(EnumValue("ALL", "labeled"), EnumValue(3, "not a string")))
    flag = _field("flag", TypeRef(Kind.BOOLEAN), enum=(EnumValue(True, "on"),
                                                       EnumValue(False, "off")))
    schema = _schema("a#s", "Sample", hard, state, flag)
    document, _ = _emit(_operation(schemas=(schema,), responses=(
        Response("200", "OK", TypeRef(Kind.OBJECT, schema="a#s"), (), HERE),)))
    properties = document["components"]["schemas"]["Sample"]["properties"]
    assert properties["@modelarts:hard"] == {
        "type": "number", "format": "double", "x-extensible-enum": [0, 1],
        "x-enum-descriptions": ["no", "yes"], "x-source": {"file": "page.rst", "line": 1}}
    assert properties["state"]["x-extensible-enum"] == ["ALL"]  # 3 is no string
    assert properties["flag"]["x-extensible-enum"] == [True, False]
    assert not any("enum" in p for p in properties.values())


def test_required_parameters_get_no_default_and_placeholders_are_no_default() -> None:
    parameters = (
        Parameter("id", Location.PATH, STRING, True, "", HERE, constraints=Constraints(
            default="N/A")),
        Parameter("name", Location.QUERY, STRING, True, "", HERE, constraints=Constraints(
            default="abc")),
        Parameter("limit", Location.QUERY, INT32, False, "", HERE, constraints=Constraints(
            default=10)),
        Parameter("sort", Location.QUERY, STRING, False, "", HERE, constraints=Constraints(
            default="n/a")),
        Parameter("page", Location.QUERY, INT32, False, "", HERE, constraints=Constraints(
            default="first")),
    )
    document, _ = _emit(_operation(parameters=parameters))
    schemas = {p["name"]: p["schema"] for p in document["paths"]["/v1/{id}"]["get"]["parameters"]}
    assert schemas == {"id": {"type": "string"}, "name": {"type": "string"},
                       "limit": {"type": "integer", "format": "int32", "default": 10},
                       "sort": {"type": "string"}, "page": {"type": "integer", "format": "int32"}}


def _example(value: Any, line: int = 9) -> Example:
    return Example(repr(value), value, "", Source("page.rst", line))


def test_an_empty_request_example_is_no_body_and_no_body_is_required_without_a_schema() -> None:
    empty = _operation("Get", request_examples=(_example({}),))
    free = _operation("Start", "POST", "/v1/{id}/start", request_examples=(_example({"a": 1}),))
    document, diagnostics = _emit(empty, free)
    assert "requestBody" not in document["paths"]["/v1/{id}"]["get"]
    assert document["paths"]["/v1/{id}/start"]["post"]["requestBody"] == {
        "required": False, "content": {"application/json": {
            "schema": {}, "examples": {"example1": {
                "value": {"a": 1}, "x-source": {"file": "page.rst", "line": 9}}}}}}
    assert [d.code for d in diagnostics if d.level.name == "INFO"] == ["empty-request-body"]


def test_no_content_statuses_carry_no_body_and_a_shown_body_is_a_warning() -> None:
    tags = _schema("a#tags", "Tags", _field("key"))
    shown = _operation("ShowTags", schemas=(tags,), responses=(
        Response("204", "OK", TypeRef(Kind.OBJECT, schema="a#tags"),
                 (_example({"key": "k"}, 40),), Source("page.rst", 38)),))
    empty = _operation("Delete", "DELETE", responses=(
        Response("204", "No Content", None, (_example({}),), HERE),))
    document, diagnostics = _emit(shown, empty)
    for method in ("get", "delete"):
        assert "content" not in document["paths"]["/v1/{id}"][method]["responses"]["204"]
    assert "Tags" not in document["components"]["schemas"]  # only the dropped body used it
    [warning] = [d for d in diagnostics if d.code == "body-on-no-content"]
    assert (warning.source.line, warning.level.name) == (38, "WARNING")


def test_a_placeholder_row_is_no_property() -> None:
    # StartNotebook at a52ad03: a "-" row in the body table (openapi-generator's Python
    # client then wrote `: Optional[...] = Field(alias="-")` and stopped importing)
    body = _schema("a#start", "StartNotebookRequest", _field("-", TypeRef(Kind.OBJECT)),
                   _field("name"))
    document, diagnostics = _emit(_operation(
        "StartNotebook", "POST", schemas=(body,),
        request_body=TypeRef(Kind.OBJECT, schema="a#start")))
    assert list(document["components"]["schemas"]["StartNotebookRequest"]["properties"]) == [
        "name"]
    assert [d.code for d in diagnostics if d.level.name == "WARNING"] == ["placeholder-field"]


def test_a_path_with_an_unpaired_brace_is_cut_before_it() -> None:
    # bare-metal-server: `GET /v2.1/{project_id}/servers{?changes-since,...}` lost its query
    # part to `/servers{`, and openapi-spec-validator crashed on the document
    document, diagnostics = _emit(_operation(path="/v2.1/{id}/servers{"))
    assert list(document["paths"]) == ["/v2.1/{id}/servers"]
    [warning] = [d for d in diagnostics if d.code == "bad-path-template"]
    assert "'/v2.1/{id}/servers{'" in warning.message


def test_paths_that_differ_only_in_variable_names_are_one_path() -> None:
    # data-arts-studio: /v1/{project_id}/jobs/{job_name} and .../jobs/{name}
    get = _operation("Show", path="/jobs/{job_name}", parameters=(
        Parameter("job_name", Location.PATH, STRING, True, "", HERE),))
    delete = _operation("Delete", "DELETE", "/jobs/{name}", parameters=(
        Parameter("name", Location.PATH, STRING, True, "", HERE),
        Parameter("name", Location.QUERY, STRING, False, "", HERE)),
        source=Source("z.rst", 1))
    document, diagnostics = _emit(get, delete)
    assert list(document["paths"]) == ["/jobs/{job_name}"]
    assert [(p["in"], p["name"]) for p in document["paths"]["/jobs/{job_name}"]["delete"][
        "parameters"]] == [("path", "job_name"), ("query", "name")]
    assert [d.code for d in diagnostics] == ["path-variable-renamed"]


def test_a_server_is_always_written() -> None:
    document, _ = _emit(_operation())
    assert document["servers"] == [{"url": "https://{endpoint}", "variables": {"endpoint": {
        "default": "localhost",
        "description": "The API's endpoint: the host name of the service in your region."}}}]


def test_an_int32_field_whose_example_overflows_it_is_int64() -> None:
    job = _schema("a#job", "Job", _field("create_time", INT32), _field("count", INT32))
    document, diagnostics = _emit(_operation(schemas=(job,), responses=(Response(
        "200", "OK", TypeRef(Kind.ARRAY, items=TypeRef(Kind.OBJECT, schema="a#job")),
        (_example([{"create_time": 1636447746000, "count": 2}], 77),), HERE),)))
    properties = document["components"]["schemas"]["Job"]["properties"]
    assert properties["create_time"]["format"] == "int64"
    assert properties["count"]["format"] == "int32"
    [note] = [d for d in diagnostics if d.code == "integer-widened"]
    assert note.source.line == 77 and "1636447746000" in note.message


def test_the_c_loader_reads_the_same_documents() -> None:
    assert hasattr(yaml, "CSafeLoader"), "PyYAML was built without libyaml"
    texts = [(PROJECT / "spec" / name).read_text(encoding="utf-8")
             for name in ("modelarts.yaml", "modelarts-zh.yaml")]
    texts.append("a: 2001-01-01\nb: 0o17\nc: [yes, no, ~, .inf]\nd: '1e3'\n")
    # what the event reader hands back to the node loader: anchors, merge keys, tags
    texts += ["a: &x [1, {b: 2}]\nc: *x\n", "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",
              "a: !!str 1\nb: !!float '2'\n", "", "- a\n- {b: ''}\n"]
    for text in texts:
        assert loads(text) == yaml.load(text, Loader=yaml.SafeLoader)
    shared = loads("a: &x [1]\nb: *x\n")
    assert shared["a"] is shared["b"]  # an alias is the same object, as PyYAML makes it
    for broken in ("? [1]\n: 2\n", "a: b\n---\nc: d\n", "a: *nope\n", "a: [1\n"):
        with pytest.raises(yaml.YAMLError):
            loads(broken)


def test_the_c_loader_reads_the_whole_modelarts_spec_like_pyyaml(corpus_build: Any) -> None:
    corpus_path("otc-modelarts-rst")
    text = dumps(corpus_build.document)
    assert loads(text) == yaml.load(text, Loader=yaml.SafeLoader) == corpus_build.document


def test_build_no_provenance_drops_every_x_source_and_nothing_else(tmp_path: Path) -> None:
    plain, bare = tmp_path / "plain.yaml", tmp_path / "bare.yaml"
    for out, extra in ((plain, []), (bare, ["--no-provenance"])):
        subprocess.run([sys.executable, "-m", "generator.cli", "build", str(SEEDS), "-o",
                        str(out), "-q", "--no-cache", "--include", "**/*.rst", *extra],
                       check=True, cwd=PROJECT)
    with_sources, without = loads(plain.read_text()), loads(bare.read_text())
    assert "x-source" in plain.read_text() and "x-source" not in bare.read_text()
    assert without == without_provenance(with_sources)
    # data keeps a key of that name: only provenance goes
    assert without_provenance({"properties": {
        "x-source": {"type": "string", "x-source": 1}, "value": {"x-source": 3}},
        "value": {"x-source": 2}}) == {
        "properties": {"x-source": {"type": "string"}, "value": {}}, "value": {"x-source": 2}}


# --- our client: a response the docs show never fails ----------------------------------------


def test_a_value_that_contradicts_the_table_is_kept_as_sent(modelarts: ModuleType) -> None:
    m = modelarts.models
    sent = {
        "total_count": "many",  # the table says Integer
        "tasks": [{"task_id": "t1", "config": {"algorithm_type": "supervisory"}},
                  {"task_id": 7, "progress": 40}],
    }
    # tolerant with the server (the client parses answers this way), strict with the caller
    task = m.ListTasksResponse.from_response(sent)
    with pytest.raises(ValidationError, match="total_count"):
        m.ListTasksResponse.model_validate(sent)
    assert task.total_count == "many"  # as sent
    first, second = task.tasks
    assert isinstance(first, m.RunningTask) and first.task_id == "t1"  # parsed
    assert first.config.algorithm_type == "supervisory"  # an undocumented value, open enum
    assert second.task_id == 7 and second.progress == 40  # the rest of the item still parses
