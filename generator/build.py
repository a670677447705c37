"""The pipeline: page files → Pages → Operations → OpenAPI document → checks.

Each page is read and extracted on its own; a page that fails gives
diagnostics and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.diagnostics import Diagnostic, Diagnostics, Level, Source
from generator.emit.openapi import Server, emit_openapi
from generator.extract import extract_operation
from generator.ir import Api, Operation
from generator.page import Page
from generator.readers import read_page
from generator.validate import ExampleCheck, check_examples, report_examples, spec_errors


@dataclass
class BuildResult:
    """What one build produced: the document (None when it is not valid OpenAPI)."""

    document: dict[str, Any] | None
    api: Api
    pages: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    spec_errors: list[str] = field(default_factory=list)
    examples: list[ExampleCheck] = field(default_factory=list)
    read: list[Page] = field(default_factory=list)  # the pages, for checks across pages

    def count(self, level: Level) -> int:
        return sum(1 for d in self.diagnostics if d.level == level)


def discover(docs_dir: Path, include: Iterable[str]) -> list[str]:
    """The page files under ``docs_dir`` matching the globs, as sorted POSIX paths."""
    found = {
        path.relative_to(docs_dir).as_posix()
        for pattern in include
        for path in docs_dir.glob(pattern)
        if path.is_file()
    }
    return sorted(found)


def read_files(docs_dir: Path, include: Iterable[str]) -> dict[str, bytes]:
    return {rel: (docs_dir / rel).read_bytes() for rel in discover(docs_dir, include)}


def tag_of(path: str, default: str) -> str:
    """An operation's tag: the folder its page is in (``default`` at the root)."""
    parent = PurePosixPath(path).parent
    return parent.name if parent.name else default


def extract_all(files: Mapping[str, bytes], default_tag: str,
                ) -> tuple[list[Operation], Diagnostics, list[Page]]:
    """Read and extract every page; a page that fails never stops the others."""
    operations: list[Operation] = []
    diagnostics = Diagnostics()
    pages: list[Page] = []
    for path in sorted(files):
        try:
            page, read_diagnostics = read_page(files[path], path)
            diagnostics.extend(read_diagnostics)
            if page is None:
                continue
            pages.append(page)
            operation, found = extract_operation(page, tag_of(path, default_tag))
            diagnostics.extend(found)
            if operation is not None:
                operations.append(operation)
        except Exception as exc:
            diagnostics.error("internal-error",
                              f"the tool failed on this page: {type(exc).__name__}: {exc}",
                              Source(path, 1))
    return operations, diagnostics, pages


def build_files(files: Mapping[str, bytes], *, title: str, version: str = "1.0.0",
                servers: Iterable[Server] = (), default_tag: str = "default") -> BuildResult:
    """Build a spec from page contents keyed by their path relative to the docs root."""
    operations, diagnostics, pages = extract_all(files, default_tag)
    api = Api(title, version, tuple(operations))
    document, emitted = emit_openapi(api, servers)
    diagnostics.extend(emitted)
    errors = spec_errors(document)
    examples = check_examples(document) if not errors else []
    report_examples(examples, diagnostics)
    return BuildResult(
        document=None if errors else document,
        api=api,
        pages=len(files),
        diagnostics=sorted(diagnostics, key=Diagnostic.sort_key),
        spec_errors=errors,
        examples=examples,
        read=pages,
    )


def build_dir(docs_dir: Path, include: Iterable[str], *, title: str, version: str = "1.0.0",
              servers: Iterable[Server] = ()) -> BuildResult:
    """Build a spec from the pages under ``docs_dir``."""
    return build_files(read_files(docs_dir, include), title=title, version=version,
                       servers=servers, default_tag=docs_dir.resolve().name)
