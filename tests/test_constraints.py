"""Enumerations mined from descriptions, on real corpus rows (and rows that only look
like an enumeration)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.extract import extract_operation
from generator.ir import Field, Operation
from generator.readers import read_page
from tests.conftest import SEEDS, corpus_path


def _operation(path: Path) -> Operation:
    page, _ = read_page(path.read_bytes(), path.name)
    assert page is not None
    operation, _ = extract_operation(page, "t")
    assert operation is not None
    return operation


def _field(operation: Operation, name: str, line: int | None = None) -> Field:
    fields = [f for s in operation.schemas for f in s.fields if f.name == name
              and (line is None or f.source.line == line)]
    assert fields, name
    return fields[0]


@pytest.fixture(scope="module")
def export_task() -> Operation:
    return _operation(SEEDS / "data_management" / "creating_a_dataset_export_task.rst")


def test_bold_option_list_typed_by_the_field(export_task: Operation) -> None:
    dataset_type = _field(export_task, "dataset_type")
    assert [e.value for e in dataset_type.enum] == [0, 1, 100, 101, 102, 200, 201, 202, 400,
                                                    600, 900]
    assert dataset_type.enum[1].description == "object detection"
    fmt = _field(export_task, "annotation_format")
    assert [(e.value, e.description) for e in fmt.enum] == [("VOC", "VOC"), ("COCO", "COCO")]


def test_boolean_options(export_task: Operation) -> None:
    clear = _field(export_task, "clear_hard_property")
    assert [e.value for e in clear.enum] == [True, False]


def test_inline_option_list_in_one_paragraph() -> None:
    after = _operation(corpus_path("revisions", "02-listtasks-enum-removed-field-added",
                                   "after.rst"))
    [task_type] = [p for p in after.parameters if p.name == "type"]
    assert [e.value for e in task_type.enum] == ["auto-label", "pre-label", "auto-grouping"]
    assert task_type.enum[0].description == "active learning"


def test_value_can_be_sentence() -> None:
    pool = _operation(corpus_path("otc-modelarts-rst", "resource_management",
                                  "resource_pool_management", "obtaining_a_resource_pool.rst"))
    assert [e.value for e in _field(pool, "os.modelarts.pool/biz").enum] == ["public",
                                                                              "private"]


def test_remarks_and_field_names_are_not_enumerations() -> None:
    task = _operation(corpus_path("otc-modelarts-rst", "historical_apis",
                                  "data_management_old_version",
                                  "creating_a_data_processing_task_version.rst"))
    # "Options: - If type is set to OBS, source is an OBS path. ..."
    assert _field(task, "source").enum == ()
    job = _operation(corpus_path("otc-modelarts-rst", "training_management",
                                 "terminating_a_training_job.rst"))
    # "The value can be **engine_id**, **engine_name + engine_version**, or **image_url**."
    assert _field(job, "engine_id", line=516).enum == ()


def test_enum_reaches_the_spec(seed_spec: dict) -> None:  # type: ignore[type-arg]
    op = seed_spec["paths"]["/v2/{project_id}/datasets/{dataset_id}/export-tasks"]["post"]
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/")[-1]
    prop = seed_spec["components"]["schemas"][ref]["properties"]["export_format"]
    assert prop["enum"] == [1, 2]
    assert prop["x-enum-descriptions"][0].startswith("tree structure")
