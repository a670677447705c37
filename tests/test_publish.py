"""The published API reference: what a reader finds on the pages of the seed spec,
links that resolve across the whole ModelArts site, and untrusted text kept as text.
(The browser test, test_site_browser.py, loads the same site in Chromium.)"""

from __future__ import annotations

import html
import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

import pytest

from generator.cli import main
from generator.emit.serialize import dumps
from generator.publish import MARKER, paragraphs, publish
from generator.publish.model import site_of

LIST_TASKS_PAGE = "data_management/obtaining_an_auto_labeling_task_list_by_page.rst"


class _Page(HTMLParser):
    """The ids, links, scripts and text cells of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.rows: dict[str, str] = {}  # tr id → its text
        self._row: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))
        if tag == "script":
            self.scripts.append(str(found.get("src")))
        if tag == "tr" and found.get("id"):
            self._row, self._text = str(found["id"]), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows[self._row] = " ".join("".join(self._text).split())
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._text.append(data)


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


@pytest.fixture(scope="module")
def seed_site(seed_spec: dict[str, Any]) -> dict[str, str]:
    return publish(seed_spec)


def test_list_tasks_page_shows_parameters_with_constraints_enum_meanings_and_sources(
        seed_site: dict[str, str]) -> None:
    page = _parse(seed_site["operations/ListTasks.html"])
    limit = page.rows["param-query-limit"]
    assert "integer (int32)" in limit and "optional" in limit
    assert "1 ≤ value ≤ 100" in limit and "default: 10" in limit
    assert f"{LIST_TASKS_PAGE}:46" in limit
    kind = page.rows["param-query-type"]
    for value, meaning in (("auto-label", "active learning"), ("pre-label", "pre-labeling"),
                           ("auto-grouping", "auto grouping")):
        assert f"{value} — {meaning}" in kind
    assert "required" in page.rows["param-path-dataset_id"]
    assert {"response-200", "response-401", "response-403", "response-404"} <= page.ids


def test_response_body_is_a_nested_table_linking_named_types(
        seed_site: dict[str, str]) -> None:
    text = seed_site["operations/ListTasks.html"]
    page = _parse(text)
    # RunningTask's fields under tasks, SmartTaskConfig's under tasks.config
    assert "array of RunningTask" in page.rows["response-200.tasks"]
    assert 'href="../schemas/RunningTask.html"' in text
    config = page.rows["response-200.tasks.config"]
    assert "SmartTaskConfig" in config and "Task configuration" in config
    assert 'class="d2"' in text.split('id="response-200.tasks.config.algorithm_type"')[1][:20]
    algorithm = page.rows["response-200.tasks.config.algorithm_type"]
    assert "fast — Only labeled samples are used for training." in algorithm
    # the example is pretty-printed JSON (escaped for HTML)
    shown = html.unescape(text)
    assert '"dataset_id": "OBegCXHxTJ2JHRAZWr0"' in shown and '\n  "tasks": [' in shown


def test_operation_page_names_its_doc_file_and_line(seed_site: dict[str, str],
                                                    seed_spec: dict[str, Any]) -> None:
    operation = seed_spec["paths"]["/v2/{project_id}/datasets/{dataset_id}/tasks"]["get"]
    where = f"{operation['x-source']['file']}:{operation['x-source']['line']}"
    assert f"from <code>{where}</code>" in seed_site["operations/ListTasks.html"]


def test_schema_pages_list_fields_and_the_operations_that_use_them(
        seed_site: dict[str, str]) -> None:
    page = _parse(seed_site["schemas/SmartTaskConfig.html"])
    assert "schema.algorithm_type" in page.ids
    assert "../operations/ListTasks.html" in page.links
    index = seed_site["index.html"]
    assert index.index("data_management") < index.index("operations/ListTasks.html")


def test_search_index_finds_operations_by_name_and_path(seed_site: dict[str, str]) -> None:
    entries = json.loads(seed_site["assets/search-index.json"])
    by_name = {e["n"]: e for e in entries}
    assert by_name["ListTasks"] == {
        "k": "operation", "n": "ListTasks", "s": "Obtaining an Auto Labeling Task List by Page",
        "m": "GET", "p": "/v2/{project_id}/datasets/{dataset_id}/tasks",
        "t": ["data_management"], "u": "operations/ListTasks.html"}
    assert by_name["SmartTaskConfig"]["u"] == "schemas/SmartTaskConfig.html"


def test_the_same_spec_gives_the_same_site(seed_spec: dict[str, Any],
                                           seed_site: dict[str, str]) -> None:
    assert publish(seed_spec) == seed_site


def _check_links(files: dict[str, str]) -> list[str]:
    """Every href/src of every page that names a missing file or a missing anchor."""
    pages = {name: _parse(text) for name, text in files.items() if name.endswith(".html")}
    broken = []
    for name, page in pages.items():
        for link in page.links:
            if link.startswith(("data:", "http://", "https://", "mailto:")):
                continue
            target, fragment = urldefrag(link)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name),
                                                         unquote(target))) if target else name
            if resolved not in files:
                broken.append(f"{name}: {link}: no such file")
            elif fragment and fragment not in pages[resolved].ids:
                broken.append(f"{name}: {link}: no such anchor")
    return broken


def test_every_internal_link_of_the_whole_modelarts_site_resolves(corpus_build: Any) -> None:
    files = publish(corpus_build.document)
    assert sum(1 for name in files if name.startswith("operations/")) == corpus_build.operations
    assert _check_links(files) == []
    ids = [_parse(files[n]).ids for n in files if n.endswith(".html")]
    assert all(ids)


def test_untrusted_text_stays_text() -> None:
    """Names, descriptions, enum values and examples from a page reach the site escaped,
    and the search index cannot close the script it is loaded as."""
    attack = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    document = {
        "openapi": "3.0.3", "info": {"title": attack, "version": "1"},
        "paths": {"/x/{id}": {"get": {
            "operationId": attack, "summary": attack, "description": f"- {attack}",
            "tags": [attack],
            "parameters": [{"name": attack, "in": "query",
                            "schema": {"type": "string", "enum": [attack],
                                       "x-enum-descriptions": [attack]}}],
            "responses": {"200": {"description": attack, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Evil"},
                "example": {attack: attack}}}}}}}},
        "components": {"schemas": {"Evil": {"type": "object", "description": attack,
                                            "properties": {attack: {"type": "string"}}}}},
    }
    files = publish(document)
    for name, text in files.items():
        assert "<script>alert" not in text and "<img" not in text, name
        if name.endswith(".html"):
            assert _parse(text).scripts == [f"{'../' if '/' in name else ''}assets/{s}"
                                            for s in ("search-index.js", "search.js")]
    assert "\\u003c/script>" in files["assets/search-index.js"]
    assert all(set(name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "0123456789_.-/") for name in files)  # names are slugs
    assert _check_links(files) == []


def test_any_openapi_document_refs_recursion_and_variants() -> None:
    """Not only our own output: refs to parameters, bodies and responses, a recursive
    schema, oneOf variants and maps."""
    node = {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 64},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"},
                            {"type": "object", "properties": {"side": {"type": "number"}}}]},
    }}
    document = {
        "openapi": "3.0.3", "info": {"title": "Trees", "version": "2"},
        "paths": {"/trees/{id}": {
            "parameters": [{"$ref": "#/components/parameters/Id"}],
            "put": {"requestBody": {"$ref": "#/components/requestBodies/Tree"},
                    "responses": {"default": {"$ref": "#/components/responses/Tree"}}}}},
        "components": {
            "schemas": {"Node": node, "Circle": {"type": "object", "properties": {
                "radius": {"type": "number", "exclusiveMinimum": True, "minimum": 0}}}},
            "parameters": {"Id": {"name": "id", "in": "path", "required": True,
                                  "schema": {"type": "string", "format": "uuid"}}},
            "requestBodies": {"Tree": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Node"}}}}},
            "responses": {"Tree": {"description": "The tree", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Node"}}}}},
        },
    }
    site = site_of(document)
    (operation,) = site.operations
    assert operation.id == "PUT /trees/{id}" and operation.url == "operations/PUT-trees-id.html"
    assert [(p.name, p.location, p.type, p.required) for p in operation.parameters] == [
        ("id", "path", "string (uuid)", True)]
    rows = {row.anchor: row for row in operation.request[0].rows}
    assert rows["request.name"].required and rows["request.name"].constraints == (
        "1 ≤ length ≤ 64",)
    assert rows["request.children"].type == "array of Node"
    assert "the same Node as above" in rows["request.children"].note
    assert rows["request.labels"].type == "map of string"
    assert rows["request.shape.oneOf-1"].link == "schemas/Circle.html"
    assert rows["request.shape.oneOf-1.radius"].constraints == ("value > 0",)
    assert rows["request.shape.oneOf-2.side"].type == "number"
    assert [r.status for r in operation.responses] == ["default"]
    assert operation.responses[0].bodies[0].link == "schemas/Node.html"
    assert {"Circle", "Node"} <= set(operation.schemas)
    assert _check_links(publish(document)) == []


def test_paragraphs_keep_lists_and_escape() -> None:
    text = paragraphs("Options:\n- a: <b>one</b>\n- b: two\n\nAfter.")
    assert str(text) == ("<p>Options:</p><ul><li>a: &lt;b&gt;one&lt;/b&gt;</li>"
                         "<li>b: two</li></ul><p>After.</p>")


def test_publish_command_writes_a_site_and_never_replaces_other_folders(
        tmp_path: Path, seed_spec: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "modelarts.yaml"
    spec.write_text(dumps(seed_spec), encoding="utf-8")
    site = tmp_path / "site"
    assert main(["publish", str(spec), "-o", str(site)]) == 0
    assert (site / MARKER).is_file() and (site / "operations" / "ListTasks.html").is_file()
    assert main(["publish", str(spec), "-o", str(site)]) == 0  # its own site: replaced

    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["publish", str(spec), "-o", str(precious)]) == 2
    assert "not a site docs2openapi wrote" in capsys.readouterr().err
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"

    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [3\n", encoding="utf-8")
    assert main(["publish", str(broken), "-o", str(tmp_path / "s2")]) == 2
    swagger = tmp_path / "swagger.yaml"
    swagger.write_text("swagger: '2.0'\n", encoding="utf-8")
    assert main(["publish", str(swagger), "-o", str(tmp_path / "s3")]) == 2
    assert "not an OpenAPI 3 document" in capsys.readouterr().err


def test_pages_say_their_language(seed_site: dict[str, str]) -> None:
    """The zh reference is marked lang="zh" (fonts and screen readers follow it)."""
    from generator.emit.serialize import loads

    from .conftest import PROJECT

    assert seed_site["index.html"].startswith('<!doctype html>\n<html lang="en">')
    chinese = loads((PROJECT / "spec" / "modelarts-zh.yaml").read_text(encoding="utf-8"))
    assert site_of(chinese).language == "zh"
