"""Every rule applies inside compositions: anyOf, oneOf, allOf, discriminators and
x-variants. Real pages edited the way their authors edit them (a row dropped, a type
or a Mandatory cell changed) where the corpus has the construct; small documents
where it is a spec construct our pages do not produce (diff reads any spec)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diff import Level, diff_documents, load_side
from generator.diff.engine import group
from generator.diff.model import Finding, Side
from tests.conftest import corpus_path


def drop_row(text: str, first: str) -> str:
    """The page without the grid-table row whose first line starts with ``first``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = start
    while not lines[end].lstrip().startswith("+-"):
        end += 1
    return "\n".join(lines[:start] + lines[end + 1:])


def edit(text: str, old: str, new: str) -> str:
    assert len(old) == len(new) and old in text  # a grid table keeps its column widths
    return text.replace(old, new, 1)


def _breaking(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in findings if f.level is Level.BREAKING}


def test_inside_any_of_on_a_real_page(tmp_path: Path) -> None:
    """ModelArts' DeployService (2024-06): `config` is anyOf the real-time and the batch
    config tables. A row dropped, a type and a Mandatory cell changed in the batch
    table are each found at their place in that member."""
    page = corpus_path("otc-modelarts-rst@a52ad03", "service_management",
                       "deploying_a_model_as_a_service.rst")
    text = page.read_text(encoding="utf-8")
    new = drop_row(text, "   | src_type ")
    new = edit(new, "   | mapping_rule    | No ", "   | mapping_rule    | Yes")
    new = edit(new, "| instance_count  | Yes             | Integer             | Number of "
                    "instances deployed in a model.  ",
               "| instance_count  | Yes             | String              | Number of "
               "instances deployed in a model.  ")
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / page.name).write_text(text, encoding="utf-8")
    (tmp_path / "new" / page.name).write_text(new, encoding="utf-8")
    old_side = load_side(str(tmp_path / "old" / page.name))
    schema = old_side.document["components"]["schemas"]  # type: ignore[index]
    assert any("anyOf" in (s.get("properties", {}).get("config") or {})
               for s in schema.values())  # the construct under test is there
    findings = diff_documents(old_side, load_side(str(tmp_path / "new" / page.name)))
    # the member is labelled by its component (the batch table's): whatever its name,
    # all three changes are in that one member
    labels = {re.sub(r"^request\.config<([^>]+)>\..*$", r"\1", f.path) for f in findings
              if f.level is Level.BREAKING}
    [batch] = labels
    assert _breaking(findings) == {
        ("request-property-removed", f"request.config<{batch}>.src_type"),
        ("request-property-became-required", f"request.config<{batch}>.mapping_rule"),
        ("request-property-type-changed", f"request.config<{batch}>.instance_count")}
    [typed] = [f for f in findings if f.rule == "request-property-type-changed"]
    assert typed.message.endswith("changed: integer(int32) → string")
    assert (typed.old.line, typed.new.line) == (118, 118)  # type: ignore[union-attr]
    # nothing outside the batch member moved
    assert not [f for f in findings if f.level > Level.INFO and f"<{batch}>" not in f.path]


EVS_TAGS = ("otc-services", "elastic-volume-service", "apis_recommended", "tag_management")


def _evs_tags(tmp_path: Path, edits: dict[str, Any]) -> list[Finding]:
    """The four EVS tag pages (two action APIs of two pages each, one with a
    discriminator), old as published and new with ``edits`` (page → text → text)."""
    folder = corpus_path(*EVS_TAGS)
    for side in ("old", "new"):
        (tmp_path / side).mkdir()
        for name in ("batch_adding_tags_for_the_specified_evs_disk.rst",
                     "batch_deleting_tags_of_a_specified_evs_disk.rst",
                     "querying_details_of_evs_disks_by_tag.rst",
                     "querying_the_number_of_evs_disks_by_tag.rst"):
            text = (folder / name).read_text(encoding="utf-8")
            if side == "new" and name in edits:
                text = edits[name](text)
            (tmp_path / side / name).write_text(text, encoding="utf-8")
    return diff_documents(load_side(str(tmp_path / "old")), load_side(str(tmp_path / "new")))


def test_inside_x_variants_and_their_discriminator(tmp_path: Path) -> None:
    """EVS' tag actions: one method and path, a page per action (`x-variants`, a oneOf
    with a discriminator on `action`). Edits to one action's page are found on that
    action, and on no other."""
    def deleting(text: str) -> str:
        text = drop_row(text, "   | value ")
        return edit(text, "   | key             | String          | Yes ",
                    "   | key             | Integer         | Yes ")

    def counting(text: str) -> str:
        return edit(text, "   | matches         | Array of objects | No ",
                    "   | matches         | Array of objects | Yes")

    findings = _evs_tags(tmp_path, {
        "batch_deleting_tags_of_a_specified_evs_disk.rst": deleting,
        "querying_the_number_of_evs_disks_by_tag.rst": counting})
    breaking = [f for f in findings if f.level is Level.BREAKING]
    by_route = {(f.operation.split(" [")[0], f.rule, f.path) for f in breaking}
    assert by_route == {
        ("POST /v2/{project_id}/os-vendor-volumes/{volume_id}/tags/action",
         "request-property-removed", "request.tags[].value"),
        ("POST /v2/{project_id}/os-vendor-volumes/{volume_id}/tags/action",
         "request-property-type-changed", "request.tags[].key"),
        ("POST /v2/{project_id}/os-vendor-volumes/resource_instances/action",
         "request-property-became-required", "request.matches")}
    # each on its own action (a variant, named in brackets), cited at its own page
    for finding in breaking:
        assert finding.operation.endswith("]")
        assert finding.new is not None and finding.new_page is not None
        assert finding.new.path == finding.new_page.path
    assert {f.new.path.rsplit("/", 1)[-1] for f in breaking  # type: ignore[union-attr]
            } == {"batch_deleting_tags_of_a_specified_evs_disk.rst",
                  "querying_the_number_of_evs_disks_by_tag.rst"}


# --- spec documents: constructs the docs reader does not write -------------------------------
def _doc(body: dict[str, Any], schemas: dict[str, Any], response: bool = False,
         ) -> dict[str, Any]:
    media = {"content": {"application/json": {"schema": body}}}
    operation: dict[str, Any] = {"operationId": "Op", "responses": {"200": {"description": "ok"}}}
    if response:
        operation["responses"]["200"].update(media)
    else:
        operation["requestBody"] = media
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {"post": operation}}, "components": {"schemas": schemas}}


def _diff(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str]]:
    return _breaking(diff_documents(Side(old, ""), Side(new, "")))


def _obj(required: list[str] | None = None, **props: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object",
                              "properties": {k: {"type": v} for k, v in props.items()}}
    if required:
        schema["required"] = required
    return schema


def test_one_of_members_paired_by_discriminator_value_though_renamed() -> None:
    """Components renamed and members reordered: the discriminator value says which
    is which, so a removal, a type change and a new requirement are each found once."""
    old = _doc({"oneOf": [{"$ref": "#/components/schemas/Cat"},
                          {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind",
                                  "mapping": {"cat": "#/components/schemas/Cat",
                                              "dog": "#/components/schemas/Dog"}}},
               {"Cat": _obj(["kind"], kind="string", claws="integer", name="string"),
                "Dog": _obj(["kind"], kind="string", bark="string", name="string")})
    new = _doc({"oneOf": [{"$ref": "#/components/schemas/Hound"},
                          {"$ref": "#/components/schemas/Feline"}],
                "discriminator": {"propertyName": "kind",
                                  "mapping": {"dog": "#/components/schemas/Hound",
                                              "cat": "#/components/schemas/Feline"}}},
               {"Feline": _obj(["kind", "name"], kind="string", claws="string", name="string"),
                "Hound": _obj(["kind"], kind="string", name="string")})
    assert _diff(old, new) == {
        ("request-property-type-changed", "request<cat>.claws"),
        ("request-property-became-required", "request<cat>.name"),
        ("request-property-removed", "request<dog>.bark")}


def test_any_of_members_paired_by_title_then_by_shape() -> None:
    old = _doc({"type": "object", "properties": {"config": {"anyOf": [
        {"title": "batch", **_obj(src="string", dest="string")},
        _obj(model="string", weight="integer", count="integer")]}}}, {})
    new = _doc({"type": "object", "properties": {"config": {"anyOf": [
        _obj(["count"], model="string", weight="number", count="integer", extra="string"),
        {"title": "batch", **_obj(src="string")}]}}}, {})
    assert _diff(old, new) == {
        ("request-property-removed", "request.config<batch>.dest"),
        ("request-property-type-changed", "request.config<#2>.weight"),
        ("request-property-became-required", "request.config<#2>.count")}


def test_all_of_parts_are_one_object() -> None:
    base = {"Base": _obj(["id"], id="string", tag="string")}
    old = _doc({"allOf": [{"$ref": "#/components/schemas/Base"},
                          _obj(size="integer", colour="string")]}, base)
    new = _doc({"allOf": [{"$ref": "#/components/schemas/Base"},
                          _obj(["colour"], size="string", colour="string")]},
               {"Base": _obj(["id"], id="string")})
    assert _diff(old, new) == {
        ("request-property-removed", "request.tag"),
        ("request-property-type-changed", "request.size"),
        ("request-property-became-required", "request.colour")}


def test_a_field_that_became_one_of_several_keeps_its_fields() -> None:
    """A plain object that became anyOf [itself, another]: its fields are compared with
    the member most like it; the other member is a new alternative."""
    old = _doc({"type": "object", "properties": {"config": _obj(a="string", b="string")}},
               {}, response=True)
    new = _doc({"type": "object", "properties": {"config": {"anyOf": [
        _obj(x="string"), _obj(a="integer", b="string")]}}}, {}, response=True)
    findings = diff_documents(Side(old, ""), Side(new, ""))
    assert _breaking(findings) == {
        ("response-property-type-changed", "response.200.config.a")}
    assert {(f.rule, str(f.level)) for f in findings if f.rule.endswith("variant-added")} == {
        ("response-variant-added", "warning")}


def test_a_request_member_removed_breaks_and_one_added_does_not() -> None:
    old = _doc({"oneOf": [_obj(a="string"), _obj(b="integer")]}, {})
    new = _doc({"oneOf": [_obj(a="string"), _obj(c="boolean")]}, {})
    findings = diff_documents(Side(old, ""), Side(new, ""))
    assert {(f.rule, str(f.level)) for f in findings if "variant" in f.rule} == {
        ("request-variant-removed", "breaking"), ("request-variant-added", "info")}


def test_one_change_to_a_shared_schema_is_one_report() -> None:
    """Two operations reaching one component: a field removed from it is one report
    listing both operations, each cited at its own page."""
    lease = _obj(create_time="integer", duration="integer")
    lease["properties"]["create_time"]["x-source"] = {"file": "create.rst", "line": 40}

    def document(schema: dict[str, Any]) -> dict[str, Any]:
        def op(page: str) -> dict[str, Any]:
            return {"operationId": page, "x-source": {"file": f"{page}.rst", "line": 5},
                    "responses": {"200": {"description": "ok", "content": {
                        "application/json": {"schema": {"type": "object", "properties": {
                            "lease": {"$ref": "#/components/schemas/Lease"}}}}}}}}
        return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": op("show")}, "/b": {"post": op("create")}},
                "components": {"schemas": {"Lease": schema}}}

    new_lease = _obj(duration="integer")
    findings = diff_documents(Side(document(lease), ""), Side(document(new_lease), ""))
    [report] = [r for r in group(findings) if r.level is Level.BREAKING]
    assert report.operations == ("GET /a", "POST /b")
    assert report.message == "response property Lease.create_time removed"
    assert [(f.old_page.path, f.new_page.path) for f in report.findings  # type: ignore[union-attr]
            ] == [("show.rst", "show.rst"), ("create.rst", "create.rst")]


# --- any spec: diff reads documents it did not write ----------------------------------------
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(
    ["string", "integer", "object", "array", "a", "k", "#/components/schemas/A",
     "#/components/schemas/B", "#/nowhere"]))
_KEYS = st.sampled_from(["type", "properties", "items", "additionalProperties", "anyOf",
                         "oneOf", "allOf", "$ref", "discriminator", "propertyName", "mapping",
                         "required", "enum", "x-extensible-enum", "title", "a", "k",
                         "minimum", "format", "x-source", "file", "line"])
_SCHEMA = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=25)


def _spec(body: object, response: object, a: object, b: object) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {
                "requestBody": {"content": {"application/json": {"schema": body}}},
                "responses": {"200": {"content": {"application/json": {"schema": response}}}},
                "x-variants": a if isinstance(a, list) else None}}},
            "components": {"schemas": {"A": a, "B": b}}}


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
          derandomize=True)
@given(st.tuples(_SCHEMA, _SCHEMA, _SCHEMA, _SCHEMA), st.tuples(_SCHEMA, _SCHEMA, _SCHEMA,
                                                                    _SCHEMA))
def test_any_document_diffs_without_an_exception(old: tuple[object, ...],
                                                 new: tuple[object, ...]) -> None:
    before, after = Side(_spec(*old), "old"), Side(_spec(*new), "new")
    for a, b in ((before, after), (before, before)):
        reports = group(diff_documents(a, b))
        if a is b:
            assert reports == []
