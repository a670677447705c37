"""A whole docs set → its operations: the extraction entry point.

Pages are read on their own, but a page's links may land on any page of the set,
so extraction works on all of them at once, through one :class:`DocsIndex`. A page
that fails gives an ``internal-error`` diagnostic and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from generator.diagnostics import Diagnostic, Diagnostics, Level, Source
from generator.extract.fields import SchemaBuilder
from generator.extract.index import DocsIndex, Landing, Query
from generator.extract.labels import Labels, TableRole
from generator.extract.operation import PageExtraction, extract_page, page_labels
from generator.extract.table import columns_of
from generator.ir import Operation, Schema
from generator.page import Page


@dataclass(frozen=True)
class Extraction:
    """The operations of a docs set, by page path, and what was noticed on the way."""

    pages: dict[str, PageExtraction]

    @property
    def operations(self) -> list[Operation]:
        return [op for result in self.pages.values() for op in result.operations]

    @property
    def structures(self) -> list[Schema]:
        return [schema for result in self.pages.values() for schema in result.structures]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        seen: dict[Diagnostic, None] = {}
        for result in self.pages.values():
            seen.update(dict.fromkeys(result.diagnostics))
        return list(seen)


# tables that document an operation's parameters, not an object
_PARAMETER_ROLES = frozenset({TableRole.PATH, TableRole.QUERY, TableRole.HEADER, TableRole.URI,
                              TableRole.RESPONSE_HEADER})


class _LabelsCache:
    def __init__(self) -> None:
        self.by_path: dict[str, Labels] = {}

    def __call__(self, page: Page) -> Labels:
        labels = self.by_path.get(page.path)
        if labels is None:
            labels = self.by_path[page.path] = page_labels(page)
        return labels


class ExtractionMemo(Protocol):
    """What earlier runs extracted (the build cache's side of :func:`extract_docset`).

    ``context`` stands for the page's tag; ``reached`` are the other pages the page's
    links landed on, ``resolved`` where each link it resolved landed. An extraction may
    be recalled while the page, its context and every page it reached are unchanged;
    it is used while its links still land where they did."""

    def recall(self, path: str, context: str
               ) -> tuple[PageExtraction, Mapping[Query, Landing]] | None: ...

    def remember(self, path: str, context: str, extraction: PageExtraction,
                 reached: frozenset[str], resolved: Mapping[Query, Landing]) -> None: ...


def extract_docset(pages: Sequence[tuple[Page, str]],
                   memo: ExtractionMemo | None = None) -> Extraction:
    """Every operation the pages document; each page comes with its tag. With a
    ``memo``, a page whose extraction it recalls is not extracted again."""
    index = DocsIndex(page for page, _ in pages)
    labels_of = _LabelsCache()
    results: dict[str, PageExtraction] = {}
    for page, tag in pages:
        recalled = memo.recall(page.path, tag) if memo is not None else None
        if recalled is not None and index.agrees(recalled[1]):
            results[page.path] = recalled[0]
            continue
        index.reached, index.resolved = set(), {}
        try:
            results[page.path] = extract_page(page, tag, index, labels_of)
        except Exception as exc:  # a crash is a bug, but it must not cost the other pages
            results[page.path] = PageExtraction((), (Diagnostic(
                Level.ERROR, "internal-error",
                f"the tool failed on this page: {type(exc).__name__}: {exc}",
                Source(page.path, 1)),))
            continue
        if memo is not None:
            memo.remember(page.path, tag, results[page.path],
                          frozenset(index.reached - {page.path}), dict(index.resolved))
    _data_structures(pages, results, index, labels_of)
    return Extraction(results)


def _data_structures(pages: Iterable[tuple[Page, str]], results: dict[str, PageExtraction],
                     index: DocsIndex, labels_of: _LabelsCache) -> None:
    """A page that documents no operation may still define objects (an appendix of data
    structures) that no operation links to: each such table with a Type column becomes a
    schema of its own. Its header and URI parameter tables (a guide's example) and its
    untyped tables (a list of endpoints) say nothing of an object; a note says they are
    left out, so that no row is left out without a word."""
    used = {schema.source for result in results.values() for op in result.operations
            for schema in op.schemas}
    for page, _ in pages:
        result = results[page.path]
        if result.operations:
            continue
        labels = labels_of(page)
        unused = [t for _, t in page.all_tables() if columns_of(labels, t) is not None
                  and Source(page.path, t.line) not in used]
        if not unused:
            continue
        notes = Diagnostics()
        builder = SchemaBuilder(page, index, labels_of, notes)
        skipped = []
        for table in unused:
            role = labels.read_caption(index.label_of(table)).role
            columns = columns_of(labels, table)
            # an object's table types its fields; a guide's (endpoints, common headers)
            # lists names and words
            if role in _PARAMETER_ROLES or columns is None or columns.type is None:
                skipped.append(table)
            else:
                builder.schema(table, labels.object_name(page.title) or page.title)
        for table in skipped:
            notes.info("no-operation-tables",
                       f"the parameter table {index.label_of(table)!r} is on a page that "
                       "documents no operation (no request line under a URI heading); its "
                       "rows are left out", Source(page.path, table.line))
        structures = tuple(sorted(builder.schemas.values(), key=lambda s: s.source))
        if structures:
            notes.info("data-structures",
                       f"{len(structures)} table(s) that no operation links to are written as "
                       "schemas of their own", Source(page.path, page.line))
        results[page.path] = PageExtraction(result.operations,
                                            result.diagnostics + tuple(notes),
                                            result.used_pages | builder.used_pages, structures)
