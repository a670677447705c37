"""A doc-quality report for the people who write the docs.

What the build notices about the docs (unknown types, examples that contradict
their tables, fields documented twice, tables without a Type column, option values
used in examples but not documented) plus what only shows across pages: links to
anchors or files no page has, and anchors defined twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote

from generator.build import BuildResult
from generator.diagnostics import Diagnostic, Level, Source
from generator.extract.index import DocsIndex
from generator.page import Cell, Link, Page, Paragraph, Table, link_page, normalise_anchor

# the build's diagnostics that speak of the docs themselves (not of the tool's choices)
DOC_CODES = frozenset({
    "unknown-type", "missing-type", "example-mismatch", "example-undocumented-value",
    "example-not-json", "duplicate-field", "duplicate-parameter", "no-type-column",
    "unlinked-table", "unresolved-object", "duplicate-anchor", "unknown-mandatory",
    "no-request-line", "undocumented-path-parameter", "path-parameter-not-in-path",
    "duplicate-operation-id", "not-utf8", "binary-file", "contradictory-default",
    "unreached-table", "unnamed-row", "short-row", "table-under-scalar",
    "no-operation-tables", "empty-file", "page-too-large", "large-page",
    "undocumented-example-field", "constraint-against-example", "colliding-keys",
    # a link that misses the table the page's reader sees (read as that table, but
    # the link is still wrong in the docs)
    "own-table-by-number", "own-copy", "own-table-by-name", "copy-by-side",
    "orphan-by-words",
})


def lint(result: BuildResult) -> list[Diagnostic]:
    found = [d for d in result.diagnostics if d.code in DOC_CODES or d.code.startswith("rst-")]
    found += _links_and_anchors(result.read)
    return sorted(found, key=Diagnostic.sort_key)


def _anchors(page: Page) -> Iterable[tuple[str, int]]:
    """Anchors with their lines (for duplicates), then every other name on the page."""
    yield from ((a, page.line) for a in page.anchors)
    for section in page.sections:
        yield from ((a, section.line) for a in section.anchors)
        for table in section.tables():
            yield from ((a, table.line) for a in table.anchors)
    yield from ((name, 0) for name in sorted(page.names))


def _links(page: Page) -> Iterable[tuple[Link, int]]:
    for section in page.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                yield from ((link, block.line) for link in block.content.links)
            elif isinstance(block, Table):
                for row in (block.header, *block.rows):
                    for cell in row:
                        yield from _cell_links(cell)


def _cell_links(cell: Cell) -> Iterable[tuple[Link, int]]:
    return ((link, cell.line) for link in cell.links)


def _links_and_anchors(pages: list[Page]) -> list[Diagnostic]:
    """Dangling links and labels defined twice. A link lands where extraction's
    :class:`DocsIndex` says (an RST ``:ref:`` anywhere in the set, an HTML/Markdown
    ``#x`` on its page, ``other.md#x`` on that page), or on any name its page defines
    (an id inside a table cell)."""
    found: list[Diagnostic] = []
    everywhere: dict[str, Source] = {}
    for page in pages:
        own: set[str] = set()
        for anchor, line in _anchors(page):
            key = normalise_anchor(anchor)
            if key in own:
                continue  # one element may carry one name twice (an id and a name)
            own.add(key)
            if line and page.path.endswith(".rst") and key in everywhere:
                found.append(Diagnostic(Level.WARNING, "duplicate-anchor",
                                        f"label {anchor!r} is also defined at {everywhere[key]}",
                                        Source(page.path, line)))
            everywhere.setdefault(key, Source(page.path, line))
    index = DocsIndex(pages)
    for page in pages:
        for link, line in _links(page):
            if link.internal:
                target = index.pages.get(link.page or page.path)
                if link.page and target is None:
                    found.append(Diagnostic(Level.WARNING, "unresolved-link",
                                            f"link {link.text!r} points to the file "
                                            f"'{link.page}#{link.target}', which is not in "
                                            "this docs set", Source(page.path, line)))
                elif index.resolve(page, link) is None and (
                        target is None or normalise_anchor(link.target) not in target.names):
                    found.append(Diagnostic(Level.WARNING, "unresolved-link",
                                            f"link {link.text!r} points to {link.target!r}, "
                                            "which no page defines", Source(page.path, line)))
            elif _is_local_file(link.target) and link_page(
                    unquote(link.target), page.path) not in index.pages:
                found.append(Diagnostic(Level.WARNING, "unresolved-link",
                                        f"link {link.text!r} points to the file "
                                        f"{unquote(link.target)!r}, which is not in this docs "
                                        "set", Source(page.path, line)))
    return found


def _is_local_file(target: str) -> bool:
    return "://" not in target and not target.startswith(("mailto:", "#")) and bool(
        PurePosixPath(target.split("#", 1)[0]).suffix in (".md", ".html", ".htm", ".rst"))


def render_text(found: list[Diagnostic], docs: str) -> str:
    lines = [f"{docs.rstrip('/')}/{d.source.path}:{d.source.line}: {d.level} {d.code}: "
             f"{d.message}" for d in found]
    counts: dict[str, int] = {}
    for d in found:
        counts[d.code] = counts.get(d.code, 0) + 1
    summary = ", ".join(f"{n} {code}" for code, n in sorted(counts.items())) or "no findings"
    return "\n".join([*lines, summary]) + "\n"


def render_json(found: list[Diagnostic], docs: str) -> str:
    return json.dumps([{"file": d.source.path, "line": d.source.line, "level": str(d.level),
                        "code": d.code, "message": d.message} for d in found],
                      indent=2, ensure_ascii=False) + "\n"
