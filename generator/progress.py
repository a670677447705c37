"""A progress bar on a terminal: pages read of pages in all, redrawn in place.

It draws only on a TTY (a log or a CI run gets no carriage returns) and at most
ten times a second, so it costs nothing next to reading a page.
"""

from __future__ import annotations

import shutil
import time
from typing import TextIO


class ProgressBar:
    """``bar(done, total)`` after each page; ``bar.close()`` clears the line."""

    def __init__(self, label: str, stream: TextIO, *, enabled: bool = True) -> None:
        self.label = label
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.started = time.monotonic()
        self.drawn = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (done < total and now - self.drawn < 0.1):
            return
        self.drawn = now
        columns = shutil.get_terminal_size((80, 24)).columns
        counts = f" {done}/{total} pages {now - self.started:4.1f}s"
        width = max(10, min(40, columns - len(self.label) - len(counts) - 4))
        filled = width * done // total if total else width
        line = f"{self.label} [{'#' * filled}{'.' * (width - filled)}]{counts}"
        self.stream.write("\r" + line[: columns - 1])
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            columns = shutil.get_terminal_size((80, 24)).columns
            self.stream.write("\r" + " " * (columns - 1) + "\r")
            self.stream.flush()
            self.shown = False
