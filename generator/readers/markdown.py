"""Read Markdown pages with embedded HTML tables (Huawei Cloud style) into a Page.

markdown-it-py parses the Markdown (CommonMark plus pipe tables); every HTML block
goes through the HTML reader's parser and builder, with its line offset, so both
formats give the same Page. A paragraph that opens with bold text right before a
table (``**表 4**  WorkforceSamplingTaskDesc``) is that table's caption.
"""

from __future__ import annotations

import lxml.etree
import lxml.html
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.diagnostics import Diagnostic, Level, Source
from generator.page import Cell, CodeBlock, Link, Page, Paragraph, Table, Text
from generator.readers.html import PageBuilder, anchors_of, href_link, html_parser

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def read_markdown(text: str, path: str) -> tuple[Page, list[Diagnostic]]:
    builder = PageBuilder(path)
    diagnostics: list[Diagnostic] = []
    tokens = _MARKDOWN.parse(text)
    _Walker(builder, diagnostics, path).run(tokens)
    return builder.page(), diagnostics


def _indented_text(content: str) -> bool:
    """An indented block that is one line of bold text, not code."""
    lines = content.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("**") and lines[0].count("**") >= 2


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


class _Walker:
    def __init__(self, builder: PageBuilder, diagnostics: list[Diagnostic], path: str) -> None:
        self.builder = builder
        self.diagnostics = diagnostics
        self.path = path
        self.list_depth = 0

    def run(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self.token(tokens, index)

    def token(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            content = tokens[index + 1]
            text, anchors = _inline(content, self.path)
            self.builder.names.update(anchors)
            self.builder.heading(text.text, int(token.tag[1:]), _line(token), anchors)
            return index + 3
        if kind == "paragraph_open":
            content = tokens[index + 1]
            text, anchors = _inline(content, self.path)
            self.builder.names.update(anchors)
            self.builder.pending_anchors.extend(anchors)
            if text.text:
                self.builder.add(Paragraph(text, _line(token), in_list=self.list_depth > 0,
                                           anchors=tuple(self.builder.take_anchors())))
                if self.list_depth > 0:
                    self.builder.list_item(text, self.list_depth - 1, _line(token))
            return index + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.list_depth -= 1
        elif kind == "code_block" and _indented_text(token.content):
            # Huawei's renderer reads an indented line of bold text ("    **表 1**  x字段")
            # as text, not code: it is the caption of the table that follows
            [inline_token] = [t for t in _MARKDOWN.parseInline(token.content.strip())
                              if t.type == "inline"]
            text, anchors = _inline(inline_token, self.path)
            self.builder.add(Paragraph(text, _line(token), in_list=self.list_depth > 0,
                                       anchors=tuple(self.builder.take_anchors() + anchors)))
        elif kind in ("fence", "code_block"):
            self.builder.pending_anchors = []
            first = _line(token) + (1 if kind == "fence" else 0)
            self.builder.add(CodeBlock(token.info.strip(), token.content.rstrip("\n"), first))
        elif kind == "html_block":
            self.html(token)
        elif kind == "table_open":
            return self.pipe_table(tokens, index)
        return index + 1

    # --- tables ----------------------------------------------------------------------------
    def _claim_caption(self) -> None:
        """The bold-led paragraph just before a table becomes its caption."""
        blocks = self.builder.sections[-1].blocks
        last = blocks[-1] if blocks else None
        if isinstance(last, Paragraph) and last.content.strong \
                and last.text.startswith(last.content.strong[0]):
            blocks.pop()
            self.builder.caption = last.text

    def html(self, token: Token) -> None:
        offset = _line(token) - 1
        if "<table" in token.content.lower():
            self._claim_caption()
        try:
            fragments = lxml.html.fragments_fromstring(token.content, parser=html_parser())
        except (lxml.etree.ParserError, ValueError) as exc:
            self.diagnostics.append(Diagnostic(Level.WARNING, "html-error",
                                               f"an HTML block does not parse: {exc}",
                                               Source(self.path, offset + 1)))
            return
        for fragment in fragments:
            if isinstance(fragment, str):
                continue
            self.builder.names.update(a for node in fragment.iter() if isinstance(node.tag, str)
                                      for a in anchors_of(node))
            self.builder.element(fragment, offset)
        self.builder.caption = None

    def pipe_table(self, tokens: list[Token], index: int) -> int:
        self._claim_caption()
        start = tokens[index]
        header: list[Cell] = []
        rows: list[list[Cell]] = []
        row: list[Cell] = []
        in_head = False
        index += 1
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                row = []
            elif token.type == "tr_close":
                if in_head:
                    header.extend(row)
                else:
                    rows.append(row)
            elif token.type == "inline":
                text, _ = _inline(token, self.path)
                row.append(Cell(text.text, _line(token) if token.map else _line(start),
                                text.links, text.strong))
            index += 1
        caption, self.builder.caption = self.builder.caption or "", None
        self.builder.add(Table(caption, tuple(self.builder.take_anchors()), tuple(header),
                               tuple(tuple(r) for r in rows), _line(start)))
        return index + 1


def _inline(token: Token, page: str) -> tuple[Text, list[str]]:
    """Inline text with its links and bold spans; ``<a name="x">`` gives an anchor.
    ``page`` is the page's path, which relative links are resolved against."""
    parts: list[str] = []
    links: list[Link] = []
    strong: list[str] = []
    anchors: list[str] = []
    bold_start: int | None = None
    link_start: tuple[int, str] | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "strong_open":
            bold_start = len("".join(parts))
        elif kind == "strong_close" and bold_start is not None:
            strong.append(" ".join("".join(parts)[bold_start:].split()))
            bold_start = None
        elif kind == "link_open":
            link_start = (len("".join(parts)), str(child.attrs.get("href", "")))
        elif kind == "link_close" and link_start is not None:
            start, href = link_start
            text = " ".join("".join(parts)[start:].split())
            links.append(href_link(text, href, page))
            link_start = None
        elif kind == "html_inline":
            try:
                fragment = lxml.html.fragment_fromstring(child.content, create_parent="span",
                                                         parser=html_parser())
            except (lxml.etree.ParserError, ValueError):
                continue
            for element in fragment.iter("a"):
                anchors.extend(anchors_of(element))
    text = " ".join("".join(parts).split())
    return Text(text, tuple(links), tuple(s for s in strong if s)), anchors
