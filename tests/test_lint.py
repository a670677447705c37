"""The doc-quality report: each kind of doc problem, with its file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import build_dir
from generator.cli import main
from generator.lint import lint
from tests.conftest import SEEDS

EXPORT = (SEEDS / "data_management" / "creating_a_dataset_export_task.rst").read_text()

FLAWED = """.. _Flawed:

Flawed Page
===========

URI
---

POST /v1/{project_id}/things

.. table:: **Table 1** Path Parameters

   ========== ========= ====== ===========
   Parameter  Mandatory Type   Description
   ========== ========= ====== ===========
   project_id Yes       String Project ID.
   ========== ========= ====== ===========

Request Parameters
------------------

.. table:: **Table 2** Request body parameters

   ========= ========= ======== ===============================================
   Parameter Mandatory Type     Description
   ========= ========= ======== ===============================================
   size      No        Integre  A typo in the type. See :ref:`Nowhere <nowhere>`.
   size      No        Integer  Documented twice.
   count     No        Integer  A number.
   mode      No        String   Mode. Options:

                                -  **fast**: fast
                                -  **slow**: slow
   ========= ========= ======== ===============================================

.. table:: **Table 3** Query Parameters

   ========= ===========
   Parameter Description
   ========= ===========
   verbose   No type.
   ========= ===========

Example Requests
----------------

.. code-block::

   {"count": "many", "mode": "medium"}

.. _Flawed:

Status Codes
------------

=========== ===========
Status Code Description
=========== ===========
200         OK
=========== ===========
"""


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "flawed.rst").write_text(FLAWED)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "export.rst").write_text(EXPORT.replace(".. _ExportTask:", ".. _Flawed:"))
    return tmp_path


def _line(text: str) -> int:
    return next(n for n, line in enumerate(FLAWED.splitlines(), start=1) if text in line)


def test_each_kind_of_doc_problem_is_found_with_its_line(docs: Path) -> None:
    found = {(d.source.path, d.source.line, d.code)
             for d in lint(build_dir(docs, ["**/*.rst"], title="t"))}
    assert ("a/flawed.rst", _line("Integre"), "unknown-type") in found
    assert ("a/flawed.rst", _line("Integre"), "unresolved-link") in found
    assert ("a/flawed.rst", _line("Documented twice"), "duplicate-field") in found
    assert ("a/flawed.rst", _line("Table 3"), "no-type-column") in found
    # "many" for an Integer field, and "medium" where the options are fast and slow
    assert ("a/flawed.rst", _line('"count"'), "example-mismatch") in found
    # the label is defined again on another page (cited at that page's title) and twice on
    # its own page (docutils says so, at the second one)
    assert ("b/export.rst", 3, "duplicate-anchor") in found
    assert ("a/flawed.rst", _line("Status Codes") - 2, "rst-warning") in found
    assert not [f for f in found if f[2] == "internal-error"]


def test_an_undocumented_option_value_in_an_example_is_its_own_finding(tmp_path: Path) -> None:
    (tmp_path / "p.rst").write_text(FLAWED.replace('"count": "many", ', ""))
    codes = {d.code for d in lint(build_dir(tmp_path, ["**/*.rst"], title="t"))}
    assert "example-undocumented-value" in codes and "example-mismatch" not in codes


CLEAN = """Deleting a Task
===============

URI
---

DELETE /v1/{project_id}/tasks/{task_id}

.. table:: **Table 1** Path parameters

   ========== ========= ====== ===============
   Parameter  Mandatory Type   Description
   ========== ========= ====== ===============
   project_id Yes       String Project ID.
   task_id    Yes       String Task ID.
   ========== ========= ====== ===============
"""


def test_cli_text_and_json(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(docs)]) == 1
    text = capsys.readouterr().out
    assert f"{docs}/a/flawed.rst:{_line('Integre')}: warning unknown-type: field 'size'" in text
    assert main(["lint", str(docs), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {"file": "a/flawed.rst", "line": _line("Table 3"), "level": "info",
            "code": "no-type-column",
            "message": "a parameter table without a Type column; its parameters are read "
                       "as strings (URL and header values are text)"} in report
    clean = docs / "clean"
    clean.mkdir()
    (clean / "page.rst").write_text(CLEAN, encoding="utf-8")
    assert main(["lint", str(clean)]) == 0
