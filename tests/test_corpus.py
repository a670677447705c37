"""The whole ModelArts RST reference (../shared/corpus): one operation per API page."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

from generator.build import BuildResult
from generator.extract.types import parse_type
from generator.readers import read_page
from tests.conftest import corpus_path


def _api_pages(root: Path) -> set[str]:
    """The oracle, independent of the tool: a page with a "URI" heading documents an API."""
    pages = set()
    for path in root.rglob("*.rst"):
        lines = path.read_text(encoding="utf-8").splitlines()
        if any(a.strip() == "URI" and b.startswith("---") for a, b in itertools.pairwise(lines)):
            pages.add(path.relative_to(root).as_posix())
    return pages


def test_every_api_page_gives_exactly_one_operation(corpus_build: BuildResult) -> None:
    root = corpus_path("otc-modelarts-rst")
    api_pages = _api_pages(root)
    assert len(api_pages) == 222
    sources = Counter(op.source.path for op in corpus_build.api.operations)
    assert set(sources) == api_pages
    assert set(sources.values()) == {1}
    non_api = {p.relative_to(root).as_posix() for p in root.rglob("*.rst")} - api_pages
    assert {"index.rst", "api_overview.rst"} <= non_api
    assert any(p.startswith("appendix/") for p in non_api)


def test_the_whole_reference_is_one_valid_spec(corpus_build: BuildResult) -> None:
    assert corpus_build.spec_errors == []
    assert corpus_build.document is not None
    operations = [op for item in corpus_build.document["paths"].values() for op in item.values()]
    assert len(operations) == 222
    ids = [op["operationId"] for op in operations]
    assert len(set(ids)) == 222


def test_no_unknown_type_and_no_page_fails(corpus_build: BuildResult) -> None:
    codes = Counter(d.code for d in corpus_build.diagnostics)
    for code in ("unknown-type", "missing-type", "internal-error", "no-request-line",
                 "duplicate-operation", "duplicate-operation-id"):
        assert codes[code] == 0, [str(d) for d in corpus_build.diagnostics if d.code == code]
    assert not [d for d in corpus_build.diagnostics if d.code.startswith("rst-")]


def test_every_type_spelling_in_field_tables_parses() -> None:
    root = corpus_path("otc-modelarts-rst")
    spellings: Counter[str] = Counter()
    for path in sorted(root.rglob("*.rst")):
        page, _ = read_page(path.read_bytes(), path.name)
        assert page is not None
        for _, table in page.all_tables():
            header = [c.text for c in table.header]
            if header[:1] == ["Parameter"] and "Type" in header:
                column = header.index("Type")
                spellings.update(" ".join(row[column].text.split()) for row in table.rows
                                 if column < len(row) and row[column].text.strip())
    assert len(spellings) > 300
    unknown = sorted(s for s in spellings if parse_type(s) is None)
    assert unknown == []


def test_nested_objects_are_linked_by_ref_and_by_see_table(corpus_build: BuildResult) -> None:
    schemas = corpus_build.api.schemas()
    bound = [f for s in schemas.values() for f in s.fields if f.type.object_leaf() is not None
             and (leaf := f.type.object_leaf()) is not None and leaf.schema is not None]
    via_description = [f for f in bound if ":ref:" not in f.type_text
                       and not f.type_text.endswith(("object", "objects"))]
    assert len(bound) > 1000
    assert len(via_description) > 20  # "Object" + "For details, see Table N"
