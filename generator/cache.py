"""The build cache: what earlier runs computed, keyed by the hash of what it came from.

Everything lives under one folder (``.cache/docs2openapi`` by default), safe to delete:

* ``stats/``    each page file's size, mtime, ctime, inode and key at the last build of a
                docs folder, so that a page that looks unchanged is not even read;
* ``pages/``    a page as read (its Page and the reader's diagnostics), keyed by its bytes and path;
* ``extractions/`` a page's operations, keyed by the page, its tag and the docs set's
                anchors, with the keys of the pages its links reached (checked on use);
* ``builds/``   a whole build's spec text and diagnostics, keyed by every page key and
                the build options, so a run where nothing changed reads one small file;
* ``valid/``    fragments of documents that passed openapi-spec-validator, so a run
                where one page changed validates only what is new;
* ``packages/`` a generated client package, keyed by the spec it came from.

Every key includes :func:`fingerprint`: the tool's own source and the versions of the
libraries that shape its output, so a new version of either starts afresh. Entries are
pickles written atomically: like ``__pycache__``, the folder is trusted local state, not
input (docs never reach it but through the tool's own objects). A missing, truncated or
unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import generator

DEFAULT_DIR = Path(".cache") / "docs2openapi"
T = TypeVar("T")

# the libraries whose behaviour decides what a page reads as, or what is emitted
_LIBRARIES = ("docutils", "lxml", "markdown-it-py", "PyYAML", "openapi-spec-validator",
              "jsonschema-rs", "jsonschema", "datamodel-code-generator", "ruff", "jinja2")


@cache
def fingerprint() -> str:
    """A hash of this tool's source files and of the versions of the libraries it uses."""
    digest = hashlib.sha256(f"{generator.__version__} {sys.version}".encode())
    package = Path(generator.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".jinja", ".txt"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    versions = installed_versions(_LIBRARIES)
    for name in _LIBRARIES:
        digest.update(f"{name}={versions.get(name, 'absent')}".encode())
    return digest.hexdigest()


def installed_versions(names: Iterable[str]) -> dict[str, str]:
    """The installed version of each of ``names``, as ``importlib.metadata.version`` finds
    it (the first distribution on ``sys.path``), read from the metadata folder names:
    a warm build does without importing importlib.metadata (0.1 s)."""
    wanted = {_normal(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.scandir(entry or ".")
        except OSError:
            continue
        with listing:
            for item in listing:
                stem, dot, suffix = item.name.rpartition(".")
                if not dot or suffix not in ("dist-info", "egg-info"):
                    continue
                name, _, rest = stem.partition("-")
                key = _normal(name)
                if key in wanted and wanted[key] not in found:
                    found[wanted[key]] = rest.split("-")[0]
    return found


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def key(*parts: str | bytes) -> str:
    """A cache key: the fingerprint and ``parts``, each length-prefixed so that no two
    different lists of parts give the same bytes."""
    digest = hashlib.sha256(fingerprint().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class BuildCache:
    """One cache folder. ``hits`` and ``misses`` count page look-ups, for the report."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0
        self._memos: dict[str, Any] = {}

    def memo(self, kind: str, make: Callable[[], T]) -> T:
        """An object that remembers, in this process, what builds with this cache worked
        out (made by ``make`` on first use): an emission's fragments, their hashes.
        Never written to disk; a long-running build (``serve``) reuses it every time."""
        found = self._memos.get(kind)
        if found is None:
            found = self._memos[kind] = make()
        return found

    def load(self, kind: str, entry: str) -> Any | None:
        try:
            with open(self._path(kind, entry), "rb") as handle:
                return pickle.load(handle)
        except Exception:  # absent, truncated or foreign: recompute it
            return None

    def store(self, kind: str, entry: str, value: Any) -> None:
        path = self._path(kind, entry)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".", dir=path.parent)
        except OSError:
            return  # a read-only or full disk costs speed, never the build
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def load_page(self, entry: str) -> Any | None:
        value = self.load("pages", entry)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def known_valid(self, fragments: Iterable[str]) -> set[str]:
        """Those of ``fragments`` (hashes) that passed validation in an earlier run."""
        return {f for f in fragments if self._path("valid", f).exists()}

    def mark_valid(self, fragments: Iterable[str]) -> None:
        for fragment in fragments:
            path = self._path("valid", fragment)
            if not path.exists():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.touch()
                except OSError:
                    return

    def _path(self, kind: str, entry: str) -> Path:
        return self.root / kind / entry[:2] / entry


class MemoryCache(BuildCache):
    """A build cache held in this process, for a long-running build (``serve``): entries
    are kept as objects, never pickled, so a rebuild recalls its pages and extractions
    at no cost. After each build, :meth:`sweep` drops what that build did not use, so
    memory holds one build's worth of entries however many edits come."""

    def __init__(self) -> None:
        super().__init__(Path("(memory)"))
        self._entries: dict[tuple[str, str], Any] = {}
        self._valid: set[str] = set()
        self._used: set[tuple[str, str]] = set()

    def load(self, kind: str, entry: str) -> Any | None:
        value = self._entries.get((kind, entry))
        if value is not None:
            self._used.add((kind, entry))
        return value

    def store(self, kind: str, entry: str, value: Any) -> None:
        self._entries[(kind, entry)] = value
        self._used.add((kind, entry))

    def known_valid(self, fragments: Iterable[str]) -> set[str]:
        return {f for f in fragments if f in self._valid}

    def mark_valid(self, fragments: Iterable[str]) -> None:
        # a fragment hash is small, and a later edit often brings an old fragment back
        self._valid.update(fragments)

    def sweep(self) -> None:
        """Forget every entry the builds since the last sweep neither stored nor used."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()

    def __len__(self) -> int:
        return len(self._entries)
