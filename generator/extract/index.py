"""One index of the anchors of a whole docs set, so that a link lands wherever its
target is: on the same page, on another page (``other.md#x``, ``page.html#id``), or
at a Sphinx label, which is global to the set (``:ref:`x```).

A link may name a table, the paragraph just above a table (a label before a list
item that introduces it), or a section; :meth:`DocsIndex.table_for` finds the table
such a link means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.extract.layout import lead_of
from generator.page import Link, Page, Paragraph, Section, Table, normalise_anchor

# Pages whose labels are global to the docs set (Sphinx's :ref: targets)
_GLOBAL_LABELS = (".rst", ".txt")
# How many paragraphs may stand between an anchored paragraph and the table it
# introduces ("Parameter in the **os-set_bootable** field", then the table).
_LEAD_PARAGRAPHS = 2


# a link as it was resolved: the page it was read on, its target, the page it names,
# whether loosely; and where it landed (page, section, block), or None
Query = tuple[str, str, str, bool]
Landing = tuple[str, int, int | None] | None


@dataclass(frozen=True)
class Place:
    """Where an anchor stands: a block of a section, the section's heading (``block``
    is None), or the page itself (``section`` is -1 too)."""

    page: Page
    section: int
    block: int | None


class DocsIndex:
    """The anchors and tables of every page of a docs set."""

    def __init__(self, pages: Iterable[Page]) -> None:
        self.pages: dict[str, Page] = {}
        self._local: dict[str, dict[str, Place]] = {}
        self._global: dict[str, list[Place]] = {}
        self._owner: dict[int, Page] = {}  # id(table) → its page
        self._lead: dict[int, str] = {}  # id(table) → the paragraph that introduces it
        # what a page's extraction depended on (see
        # :func:`generator.extract.docset.extract_docset`): the pages whose content links
        # have landed in, and where each link resolved landed
        self.reached: set[str] = set()
        self.resolved: dict[Query, Landing] = {}
        for page in pages:
            self.add(page)

    def add(self, page: Page) -> None:
        self.pages[page.path] = page
        local = self._local.setdefault(page.path, {})

        def define(anchor: str, place: Place) -> None:
            key = normalise_anchor(anchor)
            if key not in local:
                local[key] = place
                self._global.setdefault(key, []).append(place)

        for anchor in page.anchors:
            define(anchor, Place(page, -1, None))
        for s, section in enumerate(page.sections):
            for anchor in section.anchors:
                define(anchor, Place(page, s, None))
            for b, block in enumerate(section.blocks):
                if isinstance(block, Table):
                    self._owner[id(block)] = page
                    self._lead[id(block)] = lead_of(section, b)
                if isinstance(block, Table | Paragraph):
                    for anchor in block.anchors:
                        define(anchor, Place(page, s, b))

    def page_of(self, table: Table) -> Page | None:
        """The page a table stands on."""
        return self._owner.get(id(table))

    def label_of(self, table: Table) -> str:
        """What names a table: its caption, else the short paragraph right above it."""
        return table.caption or self._lead.get(id(table), "")

    def resolve(self, page: Page, link: Link, *, loosely: bool = False) -> Place | None:
        """Where an internal link lands: the named page's anchor, else this page's, else
        (for a Sphinx label, which is global; or ``loosely``, for an HTML id a page
        copied from another topic) the anchor another page defines, the nearest one
        when several do."""
        found = self._resolve(page.path, link.target, link.page, loosely=loosely) \
            if link.internal else None
        if link.internal:
            self.resolved[(page.path, link.target, link.page, loosely)] = _landing(found)
        if found is not None and found.section >= 0:
            # a link to a page as a whole ("see ListTrainingJobs") shows nothing of its
            # content (:func:`table_at` is None there): where it lands is the signature's
            self.reached.add(found.page.path)
        return found

    def agrees(self, resolved: Mapping[Query, Landing]) -> bool:
        """Whether every link resolved earlier lands where it landed then: what a page's
        extraction read of the other pages' anchors is still so (an anchor added, moved
        or removed elsewhere changes nothing else)."""
        return all(_landing(self._resolve(path, target, page, loosely=loosely)) == landing
                   for (path, target, page, loosely), landing in resolved.items())

    def _resolve(self, path: str, target: str, linked: str, *, loosely: bool) -> Place | None:
        key = normalise_anchor(target)
        if linked:
            found = self._local.get(linked, {}).get(key)
            if found is not None or linked in self.pages:
                return found
        found = self._local.get(path, {}).get(key)
        if found is not None:
            return found
        if not (loosely or path.endswith(_GLOBAL_LABELS)):
            return None
        everywhere = self._global.get(key, [])
        if len(everywhere) == 1:
            return everywhere[0]
        # a label copied into several topics: the nearest page by folder
        return min(everywhere, key=lambda p: (_distance(path, p.page.path), p.page.path),
                   default=None)

    def table_for(self, page: Page, link: Link, *, loosely: bool = False) -> Table | None:
        """The table a link means, if it means one."""
        place = self.resolve(page, link, loosely=loosely)
        return table_at(place) if place is not None else None


def table_at(place: Place) -> Table | None:
    """The table at a place: the anchored table itself; the table right after an
    anchored paragraph that introduces it; the first table of an anchored section
    (not of a page's title)."""
    if place.section < 0:
        return None
    section: Section = place.page.sections[place.section]
    if place.block is None:
        if section.line == place.page.line:
            return None  # the page's title: the link names the page, not a table
        return next(iter(section.tables()), None)
    block = section.blocks[place.block]
    if isinstance(block, Table):
        return block
    for offset, following in enumerate(section.blocks[place.block + 1:]):
        if isinstance(following, Table):
            return following
        if not isinstance(following, Paragraph) or offset >= _LEAD_PARAGRAPHS:
            return None
    return None


def _landing(place: Place | None) -> Landing:
    return (place.page.path, place.section, place.block) if place is not None else None


def _distance(a: str, b: str) -> int:
    """How far apart two pages are in the folder tree."""
    left, right = a.split("/")[:-1], b.split("/")[:-1]
    common = 0
    for x, y in zip(left, right, strict=False):
        if x != y:
            break
        common += 1
    return len(left) + len(right) - 2 * common
