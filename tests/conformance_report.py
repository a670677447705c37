"""The conformance run's figures as Markdown (a row per docs set, before → after where an
earlier run is given, failures by cause, every docs contradiction with its doc line) and
as JSON (to compare a later run with)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from tests.conformance import CONTRADICTION, Tally

__all__ = ["CONTRADICTION", "details", "from_json", "table", "to_json"]


def table(before: dict[str, Tally] | None, after: dict[str, Tally]) -> str:
    """Markdown: a row per docs set (before | after where both are given)."""
    if before is not None:  # the sets of this run only
        before = {name: t for name, t in before.items() if name in after}
    causes = sorted({c for t in [*after.values(), *(before or {}).values()]
                     for c in t.failures})
    head = ["docs set", "operations", "calls", "typed", "as sent", "failed",
            "request examples (rejected)"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]

    def cells(t: Tally) -> list[str]:
        if t.problem:
            return ["–"] * 5 + [t.problem]
        return [str(t.operations), str(t.calls), str(t.typed), str(t.as_sent),
                str(sum(t.failures.values())),
                f"{t.request_examples} ({len(t.contradictions)})"]

    for name, t in after.items():
        row = cells(t)
        if before is not None and name in before:
            row = [f"{b} → {a}" if b != a else a for b, a in zip(cells(before[name]), row,
                                                                   strict=True)]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    total_after = _total(after.values())
    row = cells(total_after)
    if before is not None:
        row = [f"{b} → {a}" if b != a else a for b, a in zip(cells(_total(before.values())),
                                                               row, strict=True)]
    lines.append("| **all** | " + " | ".join(row) + " |")
    lines += ["", "Failures by cause:", "", "| cause | " + (
        "before | after |" if before is not None else "calls |"),
        "|---|---:|" + ("---:|" if before is not None else "")]
    for cause in causes:
        counts = [str(_total((before or {}).values()).failures[cause])] if before else []
        lines.append(f"| {cause} | " + " | ".join(
            [*counts, str(total_after.failures[cause])]) + " |")
    return "\n".join(lines) + "\n"


def _total(tallies: Any) -> Tally:
    total = Tally("all")
    for t in tallies:
        total.operations += t.operations
        total.calls += t.calls
        total.typed += t.typed
        total.as_sent += t.as_sent
        total.failures.update(t.failures)
        total.request_examples += t.request_examples
        total.contradictions += t.contradictions
    return total


def details(tallies: dict[str, Tally]) -> str:
    """The failures' examples and every docs contradiction, with its doc line."""
    lines = []
    for name, t in tallies.items():
        if not (t.failures or t.contradictions or t.problem):
            continue
        lines += [f"### {name}", ""]
        if t.problem:
            lines.append(f"- {t.problem}")
        for cause, calls in sorted(t.examples.items()):
            lines.append(f"- **{cause}** ({t.failures[cause]}):")
            counted = Counter(calls)  # a request example is sent once per answer tried
            lines += [f"  - {c}" + (f" (× {n})" if n > 1 else "") for c, n in counted.items()]
        if t.contradictions:
            lines.append(f"- request examples the docs' own tables reject "
                         f"({len(t.contradictions)}):")
            lines += [f"  - {c}" for c in t.contradictions]
        lines.append("")
    return "\n".join(lines)


def to_json(tallies: dict[str, Tally]) -> str:
    return json.dumps({name: {"operations": t.operations, "calls": t.calls,
                              "typed": t.typed, "as_sent": t.as_sent,
                              "failures": dict(t.failures), "examples": t.examples,
                              "request_examples": t.request_examples,
                              "contradictions": t.contradictions, "problem": t.problem}
                       for name, t in tallies.items()}, indent=1, ensure_ascii=False)


def from_json(text: str) -> dict[str, Tally]:
    found = {}
    for name, data in json.loads(text).items():
        found[name] = Tally(name, data["operations"], data["calls"], data["typed"],
                            data["as_sent"], Counter(data["failures"]), data["examples"],
                            data["request_examples"], data["contradictions"], data["problem"])
    return found
