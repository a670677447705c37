"""Shared fixtures: the project's seed docs, the shared corpus, and built specs."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.build import BuildResult, build_dir
from generator.config import load_services
from generator.extract import extract_docset
from generator.ir import Operation
from generator.readers import read_page

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "docs_src" / "modelarts"
CORPUS = PROJECT.parent / "shared" / "corpus"
OTC_RST = CORPUS / "otc-modelarts-rst"
SPECS = PROJECT / "tests" / "specs"  # hand-written specs in forms the emitter may give


def generated_modelarts() -> ModuleType:
    """The committed generated ModelArts client package (generated/python/modelarts): the
    code users get."""
    root = PROJECT / "generated" / "python" / "modelarts"
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module("modelarts")
    finally:
        sys.path.remove(str(root))


@pytest.fixture(scope="session")
def modelarts() -> ModuleType:
    return generated_modelarts()


def corpus_path(*parts: str) -> Path:
    """A path in ../shared/corpus, or a skip when this clone has none beside it."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"the shared corpus is not beside this checkout ({path} is absent)")
    return path


@pytest.fixture(scope="session")
def seed_build() -> BuildResult:
    service = next(s for s in load_services(PROJECT) if s.name == "modelarts")
    return build_dir(service.source, service.include, title=service.spec_title,
                     version=service.version, servers=service.servers)


@pytest.fixture(scope="session")
def seed_spec(seed_build: BuildResult) -> dict[str, Any]:
    assert seed_build.document is not None, seed_build.spec_errors
    return seed_build.document


@pytest.fixture(scope="session")
def corpus_build() -> BuildResult:
    return build_dir(corpus_path("otc-modelarts-rst"), ["**/*.rst"], title="ModelArts")


def operation_of(path: Path) -> Operation:
    """The (first) operation one page documents, read and extracted on its own."""
    page, _ = read_page(path.read_bytes(), path.name)
    assert page is not None
    operations = extract_docset([(page, "t")]).operations
    assert operations, f"{path} gives no operation"
    return operations[0]
