"""`docs2openapi changelog` on a replay of the real ModelArts history of two seed
operations (every version of ExportTask and ListTasks, committed at their upstream
commits' dates and paths, ListTasks absent where upstream dropped it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import corpus_path


def replay(repo: Path) -> list[str]:
    """A git repository whose docs/ folder went through the upstream versions; the
    upstream short ids of its commits, oldest first."""
    index = corpus_path("revisions", "seed-ops", "INDEX.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (ExportTask|ListTasks) \| (\d+|-) \| (\S+) \| (\w+) \| "
                      r"([\d-]+) \| (\S+) \|", index, re.M)
    versions: dict[str, dict[str, tuple[str, str] | None]] = {}  # commit → op → (file, path)
    dates: dict[str, str] = {}
    for op, _, file, commit, date, path in rows:
        versions.setdefault(commit[:7], {})[op] = None if file == "(removed)" else (file, path)
        dates[commit[:7]] = date
    env = {**os.environ, "GIT_AUTHOR_NAME": "docs", "GIT_AUTHOR_EMAIL": "d@x",
           "GIT_COMMITTER_NAME": "docs", "GIT_COMMITTER_EMAIL": "d@x"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    repo.mkdir()
    git("init", "-q")
    current: dict[str, Path] = {}
    order = sorted(versions, key=lambda c: dates[c])
    for commit in order:
        for op, version in versions[commit].items():
            if op in current:
                current.pop(op).unlink()
            if version is not None:
                file, path = version
                target = repo / "docs" / path.removeprefix("api-ref/source/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(corpus_path("revisions", "seed-ops", file).read_bytes())
                current[op] = target
        git("add", "-A")
        git("commit", "-qm", f"sync upstream {commit}", f"--date={dates[commit]}T12:00:00")
    return order


def test_changelog_lists_each_commits_api_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    upstream = replay(repo)
    monkeypatch.chdir(repo)
    cache = tmp_path / "cache"
    assert main(["changelog", "docs", "--format", "json", "-o", "changelog.json",
                 "--cache-dir", str(cache)]) == 0
    data = json.loads((repo / "changelog.json").read_text(encoding="utf-8"))
    commits = {c["subject"].split()[-1]: c for c in data["commits"]}
    assert [c["subject"].split()[-1] for c in data["commits"]] == upstream[::-1]
    assert commits["488022e"]["first"] and "2 operations" in commits["488022e"]["summary"]

    def breaking(commit: str) -> set[tuple[str, str]]:
        return {(c["rule"], c["operations"][0]["path"]) for c in commits[commit]["changes"]
                if c["level"] == "breaking"}

    # upstream dropped ListTasks and narrowed sample_time in one commit (aed5c3e)
    assert breaking("aed5c3e") == {
        ("api-operation-removed", ""),
        ("request-enum-value-removed",
         "request.export_params.search_conditions[].sample_time")}
    # and removed two body fields of ExportTask and an enum value of ListTasks in 6d9fb12
    assert breaking("6d9fb12") == {("request-property-removed", "request.dataset_id"),
                                   ("request-property-removed", "request.dataset_type"),
                                   ("request-enum-value-removed", "query.type")}
    # each page version was read once: one cache entry per distinct content
    contents = {p.read_bytes() for p in corpus_path("revisions", "seed-ops").glob("*/*.rst")
                if p.parent.name in ("ExportTask", "ListTasks")}
    assert len([p for p in (cache / "pages").rglob("*") if p.is_file()]) == len(contents)

    # the published site shows it (publish --changelog), escaped like every page
    assert main(["build", "docs", "-o", "spec.yaml", "-q"]) == 0
    assert main(["publish", "spec.yaml", "-o", "site", "--changelog", "changelog.json"]) == 0
    page = (repo / "site" / "changelog.html").read_text(encoding="utf-8")
    assert '<section class="changelog-commit" id="commit-' in page
    assert "request property request.dataset_id removed" in page
    assert 'href="changelog.html">Changelog</a>' in (repo / "site" / "index.html").read_text(
        encoding="utf-8")
    capsys.readouterr()

    # markdown, newest first, the quiet commits counted and left out
    capsys.readouterr()
    first = subprocess.run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=repo,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert main(["changelog", "docs", f"{first}..HEAD", "--cache-dir", str(cache)]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# API changelog: `docs`")
    assert markdown.index("sync upstream 6d9fb12") < markdown.index("sync upstream aed5c3e")
    assert "- breaking: request property request.dataset\\_id removed " \
           "(`POST /v2/{project_id}/datasets/{dataset_id}/export-tasks`)" in markdown


def test_changelog_of_a_folder_git_does_not_know(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    assert main(["changelog", "docs"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("docs2openapi changelog: ") and len(err.strip().splitlines()) == 1
