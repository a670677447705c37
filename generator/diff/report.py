"""A diff's findings as text, Markdown (for a pull-request comment) or JSON."""

from __future__ import annotations

import json
from collections import Counter

from generator.diff.model import Finding, Level
from generator.diff.rules import RULES


def _where(finding: Finding) -> str:
    old = str(finding.old) if finding.old else "-"
    new = str(finding.new) if finding.new else "-"
    return f"{old} → {new}"


def _summary(findings: list[Finding]) -> str:
    counts = Counter(f.level for f in findings)
    return (f"{counts[Level.BREAKING]} breaking, {counts[Level.WARNING]} warnings, "
            f"{counts[Level.INFO]} info")


def render_text(findings: list[Finding], minimum: Level = Level.INFO) -> str:
    lines = []
    for f in findings:
        if f.level >= minimum:
            lines.append(f"{f.level}: {f.operation}: {f.message} [{f.rule}]\n    {_where(f)}")
    lines.append(_summary(findings))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(findings: list[Finding], minimum: Level = Level.INFO) -> str:
    lines = [f"### API changes: {_summary(findings)}", ""]
    shown = [f for f in findings if f.level >= minimum]
    if shown:
        lines += ["| level | operation | change | rule | docs (old → new) |",
                  "|---|---|---|---|---|"]
        lines += [f"| {'**breaking**' if f.level is Level.BREAKING else f.level} | "
                  f"`{_cell(f.operation)}` | {_cell(f.message)} | `{f.rule}` | "
                  f"{_cell(_where(f))} |" for f in shown]
    return "\n".join(lines) + "\n"


def render_json(findings: list[Finding], minimum: Level = Level.INFO) -> str:
    return json.dumps([
        {"rule": f.rule, "level": str(f.level), "operation": f.operation, "path": f.path,
         "message": f.message,
         "old": {"file": f.old.path, "line": f.old.line} if f.old else None,
         "new": {"file": f.new.path, "line": f.new.line} if f.new else None}
        for f in findings if f.level >= minimum], indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}


def render_rules() -> str:
    width = max(len(r) for r in RULES)
    return "\n".join(f"{r.id:<{width}}  {r.level!s:<8}  {r.description}"
                     for r in sorted(RULES.values(), key=lambda r: r.id)) + "\n"
