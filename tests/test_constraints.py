"""Enumerations mined from descriptions, on real corpus rows (and rows that only look
like an enumeration)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.extract.constraints import mine_constraints
from generator.extract.labels import CHINESE, ENGLISH, Labels
from generator.ir import Constraints, EnumValue, Field, Kind, Operation, TypeRef
from generator.page import Cell
from tests.conftest import SEEDS, corpus_path, operation_of


def _operation(path: Path) -> Operation:
    return operation_of(path)


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
    # an open set: the documented values, and no `enum` that would reject others
    assert prop["x-extensible-enum"] == [1, 2]
    assert "enum" not in prop
    assert prop["x-enum-descriptions"][0].startswith("tree structure")


# --- ranges, lengths, defaults: real corpus sentences ----------------------------------------

INT, NUM, STR, BOOL = (TypeRef(Kind.INTEGER, "int32"), TypeRef(Kind.NUMBER),
                       TypeRef(Kind.STRING), TypeRef(Kind.BOOLEAN))


@pytest.mark.parametrize(("labels", "text", "ref", "expected"), [
    (ENGLISH, "Maximum number of records returned on each page. The value ranges from 1 to "
              "100. The default value is 10.", INT, Constraints(1, 100, None, None, 10)),
    (ENGLISH, "Coefficient of difficulty of each sample level, which is a default attribute. "
              "The value ranges from 0 to 1.", NUM, Constraints(0, 1)),
    (ENGLISH, "Running duration, in seconds. The value ranges from 3,600 to 86,400. After this "
              "parameter is set, it is valid for each startup.", INT, Constraints(3600, 86400)),
    (ENGLISH, "Confidence. The value range is [0,1].", NUM, Constraints(0, 1)),
    (ENGLISH, "Training job name. The value must contain 1 to 64 characters consisting of only "
              "digits, letters, underscores (_), and hyphens (-).", STR,
     Constraints(min_length=1, max_length=64, pattern="^[A-Za-z0-9_\\-]*$")),
    (ENGLISH, "Workspace ID. If no workspace is created, the default value is 0. If a workspace "
              "is created and used, use the actual value.", STR, Constraints(default="0")),
    (ENGLISH, "Whether dest_path is read-only. The default value is false.", BOOL,
     Constraints(default=False)),
    (ENGLISH, "Only digits, letters, underscores (_), and hyphens (-) are allowed.", STR,
     Constraints(pattern="^[A-Za-z0-9_\\-]*$")),
    (CHINESE, "名称，只能包含字母、数字、下划线和中划线，长度为1~64个字符。", STR,
     Constraints(min_length=1, max_length=64, pattern="^[A-Za-z0-9_\\-]*$")),
    (CHINESE, "指定每一页返回的最大条目数，取值范围[1,100]，默认为10。", INT,
     Constraints(1, 100, None, None, 10)),
    (CHINESE, "工作空间ID。未创建工作空间时默认值为“0”，存在创建并使用的工作空间，"
              "以实际取值为准。", STR, Constraints(default="0")),
])
def test_mined_constraints(labels: Labels, text: str, ref: TypeRef,
                           expected: Constraints) -> None:
    assert mine_constraints(Cell(text, 1), ref, labels) == expected


@pytest.mark.parametrize(("text", "ref"), [
    # a default that does not end its clause is prose
    ("Capacity of the disk. The default value is 5 GB for EVS and 50 GB for EFS.", INT),
    ("The default value is NULL.", STR),
    ("Whether the sample is labeled as a hard sample, which is a default attribute.", BOOL),
    # a range of characters says nothing about a number, and a number range nothing of length
    ("Name of the job. The value must contain 1 to 64 characters.", INT),
    ("Interval. The value ranges from 1 to 100.", STR),
    ("Description of the task. The value ranges from yesterday to today.", INT),
    # "Only" that names no characters
    ("Engine type. Only **Docker** is supported.", STR),
    ("Algorithm. Only the algorithm ID is used.", STR),
])
def test_sentences_that_look_like_constraints_and_are_not(text: str, ref: TypeRef) -> None:
    assert mine_constraints(Cell(text, 1), ref, ENGLISH) == Constraints()


def test_the_option_marked_default_is_the_default() -> None:
    options = (EnumValue("DIR", "Data is exported to OBS (default value)."),
               EnumValue("NEW_DATASET", "Export data to a new dataset."))
    cell = Cell("Dataset export type. The options are as follows:", 1)
    assert mine_constraints(cell, STR, ENGLISH, options).default == "DIR"
    zh = (EnumValue(True, "清空难例属性（默认值）"), EnumValue(False, "不清空难例属性"))
    cell = Cell("是否清空难例属性。可选值如下：", 1)
    assert mine_constraints(cell, BOOL, CHINESE, zh).default is True


def test_constraints_reach_the_spec(seed_spec: dict) -> None:  # type: ignore[type-arg]
    op = seed_spec["paths"]["/v2/{project_id}/datasets/{dataset_id}/tasks"]["get"]
    limit = next(p for p in op["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "format": "int32", "minimum": 1,
                               "maximum": 100, "default": 10}
