"""The published API reference: what a reader finds on the pages of the seed spec,
links that resolve across the whole ModelArts site, and untrusted text kept as text.
(The browser test, test_site_browser.py, loads the same site in Chromium.)"""

from __future__ import annotations

import html
import json
import posixpath
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

import pytest

from generator.build import build_dir
from generator.cli import main
from generator.emit.serialize import dumps
from generator.publish import MARKER, paragraphs, publish, translation_of
from generator.publish.i18n import catalogue
from generator.publish.model import site_of, slug, walk

from .conftest import CORPUS, corpus_path

LIST_TASKS_PAGE = "data_management/obtaining_an_auto_labeling_task_list_by_page.rst"


_BLOCKS = {"p", "div", "dt", "dd", "li", "ul", "dl", "summary"}  # text ends at their end


class _Page(HTMLParser):
    """The ids, links, scripts and field texts of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.rows: dict[str, str] = {}  # field (li) id → its own text, without nested fields
        self.closed: dict[str, bool] = {}  # field id → whether a closed <details> holds it
        self._fields: list[list[Any]] = []  # [id, text parts, details depth] per field li
        self._lis: list[bool] = []  # whether each open li is a field (has an id)
        self._details: list[bool] = []  # open attribute of each enclosing <details>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))
        if tag == "script":
            self.scripts.append(str(found.get("src")))
        if tag == "details":
            self._details.append("open" in found)
            if self._fields:
                self._fields[-1][2] += 1
        if tag == "li":
            self._lis.append(bool(found.get("id")))
            if found.get("id"):
                self._fields.append([str(found["id"]), [], 0])
                self.closed[str(found["id"])] = not all(self._details)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.handle_data(" ")
        if tag == "details":
            self._details.pop()
            if self._fields:
                self._fields[-1][2] -= 1
        if tag == "li" and self._lis.pop():
            anchor, parts, _ = self._fields.pop()
            self.rows[anchor] = " ".join("".join(parts).split())

    def handle_data(self, data: str) -> None:
        if self._fields and self._fields[-1][2] == 0:
            self._fields[-1][1].append(data)


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


@pytest.fixture(scope="module")
def seed_site(seed_spec: dict[str, Any]) -> dict[str, str]:
    return publish(seed_spec)


def test_list_tasks_page_shows_parameters_with_constraints_enum_meanings_and_sources(
        seed_site: dict[str, str]) -> None:
    text = seed_site["operations/ListTasks.html"]
    page = _parse(text)
    limit = page.rows["param-query-limit"]
    assert "integer (int32)" in limit and "required" not in limit
    assert "1 ≤ value ≤ 100" in limit and "default: 10" in limit
    # the page names its doc file at the top; a field of that file gives its line
    assert f"from <code>{LIST_TASKS_PAGE}:5</code>" in text
    assert "line 46" in limit
    kind = page.rows["param-query-type"]
    for value, meaning in (("auto-label", "active learning"), ("pre-label", "pre-labeling"),
                           ("auto-grouping", "auto grouping")):
        assert f"{value}: {meaning}" in kind  # the description's own list
    # ... so the documented values are listed once more without their meanings, as an
    # open set (x-extensible-enum: the docs' own examples use other values)
    assert "Known values (not exhaustive): auto-label, pre-label, auto-grouping" in kind
    assert "required" in page.rows["param-path-dataset_id"]
    assert {"response-200", "response-401", "response-403", "response-404"} <= page.ids
    assert text.index("<h3>Path parameters</h3>") < text.index("<h3>Query parameters</h3>")


def test_enum_meanings_show_beside_values_the_description_does_not_give(
        seed_site: dict[str, str]) -> None:
    page = _parse(seed_site["operations/ListTasks.html"])
    # x-enum-descriptions from a description that words it otherwise: value — meaning
    algorithm = page.rows["response-200.tasks.config.algorithm_type"]
    assert "fast: Only labeled samples are used for training." in algorithm


def test_nested_fields_are_collapsed_details_one_per_level(
        seed_site: dict[str, str]) -> None:
    text = seed_site["operations/ListTasks.html"]
    page = _parse(text)
    # the first level of the 200 body is shown; RunningTask's fields (under tasks)
    # and SmartTaskConfig's (under tasks.config) each sit in a closed <details>
    assert not page.closed["response-200.tasks"]
    assert "array of RunningTask" in page.rows["response-200.tasks"]
    assert 'href="../schemas/RunningTask.html"' in text
    assert page.closed["response-200.tasks.config"]
    assert page.closed["response-200.tasks.config.algorithm_type"]
    config = page.rows["response-200.tasks.config"]
    assert "SmartTaskConfig" in config and "Task configuration" in config
    assert "algorithm_type" not in config  # its fields are its children, not its text
    assert re.search(r"<details><summary>\d+ fields</summary><ul class=\"fields\">"
                     r'<li id="response-200\.tasks\.config\.', text)
    assert " open" not in text.split("<main", 1)[1].replace("open-", "")  # none open
    # the example is pretty-printed JSON (escaped for HTML), beside the fields
    shown = html.unescape(text)
    assert '"dataset_id": "OBegCXHxTJ2JHRAZWr0"' in shown and '\n  "tasks": [' in shown
    assert re.search(r'<div class="samples">\s*'
                     r'<figure class="sample"><figcaption><span class="title">Response 200: OK',
                     text)


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
    assert index.index("Data Management") < index.index("operations/ListTasks.html")
    # a schema page shows its own fields; a named type inside links to its own page
    running = _parse(seed_site["schemas/RunningTask.html"])
    assert "SmartTaskConfig" in running.rows["schema.config"]
    assert "../schemas/SmartTaskConfig.html" in running.links
    assert not any(i.startswith("schema.config.") for i in running.ids)


def _site_index(files: dict[str, str]) -> dict[str, Any]:
    text = files["assets/site-index.js"]
    prefix = "window.DOCS2OPENAPI = "
    assert text.startswith(prefix) and text.endswith(";\n")
    data: dict[str, Any] = json.loads(text[len(prefix):-2])
    return data


def test_site_index_lists_every_operation_by_tag_for_the_sidebar_and_search(
        seed_site: dict[str, str]) -> None:
    data = _site_index(seed_site)
    by_name = {e["n"]: e for e in data["operations"]}
    assert by_name["ListTasks"] == {
        "n": "ListTasks", "s": "Obtaining an Auto Labeling Task List by Page",
        "m": "GET", "p": "/v2/{project_id}/datasets/{dataset_id}/tasks",
        "t": ["Data Management"], "u": "operations/ListTasks.html"}
    assert ["SmartTaskConfig", "schemas/SmartTaskConfig.html"] in data["schemas"]
    ((tag, anchor, members),) = data["tags"]
    assert (tag, anchor) == ("Data Management", "tag-Data-Management")
    assert sorted(data["operations"][i]["n"] for i in members) == sorted(by_name)


def test_previous_and_next_follow_the_sidebar(seed_site: dict[str, str]) -> None:
    """Following "Next" from the first operation visits every operation once."""
    members = _site_index(seed_site)["tags"][0][2]
    order = [_site_index(seed_site)["operations"][i]["u"] for i in members]
    visited, url = [], order[0]
    while url:
        visited.append(url)
        text = seed_site[url]
        found = re.search(r'<a class="next" rel="next" href="\.\./([^"]+)"', text)
        url = found.group(1) if found else ""
    assert visited == order
    assert 'rel="prev"' not in seed_site[order[0]]


def test_request_sample_is_a_curl_command_from_the_spec(seed_site: dict[str, str]) -> None:
    """Each placeholder is a shell variable declared above the command: the copied
    command calls /v2/$PROJECT_ID/..., never /v2/project_id/..."""
    shown = html.unescape(seed_site["operations/ListTasks.html"])
    assert ("PROJECT_ID='<project_id>'\nDATASET_ID='<dataset_id>'\nTOKEN='YOUR_TOKEN'\n"
            'curl -X GET "https://modelarts.eu-de.otc.t-systems.com/v2/$PROJECT_ID'
            '/datasets/$DATASET_ID/tasks" \\\n  -H "X-Auth-Token: $TOKEN"') in shown
    export = html.unescape(seed_site["operations/ExportTask.html"])
    assert 'curl -X POST "https://modelarts.eu-de.otc.t-systems.com/v2/$PROJECT_ID' \
        '/datasets/$DATASET_ID/export-tasks"' in export
    assert "-H 'Content-Type: application/json' \\\n  -d '{\n" in export


def test_a_sample_body_from_the_docs_reaches_the_shell_as_one_word(tmp_path: Path) -> None:
    """The curl sample is pasted into a shell: whatever the example holds (quotes,
    $(...), backticks), the shell passes it to curl unchanged and runs nothing else."""
    marker = tmp_path / "ran"
    hostile = f"it's $(touch {marker}) `touch {marker}` '; touch {marker}; '"
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
                "servers": [{"url": "https://api.example.com/{v}",
                             "variables": {"v": {"default": "v1"}}}],
                "paths": {"/things/{id}": {"post": {
                    "operationId": "MakeThing",
                    "parameters": [{"name": "id", "in": "path", "required": True,
                                    "schema": {"type": "string"}},
                                   {"name": "dry'run", "in": "query", "required": True,
                                    "schema": {"type": "string"}}],
                    "requestBody": {"content": {"application/json": {
                        "schema": {"type": "object"}, "example": {"name": hostile}}}},
                    "responses": {"204": {"description": "done"}}}}}}
    (op,) = site_of(document).operations
    # a quote inside double quotes is literal: no shell expansion can start there
    assert 'curl -X POST "https://api.example.com/v1/things/$ID?dry\'run=$DRY_RUN"' in op.curl
    script = "curl() { printf '%s\\0' \"$@\"; }\n" + op.curl + "\n"
    done = subprocess.run(["bash", "-c", script], capture_output=True, check=True)
    words = done.stdout.decode().split("\0")[:-1]
    assert words[-2:] == ["-d", json.dumps({"name": hostile}, indent=2)]
    assert words[2] == "https://api.example.com/v1/things/<id>?dry'run=<dry'run>"
    assert not marker.exists()


def test_curl_placeholders_are_variables_declared_above_it_and_brackets_turn_off_globbing(
        ) -> None:
    """Pasted into bash, the sample calls the URL with the declared values (the
    documented example where there is one), `-g` keeps curl from reading `[]` as a
    glob, and a parameter named like a shell variable (`path`) never sets that one."""
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
                "servers": [{"url": "https://{host}/api"}],
                "paths": {"/{path}/items/{item_id}": {"get": {
                    "parameters": [
                        {"name": "path", "in": "path", "required": True,
                         "schema": {"type": "string"}},
                        {"name": "item_id", "in": "path", "required": True,
                         "schema": {"type": "string", "example": "i-42"}},
                        {"name": "tags[]", "in": "query", "required": True,
                         "schema": {"type": "string"}},
                        {"name": "X-Project-Id", "in": "header", "required": True,
                         "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok"}}}}}}
    (op,) = site_of(document).operations
    lines = op.curl.split("\n")
    assert lines[:5] == ["HOST_VALUE='<host>'", "PATH_VALUE='<path>'", "ITEM_ID='i-42'",
                         "TAGS='<tags[]>'", "X_PROJECT_ID='<X-Project-Id>'"]
    assert lines[5] == ('curl -X GET -g "https://$HOST_VALUE/api/$PATH_VALUE/items/$ITEM_ID'
                        '?tags[]=$TAGS" \\')
    script = "curl() { printf '%s\\0' \"$@\"; }\n" + op.curl + "\necho \"$PATH\"\n"
    done = subprocess.run(["bash", "-c", script], capture_output=True, check=True)
    words = done.stdout.decode().split("\0")
    assert words[:4] == ["-X", "GET", "-g",
                         "https://<host>/api/<path>/items/i-42?tags[]=<tags[]>"]
    assert words[4:6] == ["-H", "X-Project-Id: <X-Project-Id>"]
    assert "/usr/bin" in words[-1]  # PATH untouched


def test_a_request_without_a_documented_example_gets_one_from_its_schema() -> None:
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
                "paths": {"/jobs": {"post": {
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object", "required": ["name"], "properties": {
                            "name": {"type": "string"},
                            "kind": {"type": "string", "x-extensible-enum": ["train", "infer"]},
                            "replicas": {"type": "integer", "default": 2},
                            "tags": {"type": "array", "items": {"type": "string"}}}}}}},
                    "responses": {"200": {"description": "ok"}}}}}}
    (op,) = site_of(document).operations
    body = op.curl.split("-d '", 1)[1].rstrip("'")
    assert json.loads(body) == {"name": "string", "kind": "train", "replicas": 2,
                                "tags": ["string"]}
    assert op.curl.startswith("HOST_VALUE='<host>'\ncurl -X POST \"https://$HOST_VALUE/jobs\"")


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
    files = publish(corpus_build.document, jobs=2)
    assert sum(1 for name in files if name.startswith("operations/")) == corpus_build.operations
    assert _check_links(files) == []
    ids = [_parse(files[n]).ids for n in files if n.endswith(".html")]
    assert all(ids)
    # rendered by two processes or one: the same files
    assert publish(corpus_build.document, jobs=1) == files
    # the weight: 21 MB and a 271 kB largest page when every level was expanded inline
    # and schema pages repeated their nested types
    sizes = {name: len(text.encode()) for name, text in files.items()}
    assert sum(sizes.values()) < 12_000_000
    assert max(size for name, size in sizes.items() if name.endswith(".html")) < 220_000
    # the search's documents, loaded when the search is first used
    assert sizes["assets/search-index.js"] < 300_000


def test_untrusted_text_stays_text() -> None:
    """Names, descriptions, enum values, examples, action variants and change messages
    reach the site escaped, and the data file cannot close the script it is loaded as."""
    from generator.diff.model import Finding, Level

    attack = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    evil = {"type": "object", "description": attack, "x-source": {"file": attack, "line": 1},
            "properties": {attack: {"type": "string", "x-extensible-enum": [attack],
                                    "x-enum-descriptions": [attack]}}}
    document = {
        "openapi": "3.0.3", "info": {"title": attack, "version": "1"},
        "servers": [{"url": attack}],
        "paths": {"/x/{id}": {"get": {
            "operationId": attack, "summary": attack, "description": f"- {attack}",
            "tags": [attack], "x-source": {"file": attack, "line": 2},
            "parameters": [{"name": attack, "in": "query", "required": True,
                            "schema": {"type": "string", "enum": [attack],
                                       "x-enum-descriptions": [attack]}}],
            "responses": {"200": {"description": attack, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Evil"},
                "example": {attack: attack}}}}}},
            "post": {"operationId": "Act", "x-variants": [
                {"operationId": attack, "summary": attack, "description": attack, "key": attack,
                 "schema": {"$ref": "#/components/schemas/Evil"}}],
                "requestBody": {"content": {"application/json": {
                    "schema": {"oneOf": [{"$ref": "#/components/schemas/Evil"}]},
                    "examples": {attack: {"summary": attack, "value": {attack: attack}}}}}},
                "responses": {"200": {"description": attack}}}}},
        "components": {"schemas": {"Evil": evil}},
    }
    findings = [Finding("request-enum-value-removed", Level.BREAKING, f"GET /x/{{{attack}}}",
                        f"query.{attack}", attack)]
    files = publish(document, changes=findings, changes_from=attack)
    assert "changes.html" in files
    for name, text in files.items():
        assert "<script>alert" not in text and "<img" not in text, name
        if name.endswith(".html"):
            assert _parse(text).scripts == [f"{'../' if '/' in name else ''}assets/{s}"
                                            for s in ("site-index.js", "search.js", "site.js")]
    assert "\\u003c/script>" in files["assets/site-index.js"]
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
    assert [(p.name, p.location, p.type, p.required) for group in operation.parameters
            for p in group.fields] == [("id", "path", "string (uuid)", True)]
    rows = {row.anchor: row for row in walk(operation.request[0].fields)}
    en = catalogue("en")
    assert rows["request.name"].required and rows["request.name"].constraints == (
        "1 ≤ {length} ≤ 64",)
    assert en.fill(rows["request.children"].type) == "array of Node"
    assert (rows["request.children"].note, rows["request.children"].note_of) == (
        "note_same", "Node")
    assert en.fill(rows["request.labels"].type) == "map of string"
    assert rows["request.shape.oneOf-1"].link == "schemas/Circle.html"
    assert en.fill(rows["request.shape.oneOf-1.radius"].constraints[0]) == "value > 0"
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


def _action_document() -> dict[str, Any]:
    """An action API as the contract writes it (CONTRACT.md): one POST .../action, one
    x-variants entry per page, a oneOf body, every page's example."""
    def body(key: str, field: str, kind: str, line: int) -> dict[str, Any]:
        return {"type": "object", "required": [key], "x-source": {"file": "a.rst", "line": line},
                "properties": {key: {"type": "object", "properties": {field: {
                    "type": kind, "description": f"The {field}.",
                    "x-source": {"file": "a.rst", "line": line + 1}}}}}}
    return {
        "openapi": "3.0.3", "info": {"title": "EVS", "version": "2"},
        "servers": [{"url": "https://evs.{region}.example.com", "variables": {
            "region": {"default": "eu-de"}}}],
        "paths": {"/v2/{project_id}/volumes/{volume_id}/action": {"post": {
            "operationId": "VolumesAction", "summary": "Volume actions", "tags": ["evs"],
            "x-source": {"file": "evs_04_2084.rst", "line": 1},
            "x-variants": [
                {"operationId": "evs_04_2084", "summary": "Setting Bootable Flag for an EVS Disk",
                 "description": "Sets the bootable flag.", "key": "os-set_bootable",
                 "schema": {"$ref": "#/components/schemas/Bootable"},
                 "x-source": {"file": "evs_04_2084.rst", "line": 3}},
                {"operationId": "evs_04_2085", "summary": "Extending an EVS Disk",
                 "key": "os-extend", "deprecated": True,
                 "schema": {"$ref": "#/components/schemas/Extend"},
                 "x-source": {"file": "evs_04_2085.rst", "line": 7}}],
            "parameters": [{"name": "project_id", "in": "path", "required": True,
                            "schema": {"type": "string"}},
                           {"name": "volume_id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"oneOf": [{"$ref": "#/components/schemas/Bootable"},
                                     {"$ref": "#/components/schemas/Extend"}]},
                "examples": {
                    "example1": {"summary": "Setting Bootable Flag for an EVS Disk",
                                 "value": {"os-set_bootable": {"bootable": True}}},
                    "example2": {"summary": "Extending an EVS Disk",
                                 "value": {"os-extend": {"new_size": 100}}}}}}},
            "responses": {"202": {"description": "Accepted"}}}}},
        "components": {"schemas": {
            "Bootable": body("os-set_bootable", "bootable", "boolean", 10),
            "Extend": body("os-extend", "new_size", "integer", 20)}},
    }


def test_every_action_variant_shows_its_body_source_example_and_request_sample() -> None:
    files = publish(_action_document())
    text = files["operations/VolumesAction.html"]
    page = _parse(text)
    shown = html.unescape(text)
    (op,) = site_of(_action_document()).operations
    assert [(v.id, v.key, v.deprecated) for v in op.variants] == [
        ("evs_04_2084", "os-set_bootable", False), ("evs_04_2085", "os-extend", True)]
    for anchor, field, summary, source, example in (
            ("variant-evs_04_2084", "os-set_bootable.bootable",
             "Setting Bootable Flag for an EVS Disk", "from line 3",
             '{\n  "os-set_bootable": {\n    "bootable": true'),
            ("variant-evs_04_2085", "os-extend.new_size", "Extending an EVS Disk",
             "evs_04_2085.rst:7", '{\n  "os-extend": {\n    "new_size": 100')):
        assert anchor in page.ids and f"{anchor}.{field}" in page.ids
        section = shown.split(f'id="{anchor}"', 1)[1].split('<div class="pair', 1)[0]
        assert summary in section and source in section
        assert example in section  # its own example, not the other's
        assert 'curl -X POST "https://evs.eu-de.example.com/v2/$PROJECT_ID/volumes/' \
            '$VOLUME_ID/action"' in section
        assert f"-d '{example}" in section  # the sample sends its own body
    assert "a.rst:11" in page.rows["variant-evs_04_2084.os-set_bootable.bootable"]
    # a request body's first level is open: the fields a caller sets are in sight
    assert not page.closed["variant-evs_04_2084.os-set_bootable.bootable"]
    # the merged body lists the variants instead of a oneOf of their fields
    assert '<a href="#variant-evs_04_2085">Extending an EVS Disk</a> (<code>os-extend</code>)' \
        ' <span class="deprecated">deprecated</span>' in text
    assert not any(i.startswith("request.") for i in page.ids)
    # the sidebar and the search know each action
    (entry,) = _site_index(files)["operations"]
    assert entry["v"] == [["evs_04_2084", "Setting Bootable Flag for an EVS Disk",
                           "variant-evs_04_2084"],
                          ["evs_04_2085", "Extending an EVS Disk", "variant-evs_04_2085"]]
    assert _check_links(files) == []


def test_documented_values_of_an_open_set_and_of_a_closed_one() -> None:
    """x-extensible-enum (the contract's open enum) and a plain enum from another
    spec, each with its meanings; an array's values are its items'."""
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
                "paths": {"/tasks": {"get": {
                    "parameters": [
                        {"name": "type", "in": "query", "schema": {
                            "type": "string", "x-extensible-enum": ["auto-label", "pre-label"],
                            "x-enum-descriptions": ["active learning", "pre-labeling"]}},
                        {"name": "order", "in": "query", "schema": {
                            "type": "string", "enum": ["asc", "desc"]}},
                        {"name": "states", "in": "query", "schema": {
                            "type": "array", "items": {"type": "integer",
                                                       "x-extensible-enum": [0, 1]}}}],
                    "responses": {"200": {"description": "ok"}}}}}}
    page = _parse(publish(document)["operations/GET-tasks.html"])
    assert "Known values (not exhaustive) auto-label — active learning " \
        "pre-label — pre-labeling" in page.rows["param-query-type"]
    assert page.rows["param-query-order"].endswith("Values asc desc")
    assert "Known values (not exhaustive) 0 1" in page.rows["param-query-states"]


def _revision_site(name: str) -> tuple[dict[str, str], list[Any]]:
    """The site of a revision pair's new page, with the changes since its old page."""
    from generator.diff import diff_documents, load_side
    from generator.diff.model import Side

    folder = corpus_path("revisions", name)
    old, new = load_side(str(folder / "before.rst")), load_side(str(folder / "after.rst"))
    findings = diff_documents(old, Side(new.document, ""))
    return publish(new.document, changes=findings, changes_from=old.label), findings


def test_changes_page_of_a_real_revision_pair() -> None:
    """ListTasks lost an enum value of its type parameter and gained response fields:
    the changes page lists each finding by level with both doc lines, links to the
    field, and the page marks the field and the collapsed levels around it."""
    files, findings = _revision_site("02-listtasks-enum-removed-field-added")
    changes = files["changes.html"]
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", changes)).split())
    assert "1 breaking , 4 warnings , 3 info in 1 operation" in shown
    entries = re.findall(r'<li id="(change-\d+)" class="finding"><span class="changed (\w+)">',
                         changes)
    assert [level for _, level in entries] == ["breaking"] + ["warning"] * 4 + ["info"] * 3
    assert len(entries) == len(findings) == 8
    first = changes.split('id="change-1"', 1)[1].split("</li>", 1)[0]
    assert 'href="operations/ListTasks.html#param-query-type"' in first
    assert "query.type: enum value &#39;auto-deploy&#39; removed" in first
    assert "02-listtasks-enum-removed-field-added/before.rst:39</code> → new " \
        "<code>after.rst:46</code>" in first
    # every finding links to the very field it is about
    targets = re.findall(r'<a href="operations/ListTasks\.html#([^"]+)">', changes)
    assert targets == ["param-query-type",
                       "response-200.tasks.config.export_params.search_conditions.label_list"
                       ".labels.type",
                       "response-200.tasks.config.samples.labels.type",
                       "response-200.tasks.result.dataset_type",
                       "response-200.tasks.result.samples.labels.type",
                       "response-200.exist_running_deploy_task",
                       "response-200.tasks.config.samples.metadata.modelarts-import_origin",
                       "response-200.tasks.result.samples.metadata.modelarts-import_origin"]
    page_text = files["operations/ListTasks.html"]
    page = _parse(page_text)
    assert "breaking change" in page.rows["param-query-type"]
    assert 'href="../changes.html#change-1"' in page_text
    assert "changed" in page.rows["response-200.tasks.result.dataset_type"]
    # the collapsed levels above a changed field say so
    result = page_text.split('id="response-200.tasks.result"', 1)[1]
    assert re.match(r'[^<]*(<(?!details)[^>]*>[^<]*)*<details><summary>\d+ fields '
                    r'<span class="changed-inside warning">changes inside</span>', result)
    (entry,) = [e for e in _site_index(files)["operations"] if e["n"] == "ListTasks"]
    assert entry["c"] == "breaking"
    assert "breaking change" in files["index.html"]
    assert _check_links(files) == []


@pytest.mark.parametrize("name", sorted(
    p.name for p in (CORPUS / "revisions").glob("[0-9]*") if p.is_dir()) or ["(no corpus)"])
def test_every_change_of_each_revision_pair_lands_on_an_anchor_of_its_page(name: str) -> None:
    """Each finding links to a field, body or response that is on the new page: the
    field itself when it is still there."""
    files, findings = _revision_site(name)
    changes = files["changes.html"]
    targets = re.findall(r'<li id="change-\d+" class="finding"><span[^>]*>\w+</span> '
                         r'<a href="([^"]+)">', changes)
    assert len(targets) == len(findings)
    assert all(t.startswith("operations/") for t in targets), targets
    assert _check_links(files) == []
    for finding in findings:
        if finding.rule.endswith(("-added", "-changed", "-tightened", "-loosened",
                                  "-required", "-optional")) and finding.path:
            last = finding.path.replace("[]", "").replace("{}", "").rsplit(".", 1)[-1]
            assert any(t.endswith((f".{slug(last)}", f"-{slug(last)}")) for t in targets), \
                (finding.path, targets)


def test_each_page_links_to_its_counterpart_in_the_other_language(
        seed_spec: dict[str, Any]) -> None:
    from generator.emit.serialize import loads

    from .conftest import PROJECT

    chinese = loads((PROJECT / "spec" / "modelarts-zh.yaml").read_text(encoding="utf-8"))
    english = publish(seed_spec, translation=translation_of(seed_spec, chinese,
                                                            "../modelarts-zh"))
    zh = publish(chinese, translation=translation_of(chinese, seed_spec, "../modelarts"))
    page = english["operations/DescWorkforceTask.html"]
    assert '<a class="language" href="../../modelarts-zh/operations/DescWorkforceTask.html" ' \
        'hreflang="zh" lang="zh">中文</a>' in page
    assert '<link rel="alternate" hreflang="zh" ' \
        'href="../../modelarts-zh/operations/DescWorkforceTask.html">' in page
    assert 'href="../../modelarts/operations/DescWorkforceTask.html" hreflang="en" ' \
        'lang="en">English</a>' in zh["operations/DescWorkforceTask.html"]
    # an operation the other language does not document links to its index
    assert 'href="../../modelarts-zh/index.html" hreflang="zh"' in \
        english["operations/ListTasks.html"]
    both = {f"modelarts/{k}": v for k, v in english.items()} | {
        f"modelarts-zh/{k}": v for k, v in zh.items()}
    assert _check_links(both) == []


def test_publish_command_changes_from_and_translation(
        tmp_path: Path, seed_spec: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """`publish SPEC --changes-from OLD` with OLD a spec file, and `--translation`: the
    counterpart site is found beside the output by default."""
    import copy

    from .conftest import PROJECT

    new = copy.deepcopy(seed_spec)
    old = copy.deepcopy(seed_spec)
    limit = old["paths"]["/v2/{project_id}/datasets/{dataset_id}/tasks"]["get"]["parameters"]
    limit[:] = [p for p in limit if p["name"] != "offset"] + [
        {"name": "legacy", "in": "query", "schema": {"type": "string"}}]
    (tmp_path / "new.yaml").write_text(dumps(new), encoding="utf-8")
    (tmp_path / "old.yaml").write_text(dumps(old), encoding="utf-8")
    site = tmp_path / "site" / "modelarts"
    # the counterpart's site first: a translation whose site is not there is refused
    assert main(["publish", str(PROJECT / "spec" / "modelarts-zh.yaml"), "-o",
                 str(tmp_path / "site" / "modelarts-zh")]) == 0
    assert main(["publish", str(tmp_path / "new.yaml"), "-o", str(site), "--changes-from",
                 str(tmp_path / "old.yaml"), "--translation",
                 str(PROJECT / "spec" / "modelarts-zh.yaml")]) == 0
    assert "2 changes" in capsys.readouterr().err
    changes = (site / "changes.html").read_text(encoding="utf-8")
    # the removed parameter links to the parameters of the new page; the added one to itself
    assert '<a href="operations/ListTasks.html#parameters">query.legacy parameter removed</a>' \
        in changes
    assert '<a href="operations/ListTasks.html#param-query-offset">new optional parameter ' \
        'query.offset</a>' in changes
    page = (site / "operations" / "DescWorkforceTask.html").read_text(encoding="utf-8")
    assert 'href="../../modelarts-zh/operations/DescWorkforceTask.html"' in page
    assert main(["publish", str(tmp_path / "new.yaml"), "-o", str(site), "--changes-from",
                 str(tmp_path / "missing")]) == 2
    assert "no such file, folder or git revision" in capsys.readouterr().err


def test_a_translation_whose_site_is_not_there_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Its pages would link to nothing (359 broken links on ModelArts): exit 2 with one
    line, and no site written."""
    from .conftest import PROJECT

    english, chinese = PROJECT / "spec" / "modelarts.yaml", PROJECT / "spec" / "modelarts-zh.yaml"
    out = tmp_path / "en"
    for extra in (["--translation-site", str(tmp_path / "nowhere")], []):
        assert main(["publish", str(english), "-o", str(out), "--translation", str(chinese),
                     *extra]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no site docs2openapi wrote is there" in err
        assert not out.exists()
    assert main(["publish", str(english), "-o", str(out), "--translation",
                 str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: No such file or directory" in capsys.readouterr().err
    assert main(["publish", str(english), "-o", str(out), "--translation-site", "x"]) == 2
    assert "--translation-site needs --translation" in capsys.readouterr().err
    # a URL is the reader's to check
    assert main(["publish", str(english), "-o", str(out), "--translation", str(chinese),
                 "--translation-site", "https://docs.example.com/modelarts-zh"]) == 0
    assert 'href="https://docs.example.com/modelarts-zh/operations/DescWorkforceTask.html"' \
        in (out / "operations" / "DescWorkforceTask.html").read_text(encoding="utf-8")


def test_a_portal_of_several_specs_has_an_index_each_site_and_one_search(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`publish A B -o DIR`: DIR/index.html lists the services, DIR/<name>/ is each
    one's site, one search index holds every service's documents (each naming its
    service), and NAME / NAME-zh link their pages to each other."""
    from .conftest import PROJECT, SPECS

    english, chinese = PROJECT / "spec" / "modelarts.yaml", PROJECT / "spec" / "modelarts-zh.yaml"
    groups = SPECS / "tag_groups.yaml"
    out = tmp_path / "portal"
    assert main(["publish", str(english), str(chinese), str(groups), "-o", str(out)]) == 0
    assert "3 services" in capsys.readouterr().err
    files = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
             for p in out.rglob("*") if p.is_file()}
    assert _check_links(files) == []
    index = _parse(files["index.html"])
    assert {"modelarts/index.html", "modelarts-zh/index.html", "tag_groups/index.html"} <= \
        set(index.links)
    assert "Elastic Volume Service API" in files["index.html"]
    search = files["assets/search-index.js"]
    data = json.loads(search[search.index("{"):-2])
    assert [s["title"] for s in data["services"]] == [
        "ModelArts API", "ModelArts API (zh)", "Elastic Volume Service API"]
    list_tasks = [d for d in data["docs"] if d.get("p") == "/v2/{project_id}/datasets/"
                  "{dataset_id}/tasks" and d.get("m") == "GET"]
    assert [(d["u"], d["g"]) for d in list_tasks] == [("modelarts/operations/ListTasks.html", 0)]
    assert any(d["g"] == 1 and d["u"].startswith("modelarts-zh/") for d in data["docs"])
    # the services' sites use the portal's search, and have none of their own
    assert "modelarts/assets/search-index.js" not in files
    site_data = _site_index({"assets/site-index.js": files["modelarts/assets/site-index.js"]})
    assert (site_data["search"], site_data["base"]) == ("../assets/search-index.js", "../")
    page = files["modelarts/operations/DescWorkforceTask.html"]
    assert 'href="../../modelarts-zh/operations/DescWorkforceTask.html"' in page
    assert 'data-portal="../../"' in page
    assert 'href="../../index.html">All services</a>' in page


def test_a_portal_of_the_services_a_configuration_names(tmp_path: Path) -> None:
    """`publish --config FILE`: the specs `generate` wrote beside FILE; a missing one
    is a one-line error."""
    from .conftest import PROJECT

    (tmp_path / "spec").mkdir()
    for name in ("modelarts", "modelarts-zh"):
        (tmp_path / "spec" / f"{name}.yaml").write_bytes(
            (PROJECT / "spec" / f"{name}.yaml").read_bytes())
    config = tmp_path / "services.toml"
    config.write_text("".join(f'[[tool.docs2openapi.services]]\nname = "{name}"\n'
                              'source = "docs"\n\n' for name in ("modelarts", "modelarts-zh")),
                      encoding="utf-8")
    # a folder of sites this tool wrote (`make docs` before it was a portal) is replaced
    for name in ("modelarts", "modelarts-zh"):
        assert main(["publish", str(tmp_path / "spec" / f"{name}.yaml"), "-o",
                     str(tmp_path / "site" / name)]) == 0
    assert main(["publish", "--config", str(config), "-o", str(tmp_path / "site")]) == 0
    assert (tmp_path / "site" / "modelarts-zh" / "operations" / "DescWorkforceTask.html").is_file()
    (tmp_path / "spec" / "modelarts-zh.yaml").unlink()
    assert main(["publish", "--config", str(config), "-o", str(tmp_path / "site")]) == 2


def test_every_word_of_the_site_is_in_both_catalogues() -> None:
    """en and zh have the same keys, and every key the templates, the field lists and
    the scripts use is in them."""
    from importlib import resources

    from generator.publish.i18n import CHINESE, ENGLISH, SCRIPT_KEYS

    assert set(ENGLISH) == set(CHINESE)
    package = resources.files("generator.publish")
    used: set[str] = set(SCRIPT_KEYS)
    for folder, pattern in (("templates", r"\bt(?:\.markup|\.count|\.count_markup)?\(\s*[\"']"
                                          r"([a-z_]+)[\"']"),
                            ("assets", r"\bword\(\s*\"([a-z_]+)\"")):
        for item in (package / folder).iterdir():
            used |= set(re.findall(pattern, item.read_text(encoding="utf-8")))
    python = "".join((package / name).read_text(encoding="utf-8")
                     for name in ("fields.py", "model.py", "__init__.py", "portal.py"))
    used |= set(re.findall(r"\bt(?:\.count)?\(\s*\"([a-z_]+)\"", python))
    # the words inside the views: every constraint, type and parameter location
    schema = {"type": "object", "properties": {
        "a": {"type": "integer", "minimum": 1, "maximum": 9, "multipleOf": 3, "default": 3,
              "readOnly": True, "nullable": True},
        "b": {"type": "number", "exclusiveMinimum": True, "minimum": 0, "writeOnly": True},
        "c": {"type": "string", "minLength": 1, "pattern": "^{x}$", "deprecated": True},
        "d": {"type": "array", "items": {"type": "string"}, "maxItems": 3, "uniqueItems": True},
        "e": {"type": "object", "additionalProperties": {"type": "string"}, "minProperties": 1},
        "f": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "g": {"anyOf": [{"type": "string"}], "maximum": 2}}}
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {
        "/x/{id}": {"post": {"parameters": [
            {"name": n, "in": n, "required": n == "path", "schema": {"type": "string"}}
            for n in ("path", "query", "header", "cookie")],
            "requestBody": {"content": {"application/json": {"schema": schema}}},
            "responses": {"200": {"description": "ok"}}}}}}
    (op,) = site_of(document).operations
    views = [f for field in op.request[0].fields for f in walk((field,))]
    texts = [t for f in views for t in (f.type, *f.constraints)] + [
        g.title for g in op.parameters]
    from_views = {k for text in texts for k in re.findall(r"(?<!\{)\{([a-z_]+)\}", text)}
    assert len(from_views) >= 18, from_views
    used |= from_views | {f.option for f in views if f.option}
    # "count_" ~ level in the templates: one key per level
    used = {k for k in used if not k.endswith("_")} | {
        k + level for k in used if k.endswith("_") for level in ("breaking", "warning", "info")}
    counted = {k for k in used if f"{k}_one" in ENGLISH}
    missing = {k for k in used - counted if k not in ENGLISH}
    missing |= {f"{k}_{n}" for k in counted for n in ("one", "many") if f"{k}_{n}" not in ENGLISH}
    assert len(used) > 60 and missing == set()


def test_a_chinese_site_says_its_own_words_in_chinese(seed_spec: dict[str, Any]) -> None:
    """The zh spec (info.x-language: zh) gets the zh catalogue: no English UI word on
    its pages, and its search box offers one of its own operations."""
    from generator.emit.serialize import loads

    from .conftest import PROJECT

    chinese = loads((PROJECT / "spec" / "modelarts-zh.yaml").read_text(encoding="utf-8"))
    files = publish(chinese)
    page = files["operations/DescWorkforceTask.html"]
    for english in ("Request body", ">required<", "Expand all", ">Parameters<",
                    ">Responses<", "Skip to the content", "Request sample", "Copy<",
                    "Path parameters", "Search, e.g.", "fields</summary>", "Generated by"):
        assert english not in page, english
    for chinese_word in ("跳到正文", "参数", "响应", "请求示例", "复制", "路径参数", "必选"):
        assert chinese_word in page, chinese_word
    (summary,) = [op.summary for op in site_of(chinese).operations]
    assert f'placeholder="搜索，例如 {summary}"' in page
    assert _site_index(files)["ui"]["search_none"] == "没有找到"
    # and the English site offers the first of its own operations
    english = publish(seed_spec)["index.html"]
    first = site_of(seed_spec).reading_order[0]
    assert f'placeholder="Search, e.g. {first.summary}"' in english


def test_tag_groups_order_the_sidebar_and_the_index() -> None:
    """x-tagGroups (Redoc's extension): groups → tags → operations, in the document's
    order; the index lists the groups' tags under their names."""
    from generator.emit.serialize import loads

    from .conftest import SPECS

    document = loads((SPECS / "tag_groups.yaml").read_text(encoding="utf-8"))
    site = site_of(document)
    assert [(g.name, [t.name for t in g.tags]) for g in site.sidebar] == [
        ("EVS APIs (Recommended)", ["Disk Management", "Disk Snapshot Management"]),
        ("OpenStack Cinder APIs (Recommended)", ["Disks (Cinder v2)", "Disks (Cinder v3)"])]
    assert [op.id for op in site.reading_order] == [
        "CreateVolume", "DeleteVolume", "CreateSnapshot", "ListVolumes", "ListVolumesV3"]
    files = publish(document)
    data = _site_index(files)
    assert data["groups"] == [["EVS APIs (Recommended)", [0, 1]],
                              ["OpenStack Cinder APIs (Recommended)", [2, 3]]]
    index = files["index.html"]
    assert index.index("EVS APIs (Recommended)") < index.index("Disk Management") < \
        index.index("OpenStack Cinder APIs") < index.index("Disks (Cinder v2)")
    assert "Creating, querying, expanding and deleting EVS disks." in index
    # the first level of a request body is open; a description's "N/A" line is gone and
    # its facts are compact
    page = _parse(files["operations/CreateVolume.html"])
    assert not page.closed["request.volume.volume_type"]
    volume_type = page.rows["request.volume.volume_type"]
    assert "The disk type. Range SATA, SAS, SSD" in volume_type
    assert "N/A" not in volume_type and "Definition" not in volume_type


def test_fact_lines_of_a_description_are_compact_and_none_is_left_out() -> None:
    text = paragraphs("Definition:\nThe disk type.\nRange: SATA, SAS\nDefault value: N/A\n"
                      "取值范围：\n- a：甲\n约束限制：不涉及\n单位：GB")
    assert str(text) == (
        "<p>The disk type.</p>"
        '<dl class="facts"><div><dt>Range</dt><dd>SATA, SAS</dd></div></dl>'
        "<p>取值范围：</p><ul><li>a：甲</li></ul>"
        '<dl class="facts"><div><dt>单位</dt><dd>GB</dd></div></dl>')
    assert str(paragraphs("Definition: The disk type.\nConstraints: N/A")) == \
        "<p>The disk type.</p>"


def test_the_search_documents_hold_nested_field_names_and_descriptions(
        seed_site: dict[str, str]) -> None:
    search = seed_site["assets/search-index.js"]
    assert search.startswith("window.DOCS2OPENAPI_SEARCH = ")
    docs = json.loads(search[search.index("{"):-2])["docs"]
    (list_tasks,) = [d for d in docs if d["u"] == "operations/ListTasks.html"]
    assert list_tasks["t"] == "Obtaining an Auto Labeling Task List by Page"
    fields = list_tasks["f"].split(" ")
    # a query parameter, a top-level response field, and fields two levels down
    assert {"type", "tasks", "config", "algorithm_type", "service_id"} <= set(fields)
    assert len(fields) == len(set(fields))
    assert list_tasks["d"].startswith("Obtain auto labeling tasks by page")
    (schema,) = [d for d in docs if d["u"] == "schemas/SmartTaskConfig.html"]
    assert schema["k"] == "s" and "algorithm_type" in schema["f"].split(" ")


def test_a_spec_without_its_language_gets_one_from_its_text() -> None:
    """info.x-language first; a spec from another tool, without it, by its text."""
    def document(summary: str, **info: str) -> dict[str, Any]:
        return {"openapi": "3.0.3", "info": {"title": "T", "version": "1", **info},
                "paths": {"/x": {"get": {"summary": summary,
                                         "responses": {"200": {"description": "ok"}}}}}}

    assert site_of(document("查询云硬盘详情")).language == "zh"
    assert site_of(document("Querying a disk")).language == "en"
    assert site_of(document("Querying a disk", **{"x-language": "zh"})).language == "zh"
    assert 'lang="zh"' in publish(document("Querying", **{"x-language": "zh"}))["index.html"]


def test_a_string_holding_json_text_links_to_the_schema_of_its_fields() -> None:
    """``x-contentSchema`` (JSON text in a string, as our spec writes it): the field
    reads "string, JSON text of Settings" and links to that schema's page."""
    pages = Path(__file__).parent / "pages" / "meaning"
    result = build_dir(pages, ["json_text.rst"], title="t")
    assert result.document is not None
    site = site_of(result.document)
    (operation,) = site.operations
    rows = {row.name: row for row in walk(operation.responses[0].bodies[0].fields)}
    en, zh = catalogue("en"), catalogue("zh")
    assert en.fill(rows["settings"].type) == "string, JSON text of Settings"
    assert zh.fill(rows["settings"].type) == "string, JSON 文本，内容为 Settings"
    assert rows["settings"].link == "schemas/Settings.html"
    assert rows["schedule"].type == "string" and rows["schedule"].link is None
    assert "schemas/Settings.html" in publish(result.document)
