"""A row the docs give twice: pasted word for word (one field, placed once, a note), a
second row of one name that says where it goes ("No (query parameter)": a path and a
query parameter of one name are two parameters), or two different rows of one name
(the docs contradict themselves: the second is left out with a warning)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import build_dir
from tests.conftest import corpus_path

PAGES = Path(__file__).parent / "pages" / "meaning"


def _line(path: Path, start: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if line.strip().startswith(start)]
    return lines[nth - 1]


def test_repeated_rows_on_a_test_page() -> None:
    page = PAGES / "repeated_rows.rst"
    result = build_dir(PAGES, [page.name], title="t")
    assert result.document is not None and result.coverage is not None
    op = result.document["paths"]["/v2/{project_id}/jobs/{job_id}/shares"]["get"]
    assert [(p["name"], p["in"], p["x-source"]["line"]) for p in op["parameters"]] == [
        ("project_id", "path", _line(page, "project_id")),
        ("job_id", "path", _line(page, "job_id")),
        ("project_id", "query", _line(page, "project_id  No (query")),
        ("limit", "query", _line(page, "limit")),
    ]
    notes = {(d.code, d.source.line) for d in result.diagnostics}
    assert ("repeated-row", _line(page, "project_id", 2)) in notes
    assert ("duplicate-field", _line(page, "limit", 2)) in notes
    assert not [d for d in result.diagnostics if d.code == "colliding-keys"]
    # the copy is placed with its first row; the contradicting row is not
    assert [(row.name, row.source.line) for row in result.coverage.missed] == [
        ("limit", _line(page, "limit", 2))]


def test_real_path_parameters_pasted_twice(tmp_path: Path) -> None:
    """ModelArts' trials page lists its two path parameters twice, word for word."""
    page = corpus_path("otc-modelarts-rst", "training_management",
                       "querying_all_trials_using_hyperparameter_search.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.document is not None and result.coverage is not None
    assert result.coverage.missed == []
    [item] = result.document["paths"].values()
    assert [(p["name"], p["in"]) for p in item["get"]["parameters"]] == [
        ("project_id", "path"), ("training_job_id", "path"), ("limit", "query"),
        ("offset", "query")]


def test_real_path_and_query_parameter_of_one_name(tmp_path: Path) -> None:
    """SFS: ``project_id`` is the caller's project in the path and, "No (query
    parameter)", the project whose shares an administrator lists."""
    page = corpus_path("otc-services", "scalable-file-service", "sfs_capacity-oriented_apis",
                       "file_systems", "querying_all_shared_file_systems.rst")
    shutil.copy(page, tmp_path / page.name)
    result = build_dir(tmp_path, ["*.rst"], title="t")
    assert result.document is not None and result.coverage is not None
    assert result.coverage.missed == []
    [item] = result.document["paths"].values()
    located = {(p["name"], p["in"]): p for p in item["get"]["parameters"]}
    assert located["project_id", "path"]["required"] is True
    query = located["project_id", "query"]
    assert query.get("required", False) is False
    assert "administrator" in query["description"]
