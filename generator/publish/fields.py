"""HTML for fields: parameters and body properties, each level below the first in a
native ``<details>`` (collapsed, openable without script and from ``file://``).

Built in Python rather than in a template macro because a reference has tens of
thousands of fields and a macro call per field costs most of the publishing time.
Every piece of text from the document goes through :func:`escape`; only anchors and
URLs made by the model, and the fixed markup here, are written as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup

from generator.publish.i18n import (
    DEFINITION_LABELS,
    EMPTY_VALUES,
    FACT_LABELS,
    Catalogue,
)
from generator.publish.model import EnumValue, Field

LEVELS = ("breaking", "uncertain", "warning", "info")  # worst first (diff.Level)
def escape(text: str) -> str:
    """``text`` safe in HTML text and attribute values (as markupsafe escapes it, as a
    plain str: tens of thousands of Markup objects cost a tenth of the publishing; five
    replaces run in C, where a translate table looks each character up in Python)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


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


_DEFINITION = frozenset(w for words in DEFINITION_LABELS.values() for w in words)
_FACT = frozenset(w for words in FACT_LABELS.values() for w in words)
_LABELLED = re.compile(r"^\s*\**([^:：*]{1,24}?)\**\s*[:：]\s*(.*)$")


def paragraphs(text: str) -> Markup:
    """Plain description text as HTML: blank lines part paragraphs, lines starting
    with "- " or "* " make a list, other line breaks are kept; "Range: 1-100" lines
    (the docs' fact labels) make a compact list, without the ones that say "N/A".
    Everything is escaped."""
    blocks: list[str] = []
    for block in text.strip().split("\n\n"):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        html: list[str] = []
        items: list[str] = []
        facts: list[str] = []
        for line in lines:
            stripped = line.lstrip()
            kind, label, value = _line_kind(stripped)
            if kind == "empty":
                continue
            if kind != "item" and items:
                html.append(f"<ul>{''.join(items)}</ul>")
                items = []
            if kind != "fact" and facts:
                html.append(f'<dl class="facts">{"".join(facts)}</dl>')
                facts = []
            if kind == "item":
                items.append(f"<li>{escape(stripped[2:].strip())}</li>")
            elif kind == "fact":
                facts.append(f"<div><dt>{escape(label)}</dt><dd>{escape(value)}</dd></div>")
            elif kind == "definition":
                html.append(f"<p>{escape(value)}</p>")
            else:
                html.append(f"<p>{escape(stripped)}</p>")
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
        if facts:
            html.append(f'<dl class="facts">{"".join(facts)}</dl>')
        blocks.append("".join(html))
    return Markup("".join(blocks))


def _line_kind(line: str) -> tuple[str, str, str]:
    """("item" | "fact" | "definition" | "empty" | "text", label, value) of a line."""
    if line[:2] in ("- ", "* ", "• "):
        return "item", "", ""
    found = _LABELLED.match(line) if ":" in line or "：" in line else None
    if found is None:
        return "text", "", ""
    label, value = found.group(1).strip(), found.group(2).strip()
    folded = label.lower()
    if folded not in _FACT and folded not in _DEFINITION:
        return "text", "", ""
    if value.lower().rstrip("。.") in EMPTY_VALUES:
        return "empty", "", ""
    if not value:
        # "Definition:" above its text says nothing; another label introduces what
        # follows (a list of values)
        return ("empty" if folded in _DEFINITION else "text"), "", ""
    return ("definition" if folded in _DEFINITION else "fact"), label, value


def path_breaks(path: str) -> Markup:
    """A path template that a narrow screen wraps after a slash, not inside a word."""
    return Markup(escape(path).replace("/", "/<wbr>"))


def describe(item: Described, t: Catalogue) -> Markup:
    """An item's description, constraints and documented values."""
    out: list[str] = []
    _describe(item, t, out)
    return Markup("".join(out))


def source(where: str, t: Catalogue, page_file: str = "", short: bool = False) -> Markup:
    """Where an item comes from: "from file.rst:42", or "from line 42" ("line 42" when
    ``short``) when that is in ``page_file``, the file the page names at its top."""
    if not where:
        return Markup("")
    if page_file and where.startswith(page_file + ":"):
        text = escape(t("line", line=where[len(page_file) + 1:]))
    else:
        text = f"<code>{escape(where)}</code>"
    if not short:
        text = escape(t("from_file", where="\0")).replace("\0", text)
    return Markup(f'<span class="source">{text}</span>')


def type_link(type_name: str, link: str | None, root: str, t: Catalogue) -> Markup:
    shown = escape(t.fill(type_name))
    if link:
        return Markup(f'<a class="type" href="{root}{escape(link)}">{shown}</a>')
    return Markup(f'<span class="type">{shown}</span>')


def badge(marks: tuple[Mark, ...], root: str, t: Catalogue) -> Markup:
    """A "changed" badge linking to the first of ``marks`` on the changes page."""
    if not marks:
        return Markup("")
    worst = min(marks, key=lambda m: LEVELS.index(m.level))
    title = "; ".join(m.message for m in marks)
    text = t("breaking_change" if worst.level == "breaking" else "changed")
    return Markup(f' <a class="changed {worst.level}" href="{root}changes.html#{worst.id}" '
                  f'title="{escape(title)}">{escape(text)}</a>')


def field_list(fields: tuple[Field, ...], root: str, t: Catalogue,
               marks: PageMarks = NO_MARKS, page_file: str = "",
               open_first: bool = False) -> Markup:
    """The fields as nested lists: the first level shown, each deeper one collapsed
    (with ``open_first``, the second level shown too: a request body's, which a caller
    builds)."""
    if not fields:
        return Markup("")
    out: list[str] = []
    _fields(fields, _Context(root, t, marks, page_file), out, open_first)
    return Markup("".join(out))


@dataclass(frozen=True)
class _Context:
    root: str
    t: Catalogue
    marks: PageMarks
    page_file: str


def _fields(fields: tuple[Field, ...], at: _Context, out: list[str],
            opened: bool = False) -> None:
    t = at.t
    out.append('<ul class="fields">')
    for field in fields:
        anchor = escape(field.anchor)
        name = t("option", kind=t(field.option), n=field.name) if field.option else field.name
        # the name is monospace by its class, and site.js makes it a link to the field
        # (its deep link): a <code> and an href in each of ten thousand fields weigh
        # 700 kB on a large reference
        out.append(f'<li id="{anchor}"><div class="fh"><span class="name">{escape(name)}'
                   '</span> ')
        out.append(type_link(field.type, field.link, at.root, t))
        if field.required:
            out.append(f' <span class="required">{escape(t("required"))}</span>')
        if field.deprecated:
            out.append(f' <span class="deprecated">{escape(t("deprecated"))}</span>')
        found = at.marks.at.get(field.anchor)
        if found:
            out.append(badge(found, at.root, t))
        out.append(source(field.source, t, at.page_file, short=True))
        out.append('</div>')
        _describe(field, t, out)
        if field.note:
            out.append(f'<p class="note">{escape(t(field.note, name=field.note_of))}</p>')
        if field.children:
            out.append(f'<details{" open" if opened else ""}><summary>'
                       f'{escape(t.count("fields", len(field.children)))}')
            inside = at.marks.inside.get(field.anchor)
            if inside:
                out.append(f' <span class="changed-inside {inside}">'
                           f'{escape(t("changes_inside"))}</span>')
            out.append('</summary>')
            _fields(field.children, at, out)
            out.append('</details>')
        out.append('</li>')
    out.append('</ul>')


def _describe(item: Described, t: Catalogue, out: list[str]) -> None:
    if item.description:
        html = str(paragraphs(item.description))
        if html.startswith("<p>") and html.count("<p>") == 1 and html.endswith("</p>"):
            out.append(f'<p class="description">{html[3:]}')  # one paragraph: no wrapper
        else:
            out.append(f'<div class="description">{html}</div>')
    if item.constraints:
        out.append('<ul class="constraints">')
        out.extend(f"<li>{escape(t.fill(c))}</li>" for c in item.constraints)
        out.append('</ul>')
    if item.enum:
        title = (f'{escape(t("known_values"))} <span class="open">'
                 f'{escape(t("not_exhaustive"))}</span>'
                 if item.enum_open else escape(t("values")))
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
