"""A fast path for reading RST: the Page docutils gives, without docutils' block parser.

docutils stays the reference reader of RST (:func:`generator.readers.rst.read_rst`);
reading a page with it costs about 50 ms, most of it in the grid-table parser and in the
nested state machine it starts for every table cell. API reference pages are made of a
few constructs, so this module reads those itself, by docutils' own rules, and gives
the page back to docutils on the first thing it does not handle exactly.

What it reads: section titles (underlined), ``.. _label:`` targets, a field list before
the first title, paragraphs, bullet lists, grid tables without spans and simple tables
(bare or in ``.. table::``), ``code-block``, admonitions (``note``...) and ``toctree``.
Table cells may hold paragraphs and bullet lists. Everything else — a span, an
enumerated list, a block quote, a literal block, a comment, a wide East Asian character
in a table, a reference to a name the page does not define, or anything docutils would
report on — makes :func:`read_fast` return None, and the page is read by docutils.

What it reuses from docutils, so as to mean the same: the line splitting
(``string2lines``), the block patterns of the ``Body`` state, the simple-table parser,
the inline parser (``Inliner``, for any text that holds markup) and the document's name
registry (section and label names, with their duplicate checks). The Page itself is
assembled by the same :class:`~generator.readers.rst_markup.PageAssembler` as docutils' doctree.
``tests/test_rst_fast.py`` checks that both readers give equal Pages and diagnostics for
every RST page of the shared corpus, and for random pages.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives, states
from docutils.parsers.rst.directives.admonitions import BaseAdmonition
from docutils.parsers.rst.directives.tables import RSTTable
from docutils.parsers.rst.languages import get_language
from docutils.parsers.rst.tableparser import SimpleTableParser, TableMarkupError
from docutils.statemachine import StringList, string2lines
from docutils.utils import column_width, escape2null, new_document, urischemes

from generator.page import Cell, Link, Page, Text
from generator.readers.rst_markup import (
    SETTINGS,
    CodeBlockDirective,
    IgnoredDirective,
    PageAssembler,
    inline_text,
    page_names,
    written_names,
)


class _Unsupported(Exception):
    """The page holds something this reader does not read exactly: docutils reads it."""


def read_fast(text: str, path: str) -> Page | None:
    """The page docutils would give for ``text``, or None when docutils must read it."""
    page = attempt(text, path)
    return page if isinstance(page, Page) else None


def attempt(text: str, path: str) -> Page | str:
    """The page, or why docutils must read it (for tests and for curious people)."""
    try:
        return _FastReader(text, path).read()
    except _Unsupported as reason:
        return str(reason)
    except Exception as error:  # a case this reader gets wrong must never cost the page
        return f"internal: {type(error).__name__}: {error}"


# --- docutils' own patterns -------------------------------------------------------------------
_BODY_ORDER = [name for name in states.Body.initial_transitions if name != "text"]
_BODY = [(name, re.compile(states.Body.patterns[name])) for name in _BODY_ORDER]
_ENUMERATOR = re.compile(states.Body.patterns["enumerator"])
_BULLET = re.compile(states.Body.patterns["bullet"])
_UNDERLINE = re.compile(states.Body.patterns["line"])
_FIELD_MARKER = re.compile(states.Body.patterns["field_marker"])
_GRID_TOP = states.Body.grid_table_top_pat
_GRID_HEAD_SEPARATOR = re.compile(r"\+=[=+]+=\+ *$")  # GridTableParser.head_body_separator_pat
_SIMPLE_BORDER = states.Body.simple_table_border_pat
_LITERAL_NEXT = re.compile(r"(?<!\\)(\\\\)*::$")  # a paragraph ending in "::"
_CONSTRUCTS = {method.__name__: pattern for method, pattern in states.Body.explicit.constructs}
_TARGET = states.Body.explicit.patterns.target
# Inline markup (``Inliner.patterns.initial``) needs one of these characters or an
# underscore that ends a word (``name_``, ``name__``, ``[1]_``, ``_`target```); a backslash
# is an escape. An underscore inside a word (``project_id``) is only text.
_MARKUP = frozenset("*`|\\")
_MARKUP_UNDERSCORE = re.compile(r"_(?![^\W_])")
# A standalone URI needs a known scheme right before a ':' (others are text to docutils);
# an e-mail address needs '@'.
_SCHEMES = frozenset(urischemes.schemes)
_SCHEME_RUN = re.compile(r"([a-zA-Z0-9.+-]+):")
# Inline parses that depend on nothing but the text, shared by the pages of a process
_INLINE_CACHE: dict[str, Text] = {}
_INLINE_CACHE_SIZE = 100_000


def _plain(text: str) -> bool:
    """Whether docutils' Inliner reads ``text`` as one text node (no markup, no URI)."""
    if not _MARKUP.isdisjoint(text) or "@" in text \
            or ("_" in text and _MARKUP_UNDERSCORE.search(text)):
        return False
    if ":" in text:
        for match in _SCHEME_RUN.finditer(text):
            run = match.group(1).lower()
            if any(run[k:] in _SCHEMES for k in range(len(run)) if run[k].isalpha()):
                return False
    return True


def _kind(line: str) -> str:
    """Which ``Body`` transition docutils takes on the first line of a block (a line
    that is neither blank nor indented)."""
    first = line[0]
    if first.isalnum():
        # of the patterns, only an enumerator ("1.", "a)", "iv.") starts with an ASCII
        # letter or digit, and none with another letter
        if first.isascii() and _ENUMERATOR.match(line):
            return "enumerator"
        return "text"
    for name, pattern in _BODY:
        if pattern.match(line):
            return name
    return "text"


def _indented(lines: Sequence[str], start: int, *, until_blank: bool = False,
              strip_indent: bool = True, block_indent: int | None = None,
              first_indent: int | None = None) -> tuple[list[str], int, bool, int]:
    """``StringList.get_indented`` on a list: the indented block from ``start``, its
    indent, whether it ended with a blank line (or the end), and the index after it."""
    indent = block_indent
    end = start
    if block_indent is not None and first_indent is None:
        first_indent = block_indent
    if first_indent is not None:
        end += 1
    last = len(lines)
    blank_finish = True
    while end < last:
        line = lines[end]
        if line and (line[0] != " " or (block_indent is not None
                                        and line[:block_indent].strip())):
            blank_finish = (end > start) and not lines[end - 1].strip()
            break
        stripped = line.lstrip()
        if not stripped:
            if until_blank:
                blank_finish = True
                break
        elif block_indent is None:
            line_indent = len(line) - len(stripped)
            indent = line_indent if indent is None else min(indent, line_indent)
        end += 1
    block = list(lines[start:end])
    if first_indent is not None and block:
        block[0] = block[0][first_indent:]
    if indent and strip_indent:
        skip = 1 if first_indent is not None else 0
        block[skip:] = [line[indent:] for line in block[skip:]]
    return block, indent or 0, blank_finish, end


def _strip_top(block: list[str], offset: int) -> tuple[list[str], int]:
    """Leading blank lines off a block (and its line offset moved past them)."""
    skip = 0
    while skip < len(block) and not block[skip].strip():
        skip += 1
    return block[skip:], offset + skip


def _wide_or_combining(text: str) -> bool:
    """Whether docutils would pad or skip characters of ``text`` in a table (East Asian
    wide characters take two columns, combining characters none)."""
    if text.isascii():
        return False
    return any(unicodedata.east_asian_width(c) in "WF" or unicodedata.combining(c)
               for c in set(text) if not c.isascii())


# --- what explicit markup gives ---------------------------------------------------------------
@dataclass
class _Target:
    names: list[str]  # as written
    line: int


@dataclass
class _Code:
    language: str
    text: str
    line: int


@dataclass
class _Toctree:
    entries: list[str]
    line: int


@dataclass
class _Admonition:
    content: list[str]
    base: int
    line: int


@dataclass
class _TableDirective:
    arguments: list[str]
    content: list[str]
    base: int
    line: int


_Construct = _Target | _Code | _Admonition | _TableDirective | _Toctree | None


# --- what a table cell holds ------------------------------------------------------------------
@dataclass
class _Para:
    """A paragraph, or a literal block (its text, whitespace folded)."""

    content: Text
    line: int


@dataclass
class _List:
    items: list[_Item]
    line: int


@dataclass
class _Group:
    """A note (or a label, empty): docutils' cell reader lists its content in place."""

    blocks: list[_Block]
    line: int


_Block = _Para | _List | _Group


@dataclass
class _Item:
    """A bullet list item in a cell: its blocks, in order."""

    blocks: list[_Block] = field(default_factory=list)


def _cell(blocks: list[_Block], line: int) -> Cell:
    """The Cell docutils' doctree gives for these blocks (``rst._cell``): paragraphs on
    their lines, list items as ``- item`` lines indented by depth, and the links and bold
    spans of everything in document order."""
    lines: list[str] = []
    items: list[Text] = []
    links: list[Link] = []
    strong: list[str] = []
    _cell_lines(blocks, lines, items, links, strong, 0)
    first = blocks[0].line if blocks else line
    return Cell("\n".join(lines), first, tuple(links), tuple(strong), tuple(items))


def _cell_lines(blocks: list[_Block], lines: list[str], items: list[Text],
                links: list[Link], strong: list[str], depth: int) -> None:
    for block in blocks:
        if isinstance(block, _Para):
            links.extend(block.content.links)
            strong.extend(block.content.strong)
            if block.content.text:
                lines.append("  " * depth + block.content.text)
        elif isinstance(block, _Group):
            _cell_lines(block.blocks, lines, items, links, strong, depth)
        else:
            for item in block.items:
                # the item's line holds all but its lists (a note in it, whole), the
                # lists follow, one level deeper
                parts = [_flat(b) for b in item.blocks if not isinstance(b, _List)]
                text = Text(" ".join(p.text for p in parts if p.text),
                            tuple(link for p in parts for link in p.links),
                            tuple(s for p in parts for s in p.strong))
                items.append(text)
                lines.append("  " * depth + "- " + text.text)
                for inner in item.blocks:
                    if isinstance(inner, _List):
                        _cell_lines([inner], lines, items, links, strong, depth + 1)
                    else:
                        flat = _flat(inner)
                        links.extend(flat.links)
                        strong.extend(flat.strong)


def _flat(block: _Block) -> Text:
    """A block as one text (docutils' ``astext`` of a note: all it holds, in order)."""
    if isinstance(block, _Para):
        return block.content
    if isinstance(block, _List):
        parts = [_flat(inner) for item in block.items for inner in item.blocks]
    else:
        parts = [_flat(inner) for inner in block.blocks]
    return Text(" ".join(p.text for p in parts if p.text),
                tuple(link for p in parts for link in p.links),
                tuple(s for p in parts for s in p.strong))


def _is_underline(lines: Sequence[str], i: int) -> bool:
    return i < len(lines) and bool(lines[i]) and lines[i][0] != " " \
        and _UNDERLINE.match(lines[i]) is not None


# --- the reader -------------------------------------------------------------------------------
_PAGE, _ITEM, _ADMONITION = "page", "item", "admonition"


class _FastReader:
    """One page. Line numbers: ``base`` is the 0-based index in the page of a block's
    first line, so a block line ``i`` is page line ``base + i + 1``."""

    _inliner: states.Inliner | None = None
    _language: Any = None

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.text = text
        self.out = PageAssembler(path)
        self.document = new_document(path, SETTINGS.copy())
        self.reported = False
        self.document.reporter.attach_observer(self._observe)
        self.title_styles: list[str | tuple[str, str]] = []
        self.level = 0
        self.parent = nodes.Element()  # where docutils' name registry puts its messages
        if _FastReader._inliner is None:
            inliner = states.Inliner()
            inliner.init_customizations(self.document.settings)
            _FastReader._inliner = inliner
            _FastReader._language = get_language(SETTINGS.language_code,
                                                 self.document.reporter)
        self.memo = SimpleNamespace(document=self.document, reporter=self.document.reporter,
                                  language=_FastReader._language, title_styles=[],
                                  section_level=0, section_bubble_up_kludge=False,
                                  inliner=_FastReader._inliner)

    def _observe(self, message: nodes.system_message) -> None:
        self.reported = True

    def read(self) -> Page:
        lines = string2lines(self.text, tab_width=self.document.settings.tab_width,
                             convert_whitespace=True)
        if any(len(line) > self.document.settings.line_length_limit for line in lines):
            raise _Unsupported("line-length limit")
        self._flow(lines, 0, _PAGE)
        if self.reported:
            raise _Unsupported("docutils reported on this page")
        return self.out.page(page_names(self.document))

    # --- inline text ---------------------------------------------------------------------
    def _inline(self, text: str, lineno: int) -> Text:
        """Inline text as docutils' Inliner reads it (text without markup directly)."""
        if _plain(text):
            return Text(" ".join(text.split()))
        cached = _INLINE_CACHE.get(text)
        if cached is not None:
            return cached
        assert self._inliner is not None
        found, messages = self._inliner.parse(text, lineno, self.memo, self.parent)
        if messages or self.reported:
            raise _Unsupported("inline markup docutils reports on")
        for node in found:
            self._check_inline(node)
        content = inline_text("".join(node.astext() for node in found), found)
        # a phrase reference with a URI also names a target on the page: not reusable
        if not any(isinstance(node, nodes.target) for node in found):
            if len(_INLINE_CACHE) >= _INLINE_CACHE_SIZE:
                _INLINE_CACHE.clear()
            _INLINE_CACHE[text] = content
        return content

    @staticmethod
    def _check_inline(node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            return
        if isinstance(node, nodes.reference):
            # a reference to a name docutils' path rewrites ("Unknown target name")
            if node.get("refname") or not (node.get("refuri") or node.get("internal_target")):
                raise _Unsupported("named reference")
        elif not isinstance(node, nodes.strong | nodes.emphasis | nodes.literal
                            | nodes.target | nodes.title_reference):
            raise _Unsupported(f"inline {type(node).__name__}")
        if isinstance(node, nodes.Element):
            for child in node.children:
                if not isinstance(child, nodes.Text):
                    raise _Unsupported("nested inline markup")

    # --- blocks of the page (the document, a list item, an admonition) -------------------
    def _flow(self, lines: Sequence[str], base: int, context: str) -> None:
        """Body-level blocks into the page. ``context``: the document itself (titles
        allowed), a list item (its paragraphs are ``in_list``) or an admonition."""
        i, count = 0, len(lines)
        while i < count:
            line = lines[i]
            if not line:
                i += 1
                continue
            if line[0] == " ":
                raise _Unsupported("block quote")
            kind = _kind(line)
            if kind == "enumerator":
                enumerated = _enumerated_items(lines, i)
                if enumerated is None:
                    kind = "text"  # docutils' TransitionCorrection('text')
                else:
                    for block, block_base in enumerated[0]:
                        self._flow(block, base + block_base, _ITEM)
                    i = enumerated[1]
                    continue
            if kind == "text" and context == _PAGE and _is_underline(lines, i + 1):
                i = self._title(line, lines[i + 1], None, i, base)
            elif kind == "line" and context == _PAGE and line != "::":
                i = self._overlined_title(lines, i, base)
            elif kind == "text" or line == "::":
                end, content, literal = self._paragraph(lines, i, base)
                if content is not None:
                    self.out.paragraph(content, base + i + 1, in_list=context == _ITEM)
                if literal is not None:
                    self.out.code("", *literal)
                i = end
            elif kind == "bullet":
                items, i = _list_items(lines, i)
                for block, block_base in items:
                    self._flow(block, base + block_base, _ITEM)
            elif kind == "explicit_markup":
                i, construct = self._explicit(lines, i, base)
                if isinstance(construct, _Target):
                    self.out.target(construct.names)
                elif isinstance(construct, _Code):
                    self.out.code(construct.language, construct.text, construct.line)
                elif isinstance(construct, _Admonition):
                    self._flow(construct.content, construct.base, _ADMONITION)
                elif isinstance(construct, _TableDirective):
                    self._directive_table(construct)
                elif isinstance(construct, _Toctree):
                    self.out.toctree(construct.entries, construct.line)
            elif kind in ("grid_table_top", "simple_table_top"):
                end, header, rows = self._table(lines, i, base, kind, base + i + 1)
                self.out.table("", (), header, rows, base + i + 1)
                i = end
            elif kind == "field_marker" and context == _PAGE and self.level == 0 \
                    and self.out.in_preamble:
                i = self._field_list(lines, i, base)
            else:
                raise _Unsupported(kind)

    def _paragraph(self, lines: Sequence[str], i: int, base: int
                   ) -> tuple[int, Text | None, tuple[str, int] | None]:
        """The paragraph whose first line is ``i`` (docutils' Text state: its second line
        is neither indented nor an underline, and no later line is indented): the index
        after it, its text (None for a lone ``::``) and the literal block a closing
        ``::`` introduces (its text and line)."""
        end = i + 1
        if end < len(lines) and lines[end]:
            if lines[end][0] == " ":
                raise _Unsupported("definition list")
            if _UNDERLINE.match(lines[end]) or lines[i] == "::":
                raise _Unsupported("underline, overline or transition")
            while end < len(lines) and lines[end]:
                if lines[end][0] == " ":
                    raise _Unsupported("unexpected indentation")
                end += 1
        data = "\n".join(lines[i:end]).rstrip()
        if not data.endswith("::") or not _LITERAL_NEXT.search(data):
            return end, self._inline(data, base + i + 1), None
        # Text.paragraph: "text::" keeps one colon, "text ::" none, a lone "::" no paragraph
        text = None
        if len(data) > 2:
            text = data[:-3].rstrip() if data[-3] in " \n" else data[:-1]
        content = self._inline(text, base + i + 1) if text is not None else None
        # Text.literal_block: the indented block that follows (blank lines before it)
        block, _, blank_finish, after = _indented(lines, end)
        block, offset = _strip_top(block, end)
        while block and not block[-1].strip():
            block.pop()
        if not block or not blank_finish:
            raise _Unsupported("quoted or unterminated literal block")
        return after, content, ("\n".join(block), base + offset + 1)

    def _title(self, title: str, underline: str, overline: str | None, i: int,
               base: int) -> int:
        """A section title (docutils' ``Text.underline`` or ``Line.text``, and
        ``check_subsection``); ``i`` is its text line."""
        if column_width(title) > len(overline if overline is not None else underline):
            raise _Unsupported("title underline or overline too short")
        style: str | tuple[str, str] = (overline[0], underline[0]) if overline is not None \
            else underline[0]
        styles = self.title_styles
        level = styles.index(style) + 1 if style in styles else len(styles) + 1
        if level > self.level + 1:
            raise _Unsupported("inconsistent title levels")
        if level > len(styles):
            styles.append(style)
        self.level = level
        heading = self._inline(title.lstrip(), base + i + 1)
        section = nodes.section()
        section["names"].append(nodes.fully_normalize_name(heading.text))
        self.document.note_implicit_target(section, section)
        self.out.section(heading.text, level, base + i + 1)
        return i + 2

    def _overlined_title(self, lines: Sequence[str], i: int, base: int) -> int:
        """An over- and underlined title (docutils' ``Line`` state); anything else that
        starts with a line of punctuation (a transition) is docutils'."""
        if i + 2 >= len(lines) or not lines[i + 1] or lines[i + 2] != lines[i] \
                or (lines[i + 1][0] != " " and _UNDERLINE.match(lines[i + 1])):
            raise _Unsupported("transition or malformed title")
        return self._title(lines[i + 1], lines[i + 2], lines[i], i + 1, base)

    def _field_list(self, lines: Sequence[str], i: int, base: int) -> int:
        """The page's leading field list (``:original_name: X.html``): its metadata."""
        while True:
            match = _FIELD_MARKER.match(lines[i])
            assert match is not None
            marker = match.group()[1:]
            name = marker[:marker.rfind(":")]
            if not _plain(name) or " ".join(name.split()) != name.strip():
                raise _Unsupported("field name with markup or runs of spaces")
            block, _, blank_finish, end = _indented(lines, i, first_indent=match.end())
            block, offset = _strip_top(block, i)
            value = ""
            if block:
                paragraphs = self._cell_blocks(block, base + offset)
                if len(paragraphs) != 1 or not isinstance(paragraphs[0], _Para):
                    raise _Unsupported("field body other than one paragraph")
                value = paragraphs[0].content.text
            self.out.field(name.strip(), value)
            if end < len(lines) and lines[end] and _FIELD_MARKER.match(lines[end]):
                i = end
                continue
            if not blank_finish:
                raise _Unsupported("field list ends without a blank line")
            return end

    # --- explicit markup ------------------------------------------------------------------
    def _explicit(self, lines: Sequence[str], i: int, base: int) -> tuple[int, _Construct]:
        """The explicit markup construct starting at line ``i`` and the index after it."""
        line = lines[i]
        if _CONSTRUCTS["footnote"].match(line) or _CONSTRUCTS["citation"].match(line):
            raise _Unsupported("footnote or citation")
        match = _CONSTRUCTS["hyperlink_target"].match(line)
        if match:
            return self._target(lines, i, base, match.end())
        if _CONSTRUCTS["substitution_def"].match(line):
            raise _Unsupported("substitution definition")
        match = _CONSTRUCTS["directive"].match(line)
        if not match:
            raise _Unsupported("comment")
        return self._directive(lines, i, base, match)

    def _target(self, lines: Sequence[str], i: int, base: int, start: int
                ) -> tuple[int, _Construct]:
        """``.. _label:`` alone on its line, then a blank line: a label for what follows."""
        block, _, blank_finish, end = _indented(lines, i, until_blank=True,
                                                strip_indent=False, first_indent=start)
        if len(block) != 1 or not blank_finish:
            raise _Unsupported("hyperlink target over several lines")
        escaped = escape2null(block[0])
        match = _TARGET.match(escaped)
        if match is None or escaped[match.end():].strip() or not match.group("name"):
            raise _Unsupported("external or indirect hyperlink target")
        blocktext = lines[i][:start] + block[0]
        target = nodes.target(blocktext, "")
        name = nodes.fully_normalize_name(nodes.unescape(match.group("name")))
        target["names"].append(name)
        self.document.note_explicit_target(target, self.parent)
        return end, _Target(written_names(blocktext, [name]), base + i + 1)

    def _directive(self, lines: Sequence[str], i: int, base: int, match: re.Match[str]
                   ) -> tuple[int, _Construct]:
        directive, messages = directives.directive(match.group(1), self.memo.language,
                                                   self.document)
        if messages or directive is None:
            raise _Unsupported("unknown directive")
        block, _, blank_finish, end = _indented(lines, i, first_indent=match.end())
        if not blank_finish:
            raise _Unsupported("explicit markup ends without a blank line")
        arguments, options, content, offset = _directive_block(block, i, directive)
        lineno = base + i + 1
        if directive is RSTTable:
            if options or not content:
                raise _Unsupported("table directive with options or no table")
            return end, _TableDirective(arguments, content, base + offset, lineno)
        if directive is CodeBlockDirective:
            if options:
                raise _Unsupported("code-block options")
            return end, _Code(arguments[0] if arguments else "", "\n".join(content),
                              base + offset + 1)
        if isinstance(directive, type) and issubclass(directive, BaseAdmonition) \
                and directive.node_class is not nodes.admonition:
            if options or not content:
                raise _Unsupported("admonition with options or no content")
            return end, _Admonition(content, base + offset, lineno)
        if directive is not IgnoredDirective:
            raise _Unsupported(f"directive {match.group(1)}")
        return end, _Toctree(content, base + offset + 1)

    # --- tables ---------------------------------------------------------------------------
    def _directive_table(self, table: _TableDirective) -> None:
        """``.. table:: caption`` holding exactly one table (``RSTTable.run``)."""
        caption = self._inline(table.arguments[0], table.line).text if table.arguments else ""
        first = table.content[0]
        kind = _kind(first) if first[0] != " " else ""
        if kind not in ("grid_table_top", "simple_table_top"):
            raise _Unsupported("table directive without a table")
        end, header, rows = self._table(table.content, 0, table.base, kind, table.line)
        if any(table.content[end:]):
            raise _Unsupported("table directive with more than a table")
        self.out.table(caption, (), header, rows, table.line)

    def _table(self, lines: Sequence[str], i: int, base: int, kind: str, line: int
               ) -> tuple[int, tuple[Cell, ...], tuple[tuple[Cell, ...], ...]]:
        """A table whose top border is line ``i``: the index after it, the header row
        and the body rows. ``line`` is where docutils puts the table (its first line, or
        the directive's), the line of an empty cell."""
        if kind == "grid_table_top":
            end, parts = self._grid(lines, i)
        else:
            end, parts = self._simple(lines, i)
        header_rows, body_rows = parts
        tableline = base + i + 1

        def cells(row: list[tuple[int, list[str]]]) -> tuple[Cell, ...]:
            return tuple(self._table_cell(block, tableline + offset - 1, line)
                         for offset, block in row)

        rows = [cells(row) for row in header_rows + body_rows]
        header = rows[0] if header_rows else ()
        return end, header, tuple(rows[1:] if header_rows else rows)

    def _table_cell(self, block: list[str], block_base: int, table_line: int) -> Cell:
        if not "".join(block):
            return Cell("", table_line)
        if all(block) and _kind(block[0]) == "text" \
                and all(line[0] != " " for line in block) \
                and not (len(block) > 1 and _UNDERLINE.match(block[1])):
            # most cells: one paragraph ("String", "Yes", a sentence or two)
            end, content, literal = self._paragraph(block, 0, block_base)
            if end == len(block) and content is not None and literal is None:
                return Cell(content.text, block_base + 1, content.links, content.strong)
        return _cell(self._cell_blocks(block, block_base), table_line)

    def _grid(self, lines: Sequence[str], i: int
              ) -> tuple[int, tuple[list[list[tuple[int, list[str]]]],
                                    list[list[tuple[int, list[str]]]]]]:
        """A grid table without spans, as ``isolate_grid_table`` and ``GridTableParser``
        read it: each cell's offset from the top border and its lines."""
        end = i
        while end < len(lines) and lines[end]:
            if lines[end][0] == " ":
                raise _Unsupported("indented line in a table")
            end += 1
        block = [line.strip() for line in lines[i:end]]
        if _wide_or_combining("".join(block)):
            raise _Unsupported("wide or combining characters in a table")
        top = block[0]
        width = len(top)
        if not _GRID_TOP.match(block[-1]) or len(block) < 3:
            raise _Unsupported("grid table bottom")
        for line in block:
            if len(line) != width or line[-1] not in "+|" or line[0] not in "+|":
                raise _Unsupported("grid table edges")
        columns = [c for c, char in enumerate(top) if char == "+"]
        bars = set(columns)
        spans = list(itertools.pairwise(columns))
        head_separator = None
        rows: list[list[tuple[int, list[str]]]] = []
        row_top = 0
        for index in range(1, len(block)):
            line = block[index]
            if line[0] == "+":
                if _GRID_HEAD_SEPARATOR.match(line):
                    if head_separator is not None or index == len(block) - 1:
                        raise _Unsupported("grid table head separator")
                    head_separator = index
                    line = line.replace("=", "-")
                if line != top:
                    raise _Unsupported("grid table span")
                rows.append([(row_top + 1, _cell_block(block, row_top + 1, index, left, right))
                             for left, right in spans])
                row_top = index
            elif any(line[c] != "|" for c in bars):
                raise _Unsupported("grid table span or misaligned border")
        if head_separator is None:
            return end, ([], rows)
        heads = sum(1 for offset, _ in (row[0] for row in rows) if offset <= head_separator)
        return end, (rows[:heads], rows[heads:])

    def _simple(self, lines: Sequence[str], i: int
                ) -> tuple[int, tuple[list[list[tuple[int, list[str]]]],
                                      list[list[tuple[int, list[str]]]]]]:
        """A simple table, isolated as ``isolate_simple_table`` does and parsed by
        docutils' own ``SimpleTableParser``."""
        limit = len(lines) - 1
        top_length = len(lines[i].strip())
        found, end = 0, None
        index = i + 1
        while index <= limit:
            line = lines[index]
            if _SIMPLE_BORDER.match(line):
                if len(line.strip()) != top_length:
                    raise _Unsupported("simple table border")
                found += 1
                if found == 2 or index == limit or not lines[index + 1].strip():
                    end = index
                    break
            index += 1
        if end is None:
            raise _Unsupported("simple table without a bottom border")
        if end != limit and lines[end + 1].strip():
            raise _Unsupported("no blank line after a table")
        block = list(lines[i:end + 1])
        if _wide_or_combining("".join(block)):
            raise _Unsupported("wide or combining characters in a table")
        try:
            _, head, body = SimpleTableParser().parse(StringList(block))
        except TableMarkupError as error:
            raise _Unsupported("malformed simple table") from error

        def rows(parsed: list[list[Any]]) -> list[list[tuple[int, list[str]]]]:
            return [[(offset, list(cellblock)) for _, _, offset, cellblock in row]
                    for row in parsed]

        return end + 1, (rows(head), rows(body))

    # --- what a cell holds ----------------------------------------------------------------
    def _cell_blocks(self, lines: Sequence[str], base: int) -> list[_Block]:
        """What a table cell holds (or a list item, a note in a cell): paragraphs, bullet
        lists, literal blocks, notes and labels."""
        blocks: list[_Block] = []
        i, count = 0, len(lines)
        while i < count:
            line = lines[i]
            if not line:
                i += 1
                continue
            if line[0] == " ":
                raise _Unsupported("block quote in a cell")
            kind = _kind(line)
            if kind == "enumerator":
                enumerated = _enumerated_items(lines, i)
                if enumerated is None:
                    kind = "text"  # docutils' TransitionCorrection('text')
                else:
                    items = [_Item(self._cell_blocks(block, base + block_base))
                             for block, block_base in enumerated[0]]
                    blocks.append(_List(items, base + i + 1))
                    i = enumerated[1]
                    continue
            if kind == "text" or line == "::":
                end, content, literal = self._paragraph(lines, i, base)
                if content is not None:
                    blocks.append(_Para(content, base + i + 1))
                if literal is not None:
                    blocks.append(_Para(Text(" ".join(literal[0].split())), literal[1]))
                i = end
            elif kind == "bullet":
                parsed, end = _list_items(lines, i)
                items = [_Item(self._cell_blocks(block, base + block_base))
                         for block, block_base in parsed]
                blocks.append(_List(items, base + i + 1))
                i = end
            elif kind == "explicit_markup":
                i, construct = self._explicit(lines, i, base)
                if isinstance(construct, _Target):
                    blocks.append(_Group([], construct.line))
                elif isinstance(construct, _Code):
                    blocks.append(_Para(Text(" ".join(construct.text.split())), construct.line))
                elif isinstance(construct, _Admonition):
                    blocks.append(_Group(self._cell_blocks(construct.content, construct.base),
                                         construct.line))
                elif isinstance(construct, _TableDirective | _Toctree):
                    raise _Unsupported("table or toctree in a cell")
            else:
                raise _Unsupported(f"{kind} in a cell")
        return blocks


def _list_items(lines: Sequence[str], i: int) -> tuple[list[tuple[list[str], int]], int]:
    """The items of the bullet list starting at ``i`` (docutils' ``Body.bullet`` and
    ``BulletList`` state): each item's lines (the first one after the bullet) with the
    index of its first line; and the index after the list."""
    bullet = lines[i][0]
    items = []
    while True:
        match = _BULLET.match(lines[i])
        assert match is not None
        block, blank_finish, end = _list_item(lines, i, match.end())
        items.append(block)
        if end < len(lines) and lines[end][0] == bullet and _BULLET.match(lines[end]):
            i = end
            continue
        if not blank_finish:
            raise _Unsupported("bullet list ends without a blank line")
        return items, end


def _list_item(lines: Sequence[str], i: int, indent: int
               ) -> tuple[tuple[list[str], int], bool, int]:
    """``Body.list_item``: an item's lines and the index of the first, whether it ended
    with a blank line, and the index after it."""
    if lines[i][indent:]:
        block, _, blank_finish, end = _indented(lines, i, block_indent=indent)
    else:
        block, _, blank_finish, end = _indented(lines, i, first_indent=indent)
    return _strip_top(block, i), blank_finish, end


# Body's enumerator helpers, called with a stand-in for the state: they read only its `enum`
_ENUM = SimpleNamespace(enum=states.Body.enum)
_PARSE_ENUMERATOR: Any = states.Body.parse_enumerator
_MAKE_ENUMERATOR: Any = states.Body.make_enumerator


def _enumerator(line: str, expected: str | None = None) -> tuple[str, str, int | None, int]:
    """``Body.parse_enumerator``: format, sequence, ordinal and where the item's text
    starts, for a line that matches the enumerator pattern."""
    match = _ENUMERATOR.match(line)
    assert match is not None
    form, sequence, _, ordinal = _PARSE_ENUMERATOR(_ENUM, match, expected)
    return form, sequence, ordinal, match.end()


def _is_enumerated_item(lines: Sequence[str], i: int, ordinal: int | None, sequence: str,
                        form: str) -> bool:
    """``Body.is_enumerated_list_item``: an enumerator starts a list item when the next
    line is blank, indented or the next enumerator (else the line is text)."""
    if ordinal is None:
        return False
    if i + 1 >= len(lines) or not lines[i + 1][:1].strip():
        return True
    result = _MAKE_ENUMERATOR(_ENUM, ordinal + 1, sequence, form)
    return bool(result) and lines[i + 1].startswith(tuple(result))


def _enumerated_items(lines: Sequence[str], i: int
                      ) -> tuple[list[tuple[list[str], int]], int] | None:
    """The items of the enumerated list starting at ``i`` and the index after it, as
    docutils' ``Body.enumerator`` and ``EnumeratedList`` state read them; None when the
    line is text after all. A list that does not start at 1 is docutils' (it reports)."""
    form, sequence, ordinal, start = _enumerator(lines[i])
    if not _is_enumerated_item(lines, i, ordinal, sequence, form):
        return None
    if ordinal != 1:
        raise _Unsupported("enumerated list not starting at 1")
    enumtype = "arabic" if sequence == "#" else sequence
    auto = sequence == "#"
    items = []
    while True:
        block, blank_finish, end = _list_item(lines, i, start)
        items.append(block)
        last = ordinal
        if end < len(lines) and _kind(lines[end]) == "enumerator":
            form_next, sequence, ordinal, start = _enumerator(lines[end], enumtype)
            assert last is not None
            if form_next == form and (sequence == "#" or (
                    sequence == enumtype and not auto and ordinal == last + 1)) \
                    and _is_enumerated_item(lines, end, ordinal, sequence, form):
                auto = auto or sequence == "#"
                i = end
                continue
        if not blank_finish:
            raise _Unsupported("enumerated list ends without a blank line")
        return items, end


def _cell_block(block: list[str], top: int, bottom: int, left: int, right: int) -> list[str]:
    """``StringList.get_2D_block``: the lines of a cell, right-stripped, with their
    common indentation removed."""
    cell = [line[left + 1:right].rstrip() for line in block[top:bottom]]
    indent = right
    for line in cell:
        if line:
            indent = min(indent, len(line) - len(line.lstrip()))
    if 0 < indent < right:
        cell = [line[indent:] for line in cell]
    return cell


def _directive_block(block: list[str], offset: int, directive: Callable[..., Any]
                     ) -> tuple[list[str], dict[str, str], list[str], int]:
    """``Body.parse_directive_block``: a directive's arguments, options, content and the
    offset of its content. Options are read only for ``toctree`` (whose content is
    ignored); elsewhere they make the page docutils'."""
    spec: dict[str, Any] = getattr(directive, "option_spec", None) or {}
    takes_arguments = bool(getattr(directive, "required_arguments", 0)
                           or getattr(directive, "optional_arguments", 0))
    indented = list(block)
    if indented and not indented[0].strip():
        indented = indented[1:]
        offset += 1
    while indented and not indented[-1].strip():
        indented.pop()
    first_blank = len(indented)
    if indented and (takes_arguments or spec):
        first_blank = next((n for n, line in enumerate(indented) if not line.strip()),
                           len(indented))
        arg_block = indented[:first_blank]
        content = indented[first_blank + 1:]
        content_offset = offset + first_blank + 1
    else:
        arg_block, content, content_offset = [], indented, offset
    options: dict[str, str] = {}
    if spec:
        marker = next((n for n, line in enumerate(arg_block) if _FIELD_MARKER.match(line)),
                      None)
        if marker is not None:
            options = _extension_options(arg_block[marker:], spec, directive)
            arg_block = arg_block[:marker]
    if arg_block and not takes_arguments:
        content = arg_block + indented[first_blank:]
        content_offset = offset
        arg_block = []
    while content and not content[0].strip():
        content = content[1:]
        content_offset += 1
    arguments: list[str] = []
    if takes_arguments:
        text = "\n".join(arg_block)
        arguments = text.split()
        if len(arguments) > 1:
            if not getattr(directive, "final_argument_whitespace", False):
                raise _Unsupported("too many directive arguments")
            arguments = text.split(None, 0)
    if content and not getattr(directive, "has_content", False):
        raise _Unsupported("directive content not permitted")
    return arguments, options, content, content_offset


def _extension_options(lines: list[str], spec: dict[str, Any], directive: Any
                       ) -> dict[str, str]:
    """A ``toctree``'s options, one ``:name: value`` line each, checked as docutils
    checks them (known names, no value for a flag, no duplicate)."""
    if directive is not IgnoredDirective:
        raise _Unsupported("directive options")
    options: dict[str, str] = {}
    for line in lines:
        match = _FIELD_MARKER.match(line)
        if match is None:
            raise _Unsupported("option block")
        marker = match.group()[1:]
        name = marker[:marker.rfind(":")].lower()
        value = line[match.end():].strip()
        if len(name.split()) != 1 or name not in spec or name in options:
            raise _Unsupported("unknown or repeated option")
        if spec[name] is directives.flag and value:
            raise _Unsupported("flag option with a value")
        options[name] = value
    return options
