"""Where a side of a diff comes from: a spec file, a docs folder, a page, or a git revision.

Docs are built in memory; a git revision (``REV:docs_src/modelarts``) is read
with ``git ls-tree`` and ``git cat-file``, with no checkout.
"""

from __future__ import annotations

import fnmatch
import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.build import build_files, default_jobs, read_files
from generator.cache import BuildCache
from generator.config import DEFAULT_INCLUDE
from generator.diff.model import Side
from generator.diff.uncertain import UNPLACED
from generator.document import NotASpec, read_spec
from generator.readers import reader_for

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


class SideError(Exception):
    """A side names nothing that can be read."""


def matches(path: str, patterns: Iterable[str]) -> bool:
    """Glob match of a POSIX path, where a leading ``**/`` also matches the top folder."""
    return any(fnmatch.fnmatch(path, p) or (p.startswith("**/") and fnmatch.fnmatch(path, p[3:]))
               for p in patterns)


def load_side(spec: str, include: Iterable[str] = DEFAULT_INCLUDE,
              cache: BuildCache | None = None) -> Side:
    """One side of a diff. Docs are built with ``cache`` when given: pages read by an
    earlier build or diff (same bytes, same folder name) are not read again."""
    include = tuple(include)
    path = Path(spec)
    if path.is_dir():
        files = read_files(path, include)
        if not files:
            raise SideError(f"{spec}: no page files match {' '.join(include)}")
        return _built(files, spec, path.resolve().name, cache)
    if path.is_file():
        if path.suffix.lower() in SPEC_SUFFIXES:
            try:
                return Side(read_spec(path), "")
            except NotASpec as exc:
                raise SideError(str(exc)) from None
        if reader_for(path.name) is not None:
            return _built({path.name: path.read_bytes()}, str(path.parent), path.parent.name,
                          cache)
        raise SideError(f"{spec}: neither a spec (.yaml, .json) nor a docs page")
    if ":" in spec:
        revision, _, folder = spec.partition(":")
        return _built(_git_files(revision, folder or ".", include), spec,
                      PurePosixPath(folder).name or "docs", cache)
    raise SideError(f"{spec}: no such file, folder or git revision")


def _built(files: dict[str, bytes], label: str, tag: str, cache: BuildCache | None) -> Side:
    # a whole docs tree per side: read its pages on every core
    result = build_files(files, title="diff", default_tag=tag, jobs=default_jobs(),
                         keep_pages=False, cache=cache)
    if result.document is None:
        raise SideError(f"{label}: the docs give no valid OpenAPI document: "
                        + "; ".join(result.spec_errors[:3]))
    if not result.operations:
        raise SideError(f"{label}: {result.pages} pages read, but none documents an "
                        "operation")
    return Side(result.document, label,
                [str(d) for d in result.diagnostics if d.level >= 3],
                [d for d in result.diagnostics if d.code in UNPLACED])


def git(*args: str, data: bytes | None = None) -> bytes:
    """The output of a git command, or a SideError saying why it failed."""
    try:
        done = subprocess.run(["git", *args], input=data, capture_output=True, check=True)
    except FileNotFoundError as exc:
        raise SideError("git is not installed") from exc
    except subprocess.CalledProcessError as exc:
        raise SideError(f"git {' '.join(args)}: {exc.stderr.decode(errors='replace').strip()}") \
            from exc
    return done.stdout


def _git_files(revision: str, folder: str, include: tuple[str, ...]) -> dict[str, bytes]:
    """The files under ``folder`` at ``revision``, keyed by their path below the folder."""
    prefix = git("rev-parse", "--show-prefix").decode().strip()
    root = PurePosixPath(prefix) / folder if prefix else PurePosixPath(folder)
    listing = git("ls-tree", "-r", "-z", "--full-tree", revision, "--", str(root))
    entries: list[tuple[str, str]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.decode().partition("\t")
        kind, sha = meta.split()[1:3]
        relative = PurePosixPath(name).relative_to(root).as_posix()
        if kind == "blob" and matches(relative, include):
            entries.append((relative, sha))
    if not entries:
        raise SideError(f"{revision}:{folder}: no page files at that revision")
    batch = git("cat-file", "--batch", data="".join(f"{sha}\n" for _, sha in entries).encode())
    files: dict[str, bytes] = {}
    offset = 0
    for relative, _ in entries:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        files[relative] = batch[header_end + 1: header_end + 1 + size]
        offset = header_end + 1 + size + 1  # the blob, then a newline
    return files
