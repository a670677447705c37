"""The pipeline: page files → Pages → Operations → OpenAPI document → checks.

Each page is read and extracted on its own, in a pool of worker processes when
``jobs`` > 1; a page that fails gives diagnostics and the others go on. With a
:class:`~generator.cache.BuildCache`, a page whose bytes did not change is not read
again, a build whose pages and options did not change is not redone, and only
new fragments of the document are validated. The result is the same whatever the
worker count and whether or not a cache was used.
"""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from generator import cache as cache_keys
from generator.cache import BuildCache
from generator.diagnostics import Diagnostic, Diagnostics, Level, Source

# Readers, extraction, emit, validation and the worker pool are imported where they are
# used: a build that comes whole from the cache needs none of them (0.4 s to import).
if TYPE_CHECKING:
    from generator.coverage import Coverage
    from generator.emit.servers import Server
    from generator.extract.index import Landing, Query
    from generator.extract.operation import PageExtraction
    from generator.ir import Api
    from generator.memo import IdentityMemo
    from generator.page import Page
    from generator.validate import ExampleCheck, SpecError

# called after each page with (pages done, pages in all)
Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    """What one build produced: the document (None when it is not valid OpenAPI)."""

    document: dict[str, Any] | None
    pages: int
    operations: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    spec_errors: list[str] = field(default_factory=list)
    examples: list[ExampleCheck] = field(default_factory=list)
    # the IR; None when the whole build came from the cache
    api: Api | None = None
    read: list[Page] = field(default_factory=list)  # the pages, when keep_pages is asked
    from_cache: bool = False
    cache_key: str = ""  # what the build was cached under (with a cache)
    coverage: Coverage | None = None  # parameter-table rows read vs placed

    def count(self, level: Level) -> int:
        return sum(1 for d in self.diagnostics if d.level == level)


@dataclass(frozen=True)
class PageRead:
    """What reading one page gives: the Page (None when it cannot be read) and the
    reader's diagnostics."""

    page: Page | None
    diagnostics: tuple[Diagnostic, ...]


# A page kept in two formats side by side (``a.rst`` and ``a.html``) is one page: the
# source format is read, not its export (RST, then Markdown, then HTML).
_FORMAT_RANK = {".rst": 0, ".txt": 0, ".md": 1, ".markdown": 1, ".html": 2, ".htm": 2}


def discover(docs_dir: Path, include: Iterable[str]) -> list[str]:
    """The page files under ``docs_dir`` matching the globs, as sorted POSIX paths;
    of one page in several formats, only the first of :data:`_FORMAT_RANK`."""
    found = {
        path.relative_to(docs_dir).as_posix()
        for pattern in include
        for path in docs_dir.glob(pattern)
        if path.is_file()
    }
    best: dict[str, str] = {}
    for rel in sorted(found, key=lambda r: _FORMAT_RANK.get(PurePosixPath(r).suffix.lower(), 3)):
        suffix = PurePosixPath(rel).suffix.lower()
        stem = rel[: -len(suffix)] if suffix in _FORMAT_RANK else rel
        best.setdefault(stem, rel)
    return sorted(best.values())


def read_files(docs_dir: Path, include: Iterable[str]) -> dict[str, bytes]:
    """The bytes of every page file, by :func:`discover`'s path."""
    return {rel: (docs_dir / rel).read_bytes() for rel in discover(docs_dir, include)}


def tag_of(path: str, default: str) -> str:
    """An operation's tag: the folder its page is in (``default`` at the root)."""
    parent = PurePosixPath(path).parent
    return parent.name if parent.name else default


def read_one(path: str, data: bytes) -> PageRead:
    """Read one page; an exception is an ``internal-error`` diagnostic."""
    from generator.readers import read_page

    try:
        page, diagnostics = read_page(data, path)
        return PageRead(page, tuple(diagnostics))
    except Exception as exc:
        return PageRead(None, (Diagnostic(
            Level.ERROR, "internal-error",
            f"the tool failed on this page: {type(exc).__name__}: {exc}", Source(path, 1)),))


def _read_job(job: tuple[str, bytes]) -> tuple[str, PageRead]:
    return job[0], read_one(*job)


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        os.cpu_count() or 1


def page_keys(files: Mapping[str, bytes]) -> dict[str, str]:
    """Each page's cache key: its path and its bytes."""
    return {path: cache_keys.key("page", path, data) for path, data in files.items()}


def read_all(files: Mapping[str, bytes], *, jobs: int = 1, cache: BuildCache | None = None,
             progress: Progress | None = None,
             keys: Mapping[str, str] | None = None) -> dict[str, PageRead]:
    """Read every page, by path; a page that fails never stops the others. Pages come
    from ``cache`` when their bytes are unchanged. ``keys``: the :func:`page_keys`,
    when already made."""
    results: dict[str, PageRead] = {}
    if keys is None:
        keys = page_keys(files) if cache is not None else {}
    done, total = 0, len(files)
    if cache is not None:
        for path in sorted(files):
            hit = cache.load_page(keys[path])
            if isinstance(hit, PageRead):
                results[path] = hit
                done += 1
        if progress is not None and done:
            progress(done, total)
    todo = [(path, files[path]) for path in sorted(files) if path not in results]
    workers = min(jobs, len(todo))
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: workers start with the tool already imported (no second 0.5 s import)
        context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            fresh = pool.map(_read_job, todo, chunksize=max(1, len(todo) // (workers * 8)))
            for path, result in fresh:
                results[path] = result
                done += 1
                if progress is not None:
                    progress(done, total)
    else:
        for job in todo:
            results[job[0]] = read_one(*job)
            done += 1
            if progress is not None:
                progress(done, total)
    if cache is not None:
        for path, _ in todo:
            cache.store("pages", keys[path], results[path])
    return {path: results[path] for path in sorted(results)}


def page_language(page: Page) -> str:
    """The language a page is written in (by its headings' words, as extraction reads
    them)."""
    from generator.extract.operation import page_labels

    return page_labels(page).language


def docs_language(pages: Iterable[Page],
                  language_of: Callable[[Page], str] = page_language) -> str:
    """The language most of the pages are written in; English when none says."""
    found = Counter(language_of(page) for page in pages)
    return max(sorted(found), key=lambda language: found[language]) if found else "en"


def build_files(files: Mapping[str, bytes], *, title: str = "", version: str = "1.0.0",
                servers: Iterable[Server] = (), default_tag: str = "default",
                jobs: int = 1, cache: BuildCache | None = None, keep_pages: bool = True,
                progress: Progress | None = None,
                keys: Mapping[str, str] | None = None,
                names: Mapping[str, str] | None = None,
                infer_from_examples: bool = False) -> BuildResult:
    """Build a spec from page contents keyed by their path relative to the docs root.

    ``title``: the API's title; ``""`` takes it from the docs' root page (else
    ``<default_tag> API``). ``names``: operation names that win over the chosen ones
    (by page id, ``METHOD /path`` or the vendor's name; :func:`generator.names.name_api`).

    ``jobs``: worker processes for reading pages. ``cache``: reuse what earlier runs
    computed. ``keep_pages``: keep every Page in the result (for checks across pages,
    such as lint); without it, the cache can serve whole builds. ``keys``: the
    :func:`page_keys`, when already known. ``infer_from_examples``: also the fields the
    docs' examples show and no table documents (``x-inferred``).
    """
    servers = tuple(servers)
    if keys is None:
        keys = page_keys(files) if cache is not None else {}
    # the build's key is made of the page keys and the options: each page is hashed once
    names = dict(names or {})
    build_key = cache_keys.key(
        "build", title, version, repr(servers), default_tag, repr(sorted(names.items())),
        str(infer_from_examples),
        *sorted(keys.values()),
    ) if cache is not None and not keep_pages else None
    if build_key is not None and cache is not None:
        hit = cache.load("builds", build_key)
        if isinstance(hit, BuildResult):
            if progress is not None:
                progress(len(files), len(files))
            return hit
    with collector_paused():
        return _build(files, keys, title=title, version=version, servers=servers,
                      default_tag=default_tag, jobs=jobs, cache=cache, keep_pages=keep_pages,
                      progress=progress, build_key=build_key, names=names,
                      infer_from_examples=infer_from_examples)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No full collection while a build runs. A build makes millions of objects that
    live until it ends (Pages, the IR, the document, what the cache gives back), and the
    collector would walk all of them again each time their number grew by a quarter: a
    third of the CPU time of a one-page build. Young objects are still collected (the
    cycles of docutils' doctrees die young), and so is the rest at the next full
    collection after the build. The command line keeps it paused until the spec is
    written: the build's objects live until then, and one full collection of them (0.3 s
    after a one-page build) would free nothing."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


def _build(files: Mapping[str, bytes], keys: Mapping[str, str], *, title: str, version: str,
           servers: tuple[Server, ...], default_tag: str, jobs: int,
           cache: BuildCache | None, keep_pages: bool, progress: Progress | None,
           build_key: str | None, names: Mapping[str, str],
           infer_from_examples: bool) -> BuildResult:
    from generator.coverage import measure, page_rows
    from generator.emit.openapi import EmitMemo, emit_openapi
    from generator.extract import extract_docset
    from generator.extract.agreement import without_inferred
    from generator.extract.outline import read_outline
    from generator.ir import Api
    from generator.memo import IdentityMemo
    from generator.names import name_api
    from generator.validate import (
        fragment_hashes,
        report_examples,
        spec_errors_since,
        without_invalid,
    )

    # what this process worked out for earlier builds with this cache (a live preview's)
    emitted = cache.memo("emit", EmitMemo) if cache is not None else None
    fragments = cache.memo("fragments", IdentityMemo) if cache is not None else IdentityMemo()
    # what the whole-set passes read of each page, which depends on that page alone
    facts = cache.memo("page facts", IdentityMemo) if cache is not None else IdentityMemo()

    reads = read_all(files, jobs=jobs, cache=cache, progress=progress, keys=keys)
    diagnostics = Diagnostics()
    for read in reads.values():
        diagnostics.extend(list(read.diagnostics))
    pages = [read.page for read in reads.values() if read.page is not None]
    extraction = extract_docset([(page, tag_of(page.path, default_tag)) for page in pages],
                                _CachedExtractions(cache, keys) if cache is not None else None)
    diagnostics.extend(extraction.diagnostics)
    operations = extraction.operations
    outline = read_outline(pages)
    api = Api(title or outline.title or f"{default_tag} API", version, tuple(operations),
              tuple(extraction.structures))
    if not infer_from_examples:
        api = without_inferred(api)
    api, named = name_api(api, outline, names)
    diagnostics.extend(named)
    language = docs_language(pages, lambda page: facts.value("language", page, page_language))
    document, noticed = emit_openapi(api, servers, emitted, language)
    diagnostics.extend(noticed)
    errors, valid = spec_errors_since(
        document, cache.known_valid if cache is not None else lambda _: set(), jobs=jobs,
        memo=fragments)
    kept: dict[str, Any] | None = document
    if errors:
        kept, dropped = without_invalid(document, errors)
        _report_dropped(document, dropped, diagnostics)
        valid = fragment_hashes(kept, fragments) if kept is not None else []
    if cache is not None:
        cache.mark_valid(valid)
    examples = _checked_examples(kept, cache, title, default_tag, fragments) \
        if kept is not None else []
    fragments.turn()
    report_examples(examples, diagnostics)
    coverage = measure(pages, api, kept, diagnostics,
                       lambda page: facts.value("rows", page, page_rows))
    facts.turn()
    built = BuildResult(
        document=kept,
        pages=len(files),
        operations=len(operations),
        diagnostics=sorted(diagnostics, key=Diagnostic.sort_key),
        spec_errors=[str(e) for e in errors] if kept is None else [],
        examples=examples,
        api=api,
        read=pages if keep_pages else [],
        cache_key=build_key or "",
        coverage=coverage,
    )
    if build_key is not None and cache is not None:
        cache.store("builds", build_key, BuildResult(
            built.document, built.pages, built.operations, built.diagnostics,
            built.spec_errors, built.examples, from_cache=True, cache_key=build_key,
            coverage=coverage))
    return built


def _checked_examples(document: dict[str, Any], cache: BuildCache | None, title: str,
                      default_tag: str, memo: IdentityMemo) -> list[ExampleCheck]:
    """:func:`~generator.validate.check_examples`, with the verdicts of the docs set's
    last build (by :func:`~generator.validate.example_key`) from the cache."""
    from generator.validate import ExampleVerdict, check_examples

    if cache is None:
        return check_examples(document)
    entry = cache_keys.key("example-checks", title, default_tag)
    earlier = cache.load("examples", entry)
    known: dict[str, ExampleVerdict] = earlier if isinstance(earlier, dict) else {}
    seen: dict[str, ExampleVerdict] = {}
    checks = check_examples(document, known, seen, memo)
    if seen != known:
        cache.store("examples", entry, seen)
    return checks


class _CachedExtractions:
    """Page extractions in the build cache, keyed by the page and its tag; an entry holds
    the keys of the pages the page's links reached, and is recalled only while each of
    them is unchanged, with where its links landed (checked by the extraction)."""

    def __init__(self, cache: BuildCache, keys: Mapping[str, str]) -> None:
        self.cache = cache
        self.keys = keys

    def _entry(self, path: str, context: str) -> str:
        return cache_keys.key("extraction", self.keys[path], context)

    def recall(self, path: str, context: str
               ) -> tuple[PageExtraction, Mapping[Query, Landing]] | None:
        from generator.extract.operation import PageExtraction

        hit = self.cache.load("extractions", self._entry(path, context))
        if not (isinstance(hit, tuple) and len(hit) == 3 and isinstance(hit[0], dict)
                and isinstance(hit[1], PageExtraction) and isinstance(hit[2], dict)):
            return None
        reached: dict[str, str] = hit[0]
        if any(self.keys.get(other) != key for other, key in reached.items()):
            return None
        return hit[1], hit[2]

    def remember(self, path: str, context: str, extraction: PageExtraction,
                 reached: frozenset[str], resolved: Mapping[Query, Landing]) -> None:
        self.cache.store("extractions", self._entry(path, context),
                         ({other: self.keys[other] for other in sorted(reached)}, extraction,
                          dict(resolved)))


def _report_dropped(document: dict[str, Any],
                    dropped: list[tuple[str, str, list[SpecError]]],
                    diagnostics: Diagnostics) -> None:
    """An error at the doc line of each path item or schema left out of the document."""
    from generator.document import source_of

    paths = document.get("paths") or {}
    schemas = (document.get("components") or {}).get("schemas") or {}
    for kind, name, errors in dropped:
        node = paths.get(name) if kind == "path" else schemas.get(name)
        if kind == "path" and isinstance(node, dict):
            node = next((op for op in node.values() if isinstance(op, dict)), node)
        where = source_of(node) if isinstance(node, dict) else None
        what = f"path {name}" if kind == "path" else f"schema {name!r}"
        why = "; ".join(str(e) for e in errors[:3]) if errors else \
            "it refers to a schema that is left out"
        diagnostics.error("invalid-fragment", f"{what} is left out of the spec: it is not "
                          f"valid OpenAPI ({why})", where or Source("(spec)", 1))


def build_dir(docs_dir: Path, include: Iterable[str], *, title: str = "",
              version: str = "1.0.0", servers: Iterable[Server] = (), jobs: int = 1,
              cache: BuildCache | None = None, keep_pages: bool = True,
              progress: Progress | None = None,
              names: Mapping[str, str] | None = None,
              infer_from_examples: bool = False,
              found: Iterable[str] | None = None) -> BuildResult:
    """Build a spec from the pages under ``docs_dir``. With a cache, a page whose file
    looks as it did in the last build (:func:`stat_keys`) is not even read. ``found``:
    what :func:`discover` gives, when the caller has just listed the folder."""
    found = discover(docs_dir, include) if found is None else sorted(found)
    if cache is None:
        files: Mapping[str, bytes] = {rel: (docs_dir / rel).read_bytes() for rel in found}
        keys, read = None, files
    else:
        keys, read = stat_keys(docs_dir, found, cache)
        files = PageFiles(docs_dir, found, read)
    # A build that reads few pages again (an edit) makes little cyclic garbage (a
    # doctree per page read) and millions of objects that live until it ends (what the
    # cache gives back): collecting even the young ones walks each of them twice for
    # nothing (0.15 s of a one-page build). A cold build's doctrees are collected young.
    few = len(read) <= max(8, len(found) // 20)
    with collector_off() if few else nullcontext():
        return build_files(files, title=title, version=version, servers=servers,
                           default_tag=docs_dir.resolve().name, jobs=jobs, cache=cache,
                           keep_pages=keep_pages, progress=progress, keys=keys, names=names,
                           infer_from_examples=infer_from_examples)


@contextmanager
def collector_off() -> Iterator[None]:
    """No collection at all (:func:`collector_paused`, young objects too). At the end,
    every object goes to the oldest generation unwalked (freezing and unfreezing moves
    them there), so that what lives on is not walked as young when collection resumes,
    and cyclic garbage waits for the next full collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


class PageFiles(Mapping[str, bytes]):
    """The page files of a docs folder by path, each read when it is first asked for
    (a build served from the cache reads none)."""

    def __init__(self, docs_dir: Path, names: Iterable[str], read: Mapping[str, bytes]):
        self._dir = docs_dir
        self._names = sorted(names)
        self._read = dict(read)

    def __getitem__(self, path: str) -> bytes:
        data = self._read.get(path)
        if data is None:
            if path not in self._names:
                raise KeyError(path)
            data = self._read[path] = (self._dir / path).read_bytes()
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


# A file changed less than this before its stat was recorded may change again with the
# same mtime (coarse file-system clocks: FAT's is 2 s): such a file is read and hashed.
_RACY_NS = 2_000_000_000


def stat_keys(docs_dir: Path, names: Iterable[str], cache: BuildCache
              ) -> tuple[dict[str, str], dict[str, bytes]]:
    """Each page's :func:`page_keys` key, without reading the pages whose size, mtime,
    ctime and inode are what the last build with this cache recorded (as git's index
    does); the others are read and hashed. Also the bytes of the pages read."""
    entry = cache_keys.key("stats", str(docs_dir.resolve()))
    record = cache.load("stats", entry)
    known: dict[str, tuple[int, int, int, int, str]] = {}
    trusted_before = 0
    if isinstance(record, tuple) and len(record) == 2 and isinstance(record[0], int) \
            and isinstance(record[1], dict):
        trusted_before, known = record[0] - _RACY_NS, record[1]
    now = time.time_ns()
    keys: dict[str, str] = {}
    read: dict[str, bytes] = {}
    stats: dict[str, tuple[int, int, int, int, str]] = {}
    for rel in names:
        path = docs_dir / rel
        try:
            st = os.stat(path)
        except OSError:
            st = None
        seen = known.get(rel)
        if st is not None and isinstance(seen, tuple) and len(seen) == 5 \
                and seen[:4] == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) \
                and max(st.st_mtime_ns, st.st_ctime_ns) < trusted_before \
                and isinstance(seen[4], str):
            keys[rel] = seen[4]
            stats[rel] = seen
            continue
        data = read[rel] = path.read_bytes()
        keys[rel] = cache_keys.key("page", rel, data)
        if st is not None:
            stats[rel] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, keys[rel])
    if read or stats.keys() != known.keys():
        cache.store("stats", entry, (now, stats))
    return keys, read
