"""Readers turn a page file into a :class:`~generator.page.Page`; one per syntax.

:func:`read_page` picks the reader by file name and turns undecodable input
into a diagnostic instead of an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from generator.diagnostics import Diagnostic, Level, Source
from generator.page import Page
from generator.readers.html import read_html
from generator.readers.markdown import read_markdown
from generator.readers.rst import read_rst

Reader = Callable[[str, str], tuple[Page, list[Diagnostic]]]

READERS: dict[str, Reader] = {
    ".rst": read_rst, ".txt": read_rst, ".html": read_html, ".htm": read_html,
    ".md": read_markdown, ".markdown": read_markdown,
}


def reader_for(path: str) -> Reader | None:
    return READERS.get(PurePosixPath(path).suffix.lower())


def read_page(data: bytes, path: str) -> tuple[Page | None, list[Diagnostic]]:
    """Read the bytes of the page at ``path`` (relative to the docs root)."""
    reader = reader_for(path)
    if reader is None:
        return None, [Diagnostic(Level.WARNING, "no-reader",
                                 "no reader for this kind of file", Source(path, 1))]
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
    return reader(text, path)
