"""The diff's outputs as CI reads them, and the project's policy, on real revision pairs.

SARIF is validated against the official SARIF 2.1.0 JSON schema (tests/schemas/,
with its source), JSON against the schema this project documents."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from generator.cli import main
from tests.conftest import corpus_path

SCHEMAS = Path(__file__).parent / "schemas"
IMPORT_TASK = "03-importtask-param-removed-mandatory-enum-changed"


def _pair(name: str) -> tuple[str, str]:
    folder = corpus_path("revisions", name)
    return str(folder / "before.rst"), str(folder / "after.rst")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["diff", *args])
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as the working directory (its pyproject.toml is the
    policy; none: the defaults)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_format_of_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ImportTask lost a field, made one required and replaced an enum's values: three
    breaking changes, each at its doc line, in every format; exit 1 by default."""
    before, after = _pair(IMPORT_TASK)
    status, out, _ = _run(capsys, before, after, "--format", "github",
                          *(f"--format={name}={project / ('out.' + name)}"
                            for name in ("sarif", "json", "junit", "markdown", "text")))
    assert status == 1  # breaking changes fail the gate by default

    # github: an error annotation per breaking change at the after page's line
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 3
    assert any(re.match(r"::error file=.*after\.rst,line=79,title=request-property-became-"
                        r"required \(request-property-became-required%3A[0-9a-f]{10}\)::"
                        r"request property request\.import_path became required — POST "
                        r"/v2/\{project_id\}/datasets/\{dataset_id\}/import-tasks", line)
               for line in errors), errors

    # sarif: valid 2.1.0; each result at a doc line with the old side related
    sarif = json.loads((project / "out.sarif").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    required = [r for r in results if r["ruleId"] == "request-property-became-required"]
    assert [r["level"] for r in required] == ["error"]
    location = required[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("after.rst")
    assert location["region"]["startLine"] == 79
    assert any(r["physicalLocation"]["artifactLocation"]["uri"].endswith("before.rst")
               and r["physicalLocation"]["region"]["startLine"] == 71
               for r in required[0]["relatedLocations"])
    assert {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]} \
        == {r["ruleId"] for r in results}

    # json: valid against the documented schema
    report = json.loads((project / "out.json").read_text(encoding="utf-8"))
    documented = json.loads(resources.files("generator.diff").joinpath(
        "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(documented).validate(report)
    assert report["failed"] is True and report["summary"]["breaking"] == 3
    assert {c["operations"][0]["path"] for c in report["changes"] if c["level"] == "breaking"} \
        == {"request.annotation_format", "request.import_path", "request.import_type"}

    # junit: a failed case per breaking change
    suite = ElementTree.parse(project / "out.junit").getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "3"
    failed = [case.get("name") for case in suite.iter("testcase")
              if case.find("failure") is not None]
    assert "request-property-removed: request property request.annotation_format removed" \
        in failed

    markdown = (project / "out.markdown").read_text(encoding="utf-8")
    assert markdown.startswith("### API changes: 3 breaking,")
    assert markdown.index("#### Breaking (3)") < markdown.index("#### Warnings")
    assert "the gate fails" in markdown


def test_markdown_is_cut_to_fit_and_says_what_was_left_out() -> None:
    from generator.diff import diff_documents, load_side
    from generator.diff.engine import group
    from generator.diff.report import Outcome, render_markdown

    before, after = _pair("02-listtasks-enum-removed-field-added")
    reports = group(diff_documents(load_side(before), load_side(after)))
    outcome = Outcome(reports, before, after)
    whole = render_markdown(outcome)
    assert "not shown" not in whole
    cut = render_markdown(outcome, limit=1500)
    assert len(cut) <= 1500
    shown = cut.count("\n- **")
    left = int(re.search(r"_(\d+) changes not shown", cut).group(1))  # type: ignore[union-attr]
    assert shown + left == len(reports) and shown >= 1
    assert "#### Breaking (1)" in cut  # the worst first


def test_accept_file_levels_and_exit_status(project: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """An accepted break no longer fails the run (until its entry expires); a rule set to
    warning no longer breaks; fail-on decides the exit status."""
    before, after = _pair(IMPORT_TASK)
    status, out, _ = _run(capsys, before, after, "--format", "json")
    ids = {c["operations"][0]["path"]: c["id"] for c in json.loads(out)["changes"]}
    (project / "accepted.toml").write_text(f"""
[[accept]]
id = "{ids['request.annotation_format']}"
reason = "annotation_format was never read (ticket 42)"

[[accept]]
rule = "request-property-became-required"
operation = "POST /v2/{{project_id}}/datasets/{{id}}/import-tasks"
path = "request.import_path"
reason = "every client sends it"
expires = 2999-01-01
""", encoding="utf-8")
    (project / "pyproject.toml").write_text("""
[tool.docs2openapi.diff]
accept-file = "accepted.toml"
levels = { request-enum-value-removed = "warning" }
""", encoding="utf-8")
    status, out, err = _run(capsys, before, after, "--format", "json")
    report = json.loads(out)
    assert status == 0, err
    # (the pair also has a warning and two compatible changes of its own)
    assert report["summary"] == {"breaking": 0, "uncertain": 0, "warning": 2, "info": 2,
                                 "accepted": 2, "changes": 6}
    reasons = {c["operations"][0]["path"]: c["accepted"]["reason"]
               for c in report["changes"] if c["accepted"]}
    assert reasons["request.annotation_format"] == "annotation_format was never read " \
                                                  "(ticket 42)"
    # the project can fail on warnings too
    assert _run(capsys, before, after, "--fail-on", "warning")[0] == 1
    assert _run(capsys, before, after, "--fail-on", "never")[0] == 0
    # an expired acceptance counts again, and says so
    accepted = (project / "accepted.toml").read_text(encoding="utf-8")
    (project / "accepted.toml").write_text(accepted.replace("2999-01-01", "2020-01-01"),
                                           encoding="utf-8")
    status, _, err = _run(capsys, before, after)
    assert status == 1
    assert "accept entry 2: expired on 2020-01-01" in err


@pytest.mark.parametrize(("config", "message"), [
    ('[[tool.docs2openapi.diff.accept]]\nid = "x:0123456789"\n',
     "every accepted change needs a reason"),
    ('[tool.docs2openapi.diff]\nlevels = { no-such-rule = "info" }\n', "no rule 'no-such-rule'"),
    ('[tool.docs2openapi.diff]\nfail-on = "sometimes"\n', "'sometimes': one of"),
    ("[tool.docs2openapi.diff\n", "pyproject.toml"),
])
def test_a_bad_policy_is_one_line_and_exit_2(project: Path, capsys: pytest.CaptureFixture[str],
                                             config: str, message: str) -> None:
    (project / "pyproject.toml").write_text(config, encoding="utf-8")
    before, after = _pair(IMPORT_TASK)
    status, out, err = _run(capsys, before, after)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
