"""The ``docs2openapi`` command line.

Exit status (also in the README):

* 0 — the spec was written; no error-level diagnostic (with ``--strict``: none at all
  above info level);
* 1 — the spec was written, but some pages gave errors (with ``--strict``: warnings);
* 2 — usage error: bad arguments, a missing docs folder, a bad configuration;
* 3 — the emitted document is not valid OpenAPI: nothing was written.

``diff`` exits 0, or 1 when a change fails the gate (by default: a breaking change
the project did not accept), or 2 when a side cannot be read (generator/diff/command.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator import __version__
from generator import cache as cache_keys
from generator.build import BuildResult, build_dir, collector_paused, default_jobs, discover
from generator.cache import DEFAULT_DIR, BuildCache
from generator.config import (
    DEFAULT_INCLUDE,
    ConfigError,
    ServiceConfig,
    load_services,
    load_services_file,
)
from generator.diagnostics import Level
from generator.emit.servers import Server
from generator.progress import ProgressBar

EXIT_OK, EXIT_DIAGNOSTICS, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ConfigError as exc:
        print(f"docs2openapi: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        # a file that cannot be read or written (a folder given as the output, no
        # permission, a disk full) is the caller's to fix: one line, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"docs2openapi: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docs2openapi",
        description="Turn API reference pages into a validated OpenAPI 3 document.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build one spec from a docs folder")
    build.add_argument("docs", type=Path, metavar="DOCS_DIR")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    build.add_argument("--title", help="info.title (default: from pyproject, else the docs' "
                                       "root index page)")
    build.add_argument("--api-version", default=None, help="info.version")
    build.add_argument("--server", default=None, help="a server URL")
    build.add_argument("--include", action="append", metavar="GLOB",
                       help=f"page files to read (default: {' '.join(DEFAULT_INCLUDE)})")
    build.add_argument("--infer-from-examples", action="store_true",
                       help="also write the fields the docs' examples show and no table "
                            "documents, marked x-inferred: true (`lint` lists them)")
    build.add_argument("--no-provenance", action="store_true",
                       help="leave out every x-source (doc file and line), for diffing "
                            "specs with other tools: an edit then shifts no line numbers")
    _common(build)
    build.set_defaults(run=_run_build)

    generate = commands.add_parser(
        "generate", help="build every service configured in pyproject.toml into spec/")
    generate.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                          help="the project: its pyproject.toml names the services, and "
                               "spec/ and generated/ are written in it")
    generate.add_argument("--config", type=Path, default=None, metavar="FILE",
                          help="read the services from this TOML file instead (same "
                               "[[tool.docs2openapi.services]] tables; sources relative to "
                               "the file)")
    generate.add_argument("--out", type=Path, default=None, metavar="DIR",
                          help="write spec/ and generated/ here (default: the project)")
    generate.add_argument("--service", action="append", metavar="NAME",
                          help="only this service (repeatable)")
    generate.add_argument("--check", action="store_true",
                          help="write nothing; exit 1 naming each spec that differs from "
                               "what the docs give (for CI)")
    _common(generate)
    generate.set_defaults(run=_run_generate)

    diff = commands.add_parser(
        "diff", help="breaking changes between two revisions of an API",
        description="OLD and NEW are each a spec file (.yaml/.json), a docs folder, a page "
                    "file, or a git revision of a docs folder (REV:docs_src/modelarts).")
    from generator.diff.command import configure as configure_diff
    configure_diff(diff, f"page files of a docs side (default: {' '.join(DEFAULT_INCLUDE)})")
    _cache_options(diff)
    diff.set_defaults(run=_run_diff)

    changelog = commands.add_parser(
        "changelog", help="the API changes of each commit of a docs folder's git history")
    from generator.diff.command import configure_changelog
    configure_changelog(changelog, "page files of the docs folder (default: "
                                   f"{' '.join(DEFAULT_INCLUDE)})")
    _cache_options(changelog)
    changelog.set_defaults(run=_run_changelog)

    compare = commands.add_parser(
        "compare", help="where two doc sets of the same API disagree (English vs Chinese)",
        description="A and B are each a spec file, a docs folder, a page file or REV:folder.")
    compare.add_argument("a", metavar="A")
    compare.add_argument("b", metavar="B")
    compare.add_argument("--format", choices=("text", "json"), default="text")
    compare.add_argument("--include", action="append", metavar="GLOB",
                         help=f"page files of a docs side (default: {' '.join(DEFAULT_INCLUDE)})")
    _cache_options(compare)
    compare.set_defaults(run=_run_compare)

    publish = commands.add_parser(
        "publish", help="write a static HTML API reference from an OpenAPI 3 document "
                        "(several: a portal of their sites with one search)")
    publish.add_argument("spec", type=Path, nargs="*", metavar="SPEC",
                         help="a spec file (.yaml, .json); several make a portal: a "
                              "services index, each one's site in DIR/<spec name>/, one "
                              "search, languages paired (NAME, NAME-zh)")
    publish.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                         help="the site folder: replaced whole, and only if it is a site "
                              "this tool wrote (or empty, or absent)")
    publish.add_argument("--config", type=Path, default=None, metavar="FILE",
                         help="a portal of the services of this TOML file "
                              "([[tool.docs2openapi.services]]), from the specs `generate` "
                              "wrote beside it (spec/<name>.yaml)")
    publish.add_argument("--changes-from", metavar="OLD",
                         help="add a changes page: what `diff OLD SPEC` finds, by operation "
                              "and level (OLD: a spec, a docs folder or page, or "
                              "REV:docs_src/NAME)")
    publish.add_argument("--include", action="append", metavar="GLOB",
                         help="page files of a docs OLD (default: "
                              f"{' '.join(DEFAULT_INCLUDE)})")
    publish.add_argument("--changelog", type=Path, metavar="FILE",
                         help="add changelog.html: the API changes per commit that "
                              "`docs2openapi changelog --format json` wrote to FILE")
    publish.add_argument("--translation", type=Path, metavar="SPEC",
                         help="the same API in another language: each page links to its "
                              "counterpart in that spec's site")
    publish.add_argument("--translation-site", metavar="DIR",
                         help="where that site is published (a folder holding it, or a URL; "
                              "default: beside the output, named after the spec)")
    publish.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
                         help="processes rendering pages (default: all cores, "
                              f"{default_jobs()} here)")
    publish.set_defaults(run=_run_publish)

    serve = commands.add_parser(
        "serve", help="a live preview: build, serve the published reference on 127.0.0.1, "
                      "and rebuild and reload the open pages on every edit")
    serve.add_argument("docs", type=Path, metavar="DOCS_DIR")
    serve.add_argument("--port", type=int, default=8000,
                       help="the port on 127.0.0.1 (default: 8000; 0: any free port)")
    serve.add_argument("--open", action="store_true", help="open the index in a browser")
    serve.add_argument("--title", help="info.title (default: from pyproject, or the folder)")
    serve.add_argument("--include", action="append", metavar="GLOB",
                       help=f"page files to read (default: {' '.join(DEFAULT_INCLUDE)})")
    serve.add_argument("-v", "--verbose", action="store_true", help="print info diagnostics")
    serve.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
                       help="worker processes reading pages for the first build "
                            f"(default: all cores, {default_jobs()} here)")
    serve.set_defaults(run=_run_serve)

    coverage = commands.add_parser(
        "coverage", help="which parameter-table rows of the docs reached the spec, and why "
                         "the others did not")
    coverage.add_argument("docs", type=Path, metavar="DOCS_DIR")
    coverage.add_argument("--format", choices=("text", "json"), default="text")
    coverage.add_argument("--include", action="append", metavar="GLOB",
                          help=f"page files to read (default: {' '.join(DEFAULT_INCLUDE)})")
    coverage.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
                          help="worker processes reading pages")
    coverage.set_defaults(run=_run_coverage)

    lint = commands.add_parser("lint", help="a doc-quality report for the people who write "
                                            "the docs")
    lint.add_argument("docs", type=Path, metavar="DOCS_DIR")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument("--include", action="append", metavar="GLOB",
                      help=f"page files to read (default: {' '.join(DEFAULT_INCLUDE)})")
    lint.set_defaults(run=_run_lint)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("yaml", "json"), default="yaml")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("-v", "--verbose", action="store_true", help="print info diagnostics")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print errors only, and no progress bar")
    parser.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
                        help="worker processes reading pages (default: all cores, "
                             f"{default_jobs()} here)")
    _cache_options(parser)


def _cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                        help=f"where earlier runs are remembered (default: {DEFAULT_DIR} "
                             "in the project; safe to delete)")
    parser.add_argument("--no-cache", action="store_true",
                        help="read every page and build everything afresh")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _run_build(args: argparse.Namespace) -> int:
    docs: Path = args.docs
    if not docs.is_dir():
        print(f"docs2openapi: {docs}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    if args.output.is_dir():
        print(f"docs2openapi: {args.output}: is a folder; -o names the spec file to write",
              file=sys.stderr)
        return EXIT_USAGE
    service = _service_of(docs)
    if args.title:
        service = _replace(service, title=args.title)
    if args.api_version:
        service = _replace(service, version=args.api_version)
    if args.server:
        service = _replace(service, servers=(Server(args.server, {}),))
    if args.include:
        service = _replace(service, include=tuple(args.include))
    return _build_one(service, args.output, args, cache=_cache(args, Path.cwd()))[0]


def _run_serve(args: argparse.Namespace) -> int:
    """Exit 0 when stopped with Ctrl-C, 2 on a missing folder or a port in use."""
    from generator.serve import BuildOptions, serve

    docs: Path = args.docs
    if not docs.is_dir():
        print(f"docs2openapi serve: {docs}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.port <= 65535:
        print(f"docs2openapi serve: --port {args.port}: not a port", file=sys.stderr)
        return EXIT_USAGE
    service = _service_of(docs)
    options = BuildOptions(docs, tuple(args.include or service.include),
                           args.title or service.spec_title, service.version,
                           service.servers, args.jobs)
    return serve(options, port=args.port, open_browser=args.open, verbose=args.verbose)


def _service_of(docs: Path) -> ServiceConfig:
    """The service pyproject.toml configures for ``docs``, or one named after the folder."""
    configured = {s.source.resolve(): s for s in load_services(Path.cwd())}
    return configured.get(docs.resolve()) or ServiceConfig(docs.resolve().name, docs)


def _run_generate(args: argparse.Namespace) -> int:
    if args.config is not None:
        if not args.config.is_file():
            print(f"docs2openapi: {args.config}: no such file", file=sys.stderr)
            return EXIT_USAGE
        services = load_services_file(args.config)
    else:
        services = load_services(args.project)
    if args.service:
        unknown = set(args.service) - {s.name for s in services}
        if unknown:
            print(f"docs2openapi: no service named {', '.join(sorted(unknown))}",
                  file=sys.stderr)
            return EXIT_USAGE
        services = [s for s in services if s.name in args.service]
    if not services:
        print("docs2openapi: no [[tool.docs2openapi.services]] in pyproject.toml",
              file=sys.stderr)
        return EXIT_USAGE
    suffix = "json" if args.format == "json" else "yaml"
    out: Path = args.out if args.out is not None else args.project
    cache = _cache(args, args.project)
    rows: list[SetSummary] = []
    for service in services:
        started = time.monotonic()
        try:
            status, result = _build_one(
                service, out / "spec" / f"{service.name}.{suffix}", args, cache,
                out / "generated" / "python" / service.name if service.client else None)
            rows.append(SetSummary.of(service.name, status, result,
                                      time.monotonic() - started))
        except Exception as exc:  # one docs set that breaks the tool stops no other
            print(f"docs2openapi: {service.name}: the tool failed on this docs set: "
                  f"{type(exc).__name__}: {exc}", file=sys.stderr)
            pages = len(discover(service.source, service.include)) \
                if service.source.is_dir() else 0
            rows.append(SetSummary(service.name, EXIT_INVALID, pages, 0, 0, 0,
                                   time.monotonic() - started,
                                   f"failed: {type(exc).__name__}"))
    if len(rows) > 1 and not args.quiet:
        sys.stderr.write(render_summary(rows))
    return max(row.status for row in rows)


@dataclass(frozen=True)
class SetSummary:
    """One docs set of a ``generate`` run, for the summary table."""

    name: str
    status: int
    pages: int
    operations: int
    errors: int
    warnings: int
    seconds: float
    outcome: str

    @classmethod
    def of(cls, name: str, status: int, result: BuildResult | None,
           seconds: float) -> SetSummary:
        outcome = _OUTCOMES[status]
        if result is None:
            return cls(name, status, 0, 0, 0, 0, seconds, outcome)
        return cls(name, status, result.pages, result.operations, result.count(Level.ERROR),
                   result.count(Level.WARNING), seconds, outcome)


# what each exit status means for one docs set (1: written, but pages gave errors; with
# --strict, warnings; with --check, stale)
_OUTCOMES = {EXIT_OK: "ok", EXIT_DIAGNOSTICS: "written, with errors", EXIT_USAGE: "usage error",
             EXIT_INVALID: "invalid OpenAPI, not written"}


def render_summary(rows: list[SetSummary]) -> str:
    """The table a run over many docs sets ends with."""
    width = max(len(row.name) for row in rows)
    lines = [f"{'docs set':<{width}}  {'pages':>6}  {'operations':>10}  {'errors':>6}  "
             f"{'warnings':>8}  {'seconds':>7}  result"]
    for row in [*rows, SetSummary("total", max(r.status for r in rows),
                                  sum(r.pages for r in rows), sum(r.operations for r in rows),
                                  sum(r.errors for r in rows), sum(r.warnings for r in rows),
                                  sum(r.seconds for r in rows),
                                  f"{sum(1 for r in rows if r.outcome == 'ok')}/{len(rows)} ok")]:
        lines.append(f"{row.name:<{width}}  {row.pages:>6}  {row.operations:>10}  "
                     f"{row.errors:>6}  {row.warnings:>8}  {row.seconds:>7.1f}  {row.outcome}")
    return "\n".join(lines) + "\n"


def _cache(args: argparse.Namespace, project: Path) -> BuildCache | None:
    if args.no_cache:
        return None
    return BuildCache(args.cache_dir if args.cache_dir is not None else project / DEFAULT_DIR)


def _run_diff(args: argparse.Namespace) -> int:
    from generator.diff.command import run
    return run(args, tuple(args.include or DEFAULT_INCLUDE), _cache(args, Path.cwd()))


def _run_changelog(args: argparse.Namespace) -> int:
    from generator.diff.command import run_changelog
    return run_changelog(args, tuple(args.include or DEFAULT_INCLUDE), _cache(args, Path.cwd()))


def _run_compare(args: argparse.Namespace) -> int:
    """Exit 0 when the two agree, 1 when they disagree, 2 when a side cannot be read."""
    from generator.compare import compare_documents, render_json, render_text
    from generator.diff import SideError, load_side

    include = tuple(args.include or DEFAULT_INCLUDE)
    cache = _cache(args, Path.cwd())
    try:
        a, b = load_side(args.a, include, cache), load_side(args.b, include, cache)
    except SideError as exc:
        print(f"docs2openapi compare: {exc}", file=sys.stderr)
        return EXIT_USAGE
    found = compare_documents(a, b)
    sys.stdout.write((render_json if args.format == "json" else render_text)(found, a, b))
    return EXIT_DIAGNOSTICS if found else EXIT_OK


def _run_publish(args: argparse.Namespace) -> int:
    from generator.publish.command import run

    return run(args)


def _run_lint(args: argparse.Namespace) -> int:
    """Exit 0 when the docs give no finding, 1 when they do, 2 on a usage error."""
    from generator import lint

    if not args.docs.is_dir():
        print(f"docs2openapi lint: {args.docs}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    include = tuple(args.include or DEFAULT_INCLUDE)
    if not _has_pages("docs2openapi lint", args.docs, include):
        return EXIT_USAGE
    result = build_dir(args.docs, include, title="lint")
    found = lint.lint(result)
    render = lint.render_json if args.format == "json" else lint.render_text
    sys.stdout.write(render(found, str(args.docs)))
    return EXIT_DIAGNOSTICS if found else EXIT_OK


def _run_coverage(args: argparse.Namespace) -> int:
    """Exit 0 when every row reached the spec or has a diagnostic saying why not, 1 when
    a row was left out without one (a tool bug), 2 on a usage error."""
    from generator import coverage

    if not args.docs.is_dir():
        print(f"docs2openapi coverage: {args.docs}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    include = tuple(args.include or DEFAULT_INCLUDE)
    if not _has_pages("docs2openapi coverage", args.docs, include):
        return EXIT_USAGE
    result = build_dir(args.docs, include, title="coverage", jobs=args.jobs)
    assert result.coverage is not None
    if not result.operations:
        print(f"docs2openapi coverage: {args.docs}: {no_operation(result.pages)}",
              file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(coverage.render_json(result.coverage) if args.format == "json"
                     else coverage.render_text(result.coverage, str(args.docs)))
    return EXIT_DIAGNOSTICS if result.coverage.silent else EXIT_OK


def _has_pages(command: str, docs: Path, include: Sequence[str]) -> bool:
    """Whether the include patterns find a page file in ``docs``; if not, say which
    patterns were tried."""
    if discover(docs, include):
        return True
    print(f"{command}: {docs}: no page files match {' '.join(include)} (--include GLOB "
          "chooses others)", file=sys.stderr)
    return False


def no_operation(pages: int) -> str:
    """Why a docs set gives no spec: its pages document no operation."""
    return (f"{pages} page{'s' if pages != 1 else ''} read, but none documents an operation "
            "(a request line such as 'GET /v1/...' in a URI part)")


def _replace(service: ServiceConfig, **changes: object) -> ServiceConfig:
    from dataclasses import replace
    return replace(service, **changes)  # type: ignore[arg-type]


def _build_one(service: ServiceConfig, output: Path, args: argparse.Namespace,
               cache: BuildCache | None, client_dir: Path | None = None
               ) -> tuple[int, BuildResult | None]:
    """Build one service's spec (and its client package when ``client_dir`` is given)
    and write them, or with ``--check`` compare them with what is on disk."""
    with collector_paused():
        return _build_and_write(service, output, args, cache, client_dir)


def _build_and_write(service: ServiceConfig, output: Path, args: argparse.Namespace,
                     cache: BuildCache | None, client_dir: Path | None
                     ) -> tuple[int, BuildResult | None]:
    if not service.source.is_dir():
        print(f"docs2openapi: {service.source}: not a folder", file=sys.stderr)
        return EXIT_USAGE, None
    if not _has_pages("docs2openapi", service.source, service.include):
        return EXIT_USAGE, None
    bar = ProgressBar(service.name, sys.stderr, enabled=not args.quiet)
    try:
        result = build_dir(service.source, service.include, title=service.spec_title,
                           version=service.version, servers=service.servers, jobs=args.jobs,
                           cache=cache, keep_pages=False, progress=bar, names=service.names,
                           infer_from_examples=getattr(args, "infer_from_examples", False))
    finally:
        bar.close()
    print_diagnostics(result, service.source, args, sys.stderr)
    if not result.operations:
        print(f"docs2openapi: {service.source}: {no_operation(result.pages)}; "
              "nothing written", file=sys.stderr)
        return EXIT_USAGE, result
    if result.document is None:
        for error in result.spec_errors:
            print(f"{output}: error invalid-openapi: {error}", file=sys.stderr)
        return EXIT_INVALID, result
    if getattr(args, "no_provenance", False):
        from generator.emit.openapi import without_provenance
        from generator.emit.serialize import dumps
        spec_text = dumps(without_provenance(result.document), args.format)
    else:
        spec_text = _spec_text(result, args.format, output, cache)
    status = _emit({output: spec_text}, args, service, None)
    if client_dir is not None:
        package = _package(result.document, spec_text, service.name, cache)
        from generator.codegen import generation_diagnostics
        if not args.quiet:  # what the client leaves out because the docs do not say
            for d in generation_diagnostics(result.document):
                print(f"{service.source / d.source.path}:{d.source.line}: {d.level} "
                      f"{d.code}: {d.message}", file=sys.stderr)
        status = max(status, _emit({client_dir / rel: text for rel, text in package.items()},
                                   args, service, client_dir))
    if status != EXIT_OK:
        return status, result
    worst = max((d.level for d in result.diagnostics), default=Level.INFO)
    failing = Level.WARNING if args.strict else Level.ERROR
    return (EXIT_DIAGNOSTICS if worst >= failing else EXIT_OK), result


def _spec_text(result: BuildResult, fmt: str, output: Path, cache: BuildCache | None) -> str:
    """The document as text. Serialising a whole reference takes a second, so the text
    is cached under the key of the build that gave it, and the YAML pieces of the last
    text written to ``output`` are reused for the unchanged parts of a new one."""
    assert result.document is not None
    # PyYAML is imported where text is made: a warm build reuses the cached text
    entry = cache_keys.key("text", fmt, result.cache_key) \
        if result.cache_key and cache is not None and fmt == "yaml" else ""
    text = cache.load("texts", entry) if entry and cache is not None else None
    if isinstance(text, str):
        return text
    from generator.emit.serialize import dumps, yaml_pieces

    if cache is None or fmt != "yaml":
        return dumps(result.document, fmt)
    pieces_entry = cache_keys.key("pieces", str(output.resolve()))
    earlier = cache.load("texts", pieces_entry)
    pieces = yaml_pieces(result.document, earlier if isinstance(earlier, dict) else None)
    text = "".join(pieces.values())
    cache.store("texts", pieces_entry, pieces)
    if entry:
        cache.store("texts", entry, text)
    return text


def _package(document: dict[str, object], spec_text: str, name: str,
             cache: BuildCache | None) -> dict[str, str]:
    """The client package for the spec, from the cache when the same spec gave it."""
    entry = cache_keys.key("package", name, spec_text)
    hit = cache.load("packages", entry) if cache is not None else None
    if isinstance(hit, dict):
        return hit
    from generator.codegen import generate_package
    package = generate_package(document, name)
    if cache is not None:
        cache.store("packages", entry, package)
    return package


def _emit(files: dict[Path, str], args: argparse.Namespace, service: ServiceConfig,
          owned: Path | None) -> int:
    """Write the ``files`` that differ from what is on disk, atomically, removing other
    files of the ``owned`` folder; with ``--check``, write nothing and name every file
    that differs."""
    extra = sorted(
        p for p in owned.rglob("*") if p.is_file() and p not in files
        and not _tool_litter(p.relative_to(owned))
    ) if owned is not None and owned.is_dir() else []
    stale = [p for p, text in files.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text] + extra
    if getattr(args, "check", False):
        for path in stale:
            print(f"{path}: stale: differs from what {service.source} gives; "
                  "run 'make generate'", file=sys.stderr)
        return EXIT_DIAGNOSTICS if stale else EXIT_OK
    if not stale:
        return EXIT_OK  # unchanged outputs are not rewritten: their mtimes stay
    from generator.emit.serialize import write_atomic, write_tree_atomic
    if owned is not None:
        # a package is swapped in whole: a killed run leaves the previous one
        write_tree_atomic(owned, {str(p.relative_to(owned)): t for p, t in files.items()})
    else:
        for path, text in files.items():
            write_atomic(path, text)
    return EXIT_OK


def _tool_litter(relative: Path) -> bool:
    """Caches and build files other tools leave in a package folder: never ours to
    check or delete (``.mypy_cache``, ``__pycache__``, ``*.egg-info``, ``build``)."""
    return any(part.startswith(".") or part in ("__pycache__", "build", "dist")
               or part.endswith(".egg-info") for part in relative.parts)


def print_diagnostics(result: BuildResult, docs: Path, args: argparse.Namespace,
                      out: TextIO) -> None:
    shown = Level.ERROR if args.quiet else Level.INFO if args.verbose else Level.WARNING
    for d in result.diagnostics:
        if d.level >= shown:
            print(f"{docs / d.source.path}:{d.source.line}: {d.level} {d.code}: {d.message}",
                  file=out)
    if args.quiet:
        return
    by_level = Counter(d.level for d in result.diagnostics)
    operations = result.operations
    valid = sum(1 for check in result.examples if check.valid)
    print(f"{docs}: {result.pages} pages, {operations} operations, "
          f"{valid}/{len(result.examples)} examples match their schema, "
          f"{by_level[Level.ERROR]} errors, {by_level[Level.WARNING]} warnings, "
          f"{by_level[Level.INFO]} notes", file=out)
    if result.coverage is not None:
        print(f"{docs}: {result.coverage.summary()}", file=out)


if __name__ == "__main__":
    sys.exit(main())
