"""Reading a spec: `loads` gives what `yaml.safe_load` gives, keys in order and values of
the same types, whichever parser reads the text (yaml-rs when it reads the text as
PyYAML does, else PyYAML through libyaml)."""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml

from generator.emit.serialize import _yaml_12, dumps, loads

from .conftest import PROJECT


def _same(a: Any, b: Any) -> bool:
    """Equal, with dict keys in the same order and scalars of the same type."""
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(
            _same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(
            _same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("name", ["modelarts.yaml", "modelarts-zh.yaml"])
def test_our_specs_read_as_safe_load_reads_them_and_fast(name: str) -> None:
    text = (PROJECT / "spec" / name).read_text(encoding="utf-8")
    assert _same(loads(text), yaml.safe_load(text))
    assert _yaml_12(text) is not None  # the fast reader took it


def test_the_whole_modelarts_spec_reads_alike(corpus_build: Any) -> None:
    text = dumps(corpus_build.document)
    assert _yaml_12(text) is not None
    assert _same(loads(text), yaml.safe_load(text))
    assert _same(loads(dumps(corpus_build.document, "json")), corpus_build.document)


# YAML 1.1 (PyYAML) and YAML 1.2 (yaml-rs) read each of these differently
UNALIKE = [
    "a: yes", "a: On", "on: push", "a: [yes, no]", "{yes: 1}", "a: 010", "a: 0o10",
    "a: 1e3", "a: 1.0e3", "a: -.5", "a: 12:30", "a: 190:20:30.15",
    "a: 2020-01-01", "a: 2001-12-14 21:59:43.10 -5", "b: {<<: {x: 1}}", "a: =",
    "a: !!str 1", "a: !!binary aGk=", "--- \na: 1\n", "a: 1\n---\nb: 2", "%YAML 1.1\n---\na: 1",
    "? [1]\n: 2", 'a: "x\u2028y"', "a: 'yes'\nb: yes", "d: say 'yes' to\nb: yes",
    "a: '12:30'\nb: 12:30", "- '010'\n- 010",
]
# and each of these alike
ALIKE = [
    "a: 'yes'", 'a: "2020-01-01"', "'200': ok", "a: 1.0e+20", "a: .5", "a: +1", "a: -0",
    "a: 0b11", "a: 1_000",
    "a: .inf", "a: -.inf", "a: .NaN", "a: ~", "a: ''\nb:\n", "a: &x [1]\nb: *x",
    "a: 'it''s'", "k: {a: 1, a: 2}", "desc: |\n  yes\n  no\n", "a: +08:00",
]


@pytest.mark.parametrize("text", UNALIKE + ALIKE)
def test_each_reads_as_safe_load_reads_it(text: str) -> None:
    try:
        expected: Any = yaml.safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            loads(text)
        return
    assert _same(loads(text), expected)


@pytest.mark.parametrize("text", UNALIKE)
def test_what_the_two_read_otherwise_goes_to_pyyaml(text: str) -> None:
    assert _yaml_12(text) is None


@pytest.mark.parametrize("text", ALIKE)
def test_what_both_read_alike_goes_to_yaml_rs(text: str) -> None:
    assert _yaml_12(text) is not None
