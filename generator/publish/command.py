"""``docs2openapi publish``: one spec → a site; several specs (or a services
configuration) → a portal of their sites with one search.

Exit 0 when the site was written; 2 (one line on stderr, nothing written) when a spec,
OLD or a translation cannot be read, the translation's site is not there, the output
folder holds something this tool did not write, or the options do not go together.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.config import DEFAULT_INCLUDE, load_services_file

EXIT_OK, EXIT_USAGE = 0, 2


class _Usage(Exception):
    """A one-line reason to stop with status 2."""


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except _Usage as exc:
        print(f"docs2openapi publish: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    from generator.emit.serialize import write_tree_atomic

    specs: list[Path] = list(args.spec)
    if args.config is not None:
        # as `generate` writes them: spec/<name>.yaml beside the configuration
        specs += [args.config.parent / "spec" / f"{service.name}.yaml"
                  for service in load_services_file(args.config)]
    if not specs:
        raise _Usage("name a spec, several specs, or --config FILE")
    out: Path = args.output
    if not _replaceable(out):
        raise _Usage(f"{out}: exists and is not a site docs2openapi wrote; not replacing it")
    if len(specs) > 1 or args.config is not None:
        for option, given in (("--changes-from", args.changes_from),
                              ("--changelog", args.changelog),
                              ("--translation", args.translation),
                              ("--translation-site", args.translation_site)):
            if given:
                raise _Usage(f"{option} takes one spec; a portal pairs the languages of "
                             "its services itself")
        files = _portal(specs, args.jobs)
        what = f"{len(specs)} services"
    else:
        files, what = _site(specs[0], args)
    write_tree_atomic(out, files)
    pages = sum(1 for name in files if name.endswith(".html"))
    print(f"{out}: {pages} pages, {what} ({out / 'index.html'})", file=sys.stderr)
    return EXIT_OK


def _replaceable(out: Path) -> bool:
    """Whether ``out`` may be replaced whole: absent, empty, a site this tool wrote, or
    a folder of nothing but such sites (what `make docs` wrote before it was a portal)."""
    from generator.publish import MARKER

    if out.is_file():
        return False
    if not out.is_dir() or (out / MARKER).is_file():
        return True
    return all(child.is_dir() and (child / MARKER).is_file() for child in out.iterdir())


def _site(spec: Path, args: argparse.Namespace) -> tuple[dict[str, str], str]:
    from generator.publish import MARKER, publish, translation_of

    document = read_spec(spec)
    translation = None
    if args.translation_site and args.translation is None:
        raise _Usage("--translation-site needs --translation SPEC")
    if args.translation is not None:
        other = read_spec(args.translation)
        site = args.translation_site or str(args.output.parent / args.translation.stem)
        if "://" not in site and not (Path(site) / MARKER).is_file():
            # its pages would link to nothing: publish that site first, or both at once
            raise _Usage(f"--translation: {site}: no site docs2openapi wrote is there "
                         f"(publish {args.translation} there first, or publish both specs "
                         "in one command as a portal)")
        root = site if "://" in site else os.path.relpath(site, args.output).replace(
            os.sep, "/")
        translation = translation_of(document, other, root)
    findings = None
    if args.changes_from:
        from generator.diff import SideError, diff_documents, load_side
        from generator.diff.model import Side

        try:
            old = load_side(args.changes_from, tuple(args.include or DEFAULT_INCLUDE))
        except SideError as exc:
            raise _Usage(str(exc)) from None
        for problem in old.problems:
            print(f"{old.label}: {problem}", file=sys.stderr)
        findings = diff_documents(old, Side(document, ""))
    files = publish(document, changes=findings, changes_from=args.changes_from or "",
                    translation=translation, jobs=args.jobs,
                    changelog=_changelog(args.changelog))
    return files, f"{len(findings)} changes" if findings is not None else "1 service"


def _changelog(path: Path | None) -> dict[str, object] | None:
    """What ``docs2openapi changelog --format json`` wrote to ``path``, if given."""
    if path is None:
        return None
    import json

    try:
        changelog = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _Usage(f"{path}: {exc}") from None
    if not isinstance(changelog, dict) or not isinstance(changelog.get("commits"), list):
        raise _Usage(f"{path}: not a changelog (docs2openapi changelog --format json)")
    return changelog


def _portal(specs: list[Path], jobs: int) -> dict[str, str]:
    from generator.publish.portal import Service, publish_portal

    services = [Service(_folder(spec), read_spec(spec)) for spec in specs]
    try:
        return publish_portal(services, jobs=jobs)
    except ValueError as exc:
        raise _Usage(str(exc)) from None


def _folder(spec: Path) -> str:
    """A service's folder in the portal: its spec's name (spec/modelarts.yaml →
    modelarts), kept to the characters a URL needs no escaping for."""
    from generator.publish.model import slug

    return slug(spec.stem)


def read_spec(path: Path) -> dict[str, object]:
    """An OpenAPI 3 document from a file; else :class:`_Usage` says why."""
    from generator.document import NotASpec
    from generator.document import read_spec as read

    try:
        return read(path)
    except NotASpec as exc:
        raise _Usage(str(exc)) from None
