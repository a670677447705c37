"""The docs set's outline: its tables of contents as a tree of groups.

Index pages say how the docs group their pages: a ``toctree`` (RST), a nested list
of links (``index.md``), a list of child links (an HTML group page). From the root
index down, each page that lists others is a group titled as the list titles it
("Disk Management" under "APIs (Recommended)"); a bracketed label with no page
(``[API v2]``) is a group too. An API page belongs to the group that lists it. The
root's title names the API ("Elastic Volume Service - API Reference"); where it is
only the words "API reference", the overview's "welcome to X" does.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.diagnostics import Source
from generator.ir import Group
from generator.page import Page, Paragraph

# "Elastic Volume Service - API Reference", "API参考", "ModelArts API Reference"
_REFERENCE_WORDS = re.compile(
    r"(?i)\s*[-–—:|]?\s*\b(api\s*(reference|references|docs|documentation|guide)|"
    r"reference)\s*$|\s*[-–—:|]?\s*API\s*参考\s*$|^\s*API\s*参考\s*$")
# the overview's first words name the service: "欢迎使用云硬盘（Elastic Volume Service）"
_WELCOME = re.compile(r"欢迎使用\s*(?P<zh>[^（(，,。\s]+)|(?i:\bwelcome to (?:the )?)"
                      r"(?P<en>[A-Z][\w-]*(?: [A-Z][\w-]*)*)")
_INDEX_STEMS = ("index", "README", "readme", "toc")
_PARENTHESES = re.compile(r"\s*[(（][^()（）]*[)）]")


@dataclass(frozen=True)
class Outline:
    """``title``: the API's name from the root page (``""`` when it gives none);
    ``groups`` in the docs' order; ``group_of`` each listed page's group name."""

    title: str
    groups: tuple[Group, ...]
    group_of: dict[str, str]


@dataclass(frozen=True)
class _Node:
    """A page, or a label group of a page's list (``page`` and the label's line)."""

    page: str
    line: int = 0  # 0 for the page itself


def read_outline(pages: Iterable[Page]) -> Outline:
    by_path = {page.path: page for page in pages}
    children: dict[_Node, list[tuple[_Node, str]]] = {}
    for page in by_path.values():
        for node, title, parent in _nested(page, by_path):
            children.setdefault(parent or _Node(page.path), []).append((node, title))
    root = _root(by_path, children)
    order: list[tuple[_Node, _Node | None, str]] = []  # node, parent, its title
    seen: set[_Node] = set()

    def visit(node: _Node, parent: _Node | None, title: str) -> None:
        if node in seen:
            return
        seen.add(node)
        order.append((node, parent, title))
        for child, child_title in children.get(node, []):
            visit(child, node, child_title)

    roots = ([root] if root is not None else []) + sorted(
        (n for n in children if n != root and not _listed(n, children)),
        key=lambda n: n.page)
    for node in roots:
        visit(node, None, "")
    parent_of = {node: parent for node, parent, _ in order}
    title_of = {node: title or (by_path[node.page].title if not node.line else "")
                for node, _, title in order}

    groups: dict[_Node, Group] = {}
    used: dict[str, int] = {}
    group_of: dict[str, str] = {}
    for node, parent, _ in order:
        if node.line or node.page not in by_path or children.get(node):
            continue
        holder = parent if parent is not None and parent != root else None
        if holder is None:
            continue
        for ancestor in _chain(holder, parent_of, root):
            if ancestor not in groups:
                groups[ancestor] = _group(ancestor, title_of, parent_of, root, by_path,
                                          used, groups)
        group_of[node.page] = groups[holder].name
    index = root if root is not None and _is_index(root.page) else None
    title = _api_title(by_path[index.page] if index is not None else None, order, by_path)
    return Outline(title, tuple(groups.values()), group_of)


def _nested(page: Page, pages: dict[str, Page]) -> list[tuple[_Node, str, _Node | None]]:
    """A page's toc as (node, title, parent) triples: an entry's parent is the label or
    page above it in a nested list (``None`` at the first depth: the page itself)."""
    out: list[tuple[_Node, str, _Node | None]] = []
    stack: list[tuple[int, _Node]] = []
    for entry in page.toc:
        if entry.page and entry.page not in pages:
            continue  # a link to a file the docs set does not hold
        node = _Node(entry.page) if entry.page else _Node(page.path, entry.line)
        while stack and stack[-1][0] >= entry.depth:
            stack.pop()
        out.append((node, entry.title, stack[-1][1] if stack else None))
        stack.append((entry.depth, node))
    return out


def _root(pages: dict[str, Page], children: dict[_Node, list[tuple[_Node, str]]],
          ) -> _Node | None:
    """The docs set's root index: ``index.*`` at the top, else the largest toc that no
    other page lists."""
    for path in sorted(pages, key=lambda p: (_INDEX_STEMS.index(posixpath.splitext(p)[0])
                                             if _is_index(p) else 99, p)):
        if _is_index(path) and _Node(path) in children:
            return _Node(path)
    unlisted = [n for n in children if not _listed(n, children)]
    return max(unlisted, key=lambda n: (len(children[n]), n.page), default=None)


def _is_index(path: str) -> bool:
    return "/" not in path and posixpath.splitext(path)[0] in _INDEX_STEMS


def _listed(node: _Node, children: dict[_Node, list[tuple[_Node, str]]]) -> bool:
    return any(node == child for kids in children.values() for child, _ in kids)


def _chain(node: _Node, parent_of: dict[_Node, _Node | None], root: _Node | None,
           ) -> list[_Node]:
    chain = []
    current: _Node | None = node
    while current is not None and current != root:
        chain.append(current)
        current = parent_of.get(current)
    return list(reversed(chain))


def _group(node: _Node, title_of: dict[_Node, str], parent_of: dict[_Node, _Node | None],
           root: _Node | None, pages: dict[str, Page], used: dict[str, int],
           groups: dict[_Node, Group]) -> Group:
    title = " ".join(title_of.get(node, "").split()) or _folder_title(node.page)
    parent = parent_of.get(node)
    parent_group = groups.get(parent) if parent is not None and parent != root else None
    name = title
    if name.casefold() in used and parent_group is not None:
        name = f"{title} ({_PARENTHESES.sub('', parent_group.title).strip()})"
    count = used.get(name.casefold(), 0)
    used[name.casefold()] = count + 1
    if count:
        name = f"{name} {count + 1}"
        used[name.casefold()] = 1
    page = pages.get(node.page)
    description = _description(page) if page is not None and not node.line else ""
    line = node.line or (page.line if page is not None else 1)
    return Group(name, title, description, parent_group.name if parent_group else "",
                 Source(node.page, line))


def _description(page: Page) -> str:
    """A group page's own words: its paragraphs that are not list entries."""
    words = [block.text for section in page.sections for block in section.blocks
             if isinstance(block, Paragraph) and not block.in_list]
    return "\n\n".join(words[:2])


def _folder_title(path: str) -> str:
    folder = posixpath.basename(posixpath.dirname(path)) or posixpath.splitext(path)[0]
    return " ".join(w[:1].upper() + w[1:] for w in re.split(r"[_\-\s]+", folder) if w)


def _api_title(root: Page | None, order: list[tuple[_Node, _Node | None, str]],
               pages: dict[str, Page]) -> str:
    if root is not None:
        title = _REFERENCE_WORDS.sub("", root.title).strip(" -–—:|")
        if title:
            return title
    for node, _, _ in order:
        page = pages.get(node.page)
        if page is None or node.line:
            continue
        for section in page.sections[:2]:
            for block in section.blocks[:3]:
                if isinstance(block, Paragraph):
                    found = _WELCOME.search(block.text)
                    if found:
                        return (found.group("zh") or found.group("en") or "").strip()
    return ""
