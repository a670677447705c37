"""The command line: files written, diagnostics printed, exit statuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import EXIT_DIAGNOSTICS, EXIT_OK, EXIT_USAGE, main
from tests.conftest import PROJECT, SEEDS

GOOD = (SEEDS / "data_management" / "creating_a_dataset_export_task.rst").read_bytes()
NO_REQUEST_LINE = b"Broken\n======\n\nURI\n---\n\nSee the other page.\n"
UNKNOWN_TYPE = GOOD.replace(b"| dataset_type       | No              | Integer      ",
                            b"| dataset_type       | No              | Integre      ")


def _docs(tmp_path: Path, pages: dict[str, bytes]) -> Path:
    docs = tmp_path / "docs"
    for name, data in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    return docs


def test_build_writes_yaml_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _docs(tmp_path, {"export.rst": GOOD})
    out = tmp_path / "out.yaml"
    assert main(["build", str(docs), "-o", str(out), "--title", "T"]) == EXIT_OK
    spec = yaml.safe_load(out.read_text())
    assert spec["info"]["title"] == "T"
    assert spec["paths"]["/v2/{project_id}/datasets/{dataset_id}/export-tasks"]["post"][
        "operationId"] == "ExportTask"
    assert main(["build", str(docs), "-o", str(tmp_path / "o.json"), "--format", "json"]) == 0
    assert (tmp_path / "o.json").read_text().startswith("{")
    assert "1 pages, 1 operations" in capsys.readouterr().err


def test_bad_pages_are_reported_with_file_and_line_and_the_rest_builds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert b"Integre" in UNKNOWN_TYPE
    docs = _docs(tmp_path, {"a/good.rst": GOOD, "b/broken.rst": NO_REQUEST_LINE,
                            "c/typo.rst": UNKNOWN_TYPE.replace(b"ExportTask", b"ExportTask2")
                            .replace(b"export-tasks", b"export-tasks2")})
    out = tmp_path / "out.yaml"
    status = main(["build", str(docs), "-o", str(out)])
    err = capsys.readouterr().err
    assert status == EXIT_DIAGNOSTICS  # an error-level diagnostic, but the spec is written
    assert f"{docs}/b/broken.rst:4: error no-request-line:" in err
    assert (f"{docs}/c/typo.rst:42: warning unknown-type: field 'dataset_type': "
            "type 'Integre' is not a known spelling") in err
    spec = yaml.safe_load(out.read_text())
    assert len(spec["paths"]) == 2


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    docs = _docs(tmp_path, {"typo.rst": UNKNOWN_TYPE})
    assert main(["build", str(docs), "-o", str(tmp_path / "a.yaml")]) == EXIT_OK
    assert main(["build", str(docs), "-o", str(tmp_path / "b.yaml"), "--strict"]) \
        == EXIT_DIAGNOSTICS


def test_missing_docs_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["build", str(tmp_path / "nope"), "-o", str(tmp_path / "x.yaml")]) == EXIT_USAGE


def test_generate_check_names_a_stale_spec(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "export.rst").write_bytes(GOOD)
    (project / "pyproject.toml").write_text(
        '[[tool.docs2openapi.services]]\nname = "demo"\nsource = "docs"\n')
    assert main(["generate", "--project", str(project)]) == EXIT_OK
    spec = project / "spec" / "demo.yaml"
    assert main(["generate", "--project", str(project), "--check"]) == EXIT_OK
    (project / "docs" / "export.rst").write_bytes(GOOD.replace(b"Dataset ID.", b"The ID."))
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "generate", "--project", str(project), "--check"],
        capture_output=True, text=True, cwd=PROJECT, check=False)
    assert result.returncode == EXIT_DIAGNOSTICS
    assert f"{spec}: stale" in result.stderr
