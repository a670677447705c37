"""Readers turn a page file into a :class:`~generator.page.Page`; one per syntax.

:func:`read_page` picks the reader by file name and turns undecodable input
into a diagnostic instead of an exception.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePosixPath

from generator.diagnostics import Diagnostic, Level, Source
from generator.page import Page

# A page is untrusted input: one far larger than any real page is refused rather than
# parsed for minutes (the largest ModelArts page is 0.3 MB).
MAX_PAGE_BYTES = 50_000_000
LARGE_PAGE_BYTES = 5_000_000

Reader = Callable[[str, str], tuple[Page, list[Diagnostic]]]

# each reader is imported when a page of its kind is first read: an RST docs set needs
# neither markdown-it nor lxml (80 ms of a one-page build's imports)
READERS: dict[str, tuple[str, str]] = {
    ".rst": ("rst", "read_rst"), ".txt": ("rst", "read_rst"),
    ".html": ("html", "read_html"), ".htm": ("html", "read_html"),
    ".md": ("markdown", "read_markdown"), ".markdown": ("markdown", "read_markdown"),
}


def reader_for(path: str) -> Reader | None:
    found = READERS.get(PurePosixPath(path).suffix.lower())
    if found is None:
        return None
    module, name = found
    reader: Reader = getattr(importlib.import_module(f"generator.readers.{module}"), name)
    return reader


def read_page(data: bytes, path: str) -> tuple[Page | None, list[Diagnostic]]:
    """Read the bytes of the page at ``path`` (relative to the docs root)."""
    reader = reader_for(path)
    if reader is None:
        return None, [Diagnostic(Level.WARNING, "no-reader",
                                 "no reader for this kind of file", Source(path, 1))]
    if len(data) > MAX_PAGE_BYTES:
        return None, [Diagnostic(Level.ERROR, "page-too-large",
                                 f"the file has {len(data):,} bytes, more than the "
                                 f"{MAX_PAGE_BYTES:,} a page may have: not read",
                                 Source(path, 1))]
    if not data.strip():
        return None, [Diagnostic(Level.WARNING, "empty-file", "the file is empty",
                                 Source(path, 1))]
    if b"\x00" in data:
        return None, [Diagnostic(Level.ERROR, "binary-file",
                                 "the file holds NUL bytes: not a text page", Source(path, 1))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Diagnostic(Level.ERROR, "not-utf8",
                                 f"the file is not UTF-8 ({exc.reason} at byte {exc.start})",
                                 Source(path, line))]
    page, diagnostics = reader(text, path)
    if len(data) > LARGE_PAGE_BYTES:
        diagnostics.append(Diagnostic(Level.WARNING, "large-page",
                                      f"the file has {len(data):,} bytes; API pages have far "
                                      "fewer: is it one page?", Source(path, 1)))
    return page, diagnostics
