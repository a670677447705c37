"""HTML and Markdown pages (English and Chinese) read into the same Page and the same
operations as the RST pages."""

from __future__ import annotations

import collections
from typing import Any

import pytest

from generator.build import build_dir, build_files
from generator.cli import main
from generator.compare import compare_documents
from generator.diff import load_side
from generator.extract.labels import CHINESE, ENGLISH, labels_for
from generator.page import CodeBlock, Paragraph
from generator.readers import read_page
from tests.conftest import PROJECT, SEEDS, corpus_path, operation_of

ZH_SEED = SEEDS / "data_management" / "querying_details_about_a_team_labeling_task.zh.md"
EN_SEED = SEEDS / "data_management" / "querying_details_about_a_team_labeling_task.rst"


def test_markdown_page_tables_captions_anchors_and_lines() -> None:
    page, diagnostics = read_page(ZH_SEED.read_bytes(), ZH_SEED.name)
    assert page is not None and diagnostics == []
    assert page.title == "查询团队标注任务详情"
    assert page.anchors == ("DescWorkforceTask",)
    tables = {t.caption: t for _, t in page.all_tables()}
    query = tables["表 2 Query参数"]
    assert [c.text for c in query.header] == ["参数", "是否必选", "参数类型", "描述"]
    label_stats = query.rows[0]
    assert [c.text for c in label_stats[:3]] == ["label_stats", "否", "Boolean"]
    assert label_stats[0].line == 65
    assert label_stats[3].text.splitlines()[1:] == ["- true：返回标签统计信息",
                                                    "- false：不返回标签统计信息（默认值）"]
    nested = tables["表 4 WorkforceSamplingTaskDesc"]
    assert nested.anchors == ("response_WorkforceSamplingTaskDesc",)
    body = tables["表 3 响应Body参数"]
    link = next(link for row in body.rows for c in row for link in c.links
                if link.target == "response_WorkforceSamplingTaskDesc")
    assert link.internal
    uri = next(s for s in page.sections if s.heading == "URI")
    line = uri.blocks[0]
    assert isinstance(line, Paragraph) and line.line == 9
    assert line.text == "GET /v2/{project_id}/datasets/{dataset_id}/workforce-tasks/" \
                        "{workforce_task_id}"  # the Markdown escapes \\{ \\_ are gone
    example = next(s for s in page.sections if s.heading == "响应示例")
    code = next(b for b in example.blocks if isinstance(b, CodeBlock))
    assert code.line == 1318 and code.text.startswith("{")


def test_html_page_sections_tables_and_loose_text() -> None:
    path = corpus_path("otc-modelarts-html", "ListTasks.html")
    page, diagnostics = read_page(path.read_bytes(), path.name)
    assert page is not None and diagnostics == []
    assert page.title == "Querying the Intelligent Task List by Page"
    assert page.anchors == ("ListTasks",)
    tables = {t.caption: t for _, t in page.all_tables()}
    assert tables["Table 2 Query parameters"].rows[2][0].text == "task_name"
    assert "ListTasks__response_RunningTask" in tables["Table 4 RunningTask"].anchors
    # a request line that is loose text in a <div class="p"> around a table
    other = corpus_path("otc-modelarts-html", "modelarts_03_0201.html")
    page, _ = read_page(other.read_bytes(), other.name)
    assert page is not None
    uri = next(s for s in page.sections if s.heading == "URI")
    assert uri.blocks[0].text == "GET /v1/{project_id}/clusters"  # type: ignore[union-attr]


def test_chinese_labels_are_recognised() -> None:
    page, _ = read_page(ZH_SEED.read_bytes(), ZH_SEED.name)
    assert page is not None
    assert labels_for([s.heading for s in page.sections]) is CHINESE
    assert CHINESE.status_of("状态码： 200") == "200"
    assert CHINESE.type_text("String数组") == "String array"
    assert CHINESE.type_text("package结构数组") == "package array"
    assert ENGLISH.type_text("String array") == "String array"


def _operation(path: Any) -> Any:
    return operation_of(path)


def test_english_rst_and_chinese_markdown_give_the_same_operation() -> None:
    en, zh = _operation(EN_SEED), _operation(ZH_SEED)
    assert (en.operation_id, en.method, en.path) == (zh.operation_id, zh.method, zh.path)
    assert [(p.name, p.location, p.type, p.required) for p in en.parameters] == [
        (p.name, p.location, p.type, p.required) for p in zh.parameters]
    assert [[e.value for e in p.enum] for p in en.parameters] == [
        [e.value for e in p.enum] for p in zh.parameters]
    assert [r.status for r in en.responses] == [r.status for r in zh.responses]

    def shapes(operation: Any) -> dict[str, Any]:
        # what the tables document (the examples, which differ, may show more: inferred)
        return {s.name: [(f.name, f.type.kind, f.type.format, f.required) for f in s.fields
                         if not f.inferred] for s in operation.schemas}

    assert shapes(en) == shapes(zh)
    assert len(shapes(en)) == 17


def test_compare_finds_no_disagreement_between_the_seeds_and_finds_a_real_one(
        tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert compare_documents(load_side(str(EN_SEED)), load_side(str(ZH_SEED))) == []
    changed = tmp_path / "changed.zh.md"
    changed.write_text(ZH_SEED.read_text(encoding="utf-8").replace(
        "<p>label_stats</p>\n</td>\n<td class=\"cellrowborder\" valign=\"top\" width=\"20%\" "
        "headers=\"mcps1.2.5.1.2 \"><p>否</p>",
        "<p>label_stats</p>\n</td>\n<td class=\"cellrowborder\" valign=\"top\" width=\"20%\" "
        "headers=\"mcps1.2.5.1.2 \"><p>是</p>"), encoding="utf-8")
    found = compare_documents(load_side(str(EN_SEED)), load_side(str(changed)))
    assert [(d.kind, d.path, d.a, d.b) for d in found] == [
        ("parameter", "parameter.label_stats", "query boolean", "query boolean, required")]
    assert main(["compare", str(EN_SEED), str(changed)]) == 1
    out = capsys.readouterr().out
    assert "parameter parameter.label_stats: A says query boolean, B says query boolean, " \
           "required" in out
    assert f"{changed.name}:65" in out


def test_generate_builds_the_chinese_seed_as_its_own_spec(seed_spec: dict[str, Any]) -> None:
    en = load_side(str(PROJECT / "spec" / "modelarts.yaml"))
    zh = load_side(str(PROJECT / "spec" / "modelarts-zh.yaml"))
    found = compare_documents(zh, en)
    # the zh set documents one operation; the English set four, that one among them
    assert {d.kind for d in found} == {"operation-missing"}
    assert len(found) == 3


def test_the_html_and_zh_references_build() -> None:
    html = build_dir(corpus_path("otc-modelarts-html"), ["*.html"], title="t")
    zh = build_dir(corpus_path("huawei-modelarts-md-zh"), ["*.md"], title="t")
    assert html.document is not None and zh.document is not None
    assert len(html.api.operations) == 141
    # two pages document one action route: one operation with a variant per page
    action = html.document["paths"]["/v1/{project_id}/demanager/instances/{instance_id}/action"]
    assert [v["operationId"] for v in action["post"]["x-variants"]] == [
        "ManageInstance", "RestartInstance"]  # "Managing ...", "Restarting ... Instance"
    assert action["post"]["operationId"] == "ManageOrRestartInstance"
    # 136 pages with a URI heading, and 查询支持的服务部署规格.md whose "URI" is a paragraph
    assert len(zh.api.operations) == 137
    for result in (html, zh):
        codes = collections.Counter(d.code for d in result.diagnostics)
        assert codes["internal-error"] == codes["no-request-line"] == 0


def test_minified_html_tables_on_one_line_keep_their_own_objects() -> None:
    """Two tables on one source line used to share a schema key (path#line), so the
    nested object read back as the body (found by the HTML round-trip fuzz test)."""
    head = "<tr><th>Parameter</th><th>Mandatory</th><th>Type</th><th>Description</th></tr>"
    page = ("<html><body><h1>T</h1><h4>URI</h4><p>POST /v1/x</p><h4>Request Parameters</h4>"
            f"<table><caption>Table 1 Request body parameters</caption>{head}"
            "<tr><td>spec</td><td>Yes</td><td><a href='#child'>Spec</a> object</td><td>S</td>"
            f"</tr></table><a name='child'></a><table><caption>Table 2 Spec</caption>{head}"
            "<tr><td>size</td><td>No</td><td>Integer</td><td>Size.</td></tr></table>"
            "</body></html>")
    result = build_files({"x.html": page.encode()}, title="t")
    assert result.document is not None
    schemas = result.document["components"]["schemas"]
    assert set(schemas["Spec"]["properties"]) == {"size"}
    body = result.document["paths"]["/v1/x"]["post"]["requestBody"]["content"]
    ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[ref]["properties"]) == {"spec"}
