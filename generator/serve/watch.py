"""Which page files of a docs folder changed: polled by stat, with no dependency.

A docs set is a few hundred files: stat-ing them takes a millisecond or two, so polling
twenty times a second sees an edit as soon as a notification library would (watchfiles
and the like add a compiled dependency and a thread of their own for no gain at this
size). The folder is listed again (matching the include globs: 20 ms for ModelArts'
272 pages) only when one of its folders changed, which a file added, deleted or
renamed does, so it sees those alike.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from generator.build import discover

# what tells a changed file apart: size, mtime, ctime, inode
Stamp = tuple[int, int, int, int]
# a folder changed less than this before it was stamped may change again within the
# same tick of a coarse file-system clock: it is listed again until it is older
_RACY_NS = 2_000_000_000


class Folder:
    """A docs folder watched by polling. :meth:`snapshot` stamps every page file the
    include globs select, listing the folder again only when a folder in it looks
    changed (or changed very recently); ``files`` are the files last listed."""

    def __init__(self, docs_dir: Path, include: Iterable[str]) -> None:
        self.docs_dir, self.include = docs_dir, tuple(include)
        self.files: list[str] = []
        self._folders: dict[str, Stamp] = {}
        self._listed_at = 0

    def snapshot(self) -> dict[str, Stamp]:
        folders = self._folders
        if not folders or max(s[1] for s in folders.values()) >= self._listed_at - _RACY_NS \
                or _stamps(self.docs_dir, folders) != folders:
            # stamped before listing: a change made while listing shows next time
            self._listed_at = time.time_ns()
            self._folders = _stamps(self.docs_dir, _folders(self.docs_dir))
            self.files = discover(self.docs_dir, self.include)
        return _stamps(self.docs_dir, self.files)


def _folders(docs_dir: Path) -> list[str]:
    """The docs folder and every folder under it, relative to it."""
    found = ["."]
    for root, dirs, _ in os.walk(docs_dir, followlinks=True):  # as glob's ** does
        found += [os.path.relpath(os.path.join(root, d), docs_dir) for d in dirs]
    return found


def _stamps(docs_dir: Path, names: Iterable[str]) -> dict[str, Stamp]:
    stamps: dict[str, Stamp] = {}
    for rel in names:
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
