"""An API changelog across a docs folder's git history: per commit, what ``diff`` finds
between it and its parent.

Each revision is built once (a commit's side is the next commit's old side) and
through the build cache, so a page is read once per content it ever had. The
changelog is JSON (for the published site: ``publish --changelog``) or Markdown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.diff.engine import diff_documents, group
from generator.diff.model import Level, Side
from generator.diff.policy import Policy
from generator.diff.report import Outcome, md_text, report_json
from generator.diff.sides import SideError, git, load_side
from generator.document import operations as document_operations

if TYPE_CHECKING:
    from generator.cache import BuildCache

CHANGELOG_VERSION = 1


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # YYYY-MM-DD, the author's
    author: str
    subject: str
    parent: str  # "" for a root commit


def commits(folder: str, revisions: str) -> list[Commit]:
    """The commits of ``revisions`` (``A..B``, or one revision: its whole history) that
    touch ``folder``, oldest first, along the first-parent line (a merge is one step)."""
    listing = git("log", "--first-parent", "--reverse", "--format=%H%x00%ad%x00%an%x00%s%x00%P",
                  "--date=short", revisions, "--", folder).decode("utf-8", "replace")
    found = []
    for line in listing.splitlines():
        sha, date, author, subject, parents = line.split("\0")
        found.append(Commit(sha, date, author, subject, parents.split(" ")[0]))
    return found


def changelog(folder: str, revisions: str, include: tuple[str, ...],
              cache: BuildCache | None, policy: Policy, minimum: Level = Level.INFO,
              ) -> dict[str, Any]:
    """The changelog as data (``CHANGELOG_VERSION``); commits newest first."""
    entries: list[dict[str, Any]] = []
    previous: tuple[str, Side | None] = ("", None)
    for commit in commits(folder, revisions):
        old = previous[1] if previous[0] == commit.parent and commit.parent else \
            _side(f"{commit.parent}:{folder}", include, cache) if commit.parent else None
        new = _side(f"{commit.sha}:{folder}", include, cache)
        previous = (commit.sha, new)
        entry: dict[str, Any] = {"commit": commit.sha, "short": commit.sha[:7],
                                 "date": commit.date, "author": commit.author,
                                 "subject": commit.subject}
        if new is None:
            entry.update(first=False, summary="the docs folder is gone", changes=[])
        elif old is None:
            operations = sum(1 for _ in document_operations(new.document))
            entry.update(first=True, summary=f"first revision: {operations} operations",
                         changes=[])
        else:
            reports = group(policy.relevel(diff_documents(old, new)))
            outcome = Outcome(reports, f"{commit.parent[:7]}:{folder}",
                              f"{commit.sha[:7]}:{folder}", fail_on=policy.fail_on,
                              minimum=minimum)
            entry.update(first=False, summary=outcome.summary(),
                         changes=[report_json(outcome, r) for r in outcome.shown])
        entries.append(entry)
    return {"version": CHANGELOG_VERSION, "folder": folder, "revisions": revisions,
            "commits": entries[::-1]}


def _side(spec: str, include: tuple[str, ...], cache: BuildCache | None) -> Side | None:
    try:
        return load_side(spec, include, cache)
    except SideError:
        return None  # the folder is not at that revision (or holds no page)


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_markdown(data: dict[str, Any]) -> str:
    """Newest first; a commit that changed no API is left out, and counted."""
    quiet = [c for c in data["commits"] if not c["changes"] and not c["first"]]
    lines = [f"# API changelog: `{data['folder']}`", "",
             f"{len(data['commits'])} commits ({data['revisions']}); "
             f"{len(quiet)} changed no API and are not listed.", ""]
    for commit in data["commits"]:
        if commit in quiet:
            continue
        lines += [f"## {commit['date']} · `{commit['short']}` · {md_text(commit['subject'])}",
                  "", commit["summary"], ""]
        for level in ("breaking", "uncertain", "warning", "info"):
            for change in (c for c in commit["changes"] if c["level"] == level):
                operations = ", ".join(f"`{o['operation']}`" for o in change["operations"][:5])
                more = len(change["operations"]) - 5
                lines.append(f"- {level}: {md_text(change['message'])} ({operations}"
                             f"{f' and {more} more' if more > 0 else ''})")
        lines.append("")
    return "\n".join(lines)


