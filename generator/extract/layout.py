"""Where each block of a page sits: the part of the API page it belongs to.

A block's role comes from the section it is in (or the nearest enclosing section
that has one) and from pseudo-headings above it in that section: a short paragraph
or list item such as "Request parameters", "Example response", "**Status code:
200**" or "Abnormal response" opens a part of its own without being a heading. The
lead of a table is the short paragraph right above it ("Parameter in the
**os-set_bootable** field"), which says what a caption would.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.extract.labels import Labels, SectionRole
from generator.extract.request_line import parse_request_line
from generator.page import Block, CodeBlock, Page, Paragraph, Section, Table

# the status of a response part that documents failures without a code
ERROR_STATUS = "default"
# a pseudo-heading is short and is not a sentence
_PSEUDO_HEADING_CHARS = 100


@dataclass(frozen=True)
class Located:
    """A block and where it sits: its section (index in ``page.sections``), the role
    of the part it is in, the response status in effect, and for a table its lead."""

    block: Block
    section: int
    role: SectionRole | None
    status: str | None = None
    lead: str = ""
    # the last pseudo-heading above the table in its part that names a kind of table
    # ("Parameters in the request header"), when list items under it lead the tables
    # ("Obtaining ... with an agency token"): it labels the tables its items hold
    part_label: str = ""


def locate(page: Page, labels: Labels) -> list[Located]:
    """Every block of the page, in order, with where it sits."""
    located: list[Located] = []
    enclosing: list[tuple[int, SectionRole | None]] = []  # (level, role) of open headings
    for index, section in enumerate(page.sections):
        while enclosing and enclosing[-1][0] >= section.level:
            enclosing.pop()
        own = labels.section_role(section.heading)
        if own is None and _opens_with_request_line(section):
            # a heading the words do not know ("URL") over what can only be a request line
            own = SectionRole.URI
        role = own if own is not None else next(
            (r for _, r in reversed(enclosing) if r is not None), None)
        enclosing.append((section.level, role))
        status = labels.status_of(section.heading)
        if status is None and labels.is_error_response(section.heading):
            status = ERROR_STATUS
        part_label = ""
        for position, block in enumerate(section.blocks):
            if isinstance(block, Paragraph):
                found = labels.status_of(block.text)
                if found is None and labels.is_error_response(block.text):
                    found = ERROR_STATUS
                if found is not None:
                    status = found
                    if role is None:
                        role = SectionRole.RESPONSE
                elif status is not None and is_pseudo_heading(block) \
                        and labels.is_normal_response(block.text):
                    status = None  # "正常响应": back to the response for success
                elif is_pseudo_heading(block):
                    opened = _pseudo_role(labels, block.text, role)
                    if opened is not role:
                        role, part_label = opened, ""
                    if labels.read_caption(block.text).role is not None:
                        part_label = block.text
                located.append(Located(block, index, role, status))
            else:
                assert isinstance(block, Table | CodeBlock)
                located.append(Located(block, index, role, status,
                                       lead_of(section, position), part_label))
    return located


def _opens_with_request_line(section: Section) -> bool:
    first = section.blocks[0] if section.blocks else None
    return isinstance(first, Paragraph) and parse_request_line(first.text) is not None


def lead_of(section: Section, position: int) -> str:
    """The short paragraph right above the block at ``position`` (nothing between),
    which labels it as a caption would; ``""`` if there is none."""
    if position == 0:
        return ""
    above = section.blocks[position - 1]
    if isinstance(above, Paragraph) and len(above.text) <= _PSEUDO_HEADING_CHARS:
        return above.text
    return ""


def is_pseudo_heading(paragraph: Paragraph) -> bool:
    """A short label rather than a sentence: a list item, or bold-led, or a few words
    not ending as a sentence ends."""
    text = paragraph.text.strip()
    if not text or len(text) > _PSEUDO_HEADING_CHARS:
        return False
    if text.endswith((".", "。")) and not text.endswith("..."):
        return False
    bold_led = bool(paragraph.content.strong) and text.startswith(paragraph.content.strong[0])
    return paragraph.in_list or bold_led or len(text.split()) <= 6


def _pseudo_role(labels: Labels, text: str, current: SectionRole | None,
                 ) -> SectionRole | None:
    """The role a pseudo-heading opens, or ``current`` when it opens none. A bare
    "Example" label keeps the side it stands in (under Response: a response example)."""
    pseudo = labels.section_role(text)
    if pseudo is None and labels.example_lead.search(text):
        if current in (SectionRole.REQUEST, SectionRole.REQUEST_EXAMPLE):
            return SectionRole.REQUEST_EXAMPLE
        if current in (SectionRole.RESPONSE, SectionRole.RESPONSE_EXAMPLE):
            return SectionRole.RESPONSE_EXAMPLE
    if pseudo is None or pseudo is SectionRole.FUNCTION:
        return current
    return pseudo
