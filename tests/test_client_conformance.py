"""A sample of ``make conformance`` (the whole corpus is in bench/conformance.py): every
operation of a docs set called by its generated client with the docs' own request
example, against a server on 127.0.0.1 that checks the AK/SK signature with the vendor's
signer and answers each of the docs' own response examples with its documented status
(or 200, 201, 202 and 204 where the docs give none). No failure may remain but the docs
contradicting themselves, each listed with its doc line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.build import build_dir
from tests import conformance
from tests.conftest import corpus_path

pytest.importorskip("huaweicloudsdkcore",
                    reason="the vendor's signer is a dev dependency: pip install -e '.[dev]'")


def _only_contradictions(tally: conformance.Tally) -> None:
    assert not tally.problem
    others = {cause: tally.examples[cause] for cause in tally.failures
              if not cause.startswith(conformance.CONTRADICTION)}
    assert not others, others
    assert tally.typed + tally.as_sent + sum(tally.failures.values()) == tally.calls
    for calls in tally.examples.values():  # each names the doc line of its example
        assert all(".rst:" in call or ".md:" in call for call in calls), calls


def test_the_seed_reference_conforms(seed_spec: dict[str, Any], tmp_path: Path) -> None:
    tally = conformance.run_set("conformance-seed", seed_spec, tmp_path)
    _only_contradictions(tally)
    assert tally.operations == len([1 for item in seed_spec["paths"].values() for _ in item])
    assert tally.calls >= tally.operations and tally.typed >= tally.calls - 2


def test_a_corpus_set_conforms_with_every_status(tmp_path: Path) -> None:
    # DNS: delete operations answering 202, operations whose docs give no success status
    result = build_dir(corpus_path("otc-services/domain-name-service"), ["**/*.rst"],
                       title="dns")
    assert result.document is not None
    tally = conformance.run_set("conformance-dns", result.document, tmp_path)
    _only_contradictions(tally)
    assert tally.operations == 33 and tally.calls >= 50
    assert tally.typed >= 40


def test_the_server_refuses_a_bad_signature(seed_spec: dict[str, Any], tmp_path: Path) -> None:
    tally = conformance.run_set("conformance-badkey", seed_spec, tmp_path,
                                secret=conformance.SK[::-1])
    assert tally.failures == {"request refused (signature)": tally.calls}
