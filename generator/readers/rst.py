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

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from docutils import nodes, utils
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, Parser, directives, roles
from docutils.utils import new_document

from generator.diagnostics import Diagnostic, Level, Source
from generator.page import (
    Block,
    Cell,
    CodeBlock,
    Link,
    Page,
    Paragraph,
    Section,
    Table,
    Text,
    TocEntry,
    normalise_anchor,
)

# `:ref:` content is `Title <target>` or just `target`: this splits the role's own
# argument (what docutils hands the role function), not page text.
_EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)
_INTERNAL_TARGET = "internal_target"
# a toctree entry that gives its own title: ``Disk Management <disk/index>``
_TITLED_ENTRY = re.compile(r"^(.*\S)\s*<([^<>]+)>$")


def _ref_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """Sphinx's ``:ref:``: a reference to a label anywhere in the docs."""
    text = utils.unescape(text)
    match = _EXPLICIT_TITLE.match(text)
    title, target = (match.group(1), match.group(2)) if match else (text, text)
    node = nodes.reference(rawtext, title)
    node[_INTERNAL_TARGET] = target
    return [node], []


class _CodeBlockDirective(Directive):
    """Sphinx's ``code-block``: a literal block, never highlighted or executed."""

    optional_arguments = 1
    final_argument_whitespace = False
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "linenos": directives.flag,
        "lineno-start": directives.unchanged,
        "emphasize-lines": directives.unchanged,
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "class": directives.unchanged,
        "dedent": directives.unchanged,
        "force": directives.flag,
        "language": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        node = nodes.literal_block("\n".join(self.content), "\n".join(self.content))
        node["language"] = self.arguments[0] if self.arguments else ""
        node.line = self.content_offset + 1
        return [node]


class toctree_entries(nodes.General, nodes.Invisible, nodes.Element):
    """The entries of a ``toctree`` (docutils node classes are lower case)."""


class _IgnoredDirective(Directive):
    """Sphinx's navigation directives (``toctree``): no API content, but their entries
    are the page's table of contents."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "maxdepth": directives.unchanged,
        "hidden": directives.flag,
        "caption": directives.unchanged,
        "glob": directives.flag,
        "titlesonly": directives.flag,
        "numbered": directives.unchanged,
        "name": directives.unchanged,
        "includehidden": directives.flag,
        "reversed": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        node = toctree_entries()
        node["entries"] = list(self.content)
        node.line = self.content_offset + 1
        return [node]


def _register_sphinx_markup() -> None:
    roles.register_local_role("ref", _ref_role)  # type: ignore[arg-type]
    for name in ("code-block", "sourcecode", "code"):
        directives.register_directive(name, _CodeBlockDirective)
    directives.register_directive("toctree", _IgnoredDirective)


_register_sphinx_markup()

_SETTINGS = get_default_settings(Parser)
# Untrusted input: no file or URL is ever read, no raw HTML/LaTeX passes through.
_SETTINGS.file_insertion_enabled = False
_SETTINGS.raw_enabled = False
# Reports go to the diagnostics list (an observer), never to stderr or an exception.
_SETTINGS.report_level = 5
_SETTINGS.halt_level = 5
_SETTINGS.warning_stream = None
_SETTINGS.tab_width = 8
_SETTINGS.line_length_limit = 100_000

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

    document = new_document(path, _SETTINGS.copy())
    document.reporter.attach_observer(observe)
    Parser().parse(text, document)
    diagnostics.extend(_unknown_targets(document, path))
    assembler = PageAssembler(path)
    _DoctreeWalker(assembler).walk(document)
    return assembler.page(page_names(document)), diagnostics


def page_names(document: nodes.document) -> frozenset[str]:
    """Every name the page defines (section titles, labels), as anchors compare."""
    return frozenset(normalise_anchor(n) for n in document.nameids)


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


@dataclass
class _SectionDraft:
    heading: str
    level: int
    line: int
    anchors: list[str]
    blocks: list[Block] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(self.heading, self.level, self.line, tuple(self.anchors), tuple(self.blocks))


class PageAssembler:
    """Turns what an RST page holds, in document order, into a Page: nested sections
    flattened into a list, and each ``.. _label:`` target anchoring the next table or
    section that follows it, which is where Sphinx points a ``:ref:`` to it.

    Both readers of RST feed it (the doctree walker below and :mod:`rst_fast`), so what
    a page means is decided here once, whichever parser read the syntax.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.metadata: dict[str, str] = {}
        self.sections: list[_SectionDraft] = []
        self.pending_anchors: list[str] = []
        self.current = _SectionDraft("", 0, 1, [])
        self.toc: list[TocEntry] = []

    def page(self, names: frozenset[str]) -> Page:
        self._close_section()
        titled = [s for s in self.sections if s.level > 0]
        title = titled[0] if titled else None
        preamble = [s for s in self.sections if s.level == 0 and s.blocks]
        return Page(
            path=self.path,
            title=title.heading if title else "",
            line=title.line if title else 1,
            anchors=tuple(title.anchors) if title else (),
            metadata=self.metadata,
            sections=tuple(s.freeze() for s in preamble + titled),
            names=names,
            toc=tuple(self.toc),
        )

    @property
    def in_preamble(self) -> bool:
        """Before the first section: where a field list is the page's metadata."""
        return not self.sections

    def section(self, heading: str, level: int, line: int) -> None:
        """A section starts (``level`` 1 for the page title); it takes pending anchors."""
        self._close_section()
        anchors, self.pending_anchors = self.pending_anchors, []
        self.current = _SectionDraft(heading, level, line, anchors)

    def target(self, names: Iterable[str]) -> None:
        self.pending_anchors.extend(names)

    def field(self, name: str, value: str) -> None:
        self.metadata[name] = value

    def toctree(self, entries: Iterable[str], line: int) -> None:
        """A ``toctree``'s entries (``disk_management/index``, ``Title <page>``): the
        pages they name, relative to this page, as entries of its table of contents."""
        folder = posixpath.dirname(self.path)
        extension = posixpath.splitext(self.path)[1] or ".rst"
        for offset, entry in enumerate(entries):
            text = entry.strip()
            if not text or text.startswith(":") or "*" in text:
                continue  # an option line, or a glob: no page named
            titled = _TITLED_ENTRY.match(text)
            title, target = (titled.group(1).strip(), titled.group(2)) if titled else ("", text)
            if "://" in target or target == "self":
                continue
            name = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            self.toc.append(TocEntry(0, title, name + extension, line + offset))

    def table(self, caption: str, names: Iterable[str], header: tuple[Cell, ...],
              rows: tuple[tuple[Cell, ...], ...], line: int) -> None:
        anchors, self.pending_anchors = self.pending_anchors + list(names), []
        self._add(Table(caption, tuple(anchors), header, rows, line))

    def code(self, language: str, text: str, line: int) -> None:
        self.pending_anchors = []
        self._add(CodeBlock(language, text, line))

    def paragraph(self, content: Text, line: int, in_list: bool = False) -> None:
        """A paragraph; it takes the pending anchors (a label before a list item that
        introduces a table lands on it)."""
        anchors, self.pending_anchors = self.pending_anchors, []
        self._add(Paragraph(content, line, in_list=in_list, anchors=tuple(anchors)))

    def heading(self, content: Text, line: int) -> None:
        """A title or rubric that heads no section; it takes the pending anchors too."""
        anchors, self.pending_anchors = self.pending_anchors, []
        self._add(Paragraph(content, line, anchors=tuple(anchors)))

    def _close_section(self) -> None:
        if self.current.level > 0 or self.current.blocks:
            self.sections.append(self.current)

    def _add(self, block: Block) -> None:
        self.current.blocks.append(block)


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


def written_names(rawsource: str, names: Sequence[str]) -> list[str]:
    """A label as written (``.. _ExportTask:``); docutils keeps only a lowercased name."""
    raw = rawsource.strip()
    if raw.startswith(".. _") and raw.endswith(":") and len(names) == 1:
        written = raw[4:-1].strip().strip("`")
        if normalise_anchor(written) == normalise_anchor(names[0]):
            return [written]
    return list(names)


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


def inline_text(text: str, roots: Iterable[nodes.Node]) -> Text:
    """Inline text: ``text`` with whitespace folded, and the links and bold spans found
    in ``roots`` (the nodes that hold it), in document order."""
    links: list[Link] = []
    strong: list[str] = []
    for root in roots:
        if not isinstance(root, nodes.Element):
            continue
        for ref in root.findall(nodes.reference):
            ref_text = " ".join(ref.astext().split())
            if ref.get(_INTERNAL_TARGET):
                links.append(Link(ref_text, ref[_INTERNAL_TARGET], internal=True))
            elif ref.get("refuri"):
                links.append(Link(ref_text, ref["refuri"], internal=False))
        for bold in root.findall(nodes.strong):
            strong.append(" ".join(bold.astext().split()))
    return Text(" ".join(text.split()), tuple(links), tuple(strong))


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
