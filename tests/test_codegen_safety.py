"""Names and prose from hostile docs reach generated code only as identifiers,
literals and escaped docstrings: the package compiles, imports, type-checks, and
nothing from the docs runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build_files
from generator.codegen import generate_package
from generator.codegen.names import docstring, snake_case

PAGE = Path(__file__).parent / "pages" / "hostile_names.rst"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build_files({"evil/hostile_names.rst": PAGE.read_bytes()}, title='Evil """ API')
    assert result.document is not None
    [operation] = result.document["paths"]["/v1/{project_id}/things/{class}"].values()
    # the page's hostile :original_name: is no name (only its id, in provenance)...
    assert operation["operationId"] == "CreateThing"
    assert operation["x-source"]["page"] == 'Evil"""Op\'); import os #'
    # ...but codegen reads any spec, whose ids may be anything: give it the hostile one
    operation["operationId"] = operation["x-source"]["page"]
    root = tmp_path_factory.mktemp("evil")
    for relative, text in generate_package(result.document, "evil-service").items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def _python(root: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )


def test_hostile_package_imports_and_nothing_runs(package: Path) -> None:
    done = _python(
        package,
        (
            "import inspect, evil_service as e\n"
            "sig = inspect.signature(e.Client.evil_op_import_os)\n"
            "print(sorted(sig.parameters))\n"
            "print(e.Client.evil_op_import_os.__doc__.splitlines()[0])\n"
            "m = e.models.CreateThingRequestBody.model_validate(\n"
            "    {'\"\"\"': 'q', 'import': {'def': 'd'}})\n"
            "print(m.model_dump(by_alias=True, exclude_none=True))\n"
        ),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "['body', 'class_', 'class__2', 'import_os', 'param', 'param_7_7', 'project_id', 'self']"
    )
    assert (
        lines[1] == 'Title with """ quotes and {{7*7}} and {% raw %} (Evil"""Op\'); import os #).'
    )
    assert lines[2] == "{'\"\"\"': 'q', 'import': {'def': 'd'}}"
    assert not (package / "PWNED").exists()


def test_hostile_package_passes_ruff_and_mypy(package: Path) -> None:
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "evil_service",
        ],
        cwd=package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout


def test_wire_names_stay_literal(package: Path) -> None:
    client = (package / "evil_service" / "client.py").read_text(encoding="utf-8")
    assert '"{{7*7}}": param_7_7' in client
    assert '"\'); import os": import_os' in client
    assert '"/v1/{project_id}/things/{class}"' in client


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ExportTask", "export_task"),
        ("class", "class_"),
        ("type", "type_"),
        ("__class__", "class_"),
        ("{{7*7}}", "value_7_7"),
        ("名称", "value"),
        ("X-Auth-Token", "x_auth_token"),
        ("modelarts_03_0045", "modelarts_03_0045"),
    ],
)
def test_snake_case_identifiers(name: str, expected: str) -> None:
    assert snake_case(name) == expected
    assert expected.isidentifier()


def test_docstring_escaping() -> None:
    text = docstring('a """ b \\ c "')
    compiled = compile(f'"""{text}"""', "<docstring>", "eval")
    assert eval(compiled) == 'a """ b \\ c " '  # our own literal


def test_the_whole_modelarts_reference_generates_imports_and_type_checks(
    tmp_path: Path, corpus_build
) -> None:  # type: ignore[no-untyped-def]
    assert corpus_build.document is not None
    files = generate_package(corpus_build.document, "modelarts-full")
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    done = _python(
        tmp_path,
        "import modelarts_full as m\nprint(sum(1 for n in dir(m.Client) if not n.startswith('_')))",
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 222  # a method per operation, plus close and paginators
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "modelarts_full",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout[-3000:]
