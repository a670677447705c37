"""A diff's changes in the formats people and CI read: text, Markdown (a pull-request
comment), JSON (schema: ``generator/diff/report.schema.json``), SARIF 2.1.0 (code
scanning), GitHub workflow commands (annotations) and JUnit XML (test reports).

Every renderer takes one :class:`Outcome`: the changes (one :class:`Report` per
change, listing the operations it reaches), which of them the project accepted, and
the level that fails the run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

from generator import __version__
from generator.diagnostics import Source
from generator.diff.model import Finding, Level, Report
from generator.diff.policy import Acceptance
from generator.diff.rules import RULES

MARKDOWN_LIMIT = 65_000  # GitHub refuses comments over 65,536 characters
JSON_VERSION = 1
_ORDER = (Level.BREAKING, Level.UNCERTAIN, Level.WARNING, Level.INFO)
_HEADINGS = {Level.BREAKING: "Breaking", Level.UNCERTAIN: "Uncertain (a table one side "
             "could not place: check by hand)", Level.WARNING: "Warnings",
             Level.INFO: "Compatible"}


@dataclass(frozen=True)
class Outcome:
    reports: list[Report]
    old: str  # the sides as the user named them
    new: str
    accepted: dict[str, Acceptance] = field(default_factory=dict)  # report id → entry
    fail_on: Level | None = Level.BREAKING
    minimum: Level = Level.INFO  # the least level shown

    @property
    def shown(self) -> list[Report]:
        return [r for r in self.reports if r.level >= self.minimum]

    def failing(self, report: Report) -> bool:
        return self.fail_on is not None and report.level >= self.fail_on \
            and report.id not in self.accepted

    @property
    def failed(self) -> bool:
        return any(self.failing(r) for r in self.reports)

    def summary(self) -> str:
        counts = Counter(r.level for r in self.reports if r.id not in self.accepted)
        parts = [f"{counts[Level.BREAKING]} breaking"]
        if counts[Level.UNCERTAIN]:
            parts.append(f"{counts[Level.UNCERTAIN]} uncertain")
        parts += [f"{counts[Level.WARNING]} warnings", f"{counts[Level.INFO]} info"]
        if self.accepted:
            parts.append(f"{len(self.accepted)} accepted")
        operations = len({op for r in self.reports for op in r.operations})
        return (f"{', '.join(parts)} ({len(self.reports)} changes in {operations} "
                f"operation{'s' if operations != 1 else ''})")


def _where(old: Source | None, new: Source | None) -> str:
    return f"{old or '-'} → {new or '-'}"


def _pages(finding: Finding) -> str:
    return _where(finding.old_page, finding.new_page)


def _level(outcome: Outcome, report: Report) -> str:
    return "accepted" if report.id in outcome.accepted else str(report.level)


# --- text ------------------------------------------------------------------------------------
def render_text(outcome: Outcome) -> str:
    lines = []
    for report in outcome.shown:
        lines.append(f"{_level(outcome, report)}: {report.message} [{report.rule}] "
                     f"{report.id}")
        lines.append(f"    docs: {_where(report.first.old, report.first.new)}")
        for finding in report.findings:
            lines.append(f"    {finding.operation}: {finding.path or '(operation)'}"
                         f"  (page {_pages(finding)})")
        if report.first.diagnostic:
            lines.append(f"    uncertain: {report.first.diagnostic}")
        if report.id in outcome.accepted:
            lines.append(f"    accepted: {outcome.accepted[report.id].reason}")
    lines.append(outcome.summary())
    return "\n".join(lines) + "\n"


# --- markdown --------------------------------------------------------------------------------
def md_text(text: str) -> str:
    """Text inside a Markdown list item: no markup, no HTML, one line."""
    escaped = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for char in "`*_[]|#":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())


def _code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def _short(source: Source | None, label: str) -> str:
    """A citation without the side's folder, which the comment names once at its top."""
    if source is None:
        return "-"
    prefix = label.rstrip("/") + "/"
    path = source.path[len(prefix):] if label and source.path.startswith(prefix) \
        else source.path
    return f"{path}:{source.line}"


def _span(old: Source | None, new: Source | None, outcome: Outcome) -> str:
    before, after = _short(old, outcome.old), _short(new, outcome.new)
    if before.rsplit(":", 1)[0] == after.rsplit(":", 1)[0]:
        return f"{before} → line {after.rsplit(':', 1)[1]}"
    return f"{before} → {after}"


def _markdown_entry(outcome: Outcome, report: Report) -> str:
    first = report.first
    lines = [f"- **{md_text(report.message)}** ({_code(report.rule)}, {_code(report.id)})",
             f"  - docs: {_code(_span(first.old, first.new, outcome))}"]
    listed = report.findings[:10]
    for finding in listed:
        where = f" {_code(finding.path)}" if finding.path and len(report.findings) > 1 else ""
        lines.append(f"  - {_code(finding.operation)}{where}, page "
                     f"{_code(_span(finding.old_page, finding.new_page, outcome))}")
    if len(report.findings) > len(listed):
        lines.append(f"  - … and {len(report.findings) - len(listed)} more operations")
    if first.diagnostic:
        lines.append(f"  - why uncertain: {_code(first.diagnostic)}")
    if report.id in outcome.accepted:
        lines.append(f"  - accepted: {md_text(outcome.accepted[report.id].reason)}")
    return "\n".join(lines)


def render_markdown(outcome: Outcome, limit: int = MARKDOWN_LIMIT) -> str:
    """Summary first, then each change under its level, worst first; cut to ``limit``
    characters with a count of what was left out (a pull-request comment's size)."""
    verdict = "fails" if outcome.failed else "passes"
    head = [f"### API changes: {outcome.summary()}", "",
            f"`{md_text(outcome.old)}` → `{md_text(outcome.new)}`: the gate {verdict}"
            + (f" (fails on {outcome.fail_on} and worse)" if outcome.fail_on else "") + ".",
            ""]
    sections: list[tuple[str, list[str]]] = []
    accepted = [r for r in outcome.shown if r.id in outcome.accepted]
    for level in _ORDER:
        entries = [_markdown_entry(outcome, r) for r in outcome.shown
                   if r.level is level and r.id not in outcome.accepted]
        if entries:
            sections.append((f"#### {_HEADINGS[level]} ({len(entries)})", entries))
    if accepted:
        sections.append((f"#### Accepted ({len(accepted)})",
                         [_markdown_entry(outcome, r) for r in accepted]))
    text = "\n".join(head)
    left: Counter[str] = Counter()
    reserve = 400  # room for the line saying what was left out
    for heading, entries in sections:
        if left or len(text) + len(heading) + reserve > limit:
            left[heading.split(" (")[0][5:]] += len(entries)
            continue
        text += "\n" + heading + "\n\n"
        for number, entry in enumerate(entries):
            if len(text) + len(entry) + 1 + reserve > limit:
                left[heading.split(" (")[0][5:]] += len(entries) - number
                break
            text += entry + "\n"
    if left:
        what = ", ".join(f"{n} {name.split(' ')[0].lower()}" for name, n in left.items())
        text += (f"\n_{sum(left.values())} changes not shown ({what}) to fit a comment: "
                 "the JSON or SARIF report has them all._\n")
    return text


# --- json ------------------------------------------------------------------------------------
def _source(source: Source | None) -> dict[str, object] | None:
    return {"file": source.path, "line": source.line} if source else None


def report_json(outcome: Outcome, report: Report) -> dict[str, object]:
    first = report.first
    entry = outcome.accepted.get(report.id)
    return {
        "id": report.id, "rule": report.rule, "level": str(report.level),
        "message": report.message, "shared": first.shared or None,
        "old": _source(first.old), "new": _source(first.new),
        "diagnostic": first.diagnostic or None,
        "accepted": {"reason": entry.reason,
                     "expires": entry.expires.isoformat() if entry.expires else None}
        if entry else None,
        "fails": outcome.failing(report),
        "operations": [{"operation": f.operation, "path": f.path, "message": f.message,
                        "old": _source(f.old), "new": _source(f.new),
                        "old_page": _source(f.old_page), "new_page": _source(f.new_page)}
                       for f in report.findings],
    }


def render_json(outcome: Outcome) -> str:
    counts = Counter(str(r.level) for r in outcome.reports if r.id not in outcome.accepted)
    return json.dumps({
        "version": JSON_VERSION, "old": outcome.old, "new": outcome.new,
        "fail_on": str(outcome.fail_on) if outcome.fail_on else "never",
        "failed": outcome.failed,
        "summary": {**{str(level): counts[str(level)] for level in _ORDER},
                    "accepted": len(outcome.accepted), "changes": len(outcome.reports)},
        "changes": [report_json(outcome, r) for r in outcome.shown],
    }, indent=2, ensure_ascii=False) + "\n"


# --- sarif -----------------------------------------------------------------------------------
_SARIF_LEVEL = {Level.BREAKING: "error", Level.UNCERTAIN: "warning", Level.WARNING: "warning",
                Level.INFO: "note"}


def _uri(source: Source) -> str:
    """A repository-relative path: a git side's ``REV:`` prefix is not part of it."""
    path = source.path
    head, colon, rest = path.partition(":")
    if colon and "/" not in head and not (len(head) == 1 and head.isalpha()):
        path = rest
    return path.lstrip("./") if path.startswith("./") else path


def _location(source: Source, text: str = "") -> dict[str, object]:
    location: dict[str, object] = {"physicalLocation": {
        "artifactLocation": {"uri": _uri(source)},
        "region": {"startLine": max(source.line, 1)}}}
    if text:
        location["message"] = {"text": text}
    return location


def render_sarif(outcome: Outcome) -> str:
    """Each change at its doc line on the new side (the old side's where it is gone),
    with the other side and each operation's pages as related locations."""
    used = sorted({r.rule for r in outcome.shown})
    rules = [{"id": rule_id, "name": "".join(w.title() for w in rule_id.split("-")),
              "shortDescription": {"text": RULES[rule_id].description},
              "defaultConfiguration": {"level": _SARIF_LEVEL[RULES[rule_id].level]}}
             for rule_id in used if rule_id in RULES]
    results = []
    for report in outcome.shown:
        first = report.first
        at = first.new or first.old
        related = []
        if first.old is not None and first.old is not at:
            related.append(_location(first.old, "the old revision"))
        for finding in report.findings:
            for page, side in ((finding.new_page, "new"), (finding.old_page, "old")):
                if page is not None:
                    related.append(_location(page, f"{finding.operation} ({side} page)"))
        text = f"{report.message} ({', '.join(report.operations)})"
        if first.diagnostic:
            text += f". Uncertain: {first.diagnostic}"
        result: dict[str, object] = {
            "ruleId": report.rule,
            "level": _SARIF_LEVEL[report.level],
            "message": {"text": text},
            "locations": [_location(at)] if at is not None else [],
            "partialFingerprints": {"docs2openapiChange/v1": report.id},
            "properties": {"level": str(report.level), "operations": list(report.operations)},
        }
        if related:
            result["relatedLocations"] = [{**r, "id": i} for i, r in enumerate(related)]
        if report.id in outcome.accepted:
            result["suppressions"] = [{"kind": "external", "status": "accepted",
                                       "justification": outcome.accepted[report.id].reason}]
        results.append(result)
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "docs2openapi", "version": __version__,
                                      "rules": rules}},
                  "results": results}],
    }, indent=2, ensure_ascii=False) + "\n"


# --- github ----------------------------------------------------------------------------------
_GITHUB = {Level.BREAKING: "error", Level.UNCERTAIN: "warning", Level.WARNING: "warning",
           Level.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(outcome: Outcome) -> str:
    """GitHub Actions workflow commands: an annotation per change at its doc line."""
    lines = []
    for report in outcome.shown:
        first = report.first
        at = first.new or first.old
        kind = "notice" if report.id in outcome.accepted else _GITHUB[report.level]
        properties = [f"title={_escape_property(f'{report.rule} ({report.id})')}"]
        if at is not None:
            properties = [f"file={_escape_property(_uri(at))}", f"line={max(at.line, 1)}",
                          *properties]
        text = f"{report.message} — {', '.join(report.operations)}"
        if first.old is not None and first.old is not at:
            text += f"\nold: {first.old}"
        if first.diagnostic:
            text += f"\nuncertain: {first.diagnostic}"
        if report.id in outcome.accepted:
            text += f"\naccepted: {outcome.accepted[report.id].reason}"
        lines.append(f"::{kind} {','.join(properties)}::{_escape_data(text)}")
    lines.append(f"::notice title=docs2openapi diff::{_escape_data(outcome.summary())}")
    return "\n".join(lines) + "\n"


# --- junit -----------------------------------------------------------------------------------
def render_junit(outcome: Outcome) -> str:
    """A test case per change: failed when it fails the gate, skipped when accepted."""
    suite = ElementTree.Element("testsuite", name="docs2openapi diff")
    failures = skipped = 0
    cases = outcome.shown or []
    for report in cases:
        case = ElementTree.SubElement(suite, "testcase", classname=report.operations[0],
                                      name=f"{report.rule}: {report.message}")
        first = report.first
        detail = "\n".join([f"docs: {_where(first.old, first.new)}",
                            *(f"{f.operation}: {f.path} (page {_pages(f)})"
                              for f in report.findings),
                            *([f"uncertain: {first.diagnostic}"] if first.diagnostic else [])])
        if report.id in outcome.accepted:
            skipped += 1
            ElementTree.SubElement(case, "skipped", message="accepted: "
                                   + outcome.accepted[report.id].reason)
        elif outcome.failing(report):
            failures += 1
            failure = ElementTree.SubElement(case, "failure", message=report.message,
                                             type=str(report.level))
            failure.text = detail
        else:
            ElementTree.SubElement(case, "system-out").text = f"{report.level}\n{detail}"
    if not cases:  # a suite of no case reads as "nothing ran" to some CIs
        ElementTree.SubElement(suite, "testcase", classname="docs2openapi",
                               name="no API change")
    suite.set("tests", str(max(len(cases), 1)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    root = ElementTree.Element("testsuites", name="docs2openapi")
    root.append(suite)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        root, encoding="unicode") + "\n"


RENDERERS: dict[str, Callable[[Outcome], str]] = {
    "text": render_text, "markdown": render_markdown, "json": render_json,
    "sarif": render_sarif, "github": render_github, "junit": render_junit}


def render_rules() -> str:
    width = max(len(r) for r in RULES)
    return "\n".join(f"{r.id:<{width}}  {r.level!s:<8}  {r.description}"
                     for r in sorted(RULES.values(), key=lambda r: r.id)) + "\n"
