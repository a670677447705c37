"""What a page says it is called: its id, and the vendor's own name for its API.

The id (``:original_name:``, the first anchor, else the file's stem) identifies the
page and stays in provenance; it is never an operation's name. The vendor's name is:
the ``api=`` of a link to the vendor's API Explorer (Huawei Cloud pages link
``apiexplorer/doc?product=EVS&api=DeleteVolume`` or ``#/openapi/EVS/doc?api=...``),
else a page label or file name that already is a name (``ListTasks.html``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from generator.names.vocabulary import ENGLISH
from generator.names.words import split_words
from generator.page import Page, Paragraph

# an identifier a vendor names an operation with: CamelCase, letters and digits
_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$")
# what marks a page id, not a name: a run of digits (modelarts_03_0043), a topic id
_PAGE_ID = re.compile(r"(?i)(?:^|_)topic_|\d{3,}")


def is_name(text: str) -> bool:
    """Whether ``text`` is already an operation's name (``ListTasks``)."""
    return bool(_NAME.match(text)) and not _PAGE_ID.search(text)


def page_id(page: Page) -> str:
    original = page.metadata.get("original_name", "")
    name = original.removesuffix(".html").removesuffix(".htm").strip()
    if not name and page.anchors:
        name = page.anchors[0]
    return name or page.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def vendor_name(page: Page) -> str:
    """The vendor's own name for the page's API, or ``""``. A name from an API Explorer
    link says its product too: ``EVS:DeleteVolume`` (the naming pass checks it against
    the docs set's other links: a page may link another product's API by mistake)."""
    for section in page.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                for link in block.content.links:
                    product, name = explorer_name(link.target)
                    if name:
                        return f"{product}:{name}" if product else name
    original = page.metadata.get("original_name", "").removesuffix(".html").strip()
    if is_name(original):
        return original
    stem = page.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if is_name(stem):
        return stem
    # a label is a name only when it reads as one: a verb, then its object
    # (``.. _ListTasks:``), not a page's nickname (``.. _Cyclic:``)
    label = page.anchors[0] if page.anchors else ""
    words = split_words(label)
    if is_name(label) and len(words) >= 2 and words[0].lower() in ENGLISH.verbs:
        return label
    return ""


def explorer_name(url: str) -> tuple[str, str]:
    """The product and operation an API Explorer link names
    (``...apiexplorer/doc?product=EVS&api=DeleteVolume``,
    ``...#/openapi/ECS/doc?api=ListServers``), or ``("", "")``."""
    if "apiexplorer" not in url.lower() and "/openapi/" not in url:
        return "", ""
    parts = urlsplit(url)
    fragment_path, _, fragment_query = parts.fragment.partition("?")
    from_path = re.search(r"/openapi/([^/]+)/", fragment_path)
    for query in (parts.query, fragment_query):
        params = parse_qs(query)
        for value in params.get("api", []):
            if _NAME.match(value):
                product = (params.get("product") or [from_path.group(1) if from_path else ""])
                return product[0].upper(), value
    return "", ""
