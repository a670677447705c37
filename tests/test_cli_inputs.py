"""Every command's inputs, good and bad: a Markdown or HTML folder builds with default
options; an empty folder, a folder with no operation, and files that are truncated,
binary, of the wrong kind, empty or huge end in one line naming the input and exit 2,
never a traceback."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import EXIT_USAGE, main
from tests.conftest import PROJECT, SEEDS

SEED_RST = SEEDS / "data_management" / "querying_details_about_a_team_labeling_task.rst"
SEED_MD = SEEDS / "data_management" / "querying_details_about_a_team_labeling_task.zh.md"
SPEC = PROJECT / "spec" / "modelarts.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line_error(err: str, *names: str) -> None:
    """stderr ends with one line that names what is wrong, and holds no traceback."""
    assert "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    for name in names:
        assert name in last, err


# --- a folder's pages with default options ---------------------------------------------------
def test_a_markdown_folder_builds_with_default_options(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED_MD, docs / "page.md")
    out = tmp_path / "spec.json"
    status, _, err = run(capsys, "build", str(docs), "-o", str(out), "--format", "json",
                         "--no-cache")
    assert status in (0, 1), err
    spec = json.loads(out.read_text(encoding="utf-8"))
    [item] = spec["paths"].values()
    [operation] = item.values()
    assert operation["x-source"]["file"] == "page.md"
    names = {p["name"] for p in operation["parameters"]}
    assert {"dataset_id", "workforce_task_id", "project_id"} <= names


def test_a_page_in_two_formats_is_read_once_from_its_source(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``page.rst`` beside its Markdown copy ``page.md``: the RST is the page."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED_RST, docs / "page.rst")
    shutil.copy(SEED_MD, docs / "page.md")
    out = tmp_path / "spec.json"
    status, _, err = run(capsys, "build", str(docs), "-o", str(out), "--format", "json",
                         "--no-cache")
    assert status in (0, 1), err
    assert "1 pages, 1 operations" in err
    spec = json.loads(out.read_text(encoding="utf-8"))
    sources = {op["x-source"]["file"] for item in spec["paths"].values()
               for op in item.values()}
    assert sources == {"page.rst"}


# --- folders that give nothing ---------------------------------------------------------------
FOLDER_COMMANDS: list[Callable[[Path, Path], list[str]]] = [
    lambda docs, tmp: ["build", str(docs), "-o", str(tmp / "out.yaml"), "--no-cache"],
    lambda docs, tmp: ["coverage", str(docs)],
    lambda docs, tmp: ["lint", str(docs)],
    lambda docs, tmp: ["diff", str(docs), str(SPEC), "--no-cache"],
    lambda docs, tmp: ["compare", str(SPEC), str(docs), "--no-cache"],
    lambda docs, tmp: ["publish", str(SPEC), "-o", str(tmp / "site"), "--changes-from",
                       str(docs)],
]


@pytest.mark.parametrize("command", FOLDER_COMMANDS,
                         ids=["build", "coverage", "lint", "diff", "compare", "publish"])
def test_an_empty_folder_is_a_usage_error_naming_the_patterns(
        command: Callable[[Path, Path], list[str]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "empty"
    docs.mkdir()
    (docs / "notes.txt.bak").write_text("not a page", encoding="utf-8")
    status, _, err = run(capsys, *command(docs, tmp_path))
    assert status == EXIT_USAGE, err
    assert_one_line_error(err, str(docs), "**/*.rst", "**/*.md", "**/*.html")
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("command", [FOLDER_COMMANDS[0], FOLDER_COMMANDS[1],
                                     FOLDER_COMMANDS[3]], ids=["build", "coverage", "diff"])
def test_a_folder_of_pages_without_an_operation_is_a_usage_error(
        command: Callable[[Path, Path], list[str]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "guide"
    docs.mkdir()
    (docs / "intro.md").write_text("# Using the API\n\nCall it with a token.\n",
                                   encoding="utf-8")
    status, _, err = run(capsys, *command(docs, tmp_path))
    assert status == EXIT_USAGE, err
    assert_one_line_error(err, "none documents an operation")
    assert not (tmp_path / "out.yaml").exists()


# --- files that are not what the command reads -----------------------------------------------
def _truncated_json(tmp: Path) -> Path:
    text = json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                       "paths": {"/a": {"get": {"responses": {"200": {"description": "x"}}}}}})
    path = tmp / "truncated.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path


def _truncated_yaml(tmp: Path) -> Path:
    path = tmp / "truncated.yaml"
    path.write_text(SPEC.read_text(encoding="utf-8")[:3000] + '\n  "unclosed: [\n',
                    encoding="utf-8")
    return path


def _binary(tmp: Path) -> Path:
    path = tmp / "binary.yaml"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def _latin1(tmp: Path) -> Path:
    path = tmp / "latin1.yaml"
    path.write_bytes("openapi: 3.0.3\ninfo: {title: caf\u00e9, version: '1'}\npaths: {}\n"
                     .encode("latin-1"))
    return path


def _a_list(tmp: Path) -> Path:
    path = tmp / "list.yaml"
    path.write_text("- openapi\n- 3.0.3\n", encoding="utf-8")
    return path


def _swagger2(tmp: Path) -> Path:
    path = tmp / "swagger.yaml"
    path.write_text("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
                    encoding="utf-8")
    return path


def _a_page_as_spec(tmp: Path) -> Path:
    path = tmp / "page.yaml"
    shutil.copy(SEED_RST, path)
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.yaml"
    path.write_bytes(b"")
    return path


def _deep(tmp: Path) -> Path:
    path = tmp / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    return path


def _folder(tmp: Path) -> Path:
    path = tmp / "folder.yaml"
    path.mkdir()
    return path


BAD_SPECS = [_truncated_json, _truncated_yaml, _binary, _latin1, _a_list, _swagger2,
             _a_page_as_spec, _empty, _deep]
SPEC_COMMANDS: list[Callable[[Path, Path], list[str]]] = [
    lambda bad, tmp: ["diff", str(SPEC), str(bad)],
    lambda bad, tmp: ["compare", str(bad), str(SPEC)],
    lambda bad, tmp: ["publish", str(bad), "-o", str(tmp / "site")],
    lambda bad, tmp: ["publish", str(SPEC), "-o", str(tmp / "site"), "--translation",
                      str(bad)],
    lambda bad, tmp: ["publish", str(SPEC), "-o", str(tmp / "site"), "--changes-from",
                      str(bad)],
]


@pytest.mark.parametrize("bad", BAD_SPECS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("command", SPEC_COMMANDS,
                         ids=["diff", "compare", "publish", "translation", "changes-from"])
def test_a_file_that_is_not_a_spec_is_one_line_and_exit_2(
        bad: Callable[[Path], Path], command: Callable[[Path, Path], list[str]],
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bad(tmp_path)
    status, _, err = run(capsys, *command(path, tmp_path))
    assert status == EXIT_USAGE, err
    assert len(err.strip().splitlines()) == 1, err
    assert_one_line_error(err, str(path))
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("bad", [_folder], ids=["folder"])
def test_a_folder_given_as_a_spec_to_publish(
        bad: Callable[[Path], Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = bad(tmp_path)
    status, _, err = run(capsys, "publish", str(path), "-o", str(tmp_path / "site"))
    assert status == EXIT_USAGE, err
    assert_one_line_error(err, str(path))


BAD_PAGES: dict[str, Callable[[], bytes]] = {
    "truncated": lambda: SEED_RST.read_bytes()[:1500],
    "binary": lambda: bytes(range(256)) * 64,
    "empty": lambda: b"",
    "huge": lambda: b"Title\n=====\n\n" + b"x" * 51_000_000,
    "latin1": lambda: "Caf\u00e9\n====\n\nURI\n---\n\nGET /v1/caf\u00e9\n".encode("latin-1"),
}


@pytest.mark.parametrize("kind", sorted(BAD_PAGES))
@pytest.mark.parametrize("command", ["build", "coverage", "lint"])
def test_bad_pages_give_diagnostics_never_a_traceback(
        kind: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.rst").write_bytes(BAD_PAGES[kind]())
    argv = [command, str(docs)] + (["-o", str(tmp_path / "out.yaml"), "--no-cache"]
                                   if command == "build" else [])
    status, out, err = run(capsys, *argv)
    assert "Traceback" not in err
    if command == "lint":
        # lint reports what is wrong with the page: a finding, status 1
        assert status == 1, err
        assert "page.rst:" in out
    elif kind == "truncated":
        # the request line survives the cut: an operation, with errors at the broken table
        if command == "build":
            assert status == 1, err
            assert "page.rst:23: error rst-error" in err
            assert "/v2/{project_id}/datasets/{dataset_id}/workforce-tasks/" \
                "{workforce_task_id}" in (tmp_path / "out.yaml").read_text(encoding="utf-8")
        else:
            assert status == 0, err  # the rows the cut left are all placed
            assert "rows placed" in out
    else:
        # no page gives an operation: there is no spec to write or measure
        assert status == EXIT_USAGE, err
        assert_one_line_error(err, str(docs), "none documents an operation")


def test_build_to_a_folder_is_one_line(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "taken"
    out.mkdir()
    status, _, err = run(capsys, "build", str(SEEDS), "-o", str(out), "--no-cache", "-q",
                         "--include", "**/*.rst")
    assert status == EXIT_USAGE, err
    assert len(err.strip().splitlines()) == 1, err
    assert_one_line_error(err, str(out))


@pytest.mark.parametrize("content", [
    bytes(range(256)),  # binary
    b"[tool.docs2openapi\nname = ",  # truncated TOML
    b"[tool.docs2openapi]\nservices = 5\n",  # the wrong kind
    b"[[tool.docs2openapi.services]]\nname = 'a'\nsource = '.'\ninclude = '**/*.md'\n",
    b"",  # empty: no services
], ids=["binary", "truncated", "services-not-a-list", "include-not-a-list", "empty"])
def test_generate_with_a_bad_config_file(content: bytes, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "services.toml"
    config.write_bytes(content)
    status, _, err = run(capsys, "generate", "--config", str(config), "--out",
                         str(tmp_path / "out"))
    assert status == EXIT_USAGE, err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
