"""Which member of an ``anyOf``/``oneOf`` on the old side is which on the new side.

Each side labels its members by what names them there (see :mod:`.flatten`); a
member keeps its identity across revisions by its discriminator value, else its
title, else its shape (the fields it has); members that share nothing are one
removed and one added. A composition on one side facing a plain schema on the other is that
schema and one member: the member most like it. Paired new members take the old
member's label, so the engine compares them position by position.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diff.model import Node

Tree = dict[str, Node]


def align_variants(old: Tree, new: Tree) -> tuple[Tree, Tree]:
    """``old`` and ``new`` with the paths of paired variants made the same."""
    done: set[str] = set()
    while True:
        parents = sorted({n.parent for tree in (old, new) for n in tree.values() if n.variant}
                         - done, key=lambda p: (len(p), p))
        parent = next((p for p in parents if p in old and p in new), None)
        if parent is None:
            return old, new
        done.add(parent)
        old, new = _align(parent, old, new)


def _align(parent: str, old: Tree, new: Tree) -> tuple[Tree, Tree]:
    old_members = _members(old, parent)
    new_members = _members(new, parent)
    if not new_members:  # a plain schema became ... was one of several: the likest
        best = _likest(_shape(new, parent), old_members, old)
        return (_move(old, best.path, parent) if best else old), new
    if not old_members:
        best = _likest(_shape(old, parent), new_members, new)
        return old, (_move(new, best.path, parent) if best else new)
    pairs: list[tuple[Node, Node]] = []
    for strength in (3, 2):  # discriminator values, then titles
        for o in [m for m in old_members if m.variant == strength]:
            match = next((n for n in new_members if n.variant == strength
                          and n.name == o.name), None)
            if match is not None:
                pairs.append((o, match))
                old_members.remove(o)
                new_members.remove(match)
    # then by shape, the most alike first
    scored = sorted(((_similarity(_shape(old, o.path), _shape(new, n.path)), i, j)
                     for i, o in enumerate(old_members) for j, n in enumerate(new_members)),
                    key=lambda t: (-t[0], t[1], t[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    for score, i, j in scored:
        if score > 0 and i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old_members[i], new_members[j]))
    # members that share nothing are one gone and one come, even one of each
    left_old = [m for i, m in enumerate(old_members) if i not in used_old]
    left_new = [m for j, m in enumerate(new_members) if j not in used_new]
    for o, n in pairs:
        if o.path != n.path:
            new = _move(new, n.path, _free(new, o.path, n.path))
    taken = {m.path for m in left_old}
    for n in left_new:  # an added member never stands where an old one stood
        if n.path in taken:
            new = _move(new, n.path, _free(new, f"{n.path[:-1]}'>", n.path))
    return old, new


def _free(tree: Tree, wanted: str, moving: str) -> str:
    """``wanted``, or a name beside it when another node of ``tree`` stands there."""
    while wanted in tree and wanted != moving:
        wanted = f"{wanted[:-1]}'>"
    return wanted


def _members(tree: Tree, parent: str) -> list[Node]:
    return sorted((n for n in tree.values() if n.parent == parent and n.variant),
                  key=lambda n: n.index)


def _shape(tree: Tree, path: str) -> frozenset[str]:
    """The fields of a member, or its type where it has none (``anyOf: [string, ...]``)."""
    names = {n.name for n in tree.values() if n.parent == path and not n.variant}
    node = tree.get(path)
    return frozenset(names or {f":{node.type if node is not None else ''}"})


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _likest(shape: frozenset[str], members: list[Node], tree: Tree) -> Node | None:
    scored = [(_similarity(shape, _shape(tree, m.path)), -m.index, m) for m in members]
    best = max(scored, key=lambda t: (t[0], t[1]), default=None)
    return best[2] if best is not None and best[0] > 0 else None


def _move(tree: Tree, source: str, target: str) -> Tree:
    """``tree`` with the node at ``source`` and everything below it moved to ``target``;
    where a node already stands at ``target`` (a member becoming its plain parent),
    the member's own node goes and its children join the parent."""

    def moved(path: str) -> str | None:
        if path == source:
            return target
        if path.startswith(source) and path[len(source)] in ".[{<":
            return target + path[len(source):]
        return None

    result: Tree = {}
    for path, node in tree.items():
        to = moved(path)
        if to is None:
            result[path] = node
        elif path == source and target in tree:
            continue
        else:
            parent = moved(node.parent)
            name = to[to.rindex("<"):] if path == source and to.endswith(">") else node.name
            result[to] = replace(node, path=to, name=name,
                                 parent=parent if parent is not None else node.parent)
    return result
