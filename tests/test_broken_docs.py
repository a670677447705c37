"""Broken and hostile docs: a clear diagnostic with file and line, the rest of the build
goes on, and nothing from a page is read from disk, fetched or run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.build import build_files
from generator.lint import lint
from generator.readers import read_page
from tests.conftest import PROJECT, SEEDS

BROKEN = Path(__file__).parent / "pages" / "broken"
GOOD = SEEDS / "data_management" / "creating_a_dataset_export_task.rst"

# page → (level, code, line, words of the message) it must give; lint adds what only
# shows across pages (links to anchors or files no page of the set defines)
EXPECTED = {
    "malformed_grid_table.rst": [
        ("error", "rst-error", 14, "Malformed table. Right border not aligned")],
    "missing_column.rst": [("info", "no-type-column", 11, "read as strings")],
    "unknown_type.rst": [("warning", "unknown-type", 16, "'Strnig' is not a known spelling")],
    "cyclic_objects.rst": [("info", "cyclic-object", 26, "'A' contains itself")],
    "no_uri_line.rst": [("error", "no-request-line", 6, "no request line")],
    "empty.rst": [("warning", "empty-file", 1, "the file is empty")],
    "latin1.rst": [("error", "not-utf8", 4, "invalid continuation byte at byte 16")],
    "binary.rst": [("error", "binary-file", 1, "NUL bytes")],
    "dangling_and_duplicate.rst": [
        ("warning", "unresolved-link", 16, "points to 'gone', which no page defines"),
        ("warning", "rst-warning", 19, 'Duplicate explicit target name: "dangling"')],
    "dangling_href.html": [
        ("warning", "unresolved-link", 12, "points to 'nowhere', which no page defines"),
        ("warning", "unresolved-object", 12, "field 'spec': type 'Spec object' names an object"),
        ("warning", "unresolved-link", 13, "the file 'missing_page.html#owner', which is not"),
    ],
}


@pytest.fixture(scope="module")
def broken_build():  # type: ignore[no-untyped-def]
    files = {p.name: p.read_bytes() for p in BROKEN.iterdir()}
    files["good.rst"] = GOOD.read_bytes()
    return build_files(files, title="broken")


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_broken_page_gives_its_diagnostic(broken_build, page: str) -> None:  # type: ignore[no-untyped-def]
    found = [d for d in lint(broken_build) + broken_build.diagnostics if d.source.path == page]
    for level, code, line, words in EXPECTED[page]:
        assert any((str(d.level), d.code, d.source.line) == (level, code, line)
                   and words in d.message for d in found), (page, [str(d) for d in found])


def test_the_good_page_still_builds_among_the_broken_ones(broken_build) -> None:  # type: ignore[no-untyped-def]
    assert broken_build.document is not None
    built = {op["x-source"]["file"]: op["operationId"]
             for item in broken_build.document["paths"].values() for op in item.values()}
    # every readable API page gave its operation, named from meaning, not its label
    assert built["good.rst"] == "ExportTask"  # the page's own :original_name:
    assert (built["cyclic_objects.rst"], built["missing_column.rst"]) == (
        "ListCyclics", "ShowColumn")  # "Cyclic Objects", "Missing Column" by GET
    assert {"two_uri_lines.rst", "dangling_href.html"} <= set(built)
    # a parameter table without a Type column still gives its rows, as strings
    [missing] = broken_build.document["paths"]["/v1/{project_id}/columns"]["get"]["parameters"]
    assert (missing["name"], missing["required"], missing["schema"]) == (
        "project_id", True, {"type": "string"})
    assert missing["x-source"] == {"file": "missing_column.rst", "line": 16}
    assert not [d for d in broken_build.diagnostics if d.code == "internal-error"]
    # the cycle is a recursive reference, not an endless schema
    schemas = broken_build.document["components"]["schemas"]
    assert schemas["B"]["properties"]["a"]["allOf"][0]["$ref"] == "#/components/schemas/A"


def test_deeply_nested_lists_and_a_10_mb_page_are_read(tmp_path: Path) -> None:
    page, diagnostics = read_page((BROKEN / "deeply_nested_lists.rst").read_bytes(), "deep.rst")
    assert page is not None and page.title == "Deep Lists" and diagnostics == []
    deepest = page.sections[-1].blocks[-1]
    assert (deepest.text, deepest.line) == ("level 59", 122)  # type: ignore[union-attr]
    filler = ("Filler text that says nothing. " * 30 + "\n\n") * 11_000
    big = f"Big Page\n========\n\nFunction\n--------\n\n{filler}URI\n---\n\nGET /v1/big\n"
    assert len(big) > 10_000_000
    started = time.perf_counter()
    result = build_files({"big.rst": big.encode()}, title="big")
    assert time.perf_counter() - started < 120
    assert [op.path for op in result.api.operations] == ["/v1/big"]
    assert [d.code for d in result.diagnostics if d.level > 1] == ["large-page"]
    huge = read_page(b"x" * 50_000_001, "huge.rst")
    assert huge[0] is None and huge[1][0].code == "page-too-large"


HOSTILE_RST = """Hostile Page
============

.. include:: /etc/passwd

.. raw:: html

   <script>alert(1)</script>

.. csv-table:: read a file
   :file: /etc/passwd

.. csv-table:: fetch a URL
   :url: http://127.0.0.1:9/never

URI
---

GET /v1/hostile
"""

HOSTILE_HTML = """<!DOCTYPE html [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<html><body><h1>Bomb</h1>
<h4>Function</h4><p>&d;&d;&d;&d; &xxe;</p>
<h4>URI</h4><p>GET /v1/bomb</p>
<script>document.write("x")</script>
</body></html>
"""


def test_hostile_rst_reads_no_file_and_fetches_nothing() -> None:
    started = time.perf_counter()
    result = build_files({"hostile.rst": HOSTILE_RST.encode()}, title="t")
    assert time.perf_counter() - started < 10  # the :url: was not fetched
    text = repr(result.read) + repr(result.document)
    assert "root:" not in text and "<script>" not in text
    codes = {d.code for d in result.diagnostics}
    assert "rst-warning" in codes or "rst-error" in codes
    assert [op.path for op in result.api.operations] == ["/v1/hostile"]


def test_hostile_html_expands_no_entity_and_reads_no_file() -> None:
    started = time.perf_counter()
    result = build_files({"bomb.html": HOSTILE_HTML.encode()}, title="t")
    assert time.perf_counter() - started < 10
    [function] = [s for s in result.read[0].sections if s.heading == "Function"]
    assert function.blocks[0].text == "&d;&d;&d;&d; &xxe;"  # type: ignore[union-attr]
    assert "root:" not in repr(result.read)
    assert "document.write" not in repr(result.read)
    assert [op.path for op in result.api.operations] == ["/v1/bomb"]


def test_a_killed_generate_leaves_the_previous_outputs(tmp_path: Path) -> None:
    """Kill `generate` at several moments: spec and client are always one complete version."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "export.rst").write_bytes(GOOD.read_bytes())
    (project / "pyproject.toml").write_text(
        '[[tool.docs2openapi.services]]\nname = "demo"\nsource = "docs"\n')
    command = [sys.executable, "-m", "generator.cli", "generate", "--project", str(project), "-q"]
    subprocess.run(command, check=True, cwd=PROJECT)
    spec = project / "spec" / "demo.yaml"
    package = project / "generated" / "python" / "demo"
    before_spec = spec.read_text()
    before_files = {p.relative_to(package): p.read_text() for p in package.rglob("*")
                    if p.is_file()}
    # the next version differs in a description (same length: the grid stays aligned),
    # in the spec and the models alike
    (project / "docs" / "export.rst").write_bytes(
        GOOD.read_bytes().replace(b"Dataset ID.", b"Dataset id."))
    for delay in (0.3, 0.8, 1.3, 1.8, 2.3, 2.8, 3.5):
        process = subprocess.Popen(command, cwd=PROJECT)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        text = spec.read_text()
        operation = yaml.safe_load(text)["paths"][
            "/v2/{project_id}/datasets/{dataset_id}/export-tasks"]["post"]
        described = {p["name"]: p.get("description") for p in operation["parameters"]}
        assert text == before_spec or described["dataset_id"] == "Dataset id."
        current = package if package.exists() else package.with_name(".demo.previous")
        files = {p.relative_to(current): p.read_text() for p in current.rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts}
        assert set(files) == set(before_files)  # a whole package, never half of one
        models = files[Path("demo/models.py")]
        assert models == before_files[Path("demo/models.py")] or "Dataset id." in models
    subprocess.run(command, check=True, cwd=PROJECT)  # and the next run completes
    assert "Dataset id." in spec.read_text()
    assert not list(package.parent.glob(".demo*"))
    assert os.access(spec, os.R_OK)


def test_a_page_with_two_request_lines_gives_two_operations(broken_build) -> None:  # type: ignore[no-untyped-def]
    """Each request line of a page is an operation, named by its own method and path;
    both keep the page's id in their provenance."""
    paths = broken_build.document["paths"]
    first, second = paths["/v1/first"]["get"], paths["/v1/second"]["post"]
    assert (first["operationId"], second["operationId"]) == ("ListFirsts", "CreateSecond")
    assert first["x-source"] == {"file": "two_uri_lines.rst", "line": 9, "page": "TwoUris"}
    assert second["x-source"] == {"file": "two_uri_lines.rst", "line": 11, "page": "TwoUris"}
