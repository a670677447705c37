"""Read an RST page (Sphinx flavour) into a :class:`~generator.page.Page`.

The page is parsed by docutils into a doctree and the doctree is walked; no
regular expression ever looks at the page text. The Sphinx roles and
directives the vendor pages use (``:ref:``, ``code-block``, ``toctree``) are
registered here with plain-docutils stand-ins, so the pages parse without a
Sphinx install and without errors.

Docs are untrusted: file insertion (``include``, ``csv-table :file:``/``:url:``)
and ``raw`` output are disabled, and docutils' own reports become diagnostics
instead of text on stderr or exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docutils import nodes
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from generator.diagnostics import Diagnostic, Level, Source
from generator.page import Cell, Page, Text
from generator.readers.rst_markup import (
    SETTINGS,
    PageAssembler,
    inline_text,
    page_names,
    toctree_entries,
    written_names,
)

_DOCUTILS_LEVELS = {1: Level.INFO, 2: Level.WARNING, 3: Level.ERROR, 4: Level.ERROR}


def read_rst(text: str, path: str, *, fast: bool = True) -> tuple[Page, list[Diagnostic]]:
    """Parse RST ``text`` (the page at ``path``, relative to the docs root).

    With ``fast`` (the default), the page is first offered to :mod:`rst_fast`, which
    reads the constructs API pages are made of to exactly the Page docutils gives, and
    gives the page back to docutils when it meets anything else."""
    if fast:
        from generator.readers.rst_fast import read_fast
        page = read_fast(text, path)
        if page is not None:
            return page, []
    diagnostics: list[Diagnostic] = []

    def observe(message: nodes.system_message) -> None:
        level = _DOCUTILS_LEVELS.get(message["level"], Level.ERROR)
        line = message.get("line") or 1
        body = " ".join(
            p.astext() for p in message.children if isinstance(p, nodes.paragraph)
        )
        diagnostics.append(
            Diagnostic(level, f"rst-{message['type'].lower()}", " ".join(body.split()),
                       Source(path, int(line)))
        )

    document = new_document(path, SETTINGS.copy())
    document.reporter.attach_observer(observe)
    Parser().parse(text, document)
    diagnostics.extend(_unknown_targets(document, path))
    assembler = PageAssembler(path)
    _DoctreeWalker(assembler).walk(document)
    return assembler.page(page_names(document)), diagnostics



def _unknown_targets(document: nodes.document, path: str) -> list[Diagnostic]:
    """A named reference (``name_``) to no target of the page is what docutils' own
    transforms call "Unknown target name": usually a field name whose trailing ``_``
    the author did not escape. Keep the text as written, as a built page shows it."""
    found = []
    for ref in list(document.findall(nodes.reference)):
        if ref.get("refname") and ref["refname"] not in document.nameids:
            found.append(Diagnostic(
                Level.WARNING, "rst-unknown-target",
                f"{ref.rawsource!r} refers to no target of this page (to write a trailing "
                "'_' as text, escape it: '\\_'); read as written", Source(path, _line(ref))))
            ref.replace_self(nodes.Text(ref.rawsource))
    return found


class _DoctreeWalker:
    """Walks a docutils doctree in document order into a :class:`PageAssembler`."""

    def __init__(self, out: PageAssembler) -> None:
        self.out = out

    def walk(self, document: nodes.document) -> None:
        self._walk_children(document, level=0)

    def _walk_children(self, node: nodes.Element, level: int) -> None:
        for child in node.children:
            self._walk(child, level)

    def _walk(self, node: nodes.Node, level: int) -> None:
        if isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            heading = _inline(title).text if title is not None else ""
            # docutils puts a section title on its underline; the heading text is the line above
            line = max(_line(title) - 1, 1) if title is not None else _line(node)
            self.out.section(heading, level + 1, line)
            for child in node.children:
                if not isinstance(child, nodes.title):
                    self._walk(child, level + 1)
        elif isinstance(node, nodes.target):
            if not node.get("refuri") and not node.get("refid"):
                self.out.target(_target_names(node))
        elif isinstance(node, toctree_entries):
            self.out.toctree(node["entries"], _line(node))
        elif isinstance(node, nodes.field_list) and self.out.in_preamble and level == 0:
            for item in node.findall(nodes.field):
                name, body = item.children[0], item.children[1]
                self.out.field(name.astext().strip(), " ".join(body.astext().split()))
        elif isinstance(node, nodes.table):
            self._table(node)
        elif isinstance(node, nodes.literal_block):
            self.out.code(node.get("language", ""), node.astext(), _line(node))
        elif isinstance(node, nodes.paragraph | nodes.line_block):
            in_list = isinstance(node.parent, nodes.list_item)
            self.out.paragraph(_inline(node), _line(node), in_list=in_list)
        elif isinstance(node, nodes.title | nodes.rubric):
            self.out.heading(_inline(node), _line(node))
        elif isinstance(node, nodes.system_message | nodes.comment | nodes.image
                       | nodes.raw | nodes.pending | nodes.substitution_definition):
            return
        elif isinstance(node, nodes.Element):
            # lists, notes, block quotes, containers, figures: their content counts
            self._walk_children(node, level)

    def _table(self, node: nodes.table) -> None:
        title = node.next_node(nodes.title)
        caption = _inline(title).text if title is not None and title.parent is node else ""
        rows: list[tuple[Cell, ...]] = []
        header: tuple[Cell, ...] = ()
        for group in node.findall(nodes.tgroup):
            for part in group.children:
                if not isinstance(part, nodes.thead | nodes.tbody):
                    continue
                for row in part.children:
                    if not isinstance(row, nodes.row):
                        continue
                    cells = tuple(_cell(entry) for entry in row.children
                                  if isinstance(entry, nodes.entry))
                    if isinstance(part, nodes.thead) and not header:
                        header = cells
                    else:
                        rows.append(cells)
            break  # one tgroup per table in practice; nested tables are cell content
        self.out.table(caption, node.get("names", []), header, tuple(rows), _line(node))


def _target_names(node: nodes.target) -> list[str]:
    return written_names(node.rawsource, node.get("names", []))


def _line(node: nodes.Node) -> int:
    """The 1-based line a node starts on. docutils leaves some nodes (tables, entries)
    without one: then the first descendant that has one, else the nearest ancestor's."""
    if isinstance(node, nodes.Element):
        for descendant in node.findall(include_self=True):
            if descendant.line:
                return int(descendant.line)
    parent = node.parent
    while parent is not None:
        if parent.line:
            return int(parent.line)
        parent = parent.parent
    return 1


def _inline(node: nodes.Element) -> Text:
    return inline_text(node.astext(), (node,))


def _cell(entry: nodes.entry) -> Cell:
    lines: list[str] = []
    items: list[Text] = []
    _cell_lines(entry.children, lines, items, depth=0)
    content = _inline(entry)
    return Cell(
        text="\n".join(lines),
        line=_line(entry),
        links=content.links,
        strong=content.strong,
        items=tuple(items),
    )


def _cell_lines(children: Iterable[nodes.Node], lines: list[str], items: list[Text],
                depth: int) -> None:
    for child in children:
        if isinstance(child, nodes.bullet_list | nodes.enumerated_list):
            for item in child.children:
                if not isinstance(item, nodes.list_item):
                    continue
                paragraphs = [c for c in item.children if not isinstance(
                    c, nodes.bullet_list | nodes.enumerated_list)]
                item_text = _inline_all(paragraphs)
                items.append(item_text)
                lines.append("  " * depth + "- " + item_text.text)
                nested = [c for c in item.children if isinstance(
                    c, nodes.bullet_list | nodes.enumerated_list)]
                _cell_lines(nested, lines, items, depth + 1)
        elif isinstance(child, nodes.paragraph | nodes.literal_block | nodes.line_block):
            text = " ".join(child.astext().split())
            if text:
                lines.append("  " * depth + text)
        elif isinstance(child, nodes.system_message | nodes.comment | nodes.target):
            continue
        elif isinstance(child, nodes.Element):
            _cell_lines(child.children, lines, items, depth)


def _inline_all(elements: Sequence[nodes.Node]) -> Text:
    parts = [_inline(e) for e in elements if isinstance(e, nodes.Element)]
    return Text(
        " ".join(p.text for p in parts if p.text),
        tuple(link for p in parts for link in p.links),
        tuple(s for p in parts for s in p.strong),
    )
