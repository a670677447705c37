"""HTML for fields: parameters and body properties, each level below the first in a
native ``<details>`` (collapsed, openable without script and from ``file://``).

Built in Python rather than in a template macro because a reference has tens of
thousands of fields and a macro call per field costs most of the publishing time.
Every piece of text from the document goes through :func:`escape`; only anchors and
URLs made by the model, and the fixed markup here, are written as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup

from generator.publish.model import EnumValue, Field

LEVELS = ("breaking", "uncertain", "warning", "info")  # worst first (diff.Level)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def escape(text: str) -> str:
    """``text`` safe in HTML text and attribute values (as markupsafe escapes it, as a
    plain str: tens of thousands of Markup objects cost a tenth of the publishing)."""
    return text.translate(_ESCAPES)


@dataclass(frozen=True)
class Mark:
    """A change found at a field: the changes page's entry for it."""

    id: str  # the entry's anchor on the changes page: "change-12"
    level: str  # breaking, warning, info
    message: str


@dataclass(frozen=True)
class PageMarks:
    """The changes that concern one operation page."""

    at: Mapping[str, tuple[Mark, ...]]  # anchor → the changes found there
    inside: Mapping[str, str]  # anchor → the worst level of the changes below it
    level: str  # the worst level on the page
    marks: tuple[Mark, ...]  # every change of the operation


NO_MARKS = PageMarks({}, {}, "", ())


class Described(Protocol):
    @property
    def description(self) -> str: ...
    @property
    def constraints(self) -> tuple[str, ...]: ...
    @property
    def enum(self) -> tuple[EnumValue, ...]: ...
    @property
    def enum_open(self) -> bool: ...


def paragraphs(text: str) -> Markup:
    """Plain description text as HTML: blank lines part paragraphs, lines starting
    with "- " or "* " make a list, other line breaks are kept. Everything is escaped."""
    blocks: list[str] = []
    for block in text.strip().split("\n\n"):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        html: list[str] = []
        items: list[str] = []
        for line in lines:
            stripped = line.lstrip()
            if stripped[:2] in ("- ", "* ", "• "):
                items.append(f"<li>{escape(stripped[2:].strip())}</li>")
                continue
            if items:
                html.append(f"<ul>{''.join(items)}</ul>")
                items = []
            html.append(f"<p>{escape(stripped)}</p>")
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
        blocks.append("".join(html))
    return Markup("".join(blocks))


def path_breaks(path: str) -> Markup:
    """A path template that a narrow screen wraps after a slash, not inside a word."""
    return Markup(escape(path).replace("/", "/<wbr>"))


def describe(item: Described) -> Markup:
    """An item's description, constraints and documented values."""
    out: list[str] = []
    _describe(item, out)
    return Markup("".join(out))


def source(where: str, page_file: str = "", short: bool = False) -> Markup:
    """Where an item comes from: "from file.rst:42", or "from line 42" ("line 42" when
    ``short``) when that is in ``page_file``, the file the page names at its top."""
    if not where:
        return Markup("")
    if page_file and where.startswith(page_file + ":"):
        return Markup(f'<span class="source">{"" if short else "from "}line '
                      f"{escape(where[len(page_file) + 1:])}</span>")
    return Markup(f'<span class="source">{"" if short else "from "}<code>{escape(where)}'
                  "</code></span>")


def type_link(type_name: str, link: str | None, root: str) -> Markup:
    if link:
        return Markup(f'<a class="type" href="{root}{escape(link)}">{escape(type_name)}</a>')
    return Markup(f'<span class="type">{escape(type_name)}</span>')


def badge(marks: tuple[Mark, ...], root: str) -> Markup:
    """A "changed" badge linking to the first of ``marks`` on the changes page."""
    if not marks:
        return Markup("")
    worst = min(marks, key=lambda m: LEVELS.index(m.level))
    title = "; ".join(m.message for m in marks)
    text = "breaking change" if worst.level == "breaking" else "changed"
    return Markup(f' <a class="changed {worst.level}" href="{root}changes.html#{worst.id}" '
                  f'title="{escape(title)}">{text}</a>')


def field_list(fields: tuple[Field, ...], root: str, marks: PageMarks = NO_MARKS,
               page_file: str = "") -> Markup:
    """The fields as nested lists: the first level shown, each deeper one collapsed.
    A field's name links to itself (its deep link)."""
    if not fields:
        return Markup("")
    out: list[str] = []
    _fields(fields, root, marks, page_file, out)
    return Markup("".join(out))


def _fields(fields: tuple[Field, ...], root: str, marks: PageMarks, page_file: str,
            out: list[str]) -> None:
    out.append('<ul class="fields">')
    for field in fields:
        anchor = escape(field.anchor)
        out.append(f'<li id="{anchor}"><div class="fh"><a class="name" href="#{anchor}">'
                   f'<code>{escape(field.name)}</code></a> ')
        out.append(type_link(field.type, field.link, root))
        if field.required:
            out.append(' <span class="required">required</span>')
        if field.deprecated:
            out.append(' <span class="deprecated">deprecated</span>')
        found = marks.at.get(field.anchor)
        if found:
            out.append(badge(found, root))
        out.append(source(field.source, page_file, short=True))
        out.append('</div>')
        _describe(field, out)
        if field.note:
            out.append(f'<p class="note">{escape(field.note)}</p>')
        if field.children:
            count = len(field.children)
            out.append(f'<details><summary>{count} field{"s" if count != 1 else ""}')
            inside = marks.inside.get(field.anchor)
            if inside:
                out.append(f' <span class="changed-inside {inside}">changes inside</span>')
            out.append('</summary>')
            _fields(field.children, root, marks, page_file, out)
            out.append('</details>')
        out.append('</li>')
    out.append('</ul>')


def _describe(item: Described, out: list[str]) -> None:
    if item.description:
        out.append(f'<div class="description">{paragraphs(item.description)}</div>')
    if item.constraints:
        out.append('<ul class="constraints">')
        out.extend(f"<li>{escape(c)}</li>" for c in item.constraints)
        out.append('</ul>')
    if item.enum:
        title = ('Known values <span class="open">(not exhaustive)</span>'
                 if item.enum_open else "Values")
        if all(v.value in item.description and v.meaning in item.description
               for v in item.enum):
            # the description already says what each value means: just list them
            values = ", ".join(f"<code>{escape(v.value)}</code>" for v in item.enum)
            out.append(f'<p class="enum">{title}: {values}</p>')
            return
        out.append(f'<dl class="enum"><dt>{title}</dt>')
        for value in item.enum:
            meaning = f" — {escape(value.meaning)}" if value.meaning else ""
            out.append(f"<dd><code>{escape(value.value)}</code>{meaning}</dd>")
        out.append('</dl>')
