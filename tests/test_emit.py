"""The emitter: deterministic output, deduplicated components, valid documents."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from generator.build import build_dir, build_files
from generator.emit.serialize import dumps, loads, write_atomic
from generator.names.models import component_name
from generator.validate import spec_errors
from tests.conftest import PROJECT, SEEDS


def _page(op_id: str, path: str, nested_rows: str) -> bytes:
    """A minimal RST page of the vendor's template with one nested ``Item`` table."""
    return f""":original_name: {op_id}.html

.. _{op_id}:

Title of {op_id}
================

URI
---

GET {path}

Response Parameters
-------------------

**Status code: 200**

.. table:: **Table 1** Response body parameters

   ========= ======================================== ===========
   Parameter Type                                     Description
   ========= ======================================== ===========
   item      {(":ref:`Item <" + op_id.lower() + "_item>` object"):<40} An item.
   ========= ======================================== ===========

.. _{op_id.lower()}_item:

.. table:: **Table 2** Item

   ========= ======= ===========
   Parameter Type    Description
   ========= ======= ===========
{nested_rows}
   ========= ======= ===========
""".encode()


def test_same_docs_give_byte_identical_specs(seed_spec: dict[str, Any]) -> None:
    from generator.build import read_files
    files = read_files(SEEDS, ["**/*.rst"])
    again = build_files(dict(reversed(list(files.items()))), title="ModelArts API",
                        version="1.0.0").document
    assert again is not None
    first = build_files(files, title="ModelArts API", version="1.0.0").document
    assert first is not None
    assert dumps(first) == dumps(again)
    assert loads(dumps(first)) == first
    committed = (PROJECT / "spec" / "modelarts.yaml").read_text(encoding="utf-8")
    assert committed == dumps(seed_spec), "spec/modelarts.yaml is stale: run make generate"


def test_same_structure_is_one_component_different_structure_is_renamed() -> None:
    same = "   id        String  Identifier."
    other = "   id        Integer Identifier."
    files = {
        "a/first.rst": _page("First", "/v1/first", same),
        "a/second.rst": _page("Second", "/v1/second", same),
        "b/third.rst": _page("Third", "/v1/third", other),
    }
    result = build_files(files, title="t")
    assert result.document is not None
    schemas = result.document["components"]["schemas"]
    assert schemas["Item"]["properties"]["id"]["type"] == "string"
    assert schemas["ThirdItem"]["properties"]["id"]["type"] == "integer"
    assert "SecondItem" not in schemas
    renamed = [d for d in result.diagnostics if d.code == "component-renamed"]
    assert [(d.source.path, d.source.line) for d in renamed] == [("b/third.rst", 28)]
    assert "ThirdItem" in renamed[0].message
    # no index page names the groups: each folder is one, titled from its name
    assert [t["name"] for t in result.document["tags"]] == ["A", "B"]


def test_documents_carry_security_servers_and_sources(seed_spec: dict[str, Any]) -> None:
    assert seed_spec["openapi"] == "3.0.3"
    assert seed_spec["components"]["securitySchemes"]["token"] == {
        "type": "apiKey", "in": "header", "name": "X-Auth-Token",
        "description": "An IAM token, sent in the X-Auth-Token header."}
    assert seed_spec["security"] == [{"token": []}]
    assert seed_spec["servers"][0]["variables"]["region"]["default"] == "eu-de"
    for schema in seed_spec["components"]["schemas"].values():
        assert schema["x-source"]["file"].endswith(".rst")
        for prop in schema["properties"].values():
            assert prop["x-source"]["line"] > 0
    assert spec_errors(seed_spec) == []


def test_spec_validator_rejects_an_invalid_document(seed_spec: dict[str, Any]) -> None:
    broken = dict(seed_spec, paths={"no-slash": {}})
    assert spec_errors(broken)


def test_validation_runs_on_the_fast_backend_and_reports_in_one_line(
        seed_spec: dict[str, Any]) -> None:
    from openapi_spec_validator.schemas import get_validator_backend

    assert get_validator_backend() == "jsonschema-rs"  # else a cold build takes 1.5 s more
    broken = copy.deepcopy(seed_spec)
    broken["info"]["version"] = 3
    operation = next(iter(next(iter(broken["paths"].values())).values()))
    operation["responses"] = {**operation["responses"], "abc": {"description": "x"}}
    errors = spec_errors(broken)
    assert "info/version: 3 is not of type 'string'" in errors
    assert any(e.endswith("'abc' does not match any of the regexes: '^[1-5](?:\\\\d{2}|XX)$', "
                          "'^x-'") for e in errors), errors
    assert all("\n" not in e for e in errors)


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "spec" / "x.yaml"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in target.parent.iterdir()] == ["x.yaml"]


def test_component_names_are_safe_identifiers() -> None:
    assert component_name("ExportParams") == "ExportParams"
    assert component_name("config") == "Config"
    assert component_name("Storage type") == "StorageType"
    assert component_name("modelarts_03_0045Request") == "Modelarts030045Request"
    assert component_name("{{7*7}}") == "Schema77"
    # a name the generated code's language reserves would shadow it (TS2314 on Array)
    assert (component_name("array"), component_name("Error")) == ("ArrayModel", "ErrorModel")


def test_libyaml_and_pure_python_emitters_give_the_same_text(
        corpus_build: Any, seed_spec: dict[str, Any]) -> None:
    """The spec is written with libyaml when PyYAML has it; a machine without it
    must still write the same bytes (multi-line literals, unicode, long lines)."""
    import pytest
    import yaml

    from generator.emit import serialize

    if not hasattr(yaml, "CSafeDumper"):
        pytest.skip("this PyYAML was built without libyaml")
    assert issubclass(serialize._Dumper, yaml.CSafeDumper)
    pure = serialize._dumper_on(yaml.SafeDumper)
    for document in (seed_spec, corpus_build.document):
        assert serialize._yaml(document, pure) == dumps(document)


def test_yaml_pieces_reuse_the_unchanged_parts_and_give_the_same_text(
        corpus_build: Any) -> None:
    """A one-page change re-serialises only its path item: the rest comes from the
    pieces of the previous text, and the joined text is what a whole dump gives."""
    import copy

    from generator.emit.serialize import yaml_pieces

    document = corpus_build.document
    earlier = yaml_pieces(document)
    assert "".join(earlier.values()) == dumps(document)
    changed = copy.deepcopy(document)
    item = changed["paths"]["/v2/{project_id}/training-job-searches"]["post"]
    item["summary"] = "Querying training jobs (reworded)"
    pieces = yaml_pieces(changed, earlier)
    new = [text for digest, text in pieces.items() if digest not in earlier]
    assert len(new) == 1 and new[0].startswith("  /v2/{project_id}/training-job-searches:\n")
    assert "Querying training jobs (reworded)" in new[0]
    assert "".join(pieces.values()) == dumps(changed)


def test_the_spec_says_the_language_of_its_docs(seed_spec: dict[str, Any]) -> None:
    """info.x-language: the language most pages' headings are in (the published site
    shows its words in it); the Chinese pages of the same API say "zh"."""
    assert seed_spec["info"]["x-language"] == "en"
    chinese = build_dir(PROJECT / "docs_src" / "modelarts", ["**/*.md"], title="zh")
    assert chinese.document is not None and chinese.document["info"]["x-language"] == "zh"
