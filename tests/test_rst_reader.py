"""The RST reader on real pages: what the Page says, and where."""

from __future__ import annotations

from generator.page import CodeBlock, Paragraph, Table
from generator.readers import read_page
from generator.readers.rst import read_rst
from tests.conftest import SEEDS

EXPORT_TASK = SEEDS / "data_management" / "creating_a_dataset_export_task.rst"
LIST_TASKS = SEEDS / "data_management" / "obtaining_an_auto_labeling_task_list_by_page.rst"


def _read(path):  # type: ignore[no-untyped-def]
    page, diagnostics = read_page(path.read_bytes(), path.name)
    assert page is not None
    return page, diagnostics


def test_title_anchor_and_metadata() -> None:
    page, diagnostics = _read(LIST_TASKS)
    assert diagnostics == []
    assert page.title == "Obtaining an Auto Labeling Task List by Page"
    assert page.line == 5
    assert page.anchors == ("ListTasks",)  # as written, not docutils' lowercased name
    assert page.metadata == {"original_name": "ListTasks.html"}
    headings = [s.heading for s in page.sections]
    assert headings[:4] == [page.title, "Function", "Debugging", "URI"]
    assert [s.line for s in page.sections][1:4] == [8, 21, 26]


def test_grid_table_caption_anchor_cells_and_lines() -> None:
    page, _ = _read(EXPORT_TASK)
    tables = {t.caption: t for _, t in page.all_tables()}
    body = tables["Table 2 Request body parameters"]
    assert body.line == 29
    assert [c.text for c in body.header] == ["Parameter", "Mandatory", "Type", "Description"]
    export_params = next(r for r in body.rows if r[0].text == "export_params")
    assert export_params[0].line == 72
    assert export_params[2].text == "ExportParams object"
    [link] = export_params[2].links
    assert link.internal and link.target == "exporttask__request_exportparams"
    nested = tables["Table 3 ExportParams"]
    assert nested.anchors == ("exporttask__request_exportparams",)
    # a cell keeps its bullet list: items with their bold value
    dataset_type = next(r for r in body.rows if r[0].text == "dataset_type")
    assert dataset_type[3].items[0].text == "0: image classification"
    assert dataset_type[3].items[0].strong == ("0",)
    assert "- 100: text classification" in dataset_type[3].text.splitlines()


def test_simple_table_and_status_table() -> None:
    page, _ = _read(LIST_TASKS)
    tables = {t.caption: t for _, t in page.all_tables()}
    training = tables["Table 13 TrainingParameter"]
    assert [[c.text for c in row] for row in training.rows] == [
        ["label", "String", "Parameter name"], ["value", "String", "Parameter value"]]
    assert training.rows[0][0].line == 472
    status = next(t for _, t in page.all_tables() if t.header[0].text == "Status Code")
    assert [row[0].text for row in status.rows] == ["200", "401", "403", "404"]


def test_code_blocks_and_paragraphs_keep_lines() -> None:
    page, _ = _read(LIST_TASKS)
    uri = next(s for s in page.sections if s.heading == "URI")
    first = uri.blocks[0]
    assert isinstance(first, Paragraph) and first.line == 29
    assert first.text == "GET /v2/{project_id}/datasets/{dataset_id}/tasks"
    example = next(s for s in page.sections if s.heading == "Response Example")
    code = next(b for b in example.blocks if isinstance(b, CodeBlock))
    assert code.line == 938 and code.text.startswith("{")
    assert isinstance(uri.blocks[1], Table)


def test_sphinx_markup_parses_without_diagnostics() -> None:
    text = (".. _Target:\n\nTitle\n=====\n\nSee :ref:`the target <Target>`.\n\n"
            ".. code-block:: json\n\n   {\"a\": 1}\n\n.. toctree::\n   :maxdepth: 1\n\n   other\n")
    page, diagnostics = read_rst(text, "x.rst")
    assert diagnostics == []
    paragraph = page.sections[0].blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.content.links[0].target == "Target"
    code = page.sections[0].blocks[1]
    assert isinstance(code, CodeBlock) and code.language == "json" and code.line == 10


def test_docutils_reports_become_diagnostics_with_lines() -> None:
    text = "Title\n=====\n\n.. no-such-directive:: x\n\n+---+\n| a |\n+--\n"
    page, diagnostics = read_rst(text, "bad.rst")
    assert page.title == "Title"
    codes = {(d.code, d.source.line) for d in diagnostics}
    assert ("rst-error", 4) in codes
    assert all(d.source.path == "bad.rst" for d in diagnostics)


def test_file_insertion_and_raw_are_disabled(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    text = (f"Title\n=====\n\n.. include:: {secret}\n\n.. raw:: html\n\n   <script>x</script>\n\n"
            f".. csv-table:: t\n   :file: {secret}\n")
    page, diagnostics = read_rst(text, "hostile.rst")
    everything = repr(page)
    assert "TOP-SECRET-CONTENT" not in everything
    assert "<script>" not in everything
    assert {d.code for d in diagnostics} >= {"rst-warning"}


def test_undecodable_and_binary_input_are_diagnostics() -> None:
    page, diagnostics = read_page(b"Title\n=====\n\n\xff\xfe bad\n", "latin.rst")
    assert page is None and diagnostics[0].code == "not-utf8" and diagnostics[0].source.line == 4
    page, diagnostics = read_page(b"\x00\x01\x02", "blob.rst")
    assert page is None and diagnostics[0].code == "binary-file"


def test_a_field_name_with_an_unescaped_trailing_underscore_is_read_as_written() -> None:
    """`name_` is RST for a link to the target "name"; with no such target a built page
    shows the text as written, so the reader does too, and says why (fuzzing found it)."""
    text = ("T\n=\n\n+-----------+--------+\n| Parameter | Type   |\n+===========+========+\n"
            "| marker_   | String |\n+-----------+--------+\n| page\\_    | String |\n"
            "+-----------+--------+\n")
    page, diagnostics = read_rst(text, "t.rst")
    [table] = [b for s in page.sections for b in s.blocks if isinstance(b, Table)]
    assert [row[0].text for row in table.rows] == ["marker_", "page_"]
    assert [(d.code, d.source.line) for d in diagnostics] == [("rst-unknown-target", 7)]
