"""What both RST readers share: the Sphinx markup they accept, docutils' settings for
untrusted pages, and the :class:`PageAssembler` that turns what a page holds into a Page.

:mod:`~generator.readers.rst` (docutils' doctree) and :mod:`~generator.readers.rst_fast`
(the grid reader) both import this module and neither imports the other's internals, so
that what a page means is decided once, whichever parser read its syntax.
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
INTERNAL_TARGET = "internal_target"
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
    node[INTERNAL_TARGET] = target
    return [node], []


class CodeBlockDirective(Directive):
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


class IgnoredDirective(Directive):
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
        directives.register_directive(name, CodeBlockDirective)
    directives.register_directive("toctree", IgnoredDirective)


_register_sphinx_markup()

SETTINGS = get_default_settings(Parser)
# Untrusted input: no file or URL is ever read, no raw HTML/LaTeX passes through.
SETTINGS.file_insertion_enabled = False
SETTINGS.raw_enabled = False
# Reports go to the diagnostics list (an observer), never to stderr or an exception.
SETTINGS.report_level = 5
SETTINGS.halt_level = 5
SETTINGS.warning_stream = None
SETTINGS.tab_width = 8
SETTINGS.line_length_limit = 100_000


def page_names(document: nodes.document) -> frozenset[str]:
    """Every name the page defines (section titles, labels), as anchors compare."""
    return frozenset(normalise_anchor(n) for n in document.nameids)


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


def written_names(rawsource: str, names: Sequence[str]) -> list[str]:
    """A label as written (``.. _ExportTask:``); docutils keeps only a lowercased name."""
    raw = rawsource.strip()
    if raw.startswith(".. _") and raw.endswith(":") and len(names) == 1:
        written = raw[4:-1].strip().strip("`")
        if normalise_anchor(written) == normalise_anchor(names[0]):
            return [written]
    return list(names)


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
            if ref.get(INTERNAL_TARGET):
                links.append(Link(ref_text, ref[INTERNAL_TARGET], internal=True))
            elif ref.get("refuri"):
                links.append(Link(ref_text, ref["refuri"], internal=False))
        for bold in root.findall(nodes.strong):
            strong.append(" ".join(bold.astext().split()))
    return Text(" ".join(text.split()), tuple(links), tuple(strong))
