"""The Page model: what every reader returns, whatever the syntax.

A reader knows syntax and nothing about APIs; extraction knows APIs and
nothing about syntax. This module is the contract between them. Every element
keeps the 1-based source line it starts on.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A link in running text. ``target`` is an anchor name as written when
    ``internal`` (a ``:ref:`` label, ``href="#..."`` or ``href="other.md#..."``), else
    the URL as written. ``page`` is the page an internal link names, as a path
    relative to the docs root (``""``: this page, or a docs-set-wide label)."""

    text: str
    target: str
    internal: bool
    page: str = ""


@dataclass(frozen=True)
class Text:
    """Inline text: the plain text, its links and its bold spans, in order."""

    text: str
    links: tuple[Link, ...] = ()
    strong: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    """A table cell. ``text`` is the whole cell (paragraphs on their own lines,
    list items as ``- item`` lines); ``items`` are the list items alone."""

    text: str
    line: int
    links: tuple[Link, ...] = ()
    strong: tuple[str, ...] = ()
    items: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (or a list item's paragraph); ``anchors`` are the labels that
    stand right before it or in it, where a link to them lands."""

    content: Text
    line: int
    in_list: bool = False
    anchors: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.content.text


@dataclass(frozen=True)
class Table:
    """A table: its caption, the anchors that point at it, a header row and body rows."""

    caption: str
    anchors: tuple[str, ...]
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    line: int


@dataclass(frozen=True)
class CodeBlock:
    language: str
    text: str
    line: int


Block = Paragraph | Table | CodeBlock


@dataclass(frozen=True)
class TocEntry:
    """An entry of a page's table of contents: a ``toctree`` line, or a list item that
    is one link to another page (``-   [云硬盘](云硬盘.md)``) or one bracketed label
    (``-   [API v2]``). ``depth`` is the list's nesting (0 for the outermost);
    ``page`` the docs-root-relative path of the page it names, ``""`` for a label;
    ``title`` the entry's text (``""`` where the entry names the page only)."""

    depth: int
    title: str
    page: str
    line: int


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it, up to the next heading of any level."""

    heading: str
    level: int
    line: int
    anchors: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(frozen=True)
class Page:
    """One doc page. ``sections[0]`` is the page title's own section (level 1)."""

    path: str
    title: str
    line: int
    anchors: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict, hash=False)
    sections: tuple[Section, ...] = ()
    # every anchor name defined anywhere on the page (before a paragraph or a list item
    # too), for checking links
    names: frozenset[str] = frozenset()
    # the page's table of contents, in order (an index page's)
    toc: tuple[TocEntry, ...] = ()

    def all_tables(self) -> tuple[tuple[Section, Table], ...]:
        """Every table of the page, with its section. Made once per Page: extraction
        asks for it for every link it resolves."""
        found: tuple[tuple[Section, Table], ...] | None = self.__dict__.get("_all_tables")
        if found is None:
            found = tuple((s, t) for s in self.sections for t in s.tables())
            object.__setattr__(self, "_all_tables", found)  # frozen: a cache, not state
        return found


def normalise_anchor(name: str) -> str:
    """Anchor names compare like Sphinx labels: case-insensitive, spaces folded."""
    return " ".join(name.split()).lower()


def link_page(href_path: str, from_page: str) -> str:
    """The docs-root-relative path a relative link (``../a/b.md``) from the page at
    ``from_page`` names, POSIX style; ``""`` for an empty link path."""
    if not href_path:
        return ""
    base = posixpath.dirname(from_page)
    return posixpath.normpath(posixpath.join(base, href_path)).lstrip("/")
