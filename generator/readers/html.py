"""Read HTML pages (and the HTML blocks of Markdown pages) into a Page.

lxml parses the HTML (a real parser with error recovery and source lines; no
regular expression looks at tags). Docs are untrusted: the parser never touches
the network, drops comments and processing instructions, and HTML parsing
expands no DTD entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html

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
    link_page,
    normalise_anchor,
)

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIPPED = {"script", "style", "head", "title", "meta", "link", "noscript", "template",
            "iframe", "object", "embed", "svg", "math"}
_LISTS = {"ul", "ol"}
_BLOCKS = {"p", "li", "dt", "dd", "blockquote", "caption"}


def html_parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                huge_tree=False, recover=True, encoding="utf-8")


def read_html(text: str, path: str) -> tuple[Page, list[Diagnostic]]:
    """Parse an HTML page (the document, or a fragment of one)."""
    builder = PageBuilder(path)
    diagnostics: list[Diagnostic] = []
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=html_parser())
    except (lxml.etree.ParserError, ValueError) as exc:
        diagnostics.append(Diagnostic(Level.ERROR, "html-error", f"the HTML does not parse: "
                                      f"{exc}", Source(path, 1)))
        return builder.page(), diagnostics
    body = root.find("body")
    builder.walk(body if body is not None else root, line_offset=0)
    builder.names.update(a for node in root.iter() if isinstance(node.tag, str)
                         for a in anchors_of(node))
    return builder.page(), diagnostics


def _text(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _line(node: lxml.html.HtmlElement, offset: int) -> int:
    return (node.sourceline or 1) + offset


def href_link(text: str, href: str, from_page: str) -> Link:
    """A link as the page wrote it: ``#x`` and ``other.md#x`` are internal (to an anchor
    of this page or of another page of the docs set), anything else is a URL."""
    path, hash_, fragment = href.partition("#")
    if hash_ and fragment and not urlsplit(path).scheme and not path.startswith("//"):
        return Link(text, unquote(fragment), True, link_page(unquote(path), from_page))
    return Link(text, href, False)


def linked_page(href: str, from_page: str) -> str:
    """The docs-root-relative page a relative link names (``概述.md``,
    ``../a/b.html#x``), or ``""`` for a URL or a link within the page."""
    path = href.partition("#")[0].partition("?")[0]
    parts = urlsplit(path)
    if not path or parts.scheme or parts.netloc or path.startswith("/"):
        return ""
    return link_page(unquote(path), from_page)


def toc_entry(content: Text, depth: int, line: int, from_page: str) -> TocEntry | None:
    """A list item that is one link to another page, or one bracketed label
    (``[API v2]``, a group with no page of its own): an entry of a table of contents."""
    text = content.text.strip()
    if not text:
        return None
    if not content.links:
        label = _BRACKETED.match(text)
        return TocEntry(depth, label.group(1).strip(), "", line) if label else None
    if len(content.links) != 1 or content.links[0].text.strip() != text:
        return None
    link = content.links[0]
    target = link.page if link.internal else linked_page(link.target, from_page)
    if not target or target == from_page:
        return None
    return TocEntry(depth, text, target, line)


_BRACKETED = re.compile(r"^\[([^\[\]]+)\]$")


def inline(node: lxml.html.HtmlElement, page: str) -> Text:
    """A node's text with its links and bold spans; ``page`` is the page's path, which
    relative links are resolved against."""
    links = []
    for anchor in node.iter("a"):
        href = anchor.get("href")
        if href:
            links.append(href_link(_text(anchor), href, page))
    strong = [_text(b) for b in node.iter("strong", "b") if _text(b)]
    return Text(_text(node), tuple(links), tuple(strong))


def anchors_of(node: lxml.html.HtmlElement) -> list[str]:
    """``<a name="x">`` and ``id`` attributes: the names a ``#x`` link may target."""
    names = [value for value in (node.get("name") if node.tag == "a" else None, node.get("id"))
             if value]
    return names


@dataclass
class _SectionDraft:
    heading: str
    level: int
    line: int
    anchors: list[str]
    blocks: list[Block] = field(default_factory=list)


class PageBuilder:
    """Collects sections and blocks in document order, from one tree or from several
    fragments (a Markdown page's HTML blocks), each with its line offset."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.sections: list[_SectionDraft] = [_SectionDraft("", 0, 1, [])]
        self.pending_anchors: list[str] = []
        self.caption: str | None = None
        self.names: set[str] = set()
        self.toc: list[TocEntry] = []

    # --- the Page --------------------------------------------------------------------------
    def page(self) -> Page:
        titled = [s for s in self.sections if s.level > 0]
        top = min((s.level for s in titled), default=1)
        title = next((s for s in titled if s.level == top), None)
        kept = [s for s in self.sections if s.level > 0 or s.blocks]
        return Page(
            path=self.path,
            title=title.heading if title else "",
            line=title.line if title else 1,
            anchors=tuple(title.anchors) if title else (),
            sections=tuple(Section(s.heading, s.level, s.line, tuple(s.anchors),
                                   tuple(s.blocks)) for s in kept),
            names=frozenset(normalise_anchor(n) for n in self.names),
            toc=tuple(self.toc),
        )

    def add(self, block: Block) -> None:
        self.sections[-1].blocks.append(block)

    def list_item(self, content: Text, depth: int, line: int) -> None:
        """A list item's text: an entry of the page's table of contents when it is one
        link to another page or one bracketed label."""
        entry = toc_entry(content, depth, line, self.path)
        if entry is not None:
            self.toc.append(entry)

    def heading(self, text: str, level: int, line: int, anchors: Iterable[str] = ()) -> None:
        taken = list(dict.fromkeys(self.pending_anchors + list(anchors)))
        self.pending_anchors = []
        self.sections.append(_SectionDraft(text, level, line, taken))

    def take_anchors(self) -> list[str]:
        taken, self.pending_anchors = self.pending_anchors, []
        return taken

    # --- walking HTML ----------------------------------------------------------------------
    def walk(self, node: lxml.html.HtmlElement, line_offset: int) -> None:
        """The children of a container, and the loose text between them
        (``<div class="p">GET /v1/... <table>``)."""
        self._loose(node.text, node, line_offset)
        for child in node:
            if isinstance(child.tag, str):
                self.element(child, line_offset)
            self._loose(child.tail, child, line_offset)

    def _loose(self, text: str | None, near: lxml.html.HtmlElement, offset: int) -> None:
        words = " ".join((text or "").split())
        if words:
            in_list = near.tag == "li" or (near.getparent() is not None
                                           and near.getparent().tag == "li")
            self.add(Paragraph(Text(words), _line(near, offset), in_list=in_list))

    def element(self, node: lxml.html.HtmlElement, offset: int) -> None:
        tag = node.tag.lower()
        if tag in _SKIPPED:
            return
        if tag in _HEADINGS:
            own = anchors_of(node)
            own += [a for child in node.iter("a") if child is not node for a in anchors_of(child)]
            self.heading(_text(node), _HEADINGS[tag], _line(node, offset), own)
            return
        if tag == "a" and not node.get("href") and not _text(node):
            self.pending_anchors.extend(anchors_of(node))
            return
        if tag == "table":
            self.add(self.table(node, offset))
            return
        if tag == "pre":
            self.pending_anchors = []
            self.add(CodeBlock("", node.text_content().strip("\n"), _line(node, offset)))
            return
        self.pending_anchors.extend(a for a in anchors_of(node) if tag != "a")
        if tag in _BLOCKS or (tag not in _LISTS and not _has_blocks(node)):
            if tag in _BLOCKS and _has_blocks(node):
                self.walk(node, offset)  # a list item holding a paragraph and a code block
                return
            content = inline(node, self.path)
            if content.text:
                anchors: tuple[str, ...] = ()
                if tag != "caption":  # a caption's anchors belong to its table
                    anchors = tuple(dict.fromkeys(self.take_anchors() + [
                        a for child in node.iter("a") if child is not node
                        for a in anchors_of(child)]))
                in_list = node.getparent() is not None \
                    and node.getparent().tag in _LISTS | {"li"}
                self.add(Paragraph(content, _line(node, offset), in_list=in_list,
                                   anchors=anchors))
                if in_list:
                    self.list_item(content, _list_depth(node), _line(node, offset))
            return
        self.walk(node, offset)

    def table(self, node: lxml.html.HtmlElement, offset: int) -> Table:
        caption_node = node.find("caption")
        caption = _text(caption_node) if caption_node is not None else (self.caption or "")
        self.caption = None
        anchors = list(dict.fromkeys(
            self.take_anchors() + ([node.get("id")] if node.get("id") else [])))
        header: tuple[Cell, ...] = ()
        rows: list[tuple[Cell, ...]] = []
        for row in node.iter("tr"):
            if _nearest_table(row) is not node:
                continue  # a row of a table nested in a cell
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
            parsed = tuple(cell(c, offset, self.path) for c in cells)
            in_head = row.getparent() is not None and row.getparent().tag == "thead"
            if not header and (in_head or all(c.tag == "th" for c in cells)):
                header = parsed
            else:
                rows.append(parsed)
        return Table(caption, tuple(anchors), header, tuple(rows), _line(node, offset))


def _list_depth(node: lxml.html.HtmlElement) -> int:
    """How many lists enclose ``node``, less one (0 for an item of an outermost list)."""
    depth, parent = 0, node.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag in _LISTS:
            depth += 1
        parent = parent.getparent()
    return max(depth - 1, 0)


def _nearest_table(node: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    parent = node.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _has_blocks(node: lxml.html.HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag.lower() in _BLOCKS | _LISTS | {
        "div", "table", "pre", "section"} | set(_HEADINGS) for c in node)


def cell(node: lxml.html.HtmlElement, offset: int, page: str) -> Cell:
    lines: list[str] = []
    items: list[Text] = []
    _cell_lines(node, lines, items, depth=0, page=page)
    content = inline(node, page)
    return Cell("\n".join(lines), _line(node, offset), content.links, content.strong,
                tuple(items))


def _cell_lines(node: lxml.html.HtmlElement, lines: list[str], items: list[Text],
                depth: int, page: str) -> None:
    """A cell's content as lines: paragraphs on their own, list items as ``- item``."""
    buffer: list[str] = [node.text or ""]

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        if text:
            lines.append("  " * depth + text)
        buffer.clear()

    for child in node:
        if not isinstance(child.tag, str):
            buffer.append(child.tail or "")
            continue
        if child.tag in _LISTS:
            flush()
            _list_lines(child, lines, items, depth, page)
        elif child.tag in _BLOCKS | {"pre", "div", "table", "section"}:
            flush()
            _cell_lines(child, lines, items, depth, page)
        else:
            buffer.append(child.text_content())
        buffer.append(child.tail or "")
    flush()


def _list_lines(node: lxml.html.HtmlElement, lines: list[str], items: list[Text],
                depth: int, page: str) -> None:
    for item in node:
        if not isinstance(item.tag, str) or item.tag != "li":
            continue
        content = inline(item, page)
        text = " ".join(_text_without_lists(item).split())
        items.append(Text(text, content.links, content.strong))
        lines.append("  " * depth + "- " + text)
        for nested in item:
            if isinstance(nested.tag, str) and nested.tag in _LISTS:
                _list_lines(nested, lines, items, depth + 1, page)


def _text_without_lists(node: lxml.html.HtmlElement) -> str:
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str) and child.tag not in _LISTS:
            parts.append(_text_without_lists(child))
        parts.append(child.tail or "")
    return " ".join(parts)
