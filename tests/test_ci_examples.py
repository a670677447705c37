"""The CI kit of examples/ci/ runs: each job's commands, on a local git repository of
a project with two commits (the target branch, and a pull request that makes a field
required), with this checkout's docs2openapi on PATH. Only the steps that need the
package index or the forge's API (installing the tool, posting the comment) are not
run; the rest run as the CI would run them (bash -eo pipefail)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from tests.conftest import PROJECT, SEEDS

EXAMPLES = PROJECT / "examples" / "ci"
PAGE = SEEDS / "data_management" / "creating_a_dataset_export_task.rst"
# steps that reach a package index or the forge's API: what they do is not ours
NOT_HERE = re.compile(r"pip install|gh pr comment|^\s*git fetch")

PYPROJECT = """
[project]
name = "store-api"
version = "1"

[[tool.docs2openapi.services]]
name = "modelarts"
source = "docs_src/modelarts"
include = ["**/*.rst"]
title = "ModelArts API"
version = "1.0.0"
"""


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "dev", "GIT_AUTHOR_EMAIL": "d@x",
           "GIT_COMMITTER_NAME": "dev", "GIT_COMMITTER_EMAIL": "d@x"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True, env=env).stdout


def _generate(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    assert main(["generate", "-q", "-j", "1"]) == 0


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare repository whose main holds the project (docs, spec, client) and whose
    branch `feature` makes `annotation_format` required, specs and client regenerated."""
    work = tmp_path_factory.mktemp("ci") / "work"
    (work / "docs_src" / "modelarts").mkdir(parents=True)
    (work / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (work / ".gitignore").write_text(".cache/\nbuild/\nsite/\n", encoding="utf-8")
    page = work / "docs_src" / "modelarts" / PAGE.name
    page.write_bytes(PAGE.read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        _git(work, "init", "-q", "-b", "main")
        _generate(work, patch)
        _git(work, "add", "-A")
        _git(work, "commit", "-qm", "the API")
        _git(work, "checkout", "-qb", "feature")
        page.write_bytes(PAGE.read_bytes().replace(b"| annotation_format  | No  ",
                                                   b"| annotation_format  | Yes "))
        _generate(work, patch)
        _git(work, "commit", "-qam", "annotation_format is required")
    bare = work.parent / "origin.git"
    _git(work.parent, "clone", "-q", "--bare", str(work), str(bare))
    return bare


def _checkout(origin: Path, tmp_path: Path) -> Path:
    """The pull request's branch as the CI checks it out: full history, origin/main."""
    repo = tmp_path / "checkout"
    _git(tmp_path, "clone", "-q", "--branch", "feature", str(origin), str(repo))
    return repo


def _shell(script: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=repo, env={**os.environ, **env, "PATH": path},
                          capture_output=True, text=True, check=False)


def _check_outputs(repo: Path) -> dict[str, Any]:
    """What the diff step left for the comment, code scanning and the test view."""
    markdown = (repo / "build" / "api-diff.md").read_text(encoding="utf-8")
    assert markdown.startswith("### API changes: 1 breaking")
    assert "request property request.annotation\\_format became required" in markdown
    sarif = json.loads((repo / "build" / "api-diff.sarif").read_text(encoding="utf-8"))
    [result] = [r for r in sarif["runs"][0]["results"] if r["level"] == "error"]
    # a repository-relative path: code scanning annotates the doc line in the PR
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == f"docs_src/modelarts/{PAGE.name}"
    assert location["region"]["startLine"] == 34
    junit = (repo / "build" / "api-diff.xml").read_text(encoding="utf-8")
    assert 'failures="1"' in junit
    site = repo / "site"
    assert (site / "changes.html").is_file() and (site / "index.html").is_file()
    assert "annotation_format became required" in (site / "changes.html").read_text(
        encoding="utf-8")
    return sarif


def test_github_actions_workflow(origin: Path, tmp_path: Path) -> None:
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["api"]
    context = {"github.base_ref": "main"}
    env = {k: re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: context[m.group(1)], str(v))
           for k, v in job["env"].items()}
    repo = _checkout(origin, tmp_path)
    ran: list[tuple[str, int]] = []
    output = ""
    for step in job["steps"]:
        if "run" not in step or NOT_HERE.search(step["run"]):
            continue
        done = _shell(step["run"], repo, env)
        ran.append((step["name"], done.returncode))
        output += done.stdout
        if step["name"].startswith("Build the specs"):
            assert done.returncode == 0, done.stderr  # the PR regenerated its specs
    assert ran == [("Build the specs; fail when specs or clients are stale", 0),
                   ("Diff the API against the target branch", 0),
                   ("Publish the reference, with what changed", 0),
                   ("Fail on a breaking change not accepted", 1)]
    # the annotation on the changed line of the pull request
    assert re.search(rf"^::error file=docs_src/modelarts/{PAGE.name},line=34,", output, re.M)
    assert (repo / "build" / "api-diff.status").read_text().strip() == "1"
    _check_outputs(repo)


def test_github_workflow_fails_when_the_client_is_stale(origin: Path, tmp_path: Path) -> None:
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text(encoding="utf-8"))
    [check] = [s for s in workflow["jobs"]["api"]["steps"]
               if s.get("name", "").startswith("Build the specs")]
    repo = _checkout(origin, tmp_path)
    page = repo / "docs_src" / "modelarts" / PAGE.name
    page.write_text(page.read_text(encoding="utf-8").replace(
        "| dataset_type       | No  ", "| dataset_type       | Yes "), encoding="utf-8")
    done = _shell(check["run"], repo, {})
    assert done.returncode == 1
    assert "spec/modelarts.yaml: stale" in done.stderr
    assert "generated/python/modelarts/" in done.stderr


def test_gitlab_job(origin: Path, tmp_path: Path) -> None:
    pipeline = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = pipeline["api-docs"]
    env = {**{k: str(v) for k, v in job["variables"].items()},
           "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    env.pop("GITLAB_TOKEN", None)
    lines = [line for line in [*job["before_script"], *job["script"]]
             if not NOT_HERE.search(line)]
    repo = _checkout(origin, tmp_path)
    done = _shell("\n".join(lines), repo, env)
    assert done.returncode == 1, done.stderr  # exit "$status": the breaking change
    assert "breaking: request property request.annotation_format became required" \
        in done.stdout
    _check_outputs(repo)
