"""The breaking-change report, on real revision pairs of the ModelArts reference."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import Source
from generator.diff import Finding, Level, diff_documents, load_side
from generator.diff.model import Change, Node
from generator.diff.rules import RULES
from tests.conftest import SEEDS, corpus_path

# The BREAKING lines of each pair's EXPECTED.txt, as (rule, field path).
EXPECTED_BREAKING = {
    "01-exporttask-body-params-removed": {
        ("request-property-removed", "request.dataset_id"),
        ("request-property-removed", "request.dataset_type")},
    "02-listtasks-enum-removed-field-added": {
        ("request-enum-value-removed", "query.type")},
    "03-importtask-param-removed-mandatory-enum-changed": {
        ("request-property-removed", "request.annotation_format"),
        ("request-property-became-required", "request.import_path"),
        ("request-enum-value-removed", "request.import_type")},
    "04-deleteworkers-mandatory-simple-table": {
        ("request-property-became-required", "request.workers")},
    "05-renewlease-response-fields-renamed": {
        ("response-property-renamed", "response.200.create_time"),
        ("response-property-renamed", "response.200.update_time")},
    "06-createtrainingjob-start_time-string-to-long": {
        ("response-property-type-changed", "response.201.status.start_time")},
    "07-listimagegroup-query-params-removed": {
        ("request-parameter-removed", f"query.{name}")
        for name in ("limit", "offset", "service_type", "sort_dir", "sort_key")},
    "08-listmodels-exact_match-string-to-boolean": {
        ("request-parameter-type-changed", "query.exact_match"),
        ("response-property-removed", "response.200.models[].specification.min_ascend")},
    "09-listworkloads-query-type-to-array": {
        ("request-parameter-type-changed", "query.type"),
        ("response-property-type-changed", "response.200.items[].resourceRequirement")},
    "10-updatenotebook-params-renamed": {
        ("request-property-renamed", "request.endpoints[].dev_service"),
        ("request-property-renamed", "request.endpoints[].ssh_keys")},
    "11-registerimage-swr_path-now-mandatory": {
        ("request-property-became-required", "request.swr_path")},
    "16-listtasks-format-drift-only": set(),
    "17-listtasks-anchor-ids-only-noop": set(),
    "18-listsamples-whitespace-only-noop": set(),
}


def _pair(name: str) -> list[Finding]:
    folder = corpus_path("revisions", name)
    return diff_documents(load_side(str(folder / "before.rst")),
                          load_side(str(folder / "after.rst")))


def _breaking(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in findings if f.level is Level.BREAKING}


@pytest.mark.parametrize("name", sorted(EXPECTED_BREAKING))
def test_revision_pairs_match_their_expected_breaking_changes(name: str) -> None:
    findings = _pair(name)
    assert _breaking(findings) == EXPECTED_BREAKING[name]
    for finding in findings:
        assert finding.old is not None and finding.new is not None  # cited on both sides
        assert finding.old.path.endswith("before.rst")
        assert finding.new.path.endswith("after.rst")


@pytest.mark.parametrize("name", ["16-listtasks-format-drift-only",
                                  "17-listtasks-anchor-ids-only-noop",
                                  "18-listsamples-whitespace-only-noop"])
def test_formatting_only_pairs_report_nothing_above_info(name: str) -> None:
    assert [f for f in _pair(name) if f.level > Level.INFO] == []


def test_findings_cite_the_doc_lines_and_say_what_changed() -> None:
    [renamed] = [f for f in _pair("05-renewlease-response-fields-renamed")
                 if f.path == "response.200.create_time"]
    assert renamed.message == "response property response.200.create_time renamed to 'create_at'"
    assert (renamed.old.line, renamed.new.line) == (56, 69)  # type: ignore[union-attr]
    [typed] = [f for f in _pair("06-createtrainingjob-start_time-string-to-long")
               if f.level is Level.BREAKING]
    assert typed.message == ("type of response.201.status.start_time changed: "
                             "string → integer(int64)")


def test_escape_change_in_an_option_list_is_not_an_enum_change() -> None:
    # before: "-  **ALL**: labeled", after: "-  \\__ALL__: labeled"
    findings = _pair("01-exporttask-body-params-removed")
    assert not [f for f in findings if "sample_state" in f.path]
    added = [f for f in findings if f.rule == "response-enum-value-added"]
    assert [f.path for f in added] == [
        "response.200.export_params.search_conditions[].label_list.labels[].type"]


# Consecutive versions of the seed operations; the expectations come from reading them.
SEED_OP_BREAKING = {
    # the option list of sample_time became a code block and lost "month"
    ("ExportTask", "04_2022-05-23_aed5c3e.rst"): {
        ("request-enum-value-removed", "request.export_params.search_conditions[].sample_time")},
    ("ExportTask", "08_2024-06-20_6d9fb12.rst"): EXPECTED_BREAKING[
        "01-exporttask-body-params-removed"],
    ("ListTasks", "05_2024-06-20_6d9fb12.rst"): {("request-enum-value-removed", "query.type")},
}


@pytest.mark.parametrize("operation", ["ExportTask", "ListTasks", "AutoAnnotationProgress",
                                       "DescWorkforceTask"])
def test_consecutive_seed_op_versions(operation: str) -> None:
    versions = sorted(corpus_path("revisions", "seed-ops", operation).glob("*.rst"))
    assert len(versions) >= 7
    for before, after in itertools.pairwise(versions):
        findings = diff_documents(load_side(str(before)), load_side(str(after)))
        expected = SEED_OP_BREAKING.get((operation, after.name), set())
        assert _breaking(findings) == expected, (before.name, after.name)


def test_whole_tree_diff_agrees_with_the_single_pages() -> None:
    old = load_side(str(corpus_path("otc-modelarts-rst@a52ad03")))
    new = load_side(str(corpus_path("otc-modelarts-rst@6d9fb12")))
    findings = diff_documents(old, new)
    for name in ("01-exporttask-body-params-removed", "02-listtasks-enum-removed-field-added",
                 "03-importtask-param-removed-mandatory-enum-changed",
                 "04-deleteworkers-mandatory-simple-table",
                 "05-renewlease-response-fields-renamed"):
        single = _pair(name)
        operation = single[0].operation
        in_tree = [f for f in findings if f.operation == operation]
        assert _breaking(in_tree) == _breaking(single) == EXPECTED_BREAKING[name], name
    # pages moved folders and renamed anchors; an id change renames a generated
    # client's method: a warning
    renames = [f for f in findings if f.rule == "operation-renamed"]
    # one finding, not a removal and an addition, naming the client method it renames
    [workers] = [f for f in findings
                 if f.operation == "POST /v2/{project_id}/workforces/{workforce_id}/workers/"
                                   "batch-delete" and f.path == ""]
    assert workers.rule == "operation-renamed"
    assert workers.message == ("operationId 'DeleteWorkers' renamed to 'BatchDeleteWorkers'; "
                               "client method delete_workers() → batch_delete_workers()")
    assert all(f.level is Level.WARNING for f in renames)


def test_git_revision_side_reads_without_checkout(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    docs = repo / "docs"
    docs.mkdir(parents=True)
    page = SEEDS / "data_management" / "creating_a_dataset_export_task.rst"
    (docs / "export.rst").write_bytes(page.read_bytes())

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "v1")
    (docs / "export.rst").write_bytes(page.read_bytes().replace(
        b"| annotation_format  | No  ", b"| annotation_format  | Yes "))
    old = load_side_in(repo, "HEAD:docs")
    new = load_side_in(repo, "docs")
    assert _breaking(diff_documents(old, new)) == {
        ("request-property-became-required", "request.annotation_format")}


def load_side_in(directory: Path, spec: str):  # type: ignore[no-untyped-def]
    import os
    here = Path.cwd()
    os.chdir(directory)
    try:
        return load_side(spec)
    finally:
        os.chdir(here)


def test_cli_formats_and_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no project policy: the defaults
    folder = corpus_path("revisions", "07-listimagegroup-query-params-removed")
    before, after = str(folder / "before.rst"), str(folder / "after.rst")
    assert main(["diff", before, after]) == 1  # breaking changes fail by default
    text = capsys.readouterr().out
    assert "breaking: query.limit parameter removed [request-parameter-removed]" in text
    assert "    GET /v1/{project_id}/images/group: query.limit" in text
    assert text.rstrip().endswith("5 breaking, 0 warnings, 0 info (5 changes in 1 operation)")
    assert main(["diff", before, after, "--fail-on", "never", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("### API changes: 5 breaking")
    assert "- **query.limit parameter removed** (`request-parameter-removed`," in markdown
    assert main(["diff", before, before, "--fail-on", "warning", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []
    spec = tmp_path / "after.yaml"
    assert main(["build", str(folder), "-o", str(spec), "--include", "after.rst"]) == 0
    assert main(["diff", before, str(spec), "--level", "breaking"]) == 1  # a spec file side
    assert "5 breaking" in capsys.readouterr().out
    assert main(["diff", "--list-rules"]) == 0
    assert "request-parameter-removed" in capsys.readouterr().out


def _node(name: str, kind: str = "string", required: bool = False,
          enum: frozenset[object] | None = None, location: str = "") -> Node:
    return Node(f"request.{name}", "request", name, kind, None, required, enum, (),
                Source("a.rst", 1), 0, location)


@pytest.mark.parametrize(("rule", "old", "new", "fires"), [
    ("request-property-removed", _node("a"), None, True),
    ("request-property-removed", None, _node("a"), False),
    ("new-required-request-property", None, _node("a", required=True), True),
    ("new-required-request-property", None, _node("a"), False),
    ("request-property-became-required", _node("a"), _node("a", required=True), True),
    ("request-property-became-required", _node("a", required=True), _node("a"), False),
    ("request-property-type-changed", _node("a"), _node("a", "integer"), True),
    ("request-property-renamed", _node("a"), _node("b"), True),
    ("request-enum-value-removed", _node("a", enum=frozenset({"x", "y"})),
     _node("a", enum=frozenset({"x"})), True),
    ("request-enum-value-removed", _node("a", enum=frozenset({"**x**"})),
     _node("a", enum=frozenset({"__x__"})), False),
    ("response-enum-value-added", _node("a", enum=frozenset({1})),
     _node("a", enum=frozenset({1, 2})), True),
    ("request-parameter-location-changed", _node("a", location="query"),
     _node("a", location="header"), True),
])
def test_each_rule_fires_on_its_own_change(rule: str, old: Node | None, new: Node | None,
                                            fires: bool) -> None:
    change = Change("GET /x", "request", "request.a", old, new)
    assert bool(RULES[rule].check(change)) is fires


def test_a_field_under_a_table_one_side_left_out_is_uncertain(tmp_path: Path) -> None:
    """The old page's `metadata` row links to the wrong table (SearchLabel's), so the
    build leaves SearchProp's table out (`unlinked-table`) and reads the wrong fields:
    against the fixed page they look removed and renamed. Each such finding is
    uncertain, cites both doc lines and the build's diagnostic; nothing else is."""
    page = SEEDS / "data_management" / "creating_a_dataset_export_task.rst"
    fixed = page.read_text(encoding="utf-8")
    wrong = fixed.replace(":ref:`SearchProp <exporttask__request_searchprop>` object    ",
                          ":ref:`SearchProp <exporttask__request_searchlabel>` object   ")
    assert wrong != fixed
    for name, text in (("old", wrong), ("new", fixed)):
        (tmp_path / name).mkdir()
        (tmp_path / name / page.name).write_text(text, encoding="utf-8")
    old = load_side(str(tmp_path / "old" / page.name))
    assert [d.code for d in old.unplaced] == ["unlinked-table"]
    findings = diff_documents(old, load_side(str(tmp_path / "new" / page.name)))
    assert [f for f in findings if f.level is Level.BREAKING] == []
    uncertain = {(f.rule, f.path.rsplit(".", 1)[-1]) for f in findings
                 if f.level is Level.UNCERTAIN}
    assert uncertain == {("request-property-removed", "name"),
                         ("request-property-removed", "type"),
                         ("request-property-renamed", "property")}
    for finding in findings:
        if finding.level is Level.UNCERTAIN:
            assert finding.old is not None and finding.new is not None
            assert finding.diagnostic.endswith(
                "creating_a_dataset_export_task.rst:313: unlinked-table: table "
                "'Table 7 SearchProp' describes an object no row links to or is named "
                "after; its rows are left out")
