"""The ``diff`` command: its options and its run (cli.py only registers it).

Exit status: 0 when no change fails the gate, 1 when one does (by default a
breaking change the project did not accept: ``fail-on`` in
``[tool.docs2openapi.diff]`` or ``--fail-on``), 2 when a side cannot be read or
the configuration is wrong.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.cache import BuildCache

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "markdown", "json", "sarif", "github", "junit")


def configure(diff: argparse.ArgumentParser, include_help: str) -> None:
    diff.add_argument("old", nargs="?", metavar="OLD")
    diff.add_argument("new", nargs="?", metavar="NEW")
    diff.add_argument("--format", action="append", metavar="FORMAT[=FILE]", type=_output,
                      help=f"{', '.join(FORMATS)} (default text); with =FILE written to "
                           "that file; repeat for several outputs of one diff")
    diff.add_argument("--fail-on", choices=("breaking", "uncertain", "warning", "info",
                                            "never"), default=None,
                      help="exit 1 when a change of this level or worse, not accepted, is "
                           "found (default: the project's fail-on, else breaking)")
    diff.add_argument("--level", choices=("info", "warning", "uncertain", "breaking"),
                      default="info", help="the least level of change to report")
    diff.add_argument("--config", type=Path, default=None, metavar="FILE",
                      help="a TOML file with the [tool.docs2openapi.diff] table (default: "
                           "pyproject.toml here)")
    diff.add_argument("--include", action="append", metavar="GLOB", help=include_help)
    diff.add_argument("--list-rules", action="store_true", help="print the rule catalogue")


def _output(text: str) -> tuple[str, Path | None]:
    name, _, file = text.partition("=")
    if name not in FORMATS:
        raise argparse.ArgumentTypeError(f"{name!r}: one of {', '.join(FORMATS)}")
    return name, Path(file) if file else None


def run(args: argparse.Namespace, include: tuple[str, ...], cache: BuildCache | None) -> int:
    from generator.config import ConfigError
    from generator.diff import SideError, diff_documents, load_side
    from generator.diff.engine import group
    from generator.diff.model import Level
    from generator.diff.policy import load_policy
    from generator.diff.report import RENDERERS, Outcome, render_rules

    if args.list_rules:
        sys.stdout.write(render_rules())
        return EXIT_OK
    if not args.old or not args.new:
        print("docs2openapi diff: OLD and NEW are required", file=sys.stderr)
        return EXIT_USAGE
    try:
        policy = load_policy(Path.cwd(), args.config).with_fail_on(args.fail_on)
    except ConfigError as exc:
        print(f"docs2openapi diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        old, new = load_side(args.old, include, cache), load_side(args.new, include, cache)
    except SideError as exc:
        print(f"docs2openapi diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for side in (old, new):
        for problem in side.problems:
            print(f"{side.label}: {problem}", file=sys.stderr)
    reports = group(policy.relevel(diff_documents(old, new)))
    accepted, notes = policy.acceptances(reports, datetime.date.today())
    for note in notes:
        print(f"docs2openapi diff: {note}", file=sys.stderr)
    outcome = Outcome(reports, args.old, args.new, accepted, policy.fail_on,
                      Level[args.level.upper()])
    for name, file in args.format or [("text", None)]:
        text = RENDERERS[name](outcome)
        if file is None:
            sys.stdout.write(text)
            continue
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"docs2openapi diff: {file}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    return EXIT_FAILED if outcome.failed else EXIT_OK


def configure_changelog(changelog: argparse.ArgumentParser, include_help: str) -> None:
    changelog.add_argument("docs", metavar="DOCS_DIR",
                           help="the docs folder, as git names it from here")
    changelog.add_argument("revisions", nargs="?", default="HEAD", metavar="REVISIONS",
                           help="A..B (the commits after A up to B), or one revision (its "
                                "whole history); default HEAD")
    changelog.add_argument("--format", choices=("markdown", "json"), default="markdown")
    changelog.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                           help="write it here (default: standard output); the JSON is what "
                                "publish --changelog shows")
    changelog.add_argument("--level", choices=("info", "warning", "uncertain", "breaking"),
                           default="info", help="the least level of change to list")
    changelog.add_argument("--config", type=Path, default=None, metavar="FILE",
                           help="a TOML file with [tool.docs2openapi.diff] (rule levels)")
    changelog.add_argument("--include", action="append", metavar="GLOB", help=include_help)


def run_changelog(args: argparse.Namespace, include: tuple[str, ...],
                  cache: BuildCache | None) -> int:
    """Exit 0 with the changelog written, 2 when git or the configuration says no."""
    from generator.config import ConfigError
    from generator.diff import changelog
    from generator.diff.model import Level
    from generator.diff.policy import load_policy
    from generator.diff.sides import SideError

    try:
        policy = load_policy(Path.cwd(), args.config)
        data = changelog.changelog(args.docs, args.revisions, include, cache, policy,
                                   Level[args.level.upper()])
    except (ConfigError, SideError) as exc:
        print(f"docs2openapi changelog: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not data["commits"]:
        print(f"docs2openapi changelog: no commit of {args.revisions} touches {args.docs}",
              file=sys.stderr)
        return EXIT_USAGE
    text = (changelog.render_json if args.format == "json" else changelog.render_markdown)(data)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"docs2openapi changelog: {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
