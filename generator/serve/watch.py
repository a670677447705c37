"""Which page files of a docs folder changed: polled by stat, with no dependency.

A docs set is a few hundred files: listing and stat-ing them takes milliseconds, so
polling every tenth of a second sees an edit as soon as a notification library would
(watchfiles and the like add a compiled dependency and a thread of their own for no
gain at this size), and it sees files added, deleted and renamed alike.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.build import discover

# what tells a changed file apart: size, mtime, ctime, inode
Stamp = tuple[int, int, int, int]


def snapshot(docs_dir: Path, include: Iterable[str]) -> dict[str, Stamp]:
    """The stamp of every page file under ``docs_dir`` that ``include`` selects."""
    stamps: dict[str, Stamp] = {}
    for rel in discover(docs_dir, include):
        try:
            st = os.stat(docs_dir / rel)
        except OSError:  # deleted between the listing and the stat
            continue
        stamps[rel] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    return stamps


def changes(before: dict[str, Stamp], after: dict[str, Stamp]) -> list[str]:
    """The pages added, deleted or changed between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path) != after.get(path))
